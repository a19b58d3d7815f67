# Scripted-server tests: failures real servers will not produce on
# demand, played by tests/proto/scripted.py on a free 127.0.0.1 port.
