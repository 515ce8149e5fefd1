// What stat() resolves to: the fields and methods of Node's fs.Stats, from a struct statx.

import { constants as fsConstants } from 'node:fs';
import type { RingMemory } from '../memory.js';

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK } = fsConstants;

export class Stats {
  dev!: number;
  ino!: number;
  mode!: number;
  nlink!: number;
  uid!: number;
  gid!: number;
  rdev!: number;
  size!: number;
  blksize!: number;
  blocks!: number;
  atimeMs!: number;
  mtimeMs!: number;
  ctimeMs!: number;
  birthtimeMs!: number;

  get atime(): Date { return new Date(this.atimeMs); }
  get mtime(): Date { return new Date(this.mtimeMs); }
  get ctime(): Date { return new Date(this.ctimeMs); }
  get birthtime(): Date { return new Date(this.birthtimeMs); }

  isFile(): boolean { return (this.mode & S_IFMT) === S_IFREG; }
  isDirectory(): boolean { return (this.mode & S_IFMT) === S_IFDIR; }
  isSymbolicLink(): boolean { return (this.mode & S_IFMT) === S_IFLNK; }
  isFIFO(): boolean { return (this.mode & S_IFMT) === S_IFIFO; }
  isSocket(): boolean { return (this.mode & S_IFMT) === S_IFSOCK; }
  isCharacterDevice(): boolean { return (this.mode & S_IFMT) === S_IFCHR; }
  isBlockDevice(): boolean { return (this.mode & S_IFMT) === S_IFBLK; }

  /** The struct statx at `at` in `memory`, as STATX filled it. */
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
