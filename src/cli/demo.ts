// `wasm-uring demo` (what `npm start` runs): real file I/O through the low-level Ring, then the
// same through the Promise API (AsyncRing) against fs.promises.

import { constants as fsConstants, mkdtempSync, promises as fsPromises, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { AsyncRing, Ring, constants } from '../index.js';
import type { Command } from './command.js';

export const demo: Command = {
  summary: 'write, fsync, read back and stat a file through io_uring, time NOPs; then the Promise API',
  usage: `usage: wasm-uring demo

Through the low-level Ring: opens a temporary file, writes, fsyncs and reads it back as one
linked chain, stats and closes it, then times NOPs in batches of 32. Through the Promise API
(AsyncRing): copies a 16 MiB file with 8 reads/writes in flight, and times 4 KiB random reads
against fs.promises. Everything it writes is removed at the end.

options:
  -h, --help   this help
`,
  async run(args) {
    const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(demo.usage);
      return 0;
    }
    ringDemo();
    await promisesDemo();
    return 0;
  },
};

/** The low-level Ring: a linked WRITE → FSYNC → READ chain, STATX, CLOSE, then NOP throughput. */
function ringDemo(): void {
  const ring = new Ring({ entries: 64 });
  const dir = mkdtempSync(join(tmpdir(), 'wasm-uring-demo-'));
  const path = join(dir, 'hello.txt');
  try {
    console.log(`ring: fd ${ring.fd}, ${ring.sqEntries} SQ / ${ring.cqEntries} CQ entries, ` +
      `rings in Wasm memory by ${ring.placement}, kernel ${release()}`);
    const { O_CREAT, O_RDWR, O_TRUNC } = fsConstants;
    const pathBytes = ring.memory.cString(path);
    ring.prepOpenat(1, constants.AT_FDCWD, pathBytes, O_CREAT | O_RDWR | O_TRUNC, 0o644);
    const [opened] = ring.submitAndReap(1);
    if (opened.res < 0) throw new Error(`openat failed: ${opened.res}`);
    const fd = opened.res;
    console.log(`OPENAT   ${path} → fd ${fd}`);

    // WRITE → FSYNC → READ as one linked chain: each starts when the one before succeeded.
    const message = new TextEncoder().encode(`hello from io_uring, via WebAssembly, at ${new Date().toISOString()}\n`);
    const out = ring.alloc(message.length);
    out.set(message);
    const back = ring.alloc(message.length);
    ring.setSqeFlags(ring.prepWrite(2, fd, out, 0), constants.IOSQE_IO_LINK);
    ring.setSqeFlags(ring.prepFsync(3, fd), constants.IOSQE_IO_LINK);
    ring.prepRead(4, fd, back, 0);
    ring.submitAndWait(3);
    for (const c of ring.completions()) {
      const name = ['', '', 'WRITE', 'FSYNC', 'READ'][c.userData];
      console.log(`${name.padEnd(8)} → ${c.res}${c.res > 0 ? ' bytes' : ''}`);
    }
    const same = Buffer.from(back).equals(Buffer.from(message));
    console.log(`read back ${same ? 'equals' : 'DIFFERS FROM'} what was written: ${JSON.stringify(Buffer.from(back).toString().trim())}`);
    if (readFileSync(path).length !== message.length) throw new Error('the file on disk has the wrong size');

    const statx = ring.memory.statxBuffer();
    ring.prepStatx(5, constants.AT_FDCWD, pathBytes, 0, constants.STATX_SIZE, statx);
    const [stat] = ring.submitAndReap(1);
    console.log(`STATX    → ${stat.res}, size ${ring.memory.readStatx(statx).size} bytes`);
    ring.prepClose(6, fd);
    console.log(`CLOSE    → ${ring.submitAndReap(1)[0].res}`);

    // NOPs in batches of 32: the cost of the ring itself (Wasm + bridge + syscall).
    const batches = 20000;
    const start = performance.now();
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < 32; i++) ring.prepNop(i);
      ring.submit();
      ring.reap(() => {});
    }
    const ns = ((performance.now() - start) * 1e6) / (batches * 32);
    console.log(`NOP      → ${(1e9 / ns / 1e6).toFixed(2)} M ops/s (${ns.toFixed(0)} ns/op, batches of 32)`);
    for (const view of [out, back, statx, pathBytes]) ring.free(view);
  } finally {
    ring.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Promise API: a file copied with reads and writes in flight, then reads against fs.promises. */
async function promisesDemo(): Promise<void> {
  const ring = new AsyncRing({ entries: 128 });
  const dir = mkdtempSync(join(tmpdir(), 'wasm-uring-demo-'));
  try {
    const source = join(dir, 'source.bin');
    const target = join(dir, 'copy.bin');
    writeFileSync(source, randomBytes(16 << 20));
    let start = performance.now();
    const size = await ring.copyFile(source, target, { chunkSize: 128 << 10, depth: 8 });
    const ms = performance.now() - start;
    const same = readFileSync(source).equals(readFileSync(target));
    console.log(`copy     16 MiB in ${ms.toFixed(0)} ms (8 × 128 KiB in flight): the copy ${same ? 'equals' : 'DIFFERS FROM'} the source`);

    // 4 KiB random reads of the page-cached file, 64 in flight.
    const reads = 20000;
    const offsets = Array.from({ length: reads }, () => Math.floor(Math.random() * (size / 4096)) * 4096);
    const timeReads = async (readAt: (buf: Buffer, at: number) => Promise<unknown>): Promise<number> => {
      let next = 0;
      start = performance.now();
      await Promise.all(Array.from({ length: 64 }, async () => {
        const buf = Buffer.alloc(4096);
        while (next < reads) await readAt(buf, offsets[next++]!);
      }));
      return reads / ((performance.now() - start) / 1000);
    };
    const fd = await ring.open(source, 'r');
    const handle = await fsPromises.open(source, 'r');
    const ours = await timeReads((buf, at) => ring.read(fd, buf, at));
    const theirs = await timeReads((buf, at) => handle.read(buf, 0, 4096, at));
    await handle.close();
    await ring.close(fd);
    console.log(`reads    4 KiB, 64 in flight: ${(ours / 1000).toFixed(0)} k/s; fs.promises ${(theirs / 1000).toFixed(0)} k/s ` +
      `(${(ours / theirs).toFixed(1)}×)`);
  } finally {
    await ring.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
