// Wake-up: one completion that arrives while the event loop sleeps, so the loop must be woken to
// hear of it — what the event-loop backend costs (src/host.ts). A read waits on an empty FIFO,
// then one byte is written to it: the AsyncRing's read settles through its poller, against a
// node:net stream on the same FIFO (libuv's own epoll on its own loop).

import { execFileSync } from 'node:child_process';
import { closeSync, constants as fsConstants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { AsyncRing } from '../../promises/ring.js';
import { host } from '../../host.js';
import { loops, measureSubject, type BenchContext } from '../context.js';
import { timedAsync } from '../measure.js';
import { loopNotes, withRatios, type CaseResult, type SubjectResult } from '../report.js';

const BYTE = Buffer.from('x');

/** A FIFO (no pipe(2) in node:fs): its read end, and a write end that never blocks. */
function fifo(dir: string, name: string): { read: number; write: number; close(): void } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  // O_RDWR: the open does not wait for a writer, and reads never see end-of-file.
  const read = openSync(path, fsConstants.O_RDWR | fsConstants.O_NONBLOCK);
  const write = openSync(path, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
  return { read, write, close: () => { closeSync(read); closeSync(write); } };
}

export async function wakeupCase(ctx: BenchContext): Promise<CaseResult> {
  const name = 'wake-up: a read that completes while the loop waits';
  const results: SubjectResult[] = [];

  for (const { loop, suffix } of loops(ctx)) {
    const pipe = fifo(ctx.dir, `ring${suffix.length}`);
    const ring = new AsyncRing({ entries: 8, loop });
    const buf = ring.alloc(1);
    try {
      results.push(await measureSubject(ctx, name, `wasm-uring AsyncRing${suffix}`, false, () => timedAsync(ctx.seconds, async () => {
        const reading = ring.read(pipe.read, buf, -1);
        // Written once the read has gone to the kernel (the engine submits in the check phase).
        setImmediate(() => writeSync(pipe.write, BYTE));
        if (await reading !== 1) throw new Error('the FIFO read did not return one byte');
        return 1;
      })));
    } finally {
      ring.free(buf);
      await ring.close();
      pipe.close();
    }
  }

  const pipe = fifo(ctx.dir, 'net');
  const socket = new Socket({ fd: pipe.read, readable: true, writable: false });
  try {
    let onData: () => void = () => {};
    socket.on('data', () => onData());
    results.push(await measureSubject(ctx, name, 'node:net stream', true, () => timedAsync(ctx.seconds, async () => {
      const reading = new Promise<void>((resolve) => { onData = resolve; });
      setImmediate(() => writeSync(pipe.write, BYTE));
      await reading;
      return 1;
    })));
  } finally {
    socket.destroy();
    closeSync(pipe.write);
  }
  const c: CaseResult = { name, op: 'one 1-byte FIFO read, written one loop turn after it started', results: withRatios(results) };
  c.notes = loopNotes(c, host.loop);
  return c;
}
