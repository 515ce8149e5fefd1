// The host's event-loop hand-over, measured under whichever runtime runs this file (Node, Deno,
// Bun) with whichever host and loop it chose (WASM_URING_HOST, WASM_URING_LOOP):
//   wakeup     an AsyncRing read pending on a FIFO, the FIFO written from JS: the time until the
//              read's Promise settles (the kernel's completion, the poller's wake, the reap)
//   throughput 4 KiB reads of a page-cached file, 64 in flight, for SECONDS seconds
//
//   node bench/hosts.js [SECONDS]       deno run -A bench/hosts.js       bun bench/hosts.js
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncRing } from '../dist/src/index.js';
import { host, runtime } from '../dist/src/host.js';

const seconds = Number(process.argv[2] ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'wasm-uring-hosts-'));
const ring = new AsyncRing();
try {
  // Wakeup: one byte through a FIFO (opened read-write: no blocking open, one fd).
  const fifo = join(dir, 'fifo');
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
  const fd = openSync(fifo, 'r+');
  const buffer = new Uint8Array(1);
  const byte = new Uint8Array([120]);
  const samples = [];
  const until = performance.now() + seconds * 500;
  while (performance.now() < until || samples.length < 100) {
    const read = ring.read(fd, buffer);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the read is in the kernel, waiting
    const start = performance.now();
    writeSync(fd, byte);
    await read;
    samples.push(performance.now() - start);
  }
  closeSync(fd);
  samples.sort((a, b) => a - b);
  const us = (q) => (samples[Math.floor(q * (samples.length - 1))] * 1000).toFixed(0);

  // Throughput: 64 readers of 4 KiB each, for the other half.
  const file = join(dir, 'data');
  writeFileSync(file, new Uint8Array(4 << 20));
  const dataFd = openSync(file, 'r');
  let reads = 0;
  const end = performance.now() + seconds * 500;
  const started = performance.now();
  await Promise.all(Array.from({ length: 64 }, async (_, i) => {
    const view = new Uint8Array(4096);
    for (let at = i; performance.now() < end; at = (at + 64) % 1024) {
      await ring.read(dataFd, view, at * 4096);
      reads++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  closeSync(dataFd);
  console.log(`${runtime} ${host.name}/${host.loop}: wakeup median ${us(0.5)} µs (p90 ${us(0.9)} µs, ${samples.length} samples); ` +
    `4 KiB reads at 64 in flight: ${Math.round(reads / elapsed / 1000)}k/s`);
} finally {
  await ring.close();
  rmSync(dir, { recursive: true, force: true });
}
