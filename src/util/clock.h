/* Deadlines on the monotonic clock, for waits with a time limit. */
#ifndef TERN_UTIL_CLOCK_H
#define TERN_UTIL_CLOCK_H

#include <time.h>

/* The moment ms milliseconds from now. */
void clock_deadline(struct timespec *deadline, long ms);
/* Milliseconds left until deadline (never negative). */
int clock_ms_left(const struct timespec *deadline);

#endif
