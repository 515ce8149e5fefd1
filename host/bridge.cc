// The host side of the bridge ABI (assembly/bridge.ts): one function per syscall, for ring.wasm
// running in Node. It knows syscalls and addresses; what the rings mean is ring.wasm's business,
// except for the copy that mirror placement makes (host/mirror.h), which has to know where the
// heads and tails are.
//
// createBridge(memory, view) binds the functions to one shared WebAssembly.Memory and returns
// them as an object, ready to be the module's "uring" imports. Pointer arguments are offsets
// into that memory (0 is NULL), each checked against the memory's current size before the
// syscall; results are values or -errno. Nothing throws: a wrong argument type reads as 0 (an
// fd as -1) and fails the checks or the syscall.

#include <napi.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mirror.h"
#include "poller.h"

namespace {

// sizeof(struct io_uring_params): what io_uring_setup(2) reads and writes through its pointer.
constexpr uint64_t kSetupParamsSize = 120;

// One per WebAssembly.Memory. Shared by the bridge's functions, freed with the last of them.
struct Memory {
  uint8_t* base = nullptr;
  Napi::ObjectReference object;  // weak: the WebAssembly.Memory, to read its current size
  int functions = 0;
  // Rings in mirror placement; handle = index + 1. Their kernel mappings go with the memory.
  std::vector<std::unique_ptr<uring::Mirror>> mirrors;
};

// The memory's current size in bytes: memory.buffer.byteLength (the memory can grow; it never
// moves, being shared with a fixed maximum). 0 once the memory is gone.
uint64_t CurrentSize(Memory* m) {
  if (m->object.IsEmpty()) return 0;
  Napi::Value memory = m->object.Value();
  if (!memory.IsObject()) return 0;
  Napi::Value buffer = memory.As<Napi::Object>().Get("buffer");
  if (!buffer.IsObject()) return 0;
  Napi::Value length = buffer.As<Napi::Object>().Get("byteLength");
  return length.IsNumber() ? static_cast<uint64_t>(length.As<Napi::Number>().Int64Value()) : 0;
}

// [off, off + len) lies inside the memory, computed without overflow (uvwasi's check).
bool InBounds(Memory* m, uint64_t off, uint64_t len) {
  const uint64_t end = CurrentSize(m);
  return end > off && len <= end - off;
}

// The process address for a pointer argument: offset 0 is NULL (as everywhere in ring.wasm; it
// also keeps the kernel out of the module's static data), any other offset must hold `len`
// bytes. False when it does not.
bool Pointer(Memory* m, uint32_t off, uint32_t len, void** out) {
  if (off == 0) {
    *out = nullptr;
    return true;
  }
  if (!InBounds(m, off, len)) return false;
  *out = m->base + off;
  return true;
}

// Arguments are read with one napi call each: the type check is napi_get_value_*'s own (a
// type check first would double the cost, and these run on every submit).
uint32_t U32(const Napi::CallbackInfo& info, size_t i) {
  uint32_t out;
  return napi_get_value_uint32(info.Env(), info[i], &out) == napi_ok ? out : 0;
}

int32_t I32(const Napi::CallbackInfo& info, size_t i) {
  int32_t out;
  return napi_get_value_int32(info.Env(), info[i], &out) == napi_ok ? out : -1;
}

Napi::Value Result(const Napi::CallbackInfo& info, long ret) {
  return Napi::Number::New(info.Env(), static_cast<double>(ret < 0 ? -errno : ret));
}

Napi::Value Errno(const Napi::CallbackInfo& info, int err) {
  return Napi::Number::New(info.Env(), -err);
}

Memory* Of(const Napi::CallbackInfo& info) {
  return static_cast<Memory*>(info.Data());
}

// io_uring_setup(entries, params) → fd | -errno
Napi::Value IoUringSetup(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const uint32_t entries = U32(info, 0);
  void* params = nullptr;
  if (!Pointer(m, U32(info, 1), kSetupParamsSize, &params)) return Errno(info, EFAULT);
  return Result(info, syscall(__NR_io_uring_setup, entries, params));
}

// io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz) → n | -errno
Napi::Value IoUringEnter(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const int32_t fd = I32(info, 0);
  const uint32_t to_submit = U32(info, 1);
  const uint32_t min_complete = U32(info, 2);
  const uint32_t flags = U32(info, 3);
  const uint32_t arg = U32(info, 4);
  const uint32_t argsz = U32(info, 5);
  void* argp = nullptr;
  if (!Pointer(m, arg, argsz, &argp)) return Errno(info, EFAULT);
  return Result(info, syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, argp,
                              static_cast<size_t>(argsz)));
}

// The flags that make io_uring_enter read `arg` as an offset into a registered wait region
// (Linux 6.13; Debian 12's header predates the second).
constexpr uint32_t kEnterExtArgReg = (1U << 3) | (1U << 6);  // IORING_ENTER_EXT_ARG | _EXT_ARG_REG

