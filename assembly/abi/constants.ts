// The constants of the io_uring system API, under their C names (<linux/io_uring.h>, and the
// libc headers for the flags io_uring passes through to ordinary syscalls).
//
// The Linux 5.8 set that the seed (the D library `during`) defines, brought up to Linux 6.18 (and
// the two opcodes after it). Each constant newer than 5.1 names the version that brought it, as
// "(X.Y)" at the end of its doc comment or in a "// Linux X.Y" line heading its group:
// test/layout.test.js compares every exported constant with the C headers by name, and accepts
// one the headers lack only when it is marked newer than they are.
//
// Exported as immutable i32 globals: src/ turns them into `constants` (like `fs.constants`).

// ─── mmap offsets of the three regions (io_uring_setup(2)) ───────────────────────────────────────
export const IORING_OFF_SQ_RING: u32 = 0;
export const IORING_OFF_CQ_RING: u32 = 0x8000000;
export const IORING_OFF_SQES: u32 = 0x10000000;
/** A provided-buffer ring the kernel allocated (IOU_PBUF_RING_MMAP): this | bgid << IORING_OFF_PBUF_SHIFT (6.4). */
export const IORING_OFF_PBUF_RING: u32 = 0x80000000;
/** (6.4) */
export const IORING_OFF_PBUF_SHIFT: u32 = 16;
/** (5.19) */
export const IORING_OFF_MMAP_MASK: u32 = 0xf8000000;

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
// Linux 5.11
export const IORING_OP_SHUTDOWN: u8 = 34;
export const IORING_OP_RENAMEAT: u8 = 35;
export const IORING_OP_UNLINKAT: u8 = 36;
// Linux 5.15
export const IORING_OP_MKDIRAT: u8 = 37;
export const IORING_OP_SYMLINKAT: u8 = 38;
export const IORING_OP_LINKAT: u8 = 39;
// Linux 5.18
export const IORING_OP_MSG_RING: u8 = 40;
// Linux 5.19
export const IORING_OP_FSETXATTR: u8 = 41;
export const IORING_OP_SETXATTR: u8 = 42;
export const IORING_OP_FGETXATTR: u8 = 43;
export const IORING_OP_GETXATTR: u8 = 44;
export const IORING_OP_SOCKET: u8 = 45;
export const IORING_OP_URING_CMD: u8 = 46;
// Linux 6.0
export const IORING_OP_SEND_ZC: u8 = 47;
// Linux 6.1
export const IORING_OP_SENDMSG_ZC: u8 = 48;
// Linux 6.7
export const IORING_OP_READ_MULTISHOT: u8 = 49;
export const IORING_OP_WAITID: u8 = 50;
export const IORING_OP_FUTEX_WAIT: u8 = 51;
export const IORING_OP_FUTEX_WAKE: u8 = 52;
export const IORING_OP_FUTEX_WAITV: u8 = 53;
// Linux 6.8
export const IORING_OP_FIXED_FD_INSTALL: u8 = 54;
// Linux 6.9
export const IORING_OP_FTRUNCATE: u8 = 55;
// Linux 6.11
export const IORING_OP_BIND: u8 = 56;
export const IORING_OP_LISTEN: u8 = 57;
// Linux 6.15
export const IORING_OP_RECV_ZC: u8 = 58;
export const IORING_OP_EPOLL_WAIT: u8 = 59;
export const IORING_OP_READV_FIXED: u8 = 60;
export const IORING_OP_WRITEV_FIXED: u8 = 61;
// Linux 6.16
export const IORING_OP_PIPE: u8 = 62;
// Linux 6.19: 128-byte SQEs in a ring set up with IORING_SETUP_SQE_MIXED
export const IORING_OP_NOP128: u8 = 63;
export const IORING_OP_URING_CMD128: u8 = 64;

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
/** Post no CQE when the request succeeds (5.17). */
export const IOSQE_CQE_SKIP_SUCCESS: u8 = 1 << 6;

