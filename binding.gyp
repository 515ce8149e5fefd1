{
  "targets": [
    {
      "target_name": "uring_bridge",
      "sources": ["host/bridge.cc", "host/environment.cc", "host/mirror.cc", "host/poller.cc", "host/waiter.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra"]
    }
  ]
}
