// Creating rings: placement, and the errors a user gets when the kernel or the system says no.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ring, constants } from '../dist/src/index.js';
import { placement, ringOptions } from './support/harness.js';

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

test('RLIMIT_MEMLOCK: registering more pinned memory than allowed says so (ENOMEM)', () => {
  if (process.getuid() !== 0 || !existsSync('/usr/bin/setpriv') || !existsSync('/usr/bin/prlimit')) {
    console.log('  skipped: needs root with setpriv and prlimit to run a child as an unprivileged user');
    return;
  }
  const index = fileURLToPath(new URL('../dist/src/index.js', import.meta.url));
  const script = `
    const { Ring } = await import(${JSON.stringify(index)});
    const ring = new Ring({ entries: 4, placement: ${JSON.stringify(placement)} });
    try { ring.registerBuffers([ring.alloc(4 << 20, 4096)]); console.log('registered'); }
    catch (e) { console.log(JSON.stringify({ code: e.code, syscall: e.syscall, message: e.message })); }`;
  const child = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups',
    'prlimit', '--memlock=65536:65536', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout);
  assert.is(result.code, 'ENOMEM');
  assert.is(result.syscall, 'io_uring_register');
  assert.match(result.message, /RLIMIT_MEMLOCK/);
});

test('io_uring disabled by sysctl: setup fails with EPERM and says why', () => {
  const knob = '/proc/sys/kernel/io_uring_disabled';
  if (!existsSync(knob)) {
    console.log(`  skipped: this kernel has no ${knob} (the sysctl came in Linux 6.6)`);
    return;
  }
  let saved;
  try {
    saved = readFileSync(knob, 'utf8').trim();
    writeFileSync(knob, '2');
  } catch {
    console.log(`  skipped: ${knob} is not writable here`);
    return;
  }
  try {
    new Ring(ringOptions({ entries: 4 }));
    assert.unreachable('setup succeeded with io_uring disabled');
  } catch (error) {
    assert.is(error.code, 'EPERM');
    assert.is(error.syscall, 'io_uring_setup');
    assert.match(error.message, /io_uring_disabled/);
  } finally {
    writeFileSync(knob, saved);
  }
});

test.run();
