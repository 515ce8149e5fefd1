// The benchmark's child processes (started by child-runner.ts); each prints its result as JSON.
//
//   child.js fs-reads FILE DEPTH SECONDS REPEAT   fs.promises random 4 KiB reads: a warm-up,
//                                                  then REPEAT runs → [{ ops, seconds }, …]
//   child.js echo-client PORT CONNECTIONS SECONDS SIZE
//                                                  CONNECTIONS sockets each sending SIZE bytes and
//                                                  waiting for them back → { ops, seconds }

import { promises as fsPromises, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { offsets } from './cases/reads.js';
import { repeatRuns, timedInFlight, type Run } from './measure.js';

async function fsReads(path: string, depth: number, seconds: number, repeat: number): Promise<Run[]> {
  const handle = await fsPromises.open(path, 'r');
  const next = offsets(statSync(path).size / 4096);
  const bufs = Array.from({ length: depth }, () => Buffer.alloc(4096));
  const runs: Run[] = [];
  await repeatRuns(async () => {
    const run = await timedInFlight(seconds, depth, (w) => handle.read(bufs[w]!, 0, 4096, next()));
    runs.push(run);
    return run;
  }, repeat);
  await handle.close();
  return runs.slice(1); // the first was the warm-up
}

/** Round trips: each connection sends `size` bytes and waits for all of them before the next. */
async function echoClient(port: number, connections: number, seconds: number, size: number): Promise<Run> {
  const message = Buffer.alloc(size, 0x61);
  const sockets = await Promise.all(Array.from({ length: connections }, () => new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.setNoDelay(true);
    socket.on('error', reject);
  })));
  let ops = 0;
  let running = true;
  const start = performance.now();
  // When the time is up, each connection stops after its round trip in flight.
  setTimeout(() => { running = false; }, seconds * 1000);
  await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => {
    let pending = size;
    socket.on('data', (chunk: Buffer) => {
      pending -= chunk.length;
      if (pending > 0) return;
      ops++;
      if (!running) {
        resolve();
        return;
      }
      pending = size;
      socket.write(message);
    });
    socket.write(message);
  })));
  const elapsed = (performance.now() - start) / 1000;
  for (const socket of sockets) socket.destroy();
  return { ops, seconds: elapsed };
}

const [mode, ...args] = process.argv.slice(2);
let result: unknown;
if (mode === 'fs-reads') {
  const [path, depth, seconds, repeat] = args;
  result = await fsReads(path!, Number(depth), Number(seconds), Number(repeat));
} else if (mode === 'echo-client') {
  const [port, connections, seconds, size] = args;
  result = await echoClient(Number(port), Number(connections), Number(seconds), Number(size));
} else {
  process.stderr.write(`unknown mode '${mode}'\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(result));
