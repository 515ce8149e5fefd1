// Preparing operations: every io_uring_prep_* of liburing as a method that queues one SQE
// through ring.wasm's encoders and returns the SQE's handle (for setSqeFlags() and friends
// before submit()). Ring extends this; the names follow liburing's (prepReadMultishot ↔
// io_uring_prep_read_multishot), and each says the Linux version its opcode needs past 5.8.
//
// userData (an integer below 2^53) comes back in the completion. Offsets of -1 mean "the
// file's current position" (IORING_FEAT_RW_CUR_POS). Buffers, paths and structs are views into
// the ring's memory (ring.alloc(), memory.cString(), …); the kernel reads them when the
// request runs, so they must stay allocated until it completes.

import { constants } from './constants.js';
import { uringError } from './errors.js';
import type { RingMemory } from './memory.js';

export abstract class Preparer {
  abstract readonly memory: RingMemory;
  abstract readonly sqEntries: number;
  /** The ring's Wasm handle; throws once the ring is closed. */
  protected abstract handle(): number;
  protected abstract get wasm(): RingMemory['wasm'];

  /** An SQE handle from a queue_* export, or the SQ-full error. */
  protected sqe(sqe: number): number {
    if (sqe === 0) {
      throw uringError('ERR_URING_SQ_FULL',
        `the submission queue is full (${this.sqEntries} entries): submit() before preparing more`);
    }
    return sqe;
  }

  /** A view's offset in the ring's memory; null is NULL. */
  protected off(view: ArrayBufferView | null | undefined): number {
    return view ? this.memory.offsetOf(view) : 0;
  }

  // ─── Linux 5.1 – 5.8 (the seed's opcodes 0–33) ─────────────────────────────────────────────

