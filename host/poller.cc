// The event-loop side of the bridge: a libuv poll watcher on a ring fd, so Node's own event loop
// notices completions. The ring fd is readable while its CQ holds completions (or the kernel
// holds some in its overflow backlog); the watcher calls back into JS, which reaps them through
// ring.wasm. Nothing here reads the rings.
//
// createPoller(fd, callback) → { start(), stop(), ref(), unref(), close() }
//   start/stop: watch or stop watching (an idle ring should not keep the loop busy);
//   ref/unref: whether a watching poller keeps the process alive (uv_ref/uv_unref);
//   close: stops for good and frees the watcher. callback(status) runs with status 0, or a
//   negative libuv error if polling failed.

#include "poller.h"

#include <uv.h>

namespace uring {
namespace {

struct Watcher {
  uv_poll_t handle;
  napi_env env = nullptr;
  Napi::FunctionReference callback;
  std::unique_ptr<Napi::AsyncContext> context;
  bool started = false;
  bool closed = false;
  // The JS objects holding this watcher (the poller and its functions) plus libuv until the
  // handle is closed; the last one to let go frees it.
  int holders = 1;
};

void Drop(Watcher* w) {
  if (--w->holders == 0) delete w;
}

void OnReadable(uv_poll_t* handle, int status, int /*events*/) {
  auto* w = static_cast<Watcher*>(handle->data);
  Napi::Env env(w->env);
  Napi::HandleScope scope(env);
  // MakeCallback: Node runs the promise jobs and nextTicks the callback queued once it returns.
  w->callback.MakeCallback(env.Global(), {Napi::Number::New(env, status)}, *w->context);
  if (env.IsExceptionPending()) {
    // As for any callback from the loop: the error goes to process 'uncaughtException'.
    napi_fatal_exception(w->env, env.GetAndClearPendingException().Value());
  }
}

void Release(Watcher* w) {
  if (w->closed) return;
  w->closed = true;
  w->callback.Reset();
  w->context.reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&w->handle),
           [](uv_handle_t* h) { Drop(static_cast<Watcher*>(h->data)); });
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
  if (Watcher* w = Of(info)) Release(w);
  return info.Env().Undefined();
}

Napi::Value CreatePoller(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsFunction()) {
    Napi::TypeError::New(env, "createPoller(fd, callback)").ThrowAsJavaScriptException();
    return env.Null();
  }
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) return env.Null();
  auto* w = new Watcher();
  w->handle.data = w;
  if (uv_poll_init(loop, &w->handle, info[0].As<Napi::Number>().Int32Value()) != 0) {
    delete w;  // never initialised: nothing for uv_close to do
    return env.Null();
  }
  w->env = env;
  w->callback = Napi::Persistent(info[1].As<Napi::Function>());
  w->context = std::make_unique<Napi::AsyncContext>(env, "wasm-uring:poll");

  Napi::Object poller = Napi::Object::New(env);
  auto add = [&](const char* name, Napi::Function::Callback cb) {
    Napi::Function fn = Napi::Function::New(env, cb, name, w);
    w->holders++;
    fn.AddFinalizer([](Napi::Env, Watcher* watcher) { Drop(watcher); }, w);
    poller.Set(name, fn);
  };
  add("start", Start);
  add("stop", Stop);
  add("ref", Ref);
  add("unref", Unref);
  add("close", Close);
  // A poller dropped without close() is closed when its object is collected.
  w->holders++;
  poller.AddFinalizer([](Napi::Env, Watcher* watcher) {
    Release(watcher);
    Drop(watcher);
  }, w);
  return poller;
}

}  // namespace

void InitPoller(Napi::Env env, Napi::Object exports) {
  exports.Set("createPoller", Napi::Function::New(env, CreatePoller, "createPoller"));
}

}  // namespace uring