// ─── io_uring_cqe.flags ──────────────────────────────────────────────────────────────────────────
/** The upper 16 bits of the CQE flags hold the id of the selected buffer (5.7). */
export const IORING_CQE_F_BUFFER: u32 = 1 << 0;
/** The request stays armed: more CQEs will follow for it (multishot) (5.13). */
export const IORING_CQE_F_MORE: u32 = 1 << 1;
/** The socket has more data to read after this receive (5.19). */
export const IORING_CQE_F_SOCK_NONEMPTY: u32 = 1 << 2;
/** A zero-copy send's notification: its buffer may be reused now (6.0). */
export const IORING_CQE_F_NOTIF: u32 = 1 << 3;
/** The selected buffer was only partly consumed and will be used for more CQEs (IOU_PBUF_RING_INC) (6.12). */
export const IORING_CQE_F_BUF_MORE: u32 = 1 << 4;
/** Filler in a mixed-size CQ: skip this CQE (IORING_SETUP_CQE_MIXED) (6.18). */
export const IORING_CQE_F_SKIP: u32 = 1 << 5;
/** A 32-byte CQE in a mixed-size CQ (IORING_SETUP_CQE_MIXED) (6.18). */
export const IORING_CQE_F_32: u32 = 1 << 15;
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
/** The ring starts disabled, until IORING_REGISTER_ENABLE_RINGS (restrictions go in first) (5.10). */
export const IORING_SETUP_R_DISABLED: u32 = 1 << 6;
/** Go on submitting the batch after an SQE fails to submit (5.18). */
export const IORING_SETUP_SUBMIT_ALL: u32 = 1 << 7;
/** Completion work waits for the task's next kernel entry instead of interrupting it (5.19). */
export const IORING_SETUP_COOP_TASKRUN: u32 = 1 << 8;
/** Set IORING_SQ_TASKRUN when such work is waiting (with COOP_TASKRUN or DEFER_TASKRUN) (5.19). */
export const IORING_SETUP_TASKRUN_FLAG: u32 = 1 << 9;
/** 128-byte SQEs (URING_CMD's 80-byte command area) (5.19). */
export const IORING_SETUP_SQE128: u32 = 1 << 10;
/** 32-byte CQEs (16 more bytes of result) (5.19). */
export const IORING_SETUP_CQE32: u32 = 1 << 11;
/** Only one task submits (6.0). */
export const IORING_SETUP_SINGLE_ISSUER: u32 = 1 << 12;
/** Completion work runs only when the task enters to get events (needs SINGLE_ISSUER) (6.1). */
export const IORING_SETUP_DEFER_TASKRUN: u32 = 1 << 13;
/** The application provides the ring memory at `sq_off.user_addr`/`cq_off.user_addr` (6.5). */
export const IORING_SETUP_NO_MMAP: u32 = 1 << 14;
/** io_uring_setup returns a registered ring index instead of an fd (6.5). */
export const IORING_SETUP_REGISTERED_FD_ONLY: u32 = 1 << 15;
/** No SQ index array: the kernel takes SQEs in ring order (6.6). */
export const IORING_SETUP_NO_SQARRAY: u32 = 1 << 16;
/** IOPOLL that sleeps before it polls (6.13). */
export const IORING_SETUP_HYBRID_IOPOLL: u32 = 1 << 17;
/** 16- and 32-byte CQEs in one CQ, told apart by IORING_CQE_F_32 (6.18). */
export const IORING_SETUP_CQE_MIXED: u32 = 1 << 18;
/** 64- and 128-byte SQEs in one SQ, told apart by opcode (NOP128, URING_CMD128) (6.19). */
export const IORING_SETUP_SQE_MIXED: u32 = 1 << 19;

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
/** SQPOLL rings may use unregistered files (5.11). */
export const IORING_FEAT_SQPOLL_NONFIXED: u32 = 1 << 7;
/** io_uring_enter takes IORING_ENTER_EXT_ARG (a timeout with the wait) (5.11). */
export const IORING_FEAT_EXT_ARG: u32 = 1 << 8;
/** Async workers are threads of the submitting task (5.12). */
export const IORING_FEAT_NATIVE_WORKERS: u32 = 1 << 9;
/** Registered files and buffers can carry tags, posted when they are released (5.13). */
export const IORING_FEAT_RSRC_TAGS: u32 = 1 << 10;
/** IOSQE_CQE_SKIP_SUCCESS is supported (5.17). */
export const IORING_FEAT_CQE_SKIP: u32 = 1 << 11;
/** A linked request's file is assigned when it starts, after its predecessors ran (5.17). */
export const IORING_FEAT_LINKED_FILE: u32 = 1 << 12;
/** io_uring_register accepts a registered ring index (IORING_REGISTER_USE_REGISTERED_RING) (6.3). */
export const IORING_FEAT_REG_REG_RING: u32 = 1 << 13;
/** Send and receive take IORING_RECVSEND_BUNDLE (6.10). */
export const IORING_FEAT_RECVSEND_BUNDLE: u32 = 1 << 14;
/** io_uring_getevents_arg.min_wait_usec is honoured (6.12). */
export const IORING_FEAT_MIN_TIMEOUT: u32 = 1 << 15;
/** Reads and writes take attributes (attr_ptr, attr_type_mask) (6.16). */
export const IORING_FEAT_RW_ATTR: u32 = 1 << 16;
/** io_uring_enter takes IORING_ENTER_NO_IOWAIT (6.15). */
export const IORING_FEAT_NO_IOWAIT: u32 = 1 << 17;

