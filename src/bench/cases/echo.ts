// TCP echo on loopback: a server on an AsyncRing (multishot accept, multishot receive from a
// provided-buffer ring, send) against a node:net server; the same client for both, in another
// process: many connections, each sending a small message and waiting for it back. The client is
// C (bench/c/echo_client.c) where gcc is, so that it is not what runs out of CPU first; else Node
// (bench/child.ts).

import { createServer, type AddressInfo } from 'node:net';
import { constants } from '../../constants.js';
import { AsyncRing } from '../../promises/ring.js';
import { runChild } from '../child-runner.js';
import { loops, measureSubject, type BenchContext } from '../context.js';
import { host } from '../../host.js';
import { echoClientUnavailable, runLiburing } from '../liburing.js';
import type { Run } from '../measure.js';
import { loopNotes, skipped, withRatios, type CaseResult, type SubjectResult } from '../report.js';

const MESSAGE = 64;

/** A ring echo server on a free port; resolves to its port and a stop function. */
/** A running echo server: its port, and how to stop it. */
interface EchoServer {
  port: number;
  stop(): Promise<void>;
}

async function ringServer(ring: AsyncRing): Promise<EchoServer> {
  let listener = -1;
  let port = 0;
  for (let attempt = 0; listener < 0; attempt++) {
    port = 20000 + Math.floor(Math.random() * 40000);
    try {
      listener = await ring.listen(port, '127.0.0.1', { backlog: 1024 });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt > 20) throw error;
    }
  }
  const connections = new Set<Promise<void>>();
  const accepting = ring.acceptMultishot(listener);
  const serving = (async () => {
    for await (const fd of accepting) {
      const connection = (async () => {
        try {
          for await (const chunk of ring.recvMultishot(fd, { bufferSize: 4096, buffers: 16 })) {
            for (let sent = 0; sent < chunk.length;) sent += await ring.send(fd, chunk.subarray(sent));
          }
        } catch {
          // the client went away mid-send: that connection is over
        } finally {
          await ring.close(fd).catch(() => {});
        }
      })();
      connections.add(connection);
      void connection.then(() => connections.delete(connection));
    }
  })();
  return {
    port,
    stop: async () => {
      await accepting.return?.();
      await serving;
      await Promise.all(connections);
      await ring.close(listener);
    },
  };
}

function netServer(): Promise<EchoServer> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', 1024, () => resolve({
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise((done) => server.close(() => done())),
  })));
}

export async function echoCase(ctx: BenchContext): Promise<CaseResult> {
  const name = `TCP echo, ${MESSAGE}-byte messages, ${ctx.connections} connections`;
  const results: SubjectResult[] = [];
  const args = (port: number): string[] => [String(port), String(ctx.connections), String(ctx.echoSeconds), String(MESSAGE)];
  const inC = echoClientUnavailable() === null;
  const clientRun = (port: number) => (): Promise<Run> =>
    inC ? runLiburing('echo_client', args(port)) : runChild<Run>('echo-client', args(port));

  /** Measures `subject` against the echo `server`, then stops it. */
  const measureServer = async (subject: string, baseline: boolean, server: EchoServer): Promise<void> => {
    try {
      results.push(await measureSubject(ctx, name, subject, baseline, clientRun(server.port)));
    } finally {
      await server.stop();
    }
  };

  for (const { loop, suffix } of loops(ctx)) {
    const subject = `wasm-uring AsyncRing server${suffix}`;
    const ring = new AsyncRing({ entries: 256, loop });
    try {
      const probe = ring.ring.probe();
      const lacking = [constants.IORING_OP_BIND, constants.IORING_OP_LISTEN].filter((op) => !probe.supports(op));
      if (lacking.length) {
        results.push(skipped(subject, false, 'the ring server needs IORING_OP_BIND and _LISTEN: Linux 6.11 or later'));
      } else {
        await measureServer(subject, false, await ringServer(ring));
      }
    } finally {
      await ring.close();
    }
  }
  await measureServer('node:net server', true, await netServer());
  const client = inC ? 'a C epoll client' : 'a node:net client (no gcc for the C one)';
  const c: CaseResult = { name, op: `one ${MESSAGE}-byte round trip (${client})`, results: withRatios(results) };
  c.notes = loopNotes(c, host.loop);
  return c;
}
