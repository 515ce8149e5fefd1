// The echo case's client: `echo_client PORT CONNECTIONS SECONDS SIZE` opens CONNECTIONS TCP
// connections to 127.0.0.1:PORT; each sends SIZE bytes and waits for all of them to come back
// before sending again, for SECONDS; then it prints {"ops": ROUND_TRIPS, "seconds": S}. In C with
// epoll so that the server, not the client, is what the case measures (a Node client on the
// other core saturated first). Built by src/bench/liburing.ts; needs no liburing.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

const char *const program = "echo_client";

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: echo_client PORT CONNECTIONS SECONDS SIZE\n");
    return 2;
  }
  const int port = (int)count_arg("PORT", argv[1], 65535);
  const int conns = (int)count_arg("CONNECTIONS", argv[2], 65536);
  const double seconds = seconds_arg(argv[3]);
  const int size = (int)count_arg("SIZE", argv[4], 65536);
  char *message = malloc(size);
  char *scratch = malloc(size);
  int *pending = calloc(conns, sizeof(int));
  int *fds = calloc(conns, sizeof(int));
  memset(message, 'a', size);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int ep = epoll_create1(0);
  if (ep < 0) fail("epoll_create1", errno);
  for (int i = 0; i < conns; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (fds[i] < 0) fail("socket", errno);
    if (connect(fds[i], (struct sockaddr *)&addr, sizeof addr) < 0) fail("connect", errno);
    const int one = 1;
    setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) fail("epoll_ctl", errno);
  }
  long ops = 0;
  int active = conns;
  const double start = now();
  const double end = start + seconds;
  int running = 1;
  for (int i = 0; i < conns; i++) {
    if (send(fds[i], message, size, 0) != size) fail("send", errno);
    pending[i] = size;
  }
  struct epoll_event events[256];
  while (active > 0) {
    const int n = epoll_wait(ep, events, 256, 1000);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("epoll_wait", errno);
    }
    if (n == 0) {
      fprintf(stderr, "echo_client: no reply for 1 s\n");
      return 1;
    }
    if (running && now() >= end) running = 0;
    for (int e = 0; e < n; e++) {
      const int i = events[e].data.u32;
      const ssize_t got = recv(fds[i], scratch, pending[i], 0);
      if (got <= 0) {
        if (got < 0 && errno == EAGAIN) continue;
        if (got == 0) errno = ECONNRESET;
        fail("recv", errno);
      }
      pending[i] -= got;
      if (pending[i] > 0) continue;
      ops++;
      if (!running) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
        active--;
        continue;
      }
      if (send(fds[i], message, size, 0) != size) fail("send", errno);
      pending[i] = size;
    }
  }
  const double elapsed = now() - start;
  for (int i = 0; i < conns; i++) close(fds[i]);
  printf("{\"ops\": %ld, \"seconds\": %.6f}\n", ops, elapsed);
  return 0;
}
