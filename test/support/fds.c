// Test-only N-API module: the file descriptors Node cannot make itself (socketpair, pipe,
#include <stdio.h>
// listening sockets, eventfd, epoll). Compiled at test time by test/support/fds.js.
#include <node_api.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <sys/epoll.h>

static napi_value num(napi_env env, double v) { napi_value r; napi_create_double(env, v, &r); return r; }
static napi_value pair(napi_env env, int a, int b) {
  napi_value arr; napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, num(env, a)); napi_set_element(env, arr, 1, num(env, b));
  return arr;
}
static napi_value fail(napi_env env, const char* what) {
  char msg[256]; snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, msg); return NULL;
}
static int arg_int(napi_env env, napi_callback_info info, size_t i, int dflt) {
  size_t argc = 4; napi_value argv[4]; napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (i >= argc) return dflt;
  int32_t v; if (napi_get_value_int32(env, argv[i], &v) != napi_ok) return dflt; return v;
}

// socketpair(type = SOCK_STREAM) → [fd, fd]
static napi_value Socketpair(napi_env env, napi_callback_info info) {
  int sv[2]; int type = arg_int(env, info, 0, SOCK_STREAM);
  if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0) return fail(env, "socketpair");
  return pair(env, sv[0], sv[1]);
}
// pipe() → [readFd, writeFd]
static napi_value Pipe(napi_env env, napi_callback_info info) {
  int p[2]; if (pipe2(p, O_CLOEXEC) < 0) return fail(env, "pipe2"); return pair(env, p[0], p[1]);
}
// tcpListener() → [fd, port] bound to 127.0.0.1, listening
static napi_value TcpListener(napi_env env, napi_callback_info info) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); if (fd < 0) return fail(env, "socket");
  struct sockaddr_in a; memset(&a, 0, sizeof a); a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) < 0 || listen(fd, 16) < 0) return fail(env, "bind/listen");
  socklen_t len = sizeof a; getsockname(fd, (struct sockaddr*)&a, &len);
  return pair(env, fd, ntohs(a.sin_port));
}
// tcpSocket() → fd (unconnected, blocking)
static napi_value TcpSocket(napi_env env, napi_callback_info info) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0); if (fd < 0) return fail(env, "socket"); return num(env, fd);
}
static napi_value Eventfd(napi_env env, napi_callback_info info) {
  int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); if (fd < 0) return fail(env, "eventfd"); return num(env, fd);
}
static napi_value EpollCreate(napi_env env, napi_callback_info info) {
  int fd = epoll_create1(EPOLL_CLOEXEC); if (fd < 0) return fail(env, "epoll_create1"); return num(env, fd);
}
// epollWait(epfd) → [events, data-low-32] of one ready event, or null (timeout 0)
static napi_value EpollWait(napi_env env, napi_callback_info info) {
  struct epoll_event ev; int n = epoll_wait(arg_int(env, info, 0, -1), &ev, 1, 0);
  if (n < 0) return fail(env, "epoll_wait");
  if (n == 0) { napi_value r; napi_get_null(env, &r); return r; }
  return pair(env, ev.events, (double)(ev.data.u64 & 0xffffffffu));
}
// readable(fd) → whether poll(2) reports POLLIN right now
static napi_value Readable(napi_env env, napi_callback_info info) {
  struct pollfd p = { .fd = arg_int(env, info, 0, -1), .events = POLLIN };
  int n = poll(&p, 1, 0);
  if (n < 0) return fail(env, "poll");
  napi_value r; napi_get_boolean(env, n > 0 && (p.revents & POLLIN), &r); return r;
}
// eventfdRead(fd) → counter value or -errno
static napi_value EventfdRead(napi_env env, napi_callback_info info) {
  unsigned long long v = 0; ssize_t n = read(arg_int(env, info, 0, -1), &v, sizeof v);
  return num(env, n < 0 ? -errno : (double)v);
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor d[] = {
    { "socketpair", 0, Socketpair, 0, 0, 0, napi_default, 0 },
    { "pipe", 0, Pipe, 0, 0, 0, napi_default, 0 },
    { "tcpListener", 0, TcpListener, 0, 0, 0, napi_default, 0 },
    { "tcpSocket", 0, TcpSocket, 0, 0, 0, napi_default, 0 },
    { "eventfd", 0, Eventfd, 0, 0, 0, napi_default, 0 },
    { "eventfdRead", 0, EventfdRead, 0, 0, 0, napi_default, 0 },
    { "epollCreate", 0, EpollCreate, 0, 0, 0, napi_default, 0 },
    { "epollWait", 0, EpollWait, 0, 0, 0, napi_default, 0 },
    { "readable", 0, Readable, 0, 0, 0, napi_default, 0 },
  };
  napi_define_properties(env, exports, sizeof d / sizeof d[0], d);
  return exports;
}
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
