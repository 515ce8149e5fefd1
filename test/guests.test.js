// The example guests (examples/guests/): AssemblyScript programs built against this package with
// asc, as a user builds them, and run with `wasm-uring run` under the runtime and host of this
// run, in the ring placement of this pass. Every output is checked byte for byte.
import { test as uvuTest } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from './support/fs.js';
import { tempDir } from './support/tmp.js';
import { opTest, patience, placement } from './support/harness.js';
import { hostOnly, oncePerKernelInVm, scoped } from './support/placements.js';
import { constants } from '../dist/src/index.js';
import { jsChild } from './support/child.js';
import { buildGuest, exampleGuest } from '../dist/src/guest/build.js';

// In every placement on the host; once per kernel in a VM of the matrix (each guest asc-built
// and run as a process of its own is slow there).
const test = scoped(oncePerKernelInVm(), uvuTest);

const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
/** The guests choose their placement from this (examples/guests/common.ts). */
const env = { ...process.env, WASM_URING_PLACEMENT: placement === 'auto' ? '' : placement };

/** `wasm-uring run GUEST args…`, `input` on its stdin: its exit status and output. */
function runGuest(guest, args, input) {
  return new Promise((resolve) => {
    const [file, argv] = jsChild([cli, 'run', '--env', 'WASM_URING_PLACEMENT', guest, ...args]);
    const child = execFile(file, argv, { encoding: 'buffer', env, timeout: patience(30000), maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr: stderr.toString() }));
    child.stdin.end(input);
  });
}

const dir = tempDir();
function file(name, contents, mode = 0o644) {
  const path = join(dir, name);
  writeFileSync(path, contents);
  chmodSync(path, mode);
  return path;
}

test('cat writes files to stdout byte for byte, through the ring (3 MiB and 5 bytes)', async () => {
  const big = randomBytes((3 << 20) + 17);
  const { code, stdout, stderr } = await runGuest(await exampleGuest('cat'), [file('big', big), file('small', 'tiny\n')]);
  assert.is(stderr, '');
  assert.is(code, 0);
  assert.ok(stdout.equals(Buffer.concat([big, Buffer.from('tiny\n')])), 'stdout is the two files');
});

test('cat copies stdin (a pipe, read at its current position) when no file or "-" is named', async () => {
  const input = randomBytes(300000);
  const cat = await exampleGuest('cat');
  for (const args of [[], ['-']]) {
    const { code, stdout } = await runGuest(cat, args, input);
    assert.is(code, 0);
    assert.ok(stdout.equals(input), `cat ${args.join(' ')}`);
  }
});

test('cat goes on past a missing file, says so on stderr and exits 1', async () => {
  const missing = join(dir, 'missing');
  const { code, stdout, stderr } = await runGuest(await exampleGuest('cat'), [missing, file('after', 'after\n')]);
  assert.is(code, 1);
  assert.is(stderr, `cat: ${missing}: No such file or directory\n`);
  assert.is(stdout.toString(), 'after\n');
});

test('cat built with the stub runtime (no GC, never frees) gives the same bytes', async () => {
  const data = randomBytes(1 << 20);
  const { code, stdout } = await runGuest(await exampleGuest('cat', { runtime: 'stub' }), [file('stub', data)]);
  assert.is(code, 0);
  assert.ok(stdout.equals(data));
});

test('cp copies with 8 chunks in flight: the same bytes and permission bits as cp(1), also for 0 and 1 bytes', async () => {
  const cp = await exampleGuest('cp');
  for (const [size, mode] of [[(5 << 20) + 3, 0o640], [0, 0o600], [1, 0o755]]) {
    const data = randomBytes(size);
    const src = file(`src${size}`, data, mode);
    const dst = join(dir, `dst${size}`);
    const { code, stderr } = await runGuest(cp, [src, dst]);
    assert.is(stderr, '');
    assert.is(code, 0);
    assert.ok(readFileSync(dst).equals(data), `${size} bytes copied`);
    assert.is(statSync(dst).mode & 0o777, mode);
  }
});

test('cp truncates an existing destination, and fails cleanly on a missing source (nothing created)', async () => {
  const cp = await exampleGuest('cp');
  const dst = file('longer', randomBytes(100000));
  assert.is((await runGuest(cp, [file('short', 'short'), dst])).code, 0);
  assert.is(readFileSync(dst).toString(), 'short');
  const missing = join(dir, 'nope');
  const target = join(dir, 'never');
  const { code, stderr } = await runGuest(cp, [missing, target]);
  assert.is(code, 1);
  assert.is(stderr, `cp: cannot open '${missing}' for reading: No such file or directory\n`);
  assert.not.ok(existsSync(target));
  assert.is((await runGuest(cp, [missing])).code, 2, 'usage');
});

