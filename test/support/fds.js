// The test-only fd helpers of fds.c, compiled on first use against Node's own headers.
import { closeSync, readFileSync } from './fs.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileC } from './cc.js';

const here = dirname(fileURLToPath(import.meta.url));
// Under Deno or Bun (test/run.js says where the Node that started it is) Node's headers still.
const nodeInclude = join(dirname(process.env.WASM_URING_TEST_NODE || process.execPath), '..', 'include', 'node');
const source = readFileSync(join(here, 'fds.c'), 'utf8');
const path = compileC('fds', source, { shared: true, args: [`-I${nodeInclude}`, '-DNODE_GYP_MODULE_NAME=fds'] });

/** @type {{ socketpair(type?: number): [number, number], pipe(): [number, number],
 *   tcpListener(): [number, number], tcpSocket(): number, eventfd(): number,
 *   eventfdRead(fd: number): number, epollCreate(): number, epollWait(epfd: number): [number, number] | null,
 *   readable(fd: number): boolean }} */
export const fds = createRequire(import.meta.url)(path);

/** Runs `body([readFd, writeFd])` on a new pipe and closes both ends afterwards. */
export async function withPipe(body) {
  const pipe = fds.pipe();
  try {
    return await body(pipe);
  } finally {
    for (const fd of pipe) closeSync(fd);
  }
}