// io_uring_enter_reg(fd, to_submit, min_complete, flags, offset, argsz) → n | -errno: the
// registered-wait form of io_uring_enter. `offset` locates a struct io_uring_reg_wait in the
// region registered with the ring (IORING_REGISTER_MEM_REGION), so it is passed by value, not
// translated; the two flags that make the kernel read it that way are always set, so it can
// never be taken for a pointer. The kernel checks it against the region.
Napi::Value IoUringEnterReg(const Napi::CallbackInfo& info) {
  const uintptr_t offset = U32(info, 4);
  return Result(info, syscall(__NR_io_uring_enter, I32(info, 0), U32(info, 1), U32(info, 2),
                              U32(info, 3) | kEnterExtArgReg, reinterpret_cast<void*>(offset),
                              static_cast<size_t>(U32(info, 5))));
}

// io_uring_register(fd, opcode, arg, arg_len, nr_args) → result | -errno
Napi::Value IoUringRegister(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const int32_t fd = I32(info, 0);
  const uint32_t opcode = U32(info, 1);
  const uint32_t arg = U32(info, 2);
  const uint32_t arg_len = U32(info, 3);
  const uint32_t nr_args = U32(info, 4);
  void* argp = nullptr;
  if (!Pointer(m, arg, arg_len, &argp)) return Errno(info, EFAULT);
  return Result(info, syscall(__NR_io_uring_register, fd, opcode, argp, nr_args));
}

// Ordinary zeroed, private, read-write pages over [dest, dest + len): how V8 backs the memory.
long RestoreAnonymous(Memory* m, uint32_t dest, uint32_t len) {
  void* at = mmap(m->base + dest, len, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  return at == MAP_FAILED ? -1 : 0;
}

bool PageAligned(uint64_t x) {
  return x % static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) == 0;
}

// ring_map(fd, pgoff, dest, len) → 0 | -errno: the ring fd's region at pgoff over the memory.
Napi::Value RingMap(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const int32_t fd = I32(info, 0);
  const uint32_t pgoff = U32(info, 1);
  const uint32_t dest = U32(info, 2);
  const uint32_t len = U32(info, 3);
  if (len == 0 || !InBounds(m, dest, len)) return Errno(info, EFAULT);
  if (!PageAligned(dest) || !PageAligned(len)) return Errno(info, EINVAL);
  void* at = mmap(m->base + dest, len, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd, pgoff);
  if (at != MAP_FAILED) return Napi::Number::New(info.Env(), 0);
  const int err = errno;
  RestoreAnonymous(m, dest, len);  // whatever the failed call left there, leave plain memory
  return Errno(info, err);
}

// ring_unmap(dest, len) → 0 | -errno
Napi::Value RingUnmap(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const uint32_t dest = U32(info, 0);
  const uint32_t len = U32(info, 1);
  if (len == 0 || !InBounds(m, dest, len)) return Errno(info, EFAULT);
  if (!PageAligned(dest) || !PageAligned(len)) return Errno(info, EINVAL);
  return Result(info, RestoreAnonymous(m, dest, len));
}

// A region argument pair (offset, length) that must lie inside the memory; offset 0 is refused.
bool RegionAt(Memory* m, uint32_t off, uint32_t len, uring::Region* out) {
  if (off == 0 || len == 0 || !InBounds(m, off, len)) return false;
  *out = uring::Region{m->base + off, len};
  return true;
}

uring::Mirror* MirrorOf(Memory* m, uint32_t handle) {
  if (handle == 0 || handle > m->mirrors.size()) return nullptr;
  return m->mirrors[handle - 1].get();
}

// ring_mirror(fd, params, sq_ring, sq_len, cq_ring, cq_len, sqes, sqes_len) → handle | -errno:
// mirror placement (host/mirror.h) for a ring set up without IORING_SETUP_NO_MMAP. `params` is
// the struct io_uring_params its setup returned; the three regions are the guest's copy
// (cq_ring may equal sq_ring).
Napi::Value RingMirror(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const int32_t fd = I32(info, 0);
  void* params_at = nullptr;
  uring::Region sq_ring, cq_ring, sqes;
  if (U32(info, 1) == 0 || !Pointer(m, U32(info, 1), kSetupParamsSize, &params_at) ||
      !RegionAt(m, U32(info, 2), U32(info, 3), &sq_ring) ||
      !RegionAt(m, U32(info, 4), U32(info, 5), &cq_ring) ||
      !RegionAt(m, U32(info, 6), U32(info, 7), &sqes)) {
    return Errno(info, EFAULT);
  }
  io_uring_params params;  // a private copy: the guest's may change under us
  static_assert(sizeof(params) == kSetupParamsSize, "struct io_uring_params is 120 bytes");
  memcpy(&params, params_at, sizeof(params));
  std::unique_ptr<uring::Mirror> mirror;
  const int err = uring::Mirror::Create(fd, params, sq_ring, cq_ring, sqes, &mirror);
  if (err < 0) return Errno(info, -err);
  size_t slot = 0;
  while (slot < m->mirrors.size() && m->mirrors[slot]) slot++;
  if (slot == m->mirrors.size()) m->mirrors.emplace_back();
  m->mirrors[slot] = std::move(mirror);
  return Napi::Number::New(info.Env(), static_cast<double>(slot + 1));
}

