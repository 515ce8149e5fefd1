// Workers that create rings, use them, and then close them, abandon them (exit with requests in
// flight), let them idle to the end, or are terminated while completions arrive — several at a
// time. What must hold: the process survives every one, and once all are gone no ring fd or
// ring mapping is left.
//
//   node test/stress/workers.js --seed S --workers N --placement P
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { census } from '../support/census.js';
import { Random, fail, report } from './random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    workers: { type: 'string', default: '80' },
    placement: { type: 'string', default: 'auto' },
  },
});
const seed = Number(values.seed);
const random = new Random(seed);
const library = new URL('../../dist/src/index.js', import.meta.url).href;

// Each worker: `ends` says how; `rings` how many rings it makes (Ring and AsyncRing).
const source = `
  import { parentPort, workerData } from 'node:worker_threads';
  const { AsyncRing, Ring } = await import(${JSON.stringify(library)});
  const { ends, rings, placement } = workerData;
  const made = [];
  for (let i = 0; i < rings; i++) {
    made.push(i % 2 ? new Ring({ placement, entries: 8 }) : new AsyncRing({ placement, entries: 8, cqEntries: 16 }));
  }
  const asyncRings = made.filter((r) => r instanceof AsyncRing);
  const lowLevel = made.filter((r) => r instanceof Ring);
  for (const ring of lowLevel) {
    ring.prepNop(1);
    ring.submitAndReap(1);
    ring.prepNop(2);
    ring.submit(); // a completion left unreaped
  }
  const busy = () => asyncRings.flatMap((ring) => Array.from({ length: 32 }, (_, i) => (i % 2 ? ring.nop() : ring.sleep(0.05))));
  await Promise.all(busy());
  parentPort.postMessage('used');
  switch (ends) {
    case 'close':
      for (const ring of made) await ring.close();
      break;
    case 'abandon':
      for (const ring of asyncRings) ring.sleep(60_000); // owed, never settled
      setTimeout(() => process.exit(0), 2);
      break;
    case 'idle':
      break; // nothing owed: the worker's loop runs dry with its rings open
    case 'terminate':
      for (;;) await Promise.all(busy());
  }
`;

const before = census();
const ends = { close: 0, abandon: 0, idle: 0, terminate: 0 };
const total = Number(values.workers);
const started = performance.now();

async function one() {
  const how = random.pick(['close', 'abandon', 'idle', 'terminate']);
  ends[how]++;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
    workerData: { ends: how, rings: random.between(1, 3), placement: values.placement },
  });
  const exited = new Promise((resolve, reject) => {
    worker.once('exit', resolve);
    worker.once('error', reject);
  });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (how === 'terminate') {
    await new Promise((resolve) => setTimeout(resolve, random.below(5)));
    await worker.terminate();
  }
  await exited;
}

let next = 0;
const lanes = Array.from({ length: 4 }, async () => {
  while (next < total) {
    next++;
    try {
      await one();
    } catch (error) {
      fail(`a worker failed: ${error?.stack ?? error}`, seed);
    }
  }
});
await Promise.all(lanes);
const after = census();
if (after.ringFds !== before.ringFds || after.ringMappings !== before.ringMappings) {
  fail(`left behind by ${total} workers: ${JSON.stringify(after)}, ${JSON.stringify(before)} before`, seed);
}
report({ name: 'workers', placement: values.placement, seed, workers: total, ends,
  seconds: Number(((performance.now() - started) / 1000).toFixed(1)) });
