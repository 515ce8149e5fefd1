// What the addon holds in one Node environment (the main thread, or a worker), and how it lets go
// of it before the environment goes away.
//
// A worker that ends without closing its rings leaves the addon holding libuv handles on the
// worker's loop and ring fds. Node unloads the addon when the last environment that loaded it is
// gone, so anything still pending then (a libuv close callback) would run code that is no longer
// there. Every such thing registers here as a Resource; when the environment starts its teardown,
// one async cleanup hook abandons them all — pollers first (they watch fds the bridges own), then
// bridges — and tells Node it is done only once the last libuv close callback has run.
//
//   environment starts going ─▶ Cleanup: leaving = true (no more calls into JS)
//                                 ├ each loop handle: stop, uv_close ─▶ close callback ─▶ Released()
//                                 └ each bridge: mirrors unmapped, ring fds closed
//                               last Released() ─▶ napi_remove_async_cleanup_hook ─▶ Node goes on

#pragma once

#include <node_api.h>

#include <unordered_set>

namespace uring {

class Environment;

/** Something the addon keeps for JS in one environment that must be let go before it is. */
class Resource {
 public:
  enum class Kind {
    kLoopHandle,  // a libuv handle of this environment's loop
    kSyscalls,    // fds and mappings (bridges)
  };
  virtual ~Resource() = default;
  /**
   * Lets go of everything outside the addon (libuv handles, fds, mappings); called once, when the
   * environment starts going away. Returns false when the release ends later, in a libuv close
   * callback that then calls Environment::Released().
   */
  virtual bool Abandon() = 0;
};

class Environment {
 public:
  /** This environment's, created on first use; null when Node-API refuses instance data. */
  static Environment* Of(napi_env env);

  /** The environment is going away: nothing may call into its JS any more. */
  bool leaving() const { return leaving_; }

  void Add(Resource* resource, Resource::Kind kind);
  /** A resource gone before the environment (closed or collected). */
  void Remove(Resource* resource);
  /** A release that Abandon() left pending has finished. */
  void Released();

 private:
  Environment() = default;
  static void Cleanup(napi_async_cleanup_hook_handle handle, void* data);
  void FinishIfReleased();

  bool leaving_ = false;
  int pending_ = 0;  // releases Abandon() left to close callbacks
  napi_async_cleanup_hook_handle hook_ = nullptr;
  bool hook_freed_by_runtime_ = false;  // see Of()
  std::unordered_set<Resource*> loop_handles_;
  std::unordered_set<Resource*> syscalls_;
};

}  // namespace uring