// mirror_enter(handle, to_submit, min_complete, flags, arg, argsz) → n | -errno:
// io_uring_enter(2) on a mirrored ring, copying submissions out before and completions in after.
Napi::Value MirrorEnter(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  uring::Mirror* mirror = MirrorOf(m, U32(info, 0));
  if (!mirror) return Errno(info, EBADF);
  const uint32_t arg = U32(info, 4);
  const uint32_t argsz = U32(info, 5);
  void* argp = nullptr;
  if (!Pointer(m, arg, argsz, &argp)) return Errno(info, EFAULT);
  return Napi::Number::New(info.Env(), static_cast<double>(
      mirror->Enter(U32(info, 1), U32(info, 2), U32(info, 3), argp, argsz)));
}

// mirror_enter_reg(handle, to_submit, min_complete, flags, offset, argsz) → n | -errno:
// io_uring_enter_reg on a mirrored ring.
Napi::Value MirrorEnterReg(const Napi::CallbackInfo& info) {
  uring::Mirror* mirror = MirrorOf(Of(info), U32(info, 0));
  if (!mirror) return Errno(info, EBADF);
  const uintptr_t offset = U32(info, 4);
  return Napi::Number::New(info.Env(), static_cast<double>(mirror->Enter(
      U32(info, 1), U32(info, 2), U32(info, 3) | kEnterExtArgReg, reinterpret_cast<void*>(offset), U32(info, 5))));
}

// mirror_sync(handle) → 0 | -EBADF: both copies of a mirrored ring brought up to date.
Napi::Value MirrorSync(const Napi::CallbackInfo& info) {
  uring::Mirror* mirror = MirrorOf(Of(info), U32(info, 0));
  if (!mirror) return Errno(info, EBADF);
  mirror->Sync();
  return Napi::Number::New(info.Env(), 0);
}

// mirror_release(handle) → 0 | -EBADF: unmaps the kernel's rings (the fd is closed separately).
Napi::Value MirrorRelease(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  const uint32_t handle = U32(info, 0);
  if (!MirrorOf(m, handle)) return Errno(info, EBADF);
  m->mirrors[handle - 1].reset();
  return Napi::Number::New(info.Env(), 0);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  return Result(info, close(I32(info, 0)));
}

Napi::Value MemoryBase(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(Of(info)->base)));
}

Napi::Value PageSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(sysconf(_SC_PAGESIZE)));
}

// createBridge(memory: WebAssembly.Memory, view: Uint8Array over memory.buffer) → imports | null
Napi::Value CreateBridge(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsTypedArray()) return env.Null();
  Napi::TypedArray view = info[1].As<Napi::TypedArray>();
  if (view.TypedArrayType() != napi_uint8_array) return env.Null();
  // napi_get_typedarray_info gives the real data pointer even for a SharedArrayBuffer (Node 20's
  // napi_get_arraybuffer_info refuses those).
  void* data = nullptr;
  size_t length = 0;
  napi_value arraybuffer;
  size_t byte_offset = 0;
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, view, &type, &length, &data, &arraybuffer, &byte_offset) != napi_ok ||
      data == nullptr || byte_offset != 0) {
    return env.Null();
  }
  auto* m = new Memory();
  m->base = static_cast<uint8_t*>(data);
  m->object = Napi::Weak(info[0].As<Napi::Object>());

  Napi::Object imports = Napi::Object::New(env);
  auto add = [&](const char* name, Napi::Function::Callback cb) {
    Napi::Function fn = Napi::Function::New(env, cb, name, m);
    m->functions++;
    fn.AddFinalizer([](Napi::Env, Memory* mem) {
      if (--mem->functions == 0) delete mem;
    }, m);
    imports.Set(name, fn);
  };
  add("io_uring_setup", IoUringSetup);
  add("io_uring_enter", IoUringEnter);
  add("io_uring_enter_reg", IoUringEnterReg);
  add("io_uring_register", IoUringRegister);
  add("ring_map", RingMap);
  add("ring_unmap", RingUnmap);
  add("ring_mirror", RingMirror);
  add("mirror_enter", MirrorEnter);
  add("mirror_enter_reg", MirrorEnterReg);
  add("mirror_sync", MirrorSync);
  add("mirror_release", MirrorRelease);
  add("close", Close);
  add("memory_base", MemoryBase);
  add("page_size", PageSize);
  return imports;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("createBridge", Napi::Function::New(env, CreateBridge, "createBridge"));
  uring::InitPoller(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(uring_bridge, Init)