// ─── SQ ring flags (io_sqring_offsets.flags) ─────────────────────────────────────────────────────
/** The SQPOLL thread sleeps: enter with IORING_ENTER_SQ_WAKEUP to wake it. */
export const IORING_SQ_NEED_WAKEUP: u32 = 1 << 0;
/** Completions wait in the overflow backlog: enter with GETEVENTS to flush them (5.8). */
export const IORING_SQ_CQ_OVERFLOW: u32 = 1 << 1;
/** Task work waits: enter (GETEVENTS) to run it (IORING_SETUP_TASKRUN_FLAG) (5.19). */
export const IORING_SQ_TASKRUN: u32 = 1 << 2;

// ─── CQ ring flags (io_cqring_offsets.flags) ─────────────────────────────────────────────────────
/** Set by the application to stop eventfd notifications (5.8). */
export const IORING_CQ_EVENTFD_DISABLED: u32 = 1 << 0;

// ─── io_uring_enter(2) flags ─────────────────────────────────────────────────────────────────────
export const IORING_ENTER_GETEVENTS: u32 = 1 << 0;
export const IORING_ENTER_SQ_WAKEUP: u32 = 1 << 1;
/** Wait until the SQPOLL thread has room in the SQ (5.10). */
export const IORING_ENTER_SQ_WAIT: u32 = 1 << 2;
/** `arg` is a struct io_uring_getevents_arg (sigmask and timeout) (5.11). */
export const IORING_ENTER_EXT_ARG: u32 = 1 << 3;
/** `fd` is an index registered with IORING_REGISTER_RING_FDS (5.18). */
export const IORING_ENTER_REGISTERED_RING: u32 = 1 << 4;
/** The EXT_ARG timeout is absolute (6.12). */
export const IORING_ENTER_ABS_TIMER: u32 = 1 << 5;
/** `arg` is an offset into a registered wait region (6.13). */
export const IORING_ENTER_EXT_ARG_REG: u32 = 1 << 6;
/** Do not count the wait as iowait (6.15). */
export const IORING_ENTER_NO_IOWAIT: u32 = 1 << 7;

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
/** Linux 5.10: allowed opcodes and flags (on a ring created R_DISABLED), then enable it. */
export const IORING_REGISTER_RESTRICTIONS: u32 = 11;
export const IORING_REGISTER_ENABLE_RINGS: u32 = 12;
/** Linux 5.13: files and buffers with tags (struct io_uring_rsrc_register / _update2). */
export const IORING_REGISTER_FILES2: u32 = 13;
export const IORING_REGISTER_FILES_UPDATE2: u32 = 14;
export const IORING_REGISTER_BUFFERS2: u32 = 15;
export const IORING_REGISTER_BUFFERS_UPDATE: u32 = 16;
/** Linux 5.14: CPU affinity of the async workers. */
export const IORING_REGISTER_IOWQ_AFF: u32 = 17;
export const IORING_UNREGISTER_IOWQ_AFF: u32 = 18;
/** Get and set the maximum number of bounded/unbounded async workers (5.15). */
export const IORING_REGISTER_IOWQ_MAX_WORKERS: u32 = 19;
/** Linux 5.18: ring fds registered in the ring itself, for IORING_ENTER_REGISTERED_RING. */
export const IORING_REGISTER_RING_FDS: u32 = 20;
export const IORING_UNREGISTER_RING_FDS: u32 = 21;
/** Linux 5.19: a ring of provided buffers (struct io_uring_buf_reg). */
export const IORING_REGISTER_PBUF_RING: u32 = 22;
export const IORING_UNREGISTER_PBUF_RING: u32 = 23;
/** Cancel matching requests and wait for them (struct io_uring_sync_cancel_reg) (6.0). */
export const IORING_REGISTER_SYNC_CANCEL: u32 = 24;
/** The range of fixed-file slots that IORING_FILE_INDEX_ALLOC picks from (6.0). */
export const IORING_REGISTER_FILE_ALLOC_RANGE: u32 = 25;
/** The head of a provided-buffer ring (struct io_uring_buf_status) (6.8). */
export const IORING_REGISTER_PBUF_STATUS: u32 = 26;
/** Linux 6.9: NAPI busy polling for the ring's sockets (struct io_uring_napi). */
export const IORING_REGISTER_NAPI: u32 = 27;
export const IORING_UNREGISTER_NAPI: u32 = 28;
/** The clock for waits with a timeout (struct io_uring_clock_register) (6.12). */
export const IORING_REGISTER_CLOCK: u32 = 29;
/** Copy another ring's registered buffers (struct io_uring_clone_buffers) (6.12). */
export const IORING_REGISTER_CLONE_BUFFERS: u32 = 30;
/** A MSG_RING without a source ring: the SQE is passed to io_uring_register (6.13). */
export const IORING_REGISTER_SEND_MSG_RING: u32 = 31;
/** A network card receive queue for zero-copy receive (6.15). */
export const IORING_REGISTER_ZCRX_IFQ: u32 = 32;
/** New SQ/CQ sizes for a live ring (6.13). */
export const IORING_REGISTER_RESIZE_RINGS: u32 = 33;
/** A memory region (e.g. for registered wait arguments) (6.13). */
export const IORING_REGISTER_MEM_REGION: u32 = 34;
/** Ask the kernel what it supports (linux/io_uring/query.h) (6.18). */
export const IORING_REGISTER_QUERY: u32 = 35;
/** Auxiliary control of a zero-copy receive queue (6.19). */
export const IORING_REGISTER_ZCRX_CTRL: u32 = 36;
/** Or'ed into the opcode: `fd` is a registered ring index (6.3). */
export const IORING_REGISTER_USE_REGISTERED_RING: u32 = 1 << 31;

