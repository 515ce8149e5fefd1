// The host side of the bridge ABI (assembly/bridge.ts): one function per syscall, for ring.wasm
// running in Node. It knows syscalls and addresses; what the rings mean is ring.wasm's business,
// except for the copy that mirror placement makes (host/mirror.h), which has to know where the
// heads and tails are.
//
// docs/bridge-abi.md specifies every import (src/conformance/ checks this host against it).
//
// createBridge(memory, view) binds the functions to one shared WebAssembly.Memory and returns
// them as an object, ready to be the module's "uring" imports. Pointer arguments are offsets
// into that memory (0 is NULL), each checked against the memory's current size before the
// syscall; results are values or -errno. Nothing throws: an argument that is not an integer of
// its range is -EBADF (an fd) or -EINVAL (anything else), before any syscall. The ring fds the
// bridge sets up are its own: it closes only those, and closes them when its environment ends.

#include <napi.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "environment.h"
#include "mirror.h"
#include "poller.h"

namespace {

// sizeof(struct io_uring_params): what io_uring_setup(2) reads and writes through its pointer.
constexpr uint64_t kSetupParamsSize = 120;

// A ring fd this bridge's io_uring_setup returned, with a private duplicate (the witness) of the
// same open file: the fd number alone cannot tell whether it still names this ring (code that
// double-closed it may have let the number go to another file), the witness can (kcmp).
struct OwnedRing {
  int fd;
  int witness;
  io_uring_params params;  // as the kernel wrote them: mirror placement maps by these, not the guest's
};

// Whether `fd` is still the open file `witness` is. kcmp(2) says for sure; where it is not
// allowed, the inode decides (unique per ring since 6.x; a shared one on older kernels).
bool SameFile(int fd, int witness) {
  const pid_t pid = getpid();
  const long same = syscall(SYS_kcmp, pid, pid, KCMP_FILE, fd, witness);
  if (same >= 0) return same == 0;
  struct stat a, b;
  return fstat(fd, &a) == 0 && fstat(witness, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// One per WebAssembly.Memory. Shared by the bridge's functions, freed with the last of them.
// Belongs to the environment that created it: when that goes (a worker ends), the rings it set
// up are closed and its mirrors unmapped (host/environment.h).
class Memory final : public uring::Resource {
 public:
  uint8_t* base = nullptr;
  Napi::ObjectReference object;  // weak: the WebAssembly.Memory, to read its current size
  int functions = 0;
  uring::Environment* environment = nullptr;
  // Rings in mirror placement; handle = index + 1. Their kernel mappings go with the memory.
  std::vector<std::unique_ptr<uring::Mirror>> mirrors;
  // Every ring fd setup returned and close has not closed yet, by fd.
  std::unordered_map<int, OwnedRing> rings;
  bool abandoned = false;

  ~Memory() override {
    if (environment) environment->Remove(this);
  }

  // The environment is going away: nothing of it can use these rings any more.
  bool Abandon() override {
    abandoned = true;
    mirrors.clear();
    for (auto& [fd, ring] : rings) CloseOwned(ring);
    rings.clear();
    return true;
  }

  // close(2) of an owned ring: the number only while it still names the ring; the witness always.
  static long CloseOwned(const OwnedRing& ring) {
    long ret = 0;
    if (SameFile(ring.fd, ring.witness)) ret = close(ring.fd);
    else errno = EBADF, ret = -1;
    const int err = errno;
    close(ring.witness);
    errno = err;
    return ret;
  }
};

// The memory's current size in bytes: memory.buffer.byteLength (the memory can grow; it never
// moves, being shared with a fixed maximum). 0 once the memory is gone.
uint64_t CurrentSize(Memory* m) {
  if (m->abandoned || m->object.IsEmpty()) return 0;
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

// The arguments of one import call, read with one napi call each (these run on every submit).
// Every parameter is a Wasm i32, which reaches JS as a signed number: an unsigned parameter
// (offsets, lengths, counts, flags, handles) is that number modulo 2^32, so 0x80000000 from
// Wasm arrives as -2147483648 and a direct JS caller may pass either form. Anything else (NaN,
// a string, a fraction, a number outside [-2^31, 2^32)) marks the call bad, and the import
// answers -EBADF for a bad fd and -EINVAL for any other bad argument, before any syscall.
class Args {
 public:
  explicit Args(const Napi::CallbackInfo& info) : info_(info) {}

  uint32_t U32(size_t i) {
    double v;
    if (!Number(i, &v) || v < -2147483648.0 || v > 4294967295.0 || v != static_cast<double>(static_cast<int64_t>(v))) {
      bad_arg_ = true;
      return 0;
    }
    return static_cast<uint32_t>(static_cast<int64_t>(v));
  }
  int32_t Fd(size_t i) {
    double v;
    if (!Number(i, &v) || v < -2147483648.0 || v > 2147483647.0 || v != static_cast<double>(static_cast<int64_t>(v))) {
      bad_fd_ = true;
      return -1;
    }
    return static_cast<int32_t>(v);
  }
  // 0 when every argument was good, else the -errno to answer with.
  int Error() const { return bad_fd_ ? -EBADF : bad_arg_ ? -EINVAL : 0; }

 private:
  bool Number(size_t i, double* out) {
    return napi_get_value_double(info_.Env(), info_[i], out) == napi_ok && !std::isnan(*out);
  }
  const Napi::CallbackInfo& info_;
  bool bad_fd_ = false;
  bool bad_arg_ = false;
};

Napi::Value Result(const Napi::CallbackInfo& info, long ret) {
  return Napi::Number::New(info.Env(), static_cast<double>(ret < 0 ? -errno : ret));
}

Napi::Value Errno(const Napi::CallbackInfo& info, int err) {
  return Napi::Number::New(info.Env(), -err);
}

Napi::Value Value(const Napi::CallbackInfo& info, long value) {
  return Napi::Number::New(info.Env(), static_cast<double>(value));
}

Memory* Of(const Napi::CallbackInfo& info) {
  return static_cast<Memory*>(info.Data());
}

// io_uring_setup(entries, params) → fd | -errno. The fd is owned by this bridge from then on
// (see OwnedRing), until its close.
Napi::Value IoUringSetup(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const uint32_t entries = args.U32(0);
  const uint32_t params_off = args.U32(1);
  if (const int err = args.Error()) return Errno(info, -err);
  void* params = nullptr;
  if (!Pointer(m, params_off, kSetupParamsSize, &params)) return Errno(info, EFAULT);
  const long fd = syscall(__NR_io_uring_setup, entries, params);
  if (fd < 0) return Errno(info, errno);
  OwnedRing ring{static_cast<int>(fd), fcntl(static_cast<int>(fd), F_DUPFD_CLOEXEC, 0), {}};
  if (ring.witness < 0) {
    const int err = errno;  // EMFILE: no fd left for the witness
    close(ring.fd);
    return Errno(info, err);
  }
  static_assert(sizeof(io_uring_params) == kSetupParamsSize, "struct io_uring_params is 120 bytes");
  memcpy(&ring.params, params, sizeof(ring.params));  // before the guest can change them
  auto stale = m->rings.find(ring.fd);
  if (stale != m->rings.end()) {
    // Its number was closed behind our back and has come back to us: only its witness is left.
    close(stale->second.witness);
    m->rings.erase(stale);
  }
  m->rings.emplace(ring.fd, ring);
  return Value(info, fd);
}

// io_uring_enter(fd, to_submit, min_complete, flags, arg, argsz) → n | -errno
Napi::Value IoUringEnter(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t to_submit = args.U32(1);
  const uint32_t min_complete = args.U32(2);
  const uint32_t flags = args.U32(3);
  const uint32_t arg = args.U32(4);
  const uint32_t argsz = args.U32(5);
  if (const int err = args.Error()) return Errno(info, -err);
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
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t to_submit = args.U32(1);
  const uint32_t min_complete = args.U32(2);
  const uint32_t flags = args.U32(3);
  const uintptr_t offset = args.U32(4);
  const uint32_t argsz = args.U32(5);
  if (const int err = args.Error()) return Errno(info, -err);
  return Result(info, syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags | kEnterExtArgReg,
                              reinterpret_cast<void*>(offset), static_cast<size_t>(argsz)));
}

// io_uring_register(fd, opcode, arg, arg_len, nr_args) → result | -errno. `arg_len` is what the
// kernel will access through `arg` for this opcode and `nr_args`: ring.wasm works it out
// (assembly/api/register.ts), the host checks it against the memory.
Napi::Value IoUringRegister(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t opcode = args.U32(1);
  const uint32_t arg = args.U32(2);
  const uint32_t arg_len = args.U32(3);
  const uint32_t nr_args = args.U32(4);
  if (const int err = args.Error()) return Errno(info, -err);
  void* argp = nullptr;
  if (!Pointer(m, arg, arg_len, &argp)) return Errno(info, EFAULT);
  return Result(info, syscall(__NR_io_uring_register, fd, opcode, argp, nr_args));
}

// A region argument (ring_map, ring_unmap, ring_mirror): at least one byte, inside the memory,
// not at offset 0 (NULL is no region; offset 0 holds the module's static data).
bool Region(Memory* m, uint32_t off, uint32_t len) {
  return off != 0 && len != 0 && InBounds(m, off, len);
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
// Only rings this bridge set up: a mapping of any other file over the memory is refused.
Napi::Value RingMap(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t pgoff = args.U32(1);
  const uint32_t dest = args.U32(2);
  const uint32_t len = args.U32(3);
  if (const int err = args.Error()) return Errno(info, -err);
  if (m->rings.count(fd) == 0) return Errno(info, EBADF);
  if (!Region(m, dest, len)) return Errno(info, EFAULT);
  if (!PageAligned(dest) || !PageAligned(len)) return Errno(info, EINVAL);
  void* at = mmap(m->base + dest, len, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_FIXED | MAP_POPULATE, fd, static_cast<off_t>(pgoff));
  if (at != MAP_FAILED) return Value(info, 0);
  const int err = errno;
  RestoreAnonymous(m, dest, len);  // whatever the failed call left there, leave plain memory
  return Errno(info, err);
}

// ring_unmap(dest, len) → 0 | -errno
Napi::Value RingUnmap(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const uint32_t dest = args.U32(0);
  const uint32_t len = args.U32(1);
  if (const int err = args.Error()) return Errno(info, -err);
  if (!Region(m, dest, len)) return Errno(info, EFAULT);
  if (!PageAligned(dest) || !PageAligned(len)) return Errno(info, EINVAL);
  return Result(info, RestoreAnonymous(m, dest, len));
}

// A region argument of ring_mirror, as the guest's bytes there; false when Region refuses it.
bool RegionAt(Memory* m, uint32_t off, uint32_t len, uring::Region* out) {
  if (!Region(m, off, len)) return false;
  *out = uring::Region{m->base + off, len};
  return true;
}

uring::Mirror* MirrorOf(Memory* m, uint32_t handle) {
  if (handle == 0 || handle > m->mirrors.size()) return nullptr;
  return m->mirrors[handle - 1].get();
}

// ring_mirror(fd, sq_ring, sq_len, cq_ring, cq_len, sqes, sqes_len) → handle | -errno: mirror
// placement (host/mirror.h) for a ring this bridge set up without IORING_SETUP_NO_MMAP. The
// kernel's rings are mapped and located by the params the kernel returned at setup (kept here:
// the guest's copy is the guest's to change); the three regions are the guest's copy (cq_ring
// may equal sq_ring).
Napi::Value RingMirror(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t sq_off = args.U32(1), sq_len = args.U32(2);
  const uint32_t cq_off = args.U32(3), cq_len = args.U32(4);
  const uint32_t sqes_off = args.U32(5), sqes_len = args.U32(6);
  if (const int err = args.Error()) return Errno(info, -err);
  auto owned = m->rings.find(fd);
  if (owned == m->rings.end()) return Errno(info, EBADF);
  uring::Region sq_ring, cq_ring, sqes;
  if (!RegionAt(m, sq_off, sq_len, &sq_ring) || !RegionAt(m, cq_off, cq_len, &cq_ring) ||
      !RegionAt(m, sqes_off, sqes_len, &sqes)) {
    return Errno(info, EFAULT);
  }
  // The guest's copy has the kernel's layout, page for page (the ring words are atomic).
  if (!PageAligned(sq_off) || !PageAligned(cq_off) || !PageAligned(sqes_off)) return Errno(info, EINVAL);
  std::unique_ptr<uring::Mirror> mirror;
  const int err = uring::Mirror::Create(fd, owned->second.params, sq_ring, cq_ring, sqes, &mirror);
  if (err < 0) return Errno(info, -err);
  size_t slot = 0;
  while (slot < m->mirrors.size() && m->mirrors[slot]) slot++;
  if (slot == m->mirrors.size()) m->mirrors.emplace_back();
  m->mirrors[slot] = std::move(mirror);
  return Value(info, static_cast<long>(slot + 1));
}

// mirror_enter(handle, to_submit, min_complete, flags, arg, argsz) → n | -errno:
// io_uring_enter(2) on a mirrored ring, copying submissions out before and completions in after.
Napi::Value MirrorEnter(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const uint32_t handle = args.U32(0);
  const uint32_t to_submit = args.U32(1);
  const uint32_t min_complete = args.U32(2);
  const uint32_t flags = args.U32(3);
  const uint32_t arg = args.U32(4);
  const uint32_t argsz = args.U32(5);
  uring::Mirror* mirror = MirrorOf(m, handle);
  if (!mirror) return Errno(info, EBADF);
  if (const int err = args.Error()) return Errno(info, -err);
  void* argp = nullptr;
  if (!Pointer(m, arg, argsz, &argp)) return Errno(info, EFAULT);
  return Value(info, mirror->Enter(to_submit, min_complete, flags, argp, argsz));
}

// mirror_enter_reg(handle, to_submit, min_complete, flags, offset, argsz) → n | -errno:
// io_uring_enter_reg on a mirrored ring.
Napi::Value MirrorEnterReg(const Napi::CallbackInfo& info) {
  Args args(info);
  const uint32_t handle = args.U32(0);
  const uint32_t to_submit = args.U32(1);
  const uint32_t min_complete = args.U32(2);
  const uint32_t flags = args.U32(3);
  const uintptr_t offset = args.U32(4);
  const uint32_t argsz = args.U32(5);
  uring::Mirror* mirror = MirrorOf(Of(info), handle);
  if (!mirror) return Errno(info, EBADF);
  if (const int err = args.Error()) return Errno(info, -err);
  return Value(info, mirror->Enter(to_submit, min_complete, flags | kEnterExtArgReg,
                                   reinterpret_cast<void*>(offset), argsz));
}

// mirror_sync(handle) → 0 | -EBADF: both copies of a mirrored ring brought up to date.
Napi::Value MirrorSync(const Napi::CallbackInfo& info) {
  Args args(info);
  uring::Mirror* mirror = MirrorOf(Of(info), args.U32(0));
  if (!mirror) return Errno(info, EBADF);
  mirror->Sync();
  return Value(info, 0);
}

// mirror_release(handle) → 0 | -EBADF: unmaps the kernel's rings (the fd is closed separately).
Napi::Value MirrorRelease(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const uint32_t handle = args.U32(0);
  if (!MirrorOf(m, handle)) return Errno(info, EBADF);
  m->mirrors[handle - 1].reset();
  return Value(info, 0);
}

// close(fd) → 0 | -errno: only ring fds this bridge set up (any other is -EBADF, so ring.wasm
// can never close a file of the process's); a number that no longer names its ring (closed
// and reused behind our back) is left alone, and the ring is let go of all the same.
Napi::Value Close(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  if (const int err = args.Error()) return Errno(info, -err);
  auto owned = m->rings.find(fd);
  if (owned == m->rings.end()) return Errno(info, EBADF);
  const long ret = Memory::CloseOwned(owned->second);
  m->rings.erase(owned);
  return Result(info, ret);
}

Napi::Value MemoryBase(const Napi::CallbackInfo& info) {
  return Value(info, static_cast<long>(reinterpret_cast<uintptr_t>(Of(info)->base)));
}

Napi::Value PageSize(const Napi::CallbackInfo& info) {
  return Value(info, sysconf(_SC_PAGESIZE));
}

// ─── Plain syscalls (ABI version 2) ─────────────────────────────────────────────────────────────
// For what a kernel's io_uring lacks: one syscall each, run here and now. Pointers are checked as
// everywhere (Pointer); a path is `len` bytes including its NUL, copied before the syscall so
// the kernel reads exactly the bytes checked.

constexpr uint32_t kPathMax = 4096;  // PATH_MAX, with its NUL

// A path argument copied into `out` (kPathMax bytes): 0, or the errno to answer with: EFAULT
// (offset 0, or not inside the memory), ENAMETOOLONG (over PATH_MAX), EINVAL (no NUL at its end).
int CopyPath(Memory* m, uint32_t off, uint32_t len, char* out) {
  if (off == 0 || !InBounds(m, off, len)) return EFAULT;
  if (len > kPathMax) return ENAMETOOLONG;
  if (len == 0) return EINVAL;
  std::memcpy(out, m->base + off, len);
  if (out[len - 1] != '\0') return EINVAL;
  return 0;
}

// socket(domain, type, protocol) → fd | -errno. The fd is the module's, not a ring of this bridge.
Napi::Value Socket(const Napi::CallbackInfo& info) {
  Args args(info);
  const uint32_t domain = args.U32(0);
  const uint32_t type = args.U32(1);
  const uint32_t protocol = args.U32(2);
  if (const int err = args.Error()) return Errno(info, -err);
  return Result(info, socket(static_cast<int>(domain), static_cast<int>(type), static_cast<int>(protocol)));
}

// bind(fd, addr, addr_len) → 0 | -errno
Napi::Value Bind(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t addr = args.U32(1);
  const uint32_t addr_len = args.U32(2);
  if (const int err = args.Error()) return Errno(info, -err);
  void* p = nullptr;
  if (!Pointer(m, addr, addr_len, &p)) return Errno(info, EFAULT);
  return Result(info, bind(fd, static_cast<const sockaddr*>(p), static_cast<socklen_t>(addr_len)));
}

// listen(fd, backlog) → 0 | -errno
Napi::Value Listen(const Napi::CallbackInfo& info) {
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t backlog = args.U32(1);
  if (const int err = args.Error()) return Errno(info, -err);
  return Result(info, listen(fd, static_cast<int>(backlog)));
}

// setsockopt(fd, level, optname, optval, optlen) → 0 | -errno
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t level = args.U32(1);
  const uint32_t optname = args.U32(2);
  const uint32_t optval = args.U32(3);
  const uint32_t optlen = args.U32(4);
  if (const int err = args.Error()) return Errno(info, -err);
  void* p = nullptr;
  if (!Pointer(m, optval, optlen, &p)) return Errno(info, EFAULT);
  return Result(info, setsockopt(fd, static_cast<int>(level), static_cast<int>(optname), p, static_cast<socklen_t>(optlen)));
}

// getsockname/getpeername(fd, addr, addr_len) → the address's full length | -errno. The
// socklen_t the kernel reads and writes is the host's own, starting at addr_len.
Napi::Value SockName(const Napi::CallbackInfo& info, bool peer) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t addr = args.U32(1);
  const uint32_t addr_len = args.U32(2);
  if (const int err = args.Error()) return Errno(info, -err);
  void* p = nullptr;
  if (!Pointer(m, addr, addr_len, &p)) return Errno(info, EFAULT);
  socklen_t len = static_cast<socklen_t>(addr_len);
  const int ret = peer ? getpeername(fd, static_cast<sockaddr*>(p), &len) : getsockname(fd, static_cast<sockaddr*>(p), &len);
  return ret < 0 ? Errno(info, errno) : Value(info, static_cast<long>(len));
}
Napi::Value GetSockName(const Napi::CallbackInfo& info) { return SockName(info, false); }
Napi::Value GetPeerName(const Napi::CallbackInfo& info) { return SockName(info, true); }

// shutdown(fd, how) → 0 | -errno
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t how = args.U32(1);
  if (const int err = args.Error()) return Errno(info, -err);
  return Result(info, shutdown(fd, static_cast<int>(how)));
}

// ftruncate(fd, length_lo, length_hi) → 0 | -errno: the length is the signed 64-bit hi:lo.
Napi::Value Ftruncate(const Napi::CallbackInfo& info) {
  Args args(info);
  const int32_t fd = args.Fd(0);
  const uint32_t lo = args.U32(1);
  const uint32_t hi = args.U32(2);
  if (const int err = args.Error()) return Errno(info, -err);
  const int64_t length = static_cast<int64_t>((static_cast<uint64_t>(hi) << 32) | lo);
  return Result(info, ftruncate(fd, static_cast<off_t>(length)));
}

// unlinkat(dirfd, path, path_len, flags) → 0 | -errno
Napi::Value Unlinkat(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t dirfd = args.Fd(0);
  const uint32_t path = args.U32(1);
  const uint32_t path_len = args.U32(2);
  const uint32_t flags = args.U32(3);
  if (const int err = args.Error()) return Errno(info, -err);
  char copy[kPathMax];
  if (const int err = CopyPath(m, path, path_len, copy)) return Errno(info, err);
  return Result(info, unlinkat(dirfd, copy, static_cast<int>(flags)));
}

// renameat2(olddirfd, oldpath, oldpath_len, newdirfd, newpath, newpath_len, flags) → 0 | -errno
Napi::Value Renameat2(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t olddirfd = args.Fd(0);
  const uint32_t oldpath = args.U32(1);
  const uint32_t oldpath_len = args.U32(2);
  const int32_t newdirfd = args.Fd(3);
  const uint32_t newpath = args.U32(4);
  const uint32_t newpath_len = args.U32(5);
  const uint32_t flags = args.U32(6);
  if (const int err = args.Error()) return Errno(info, -err);
  std::vector<char> from(kPathMax), to(kPathMax);
  if (const int err = CopyPath(m, oldpath, oldpath_len, from.data())) return Errno(info, err);
  if (const int err = CopyPath(m, newpath, newpath_len, to.data())) return Errno(info, err);
  return Result(info, syscall(SYS_renameat2, olddirfd, from.data(), newdirfd, to.data(), flags));
}

// mkdirat(dirfd, path, path_len, mode) → 0 | -errno
Napi::Value Mkdirat(const Napi::CallbackInfo& info) {
  Memory* m = Of(info);
  Args args(info);
  const int32_t dirfd = args.Fd(0);
  const uint32_t path = args.U32(1);
  const uint32_t path_len = args.U32(2);
  const uint32_t mode = args.U32(3);
  if (const int err = args.Error()) return Errno(info, -err);
  char copy[kPathMax];
  if (const int err = CopyPath(m, path, path_len, copy)) return Errno(info, err);
  return Result(info, mkdirat(dirfd, copy, static_cast<mode_t>(mode)));
}

// Whether `value` is an instance of globalThis[outer][name] (or globalThis[name] when `outer` is
// null), without leaving an exception pending (a throwing Symbol.hasInstance counts as no).
bool InstanceOfGlobal(Napi::Env env, napi_value value, const char* outer, const char* name) {
  Napi::Value scope = env.Global();
  if (outer) scope = scope.As<Napi::Object>().Get(outer);
  if (env.IsExceptionPending()) env.GetAndClearPendingException();
  if (!scope.IsObject()) return false;
  Napi::Value constructor = scope.As<Napi::Object>().Get(name);
  if (env.IsExceptionPending()) env.GetAndClearPendingException();
  if (!constructor.IsFunction()) return false;
  bool result = false;
  if (napi_instanceof(env, value, constructor, &result) != napi_ok) {
    if (env.IsExceptionPending()) env.GetAndClearPendingException();
    return false;
  }
  return result;
}

// createBridge(memory: WebAssembly.Memory, view: Uint8Array over memory.buffer) → imports | null.
// Only a shared memory (which has a fixed maximum, so it never moves: the kernel keeps
// addresses of it) and a view at offset 0 of its current buffer; null for anything else.
Napi::Value CreateBridge(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsTypedArray()) return env.Null();
  if (!InstanceOfGlobal(env, info[0], "WebAssembly", "Memory")) return env.Null();
  Napi::Value buffer = info[0].As<Napi::Object>().Get("buffer");
  if (env.IsExceptionPending()) env.GetAndClearPendingException();
  if (!buffer.IsObject() || !InstanceOfGlobal(env, buffer, nullptr, "SharedArrayBuffer")) return env.Null();
  Napi::TypedArray view = info[1].As<Napi::TypedArray>();
  if (view.TypedArrayType() != napi_uint8_array) return env.Null();
  // napi_get_typedarray_info gives the real data pointer even for a SharedArrayBuffer (Node 20's
  // napi_get_arraybuffer_info refuses those).
  void* data = nullptr;
  size_t length = 0;
  napi_value arraybuffer;
  size_t byte_offset = 0;
  napi_typedarray_type type;
  bool same_buffer = false;
  if (napi_get_typedarray_info(env, view, &type, &length, &data, &arraybuffer, &byte_offset) != napi_ok ||
      data == nullptr || byte_offset != 0 ||
      napi_strict_equals(env, arraybuffer, buffer, &same_buffer) != napi_ok || !same_buffer) {
    return env.Null();
  }
  uring::Environment* environment = uring::Environment::Of(env);
  if (!environment || environment->leaving()) return env.Null();
  auto* m = new Memory();
  m->base = static_cast<uint8_t*>(data);
  m->object = Napi::Weak(info[0].As<Napi::Object>());
  m->environment = environment;
  environment->Add(m, uring::Resource::Kind::kSyscalls);

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
  add("socket", Socket);
  add("bind", Bind);
  add("listen", Listen);
  add("setsockopt", SetSockOpt);
  add("getsockname", GetSockName);
  add("getpeername", GetPeerName);
  add("shutdown", Shutdown);
  add("ftruncate", Ftruncate);
  add("unlinkat", Unlinkat);
  add("renameat2", Renameat2);
  add("mkdirat", Mkdirat);
  return imports;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("createBridge", Napi::Function::New(env, CreateBridge, "createBridge"));
  uring::InitPoller(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(uring_bridge, Init)
