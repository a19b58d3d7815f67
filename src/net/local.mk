noinst_LIBRARIES += src/net/libnet.a
src_net_libnet_a_SOURCES = src/net/net.h src/net/net.c \
	src/net/sock.h src/net/sock.c src/net/tls.h src/net/tls.c \
	src/net/password.h src/net/password.c \
	src/net/sasl.h src/net/sasl.c
