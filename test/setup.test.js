// Creating rings: placement, and the errors a user gets when the kernel or the system says no.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from './support/fs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ring, constants } from '../dist/src/index.js';
import { placement, ringOptions } from './support/harness.js';
import { stageLibrary } from './support/stage.js';
import { jsExecutable } from './support/child.js';

function nopRoundTrip(ring) {
  ring.prepNop(5);
  assert.equal(ring.submitAndReap(1), [{ userData: 5, res: 0, flags: 0 }]);
}

test('user-memory placement works here or fails naming the kernel version it needs', () => {
  let ring;
  try {
    ring = new Ring({ entries: 8, placement: 'user-memory' });
  } catch (error) {
    assert.is(error.code, 'ERR_URING_PLACEMENT');
    assert.match(error.message, /IORING_SETUP_NO_MMAP.*6\.5/);
    return;
  }
  try {
    assert.is(ring.placement, 'user-memory');
    assert.ok(ring.flags & constants.IORING_SETUP_NO_MMAP);
    nopRoundTrip(ring);
  } finally {
    ring.close();
  }
});

test('fixed-mmap placement works here or fails saying the kernel refuses MAP_FIXED', () => {
  let ring;
  try {
    ring = new Ring({ entries: 8, placement: 'fixed-mmap' });
  } catch (error) {
    assert.is(error.code, 'ERR_URING_PLACEMENT');
    assert.match(error.message, /MAP_FIXED.*EINVAL/);
    return;
  }
  try {
    assert.is(ring.placement, 'fixed-mmap');
    nopRoundTrip(ring);
  } finally {
    ring.close();
  }
});

test('mirror placement works on every io_uring kernel', () => {
  const ring = new Ring({ entries: 8, placement: 'mirror' });
  try {
    assert.is(ring.placement, 'mirror');
    assert.not.ok(ring.flags & constants.IORING_SETUP_NO_MMAP);
    nopRoundTrip(ring);
  } finally {
    ring.close();
  }
});

test('auto placement picks the first placement this kernel allows: user memory, fixed mmap, mirror', () => {
  const ring = new Ring({ entries: 8 });
  try {
    const works = (placement) => {
      try {
        new Ring({ entries: 8, placement }).close();
        return true;
      } catch {
        return false;
      }
    };
    const first = ['user-memory', 'fixed-mmap', 'mirror'].find(works);
    assert.is(ring.placement, first);
    nopRoundTrip(ring);
  } finally {
    ring.close();
  }
});

test('bad options are refused before the kernel is asked', () => {
  for (const options of [{ entries: 0 }, { entries: 40000 }, { entries: 1.5 }, { placement: 'somewhere' }]) {
    assert.throws(() => new Ring(options), RangeError, JSON.stringify(options));
  }
});

test('parameters the kernel refuses come back as its errno with the syscall named', () => {
  try {
    // A CQ smaller than the SQ is invalid.
    new Ring(ringOptions({ entries: 64, cqEntries: 2 }));
    assert.unreachable();
  } catch (error) {
    assert.is(error.code, 'EINVAL');
    assert.is(error.errno, -22);
    assert.is(error.syscall, 'io_uring_setup');
  }
});

/**
 * Why a child cannot run as the unprivileged user `nobody` here, or null when it can. It runs the
 * library from a copy in a fresh world-readable directory (the checkout itself may sit under a
 * directory `nobody` cannot enter, e.g. a mktemp -d folder, mode 700).
 */
function unprivilegedChildRefusal() {
  if (process.getuid() !== 0) return 'needs root, to run a child as an unprivileged user';
  for (const tool of ['/usr/bin/setpriv', '/usr/bin/prlimit']) {
    if (!existsSync(tool)) return `needs ${tool} (util-linux)`;
  }
  // The runtime itself must be one nobody can run (a Deno or Bun in root's cache is not).
  const asNobody = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-x', process.execPath]);
  if (asNobody.status !== 0) return `nobody cannot run ${process.execPath}`;
  return null;
}

/** The library staged where `nobody` can read it; returns index.js's path. */
function stageForNobody() {
  const root = mkdtempSync(join(tmpdir(), 'wasm-uring-nobody-'));
  const index = stageLibrary(root);
  chmodSync(root, 0o755); // mkdtemp makes it 700
  return { root, index };
}

const memlockRefusal = unprivilegedChildRefusal();
(memlockRefusal ? test.skip : test)(`RLIMIT_MEMLOCK: registering more pinned memory than allowed says so (ENOMEM)${
  memlockRefusal ? ` [skipped: ${memlockRefusal}]` : ''}`, () => {
  const { root, index } = stageForNobody();
  try {
    const script = `
      const { Ring } = await import(${JSON.stringify(index)});
      const ring = new Ring({ entries: 4, placement: ${JSON.stringify(placement)} });
      try { ring.registerBuffers([ring.alloc(4 << 20, 4096)]); console.log('registered'); }
      catch (e) { console.log(JSON.stringify({ code: e.code, syscall: e.syscall, message: e.message })); }`;
    const child = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups',
      'prlimit', '--memlock=65536:65536', jsExecutable, '--input-type=module', '-e', script], { encoding: 'utf8', cwd: root });
    assert.is(child.status, 0, `the child, as nobody, in ${root}: ${child.stderr}`);
    const result = JSON.parse(child.stdout);
    assert.is(result.code, 'ENOMEM');
    assert.is(result.syscall, 'io_uring_register');
    assert.match(result.message, /RLIMIT_MEMLOCK/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const KNOB = '/proc/sys/kernel/io_uring_disabled';
/** Why the io_uring_disabled sysctl cannot be flipped for a moment here, or null. */
function knobRefusal() {
  if (!existsSync(KNOB)) return `this kernel has no ${KNOB} (the sysctl came in Linux 6.6)`;
  try {
    writeFileSync(KNOB, readFileSync(KNOB, 'utf8')); // the value it has: changes nothing
    return null;
  } catch (error) {
    return `${KNOB} is not writable here (${error.code})`;
  }
}

const knobSkip = knobRefusal();
(knobSkip ? test.skip : test)(`io_uring disabled by sysctl: setup fails with EPERM and says why${knobSkip ? ` [skipped: ${knobSkip}]` : ''}`, () => {
  const saved = readFileSync(KNOB, 'utf8').trim();
  writeFileSync(KNOB, '2');
  try {
    new Ring(ringOptions({ entries: 4 }));
    assert.unreachable('setup succeeded with io_uring disabled');
  } catch (error) {
    assert.is(error.code, 'EPERM');
    assert.is(error.syscall, 'io_uring_setup');
    assert.match(error.message, /io_uring_disabled/);
  } finally {
    writeFileSync(KNOB, saved);
  }
});

test.run();
