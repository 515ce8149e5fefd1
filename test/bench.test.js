// The benchmark itself, in miniature: `wasm-uring bench` with tiny sizes runs every case, prints
// the table, and with --json a document with the same figures.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jsChild } from './support/child.js';
import { host, runtime } from '../dist/src/host.js';
import { patience } from './support/harness.js';
import { hostOnly, laterPlacement, scoped } from './support/placements.js';

// Every case on each kernel, once (the bench picks its own placements); the options are the
// library's own: the host's run has them.
const onceTest = scoped(laterPlacement(), test);
const optionsTest = scoped(hostOnly ?? laterPlacement(), test);

const cli = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
const tiny = ['--repeat', '1', '--seconds', '0.02', '--file-mib', '4', '--copy-mib', '4', '--echo-seconds', '0.2', '--connections', '4'];

onceTest('bench --json: every case, each subject measured or skipped with a reason, ratios to the baselines', async () => {
  const { stdout, stderr } = await promisify(execFile)(...jsChild([cli, 'bench', ...tiny, '--json']), { timeout: patience(60_000) });
  const report = JSON.parse(stdout);
  const names = report.cases.map((c) => c.name);
  assert.equal(names.map((n) => n.split(/[,:]/)[0]), ['NOP', 'NOP', 'NOP', '4 KiB random reads', '4 KiB random reads', 'copy a 4 MiB file', 'TCP echo', 'wake-up']);
  for (const c of report.cases) {
    assert.ok(c.results.some((r) => r.baseline), `${c.name} has a baseline`);
    for (const r of c.results) {
      if (r.skipped) {
        assert.type(r.skipped, 'string');
        continue;
      }
      assert.ok(r.opsPerSecond > 0, `${c.name} · ${r.subject}: ops/s`);
      assert.ok(Math.abs(r.nsPerOp * r.opsPerSecond - 1e9) < 1, 'ns/op is the inverse of ops/s');
      assert.ok(r.min <= r.opsPerSecond && r.opsPerSecond <= r.max);
      for (const [baseline, ratio] of Object.entries(r.ratios)) {
        const b = c.results.find((x) => x.subject === baseline);
        assert.ok(b?.baseline, `${baseline} is a baseline of ${c.name}`);
        assert.ok(Math.abs(ratio - r.opsPerSecond / b.opsPerSecond) < 1e-9);
      }
    }
  }
  assert.match(stderr, 'ratio to baselines', 'the table goes to stderr with --json');
  assert.is(report.machine.kernel, (await import('node:os')).release());
});

optionsTest('bench --loops: the AsyncRing subjects also on the other event-loop backend (where the host has two), each with its ratio to its twin', async () => {
  const { stdout } = await promisify(execFile)(...jsChild([cli, 'bench', ...tiny, '--cases', 'wakeup', '--loops', '--json']), { timeout: patience(60_000) });
  const [wakeup] = JSON.parse(stdout).cases;
  const subjects = wakeup.results.map((r) => r.subject);
  assert.ok(subjects.includes('wasm-uring AsyncRing'));
  const twin = subjects.find((s) => s.endsWith(', waiter thread') || s.endsWith(', uv poll'));
  if (host.name === 'node-api' && runtime === 'node') {
    assert.ok(twin, `a subject on the other backend among ${subjects.join(' / ')}`);
    assert.ok(wakeup.notes.some((n) => /event-loop backend.*× the time per op/.test(n)), wakeup.notes.join('\n'));
  } else {
    assert.is(twin, undefined, `${runtime} with the ${host.name} host has one event-loop backend`);
  }
});

optionsTest('bench rejects a bad option with the usage and exit 2', async () => {
  const run = promisify(execFile)(...jsChild([cli, 'bench', '--cases', 'nope']));
  const error = await run.then(() => null, (e) => e);
  assert.is(error?.code, 2);
  assert.match(error.stderr, "unknown case 'nope'");
  assert.match(error.stderr, 'usage: wasm-uring bench');
});

test.run();
