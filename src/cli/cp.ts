// `wasm-uring cp SRC DST`: copies a file through an AsyncRing, several chunk reads and writes in
// flight, in buffers of ring memory (the kernel reads into and writes from them in place).

import { fchmodSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AsyncRing, type Stats, type UringError } from '../index.js';
import { messageOf, UsageError, type Command } from './command.js';
import { ProgressBar } from './progress.js';

const KiB = 1 << 10;
const MiB = 1 << 20;
const MAX_CHUNK = 64 * MiB;
const MAX_DEPTH = 256;
/** Buffers in flight may take at most this much of the ring memory (1 GiB by default). */
const MAX_IN_FLIGHT_BYTES = 512 * MiB;

interface CopyOptions {
  /** Bytes per read and write. */
  chunk: number;
  /** Chunks in flight at once. */
  depth: number;
  /** Called with the source's size before any data moves. */
  onSize?: (size: number) => void;
  /** Called with the bytes copied so far after each write. */
  onProgress?: (copied: number) => void;
}

export const cp: Command = {
  summary: 'copy a file through an AsyncRing, several chunks in flight, with a progress bar',
  usage: `usage: wasm-uring cp [--chunk SIZE] [--depth N] SRC DST

Copies the file SRC to DST (or into DST/SRC's name when DST is a directory) through an
AsyncRing: N reads and writes of SIZE bytes in flight, in buffers of ring memory. DST gets
SRC's permission bits. On a terminal, a progress bar on stderr. If the copy fails, a DST it
had started is removed.

options:
  --chunk SIZE   bytes per read and write; K and M mean KiB and MiB (default 128K, at most 64M)
  --depth N      chunks in flight (default 8, at most ${MAX_DEPTH})
  -h, --help     this help
`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        chunk: { type: 'string', default: '128K' },
        depth: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(cp.usage);
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError(`expected SRC and DST, got ${positionals.length} argument(s)`);
    const chunk = parseSize(values.chunk);
    const depth = Number(values.depth);
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) {
      throw new UsageError(`--depth must be an integer from 1 to ${MAX_DEPTH}, got '${values.depth}'`);
    }
    if (chunk * depth > MAX_IN_FLIGHT_BYTES) {
      throw new UsageError(`--chunk × --depth must be at most ${MAX_IN_FLIGHT_BYTES / MiB} MiB of ring memory`);
    }
    const [src, dst] = positionals as [string, string];

    const ring = new AsyncRing();
    let bar: ProgressBar | undefined;
    try {
      await copyFile(ring, src, dst, {
        chunk,
        depth,
        onSize: (size) => { if (process.stderr.isTTY) bar = new ProgressBar(process.stderr, size); },
        onProgress: (copied) => bar?.update(copied),
      });
      return 0;
    } catch (error) {
      bar?.clear(); // the message gets the line to itself
      process.stderr.write(`wasm-uring cp: ${messageOf(error)}\n`);
      return 1;
    } finally {
      bar?.clear();
      await ring.close();
    }
  },
};

/** "128K", "1M", "4096" → bytes. */
function parseSize(text: string): number {
  const match = /^(\d+)(k|kib|m|mib)?$/i.exec(text.trim());
  const unit = match?.[2]?.[0]?.toLowerCase();
  const bytes = match ? Number(match[1]) * (unit === 'k' ? KiB : unit === 'm' ? MiB : 1) : NaN;
  if (!(bytes >= 1 && bytes <= MAX_CHUNK)) {
    throw new UsageError(`--chunk must be from 1 byte to ${MAX_CHUNK / MiB}M (a number, K or M for KiB or MiB), got '${text}'`);
  }
  return bytes;
}