/** A TCP port nobody listens on now. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Sends `payload` to 127.0.0.1:`port` and resolves to everything that comes back before the server closes. */
function echoed(port, payload) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let got = 0;
    const socket = connect(port, '127.0.0.1', () => socket.write(payload));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= payload.length) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

// The listening socket is set up through the ring too: SOCKET (5.19), BIND and LISTEN (6.11).
opTest(test, 'echo serves 3 connections at once (1 byte, 64 KiB, 3 MiB) through multishot accept and receive',
  [constants.IORING_OP_SOCKET, constants.IORING_OP_BIND, constants.IORING_OP_LISTEN], async () => {
  const port = await freePort();
  const [file, argv] = jsChild([cli, 'run', '--env', 'WASM_URING_PLACEMENT', await exampleGuest('echo'), String(port), '3']);
  const server = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const first = await Promise.race([
    new Promise((resolve) => server.stdout.once('data', (line) => resolve(String(line)))),
    exited.then((code) => `exited ${code}: ${stderr}`),
  ]);
  assert.is(first, `listening on 127.0.0.1:${port}\n`);
  const payloads = [randomBytes(1), randomBytes(64 << 10), randomBytes(3 << 20)];
  const back = await Promise.all(payloads.map((p) => echoed(port, p)));
  payloads.forEach((p, i) => assert.ok(back[i].equals(p), `connection ${i}: ${p.length} bytes echoed`));
  assert.is(await exited, 0, 'the server exits after its 3 connections');
  assert.is(stderr, '');
});

test('the bench guest runs the NOP and the random-read loops and reports what it did', async () => {
  const bench = await exampleGuest('bench');
  const nop = await runGuest(bench, ['nop', '32', '0.2']);
  assert.is(nop.code, 0, nop.stderr);
  const nops = JSON.parse(nop.stdout.toString());
  assert.ok(nops.ops >= 1024 && nops.ops % 32 === 0, `${nops.ops} NOPs in batches of 32`);
  assert.ok(nops.seconds >= 0.2);
  const reads = await runGuest(bench, ['reads', file('blocks', randomBytes(1 << 20)), '64', '0.2']);
  assert.is(reads.code, 0, reads.stderr);
  assert.ok(JSON.parse(reads.stdout.toString()).ops >= 1024);
  const usage = await runGuest(bench, ['nop']);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, /^usage: bench nop BATCH SECONDS/);
});

scoped(hostOnly, test)('every function of the guest library compiles: the library itself built as a guest exports them all', async () => {
  // asc compiles only what a program reaches: built as the entry file, the library reaches everything.
  const wasm = await buildGuest(fileURLToPath(new URL('../assembly/guest/index.ts', import.meta.url)));
  const names = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasm))).map((e) => e.name);
  const { OPCODES } = await import('../assembly/opcodes.js');
  for (const entry of OPCODES) {
    const name = entry.liburing ?? `io_uring_prep_${entry.name}`;
    assert.ok(names.includes(name), `${name} (opcode table entry ${entry.name})`);
  }
  for (const name of ['io_uring_queue_init', 'io_uring_queue_init_params', 'io_uring_queue_exit', 'io_uring_get_sqe', 'io_uring_submit',
    'io_uring_submit_and_wait_timeout', 'io_uring_peek_cqe', 'io_uring_wait_cqe', 'io_uring_wait_cqe_timeout', 'io_uring_for_each_cqe',
    'io_uring_cqe_seen', 'io_uring_cq_advance', 'io_uring_register_buffers', 'io_uring_get_probe_ring', 'io_uring_setup_buf_ring',
    'io_uring_buf_ring_add', 'uring_alloc', 'uring_addr', 'guest_args', 'uring_abi_version']) {
    assert.ok(names.includes(name), name);
  }
});

test('the guest library from inside a guest: setup, SQ/CQ bookkeeping, timeouts, probe, links, registered files and buffers, buffer rings, placements', async () => {
  const guest = await buildGuest(fileURLToPath(new URL('./guests/library.ts', import.meta.url)));
  const { code, stdout, stderr } = await runGuest(guest, [join(dir, 'library-scratch')]);
  assert.is(stderr, '');
  const lines = stdout.toString().trim().split('\n');
  // "skip NAME: why" where the kernel lacks what a check needs (buffer rings before 5.19).
  assert.equal(lines.filter((line) => !line.startsWith('ok ') && !line.startsWith('skip ')), [], 'every check passed or was skipped');
  assert.is(lines.length, 15, lines.join('\n'));
  assert.is(code, 0);
});

test.run();
