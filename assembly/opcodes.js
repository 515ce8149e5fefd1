// Every operation ring.wasm can queue, declared once. `node tools/generate-opcodes.js` (run by
// `npm run build`) turns this table into:
//
//   assembly/generated/queue.ts   the queue_<name> exports: get_sqe + prep_<name> + user_data
//   src/generated/prepare.ts      Ring.prep<Name>: argument checks, pins, the queue_<name> call
//   src/generated/opcodes.ts      the table as data: opcode → Linux version, for error hints;
//                                 each entry's C signature, for the byte-for-byte test
//
// Adding an operation is one entry here plus its encoder in assembly/prep/.
//
// An entry:
//   name      liburing's name after io_uring_prep_ (queue_<name>, Ring.prep<Name>)
//   op        the IORING_OP_ it queues
//   linux     the first Linux that runs it (the opcode, or the flag that makes this variant)
//   args      its arguments in liburing's order (the SQE comes first there, userData first in
//             Ring.prep<Name>): "name: kind", "name: kind = default" (TypeScript default), or
//             "name <- expr" (not a parameter of prep<Name>: computed from the others, e.g. a
//             view's length; still an argument of queue_<name> and of liburing's function)
//   encoder   the prep_* of assembly/prep/ (default prep_<name>)
//   liburing  the C function with the same arguments (default io_uring_prep_<name>); null if
//             liburing has none, with `layout` saying whose layout the encoder follows and,
//             when liburing can compose it, `c`: the C statements that do (test/encoding.test.js)
//   multishot true, or a condition on the arguments: the request may post several completions
//   sqe128    takes a 128-byte SQE (two slots of an IORING_SETUP_SQE_MIXED ring)
//   queue     'manual': the queue_<name> export is written by hand in assembly/api/queue.ts
//   doc       the method's documentation
//
// Argument kinds (what prep<Name> checks, and how it reaches the encoder):
//   fd, i32            int32                      u32, bits     uint32 (bits also takes an int32's bits)
//   u16                uint16                     u64           an integer up to 2^53 (f64 across)
//   int(min,max)       an integer in a range      ud            a userData (integer below 2^53)
//   offset             a file offset, -1 = the current position (u64 in the SQE)
//   soffset            the same, as the signed 64-bit off_t of splice
//   slot               a direct-descriptor index, or IORING_FILE_INDEX_ALLOC
//   group              a provided-buffer group: sets IOSQE_BUFFER_SELECT and buf_group (no
//                      encoder argument: liburing's callers set those two fields themselves)
//   buffer, buffer?    a view in ring memory (? allows null = NULL): its address
//   path               a NUL-terminated string in ring memory
//   struct(T)          a view holding at least sizeof(struct T); struct?(T) allows null
//   iovecs(count)      an iovec array; `count` entries, and every buffer they point at, are checked
//   msghdr             a struct msghdr and everything it points at
//   peer(len)          a sockaddr the kernel fills, up to the socklen_t `len` says (both nullable)
//   socklen?           the socklen_t that `peer` checks
//   fds(min)           an Int32Array of at least `min` fds
//   futex(flags)       a futex word of the size its futex2 flags name
//   waitv(count)       a futex_waitv array and every futex word it points at
//   entries(T, count)  an array of `count` struct T the kernel fills
//   range(advice)      a memory range; whole pages unless `advice` only hints
//   provided(size, count)  buffers the kernel keeps (held until the ring closes)
//   event(op)          a struct epoll_event, null allowed for EPOLL_CTL_DEL
//   command(wide)      bytes copied into the SQE's command area (checked against its room)
// Expressions after "<-": len(x) (a view's byteLength, 0 for null), count(x) (elements), or a number.

const FUTEX2_DEFAULT = 'constants.FUTEX2_SIZE_U32 | constants.FUTEX2_PRIVATE';
const FUTEX_MASK_DEFAULT = 'constants.FUTEX_BITSET_MATCH_ANY >>> 0';

