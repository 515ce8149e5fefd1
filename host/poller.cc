// The poller object both backends share (host/poller.h), and the uv backend: a libuv poll watcher
// on a ring fd, so Node's own event loop notices completions. The ring fd is readable while its
// CQ holds completions (or the kernel holds some in its overflow backlog); the watcher calls back
// into JS, which reaps them through ring.wasm. Nothing here reads the rings.
//
// A watcher belongs to the environment that created it (host/environment.h): when that
// environment goes away (a worker ends) the watcher stops, calls no more JS, and its libuv handle
// is closed before Node unloads the addon.

#include "poller.h"

#include <fcntl.h>
#include <unistd.h>
#include <uv.h>

namespace uring {

void CallJs(napi_env env, napi_async_context context, napi_ref ref, size_t argc, const int32_t* args) {
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, global, result, argv[1];
  bool ready = argc <= 1 && napi_get_reference_value(env, ref, &fn) == napi_ok && fn &&
               napi_get_global(env, &global) == napi_ok;
  for (size_t i = 0; ready && i < argc; i++) ready = napi_create_int32(env, args[i], &argv[i]) == napi_ok;
  // napi_make_callback: the runtime runs the promise jobs and nextTicks the callback queued once it returns.
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

void Watch::LetGo() {
  if (environment->leaving()) {
    environment->Released();
  } else {
    environment->Remove(this);
    if (closed_callback) {
      CallJs(env, context, closed_callback, 0, nullptr);
      napi_delete_reference(env, closed_callback);
    }
    if (context) napi_async_destroy(env, context);
  }
  closed_callback = nullptr;
  context = nullptr;
  Drop(this);
}

namespace {

class UvWatch final : public Watch {
 public:
  uv_poll_t handle;
  int fd = -1;
  bool started = false;

  int Start() override {
    if (started) return 0;
    const int ret = uv_poll_start(&handle, UV_READABLE, OnReadable);
    started = ret == 0;
    return ret;
  }

  void Stop() override {
    if (!started) return;
    uv_poll_stop(&handle);
    started = false;
  }

  void SetRef(bool ref) override {
    auto* h = reinterpret_cast<uv_handle_t*>(&handle);
    ref ? uv_ref(h) : uv_unref(h);
  }

  void Close(napi_ref closed_cb) override {
    closed_callback = closed_cb;
    Release();
  }

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

 private:
  static void OnReadable(uv_poll_t* handle, int status, int /*events*/) {
    auto* w = static_cast<UvWatch*>(handle->data);
    if (w->closed || w->environment->leaving()) return;
    CallJs(w->env, w->context, w->callback, 1, &status);
  }

  static void OnClosed(uv_handle_t* h) {
    auto* w = static_cast<UvWatch*>(h->data);
    close(w->fd);
    w->LetGo();
  }
};

Watch* Of(const Napi::CallbackInfo& info) {
  auto* w = static_cast<Watch*>(info.Data());
  return w->closed ? nullptr : w;
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  Watch* w = Of(info);
  return Napi::Number::New(info.Env(), w ? w->Start() : -EBADF);
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  if (Watch* w = Of(info)) w->Stop();
  return info.Env().Undefined();
}

Napi::Value Ref(const Napi::CallbackInfo& info) {
  if (Watch* w = Of(info)) w->SetRef(true);
  return info.Env().Undefined();
}

Napi::Value Unref(const Napi::CallbackInfo& info) {
  if (Watch* w = Of(info)) w->SetRef(false);
  return info.Env().Undefined();
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  if (Watch* w = Of(info)) {
    napi_ref closed = nullptr;
    if (info.Length() > 0 && info[0].IsFunction()) napi_create_reference(info.Env(), info[0], 1, &closed);
    w->Close(closed);
  }
  return info.Env().Undefined();
}

Napi::Value CreatePoller(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsFunction()) {
    Napi::TypeError::New(env, "createPoller(fd, callback, thread)").ThrowAsJavaScriptException();
    return env.Null();
  }
  const bool thread = info.Length() > 2 && info[2].ToBoolean().Value();
  Environment* environment = Environment::Of(env);
  if (!environment || environment->leaving()) return env.Null();
  const int fd = fcntl(info[0].As<Napi::Number>().Int32Value(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return env.Null();
  Watch* w = thread ? NewThreadWatch(env, environment, fd, info[1]) : NewUvWatch(env, environment, fd, info[1]);
  if (!w) return env.Null();  // the backend closed fd

  Napi::Object poller = Napi::Object::New(env);
  auto add = [&](const char* fname, Napi::Function::Callback cb) {
    Napi::Function fn = Napi::Function::New(env, cb, fname, w);
    w->holders++;
    fn.AddFinalizer([](Napi::Env, Watch* watch) { Watch::Drop(watch); }, w);
    poller.Set(fname, fn);
  };
  add("start", Start);
  add("stop", Stop);
  add("ref", Ref);
  add("unref", Unref);
  add("close", Close);
  // A poller dropped without close() is closed when its object is collected.
  w->holders++;
  poller.AddFinalizer([](Napi::Env, Watch* watch) {
    if (!watch->closed) watch->Close(nullptr);
    Watch::Drop(watch);
  }, w);
  return poller;
}

}  // namespace

Watch* NewUvWatch(napi_env env, Environment* environment, int fd, napi_value callback) {
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || !loop) {
    close(fd);
    return nullptr;
  }
  auto* w = new UvWatch();
  w->handle.data = w;
  w->fd = fd;
  if (uv_poll_init(loop, &w->handle, fd) != 0) {
    close(fd);
    delete w;  // never initialised: nothing for uv_close to do
    return nullptr;
  }
  w->env = env;
  w->environment = environment;
  environment->Add(w, Resource::Kind::kLoopHandle);
  napi_value name;
  if (napi_create_reference(env, callback, 1, &w->callback) != napi_ok ||
      napi_create_string_utf8(env, "wasm-uring:poll", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, nullptr, name, &w->context) != napi_ok) {
    w->Release();  // OnClosed closes fd and drops the watcher
    return nullptr;
  }
  return w;
}

void InitPoller(Napi::Env env, Napi::Object exports) {
  exports.Set("createPoller", Napi::Function::New(env, CreatePoller, "createPoller"));
}

}  // namespace uring