/** IORING_REGISTER_IOWQ_MAX_WORKERS: index of the bounded (file I/O) and unbounded workers (5.15). */
export const IO_WQ_BOUND: u32 = 0;
/** (5.15) */
export const IO_WQ_UNBOUND: u32 = 1;
/** io_uring_rsrc_register.flags: a table of empty slots, filled later by updates (5.19). */
export const IORING_RSRC_REGISTER_SPARSE: u32 = 1 << 0;
/** A files-update entry that leaves its slot as it is (5.12). */
export const IORING_REGISTER_FILES_SKIP: i32 = -2;
/** file_index: let the kernel pick a free direct-descriptor slot; the CQE says which (5.19). */
export const IORING_FILE_INDEX_ALLOC: u32 = 0xffffffff;
/** io_uring_buf_reg.flags: the kernel allocates the buffer ring; mmap it at IORING_OFF_PBUF_RING (6.4). */
export const IOU_PBUF_RING_MMAP: u16 = 1;
/** io_uring_buf_reg.flags: buffers are consumed incrementally (IORING_CQE_F_BUF_MORE) (6.12). */
export const IOU_PBUF_RING_INC: u16 = 2;
/** io_uring_restriction.opcode values (5.10). */
export const IORING_RESTRICTION_REGISTER_OP: u16 = 0;
/** (5.10) */
export const IORING_RESTRICTION_SQE_OP: u16 = 1;
/** (5.10) */
export const IORING_RESTRICTION_SQE_FLAGS_ALLOWED: u16 = 2;
/** (5.10) */
export const IORING_RESTRICTION_SQE_FLAGS_REQUIRED: u16 = 3;
/** io_uring_clone_buffers.flags: `src_fd` is a registered ring index (6.12). */
export const IORING_REGISTER_SRC_REGISTERED: u32 = 1 << 0;
/** io_uring_clone_buffers.flags: replace the destination's buffers (6.13). */
export const IORING_REGISTER_DST_REPLACE: u32 = 1 << 1;

