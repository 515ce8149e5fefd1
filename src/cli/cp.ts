// `wasm-uring cp SRC DST`: copies a file through an AsyncRing, several chunk reads and writes in
// flight, in buffers of ring memory (the kernel reads into and writes from them in place).

import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { AsyncRing, type UringError } from '../index.js';
import { messageOf, UsageError, type Command } from './command.js';
import { ProgressBar } from './progress.js';

const KiB = 1 << 10;
const MiB = 1 << 20;
const MAX_CHUNK = 64 * MiB;
const MAX_DEPTH = 256;
/** Buffers in flight may take at most this much of the ring memory (1 GiB by default). */
const MAX_IN_FLIGHT_BYTES = 512 * MiB;

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
      const dest = await target(ring, src, dst);
      const onProgress = (copied: number, size: number): void => {
        if (!bar && process.stderr.isTTY) bar = new ProgressBar(process.stderr, size);
        bar?.update(copied);
      };
      await ring.copyFile(src, dest, { chunkSize: chunk, depth, onProgress })
        .catch((error: unknown) => { throw naming(error, (error as UringError).syscall === 'write' ? dest : src); });
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

/** `dst`, or `dst`/basename(`src`) when `dst` is a directory (as cp does). */
async function target(ring: AsyncRing, src: string, dst: string): Promise<string> {
  try {
    return (await ring.stat(dst)).isDirectory() ? join(dst, basename(src)) : dst;
  } catch (error) {
    if ((error as UringError).code === 'ENOENT') return dst;
    throw error;
  }
}

/** A read or write error names no file (the fd's path is not known): add it as Node would. */
function naming(error: unknown, path: string): unknown {
  if (error instanceof Error && (error as UringError).syscall && (error as UringError).path === undefined) {
    error.message += ` '${path}'`;
  }
  return error;
}