  prepNop(userData: number): number {
    return this.sqe(this.wasm.queue_nop(this.handle(), userData));
  }
  /**
   * A NOP with constants.IORING_NOP_* flags (6.9+): INJECT_RESULT completes with `result`;
   * FILE looks up `fd` (a registered-file index with FIXED_FILE); FIXED_BUFFER looks up
   * registered buffer `bufIndex`; CQE32 (6.18, on a CQE32 ring) posts `extra1` and `extra2` in
   * the completion's 16 extra bytes. A kernel before 6.9 ignores the flags.
   */
  prepNopFlags(userData: number, nopFlags: number, { result = 0, fd = -1, bufIndex = 0, extra1 = 0, extra2 = 0 }:
    { result?: number; fd?: number; bufIndex?: number; extra1?: number; extra2?: number } = {}): number {
    return this.sqe(this.wasm.queue_nop_flags(this.handle(), userData, nopFlags, result, fd, bufIndex, extra1, extra2));
  }
  prepReadv(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, rwFlags = 0): number {
    return this.sqe(this.wasm.queue_readv(this.handle(), userData, fd, this.off(iovecs), count, offset, rwFlags));
  }
  prepWritev(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, rwFlags = 0): number {
    return this.sqe(this.wasm.queue_writev(this.handle(), userData, fd, this.off(iovecs), count, offset, rwFlags));
  }
  prepFsync(userData: number, fd: number, fsyncFlags = 0): number {
    return this.sqe(this.wasm.queue_fsync(this.handle(), userData, fd, fsyncFlags));
  }
  prepReadFixed(userData: number, fd: number, buf: Uint8Array, offset: number, bufIndex: number): number {
    return this.sqe(this.wasm.queue_read_fixed(this.handle(), userData, fd, this.off(buf), buf.byteLength, offset, bufIndex));
  }
  prepWriteFixed(userData: number, fd: number, buf: Uint8Array, offset: number, bufIndex: number): number {
    return this.sqe(this.wasm.queue_write_fixed(this.handle(), userData, fd, this.off(buf), buf.byteLength, offset, bufIndex));
  }
  prepPollAdd(userData: number, fd: number, pollMask: number): number {
    return this.sqe(this.wasm.queue_poll_add(this.handle(), userData, fd, pollMask));
  }
  prepPollRemove(userData: number, targetUserData: number): number {
    return this.sqe(this.wasm.queue_poll_remove(this.handle(), userData, targetUserData));
  }
  prepSyncFileRange(userData: number, fd: number, length: number, offset: number, flags = 0): number {
    return this.sqe(this.wasm.queue_sync_file_range(this.handle(), userData, fd, length, offset, flags));
  }
  prepSendmsg(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_sendmsg(this.handle(), userData, fd, this.off(msghdr), flags));
  }
  prepRecvmsg(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_recvmsg(this.handle(), userData, fd, this.off(msghdr), flags));
  }
  /** Completes after `timespec` (see memory.timespec) or after `count` other completions. */
  prepTimeout(userData: number, timespec: Uint8Array, count = 0, flags = 0): number {
    return this.sqe(this.wasm.queue_timeout(this.handle(), userData, this.off(timespec), count, flags));
  }
  prepTimeoutRemove(userData: number, targetUserData: number, flags = 0): number {
    return this.sqe(this.wasm.queue_timeout_remove(this.handle(), userData, targetUserData, flags));
  }
  /** `addr`/`addrlen` (a socklen_t) receive the peer address; both may be null. */
  prepAccept(userData: number, fd: number, addr: Uint8Array | null, addrlen: Uint8Array | null, flags = 0): number {
    return this.sqe(this.wasm.queue_accept(this.handle(), userData, fd, this.off(addr), this.off(addrlen), flags));
  }
  prepCancel(userData: number, targetUserData: number, flags = 0): number {
    return this.sqe(this.wasm.queue_cancel(this.handle(), userData, targetUserData, flags));
  }
  /** Times out the SQE before it (which must carry IOSQE_IO_LINK). */
  prepLinkTimeout(userData: number, timespec: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_link_timeout(this.handle(), userData, this.off(timespec), flags));
  }
  prepConnect(userData: number, fd: number, addr: Uint8Array): number {
    return this.sqe(this.wasm.queue_connect(this.handle(), userData, fd, this.off(addr), addr.byteLength));
  }
  prepFallocate(userData: number, fd: number, mode: number, offset: number, length: number): number {
    return this.sqe(this.wasm.queue_fallocate(this.handle(), userData, fd, mode, offset, length));
  }
  /** `path` is a NUL-terminated string in ring memory (memory.cString). */
  prepOpenat(userData: number, dirfd: number, path: Uint8Array, flags: number, mode = 0): number {
    return this.sqe(this.wasm.queue_openat(this.handle(), userData, dirfd, this.off(path), flags, mode));
  }
  prepClose(userData: number, fd: number): number {
    return this.sqe(this.wasm.queue_close(this.handle(), userData, fd));
  }
  /** Replaces registered-file slots from `offset` with the i32 fds in `fds`. */
  prepFilesUpdate(userData: number, fds: Int32Array, offset: number): number {
    return this.sqe(this.wasm.queue_files_update(this.handle(), userData, this.off(fds), fds.length, offset));
  }
  /** `statxbuf` must hold 256 bytes (struct statx). */
  prepStatx(userData: number, dirfd: number, path: Uint8Array, flags: number, mask: number, statxbuf: Uint8Array): number {
    return this.sqe(this.wasm.queue_statx(this.handle(), userData, dirfd, this.off(path), flags, mask, this.off(statxbuf)));
  }
  prepRead(userData: number, fd: number, buf: Uint8Array, offset: number): number {
    return this.sqe(this.wasm.queue_read(this.handle(), userData, fd, this.off(buf), buf.byteLength, offset));
  }
  prepWrite(userData: number, fd: number, buf: Uint8Array, offset: number): number {
    return this.sqe(this.wasm.queue_write(this.handle(), userData, fd, this.off(buf), buf.byteLength, offset));
  }
  prepFadvise(userData: number, fd: number, offset: number, length: number, advice: number): number {
    return this.sqe(this.wasm.queue_fadvise(this.handle(), userData, fd, offset, length, advice));
  }
  prepMadvise(userData: number, range: Uint8Array, advice: number): number {
    return this.sqe(this.wasm.queue_madvise(this.handle(), userData, this.off(range), range.byteLength, advice));
  }
  prepSend(userData: number, fd: number, buf: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_send(this.handle(), userData, fd, this.off(buf), buf.byteLength, flags));
  }
  prepRecv(userData: number, fd: number, buf: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_recv(this.handle(), userData, fd, this.off(buf), buf.byteLength, flags));
  }
  /** `how` from memory.openHow(). */
  prepOpenat2(userData: number, dirfd: number, path: Uint8Array, how: Uint8Array): number {
    return this.sqe(this.wasm.queue_openat2(this.handle(), userData, dirfd, this.off(path), this.off(how)));
  }
  /** `event` from memory.epollEvent() (null for EPOLL_CTL_DEL). */
  prepEpollCtl(userData: number, epfd: number, fd: number, op: number, event: Uint8Array | null): number {
    return this.sqe(this.wasm.queue_epoll_ctl(this.handle(), userData, epfd, fd, op, this.off(event)));
  }
  prepSplice(userData: number, fdIn: number, offIn: number, fdOut: number, offOut: number, length: number, flags = 0): number {
    return this.sqe(this.wasm.queue_splice(this.handle(), userData, fdIn, offIn, fdOut, offOut, length, flags));
  }
  /** Gives `count` buffers of `size` bytes, carved from `buffers`, to group `group` with ids from `firstId`. */
  prepProvideBuffers(userData: number, buffers: Uint8Array, size: number, count: number, group: number, firstId: number): number {
    return this.sqe(this.wasm.queue_provide_buffers(this.handle(), userData, this.off(buffers), size, count, group, firstId));
  }
  prepRemoveBuffers(userData: number, count: number, group: number): number {
    return this.sqe(this.wasm.queue_remove_buffers(this.handle(), userData, count, group));
  }
  prepTee(userData: number, fdIn: number, fdOut: number, length: number, flags = 0): number {
    return this.sqe(this.wasm.queue_tee(this.handle(), userData, fdIn, fdOut, length, flags));
  }

  // ─── Variants of the seed's opcodes (direct descriptors, multishot, updates) ───────────────
  // A `slot` is a fixed-file (direct descriptor) index, or constants.IORING_FILE_INDEX_ALLOC to
  // let the kernel pick a free one; the completion's res is then the slot it picked.

  /** OPENAT into a direct descriptor (5.15; ALLOC 5.19). */
  prepOpenatDirect(userData: number, dirfd: number, path: Uint8Array, flags: number, mode: number, slot: number): number {
    return this.sqe(this.wasm.queue_openat_direct(this.handle(), userData, dirfd, this.off(path), flags, mode, slot));
  }
  prepOpenat2Direct(userData: number, dirfd: number, path: Uint8Array, how: Uint8Array, slot: number): number {
    return this.sqe(this.wasm.queue_openat2_direct(this.handle(), userData, dirfd, this.off(path), this.off(how), slot));
  }
  /** Empties a direct-descriptor slot (5.15). */
  prepCloseDirect(userData: number, slot: number): number {
    return this.sqe(this.wasm.queue_close_direct(this.handle(), userData, slot));
  }
  /** ACCEPT into a direct descriptor (5.15; ALLOC 5.19). */
  prepAcceptDirect(userData: number, fd: number, addr: Uint8Array | null, addrlen: Uint8Array | null, flags: number, slot: number): number {
    return this.sqe(this.wasm.queue_accept_direct(this.handle(), userData, fd, this.off(addr), this.off(addrlen), flags, slot));
  }
  /** One CQE per accepted connection, with IORING_CQE_F_MORE while armed (5.19). */
  prepMultishotAccept(userData: number, fd: number, addr: Uint8Array | null = null, addrlen: Uint8Array | null = null, flags = 0): number {
    return this.sqe(this.wasm.queue_multishot_accept(this.handle(), userData, fd, this.off(addr), this.off(addrlen), flags));
  }
  /** Multishot accept into allocated direct descriptors (5.19). */
  prepMultishotAcceptDirect(userData: number, fd: number, addr: Uint8Array | null = null, addrlen: Uint8Array | null = null, flags = 0): number {
    return this.sqe(this.wasm.queue_multishot_accept_direct(this.handle(), userData, fd, this.off(addr), this.off(addrlen), flags));
  }
  /** One CQE per message received, each in a buffer of provided-buffer group `group` (6.0). */
  prepRecvMultishot(userData: number, fd: number, group: number, flags = 0): number {
    return this.#bufferSelect(this.wasm.queue_recv_multishot(this.handle(), userData, fd, 0, 0, flags), group);
  }
  /** Like prepRecvMultishot; each buffer starts with a struct io_uring_recvmsg_out (6.0). */
  prepRecvmsgMultishot(userData: number, fd: number, msghdr: Uint8Array, group: number, flags = 0): number {
    return this.#bufferSelect(this.wasm.queue_recvmsg_multishot(this.handle(), userData, fd, this.off(msghdr), flags), group);
  }
  /** One CQE per poll event, with IORING_CQE_F_MORE while armed (5.13). */
  prepPollMultishot(userData: number, fd: number, pollMask: number): number {
    return this.sqe(this.wasm.queue_poll_multishot(this.handle(), userData, fd, pollMask));
  }
  /** Changes an armed poll: `flags` IORING_POLL_UPDATE_EVENTS and/or _USER_DATA (5.13). */
  prepPollUpdate(userData: number, oldUserData: number, newUserData: number, pollMask: number, flags: number): number {
    return this.sqe(this.wasm.queue_poll_update(this.handle(), userData, oldUserData, newUserData, pollMask, flags));
  }
  /** A new expiry for the timeout `targetUserData` (5.11). */
  prepTimeoutUpdate(userData: number, timespec: Uint8Array, targetUserData: number, flags = 0): number {
    return this.sqe(this.wasm.queue_timeout_update(this.handle(), userData, this.off(timespec), targetUserData, flags));
  }
  /** Cancels requests on file `fd`; IORING_ASYNC_CANCEL_ALL for every one (5.19). */
  prepCancelFd(userData: number, fd: number, flags = 0): number {
    return this.sqe(this.wasm.queue_cancel_fd(this.handle(), userData, fd, flags));
  }

  // ─── Linux 5.11 – 6.1 ────────────────────────────────────────────────────────────────────────

  /** shutdown(2) (5.11). */
  prepShutdown(userData: number, fd: number, how: number): number {
    return this.sqe(this.wasm.queue_shutdown(this.handle(), userData, fd, how));
  }
  /** renameat2(2) (5.11). */
  prepRenameat(userData: number, oldDirfd: number, oldPath: Uint8Array, newDirfd: number, newPath: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_renameat(this.handle(), userData, oldDirfd, this.off(oldPath), newDirfd, this.off(newPath), flags));
  }
  /** unlinkat(2); AT_REMOVEDIR removes a directory (5.11). */
  prepUnlinkat(userData: number, dirfd: number, path: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_unlinkat(this.handle(), userData, dirfd, this.off(path), flags));
  }
  /** mkdirat(2) (5.15). */
  prepMkdirat(userData: number, dirfd: number, path: Uint8Array, mode: number): number {
    return this.sqe(this.wasm.queue_mkdirat(this.handle(), userData, dirfd, this.off(path), mode));
  }
  /** symlinkat(2) (5.15). */
  prepSymlinkat(userData: number, target: Uint8Array, newDirfd: number, linkPath: Uint8Array): number {
    return this.sqe(this.wasm.queue_symlinkat(this.handle(), userData, this.off(target), newDirfd, this.off(linkPath)));
  }
  /** linkat(2) (5.15). */
  prepLinkat(userData: number, oldDirfd: number, oldPath: Uint8Array, newDirfd: number, newPath: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_linkat(this.handle(), userData, oldDirfd, this.off(oldPath), newDirfd, this.off(newPath), flags));
  }
  /** Posts a CQE {user_data: data, res} to the ring `ringFd` (5.18). */
  prepMsgRing(userData: number, ringFd: number, res: number, data: number, flags = 0): number {
    return this.sqe(this.wasm.queue_msg_ring(this.handle(), userData, ringFd, res, data, flags));
  }
  /** prepMsgRing whose target CQE carries `cqeFlags` (6.3). */
  prepMsgRingCqeFlags(userData: number, ringFd: number, res: number, data: number, cqeFlags: number, flags = 0): number {
    return this.sqe(this.wasm.queue_msg_ring_cqe_flags(this.handle(), userData, ringFd, res, data, flags, cqeFlags));
  }
  /** Sends our direct descriptor `sourceSlot` into the ring `ringFd`'s slot `targetSlot` (6.0). */
  prepMsgRingFd(userData: number, ringFd: number, sourceSlot: number, targetSlot: number, data: number, flags = 0): number {
    return this.sqe(this.wasm.queue_msg_ring_fd(this.handle(), userData, ringFd, sourceSlot, targetSlot, data, flags));
  }
  /** fsetxattr(2): `name` a C string, `value` its bytes (5.19). */
  prepFsetxattr(userData: number, fd: number, name: Uint8Array, value: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_fsetxattr(this.handle(), userData, fd, this.off(name), this.off(value), flags, value.byteLength));
  }
  /** setxattr(2) (5.19). */
  prepSetxattr(userData: number, path: Uint8Array, name: Uint8Array, value: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_setxattr(this.handle(), userData, this.off(name), this.off(value), this.off(path), flags, value.byteLength));
  }
  /** fgetxattr(2) into `value`; res is the attribute's length (5.19). */
  prepFgetxattr(userData: number, fd: number, name: Uint8Array, value: Uint8Array): number {
    return this.sqe(this.wasm.queue_fgetxattr(this.handle(), userData, fd, this.off(name), this.off(value), value.byteLength));
  }
  /** getxattr(2) (5.19). */
  prepGetxattr(userData: number, path: Uint8Array, name: Uint8Array, value: Uint8Array): number {
    return this.sqe(this.wasm.queue_getxattr(this.handle(), userData, this.off(name), this.off(value), this.off(path), value.byteLength));
  }
  /** socket(2) (5.19). */
  prepSocket(userData: number, domain: number, type: number, protocol = 0, flags = 0): number {
    return this.sqe(this.wasm.queue_socket(this.handle(), userData, domain, type, protocol, flags));
  }
  /** socket(2) into a direct descriptor (5.19). */
  prepSocketDirect(userData: number, domain: number, type: number, protocol: number, slot: number, flags = 0): number {
    return this.sqe(this.wasm.queue_socket_direct(this.handle(), userData, domain, type, protocol, slot, flags));
  }
  /**
   * A driver command `cmdOp` on `fd`, its argument bytes `cmd` copied into the SQE: at most 16
   * bytes, 80 on a ring with IORING_SETUP_SQE128 (5.19).
   */
  prepUringCmd(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null = null): number {
    return this.#uringCmd(userData, cmdOp, fd, cmd, false);
  }
  /** prepUringCmd as a 128-byte SQE in an IORING_SETUP_SQE_MIXED ring (6.19). */
  prepUringCmd128(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null = null): number {
    return this.#uringCmd(userData, cmdOp, fd, cmd, true);
  }
  /**
   * A socket command (constants.SOCKET_URING_OP_*): SIOCINQ/SIOCOUTQ answer in res; GETSOCKOPT
   * and SETSOCKOPT take getsockopt(2)'s level, optname and value (6.7).
   */
  prepCmdSock(userData: number, cmdOp: number, fd: number, level = 0, optname = 0, optval: Uint8Array | null = null): number {
    return this.sqe(this.wasm.queue_cmd_sock(this.handle(), userData, cmdOp, fd, level, optname, this.off(optval), optval?.byteLength ?? 0));
  }
  /**
   * Zero-copy send: a CQE with the result and IORING_CQE_F_MORE, then one with
   * IORING_CQE_F_NOTIF once `buf` may be reused (6.0).
   */
  prepSendZc(userData: number, fd: number, buf: Uint8Array, flags = 0, zcFlags = 0): number {
    return this.sqe(this.wasm.queue_send_zc(this.handle(), userData, fd, this.off(buf), buf.byteLength, flags, zcFlags));
  }
  /** prepSendZc from registered buffer `bufIndex` (`buf` lies inside it) (6.0). */
  prepSendZcFixed(userData: number, fd: number, buf: Uint8Array, flags: number, zcFlags: number, bufIndex: number): number {
    return this.sqe(this.wasm.queue_send_zc_fixed(this.handle(), userData, fd, this.off(buf), buf.byteLength, flags, zcFlags, bufIndex));
  }
  /** Zero-copy sendmsg (6.1). */
  prepSendmsgZc(userData: number, fd: number, msghdr: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_sendmsg_zc(this.handle(), userData, fd, this.off(msghdr), flags));
  }
  /** send to the address `addr` (a sockaddr) on an unconnected socket (6.0). */
  prepSendto(userData: number, fd: number, buf: Uint8Array, addr: Uint8Array, flags = 0): number {
    return this.sqe(this.wasm.queue_sendto(this.handle(), userData, fd, this.off(buf), buf.byteLength, flags, this.off(addr), addr.byteLength));
  }

  // ─── Linux 6.7 – 6.19 ────────────────────────────────────────────────────────────────────────

  /** One CQE per read, each into a buffer of provided-buffer group `group` (6.7). */
  prepReadMultishot(userData: number, fd: number, length: number, offset: number, group: number): number {
    return this.sqe(this.wasm.queue_read_multishot(this.handle(), userData, fd, length, offset, group));
  }
  /** waitid(2): `info` receives a siginfo_t (128 bytes) (6.7). */
  prepWaitid(userData: number, idtype: number, id: number, info: Uint8Array | null, options: number, flags = 0): number {
    return this.sqe(this.wasm.queue_waitid(this.handle(), userData, idtype, id, this.off(info), options, flags));
  }
  /**
   * Waits while the futex word `futex` holds `value` (6.7). `futex2Flags` default: a private
   * 32-bit futex.
   */
  prepFutexWait(userData: number, futex: ArrayBufferView, value: number, mask = constants.FUTEX_BITSET_MATCH_ANY >>> 0,
    futex2Flags = constants.FUTEX2_SIZE_U32 | constants.FUTEX2_PRIVATE, flags = 0): number {
    return this.sqe(this.wasm.queue_futex_wait(this.handle(), userData, this.off(futex), value, mask, futex2Flags, flags));
  }
  /** Wakes up to `count` waiters of `futex`; res is how many were woken (6.7). */
  prepFutexWake(userData: number, futex: ArrayBufferView, count: number, mask = constants.FUTEX_BITSET_MATCH_ANY >>> 0,
    futex2Flags = constants.FUTEX2_SIZE_U32 | constants.FUTEX2_PRIVATE, flags = 0): number {
    return this.sqe(this.wasm.queue_futex_wake(this.handle(), userData, this.off(futex), count, mask, futex2Flags, flags));
  }
  /** Waits on any of the futexes in `waitv` (memory.futexWaitv); res is the index woken (6.7). */
  prepFutexWaitv(userData: number, waitv: Uint8Array, count: number, flags = 0): number {
    return this.sqe(this.wasm.queue_futex_waitv(this.handle(), userData, this.off(waitv), count, flags));
  }
  /** A regular fd for direct descriptor `slot`; res is the fd (6.8). */
  prepFixedFdInstall(userData: number, slot: number, flags = 0): number {
    return this.sqe(this.wasm.queue_fixed_fd_install(this.handle(), userData, slot, flags));
  }
  /** ftruncate(2) (6.9). */
  prepFtruncate(userData: number, fd: number, length: number): number {
    return this.sqe(this.wasm.queue_ftruncate(this.handle(), userData, fd, length));
  }
  /** bind(2) to `addr` (a sockaddr) (6.11). */
  prepBind(userData: number, fd: number, addr: Uint8Array): number {
    return this.sqe(this.wasm.queue_bind(this.handle(), userData, fd, this.off(addr), addr.byteLength));
  }
  /** listen(2) (6.11). */
  prepListen(userData: number, fd: number, backlog: number): number {
    return this.sqe(this.wasm.queue_listen(this.handle(), userData, fd, backlog));
  }
  /** Zero-copy receive through registered receive queue `ifq` (IORING_REGISTER_ZCRX_IFQ) (6.15). */
  prepRecvZc(userData: number, fd: number, length: number, ifq: number, flags = 0): number {
    return this.sqe(this.wasm.queue_recv_zc(this.handle(), userData, fd, length, flags, ifq));
  }
  /** epoll_wait(2) as a request: events into `events` (memory.epollEvents) (6.15). */
  prepEpollWait(userData: number, epfd: number, events: Uint8Array, maxEvents: number, flags = 0): number {
    return this.sqe(this.wasm.queue_epoll_wait(this.handle(), userData, epfd, this.off(events), maxEvents, flags));
  }
  /** preadv2(2) into registered buffer `bufIndex` (the iovecs point inside it) (6.15). */
  prepReadvFixed(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, bufIndex: number, rwFlags = 0): number {
    return this.sqe(this.wasm.queue_readv_fixed(this.handle(), userData, fd, this.off(iovecs), count, offset, rwFlags, bufIndex));
  }
  /** pwritev2(2) from registered buffer `bufIndex` (6.15). */
  prepWritevFixed(userData: number, fd: number, iovecs: Uint8Array, count: number, offset: number, bufIndex: number, rwFlags = 0): number {
    return this.sqe(this.wasm.queue_writev_fixed(this.handle(), userData, fd, this.off(iovecs), count, offset, rwFlags, bufIndex));
  }
  /** pipe2(2): the two fds are written to `fds` (an Int32Array of 2 in ring memory) (6.16). */
  prepPipe(userData: number, fds: Int32Array, flags = 0): number {
    return this.sqe(this.wasm.queue_pipe(this.handle(), userData, this.off(fds), flags, false, 0));
  }
  /** pipe2(2) into direct descriptors `slot` and `slot + 1` (or allocated) (6.16). */
  prepPipeDirect(userData: number, fds: Int32Array, flags: number, slot: number): number {
    return this.sqe(this.wasm.queue_pipe(this.handle(), userData, this.off(fds), flags, true, slot));
  }
  /** A NOP in a 128-byte SQE of an IORING_SETUP_SQE_MIXED ring (6.19). */
  prepNop128(userData: number): number {
    return this.sqe(this.wasm.queue_nop128(this.handle(), userData));
  }

  #bufferSelect(sqe: number, group: number): number {
    this.sqe(sqe);
    this.wasm.sqe_set_flags(sqe, constants.IOSQE_BUFFER_SELECT);
    this.wasm.sqe_set_buf_group(sqe, group);
    return sqe;
  }

  #uringCmd(userData: number, cmdOp: number, fd: number, cmd: Uint8Array | null, wide: boolean): number {
    const h = this.handle();
    const length = cmd?.byteLength ?? 0;
    // A 128-byte SQE of an SQE_MIXED ring has the 80 bytes of an SQE128 ring's.
    const mixed128 = wide && (this.wasm.ring_setup_flags(h) & constants.IORING_SETUP_SQE_MIXED) !== 0;
    const room = mixed128 ? 80 : this.wasm.ring_sqe_cmd_room(h);
    if (length > room) {
      throw new RangeError(`a URING_CMD command of ${length} bytes does not fit the SQE's ${room} (IORING_SETUP_SQE128 gives 80)`);
    }
    return this.sqe(this.wasm.queue_uring_cmd(h, userData, cmdOp, fd, this.off(cmd), length, wide));
  }

  // ─── Adjusting a prepared SQE ────────────────────────────────────────────────────────────────

  /** IOSQE_* flags (IO_LINK, IO_DRAIN, ASYNC, FIXED_FILE, …) for a prepared SQE (replaces its flags). */
  setSqeFlags(sqe: number, flags: number): void {
    this.handle();
    this.wasm.sqe_set_flags(sqe, flags);
  }
  /** Adds IOSQE_* flags to those a prepared SQE has (its encoder may have set some, e.g. BUFFER_SELECT). */
  addSqeFlags(sqe: number, flags: number): void {
    this.handle();
    this.wasm.sqe_add_flags(sqe, flags);
  }
  setSqeUserData(sqe: number, userData: number): void {
    this.handle();
    this.wasm.sqe_set_user_data(sqe, userData);
  }
  setSqeIoprio(sqe: number, ioprio: number): void {
    this.handle();
    this.wasm.sqe_set_ioprio(sqe, ioprio);
  }
  setSqePersonality(sqe: number, id: number): void {
    this.handle();
    this.wasm.sqe_set_personality(sqe, id);
  }
  setSqeBufGroup(sqe: number, group: number): void {
    this.handle();
    this.wasm.sqe_set_buf_group(sqe, group);
  }
}
