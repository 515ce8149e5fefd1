// The constants of the io_uring system API, under their C names (<linux/io_uring.h>, and the
// libc headers for the flags io_uring passes through to ordinary syscalls).
//
// This is the Linux 5.8 set that the seed (the D library `during`) defines, plus what the ring
// placement needs from later kernels (marked with the version that brought it). Every exported
// constant here is compared with the C headers by test/layout.test.js, by name.
//
// Exported as immutable i32 globals: src/ turns them into `constants` (like `fs.constants`).

// ─── mmap offsets of the three regions (io_uring_setup(2)) ───────────────────────────────────────
export const IORING_OFF_SQ_RING: u32 = 0;
export const IORING_OFF_CQ_RING: u32 = 0x8000000;
export const IORING_OFF_SQES: u32 = 0x10000000;

// ─── Opcodes: io_uring_sqe.opcode ────────────────────────────────────────────────────────────────
// Linux 5.1
export const IORING_OP_NOP: u8 = 0;
export const IORING_OP_READV: u8 = 1;
export const IORING_OP_WRITEV: u8 = 2;
export const IORING_OP_FSYNC: u8 = 3;
export const IORING_OP_READ_FIXED: u8 = 4;
export const IORING_OP_WRITE_FIXED: u8 = 5;
export const IORING_OP_POLL_ADD: u8 = 6;
export const IORING_OP_POLL_REMOVE: u8 = 7;
// Linux 5.2
export const IORING_OP_SYNC_FILE_RANGE: u8 = 8;
// Linux 5.3
export const IORING_OP_SENDMSG: u8 = 9;
export const IORING_OP_RECVMSG: u8 = 10;
// Linux 5.4
export const IORING_OP_TIMEOUT: u8 = 11;
// Linux 5.5
export const IORING_OP_TIMEOUT_REMOVE: u8 = 12;
export const IORING_OP_ACCEPT: u8 = 13;
export const IORING_OP_ASYNC_CANCEL: u8 = 14;
export const IORING_OP_LINK_TIMEOUT: u8 = 15;
export const IORING_OP_CONNECT: u8 = 16;
// Linux 5.6
export const IORING_OP_FALLOCATE: u8 = 17;
export const IORING_OP_OPENAT: u8 = 18;
export const IORING_OP_CLOSE: u8 = 19;
export const IORING_OP_FILES_UPDATE: u8 = 20;
export const IORING_OP_STATX: u8 = 21;
export const IORING_OP_READ: u8 = 22;
export const IORING_OP_WRITE: u8 = 23;
export const IORING_OP_FADVISE: u8 = 24;
export const IORING_OP_MADVISE: u8 = 25;
export const IORING_OP_SEND: u8 = 26;
export const IORING_OP_RECV: u8 = 27;
export const IORING_OP_OPENAT2: u8 = 28;
export const IORING_OP_EPOLL_CTL: u8 = 29;
// Linux 5.7
export const IORING_OP_SPLICE: u8 = 30;
export const IORING_OP_PROVIDE_BUFFERS: u8 = 31;
export const IORING_OP_REMOVE_BUFFERS: u8 = 32;
// Linux 5.8
export const IORING_OP_TEE: u8 = 33;

// ─── io_uring_sqe.flags (IOSQE_*) ────────────────────────────────────────────────────────────────
/** `fd` is an index into the files registered with IORING_REGISTER_FILES. */
export const IOSQE_FIXED_FILE: u8 = 1 << 0;
/** Issue after all earlier requests have completed; later ones wait for it (5.2). */
export const IOSQE_IO_DRAIN: u8 = 1 << 1;
/** The next SQE starts only when this one has completed; a failure cancels the rest (5.3). */
export const IOSQE_IO_LINK: u8 = 1 << 2;
/** Like IO_LINK, but the chain is not severed by a negative result (5.5). */
export const IOSQE_IO_HARDLINK: u8 = 1 << 3;
/** Always issue from an async worker instead of trying inline first (5.6). */
export const IOSQE_ASYNC: u8 = 1 << 4;
/** Pick a buffer from the provided-buffer group in `buf_group`; its id comes back in the CQE flags (5.7). */
export const IOSQE_BUFFER_SELECT: u8 = 1 << 5;

// ─── io_uring_cqe.flags ──────────────────────────────────────────────────────────────────────────
/** The upper 16 bits of the CQE flags hold the id of the selected buffer (5.7). */
export const IORING_CQE_F_BUFFER: u32 = 1 << 0;
export const IORING_CQE_BUFFER_SHIFT: u32 = 16;

