// `npm run test:stress`: the stress suite, each part a child process with its own seed, once per
// ring placement this kernel allows (the bridge fuzz once). Prints each part's figures as it
// ends, then one summary line; exits 1 when any part failed (its message names the seed).
//
//   npm run test:stress [-- --seed S] [--only NAME] [--placement P] [--scale F]
//   --seed S      replay: the base seed a failed run printed (part i runs with S + i)
//   --only NAME   exactly-once, leaks, workers or bridge-fuzz
//   --scale F     multiplies every count (0.1 for a quick look)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PLACEMENTS, refusal } from '../support/placements.js';
import { freshSeed } from './random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    only: { type: 'string' },
    placement: { type: 'string' },
    scale: { type: 'string', default: '1' },
  },
});
const seed = values.seed === undefined ? freshSeed() : Number(values.seed) >>> 0;
const scale = Number(values.scale);
const count = (n) => String(Math.max(1, Math.round(n * scale)));
const placements = PLACEMENTS.filter((p) => (values.placement ? p === values.placement : refusal(p) === null));

const parts = [];
for (const placement of placements) {
  parts.push(['exactly-once', { ops: count(500_000), placement }]);
  parts.push(['leaks', { cycles: count(5000), reads: count(1_000_000), placement }]);
  parts.push(['workers', { workers: count(100), placement }]);
}
parts.push(['bridge-fuzz', { calls: count(1_000_000) }]);
const selected = parts.filter(([name]) => !values.only || name === values.only);

console.log(`stress: seed ${seed}, placements ${placements.join(', ')}${scale !== 1 ? `, scale ${scale}` : ''}`);
const started = performance.now();
const results = [];
let failed = 0;
for (const [index, [name, args]] of selected.entries()) {
  const partSeed = (seed + parts.indexOf(selected[index])) >>> 0;
  const argv = [fileURLToPath(new URL(`./${name}.js`, import.meta.url)), '--seed', String(partSeed),
    ...Object.entries(args).flatMap(([key, value]) => [`--${key}`, value])];
  const partStart = performance.now();
  const { code, signal, stdout } = await new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out }));
  });
  const seconds = ((performance.now() - partStart) / 1000).toFixed(1);
  const label = `${name}${args.placement ? ` (${args.placement})` : ''}`;
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0) {
    failed++;
    console.log(`✘ ${label}: ${signal ? `killed by ${signal}` : `exit status ${code}`} after ${seconds} s; replay: ` +
      `npm run test:stress -- --seed ${seed} --only ${name}${args.placement ? ` --placement ${args.placement}` : ''}`);
    continue;
  }
  const figures = JSON.parse(last);
  results.push(figures);
  console.log(`✔ ${label}, ${seconds} s: ${last}`);
}

const sum = (name, pick) => results.filter((r) => r.name === name).reduce((n, r) => n + pick(r), 0);
const n = (x) => x.toLocaleString('en-US');
const summary = [];
if (results.some((r) => r.name === 'exactly-once')) {
  summary.push(`${n(sum('exactly-once', (r) => r.ops))} ops settled exactly once ` +
    `(${n(sum('exactly-once', (r) => r.aborts.before + r.aborts.queued + r.aborts.submitted))} aborts, ` +
    `${n(sum('exactly-once', (r) => r.closes))} rings closed mid-flight, ` +
    `${n(sum('exactly-once', (r) => r.overflowBursts))} bursts overflowing the CQ, ` +
    `${n(sum('exactly-once', (r) => r.lostCompletions))} completions lost)`);
}
if (results.some((r) => r.name === 'bridge-fuzz')) {
  summary.push(`bridge fuzz: ${n(sum('bridge-fuzz', (r) => r.calls))} calls, ` +
    `${n(sum('bridge-fuzz', (r) => r.outsideCalls))} outside the memory, ${n(sum('bridge-fuzz', (r) => r.accepted))} accepted`);
}
if (results.some((r) => r.name === 'leaks')) {
  const growth = Math.max(...results.filter((r) => r.name === 'leaks').flatMap((r) => Object.values(r.rssGrowthMiB)));
  summary.push(`leaks after ${n(sum('leaks', (r) => r.cycles))} ring cycles and ${n(sum('leaks', (r) => r.reads))} reads: ` +
    `0 fds, 0 mappings, 0 bytes of ring memory, RSS +${growth} MiB at most`);
}
if (results.some((r) => r.name === 'workers')) {
  summary.push(`${n(sum('workers', (r) => r.workers))} workers closed, abandoned, idled or terminated: nothing left behind`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(`\nstress: ${failed ? `${failed} of ${selected.length} parts FAILED; ` : ''}${summary.join('; ')}; seed ${seed}, ${seconds} s`);
process.exitCode = failed ? 1 : 0;
