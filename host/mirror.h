// Mirror placement: the kernel's rings stay where the kernel mapped them, and ring.wasm works on
// a copy of them inside its linear memory (the guest's rings, same offsets, same sizes). This is
// the one place where submissions cross from the guest's rings to the kernel's and completions
// come back, so it is also where a host that does not trust its guest would check SQEs.
//
//   guest (linear memory)                  kernel (mmap of the ring fd)
//   sq.tail, sq.array[], sqe[]  ── Sync ──▶ sq.tail, sq.array[], sqe[]    SQEs published since
//   cq.head                     ── Sync ──▶ cq.head                        the last Sync
//   cq.tail, cqe[]              ◀── Sync ── cq.tail, cqe[]               CQEs posted since it
//   sq.head, sq.flags, sq.dropped,         sq.head, sq.flags, sq.dropped,
//   cq.overflow                 ◀── Sync ── cq.overflow
//   cq.flags                    ── Sync ──▶ cq.flags                       (written by the app)
//
// Both sides have the same number of entries, and the guest syncs whenever it moves its CQ head,
// so the kernel's CQ head equals the guest's: the kernel runs out of CQ space (and overflows
// into its backlog) exactly when the guest does. SQE and CQE bytes are copied, never read.

#pragma once

#include <linux/io_uring.h>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace uring {

// Pointers to the words and arrays of one copy of the rings.
struct RingWords {
  uint32_t* sq_head = nullptr;
  uint32_t* sq_tail = nullptr;
  uint32_t* sq_flags = nullptr;
  uint32_t* sq_dropped = nullptr;
  uint32_t* sq_array = nullptr;  // null with IORING_SETUP_NO_SQARRAY
  uint8_t* sqes = nullptr;
  uint32_t* cq_head = nullptr;
  uint32_t* cq_tail = nullptr;
  uint32_t* cq_overflow = nullptr;
  uint32_t* cq_flags = nullptr;  // null before Linux 5.8 (cq_off.flags == 0)
  uint8_t* cqes = nullptr;
};

// A guest memory region: where it starts in this process and how many bytes it has.
struct Region {
  uint8_t* at;
  size_t length;
};

class Mirror {
 public:
  // Maps the rings of `fd` (described by `params` as io_uring_setup(2) returned them) wherever
  // the kernel chooses and ties them to the guest's copy: `sq_ring` and `cq_ring` (the same
  // region when the kernel has IORING_FEAT_SINGLE_MMAP) and `sqes`. The guest regions must be
  // zeroed and at least as large as the kernel's. Writes the rings' shape (masks, entries) into
  // the guest's copy. Returns 0 or -errno.
  static int Create(int fd, const io_uring_params& params, Region sq_ring, Region cq_ring,
                    Region sqes, std::unique_ptr<Mirror>* out);
  ~Mirror();
  Mirror(const Mirror&) = delete;
  Mirror& operator=(const Mirror&) = delete;

  // Brings both copies up to date: submissions out, then a full barrier (SQPOLL reads the tail
  // and we read NEED_WAKEUP after it), then completions in and the kernel's flags and counters.
  void Sync();

  // io_uring_enter(2) between two Syncs: what the guest published is submitted and what the
  // kernel completed is visible to the guest when this returns. Returns the kernel's result
  // or -errno.
  long Enter(uint32_t to_submit, uint32_t min_complete, uint32_t flags, void* arg, size_t argsz);

 private:
  Mirror() = default;
  void CopySubmissions();
  void CopyCompletions();
  void CopyState();

  int fd_ = -1;
  RingWords guest_;
  RingWords kernel_;
  uint32_t sq_entries_ = 0;
  uint32_t cq_entries_ = 0;
  size_t sqe_size_ = 0;
  size_t cqe_size_ = 0;
  // The kernel's SQ tail and the guest's CQ tail: we are the only writer of both.
  uint32_t sq_tail_ = 0;
  uint32_t cq_tail_ = 0;
  // The kernel's mappings, for munmap.
  void* sq_map_ = nullptr;
  size_t sq_map_size_ = 0;
  void* cq_map_ = nullptr;
  size_t cq_map_size_ = 0;
  void* sqes_map_ = nullptr;
  size_t sqes_map_size_ = 0;
};

}  // namespace uring