// ─── io_uring_params.flags: io_uring_setup(2) flags ──────────────────────────────────────────────
/** Busy-poll for completions (O_DIRECT files on pollable block devices). */
export const IORING_SETUP_IOPOLL: u32 = 1 << 0;
/** A kernel thread polls the SQ; submission needs no syscall while it is awake. */
export const IORING_SETUP_SQPOLL: u32 = 1 << 1;
/** Pin the SQPOLL thread to `sq_thread_cpu`. */
export const IORING_SETUP_SQ_AFF: u32 = 1 << 2;
/** The CQ gets `cq_entries` entries (rounded up to a power of two) instead of 2 × SQ (5.5). */
export const IORING_SETUP_CQSIZE: u32 = 1 << 3;
/** Clamp too-large SQ/CQ sizes to the maximum instead of failing with EINVAL (5.6). */
export const IORING_SETUP_CLAMP: u32 = 1 << 4;
/** Share the async worker pool of the ring in `wq_fd` (5.6). */
export const IORING_SETUP_ATTACH_WQ: u32 = 1 << 5;
/** The application provides the ring memory at `sq_off.user_addr`/`cq_off.user_addr` (6.5). */
export const IORING_SETUP_NO_MMAP: u32 = 1 << 14;

// ─── io_uring_params.features ────────────────────────────────────────────────────────────────────
/** SQ and CQ rings share one mmap (5.4). */
export const IORING_FEAT_SINGLE_MMAP: u32 = 1 << 0;
/** Completions are never dropped: they wait in a backlog while the CQ is full (5.5). */
export const IORING_FEAT_NODROP: u32 = 1 << 1;
/** Data for async offload has been consumed once the kernel has consumed the SQE (5.5). */
export const IORING_FEAT_SUBMIT_STABLE: u32 = 1 << 2;
/** An offset of -1 means "the file's current position" for reads and writes (5.6). */
export const IORING_FEAT_RW_CUR_POS: u32 = 1 << 3;
/** Async work runs with the submitter's credentials (5.6). */
export const IORING_FEAT_CUR_PERSONALITY: u32 = 1 << 4;
/** Pollable files are retried on readiness instead of by a blocking worker (5.7). */
export const IORING_FEAT_FAST_POLL: u32 = 1 << 5;
/** Poll events are 32 bits wide (EPOLLEXCLUSIVE) (5.9). */
export const IORING_FEAT_POLL_32BITS: u32 = 1 << 6;

// ─── SQ ring flags (io_sqring_offsets.flags) ─────────────────────────────────────────────────────
/** The SQPOLL thread sleeps: enter with IORING_ENTER_SQ_WAKEUP to wake it. */
export const IORING_SQ_NEED_WAKEUP: u32 = 1 << 0;
/** Completions wait in the overflow backlog: enter with GETEVENTS to flush them (5.8). */
export const IORING_SQ_CQ_OVERFLOW: u32 = 1 << 1;

// ─── CQ ring flags (io_cqring_offsets.flags) ─────────────────────────────────────────────────────
/** Set by the application to stop eventfd notifications (5.8). */
export const IORING_CQ_EVENTFD_DISABLED: u32 = 1 << 0;

// ─── io_uring_enter(2) flags ─────────────────────────────────────────────────────────────────────
export const IORING_ENTER_GETEVENTS: u32 = 1 << 0;
export const IORING_ENTER_SQ_WAKEUP: u32 = 1 << 1;

// ─── io_uring_register(2) opcodes ────────────────────────────────────────────────────────────────
export const IORING_REGISTER_BUFFERS: u32 = 0;
export const IORING_UNREGISTER_BUFFERS: u32 = 1;
export const IORING_REGISTER_FILES: u32 = 2;
export const IORING_UNREGISTER_FILES: u32 = 3;
/** Linux 5.2 */
export const IORING_REGISTER_EVENTFD: u32 = 4;
export const IORING_UNREGISTER_EVENTFD: u32 = 5;
/** Linux 5.5 */
export const IORING_REGISTER_FILES_UPDATE: u32 = 6;
/** Linux 5.6: eventfd notified only for completions that happen asynchronously. */
export const IORING_REGISTER_EVENTFD_ASYNC: u32 = 7;
export const IORING_REGISTER_PROBE: u32 = 8;
export const IORING_REGISTER_PERSONALITY: u32 = 9;
export const IORING_UNREGISTER_PERSONALITY: u32 = 10;

/** io_uring_probe_op.flags: the opcode is supported. */
export const IO_URING_OP_SUPPORTED: u16 = 1 << 0;

