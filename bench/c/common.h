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

// Argument NAME as an integer from 1 to MAX, or the usage error (exit 2).
static inline unsigned long count_arg(const char *name, const char *text, unsigned long max) {
  char *end;
  const unsigned long n = strtoul(text, &end, 10);
  if (*end || n < 1 || n > max) {
    fprintf(stderr, "%s: %s must be an integer from 1 to %lu, not %s\n", program, name, max, text);
    exit(2);
  }
  return n;
}

// Argument SECONDS as a positive number, or the usage error (exit 2).
static inline double seconds_arg(const char *text) {
  char *end;
  const double seconds = strtod(text, &end);
  if (*end || !(seconds > 0)) {
    fprintf(stderr, "%s: SECONDS must be a positive number, not %s\n", program, text);
    exit(2);
  }
  return seconds;
}