export const OPCODES = [
  // ─── Linux 5.1 – 5.8 (the seed's opcodes 0–33) ─────────────────────────────────────────────
  { name: 'nop', op: 'NOP', linux: '5.1', args: [] },
  {
    name: 'nop_flags', op: 'NOP', linux: '6.9', encoder: 'prep_nop_flags', liburing: null,
    layout: "io_uring_prep_nop with nop_flags, len, fd, buf_index set as liburing's test/nop-flags.c does",
    args: ['nopFlags: u32', 'result: i32 = 0', 'fd: i32 = -1', 'bufIndex: u16 = 0', 'extra1: u64 = 0', 'extra2: u64 = 0'],
    doc: 'A NOP with constants.IORING_NOP_* flags (6.9+): INJECT_RESULT completes with `result`; FILE looks up `fd` (a registered-file index with FIXED_FILE); FIXED_BUFFER looks up registered buffer `bufIndex`; CQE32 (6.18, on a CQE32 ring) posts `extra1` and `extra2` in the completion\'s 16 extra bytes. A kernel before 6.9 ignores the flags.',
  },
  {
    name: 'readv', op: 'READV', linux: '5.1', encoder: 'prep_readv2', liburing: 'io_uring_prep_readv2',
    args: ['fd: fd', 'iovecs: iovecs(count)', 'count: u32', 'offset: offset', 'rwFlags: bits = 0'],
    doc: 'preadv2(2) into the buffers the first `count` iovecs describe.',
  },
  {
    name: 'writev', op: 'WRITEV', linux: '5.1', encoder: 'prep_writev2', liburing: 'io_uring_prep_writev2',
    args: ['fd: fd', 'iovecs: iovecs(count)', 'count: u32', 'offset: offset', 'rwFlags: bits = 0'],
    doc: 'pwritev2(2) from the buffers the first `count` iovecs describe.',
  },
  { name: 'fsync', op: 'FSYNC', linux: '5.1', args: ['fd: fd', 'fsyncFlags: u32 = 0'] },
  {
    name: 'read_fixed', op: 'READ_FIXED', linux: '5.1',
    args: ['fd: fd', 'buf: buffer', 'nbytes <- len(buf)', 'offset: offset', 'bufIndex: u16'],
    doc: 'A read into registered buffer `bufIndex` (`buf` lies inside it).',
  },
  {
    name: 'write_fixed', op: 'WRITE_FIXED', linux: '5.1',
    args: ['fd: fd', 'buf: buffer', 'nbytes <- len(buf)', 'offset: offset', 'bufIndex: u16'],
    doc: 'A write from registered buffer `bufIndex` (`buf` lies inside it).',
  },
  { name: 'poll_add', op: 'POLL_ADD', linux: '5.1', args: ['fd: fd', 'pollMask: bits'] },
  { name: 'poll_remove', op: 'POLL_REMOVE', linux: '5.1', args: ['targetUserData: ud'] },
  { name: 'sync_file_range', op: 'SYNC_FILE_RANGE', linux: '5.2', args: ['fd: fd', 'length: u32', 'offset: u64', 'flags: u32 = 0'] },
  { name: 'sendmsg', op: 'SENDMSG', linux: '5.3', args: ['fd: fd', 'msghdr: msghdr', 'flags: bits = 0'] },
  { name: 'recvmsg', op: 'RECVMSG', linux: '5.3', args: ['fd: fd', 'msghdr: msghdr', 'flags: bits = 0'] },
  {
    name: 'timeout', op: 'TIMEOUT', linux: '5.4', multishot: 'flags & constants.IORING_TIMEOUT_MULTISHOT',
    args: ['timespec: struct(__kernel_timespec)', 'count: u32 = 0', 'flags: u32 = 0'],
    doc: 'Completes after `timespec` (see memory.timespec) or after `count` other completions.',
  },
  { name: 'timeout_remove', op: 'TIMEOUT_REMOVE', linux: '5.5', args: ['targetUserData: ud', 'flags: u32 = 0'] },
  {
    name: 'accept', op: 'ACCEPT', linux: '5.5',
    args: ['fd: fd', 'addr: peer?(addrlen)', 'addrlen: socklen?', 'flags: bits = 0'],
    doc: '`addr` receives the peer address, up to as many bytes as the socklen_t in `addrlen` says (which must not exceed `addr`); the kernel writes the address\'s length back to `addrlen`. Both may be null.',
  },
  { name: 'cancel', op: 'ASYNC_CANCEL', linux: '5.5', encoder: 'prep_cancel64', liburing: 'io_uring_prep_cancel64', args: ['targetUserData: ud', 'flags: u32 = 0'] },
  {
    name: 'link_timeout', op: 'LINK_TIMEOUT', linux: '5.5', args: ['timespec: struct(__kernel_timespec)', 'flags: u32 = 0'],
    doc: 'Times out the SQE before it (which must carry IOSQE_IO_LINK).',
  },
  { name: 'connect', op: 'CONNECT', linux: '5.5', args: ['fd: fd', 'addr: buffer', 'addrlen <- len(addr)'] },
  { name: 'fallocate', op: 'FALLOCATE', linux: '5.6', args: ['fd: fd', 'mode: i32', 'offset: u64', 'length: u64'] },
  {
    name: 'openat', op: 'OPENAT', linux: '5.6', args: ['dirfd: fd', 'path: path', 'flags: bits', 'mode: u32 = 0'],
    doc: '`path` is a NUL-terminated string in ring memory (memory.cString).',
  },
  { name: 'close', op: 'CLOSE', linux: '5.6', args: ['fd: fd'] },
  {
    name: 'files_update', op: 'FILES_UPDATE', linux: '5.6', args: ['fds: fds(0)', 'nrFds <- count(fds)', 'offset: bits'],
    doc: 'Replaces registered-file slots from `offset` with the i32 fds in `fds` (an Int32Array); with offset IORING_FILE_INDEX_ALLOC the kernel picks the slots and writes them to `fds`.',
  },
  {
    name: 'statx', op: 'STATX', linux: '5.6',
    args: ['dirfd: fd', 'path: path', 'flags: bits', 'mask: u32', 'statxbuf: struct(statx)'],
    doc: '`statxbuf` must hold a struct statx (memory.statxBuffer()).',
  },
  { name: 'read', op: 'READ', linux: '5.6', args: ['fd: fd', 'buf: buffer', 'nbytes <- len(buf)', 'offset: offset'] },
  { name: 'write', op: 'WRITE', linux: '5.6', args: ['fd: fd', 'buf: buffer', 'nbytes <- len(buf)', 'offset: offset'] },
  { name: 'fadvise', op: 'FADVISE', linux: '5.6', args: ['fd: fd', 'offset: u64', 'length: u32', 'advice: i32'] },
  {
    name: 'fadvise64', op: 'FADVISE', linux: '6.11', args: ['fd: fd', 'offset: u64', 'length: u64', 'advice: i32'],
    doc: 'posix_fadvise(2) with a 64-bit length. A kernel before 6.11 refuses it with EINVAL (it wants `addr` 0): use prepFadvise there.',
  },
  {
    name: 'madvise', op: 'MADVISE', linux: '5.6', args: ['range: range(advice)', 'length <- len(range)', 'advice: i32'],
    doc: 'madvise(2) of `range`. Advice that may drop or change pages (anything but MADV_NORMAL, RANDOM, SEQUENTIAL, WILLNEED) needs a range of whole pages: the kernel rounds the length up to one, which would reach bytes past the view.',
  },
  {
    name: 'madvise64', op: 'MADVISE', linux: '6.11', args: ['range: range(advice)', 'length <- len(range)', 'advice: i32'],
    doc: 'prepMadvise with the length in the SQE\'s 64-bit field. A kernel before 6.11 refuses it with EINVAL (it wants `off` 0): use prepMadvise there.',
  },
  { name: 'send', op: 'SEND', linux: '5.6', args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits = 0'] },
  { name: 'recv', op: 'RECV', linux: '5.6', args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits = 0'] },
  {
    name: 'openat2', op: 'OPENAT2', linux: '5.6', args: ['dirfd: fd', 'path: path', 'how: struct(open_how)'],
    doc: '`how` from memory.openHow().',
  },
  {
    name: 'epoll_ctl', op: 'EPOLL_CTL', linux: '5.6', args: ['epfd: fd', 'fd: fd', 'op: i32', 'event: event(op)'],
    doc: '`event` from memory.epollEvent() (null for EPOLL_CTL_DEL).',
  },
  {
    name: 'splice', op: 'SPLICE', linux: '5.7',
    args: ['fdIn: fd', 'offIn: soffset', 'fdOut: fd', 'offOut: soffset', 'length: u32', 'flags: bits = 0'],
  },
  {
    name: 'provide_buffers', op: 'PROVIDE_BUFFERS', linux: '5.7',
    args: ['buffers: provided(size, count)', 'size: int(1, 0x7fffffff)', 'count: int(1, 0x10000)', 'group: int(0, 0xffff)', 'firstId: int(0, 0xffff)'],
    doc: 'Gives `count` buffers of `size` bytes, carved from `buffers`, to group `group` with ids from `firstId`. The kernel keeps them past this request\'s completion, so `buffers` stays held until the ring is closed (free() of it is deferred until then).',
  },
  { name: 'remove_buffers', op: 'REMOVE_BUFFERS', linux: '5.7', args: ['count: int(1, 0x10000)', 'group: int(0, 0xffff)'] },
  { name: 'tee', op: 'TEE', linux: '5.8', args: ['fdIn: fd', 'fdOut: fd', 'length: u32', 'flags: bits = 0'] },

  // ─── Variants of the seed's opcodes (direct descriptors, multishot, updates) ───────────────
  // A `slot` is a fixed-file (direct descriptor) index, or constants.IORING_FILE_INDEX_ALLOC to
  // let the kernel pick a free one; the completion's res is then the slot it picked.
  {
    name: 'openat_direct', op: 'OPENAT', linux: '5.15', args: ['dirfd: fd', 'path: path', 'flags: bits', 'mode: u32', 'slot: slot'],
    doc: 'OPENAT into a direct descriptor (ALLOC 5.19).',
  },
  { name: 'openat2_direct', op: 'OPENAT2', linux: '5.15', args: ['dirfd: fd', 'path: path', 'how: struct(open_how)', 'slot: slot'] },
  { name: 'close_direct', op: 'CLOSE', linux: '5.15', args: ['slot: slot'], doc: 'Empties a direct-descriptor slot.' },
  {
    name: 'accept_direct', op: 'ACCEPT', linux: '5.15',
    args: ['fd: fd', 'addr: peer?(addrlen)', 'addrlen: socklen?', 'flags: bits', 'slot: slot'],
    doc: 'ACCEPT into a direct descriptor (ALLOC 5.19).',
  },
  {
    name: 'multishot_accept', op: 'ACCEPT', linux: '5.19', multishot: true,
    args: ['fd: fd', 'addr: peer?(addrlen) = null', 'addrlen: socklen? = null', 'flags: bits = 0'],
    doc: 'One CQE per accepted connection, with IORING_CQE_F_MORE while armed.',
  },
  {
    name: 'multishot_accept_direct', op: 'ACCEPT', linux: '5.19', multishot: true,
    args: ['fd: fd', 'addr: peer?(addrlen) = null', 'addrlen: socklen? = null', 'flags: bits = 0'],
    doc: 'Multishot accept into allocated direct descriptors.',
  },
  {
    name: 'recv_multishot', op: 'RECV', linux: '6.0', multishot: true,
    args: ['fd: fd', 'buf <- null', 'len <- 0', 'group: group', 'flags: bits = 0'],
    doc: 'One CQE per message received, each in a buffer of provided-buffer group `group`.',
  },
  {
    name: 'recvmsg_multishot', op: 'RECVMSG', linux: '6.0', multishot: true,
    args: ['fd: fd', 'msghdr: msghdr', 'group: group', 'flags: bits = 0'],
    doc: 'Like prepRecvMultishot; each buffer starts with a struct io_uring_recvmsg_out.',
  },
  {
    name: 'poll_multishot', op: 'POLL_ADD', linux: '5.13', multishot: true, args: ['fd: fd', 'pollMask: bits'],
    doc: 'One CQE per poll event, with IORING_CQE_F_MORE while armed.',
  },
  {
    name: 'poll_update', op: 'POLL_REMOVE', linux: '5.13', multishot: true,
    args: ['oldUserData: ud', 'newUserData: ud', 'pollMask: bits', 'flags: u32'],
    doc: 'Changes an armed poll: `flags` IORING_POLL_UPDATE_EVENTS and/or _USER_DATA.',
  },
  {
    name: 'timeout_update', op: 'TIMEOUT_REMOVE', linux: '5.11',
    args: ['timespec: struct(__kernel_timespec)', 'targetUserData: ud', 'flags: u32 = 0'],
    doc: 'A new expiry for the timeout `targetUserData`.',
  },
  {
    name: 'cancel_fd', op: 'ASYNC_CANCEL', linux: '5.19', args: ['fd: fd', 'flags: u32 = 0'],
    doc: 'Cancels requests on file `fd`; IORING_ASYNC_CANCEL_ALL for every one.',
  },

  // ─── Linux 5.11 – 6.1 ────────────────────────────────────────────────────────────────────────
  { name: 'shutdown', op: 'SHUTDOWN', linux: '5.11', args: ['fd: fd', 'how: i32'], doc: 'shutdown(2).' },
  {
    name: 'renameat', op: 'RENAMEAT', linux: '5.11',
    args: ['oldDirfd: fd', 'oldPath: path', 'newDirfd: fd', 'newPath: path', 'flags: u32 = 0'], doc: 'renameat2(2).',
  },
  { name: 'unlinkat', op: 'UNLINKAT', linux: '5.11', args: ['dirfd: fd', 'path: path', 'flags: bits = 0'], doc: 'unlinkat(2); AT_REMOVEDIR removes a directory.' },
  { name: 'mkdirat', op: 'MKDIRAT', linux: '5.15', args: ['dirfd: fd', 'path: path', 'mode: u32'], doc: 'mkdirat(2).' },
  { name: 'symlinkat', op: 'SYMLINKAT', linux: '5.15', args: ['target: path', 'newDirfd: fd', 'linkPath: path'], doc: 'symlinkat(2).' },
  {
    name: 'linkat', op: 'LINKAT', linux: '5.15',
    args: ['oldDirfd: fd', 'oldPath: path', 'newDirfd: fd', 'newPath: path', 'flags: bits = 0'], doc: 'linkat(2).',
  },
  {
    name: 'msg_ring', op: 'MSG_RING', linux: '5.18', args: ['ringFd: fd', 'res: i32', 'data: ud', 'flags: u32 = 0'],
    doc: 'Posts a CQE {user_data: data, res} to the ring `ringFd`.',
  },
  {
    name: 'msg_ring_cqe_flags', op: 'MSG_RING', linux: '6.3',
    args: ['ringFd: fd', 'res: i32', 'data: ud', 'flags: u32', 'cqeFlags: u32'],
    doc: 'prepMsgRing whose target CQE carries `cqeFlags`.',
  },
  {
    name: 'msg_ring_fd', op: 'MSG_RING', linux: '6.0',
    args: ['ringFd: fd', 'sourceSlot: slot', 'targetSlot: slot', 'data: ud', 'flags: u32 = 0'],
    doc: 'Sends our direct descriptor `sourceSlot` into the ring `ringFd`\'s slot `targetSlot` (or an allocated one).',
  },
  {
    name: 'fsetxattr', op: 'FSETXATTR', linux: '5.19',
    args: ['fd: fd', 'name: path', 'value: buffer', 'flags: bits = 0', 'len <- len(value)'], doc: 'fsetxattr(2): `name` a C string, `value` its bytes.',
  },
  {
    name: 'setxattr', op: 'SETXATTR', linux: '5.19',
    args: ['name: path', 'value: buffer', 'path: path', 'flags: bits = 0', 'len <- len(value)'], doc: 'setxattr(2) of the file at `path`.',
  },
  {
    name: 'fgetxattr', op: 'FGETXATTR', linux: '5.19',
    args: ['fd: fd', 'name: path', 'value: buffer', 'len <- len(value)'], doc: 'fgetxattr(2) into `value`; res is the attribute\'s length.',
  },
  {
    name: 'getxattr', op: 'GETXATTR', linux: '5.19',
    args: ['name: path', 'value: buffer', 'path: path', 'len <- len(value)'], doc: 'getxattr(2) of the file at `path`.',
  },
  { name: 'socket', op: 'SOCKET', linux: '5.19', args: ['domain: i32', 'type: i32', 'protocol: i32 = 0', 'flags: u32 = 0'], doc: 'socket(2).' },
  {
    name: 'socket_direct', op: 'SOCKET', linux: '5.19', args: ['domain: i32', 'type: i32', 'protocol: i32', 'slot: slot', 'flags: u32 = 0'],
    doc: 'socket(2) into a direct descriptor.',
  },
  {
    name: 'uring_cmd', op: 'URING_CMD', linux: '5.19', queue: 'manual', liburing: null,
    layout: 'io_uring_prep_uring_cmd (liburing 2.10), the command bytes copied into the SQE',
    args: ['cmdOp: u32', 'fd: fd', 'cmd: command(false) = null', 'cmdLen <- len(cmd)'],
    doc: 'A driver command `cmdOp` on `fd`, its argument bytes `cmd` copied into the SQE: at most 16 bytes, 80 on a ring with IORING_SETUP_SQE128.',
  },
  {
    name: 'uring_cmd128', op: 'URING_CMD128', linux: '6.19', queue: 'manual', liburing: null, sqe128: true,
    layout: 'io_uring_prep_uring_cmd128 (liburing 2.13), the command bytes copied into the SQE',
    args: ['cmdOp: u32', 'fd: fd', 'cmd: command(true) = null', 'cmdLen <- len(cmd)'],
    doc: 'prepUringCmd as a 128-byte SQE in an IORING_SETUP_SQE_MIXED ring (80 command bytes).',
  },
  {
    name: 'cmd_sock', op: 'URING_CMD', linux: '6.7',
    args: ['cmdOp: u32', 'fd: fd', 'level: i32 = 0', 'optname: i32 = 0', 'optval: buffer? = null', 'optlen <- len(optval)'],
    doc: 'A socket command (constants.SOCKET_URING_OP_*): SIOCINQ/SIOCOUTQ answer in res; GETSOCKOPT and SETSOCKOPT take getsockopt(2)\'s level, optname and value.',
  },
  {
    name: 'cmd_getsockname', op: 'URING_CMD', linux: '6.19',
    args: ['fd: fd', 'sockaddr: peer?(sockaddrLen)', 'sockaddrLen: socklen?', 'peer: u32 = 0'],
    doc: 'getsockname(2) (`peer` 0) or getpeername(2) (`peer` 1) into `sockaddr`, up to as many bytes as the socklen_t in `sockaddrLen` says; the kernel writes the length back there.',
  },
  {
    name: 'cmd_discard', op: 'URING_CMD', linux: '6.12', args: ['fd: fd', 'offset: u64', 'nbytes: u64'],
    doc: 'Discards `nbytes` from `offset` of the block device `fd` (BLOCK_URING_CMD_DISCARD; both multiples of its logical block size).',
  },
  {
    name: 'send_bundle', op: 'SEND', linux: '6.10', args: ['fd: fd', 'group: group', 'len: u32 = 0', 'flags: bits = 0'],
    doc: 'Sends as many buffers of provided-buffer group `group` as are queued in its buffer ring, in one request (up to `len` bytes; 0: no limit); res is the bytes sent.',
  },
  {
    name: 'send_zc', op: 'SEND_ZC', linux: '6.0', multishot: true,
    args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits = 0', 'zcFlags: u32 = 0'],
    doc: 'Zero-copy send: a CQE with the result and IORING_CQE_F_MORE, then one with IORING_CQE_F_NOTIF once `buf` may be reused; `buf` is held until that one.',
  },
  {
    name: 'send_zc_fixed', op: 'SEND_ZC', linux: '6.0', multishot: true,
    args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits', 'zcFlags: u32', 'bufIndex: u16'],
    doc: 'prepSendZc from registered buffer `bufIndex` (`buf` lies inside it).',
  },
  {
    name: 'sendto_zc', op: 'SEND_ZC', linux: '6.0', multishot: true, liburing: null,
    layout: 'io_uring_prep_send_zc followed by io_uring_prep_send_set_addr',
    c: 'io_uring_prep_send_zc(sqe, fd, buf, len, flags, zcFlags); io_uring_prep_send_set_addr(sqe, addr, addrlen);',
    args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits', 'zcFlags: u32', 'addr: buffer', 'addrlen <- len(addr)'],
    doc: 'prepSendZc to the address `addr` (a sockaddr) on an unconnected socket.',
  },
  { name: 'sendmsg_zc', op: 'SENDMSG_ZC', linux: '6.1', multishot: true, args: ['fd: fd', 'msghdr: msghdr', 'flags: bits = 0'], doc: 'Zero-copy sendmsg.' },
  {
    name: 'sendmsg_zc_fixed', op: 'SENDMSG_ZC', linux: '6.15', multishot: true, args: ['fd: fd', 'msghdr: msghdr', 'flags: bits', 'bufIndex: u16'],
    doc: 'prepSendmsgZc whose iovecs lie in registered buffer `bufIndex`.',
  },
  {
    name: 'sendto', op: 'SEND', linux: '6.0',
    args: ['fd: fd', 'buf: buffer', 'len <- len(buf)', 'flags: bits', 'addr: buffer', 'addrlen <- len(addr)'],
    doc: 'send to the address `addr` (a sockaddr) on an unconnected socket.',
  },

  // ─── Linux 6.7 – 6.19 ────────────────────────────────────────────────────────────────────────
  {
    name: 'read_multishot', op: 'READ_MULTISHOT', linux: '6.7', multishot: true,
    args: ['fd: fd', 'length: u32', 'offset: offset', 'group: u16'],
    doc: 'One CQE per read, each into a buffer of provided-buffer group `group`.',
  },
  {
    name: 'waitid', op: 'WAITID', linux: '6.7',
    args: ['idtype: u32', 'id: i32', 'info: struct?(siginfo)', 'options: bits', 'flags: u32 = 0'],
    doc: 'waitid(2): `info` receives a siginfo_t (128 bytes; null: none).',
  },
  {
    name: 'futex_wait', op: 'FUTEX_WAIT', linux: '6.7',
    args: ['futex: futex(futex2Flags)', 'value: u64', `mask: u64 = ${FUTEX_MASK_DEFAULT}`, `futex2Flags: u32 = ${FUTEX2_DEFAULT}`, 'flags: u32 = 0'],
    doc: 'Waits while the futex word `futex` holds `value`. `futex2Flags` default: a private 32-bit futex; `futex` must hold the word its size flag names.',
  },
  {
    name: 'futex_wake', op: 'FUTEX_WAKE', linux: '6.7',
    args: ['futex: futex(futex2Flags)', 'count: u64', `mask: u64 = ${FUTEX_MASK_DEFAULT}`, `futex2Flags: u32 = ${FUTEX2_DEFAULT}`, 'flags: u32 = 0'],
    doc: 'Wakes up to `count` waiters of `futex`; res is how many were woken.',
  },
  {
    name: 'futex_waitv', op: 'FUTEX_WAITV', linux: '6.7', args: ['waitv: waitv(count)', 'count: u32', 'flags: u32 = 0'],
    doc: 'Waits on any of the first `count` futexes in `waitv` (memory.futexWaitv); res is the index woken.',
  },
  { name: 'fixed_fd_install', op: 'FIXED_FD_INSTALL', linux: '6.8', args: ['slot: slot', 'flags: u32 = 0'], doc: 'A regular fd for direct descriptor `slot`; res is the fd.' },
  { name: 'ftruncate', op: 'FTRUNCATE', linux: '6.9', args: ['fd: fd', 'length: u64'], doc: 'ftruncate(2).' },
  { name: 'bind', op: 'BIND', linux: '6.11', args: ['fd: fd', 'addr: buffer', 'addrlen <- len(addr)'], doc: 'bind(2) to `addr` (a sockaddr).' },
  { name: 'listen', op: 'LISTEN', linux: '6.11', args: ['fd: fd', 'backlog: i32'], doc: 'listen(2).' },
  {
    name: 'recv_zc', op: 'RECV_ZC', linux: '6.15', multishot: true, liburing: null,
    layout: "liburing's zcrx example: len in len, flags in ioprio, the ifq in zcrx_ifq_idx",
    args: ['fd: fd', 'length: u32', 'flags: bits = 0', 'ifq: u32 = 0'],
    doc: 'Zero-copy receive through registered receive queue `ifq` (IORING_REGISTER_ZCRX_IFQ).',
  },
  {
    name: 'epoll_wait', op: 'EPOLL_WAIT', linux: '6.15', args: ['epfd: fd', 'events: entries(epoll_event, maxEvents)', 'maxEvents: u32', 'flags: u32 = 0'],
    doc: 'epoll_wait(2) as a request: up to `maxEvents` events into `events` (memory.epollEvents).',
  },
  {
    name: 'readv_fixed', op: 'READV_FIXED', linux: '6.15',
    args: ['fd: fd', 'iovecs: iovecs(count)', 'count: u32', 'offset: offset', 'rwFlags: bits', 'bufIndex: u16'],
    doc: 'preadv2(2) into registered buffer `bufIndex` (the iovecs point inside it).',
  },
  {
    name: 'writev_fixed', op: 'WRITEV_FIXED', linux: '6.15',
    args: ['fd: fd', 'iovecs: iovecs(count)', 'count: u32', 'offset: offset', 'rwFlags: bits', 'bufIndex: u16'],
    doc: 'pwritev2(2) from registered buffer `bufIndex`.',
  },
  { name: 'pipe', op: 'PIPE', linux: '6.16', args: ['fds: fds(2)', 'flags: u32 = 0'], doc: 'pipe2(2): the two fds are written to `fds` (an Int32Array of 2 in ring memory).' },
  {
    name: 'pipe_direct', op: 'PIPE', linux: '6.16', args: ['fds: fds(2)', 'flags: u32', 'slot: slot'],
    doc: 'pipe2(2) into direct descriptors `slot` and `slot + 1` (or allocated); their slots go to `fds`.',
  },
  { name: 'nop128', op: 'NOP128', linux: '6.19', sqe128: true, args: [], doc: 'A NOP in a 128-byte SQE of an IORING_SETUP_SQE_MIXED ring.' },
];
