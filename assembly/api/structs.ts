// Builders for the structs SQEs point at, so src/ never lays out kernel structs itself.
// `at` is the struct's offset in the linear memory; offsets inside become process addresses.

import {
  __kernel_timespec, futex_waitv, iovec, msghdr, open_how, statx, EPOLL_EVENT_DATA, SIZEOF_EPOLL_EVENT,
  timespec_nsec, timespec_sec,
  sockaddr_in, sockaddr_in6, SOCKADDR_IN6_ADDR,
} from "../abi/structs";
import { addr, u64of } from "./take";
import { AF_INET, AF_INET6, FUTEX2_SIZE_U64 } from "../abi/constants";

// Their sizes are the sizeof_* globals of abi/layout.ts.

/** iovecs[index] = { base of the buffer at `buf`, len }. */
export function iovec_set(iovecs: usize, index: u32, buf: usize, len: u32): void {
  const v = changetype<iovec>(iovecs + <usize>index * offsetof<iovec>());
  v.iov_base = addr(buf);
  v.iov_len = len;
}

export function msghdr_set(
  at: usize, name: usize, namelen: u32, iov: usize, iovlen: u32, control: usize, controllen: u32, flags: i32,
): void {
  const m = changetype<msghdr>(at);
  m.msg_name = addr(name);
  m.msg_namelen = namelen;
  m.msg_iov = addr(iov);
  m.msg_iovlen = iovlen;
  m.msg_control = addr(control);
  m.msg_controllen = controllen;
  m.msg_flags = flags;
}
/** msg_namelen/msg_controllen/msg_flags as the kernel left them after RECVMSG. */
export function msghdr_namelen(at: usize): u32 { return changetype<msghdr>(at).msg_namelen; }
export function msghdr_controllen(at: usize): u32 { return <u32>changetype<msghdr>(at).msg_controllen; }
export function msghdr_flags(at: usize): i32 { return changetype<msghdr>(at).msg_flags; }

/** A __kernel_timespec of `ms` milliseconds (≥ 0). */
export function timespec_set(at: usize, ms: f64): void {
  const ts = changetype<__kernel_timespec>(at);
  ts.tv_sec = timespec_sec(ms);
  ts.tv_nsec = timespec_nsec(ms);
}

export function open_how_set(at: usize, flags: f64, mode: f64, resolve: f64): void {
  const how = changetype<open_how>(at);
  how.flags = u64of(flags);
  how.mode = u64of(mode);
  how.resolve = u64of(resolve);
}

/** struct epoll_event { u32 events; u64 data } (packed on x86-64). */
export function epoll_event_set(at: usize, events: u32, data: f64): void {
  store<u32>(at, events);
  store<u64>(at + EPOLL_EVENT_DATA, u64of(data));
}

/** Entry `index` of an epoll_event array (EPOLL_WAIT's output): its events… */
export function epoll_event_events(at: usize, index: u32): u32 {
  return load<u32>(at + <usize>index * SIZEOF_EPOLL_EVENT);
}
/** …and its data (f64: exact below 2^53). */
export function epoll_event_data(at: usize, index: u32): f64 {
  return <f64>load<u64>(at + <usize>index * SIZEOF_EPOLL_EVENT + EPOLL_EVENT_DATA);
}

/** Entry `index` of a struct futex_waitv array: wait while the futex word at `futex` holds `val`. */
export function futex_waitv_set(at: usize, index: u32, val: f64, futex: usize, flags: u32): void {
  const w = changetype<futex_waitv>(at + <usize>index * offsetof<futex_waitv>());
  w.val = u64of(val);
  w.uaddr = addr(futex);
  w.flags = flags;
  w.__reserved = 0;
}

// struct statx, as STATX filled it. 64-bit fields come back as f64 (exact below 2^53).
export function statx_mask(at: usize): u32 { return changetype<statx>(at).stx_mask; }
export function statx_mode(at: usize): u32 { return changetype<statx>(at).stx_mode; }
export function statx_nlink(at: usize): u32 { return changetype<statx>(at).stx_nlink; }
export function statx_uid(at: usize): u32 { return changetype<statx>(at).stx_uid; }
export function statx_gid(at: usize): u32 { return changetype<statx>(at).stx_gid; }
export function statx_ino(at: usize): f64 { return <f64>changetype<statx>(at).stx_ino; }
export function statx_size(at: usize): f64 { return <f64>changetype<statx>(at).stx_size; }
export function statx_blocks(at: usize): f64 { return <f64>changetype<statx>(at).stx_blocks; }
export function statx_blksize(at: usize): u32 { return changetype<statx>(at).stx_blksize; }
/** Modification time in milliseconds since the epoch (as fs.Stats.mtimeMs). */
export function statx_mtime_ms(at: usize): f64 {
  const s = changetype<statx>(at);
  return <f64>s.stx_mtime_sec * 1000 + <f64>s.stx_mtime_nsec / 1e6;
}
export function statx_atime_ms(at: usize): f64 {
  const s = changetype<statx>(at);
  return <f64>s.stx_atime_sec * 1000 + <f64>s.stx_atime_nsec / 1e6;
}
export function statx_ctime_ms(at: usize): f64 {
  const s = changetype<statx>(at);
  return <f64>s.stx_ctime_sec * 1000 + <f64>s.stx_ctime_nsec / 1e6;
}
/** Creation time; meaningful only when the mask has STATX_BTIME (not every filesystem keeps it). */
export function statx_btime_ms(at: usize): f64 {
  const s = changetype<statx>(at);
  return <f64>s.stx_btime_sec * 1000 + <f64>s.stx_btime_nsec / 1e6;
}
/** glibc's makedev() of major and minor: the st_dev number fs.Stats.dev shows. */
@inline function makedev(major: u32, minor: u32): f64 {
  const dev = ((<u64>major & 0xfffff000) << 32) | ((<u64>major & 0xfff) << 8)
    | ((<u64>minor & 0xffffff00) << 12) | (<u64>minor & 0xff);
  return <f64>dev;
}
export function statx_dev(at: usize): f64 {
  const s = changetype<statx>(at);
  return makedev(s.stx_dev_major, s.stx_dev_minor);
}
export function statx_rdev(at: usize): f64 {
  const s = changetype<statx>(at);
  return makedev(s.stx_rdev_major, s.stx_rdev_minor);
}

