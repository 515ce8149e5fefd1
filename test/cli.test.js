// The `wasm-uring` command line, run as users run it: the built dist/src/cli.js in a child
// process, its stdout, stderr and exit status checked.
import { test } from 'uvu';
import { hostOnly, laterPlacement, scoped } from './support/placements.js';
import * as assert from 'uvu/assert';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from './support/fs.js';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denyUring, denyUringUnavailable } from './support/deny-uring.js';
import { tempDir } from './support/tmp.js';
import { patience } from './support/harness.js';
import { jsChild, jsExecutable } from './support/child.js';

// probe and demo prove something of each kernel, once (the CLI picks its own placement); cp and
// cat are the AsyncRing's file operations, which the promises tests run in every VM; usage texts
// and refusals are the library's own, the same everywhere: the host's run has those.
const kernelTest = scoped(laterPlacement(), test);
const ioTest = scoped(hostOnly ?? laterPlacement(), test);
const usageTest = scoped(hostOnly ?? laterPlacement(), test);

const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));

/** Runs `file args…`; resolves to its exit code and output (stdout as a Buffer). */
function run(file, args) {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'buffer', timeout: patience(10000), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr: stderr.toString() });
    });
  });
}

/** Runs `wasm-uring args…`. */
function wasmUring(...args) {
  return run(...jsChild([cli, ...args]));
}

/** A file `name` in `dir` holding `contents`, with permission bits `mode`; its path. */
function file(dir, name, contents, mode = 0o644) {
  const path = join(dir, name);
  writeFileSync(path, contents);
  chmodSync(path, mode);
  return path;
}

const mode = (path) => statSync(path).mode & 0o777;

ioTest('cp copies a 5 MiB file, an empty one and a 1-byte one (into a directory) byte for byte, modes kept, no bar off a terminal', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'into'));
  // 5 MiB and a bit: no multiple of the chunk. 0o666 is narrowed by the usual umask at
  // creation: only cp's own chmod keeps it.
  const cases = [
    { name: 'big', data: randomBytes(5 * (1 << 20) + 12345), bits: 0o751, dst: 'big.copy' },
    { name: 'empty', data: Buffer.alloc(0), bits: 0o600, dst: 'empty.copy' },
    { name: 'one', data: Buffer.from('x'), bits: 0o666, dst: 'into', copy: 'into/one' },
  ];
  const results = await Promise.all(cases.map(({ name, data, bits, dst }) => wasmUring('cp', file(dir, name, data, bits), join(dir, dst))));
  cases.forEach(({ name, data, bits, dst, copy = dst }, i) => {
    const { code, stdout, stderr } = results[i];
    assert.is(code, 0, `${name}: ${stderr}`);
    assert.is(stderr, '', `${name}: nothing on stderr (no progress bar when it is not a terminal)`);
    assert.is(stdout.length, 0);
    assert.ok(readFileSync(join(dir, copy)).equals(data), `${name}: the copy equals the source`);
    assert.is(mode(join(dir, copy)), bits, `${name}: mode kept`);
  });
});

ioTest('cp failures exit 1 with the error: a missing source names ENOENT and the path; a read error mid-copy removes the DST', async () => {
  const dir = tempDir();
  const missing = join(dir, 'missing');
  // /proc/self/mem opens, but reading at offset 0 (never mapped) fails with EIO.
  const [noSource, readError] = await Promise.all([wasmUring('cp', missing, join(dir, 'dst1')), wasmUring('cp', '/proc/self/mem', join(dir, 'dst2'))]);
  assert.is(noSource.code, 1);
  assert.is(noSource.stderr, `wasm-uring cp: ENOENT: no such file or directory, open '${missing}'\n`);
  assert.not.ok(existsSync(join(dir, 'dst1')), 'no DST without a source');
  assert.is(readError.code, 1);
  assert.match(readError.stderr, /^wasm-uring cp: EIO: .*, read '\/proc\/self\/mem'\n$/);
  assert.not.ok(existsSync(join(dir, 'dst2')), 'the partial DST was removed');
});

ioTest('cat writes its files to stdout in order', async () => {
  const dir = tempDir();
  const a = file(dir, 'a', randomBytes(300_001));
  const b = file(dir, 'b', 'and then b\n');
  const { code, stdout, stderr } = await wasmUring('cat', a, b);
  assert.is(code, 0, stderr);
  assert.ok(stdout.equals(Buffer.concat([readFileSync(a), readFileSync(b)])));
});