/** Copies file `src` to `dst` (into it, when `dst` is a directory); on failure removes the DST it opened. */
async function copyFile(ring: AsyncRing, src: string, dst: string, options: CopyOptions): Promise<void> {
  const from = await ring.open(src, 'r');
  try {
    const source = await ring.fstat(from);
    if (source.isDirectory()) throw new Error(`'${src}' is a directory (cp copies files)`);
    let target = await statOrNull(ring, dst);
    if (target?.isDirectory()) {
      dst = join(dst, basename(src));
      target = await statOrNull(ring, dst);
    }
    // Opening the source itself for writing would truncate it before a byte is read.
    if (target && target.dev === source.dev && target.ino === source.ino) {
      throw new Error(`'${src}' and '${dst}' are the same file`);
    }
    const to = await ring.open(dst, 'w', source.mode & 0o777);
    // Remove only a regular file: never a device or FIFO named as DST (cp x /dev/null).
    let removeOnFailure = false;
    try {
      const written = await ring.fstat(to);
      removeOnFailure = written.isFile();
      options.onSize?.(source.size);
      await copyData(ring, from, to, options).catch((error: unknown) => {
        throw naming(error, (error as UringError).syscall === 'write' ? dst : src);
      });
      // The creation mode went through the umask, and an existing DST kept its own; io_uring
      // has no chmod, so fchmod(2) directly. Never on a device or FIFO.
      if (written.isFile()) fchmodSync(to, source.mode & 0o777);
    } catch (error) {
      await ring.close(to).catch(() => {});
      if (removeOnFailure) await ring.unlink(dst).catch(() => {});
      throw error;
    }
    await ring.close(to);
  } finally {
    await ring.close(from).catch(() => {});
  }
}

/** A read or write error names no file (the fd's path is not known): add it as Node would. */
function naming(error: unknown, path: string): unknown {
  if (error instanceof Error && (error as UringError).syscall && (error as UringError).path === undefined) {
    error.message += ` '${path}'`;
  }
  return error;
}

async function statOrNull(ring: AsyncRing, path: string): Promise<Stats | null> {
  try {
    return await ring.stat(path);
  } catch (error) {
    if ((error as UringError).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * `depth` workers, each with its own ring buffer, take the next chunk's offset in turn and read
 * it whole, then write it whole, until one reads past the end. Reading to the end rather than
 * to the size fstat gave also copies files that report 0 (those of /proc).
 */
async function copyData(ring: AsyncRing, from: number, to: number, { chunk, depth, onProgress }: CopyOptions): Promise<void> {
  const buffers = Array.from({ length: depth }, () => ring.alloc(chunk));
  let next = 0;
  let ended = false;
  let copied = 0;
  const worker = async (buffer: Buffer): Promise<void> => {
    while (!ended) {
      const at = next;
      next += chunk;
      const n = await readFull(ring, from, buffer, at);
      if (n < chunk) ended = true;
      if (n === 0) continue;
      await writeAll(ring, to, buffer.subarray(0, n), at);
      copied += n;
      onProgress?.(copied);
    }
  };
  try {
    const results = await Promise.allSettled(buffers.map((buffer) => worker(buffer).catch((error) => {
      ended = true; // the other workers stop after their current chunk
      throw error;
    })));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    for (const buffer of buffers) ring.free(buffer); // every worker has settled: the kernel is done with them
  }
}

/** Reads until `buffer` is full or the file ends; resolves to the bytes read. */
async function readFull(ring: AsyncRing, fd: number, buffer: Buffer, at: number): Promise<number> {
  let got = 0;
  while (got < buffer.length) {
    const n = await ring.read(fd, buffer, at + got, { offset: got, length: buffer.length - got });
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Writes all of `data` at `at`, going on after short writes. */
async function writeAll(ring: AsyncRing, fd: number, data: Buffer, at: number): Promise<void> {
  for (let done = 0; done < data.length;) {
    const n = await ring.write(fd, data, at + done, { offset: done, length: data.length - done });
    if (n === 0) throw new Error(`write returned 0 with ${data.length - done} bytes left at offset ${at + done}`);
    done += n;
  }
}
