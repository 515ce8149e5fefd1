#include "mirror.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef IORING_SETUP_NO_SQARRAY
#define IORING_SETUP_NO_SQARRAY (1U << 16)  // Linux 6.6; Debian 12's header predates it
#endif

namespace uring {
namespace {

uint32_t Acquire(const uint32_t* p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
void Release(uint32_t* p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }

// A u32 ring word at `offset` of a `size`-byte mapping, or null when it does not fit.
uint32_t* Word(uint8_t* base, size_t size, uint32_t offset) {
  if (offset > size || size - offset < sizeof(uint32_t) || offset % sizeof(uint32_t) != 0) {
    return nullptr;
  }
  return reinterpret_cast<uint32_t*>(base + offset);
}

// An array of `count` items of `item` bytes at `offset` of a `size`-byte mapping, or null.
uint8_t* Array(uint8_t* base, size_t size, uint32_t offset, size_t count, size_t item) {
  if (offset > size || (size - offset) / item < count) return nullptr;
  return base + offset;
}

void* MapRing(int fd, size_t size, off_t what) {
  void* at = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, what);
  return at == MAP_FAILED ? nullptr : at;
}

// Points `words` at the fields of one copy of the rings; false when a field lies outside it.
bool Locate(const io_uring_params& p, uint8_t* sq, size_t sq_size, uint8_t* cq, size_t cq_size,
            uint8_t* sqes, size_t sqes_size, size_t sqe_size, size_t cqe_size, RingWords* words) {
  words->sq_head = Word(sq, sq_size, p.sq_off.head);
  words->sq_tail = Word(sq, sq_size, p.sq_off.tail);
  words->sq_flags = Word(sq, sq_size, p.sq_off.flags);
  words->sq_dropped = Word(sq, sq_size, p.sq_off.dropped);
  const bool has_array = (p.flags & IORING_SETUP_NO_SQARRAY) == 0;
  words->sq_array = has_array
      ? reinterpret_cast<uint32_t*>(Array(sq, sq_size, p.sq_off.array, p.sq_entries, 4)) : nullptr;
  words->sqes = Array(sqes, sqes_size, 0, p.sq_entries, sqe_size);
  words->cq_head = Word(cq, cq_size, p.cq_off.head);
  words->cq_tail = Word(cq, cq_size, p.cq_off.tail);
  words->cq_overflow = Word(cq, cq_size, p.cq_off.overflow);
  words->cq_flags = p.cq_off.flags ? Word(cq, cq_size, p.cq_off.flags) : nullptr;
  words->cqes = Array(cq, cq_size, p.cq_off.cqes, p.cq_entries, cqe_size);
  return words->sq_head && words->sq_tail && words->sq_flags && words->sq_dropped &&
         (words->sq_array || !has_array) && words->sqes && words->cq_head && words->cq_tail &&
         words->cq_overflow && (words->cq_flags || !p.cq_off.flags) && words->cqes;
}

}  // namespace

int Mirror::Create(int fd, const io_uring_params& p, Region sq_ring, Region cq_ring, Region sqes,
                   std::unique_ptr<Mirror>* out) {
  const size_t sqe_size = p.flags & IORING_SETUP_SQE128 ? 128 : 64;
  const size_t cqe_size = p.flags & IORING_SETUP_CQE32 ? 32 : 16;
  const bool single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
  const uint32_t sq_entries = p.sq_entries;
  const uint32_t cq_entries = p.cq_entries;
  if (sq_entries == 0 || (sq_entries & (sq_entries - 1)) || cq_entries == 0 ||
      (cq_entries & (cq_entries - 1))) {
    return -EINVAL;
  }
  // The sizes liburing maps (io_uring_mmap): the kernel refuses a mapping larger than its rings.
  size_t sq_size = static_cast<size_t>(p.sq_off.array) + sq_entries * sizeof(uint32_t);
  size_t cq_size = static_cast<size_t>(p.cq_off.cqes) + cq_entries * cqe_size;
  if (single) sq_size = cq_size = sq_size > cq_size ? sq_size : cq_size;
  const size_t sqes_size = sq_entries * sqe_size;
  if (sq_ring.length < sq_size || cq_ring.length < cq_size || sqes.length < sqes_size) {
    return -EINVAL;
  }

  std::unique_ptr<Mirror> m(new Mirror());
  m->fd_ = fd;
  m->sq_entries_ = sq_entries;
  m->cq_entries_ = cq_entries;
  m->sqe_size_ = sqe_size;
  m->cqe_size_ = cqe_size;
  m->sq_map_size_ = sq_size;
  m->sq_map_ = MapRing(fd, sq_size, IORING_OFF_SQ_RING);
  if (!m->sq_map_) return -errno;
  if (single) {
    m->cq_map_ = m->sq_map_;
  } else {
    m->cq_map_size_ = cq_size;
    m->cq_map_ = MapRing(fd, cq_size, IORING_OFF_CQ_RING);
    if (!m->cq_map_) return -errno;
  }
  m->sqes_map_size_ = sqes_size;
  m->sqes_map_ = MapRing(fd, sqes_size, IORING_OFF_SQES);
  if (!m->sqes_map_) return -errno;

  auto* ksq = static_cast<uint8_t*>(m->sq_map_);
  auto* kcq = static_cast<uint8_t*>(m->cq_map_);
  auto* ksqes = static_cast<uint8_t*>(m->sqes_map_);
  if (!Locate(p, ksq, sq_size, kcq, cq_size, ksqes, sqes_size, sqe_size, cqe_size, &m->kernel_) ||
      !Locate(p, sq_ring.at, sq_size, cq_ring.at, cq_size, sqes.at, sqes_size, sqe_size, cqe_size,
              &m->guest_)) {
    return -EINVAL;
  }
  // The shape words, as the kernel wrote them; the params are the guest's to change, the
  // mapping is not.
  uint32_t* k_sq_mask = Word(ksq, sq_size, p.sq_off.ring_mask);
  uint32_t* k_sq_entries = Word(ksq, sq_size, p.sq_off.ring_entries);
  uint32_t* k_cq_mask = Word(kcq, cq_size, p.cq_off.ring_mask);
  uint32_t* k_cq_entries = Word(kcq, cq_size, p.cq_off.ring_entries);
  if (!k_sq_mask || !k_sq_entries || !k_cq_mask || !k_cq_entries ||
      *k_sq_entries != sq_entries || *k_cq_entries != cq_entries) {
    return -EINVAL;
  }
  *Word(sq_ring.at, sq_size, p.sq_off.ring_mask) = *k_sq_mask;
  *Word(sq_ring.at, sq_size, p.sq_off.ring_entries) = *k_sq_entries;
  *Word(cq_ring.at, cq_size, p.cq_off.ring_mask) = *k_cq_mask;
  *Word(cq_ring.at, cq_size, p.cq_off.ring_entries) = *k_cq_entries;
  m->sq_tail_ = Acquire(m->kernel_.sq_tail);
  m->cq_tail_ = Acquire(m->kernel_.cq_tail);
  Release(m->guest_.sq_tail, m->sq_tail_);
  Release(m->guest_.cq_head, Acquire(m->kernel_.cq_head));
  m->CopyState();
  *out = std::move(m);
  return 0;
}

Mirror::~Mirror() {
  if (sqes_map_) munmap(sqes_map_, sqes_map_size_);
  if (cq_map_ && cq_map_ != sq_map_) munmap(cq_map_, cq_map_size_);
  if (sq_map_) munmap(sq_map_, sq_map_size_);
}

// SQEs the guest published since the last call go to the same slots of the kernel's SQ, then
// the kernel's tail moves (release: the SQE bytes are visible before it). At most as many as the
// kernel's SQ has room for; the rest go at the next Sync.
void Mirror::CopySubmissions() {
  const uint32_t guest_tail = Acquire(guest_.sq_tail);
  const uint32_t room = sq_entries_ - (sq_tail_ - Acquire(kernel_.sq_head));
  uint32_t n = guest_tail - sq_tail_;
  if (n > room) n = room;
  if (n == 0) return;
  const uint32_t mask = sq_entries_ - 1;
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t slot = (sq_tail_ + i) & mask;
    uint32_t index = slot;
    if (guest_.sq_array) {
      index = guest_.sq_array[slot];
      kernel_.sq_array[slot] = index;  // out of range: the kernel drops it and counts it
    }
    if (index < sq_entries_) {
      memcpy(kernel_.sqes + index * sqe_size_, guest_.sqes + index * sqe_size_, sqe_size_);
    }
  }
  sq_tail_ += n;
  Release(kernel_.sq_tail, sq_tail_);
}