/** io_uring_probe_op.flags: the opcode is supported. */
export const IO_URING_OP_SUPPORTED: u16 = 1 << 0;

/** io_uring_region_desc.flags: the region is memory the application provides (6.13). */
export const IORING_MEM_REGION_TYPE_USER: u32 = 1;
/** io_uring_mem_region_reg.flags: the region holds registered wait arguments (6.13). */
export const IORING_MEM_REGION_REG_WAIT_ARG: u32 = 1;
/** io_uring_reg_wait.flags: its timeout is set (6.13). */
export const IORING_REG_WAIT_TS: u32 = 1;

/** io_uring_query_hdr.query_op: what the kernel supports, io_uring_query_opcode (6.18). */
export const IO_URING_QUERY_OPCODES: u32 = 0;

// ─── Per-opcode flags carried in the op-flags union ──────────────────────────────────────────────
/** fsync_flags: fdatasync(2) semantics. */
export const IORING_FSYNC_DATASYNC: u32 = 1 << 0;
/** timeout_flags: the timespec is absolute (5.5). */
export const IORING_TIMEOUT_ABS: u32 = 1 << 0;
/** TIMEOUT_REMOVE: update the timeout of `addr` to the timespec at `addr2` instead (5.11). */
export const IORING_TIMEOUT_UPDATE: u32 = 1 << 1;
/** Measure with CLOCK_BOOTTIME (5.15). */
export const IORING_TIMEOUT_BOOTTIME: u32 = 1 << 2;
/** Measure with CLOCK_REALTIME (5.15). */
export const IORING_TIMEOUT_REALTIME: u32 = 1 << 3;
/** TIMEOUT_REMOVE: update a linked timeout (5.15). */
export const IORING_LINK_TIMEOUT_UPDATE: u32 = 1 << 4;
/** An expired timeout does not fail its link: res is still -ETIME, but the linked requests run (5.16). */
export const IORING_TIMEOUT_ETIME_SUCCESS: u32 = 1 << 5;
/** Fire every interval, `off` times (0: until cancelled), each with IORING_CQE_F_MORE (6.4). */
export const IORING_TIMEOUT_MULTISHOT: u32 = 1 << 6;
/** (5.15) */
export const IORING_TIMEOUT_CLOCK_MASK: u32 = (1 << 2) | (1 << 3);
/** (5.15) */
export const IORING_TIMEOUT_UPDATE_MASK: u32 = (1 << 1) | (1 << 4);

