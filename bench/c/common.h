// What the benchmark's C programs share: failing with the errno's name, and a monotonic clock.
#pragma once

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// Each program defines it as its own name, for messages.
extern const char *const program;

// "PROGRAM: WHAT: ENOENT (No such file or directory)" on stderr, then exit 1.
static inline void fail(const char *what, int error) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
  fprintf(stderr, "%s: %s: %s (%s)\n", program, what, strerrorname_np(error), strerror(error));
#else
  fprintf(stderr, "%s: %s: %s\n", program, what, strerror(error));
#endif
  exit(1);
}

static inline double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}