ioTest('cat with a missing file in the middle prints the others (- is stdin), names it on stderr, exits 1', async () => {
  const dir = tempDir();
  const missing = join(dir, 'missing');
  const { code, stdout, stderr } = await run('sh', ['-c', '"$0" "$1" cat "$2" "$3" - < "$4"',
    jsExecutable, cli, file(dir, 'a', 'first\n'), missing, file(dir, 'b', 'last, from stdin\n')]);
  assert.is(code, 1);
  assert.is(stdout.toString(), 'first\nlast, from stdin\n');
  assert.is(stderr, `wasm-uring cat: ENOENT: no such file or directory, open '${missing}'\n`);
});

ioTest('cat into a reader that leaves early (| head) ends quietly with status 0', async () => {
  const dir = tempDir();
  const big = file(dir, 'big', randomBytes(3 << 20));
  // cat's status goes to stderr, after anything cat itself wrote there.
  const script = '{ "$0" "$1" cat "$2"; echo "cat exited $?" >&2; } | head -c 100 > /dev/null';
  const { code, stderr } = await run('sh', ['-c', script, jsExecutable, cli, big]);
  assert.is(code, 0);
  assert.is(stderr, 'cat exited 0\n', 'no error, no stack trace');
});

usageTest('--help (-h): every command prints its usage and exits 0; the top level lists them all', async () => {
  const commands = ['demo', 'probe', 'bench', 'cp', 'cat'];
  const results = await Promise.all([...commands.map((c, i) => wasmUring(c, i === 0 ? '-h' : '--help')), wasmUring('--help')]);
  commands.forEach((command, i) => {
    assert.is(results[i].code, 0, command);
    assert.match(results[i].stdout.toString(), `usage: wasm-uring ${command}`);
  });
  const top = results[5];
  assert.is(top.code, 0);
  for (const command of ['demo', 'probe', 'bench', 'cp', 'cat']) assert.match(top.stdout.toString(), new RegExp(`^  ${command} `, 'm'));
});

usageTest('an unknown command or bad arguments: the usage on stderr, exit 2', async () => {
  const [unknown, badOption] = await Promise.all([wasmUring('frobnicate'), wasmUring('cp', '--depth', '0', 'a', 'b')]);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, "unknown command 'frobnicate'");
  assert.match(unknown.stderr, 'usage: wasm-uring <command>');
  assert.is(unknown.stdout.length, 0);
  assert.is(badOption.code, 2, badOption.stderr);
  assert.match(badOption.stderr, /^wasm-uring cp: --depth must be .*\nusage: wasm-uring cp /);
});

kernelTest('probe prints the kernel version and the placement that would be used', async () => {
  const { code, stdout, stderr } = await wasmUring('probe');
  assert.is(code, 0, stderr);
  const text = stdout.toString();
  assert.match(text, `kernel:    ${release()}\n`);
  assert.match(text, /^placement that would be used: (user-memory|fixed-mmap|mirror)/m);
  assert.match(text, /^opcodes: .* supported/m);
  assert.match(text, / NOP READV WRITEV /);
});

kernelTest('probe --json: the kernel, runtime and host, the placement, features by name, every opcode ring.wasm knows with its support and Linux version, register opcodes and flags', async () => {
  const { code, stdout, stderr } = await wasmUring('probe', '--json');
  assert.is(code, 0, stderr);
  const report = JSON.parse(stdout.toString());
  assert.is(report.kernel, release());
  assert.ok(['user-memory', 'fixed-mmap', 'mirror'].includes(report.placement));
  assert.ok(report.features.names.includes('NODROP'), 'NODROP (5.5) is among the features');
  const nop = report.opcodes.find((o) => o.name === 'NOP');
  assert.equal(nop, { opcode: 0, name: 'NOP', supported: true, linux: '5.1' });
  assert.ok(report.opcodes.every((o, i) => o.opcode === i), 'every opcode 0 … last, in order');
  assert.ok(report.opcodes.filter((o) => o.supported).length > 30);
  assert.ok(typeof report.lastOp === 'number');
  assert.ok('registerOpcodes' in report.query || typeof report.query.error === 'string');
  assert.ok(['node', 'deno', 'bun'].includes(report.runtime));
  assert.ok(['node-api', 'ffi'].includes(report.host.name) && typeof report.host.loop === 'string');
  const probeOp = report.registerOpcodes.find((o) => o.name === 'PROBE');
  assert.is(probeOp.opcode, 8);
  assert.ok(report.registerOpcodes.some((o) => o.name === 'UNREGISTER_FILES' && o.opcode === 3));
  if ('error' in report.query) {
    // Before 6.18 the kernel cannot say which register opcodes and flags it knows.
    assert.ok(report.registerOpcodes.every((o) => o.supported === null));
    assert.is(report.flags, null);
  } else {
    assert.is(probeOp.supported, true, 'IORING_REGISTER_PROBE (5.6) is known to a 6.18 kernel');
    assert.ok(report.flags.setup.includes('SQPOLL') && report.flags.sqe.includes('IO_LINK') && report.flags.enter.includes('GETEVENTS'));
  }
});

