// Wake-up: one completion that arrives while the event loop sleeps, so the loop must be woken to
// hear of it — what the event-loop backend costs (src/host.ts). A read waits on an empty FIFO,
// then one byte is written to it: the AsyncRing's read settles through its poller, against a
// node:net stream on the same FIFO (libuv's own epoll on its own loop).

import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { AsyncRing } from '../../promises/ring.js';
import { host } from '../../host.js';
import { loops, measureSubject, type BenchContext } from '../context.js';
import { timedAsync } from '../measure.js';
import { loopNotes, skipped, withRatios, type CaseResult, type SubjectResult } from '../report.js';

const BYTE = Buffer.from('x');

/** A FIFO (no pipe(2) in node:fs): its read end, and a write end that never blocks. */
function fifo(dir: string, name: string): { read: number; write: number; close(): void } {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  // Read and write ('r+'): the open does not wait for a writer, and reads never see end-of-file;
  // the write end's open then finds a reader and does not wait either.
  const read = openSync(path, 'r+');
  const write = openSync(path, 'w');
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

  const subject = 'node:net stream';
  const pipe = fifo(ctx.dir, 'net');
  let socket: Socket | undefined;
  try {
    socket = new Socket({ fd: pipe.read, readable: true, writable: false });
    let onData: () => void = () => {};
    socket.on('data', () => onData());
    const roundTrip = async (): Promise<number> => {
      const reading = new Promise<void>((resolve) => { onData = resolve; });
      setImmediate(() => writeSync(pipe.write, BYTE));
      await reading;
      return 1;
    };
    // Not every runtime's node:net reads a FIFO (Deno refuses the fd, Bun never calls back): tried first.
    let timer: NodeJS.Timeout | undefined;
    const works = await Promise.race([roundTrip().then(() => true),
      new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), 1000); })]);
    clearTimeout(timer);
    if (works) results.push(await measureSubject(ctx, name, subject, true, () => timedAsync(ctx.seconds, roundTrip)));
    else results.push(skipped(subject, true, `this runtime's node:net stream read nothing from a FIFO within 1 s`));
  } catch (error) {
    results.push(skipped(subject, true, `this runtime's node:net cannot read a FIFO: ${(error as Error).message}`));
  } finally {
    if (socket) socket.destroy();
    else closeSync(pipe.read);
    closeSync(pipe.write);
  }
  const c: CaseResult = { name, op: 'one 1-byte FIFO read, written one loop turn after it started', results: withRatios(results) };
  c.notes = loopNotes(c, host.loop);
  return c;
}
