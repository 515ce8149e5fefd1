// liburing baseline for NOPs: `nop BATCH SECONDS` submits BATCH NOPs per io_uring_submit and reaps
// them, for SECONDS, then prints {"ops": N, "seconds": S}. Measures the per-op cost of the ring
// itself (no I/O): what wasm-uring's NOP case compares against. Built by src/bench/liburing.ts.
#define _GNU_SOURCE
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

const char *const program = "nop";

// Reading the clock per op would be a visible share of a NOP's cost.
#define OPS_PER_CLOCK_CHECK 1024

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: nop BATCH SECONDS\n");
    return 2;
  }
  const unsigned long batch = count_arg("BATCH", argv[1], 4096);
  const double seconds = seconds_arg(argv[2]);

  struct io_uring ring;
  int ret = io_uring_queue_init(batch, &ring, 0);
  if (ret < 0) fail("io_uring_queue_init", -ret);
  struct io_uring_cqe **cqes = calloc(batch, sizeof *cqes);
  if (!cqes) fail("calloc", ENOMEM);

  unsigned long long ops = 0, next_check = OPS_PER_CLOCK_CHECK;
  double start = now(), elapsed = 0;
  for (;;) {
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
      if (!sqe) fail("io_uring_get_sqe: the SQ is full", EBUSY);
      io_uring_prep_nop(sqe);
    }
    ret = io_uring_submit(&ring);
    if (ret < 0) fail("io_uring_submit", -ret);
    if ((unsigned)ret != batch) fail("io_uring_submit: fewer SQEs consumed than prepared", EAGAIN);

    // NOPs complete during the submit, so waiting is only a fallback.
    for (unsigned reaped = 0; reaped < batch;) {
      unsigned n = io_uring_peek_batch_cqe(&ring, cqes, batch - reaped);
      if (n == 0) {
        ret = io_uring_wait_cqe(&ring, cqes);
        if (ret < 0) fail("io_uring_wait_cqe", -ret);
        continue;
      }
      for (unsigned i = 0; i < n; i++)
        if (cqes[i]->res < 0) fail("NOP completion", -cqes[i]->res);
      io_uring_cq_advance(&ring, n);
      reaped += n;
    }

    ops += batch;
    if (ops >= next_check) {
      next_check = ops + OPS_PER_CLOCK_CHECK;
      elapsed = now() - start;
      if (elapsed >= seconds) break;
    }
  }

  printf("{\"ops\": %llu, \"seconds\": %.6f}\n", ops, elapsed);
  io_uring_queue_exit(&ring);
  free(cqes);
  return 0;
}