usageTest('--version (-v) prints the package\'s version', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  for (const flag of ['--version', '-v']) {
    const { code, stdout } = await wasmUring(flag);
    assert.is(code, 0);
    assert.is(stdout.toString(), `${version}\n`);
  }
});

// ─── When io_uring is refused ────────────────────────────────────────────────────────────────────

const EPERM = 1;
const EMFILE = 24;
const refusalTest = scoped(denyUringUnavailable ?? hostOnly ?? laterPlacement(), test);

/** Runs `wasm-uring args…` with io_uring_setup failing with `errno`. */
function refused(errno, ...args) {
  const [wrapper, number] = denyUring(errno);
  return run(wrapper, [number, jsExecutable, cli, ...args]);
}

/** One line on stderr, no stack trace, exit 1. */
function assertOneLine({ code, stderr }, start, what) {
  assert.is(code, 1, `${what}: exit status (${stderr})`);
  assert.not.match(stderr, /\n\s+at /, `${what}: no stack trace`);
  assert.is(stderr.split('\n').filter(Boolean).length, 1, `${what}: one line, got ${stderr}`);
  assert.ok(stderr.startsWith(start), `${what}: ${stderr}`);
}

refusalTest('io_uring disabled (io_uring_setup refused with EPERM): probe and cat say so in one line and exit 1', async () => {
  const dir = tempDir();
  const input = file(dir, 'in', 'bytes');
  const [probeRun, catRun] = await Promise.all([refused(EPERM, 'probe'), refused(EPERM, 'cat', input)]);
  for (const [result, name] of [[probeRun, 'probe'], [catRun, 'cat']]) {
    assertOneLine(result, `wasm-uring ${name}: cannot create an io_uring: EPERM: operation not permitted, io_uring_setup`, name);
    const knob = existsSync('/proc/sys/kernel/io_uring_disabled');
    assert.match(result.stderr, knob ? '/proc/sys/kernel/io_uring_disabled is ' : 'no io_uring_disabled switch',
      `${name}: says what the sysctl is, or that there is none`);
    assert.is(result.stdout.length, 0, `${name}: nothing on stdout`);
  }
});

refusalTest('out of fds (io_uring_setup refused with EMFILE): cat, cp, demo and bench say so in one line and exit 1', async () => {
  const dir = tempDir();
  const input = file(dir, 'in', 'bytes');
  const results = await Promise.all([
    refused(EMFILE, 'cat', input),
    refused(EMFILE, 'cp', input, join(dir, 'out')),
    refused(EMFILE, 'demo'),
    refused(EMFILE, 'bench', '--cases', 'nop', '--repeat', '1', '--seconds', '0.05'),
  ]);
  ['cat', 'cp', 'demo', 'bench'].forEach((name, i) => {
    assertOneLine(results[i], `wasm-uring ${name}: cannot create an io_uring: EMFILE: too many open files, io_uring_setup`, name);
  });
  assert.not.ok(existsSync(join(dir, 'out')), 'cp created nothing');
});

kernelTest('a reader that leaves early (| head -2): demo ends quietly, exit 0, and removes what it wrote', async () => {
  const child = spawn(...jsChild([cli, 'demo']), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  let seen = '';
  await new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (seen.split('\n').length > 2) {
        child.stdout.destroy(); // the reader goes away: the demo's next line meets EPIPE
        resolve();
      }
    });
  });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.is(stderr, '', 'nothing on stderr');
  assert.is(code, 0);
  const dir = /(\/\S*wasm-uring-demo-[^/]+)\//.exec(seen)?.[1];
  assert.ok(dir, `the demo named its file: ${seen}`);
  assert.not.ok(existsSync(dir), 'its temporary directory was removed');
});

test.run();
