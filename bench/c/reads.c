// liburing baseline for random reads: `reads FILE QUEUE_DEPTH SECONDS` keeps QUEUE_DEPTH 4 KiB
// reads in flight at random 4 KiB-aligned offsets of FILE (buffered, so page-cached files measure
// the ring and the page cache, not the disk), for SECONDS, then prints {"ops": N, "seconds": S}.
// What wasm-uring's reads case compares against. Built by src/bench/liburing.ts.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

const char *const program = "reads";

#define BLOCK 4096
// Reading the clock per op would be a visible share of a cached read's cost.
#define OPS_PER_CLOCK_CHECK 1024

// xorshift64: a few cycles per offset, so the PRNG costs nothing next to a read.
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t next_random(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static int fd;
static uint64_t blocks;
static char *buffers;

static void prep_read(struct io_uring *ring, unsigned buffer) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
  if (!sqe) fail("io_uring_get_sqe: the SQ is full", EBUSY);
  io_uring_prep_read(sqe, fd, buffers + (size_t)buffer * BLOCK, BLOCK, (next_random() % blocks) * BLOCK);
  // Set directly rather than with io_uring_sqe_set_data64, which liburing before 2.2 lacks.
  sqe->user_data = buffer;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: reads FILE QUEUE_DEPTH SECONDS\n");
    return 2;
  }
  const unsigned long depth = count_arg("QUEUE_DEPTH", argv[2], 4096);
  const double seconds = seconds_arg(argv[3]);

  fd = open(argv[1], O_RDONLY);
  if (fd < 0) fail(argv[1], errno);
  struct stat st;
  if (fstat(fd, &st) < 0) fail(argv[1], errno);
  blocks = st.st_size / BLOCK;
  if (blocks == 0) {
    fprintf(stderr, "reads: %s is smaller than one %d-byte block\n", argv[1], BLOCK);
    return 1;
  }
  int ret = posix_memalign((void **)&buffers, BLOCK, depth * BLOCK);
  if (ret) fail("posix_memalign", ret);

  struct io_uring ring;
  ret = io_uring_queue_init(depth, &ring, 0);
  if (ret < 0) fail("io_uring_queue_init", -ret);

  for (unsigned i = 0; i < depth; i++) prep_read(&ring, i);
  unsigned long long ops = 0, next_check = OPS_PER_CLOCK_CHECK;
  double start = now(), elapsed = 0;
  for (;;) {
    // Submits the previous round's re-preps in the same syscall that waits.
    ret = io_uring_submit_and_wait(&ring, 1);
    if (ret < 0 && ret != -EINTR) fail("io_uring_submit_and_wait", -ret);

    struct io_uring_cqe *cqe;
    unsigned head, reaped = 0;
    io_uring_for_each_cqe(&ring, head, cqe) {
      if (cqe->res < 0) fail("read", -cqe->res);
      if (cqe->res != BLOCK) {
        fprintf(stderr, "reads: short read: %d of %d bytes\n", cqe->res, BLOCK);
        return 1;
      }
      prep_read(&ring, (unsigned)cqe->user_data);
      reaped++;
    }
    io_uring_cq_advance(&ring, reaped);

    ops += reaped;
    if (ops >= next_check) {
      next_check = ops + OPS_PER_CLOCK_CHECK;
      elapsed = now() - start;
      if (elapsed >= seconds) break;
    }
  }

  printf("{\"ops\": %llu, \"seconds\": %.6f}\n", ops, elapsed);
  io_uring_queue_exit(&ring);
  close(fd);
  free(buffers);
  return 0;
}