/** POLL_ADD `len`: stay armed, one CQE per event with IORING_CQE_F_MORE (5.13). */
export const IORING_POLL_ADD_MULTI: u32 = 1 << 0;
/** POLL_REMOVE `len`: update the events of the poll request `addr` to `poll32_events` (5.13). */
export const IORING_POLL_UPDATE_EVENTS: u32 = 1 << 1;
/** POLL_REMOVE `len`: give the poll request `addr` the user_data in `off` (5.13). */
export const IORING_POLL_UPDATE_USER_DATA: u32 = 1 << 2;
/** POLL_ADD `len`: level-triggered (6.0). */
export const IORING_POLL_ADD_LEVEL: u32 = 1 << 3;

/** cancel_flags: cancel every match, not just the first; the result is how many (5.19). */
export const IORING_ASYNC_CANCEL_ALL: u32 = 1 << 0;
/** Match requests on the file `fd` instead of by user_data (5.19). */
export const IORING_ASYNC_CANCEL_FD: u32 = 1 << 1;
/** Match any request (5.19). */
export const IORING_ASYNC_CANCEL_ANY: u32 = 1 << 2;
/** `fd` is a registered-file index (6.0). */
export const IORING_ASYNC_CANCEL_FD_FIXED: u32 = 1 << 3;
/** Match on user_data, combinable with the other keys (6.6). */
export const IORING_ASYNC_CANCEL_USERDATA: u32 = 1 << 4;
/** Match on the opcode in `len` (6.6). */
export const IORING_ASYNC_CANCEL_OP: u32 = 1 << 5;

// send/recv ioprio flags
/** Arm poll before the first attempt instead of after it fails with EAGAIN (5.19). */
export const IORING_RECVSEND_POLL_FIRST: u32 = 1 << 0;
/** RECV/RECVMSG: stay armed, one CQE per receive into a provided buffer (6.0). */
export const IORING_RECV_MULTISHOT: u32 = 1 << 1;
/** The buffer is the registered buffer `buf_index` (6.0). */
export const IORING_RECVSEND_FIXED_BUF: u32 = 1 << 2;
/** SEND[MSG]_ZC: the notification's res says whether the data was copied after all (6.2). */
export const IORING_SEND_ZC_REPORT_USAGE: u32 = 1 << 3;
/** Send or receive as many provided buffers as there are, in one request (6.10). */
export const IORING_RECVSEND_BUNDLE: u32 = 1 << 4;
/** SEND[_ZC]: `addr` points to iovecs (6.17). */
export const IORING_SEND_VECTORIZED: u32 = 1 << 5;
/** Bit of a REPORT_USAGE notification's res: the data was copied (6.2). */
export const IORING_NOTIF_USAGE_ZC_COPIED: u32 = 1 << 31;

// accept ioprio flags
/** Stay armed: one CQE per accepted connection with IORING_CQE_F_MORE (5.19). */
export const IORING_ACCEPT_MULTISHOT: u32 = 1 << 0;
/** Fail with EAGAIN instead of waiting when nobody is connecting (6.10). */
export const IORING_ACCEPT_DONTWAIT: u32 = 1 << 1;
/** Arm poll before the first attempt (6.10). */
export const IORING_ACCEPT_POLL_FIRST: u32 = 1 << 2;

// MSG_RING: the command in `addr`, flags in msg_ring_flags
/** Post a CQE with res `len` and user_data `off` to the ring `fd` (5.18). */
export const IORING_MSG_DATA: u32 = 0;
/** Install our registered file `addr3` in the ring `fd`'s slot `file_index` (6.0). */
export const IORING_MSG_SEND_FD: u32 = 1;
/** Post no CQE to the target ring (SEND_FD) (6.0). */
export const IORING_MSG_RING_CQE_SKIP: u32 = 1 << 0;
/** The target CQE's flags are `file_index` (6.3). */
export const IORING_MSG_RING_FLAGS_PASS: u32 = 1 << 1;

