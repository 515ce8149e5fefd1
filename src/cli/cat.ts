// `wasm-uring cat FILE…`: the files' bytes to stdout, in order, read through an AsyncRing.
//
// Reads go through the ring, into buffers of ring memory; a regular file is read several chunks
// ahead. Writes go through process.stdout, not the ring: stdout may be a terminal, pipe, file or
// socket, and may be non-blocking (shared with a parent that made it so), where io_uring answers
// EAGAIN instead of waiting; libuv handles each. A buffer goes back to the pool only once stdout
// has taken its bytes, so a slow reader holds cat back (backpressure) and nothing is copied.

import { parseArgs } from 'node:util';
import { AsyncRing, type UringError } from '../index.js';
import { messageOf, type Command } from './command.js';

const CHUNK = 128 << 10;
/** Buffers: chunks read ahead of stdout, or waiting in it. */
const BUFFERS = 4;
/** Waits between reads of a non-blocking stdin that had nothing (EAGAIN), in ms. */
const RETRY_MIN_MS = 1;
const RETRY_MAX_MS = 50;

export const cat: Command = {
  summary: 'write files (or stdin) to stdout, read through an AsyncRing',
  usage: `usage: wasm-uring cat [FILE]...

Writes each FILE to stdout, in order, reading it through an AsyncRing. With no FILE, or
where FILE is -, reads stdin. A FILE that cannot be read is reported on stderr and skipped;
the exit status is then 1. A reader that goes away early (| head) ends cat quietly.

options:
  -h, --help   this help
`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(cat.usage);
      return 0;
    }
    const names = positionals.length > 0 ? positionals : ['-'];
    const ring = new AsyncRing(); // a refusal (io_uring disabled, no fds) is src/cli.ts's to report
    let status = 0;
    let stdout: Stdout | undefined;
    try {
      const pool = new BufferPool(allocate(ring, BUFFERS, CHUNK));
      stdout = new Stdout(pool);
      for (const name of names) {
        if (stdout.error) break;
        try {
          await catFile(ring, name, pool, stdout);
        } catch (error) {
          if (stdout.error) break; // a read cut short because stdout failed: not this file's fault
          const message = messageOf(error);
          // Open errors name the path already; a read error ("EISDIR: …, read") does not.
          process.stderr.write(`wasm-uring cat: ${(error as UringError).path === undefined ? `${name}: ${message}` : message}\n`);
          status = 1;
        }
      }
      if (!stdout.error) {
        await pool.whenAllBack(); // stdout has every byte before the memory goes
        for (const buffer of pool.all) ring.free(buffer);
      }
    } finally {
      await ring.close();
    }
    // The reader left (EPIPE): what `cat | head` expects, not an error.
    if (stdout?.error && stdout.error.code !== 'EPIPE') {
      process.stderr.write(`wasm-uring cat: write error: ${stdout.error.message}\n`);
      status = 1;
    }
    return status;
  },
};

/** `count` buffers of `size` bytes of ring memory, all or none. */
function allocate(ring: AsyncRing, count: number, size: number): Buffer[] {
  const buffers: Buffer[] = [];
  try {
    while (buffers.length < count) buffers.push(ring.alloc(size));
  } catch (error) {
    for (const buffer of buffers) ring.free(buffer);
    throw error;
  }
  return buffers;
}

/** One FILE (or stdin, for '-') to stdout. */
async function catFile(ring: AsyncRing, name: string, pool: BufferPool, stdout: Stdout): Promise<void> {
  const isStdin = name === '-';
  const fd = isStdin ? 0 : await ring.open(name, 'r');
  try {
    // A regular file is read at positions, several chunks at once. Stdin (even a file) is read
    // at its own position, and a pipe, terminal or device has none: one read at a time.
    const positional = !isStdin && (await ring.fstat(fd)).isFile();
    await copyToStdout(ring, fd, positional, pool, stdout);
  } finally {
    if (!isStdin) await ring.close(fd);
  }
}

interface Chunk {
  buffer: Buffer;
  length: number;
}

