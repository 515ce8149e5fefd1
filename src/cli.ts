#!/usr/bin/env node
// wasm-uring's command line: `demo` (what `npm start` runs) and `probe`.

import { constants as fsConstants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Ring, constants } from './index.js';

const HELP = `usage: wasm-uring <command>

commands:
  demo     write, fsync, read back and stat a file through io_uring, then time NOPs
  probe    kernel, ring placement, features and the opcodes this kernel supports
`;

function demo(): void {
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

/** How many register opcodes the kernel has (IORING_REGISTER_QUERY, 6.18), or why it cannot say. */
function registerOpcodes(): string {
  try {
    const q = Ring.query();
    return `${q.registerOpcodes} opcodes (0 .. ${q.registerOpcodes - 1}), setup flags 0x${q.setupFlags.toString(16)}, ` +
      `enter flags 0x${q.enterFlags.toString(16)}, SQE flags 0x${q.sqeFlags.toString(16)}`;
  } catch (error) {
    return `unknown: ${(error as Error).message}`;
  }
}

function probe(): void {
  const ring = new Ring({ entries: 4 });
  try {
    const p = ring.probe();
    const features = Object.entries(constants)
      .filter(([name, bit]) => name.startsWith('IORING_FEAT_') && ring.features & bit)
      .map(([name]) => name.slice('IORING_FEAT_'.length));
    console.log(`kernel:    ${release()}`);
    console.log(`placement: ${ring.placement}`);
    console.log(`features:  0x${ring.features.toString(16)} (${features.join(' ')})`);
    console.log(`opcodes:   ${p.opcodes.size} supported, last ${p.lastOp}`);
    console.log(`           ${p.names.join(' ')}`);
    console.log(`register:  ${registerOpcodes()}`);
  } finally {
    ring.close();
  }
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
const command = positionals[0];
if (values.help || !command) {
  process.stdout.write(HELP);
} else if (command === 'demo') {
  demo();
} else if (command === 'probe') {
  probe();
} else {
  process.stderr.write(`unknown command '${command}'\n${HELP}`);
  process.exitCode = 2;
}
