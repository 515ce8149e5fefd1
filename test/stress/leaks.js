// Leaks over many cycles: rings created, used and closed (low-level Rings and AsyncRings, some
// closed with requests in flight), then a million reads through one AsyncRing. After each phase
// the ring fds, the kernel's ring mappings and the ring memory taken must be back where they
// started, and the resident set must not keep growing (its last samples are compared with the
// first after warm-up).
//
//   node test/stress/leaks.js --seed S --cycles N --reads N --placement P
import { closeSync, openSync, writeFileSync } from '../support/fs.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AsyncRing, Ring, RingMemory } from '../../dist/src/index.js';
import { census } from '../support/census.js';
import { tempDir } from '../support/tmp.js';
import { Random, fail, report, tagged } from './random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    cycles: { type: 'string', default: '5000' },
    reads: { type: 'string', default: '1000000' },
    placement: { type: 'string', default: 'auto' },
  },
});
const seed = Number(values.seed);
const random = new Random(seed);
const placement = values.placement;
const MiB = 1 << 20;
/** Growth of the resident set allowed between the first and last samples of a phase. */
const RSS_SLACK = 48 * MiB;

const memory = new RingMemory({ maximumBytes: 256 << 20 });
const taken = () => memory.takenBytes;
const figures = { name: 'leaks', placement, seed, cycles: 0, reads: 0, rssGrowthMiB: {} };

function sameAsBefore(what, before) {
  const now = { ...census(), ringMemory: taken() };
  for (const key of Object.keys(before)) {
    if (now[key] !== before[key]) fail(`${what}: ${key} ${before[key]} before, ${now[key]} after`, seed);
  }
}

/** RSS samples of a phase: the growth from the sample after warm-up to the last. */
function rssTrend(samples, phase) {
  const warm = samples[Math.min(2, samples.length - 1)];
  const growth = samples[samples.length - 1] - warm;
  figures.rssGrowthMiB[phase] = Number((growth / MiB).toFixed(1));
  if (growth > RSS_SLACK) fail(`${phase}: resident set grew ${(growth / MiB).toFixed(1)} MiB (samples ${samples.map((s) => Math.round(s / MiB))} MiB)`, seed);
}

// ─── Ring cycles ─────────────────────────────────────────────────────────────────────────────────
{
  const before = { ...census(), ringMemory: taken() };
  const samples = [];
  const cycles = Number(values.cycles);
  for (let i = 0; i < cycles; i++) {
    if (random.chance(0.5)) {
      const ring = new Ring({ memory, placement, entries: random.pick([4, 8, 64, 256]) });
      const buf = ring.alloc(4096);
      for (let n = random.below(4); n >= 0; n--) ring.prepNop(n);
      ring.submitAndReap(1);
      ring.completions();
      ring.free(buf);
      ring.close();
    } else {
      const ring = new AsyncRing({ memory, placement, entries: random.pick([4, 16, 256]) });
      const work = Array.from({ length: random.below(8) }, () => (random.chance(0.5) ? ring.nop() : ring.sleep(random.below(2))));
      if (random.chance(0.3)) {
        // Closed with requests in flight: each settles, then the ring goes.
        await Promise.all([ring.close(), ...work.map((p) => p.catch((e) => {
          if (e.code !== 'ERR_URING_CLOSED') throw e;
        }))]);
      } else {
        await Promise.all(work);
        await ring.close();
      }
    }
    figures.cycles++;
    if (i % Math.max(1, Math.floor(cycles / 10)) === 0) samples.push(process.memoryUsage.rss());
  }
  samples.push(process.memoryUsage.rss());
  sameAsBefore(`after ${cycles} ring cycles`, before);
  rssTrend(samples, 'cycles');
}

// ─── A million reads ─────────────────────────────────────────────────────────────────────────────
{
  const path = join(tempDir(), 'data');
  const data = tagged(8 << 20, seed);
  writeFileSync(path, data);
  const fd = openSync(path, 'r');
  const ring = new AsyncRing({ memory, placement });
  const before = { ...census(), ringMemory: taken() };
  const samples = [];
  const total = Number(values.reads);
  const buffers = Array.from({ length: 64 }, (_, i) => (i % 2 ? ring.alloc(4096) : Buffer.alloc(4096)));
  let checked = 0;
  for (let done = 0; done < total;) {
    const batch = Math.min(64, total - done);
    const positions = Array.from({ length: batch }, () => random.below(2048) * 4096);
    const got = await Promise.all(positions.map((pos, i) => ring.read(fd, buffers[i], pos)));
    for (let i = 0; i < batch; i++) {
      if (got[i] !== 4096) fail(`read ${done + i}: ${got[i]} bytes`, seed);
    }
    // Spot checks of the bytes (every read is checked byte for byte in exactly-once.js).
    const i = random.below(batch);
    if (!buffers[i].equals(data.subarray(positions[i], positions[i] + 4096))) fail(`read ${done + i}: wrong bytes`, seed);
    checked++;
    done += batch;
    figures.reads = done;
    if (done % Math.floor(total / 10) < 64) samples.push(process.memoryUsage.rss());
  }
  samples.push(process.memoryUsage.rss());
  for (const buf of buffers) if (memory.contains(buf)) ring.free(buf);
  sameAsBefore(`after ${total} reads`, before);
  await ring.close();
  closeSync(fd);
  rssTrend(samples, 'reads');
  figures.spotChecks = checked;
}
report(figures);
