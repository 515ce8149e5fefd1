// createPoller: a watcher on a ring fd for the Promise API, with two backends behind one JS object:
//
//   uv      host/poller.cc: a libuv poll handle on Node's loop (libuv is not stable Node-API)
//   thread  host/waiter.cc: a thread blocked in poll(2), handing over through a
//           napi_threadsafe_function (stable Node-API only: Bun, Deno, and Node too)
//
// createPoller(fd, callback, thread) → { start(), stop(), ref(), unref(), close(closed?) } | null
//   start/stop: watch or stop watching (an idle ring does not keep the loop busy);
//   ref/unref: whether a watching poller keeps the process alive;
//   close(closed?): stops for good; `closed()` runs once nothing watches the fd any more.
//   callback(status) runs on the JS thread while the fd is readable: status 0, or a negative
//   errno when watching failed (the watcher has then stopped).
// Both watch a duplicate of the ring fd that only they close, so code that closes the ring's
// number twice can never pull the fd out from under them.
#pragma once

#include <napi.h>

#include "environment.h"

namespace uring {

/** One backend's watcher. Belongs to its environment: when that goes, it stops and lets go. */
class Watch : public Resource {
 public:
  virtual int Start() = 0;
  virtual void Stop() = 0;
  virtual void SetRef(bool ref) = 0;
  /** Stops for good; `closed` (a reference to close()'s callback, or null) is called once let go. */
  virtual void Close(napi_ref closed) = 0;
  bool closed = false;
  napi_env env = nullptr;
  Environment* environment = nullptr;
  napi_ref callback = nullptr;         // the JS callback, while not closed
  napi_ref closed_callback = nullptr;  // close()'s argument
  napi_async_context context = nullptr;
  /**
   * The backend has let go of the fd for good: tells the environment (during its teardown) or
   * calls close()'s callback, then drops the backend's own hold.
   */
  void LetGo();
  // The JS objects that hold the watcher (the poller and its functions) plus the backend's own
  // hold until it has let go; the last to drop it frees it.
  int holders = 1;
  static void Drop(Watch* w) {
    if (--w->holders == 0) delete w;
  }
};

/**
 * Calls the JS function `ref` names with `argc` (0 or 1) int32 arguments, from the loop. Raw
 * Node-API, every status checked: an environment being terminated refuses to run JS, and that
 * ends here quietly. A JS exception goes to 'uncaughtException' (the Promise API's never throw).
 */
void CallJs(napi_env env, napi_async_context context, napi_ref ref, size_t argc, const int32_t* args);

/** The uv backend's watcher on `fd` (a duplicate it owns), or null. */
Watch* NewUvWatch(napi_env env, Environment* environment, int fd, napi_value callback);
/** The thread backend's watcher on `fd` (a duplicate it owns), or null. */
Watch* NewThreadWatch(napi_env env, Environment* environment, int fd, napi_value callback);

void InitPoller(Napi::Env env, Napi::Object exports);

}  // namespace uring