// struct sockaddr_in / sockaddr_in6: ports and addresses are stored in network byte order.

/** An IPv4 address `addr` (host order: 127.0.0.1 is 0x7f000001) and `port`. */
export function sockaddr_in_set(at: usize, addr: u32, port: u16): void {
  const sa = changetype<sockaddr_in>(at);
  sa.sin_family = <u16>AF_INET;
  sa.sin_port = bswap<u16>(port);
  sa.sin_addr = bswap<u32>(addr);
  sa.sin_zero = 0;
}
/** An IPv6 address (its 16 bytes already at `at` + offsetof(sin6_addr)) and `port`. */
export function sockaddr_in6_set(at: usize, port: u16, flowinfo: u32, scope_id: u32): void {
  const sa = changetype<sockaddr_in6>(at);
  sa.sin6_family = <u16>AF_INET6;
  sa.sin6_port = bswap<u16>(port);
  sa.sin6_flowinfo = bswap<u32>(flowinfo);
  sa.sin6_scope_id = scope_id;
}
export function sockaddr_family(at: usize): u32 { return changetype<sockaddr_in>(at).sin_family; }
/** The port of a sockaddr_in or sockaddr_in6 (same place in both), in host order. */
export function sockaddr_port(at: usize): u32 { return bswap<u16>(changetype<sockaddr_in>(at).sin_port); }
/** The IPv4 address of a sockaddr_in, in host order. */
export function sockaddr_in_addr(at: usize): u32 { return bswap<u32>(changetype<sockaddr_in>(at).sin_addr); }
/** Where the 16 address bytes of a sockaddr_in6 start. */
export function sockaddr_in6_addr(at: usize): usize { return at + SOCKADDR_IN6_ADDR; }

/** Entry `index` of a u64 array (registration tags): `value` exact below 2^53. */
export function u64_set(at: usize, index: u32, value: f64): void {
  store<u64>(at + (<usize>index << 3), u64of(value));
}

// ─── Reading back what a struct points at (so src/ can check it before the kernel uses it) ───────
// Pointers come back as the process addresses stored (f64: exact, addresses are below 2^53).

export function iovec_base(iovecs: usize, index: u32): f64 {
  return <f64>changetype<iovec>(iovecs + <usize>index * offsetof<iovec>()).iov_base;
}
export function iovec_len(iovecs: usize, index: u32): f64 {
  return <f64>changetype<iovec>(iovecs + <usize>index * offsetof<iovec>()).iov_len;
}
export function msghdr_name(at: usize): f64 { return <f64>changetype<msghdr>(at).msg_name; }
export function msghdr_iov(at: usize): f64 { return <f64>changetype<msghdr>(at).msg_iov; }
export function msghdr_iovlen(at: usize): f64 { return <f64>changetype<msghdr>(at).msg_iovlen; }
export function msghdr_control(at: usize): f64 { return <f64>changetype<msghdr>(at).msg_control; }
export function futex_waitv_uaddr(at: usize, index: u32): f64 {
  return <f64>changetype<futex_waitv>(at + <usize>index * offsetof<futex_waitv>()).uaddr;
}
export function futex_waitv_flags(at: usize, index: u32): u32 {
  return changetype<futex_waitv>(at + <usize>index * offsetof<futex_waitv>()).flags;
}
/** socklen_t (ACCEPT's addrlen) as the kernel reads and writes it: a u32. */
export function socklen_get(at: usize): u32 { return load<u32>(at); }

// ─── Sizes the kernel uses through pointers, beyond the sizeof_* globals ─────────────────────────
// Functions, not globals: the layout test compares each sizeof_* global with sizeof(struct …), and
// these are typedefs or header macros.

/** sizeof(siginfo_t): what WAITID writes (128 bytes on every Linux target). */
export function size_of_siginfo(): u32 { return 128; }
/** sizeof(socklen_t). */
export function size_of_socklen(): u32 { return 4; }
/** Bytes of a futex word with these FUTEX2_* flags: FUTEX2_SIZE_U8 … U64 in the low two bits. */
export function futex2_size(futex2_flags: u32): u32 { return 1 << (futex2_flags & FUTEX2_SIZE_U64); }
/** UIO_MAXIOV: the most iovecs the kernel takes in one request (more: EINVAL/EMSGSIZE, nothing read). */
export function uio_maxiov(): u32 { return 1024; }