// The guest's CQ head frees the kernel's slots; CQEs the kernel posted since the last call go
// to the same slots of the guest's CQ, then the guest's tail moves.
void Mirror::CopyCompletions() {
  Release(kernel_.cq_head, Acquire(guest_.cq_head));
  const uint32_t tail = Acquire(kernel_.cq_tail);
  uint32_t n = tail - cq_tail_;
  if (n == 0) return;
  if (n > cq_entries_) n = cq_entries_;  // only a guest that moved its head past its tail
  const uint32_t mask = cq_entries_ - 1;
  for (uint32_t i = tail - n; i != tail; i++) {
    const size_t at = (i & mask) * cqe_size_;
    memcpy(guest_.cqes + at, kernel_.cqes + at, cqe_size_);
  }
  cq_tail_ = tail;
  Release(guest_.cq_tail, tail);
}

// The kernel's SQ head (read after the CQ tail, so no completion is seen before its SQE is
// consumed), flags and counters to the guest; the guest's CQ flags to the kernel.
void Mirror::CopyState() {
  Release(guest_.sq_head, Acquire(kernel_.sq_head));
  Release(guest_.sq_flags, Acquire(kernel_.sq_flags));
  Release(guest_.sq_dropped, Acquire(kernel_.sq_dropped));
  Release(guest_.cq_overflow, Acquire(kernel_.cq_overflow));
  if (kernel_.cq_flags) Release(kernel_.cq_flags, Acquire(guest_.cq_flags));
}

void Mirror::Sync() {
  CopySubmissions();
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  CopyCompletions();
  CopyState();
}

long Mirror::Enter(uint32_t to_submit, uint32_t min_complete, uint32_t flags, void* arg,
                   size_t argsz) {
  Sync();
  const long ret = syscall(__NR_io_uring_enter, fd_, to_submit, min_complete, flags, arg, argsz);
  const int err = errno;
  Sync();
  return ret < 0 ? -err : ret;
}

}  // namespace uring