async function copyToStdout(ring: AsyncRing, fd: number, positional: boolean, pool: BufferPool, stdout: Stdout): Promise<void> {
  const reads: Promise<Chunk>[] = []; // in flight, in file order
  const readAhead = positional ? BUFFERS : 1;
  let next = 0;
  let ended = false;
  try {
    while (!stdout.error) {
      while (!ended && reads.length < readAhead && pool.available > 0) {
        const buffer = pool.take();
        const read = positional ? readFull(ring, fd, buffer, next, stdout.failed) : readSome(ring, fd, buffer, stdout.failed);
        next += CHUNK;
        const chunk = read.then((length) => ({ buffer, length }), (error: unknown) => {
          pool.give(buffer);
          throw error;
        });
        chunk.catch(() => {}); // rejections are taken in order, below; none is unhandled meanwhile
        reads.push(chunk);
      }
      if (reads.length === 0) {
        if (ended) return;
        await pool.whenAvailable(); // every buffer is in stdout
        continue;
      }
      const { buffer, length } = await reads.shift()!;
      // A positional read is whole unless the file ended; a stream's ends with 0.
      if (length === 0 || (positional && length < CHUNK)) ended = true;
      if (length === 0) pool.give(buffer);
      else stdout.write(buffer, length);
    }
  } finally {
    // Reads still in flight (after an error, past the end) finish before their buffers return.
    for (const r of await Promise.allSettled(reads)) if (r.status === 'fulfilled') pool.give(r.value.buffer);
  }
}

/** Reads at `at` until `buffer` is full or the file ends. */
async function readFull(ring: AsyncRing, fd: number, buffer: Buffer, at: number, signal: AbortSignal): Promise<number> {
  let got = 0;
  while (got < buffer.length) {
    const n = await ring.read(fd, buffer, at + got, { offset: got, length: buffer.length - got, signal });
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** One read at the fd's own position: what a pipe or terminal has now (0: the end). */
async function readSome(ring: AsyncRing, fd: number, buffer: Buffer, signal: AbortSignal): Promise<number> {
  for (let wait = RETRY_MIN_MS; ; wait = Math.min(2 * wait, RETRY_MAX_MS)) {
    try {
      return await ring.read(fd, buffer, -1, { signal });
    } catch (error) {
      // A non-blocking fd with nothing to read: io_uring reports that rather than waiting.
      if ((error as UringError).code !== 'EAGAIN') throw error;
      await ring.sleep(wait, { signal });
    }
  }
}

/** process.stdout, taking buffers from the pool and giving each back once written. */
class Stdout {
  /** The first write error (EPIPE: the reader went away); nothing more is written after it. */
  error: NodeJS.ErrnoException | undefined;
  readonly #failed = new AbortController();

  constructor(readonly pool: BufferPool) {
    // Without a listener, an EPIPE would be an uncaught exception with a stack trace.
    process.stdout.on('error', (error) => this.#fail(error));
  }

  /** Aborts on the first write error: a read waiting on a pipe or terminal need not finish. */
  get failed(): AbortSignal {
    return this.#failed.signal;
  }

  write(buffer: Buffer, length: number): void {
    process.stdout.write(buffer.subarray(0, length), (error) => {
      if (error) this.#fail(error);
      this.pool.give(buffer);
    });
  }

  #fail(error: NodeJS.ErrnoException): void {
    if (this.error) return;
    this.error = error;
    this.#failed.abort(error);
  }
}

/** Ring buffers that are free; whoever waits for one is woken when one comes back. */
class BufferPool {
  readonly #free: Buffer[];
  #waiting: (() => void)[] = [];

  constructor(readonly all: readonly Buffer[]) {
    this.#free = [...all];
  }

  get available(): number {
    return this.#free.length;
  }

  take(): Buffer {
    const buffer = this.#free.pop();
    if (!buffer) throw new Error('no free buffer: check available first');
    return buffer;
  }

  give(buffer: Buffer): void {
    this.#free.push(buffer);
    for (const wake of this.#waiting.splice(0)) wake();
  }

  whenAvailable(): Promise<void> {
    return this.#free.length > 0 ? Promise.resolve() : new Promise((resolve) => this.#waiting.push(resolve));
  }

  async whenAllBack(): Promise<void> {
    while (this.#free.length < this.all.length) await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
}
