// The event-loop side of the bridge: a libuv poll watcher on a ring fd, so Node's own event loop
// notices completions. The ring fd is readable while its CQ holds completions (or the kernel
// holds some in its overflow backlog); the watcher calls back into JS, which reaps them through
// ring.wasm. Nothing here reads the rings.
//
// createPoller(fd, callback) → { start(), stop(), ref(), unref(), close() }, or null (no fd left)
//   start/stop: watch or stop watching (an idle ring should not keep the loop busy);
//   ref/unref: whether a watching poller keeps the process alive (uv_ref/uv_unref);
//   close(closed?): stops for good and frees the watcher; `closed()` runs once libuv has let go
//   of the fd (its duplicate is closed then). callback(status) runs with status 0, or a
//   negative libuv error if polling failed.
//
// A watcher belongs to the environment that created it (host/environment.h): when that
// environment goes away (a worker ends) the watcher stops, calls no more JS, and its libuv handle
// is closed before Node unloads the addon.

#include "poller.h"

#include <fcntl.h>
#include <unistd.h>
#include <uv.h>

#include "environment.h"

namespace uring {
namespace {

/**
 * Calls the JS function `ref` names with `argc` int32 arguments from a libuv callback. Raw
 * Node-API, every status checked: an environment being terminated (worker.terminate()) refuses
 * to run JS, and that must end here quietly, never in a fatal error. A JS exception goes to
 * process 'uncaughtException', as for any callback from the loop (the Promise API's callbacks
 * never throw).
 */
void CallJs(napi_env env, napi_async_context context, napi_ref ref, size_t argc, const int32_t* args) {
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, global, result, argv[1];
  bool ready = argc <= 1 && napi_get_reference_value(env, ref, &fn) == napi_ok && fn &&
               napi_get_global(env, &global) == napi_ok;
  for (size_t i = 0; ready && i < argc; i++) ready = napi_create_int32(env, args[i], &argv[i]) == napi_ok;
  // napi_make_callback: Node runs the promise jobs and nextTicks the callback queued once it returns.
  if (ready && napi_make_callback(env, context, global, fn, argc, argv, &result) != napi_ok) {
    bool pending = false;
    napi_value error;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending &&
        napi_get_and_clear_last_exception(env, &error) == napi_ok) {
      napi_fatal_exception(env, error);
    }
  }
  napi_close_handle_scope(env, scope);
}

class Watcher final : public Resource {
 public:
  uv_poll_t handle;
  // A duplicate of the ring fd, which only this watcher closes: libuv must never find the fd it
  // watches closed under it (code that double-closes the ring's number would make it abort).
  int fd = -1;
  napi_env env = nullptr;
  Environment* environment = nullptr;
  napi_ref callback = nullptr;
  napi_ref closed_callback = nullptr;  // close()'s argument, called from OnClosed
  napi_async_context context = nullptr;
  bool started = false;
  bool closed = false;  // uv_close called (by close(), a finalizer or the environment's teardown)
  // The JS objects holding this watcher (the poller and its functions) plus libuv until the
  // handle is closed; the last one to let go frees it.
  int holders = 1;

  /** Stops for good: no more callbacks; the handle closes on the loop's next turn. */
  void Release() {
    if (closed) return;
    closed = true;
    started = false;
    // The references are JS state: only touched while the environment can still run JS.
    if (!environment->leaving() && callback) napi_delete_reference(env, callback);
    callback = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(&handle), OnClosed);
  }

  bool Abandon() override {
    Release();
    return false;  // OnClosed reports it
  }

  static void Drop(Watcher* w) {
    if (--w->holders == 0) delete w;
  }

 private:
  static void OnClosed(uv_handle_t* h) {
    auto* w = static_cast<Watcher*>(h->data);
    close(w->fd);
    if (w->environment->leaving()) {
      w->environment->Released();
    } else {
      w->environment->Remove(w);
      w->CallClosed();
      if (w->context) napi_async_destroy(w->env, w->context);
    }
    w->closed_callback = nullptr;
    w->context = nullptr;
    Drop(w);
  }

