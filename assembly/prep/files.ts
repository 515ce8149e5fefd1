// Encoders for the file system: opening, closing, stat, names and links, xattrs, and the
// direct-descriptor table (io_uring_prep_* of liburing; opcode numbers above each).

import { io_uring_sqe } from "../abi/sqe";
import {
  AT_FDCWD, IORING_FILE_INDEX_ALLOC, IORING_OP_CLOSE, IORING_OP_FGETXATTR, IORING_OP_FILES_UPDATE,
  IORING_OP_FIXED_FD_INSTALL, IORING_OP_FSETXATTR, IORING_OP_GETXATTR, IORING_OP_LINKAT,
  IORING_OP_MKDIRAT, IORING_OP_OPENAT, IORING_OP_OPENAT2, IORING_OP_RENAMEAT, IORING_OP_SETXATTR,
  IORING_OP_STATX, IORING_OP_SYMLINKAT, IORING_OP_UNLINKAT, IOSQE_FIXED_FILE,
} from "../abi/constants";
import { open_how } from "../abi/structs";
import { prep_rw, set_target_fixed_file } from "./common";

// 18, 19, 20
export function prep_openat(sqe: io_uring_sqe, dfd: i32, path: u64, flags: i32, mode: u32): void {
  prep_rw(IORING_OP_OPENAT, sqe, dfd, path, mode, 0);
  sqe.open_flags = <u32>flags;
}

export function prep_close(sqe: io_uring_sqe, fd: i32): void {
  prep_rw(IORING_OP_CLOSE, sqe, fd, 0, 0, 0);
}

export function prep_files_update(sqe: io_uring_sqe, fds: u64, nr_fds: u32, offset: i32): void {
  prep_rw(IORING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, <u64>offset);
}

// 21: the statx buffer travels in `off`.
export function prep_statx(sqe: io_uring_sqe, dfd: i32, path: u64, flags: i32, mask: u32, statxbuf: u64): void {
  prep_rw(IORING_OP_STATX, sqe, dfd, path, mask, statxbuf);
  sqe.statx_flags = <u32>flags;
}

// 28: the open_how travels in `off`, its size in `len`.
export function prep_openat2(sqe: io_uring_sqe, dfd: i32, path: u64, how: u64): void {
  prep_rw(IORING_OP_OPENAT2, sqe, dfd, path, <u32>offsetof<open_how>(), how);
}

// Direct variants of 18, 19, 28: the file goes into (or comes out of) fixed-file slot `file_index`.
export function prep_openat_direct(sqe: io_uring_sqe, dfd: i32, path: u64, flags: i32, mode: u32, file_index: u32): void {
  prep_openat(sqe, dfd, path, flags, mode);
  set_target_fixed_file(sqe, file_index);
}
export function prep_openat2_direct(sqe: io_uring_sqe, dfd: i32, path: u64, how: u64, file_index: u32): void {
  prep_openat2(sqe, dfd, path, how);
  set_target_fixed_file(sqe, file_index);
}
export function prep_close_direct(sqe: io_uring_sqe, file_index: u32): void {
  prep_close(sqe, 0);
  sqe.file_index = file_index + 1;
}

// 35: the new dirfd travels in `len`, the new path in `off`.
export function prep_renameat(sqe: io_uring_sqe, olddfd: i32, oldpath: u64, newdfd: i32, newpath: u64, flags: u32): void {
  prep_rw(IORING_OP_RENAMEAT, sqe, olddfd, oldpath, <u32>newdfd, newpath);
  sqe.rename_flags = flags;
}
export function prep_rename(sqe: io_uring_sqe, oldpath: u64, newpath: u64): void {
  prep_renameat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

// 36: AT_REMOVEDIR in `flags` removes a directory.
export function prep_unlinkat(sqe: io_uring_sqe, dfd: i32, path: u64, flags: u32): void {
  prep_rw(IORING_OP_UNLINKAT, sqe, dfd, path, 0, 0);
  sqe.unlink_flags = flags;
}
export function prep_unlink(sqe: io_uring_sqe, path: u64, flags: u32): void {
  prep_unlinkat(sqe, AT_FDCWD, path, flags);
}

// 37: the mode travels in `len`.
export function prep_mkdirat(sqe: io_uring_sqe, dfd: i32, path: u64, mode: u32): void {
  prep_rw(IORING_OP_MKDIRAT, sqe, dfd, path, mode, 0);
}
export function prep_mkdir(sqe: io_uring_sqe, path: u64, mode: u32): void {
  prep_mkdirat(sqe, AT_FDCWD, path, mode);
}

// 38: the link's path travels in `off`.
export function prep_symlinkat(sqe: io_uring_sqe, target: u64, newdirfd: i32, linkpath: u64): void {
  prep_rw(IORING_OP_SYMLINKAT, sqe, newdirfd, target, 0, linkpath);
}
export function prep_symlink(sqe: io_uring_sqe, target: u64, linkpath: u64): void {
  prep_symlinkat(sqe, target, AT_FDCWD, linkpath);
}

// 39: laid out like RENAMEAT.
export function prep_linkat(sqe: io_uring_sqe, olddfd: i32, oldpath: u64, newdfd: i32, newpath: u64, flags: u32): void {
  prep_rw(IORING_OP_LINKAT, sqe, olddfd, oldpath, <u32>newdfd, newpath);
  sqe.hardlink_flags = flags;
}
export function prep_link(sqe: io_uring_sqe, oldpath: u64, newpath: u64, flags: u32): void {
  prep_linkat(sqe, AT_FDCWD, oldpath, AT_FDCWD, newpath, flags);
}

// 41-44: the name in `addr`, the value in `off` (`len` bytes), the path (if any) in `addr3`.
export function prep_fsetxattr(sqe: io_uring_sqe, fd: i32, name: u64, value: u64, flags: u32, len: u32): void {
  prep_rw(IORING_OP_FSETXATTR, sqe, fd, name, len, value);
  sqe.xattr_flags = flags;
}
export function prep_setxattr(sqe: io_uring_sqe, name: u64, value: u64, path: u64, flags: u32, len: u32): void {
  prep_rw(IORING_OP_SETXATTR, sqe, 0, name, len, value);
  sqe.addr3 = path;
  sqe.xattr_flags = flags;
}
export function prep_fgetxattr(sqe: io_uring_sqe, fd: i32, name: u64, value: u64, len: u32): void {
  prep_rw(IORING_OP_FGETXATTR, sqe, fd, name, len, value);
  sqe.xattr_flags = 0;
}
export function prep_getxattr(sqe: io_uring_sqe, name: u64, value: u64, path: u64, len: u32): void {
  prep_rw(IORING_OP_GETXATTR, sqe, 0, name, len, value);
  sqe.addr3 = path;
  sqe.xattr_flags = 0;
}

// 54: a regular fd for the direct descriptor `fd` (the SQE is always IOSQE_FIXED_FILE).
export function prep_fixed_fd_install(sqe: io_uring_sqe, fd: i32, flags: u32): void {
  prep_rw(IORING_OP_FIXED_FD_INSTALL, sqe, fd, 0, 0, 0);
  sqe.flags = IOSQE_FIXED_FILE;
  sqe.install_fd_flags = flags;
}
