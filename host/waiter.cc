// The thread backend of createPoller (host/poller.h): a waiter thread blocked in poll(2) on the
// ring fd that hands each "readable" over to the JS thread through a napi_threadsafe_function.
// Stable Node-API only, so it runs wherever Node-API does (Bun has no libuv, Deno imitates it).
//
//   JS thread                              waiter thread
//   start() ── watching = true ──────────▶ poll(ring fd, wake fd)
//                                           ring fd readable: delivering = true,
//   Deliver(): callback(0) ◀─ tsfn call ──  napi_call_threadsafe_function, then waits
//              delivering = false ────────▶ poll again (if still watching)
//   stop() / close(): wake fd written ────▶ poll returns; waits for start(), or exits
//
// One hand-over at a time: the thread polls again only once JS has reaped, so a level-triggered
// fd never floods the queue. ref/unref map to napi_(un)ref_threadsafe_function, held only while
// watching (a stopped poller, like a stopped uv_poll_t, keeps nothing alive).
//
// Nothing outlives the environment: close() and the environment's teardown wake the thread and
// join it before they let go of the fds; the threadsafe function's finalizer, the last thing to
// run, drops the watcher (and, during teardown, tells the environment it is released).

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>

#include "poller.h"

namespace uring {
namespace {

class ThreadWatch final : public Watch {
 public:
  int fd = -1;
  int wake_fd = -1;
  napi_threadsafe_function tsfn = nullptr;
  pthread_t thread{};
  bool thread_started = false;
  bool refed = true;
  bool tsfn_refed = true;  // a new threadsafe function is ref'd

  // Shared with the waiter thread, under mu.
  std::mutex mu;
  std::condition_variable cv;
  bool watching = false;
  bool delivering = false;
  bool quit = false;
  int status = 0;  // what the thread hands over: 0, or -errno when poll failed

  int Start() override {
    {
      std::lock_guard<std::mutex> lock(mu);
      watching = true;
    }
    cv.notify_one();
    SyncRef();
    return 0;
  }

  void Stop() override {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!watching) return;
      watching = false;
    }
    Wake();
    SyncRef();
  }

  void SetRef(bool ref) override {
    refed = ref;
    SyncRef();
  }

  void Close(napi_ref closed_cb) override {
    closed_callback = closed_cb;
    Release();
  }

  bool Abandon() override {
    Release();
    return false;  // the threadsafe function's finalizer reports it
  }

  /** Runs on the waiter thread. */
  void Wait() {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      cv.wait(lock, [this] { return quit || (watching && !delivering); });
      if (quit) return;
      lock.unlock();
      fds[0].revents = fds[1].revents = 0;
      const int n = poll(fds, 2, -1);
      const int err = n < 0 ? errno : 0;
      if (fds[1].revents & POLLIN) {
        uint64_t count;
        while (read(wake_fd, &count, sizeof count) < 0 && errno == EINTR) {}
      }
      lock.lock();
      if (quit) return;
      if (err == EINTR || !watching) continue;
      const bool readable = n > 0 && (fds[0].revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL));
      if (!readable && err == 0) continue;  // only the wake fd
      status = err ? -err : (fds[0].revents & POLLNVAL) ? -EBADF : (fds[0].revents & POLLERR) ? -EIO : 0;
      if (status < 0) watching = false;  // like uv_poll: an error stops the watcher
      delivering = true;
      if (napi_call_threadsafe_function(tsfn, nullptr, napi_tsfn_nonblocking) != napi_ok) return;  // closing
    }
  }

 private:
  void Wake() {
    const uint64_t one = 1;
    while (write(wake_fd, &one, sizeof one) < 0 && errno == EINTR) {}
  }

  /** The threadsafe function keeps the loop alive exactly while watching and ref'd. */
  void SyncRef() {
    if (closed || !tsfn) return;
    bool want;
    {
      std::lock_guard<std::mutex> lock(mu);
      want = refed && watching;
    }
    if (want == tsfn_refed) return;
    (want ? napi_ref_threadsafe_function : napi_unref_threadsafe_function)(env, tsfn);
    tsfn_refed = want;
  }

  /** Stops for good: the thread is woken and joined, the fds closed, the threadsafe function let go. */
  void Release() {
    if (closed) return;
    closed = true;
    {
      std::lock_guard<std::mutex> lock(mu);
      quit = true;
      watching = false;
    }
    cv.notify_one();
    Wake();
    if (thread_started) pthread_join(thread, nullptr);
    thread_started = false;
    close(fd);
    close(wake_fd);
    fd = wake_fd = -1;
    if (!environment->leaving() && callback) napi_delete_reference(env, callback);
    callback = nullptr;
    // Abort: a hand-over still queued is dropped (Deliver sees a null env or a closed watcher).
    // The finalizer (Finalize) runs once the function is gone, on a later turn of the loop, which
    // an unref'd function would let end first (close()'s callback would then never run).
    if (!tsfn_refed && !environment->leaving()) napi_ref_threadsafe_function(env, tsfn);
    tsfn_refed = true;
    napi_release_threadsafe_function(tsfn, napi_tsfn_abort);
  }

 public:
  /** The threadsafe function's call_js: on the JS thread, one hand-over from the thread. */
  static void Deliver(napi_env env, napi_value, void* context, void*) {
    auto* w = static_cast<ThreadWatch*>(context);
    if (!env || w->closed || w->environment->leaving()) return;
    int status;
    bool call;
    {
      std::lock_guard<std::mutex> lock(w->mu);
      status = w->status;
      // Stopped since the thread handed this over: a stopped poller calls nothing (as uv_poll_stop).
      call = w->watching || status < 0;
    }
    if (call) CallJs(env, w->context, w->callback, 1, &status);
    if (w->closed) return;  // closed from the callback: the thread is gone
    {
      std::lock_guard<std::mutex> lock(w->mu);
      w->delivering = false;
    }
    w->cv.notify_one();
    if (status < 0) w->SyncRef();  // the error stopped it
  }

  /** The threadsafe function's finalizer: the last thing that refers to the watcher from outside. */
  static void Finalize(napi_env, void* data, void*) {
    static_cast<ThreadWatch*>(data)->LetGo();
  }
};

void* WaiterMain(void* data) {
  static_cast<ThreadWatch*>(data)->Wait();
  return nullptr;
}

}  // namespace

Watch* NewThreadWatch(napi_env env, Environment* environment, int fd, napi_value callback) {
  const int wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    close(fd);
    return nullptr;
  }
  auto* w = new ThreadWatch();
  w->fd = fd;
  w->wake_fd = wake_fd;
  w->env = env;
  w->environment = environment;
  napi_value name;
  if (napi_create_string_utf8(env, "wasm-uring:waiter", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, w, ThreadWatch::Finalize, w,
                                      ThreadWatch::Deliver, &w->tsfn) != napi_ok) {
    close(fd);
    close(wake_fd);
    delete w;
    return nullptr;
  }
  environment->Add(w, Resource::Kind::kLoopHandle);
  // Not watching yet: the function must not keep the loop alive.
  napi_unref_threadsafe_function(env, w->tsfn);
  w->tsfn_refed = false;
  if (napi_create_reference(env, callback, 1, &w->callback) != napi_ok ||
      napi_async_init(env, nullptr, name, &w->context) != napi_ok ||
      pthread_create(&w->thread, nullptr, WaiterMain, w) != 0) {
    w->Close(nullptr);  // Finalize drops it
    return nullptr;
  }
  w->thread_started = true;
  return w;
}

}  // namespace uring
