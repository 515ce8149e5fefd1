// createPoller: a libuv watcher on a ring fd, for the Promise API (host/poller.cc).
#pragma once

#include <napi.h>

namespace uring {

void InitPoller(Napi::Env env, Napi::Object exports);

}  // namespace uring
