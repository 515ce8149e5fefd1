// struct io_uring_params (120 bytes): passed to io_uring_setup(2), filled in by the kernel with
// the sizes, features and the offsets of every ring field inside the ring regions.
//
//    0         4         8        12             16             20        24      28        40
//    ├sq_entries┼cq_entries┼─flags─┼sq_thread_cpu─┼sq_thread_idle┼features─┼wq_fd──┼──resv[3]─┤
//   40                                  80                                 120
//    ├──────── sq_off (io_sqring_offsets) ┼──────── cq_off (io_cqring_offsets) ┤

/** struct io_sqring_offsets (40 bytes): where each SQ field sits in the rings region. */
@unmanaged
export class io_sqring_offsets {
  head: u32;
  tail: u32;
  ring_mask: u32;
  ring_entries: u32;
  /** IORING_SQ_* flags, written by the kernel. */
  flags: u32;
  /** Entries dropped because their index in `array` was out of range. */
  dropped: u32;
  /** The index array: slot i of the SQ names the SQE to use. */
  array: u32;
  resv1: u32;
  /** With IORING_SETUP_NO_MMAP: address of the SQE array (6.5; was resv2). */
  user_addr: u64;
}

/** struct io_cqring_offsets (40 bytes): where each CQ field sits in the rings region. */
@unmanaged
export class io_cqring_offsets {
  head: u32;
  tail: u32;
  ring_mask: u32;
  ring_entries: u32;
  /** Completions the kernel could not post (without IORING_FEAT_NODROP: lost). */
  overflow: u32;
  /** The CQE array. */
  cqes: u32;
  /** IORING_CQ_* flags, written by the application (5.8). */
  flags: u32;
  resv1: u32;
  /** With IORING_SETUP_NO_MMAP: address of the rings region (SQ and CQ) (6.5; was resv2). */
  user_addr: u64;
}

@unmanaged
export class io_uring_params {
  /** out: SQ size (a power of two). */
  sq_entries: u32;
  /** in with IORING_SETUP_CQSIZE, out: CQ size. */
  cq_entries: u32;
  /** in: IORING_SETUP_* flags. */
  flags: u32;
  /** in with IORING_SETUP_SQ_AFF: CPU of the SQPOLL thread. */
  sq_thread_cpu: u32;
  /** in with IORING_SETUP_SQPOLL: idle time before the poll thread sleeps, in milliseconds. */
  sq_thread_idle: u32;
  /** out: IORING_FEAT_* bits (5.4). */
  features: u32;
  /** in with IORING_SETUP_ATTACH_WQ: the ring whose workers to share (5.6). */
  wq_fd: u32;
  resv_0: u32;
  resv_1: u32;
  resv_2: u32;
  // Embedded structs are spelled out: AssemblyScript classes are references, not values. These
  // words are their storage (read through the getters), so that `new io_uring_params()` in a
  // guest is the kernel's whole 120 bytes.
  private sq_off_0: u64;
  private sq_off_1: u64;
  private sq_off_2: u64;
  private sq_off_3: u64;
  private sq_off_4: u64;
  private cq_off_0: u64;
  private cq_off_1: u64;
  private cq_off_2: u64;
  private cq_off_3: u64;
  private cq_off_4: u64;
  @inline get sq_off(): io_sqring_offsets {
    return changetype<io_sqring_offsets>(changetype<usize>(this) + SQ_OFF);
  }
  @inline get cq_off(): io_cqring_offsets {
    return changetype<io_cqring_offsets>(changetype<usize>(this) + CQ_OFF);
  }
}

// sq_off and cq_off live in the 80 bytes after the ten u32s.
export const SQ_OFF: usize = offsetof<io_uring_params>("sq_off_0");
export const CQ_OFF: usize = offsetof<io_uring_params>("cq_off_0");
export const SIZEOF_PARAMS: usize = offsetof<io_uring_params>();
// The storage words are as large as the structs they hold.
assert(CQ_OFF - SQ_OFF == offsetof<io_sqring_offsets>() && SIZEOF_PARAMS - CQ_OFF == offsetof<io_cqring_offsets>());