// ─── Per-opcode flags carried in the op-flags union ──────────────────────────────────────────────
/** fsync_flags: fdatasync(2) semantics. */
export const IORING_FSYNC_DATASYNC: u32 = 1 << 0;
/** timeout_flags: the timespec is absolute (5.5). */
export const IORING_TIMEOUT_ABS: u32 = 1 << 0;
/** splice_flags: `splice_fd_in` is a registered-file index (5.7). */
export const SPLICE_F_FD_IN_FIXED: u32 = 1 << 31;

// rw_flags: preadv2(2)/pwritev2(2) flags (<linux/fs.h>)
export const RWF_HIPRI: i32 = 0x01;
export const RWF_DSYNC: i32 = 0x02;
export const RWF_SYNC: i32 = 0x04;
export const RWF_NOWAIT: i32 = 0x08;
export const RWF_APPEND: i32 = 0x10;

// poll32_events: poll(2) events (<poll.h>, <sys/epoll.h>)
export const POLLIN: u32 = 0x001;
export const POLLPRI: u32 = 0x002;
export const POLLOUT: u32 = 0x004;
export const POLLERR: u32 = 0x008;
export const POLLHUP: u32 = 0x010;
export const POLLNVAL: u32 = 0x020;
export const POLLRDNORM: u32 = 0x040;
export const POLLRDBAND: u32 = 0x080;
export const POLLWRNORM: u32 = 0x100;
export const POLLWRBAND: u32 = 0x200;
export const POLLRDHUP: u32 = 0x2000;
export const EPOLLEXCLUSIVE: u32 = 0x10000000;

// sync_range_flags: sync_file_range(2)
export const SYNC_FILE_RANGE_WAIT_BEFORE: u32 = 1;
export const SYNC_FILE_RANGE_WRITE: u32 = 2;
export const SYNC_FILE_RANGE_WAIT_AFTER: u32 = 4;

// msg_flags: send(2)/recv(2) and the msg variants (<sys/socket.h>)
export const MSG_OOB: u32 = 0x01;
export const MSG_PEEK: u32 = 0x02;
export const MSG_DONTROUTE: u32 = 0x04;
export const MSG_TRUNC: u32 = 0x20;
export const MSG_DONTWAIT: u32 = 0x40;
export const MSG_EOR: u32 = 0x80;
export const MSG_WAITALL: u32 = 0x100;
export const MSG_CONFIRM: u32 = 0x800;
export const MSG_ERRQUEUE: u32 = 0x2000;
export const MSG_NOSIGNAL: u32 = 0x4000;
export const MSG_MORE: u32 = 0x8000;
export const MSG_CMSG_CLOEXEC: u32 = 0x40000000;

// accept_flags: accept4(2)
export const SOCK_NONBLOCK: u32 = 0x800;
export const SOCK_CLOEXEC: u32 = 0x80000;

// ─── Placements: how the rings got into the linear memory (wasm-uring's own, not the kernel's) ─
export const PLACEMENT_AUTO: u32 = 0;
/** IORING_SETUP_NO_MMAP on regions of the linear memory (Linux 6.5+). */
export const PLACEMENT_USER_MEMORY: u32 = 1;
/** The kernel's ring mmap placed over regions of the linear memory with MAP_FIXED. */
export const PLACEMENT_FIXED_MMAP: u32 = 2;
/** The kernel maps its rings where it likes; the host copies SQEs out and CQEs in (any kernel). */
export const PLACEMENT_MIRROR: u32 = 3;

// ─── Path-based opcodes (OPENAT, OPENAT2, STATX): <fcntl.h>, <linux/stat.h> ───────────────────────
/** dirfd meaning "relative to the current directory". */
export const AT_FDCWD: i32 = -100;
export const AT_SYMLINK_NOFOLLOW: u32 = 0x100;
export const AT_EMPTY_PATH: u32 = 0x1000;
// statx mask bits: what to fill in
export const STATX_TYPE: u32 = 0x001;
export const STATX_MODE: u32 = 0x002;
export const STATX_NLINK: u32 = 0x004;
export const STATX_UID: u32 = 0x008;
export const STATX_GID: u32 = 0x010;
export const STATX_ATIME: u32 = 0x020;
export const STATX_MTIME: u32 = 0x040;
export const STATX_CTIME: u32 = 0x080;
export const STATX_INO: u32 = 0x100;
export const STATX_SIZE: u32 = 0x200;
export const STATX_BLOCKS: u32 = 0x400;
export const STATX_BASIC_STATS: u32 = 0x7ff;