  /** close()'s callback, now that libuv has let go (no JS is called in a leaving environment). */
  void CallClosed() {
    if (!closed_callback) return;
    CallJs(env, context, closed_callback, 0, nullptr);
    napi_delete_reference(env, closed_callback);
  }
};

void OnReadable(uv_poll_t* handle, int status, int /*events*/) {
  auto* w = static_cast<Watcher*>(handle->data);
  if (w->closed || w->environment->leaving()) return;
  CallJs(w->env, w->context, w->callback, 1, &status);
}

Watcher* Of(const Napi::CallbackInfo& info) {
  auto* w = static_cast<Watcher*>(info.Data());
  return w->closed ? nullptr : w;
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  Watcher* w = Of(info);
  int ret = 0;
  if (w && !w->started) {
    ret = uv_poll_start(&w->handle, UV_READABLE, OnReadable);
    w->started = ret == 0;
  }
  return Napi::Number::New(info.Env(), w ? ret : UV_EBADF);
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  Watcher* w = Of(info);
  if (w && w->started) {
    uv_poll_stop(&w->handle);
    w->started = false;
  }
  return info.Env().Undefined();
}

Napi::Value Ref(const Napi::CallbackInfo& info) {
  if (Watcher* w = Of(info)) uv_ref(reinterpret_cast<uv_handle_t*>(&w->handle));
  return info.Env().Undefined();
}

Napi::Value Unref(const Napi::CallbackInfo& info) {
  if (Watcher* w = Of(info)) uv_unref(reinterpret_cast<uv_handle_t*>(&w->handle));
  return info.Env().Undefined();
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  if (Watcher* w = Of(info)) {
    if (info.Length() > 0 && info[0].IsFunction()) napi_create_reference(info.Env(), info[0], 1, &w->closed_callback);
    w->Release();
  }
  return info.Env().Undefined();
}

Napi::Value CreatePoller(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsFunction()) {
    Napi::TypeError::New(env, "createPoller(fd, callback)").ThrowAsJavaScriptException();
    return env.Null();
  }
  Environment* environment = Environment::Of(env);
  uv_loop_t* loop = nullptr;
  if (!environment || environment->leaving() || napi_get_uv_event_loop(env, &loop) != napi_ok) return env.Null();
  const int fd = fcntl(info[0].As<Napi::Number>().Int32Value(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return env.Null();
  auto* w = new Watcher();
  w->handle.data = w;
  w->fd = fd;
  if (uv_poll_init(loop, &w->handle, fd) != 0) {
    close(fd);
    delete w;  // never initialised: nothing for uv_close to do
    return env.Null();
  }
  w->env = env;
  w->environment = environment;
  environment->Add(w, Resource::Kind::kLoopHandle);
  napi_value name;
  if (napi_create_reference(env, info[1], 1, &w->callback) != napi_ok ||
      napi_create_string_utf8(env, "wasm-uring:poll", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, nullptr, name, &w->context) != napi_ok) {
    w->Release();
    return env.Null();
  }

  Napi::Object poller = Napi::Object::New(env);
  auto add = [&](const char* fname, Napi::Function::Callback cb) {
    Napi::Function fn = Napi::Function::New(env, cb, fname, w);
    w->holders++;
    fn.AddFinalizer([](Napi::Env, Watcher* watcher) { Watcher::Drop(watcher); }, w);
    poller.Set(fname, fn);
  };
  add("start", Start);
  add("stop", Stop);
  add("ref", Ref);
  add("unref", Unref);
  add("close", Close);
  // A poller dropped without close() is closed when its object is collected.
  w->holders++;
  poller.AddFinalizer([](Napi::Env, Watcher* watcher) {
    watcher->Release();
    Watcher::Drop(watcher);
  }, w);
  return poller;
}

}  // namespace

void InitPoller(Napi::Env env, Napi::Object exports) {
  exports.Set("createPoller", Napi::Function::New(env, CreatePoller, "createPoller"));
}

}  // namespace uring