// NOP nop_flags: test hooks of the completion path (a kernel that knows them refuses unknown
// ones with EINVAL; older ones ignore nop_flags)
/** Complete with res = the SQE's `len` (6.9). */
export const IORING_NOP_INJECT_RESULT: u32 = 1 << 0;
/** Look up the file `fd` first; -EBADF when there is none (6.13). */
export const IORING_NOP_FILE: u32 = 1 << 1;
/** With IORING_NOP_FILE: `fd` is a registered-file index (6.13). */
export const IORING_NOP_FIXED_FILE: u32 = 1 << 2;
/** Look up the registered buffer `buf_index`; -EFAULT when there is none (6.13). */
export const IORING_NOP_FIXED_BUFFER: u32 = 1 << 3;
/** Complete through task work instead of inline (6.16). */
export const IORING_NOP_TW: u32 = 1 << 4;
/** Post a 32-byte CQE whose extra 16 bytes are the SQE's `off` and `addr` (CQE32/CQE_MIXED rings) (6.18). */
export const IORING_NOP_CQE32: u32 = 1 << 5;

/** FIXED_FD_INSTALL install_fd_flags: the new fd is not close-on-exec (6.8). */
export const IORING_FIXED_FD_NO_CLOEXEC: u32 = 1 << 0;

/** uring_cmd_flags: the command's buffer is the registered buffer `buf_index` (6.1). */
export const IORING_URING_CMD_FIXED: u32 = 1 << 0;

/** URING_CMD cmd_op on a socket: bytes waiting to be read (6.7). */
export const SOCKET_URING_OP_SIOCINQ: u32 = 0;
/** Bytes not yet sent (6.7). */
export const SOCKET_URING_OP_SIOCOUTQ: u32 = 1;
/** getsockopt(2): level, optname, optval, optlen in the SQE (6.7). */
export const SOCKET_URING_OP_GETSOCKOPT: u32 = 2;
/** setsockopt(2) (6.7). */
export const SOCKET_URING_OP_SETSOCKOPT: u32 = 3;
/** Transmit timestamps read from the socket's error queue, one CQE each (6.17). */
export const SOCKET_URING_OP_TX_TIMESTAMP: u32 = 4;
/** getsockname(2), or getpeername(2) with optlen 1: the address at addr, its socklen_t at addr3 (6.19). */
export const SOCKET_URING_OP_GETSOCKNAME: u32 = 5;
/** URING_CMD cmd_op on a block device, _IO(0x12, 0): discard `addr3` bytes from offset `addr` (6.12). */
export const BLOCK_URING_CMD_DISCARD: u32 = 0x1200;
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

// accept_flags: accept4(2); also socket(2)'s type flags
export const SOCK_NONBLOCK: u32 = 0x800;
export const SOCK_CLOEXEC: u32 = 0x80000;

// SOCKET, SHUTDOWN, BIND, and the socket URING_CMDs (<sys/socket.h>)
export const AF_UNIX: u32 = 1;
export const AF_INET: u32 = 2;
export const AF_INET6: u32 = 10;
export const SOCK_STREAM: u32 = 1;
export const SOCK_DGRAM: u32 = 2;
export const SOCK_SEQPACKET: u32 = 5;
export const SHUT_RD: u32 = 0;
export const SHUT_WR: u32 = 1;
export const SHUT_RDWR: u32 = 2;
export const SOL_SOCKET: u32 = 1;
export const SO_REUSEADDR: u32 = 2;
export const SO_TYPE: u32 = 3;
export const SO_SNDBUF: u32 = 7;
export const SO_RCVBUF: u32 = 8;
export const SO_KEEPALIVE: u32 = 9;

