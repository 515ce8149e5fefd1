// What stat() resolves to: the fields and methods of Node's fs.Stats, from a struct statx.

import { constants as fsConstants } from 'node:fs';
import type { RingMemory } from '../memory.js';

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK } = fsConstants;

/** What stat(), lstat() and fstat() resolve to: the fields and methods of Node's fs.Stats. */
export class Stats {
  /** The id of the device holding the file. */
  dev!: number;
  /** The file's inode number. */
  ino!: number;
  /** The file type and permission bits (S_IF*, 0o7777). */
  mode!: number;
  /** How many hard links the file has. */
  nlink!: number;
  /** The owner's user id. */
  uid!: number;
  /** The owner's group id. */
  gid!: number;
  /** The device id, for a device file. */
  rdev!: number;
  /** The size in bytes. */
  size!: number;
  /** The block size for I/O that the filesystem prefers. */
  blksize!: number;
  /** How many 512-byte blocks the file takes. */
  blocks!: number;
  /** Last access, in ms since the epoch. */
  atimeMs!: number;
  /** Last change of the contents, in ms since the epoch. */
  mtimeMs!: number;
  /** Last change of the inode (contents or metadata), in ms since the epoch. */
  ctimeMs!: number;
  /** Creation, in ms since the epoch (0 where the filesystem does not say). */
  birthtimeMs!: number;

  /** atimeMs as a Date. */
  get atime(): Date { return new Date(this.atimeMs); }
  /** mtimeMs as a Date. */
  get mtime(): Date { return new Date(this.mtimeMs); }
  /** ctimeMs as a Date. */
  get ctime(): Date { return new Date(this.ctimeMs); }
  /** birthtimeMs as a Date. */
  get birthtime(): Date { return new Date(this.birthtimeMs); }

  /** Whether it is a regular file. */
  isFile(): boolean { return (this.mode & S_IFMT) === S_IFREG; }
  /** Whether it is a directory. */
  isDirectory(): boolean { return (this.mode & S_IFMT) === S_IFDIR; }
  /** Whether it is a symbolic link (from lstat). */
  isSymbolicLink(): boolean { return (this.mode & S_IFMT) === S_IFLNK; }
  /** Whether it is a FIFO (named pipe). */
  isFIFO(): boolean { return (this.mode & S_IFMT) === S_IFIFO; }
  /** Whether it is a socket. */
  isSocket(): boolean { return (this.mode & S_IFMT) === S_IFSOCK; }
  /** Whether it is a character device. */
  isCharacterDevice(): boolean { return (this.mode & S_IFMT) === S_IFCHR; }
  /** Whether it is a block device. */
  isBlockDevice(): boolean { return (this.mode & S_IFMT) === S_IFBLK; }

  /** @internal The struct statx at `at` in `memory`, as STATX filled it. */
  static fromStatx(memory: RingMemory, at: number): Stats {
    const w = memory.wasm;
    const s = new Stats();
    s.dev = w.statx_dev(at);
    s.ino = w.statx_ino(at);
    s.mode = w.statx_mode(at);
    s.nlink = w.statx_nlink(at) >>> 0;
    s.uid = w.statx_uid(at) >>> 0;
    s.gid = w.statx_gid(at) >>> 0;
    s.rdev = w.statx_rdev(at);
    s.size = w.statx_size(at);
    s.blksize = w.statx_blksize(at) >>> 0;
    s.blocks = w.statx_blocks(at);
    s.atimeMs = w.statx_atime_ms(at);
    s.mtimeMs = w.statx_mtime_ms(at);
    s.ctimeMs = w.statx_ctime_ms(at);
    // As Node does: no birth time from the filesystem reads as the epoch.
    s.birthtimeMs = (w.statx_mask(at) & w.STATX_BTIME.value) ? w.statx_btime_ms(at) : 0;
    return s;
  }
}
