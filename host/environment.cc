#include "environment.h"

#include <vector>

namespace uring {

Environment* Environment::Of(napi_env env) {
  void* data = nullptr;
  if (napi_get_instance_data(env, &data) == napi_ok && data) return static_cast<Environment*>(data);
  auto* environment = new Environment();
  // The instance data's finalizer runs after every other finalizer of this environment, once
  // the async cleanup hook below has finished: nothing refers to the Environment after it.
  if (napi_set_instance_data(env, environment,
                             [](napi_env, void* data, void*) { delete static_cast<Environment*>(data); },
                             nullptr) != napi_ok) {
    delete environment;
    return nullptr;
  }
  // An async hook: Node keeps running the loop (and keeps the addon loaded) until it is removed.
  if (napi_add_async_cleanup_hook(env, Cleanup, environment, &environment->hook_) != napi_ok) {
    environment->hook_ = nullptr;
  }
  // Deno (2.9) frees the hook's handle itself once it has called the hook, and does not wait for
  // its removal: removing it there frees it twice (glibc aborts the exiting process).
  napi_value global;
  bool deno = false;
  environment->hook_freed_by_runtime_ = napi_get_global(env, &global) == napi_ok &&
                                        napi_has_named_property(env, global, "Deno", &deno) == napi_ok && deno;
  return environment;
}

void Environment::Add(Resource* resource, Resource::Kind kind) {
  (kind == Resource::Kind::kLoopHandle ? loop_handles_ : syscalls_).insert(resource);
}

void Environment::Remove(Resource* resource) {
  loop_handles_.erase(resource);
  syscalls_.erase(resource);
}

void Environment::Cleanup(napi_async_cleanup_hook_handle, void* data) {
  auto* self = static_cast<Environment*>(data);
  self->leaving_ = true;
  // Pollers before bridges: a libuv watcher must stop before the fd it watches is closed.
  for (auto* set : {&self->loop_handles_, &self->syscalls_}) {
    const std::vector<Resource*> resources(set->begin(), set->end());
    set->clear();
    for (Resource* resource : resources) {
      if (!resource->Abandon()) self->pending_++;
    }
  }
  self->FinishIfReleased();
}

void Environment::Released() {
  pending_--;
  FinishIfReleased();
}

void Environment::FinishIfReleased() {
  if (!leaving_ || pending_ > 0 || !hook_) return;
  napi_async_cleanup_hook_handle hook = hook_;
  hook_ = nullptr;
  if (!hook_freed_by_runtime_) napi_remove_async_cleanup_hook(hook);
}

}  // namespace uring