// EPOLL_CTL and EPOLL_WAIT (<sys/epoll.h>)
export const EPOLL_CTL_ADD: u32 = 1;
export const EPOLL_CTL_DEL: u32 = 2;
export const EPOLL_CTL_MOD: u32 = 3;
export const EPOLLIN: u32 = 0x001;
export const EPOLLOUT: u32 = 0x004;
export const EPOLLONESHOT: u32 = 1 << 30;
export const EPOLLET: u32 = 1 << 31;

// FADVISE advice (<fcntl.h>), MADVISE advice (<sys/mman.h>), FALLOCATE mode (<linux/falloc.h>)
export const POSIX_FADV_NORMAL: u32 = 0;
export const POSIX_FADV_RANDOM: u32 = 1;
export const POSIX_FADV_SEQUENTIAL: u32 = 2;
export const POSIX_FADV_WILLNEED: u32 = 3;
export const POSIX_FADV_DONTNEED: u32 = 4;
export const POSIX_FADV_NOREUSE: u32 = 5;
export const MADV_NORMAL: u32 = 0;
export const MADV_RANDOM: u32 = 1;
export const MADV_SEQUENTIAL: u32 = 2;
export const MADV_WILLNEED: u32 = 3;
export const MADV_DONTNEED: u32 = 4;
export const FALLOC_FL_KEEP_SIZE: u32 = 0x01;
export const FALLOC_FL_PUNCH_HOLE: u32 = 0x02;
export const FALLOC_FL_ZERO_RANGE: u32 = 0x10;

// FSETXATTR/SETXATTR xattr_flags (<sys/xattr.h>)
export const XATTR_CREATE: u32 = 1;
export const XATTR_REPLACE: u32 = 2;

// FUTEX_WAIT/WAKE/WAITV futex_flags and struct futex_waitv flags (<linux/futex.h>)
/** Linux 6.7: the futex word's size, and the rest of the futex2 flags. */
export const FUTEX2_SIZE_U8: u32 = 0x00;
export const FUTEX2_SIZE_U16: u32 = 0x01;
export const FUTEX2_SIZE_U32: u32 = 0x02;
export const FUTEX2_SIZE_U64: u32 = 0x03;
export const FUTEX2_NUMA: u32 = 0x04;
export const FUTEX2_PRIVATE: u32 = 128;
/** A wait/wake mask that matches every waiter. */
export const FUTEX_BITSET_MATCH_ANY: u32 = 0xffffffff;

// WAITID: idtype and options (<sys/wait.h>)
export const P_ALL: u32 = 0;
export const P_PID: u32 = 1;
export const P_PGID: u32 = 2;
export const P_PIDFD: u32 = 3;
export const WNOHANG: u32 = 1;
export const WSTOPPED: u32 = 2;
export const WEXITED: u32 = 4;
export const WCONTINUED: u32 = 8;
export const WNOWAIT: u32 = 0x01000000;

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
/** UNLINKAT: remove a directory. */
export const AT_REMOVEDIR: u32 = 0x200;
/** LINKAT: follow a symlink `oldpath`. */
export const AT_SYMLINK_FOLLOW: u32 = 0x400;
// RENAMEAT rename_flags: renameat2(2) (<stdio.h>)
export const RENAME_NOREPLACE: u32 = 1 << 0;
export const RENAME_EXCHANGE: u32 = 1 << 1;
export const RENAME_WHITEOUT: u32 = 1 << 2;
// OPENAT2 open_how.resolve (<linux/openat2.h>)
export const RESOLVE_NO_XDEV: u32 = 0x01;
export const RESOLVE_NO_MAGICLINKS: u32 = 0x02;
export const RESOLVE_NO_SYMLINKS: u32 = 0x04;
export const RESOLVE_BENEATH: u32 = 0x08;
export const RESOLVE_IN_ROOT: u32 = 0x10;
/** Only what the dentry cache can resolve: fail with EAGAIN instead of blocking (5.12). */
export const RESOLVE_CACHED: u32 = 0x20;
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
export const STATX_BTIME: u32 = 0x800;
