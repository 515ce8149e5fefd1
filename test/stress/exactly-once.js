// Exactly once, under pressure: bursts of mixed operations on an AsyncRing whose SQ is much
// smaller than a burst and whose CQ overflows, with random aborts (before the call, while the
// request waits in JS, after it reached the kernel) and rings closed mid-flight. What must hold:
//
//   - every promise settles, within the watchdog's time (no hang);
//   - what it settles with is what happened: a read resolves with the file's bytes, byte for
//     byte; a write that resolves is in the file, one that rejects left the file as it was;
//     every record written to the pipe is read exactly once (by a read that resolved, or drained
//     at the end); a rejection is an AbortError for an aborted request or ERR_URING_CLOSED for
//     one a close cancelled, nothing else;
//   - no completion is lost (the kernel's overflow counter stays 0), nothing leaks (ring memory,
//     ring fds) once the last ring is closed.
//
//   node test/stress/exactly-once.js --seed S --ops N --placement P
import { closeSync, openSync, readSync, writeFileSync, writeSync } from '../support/fs.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AsyncRing, RingMemory } from '../../dist/src/index.js';
import { census } from '../support/census.js';
import { fds } from '../support/fds.js';
import { tempDir } from '../support/tmp.js';
import { Random, fail, report, tagged } from './random.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    ops: { type: 'string', default: '200000' },
    placement: { type: 'string', default: 'auto' },
  },
});
const seed = Number(values.seed);
const target = Number(values.ops);
const random = new Random(seed);

const FILE_SIZE = 4 << 20;
const SLOT = 4096;
const SLOTS = 512;
const RECORD = 32;
const WATCHDOG_MS = 30_000;

const dir = tempDir();
const source = join(dir, 'source');
const content = tagged(FILE_SIZE, seed);
writeFileSync(source, content);
const scratchPath = join(dir, 'scratch');
writeFileSync(scratchPath, Buffer.alloc(SLOTS * SLOT));
const readFd = openSync(source, 'r');
const scratchFd = openSync(scratchPath, 'r+');
const [pipeRead, pipeWrite] = fds.pipe();

/** What each scratch slot holds now (the last write that happened there), and whether a write is in flight. */
const slotContent = Array.from({ length: SLOTS }, () => Buffer.alloc(SLOT));
const slotBusy = new Uint8Array(SLOTS);
/** Pipe records: written so far, seen by resolved reads. */
let recordsWritten = 0;
let recordsResolved = 0;
const recordSeen = new Uint8Array(1 << 24);

const figures = {
  name: 'exactly-once', placement: values.placement, seed, ops: 0, bursts: 0,
  kinds: { read: 0, write: 0, pipe: 0, nop: 0, sleep: 0 },
  aborts: { before: 0, queued: 0, submitted: 0, cancelled: 0, tooLate: 0 },
  closes: 0, closedRejections: 0, overflowBursts: 0, lostCompletions: 0, rings: 0,
};

const memory = new RingMemory({ maximumBytes: 256 << 20 });
const takenAtStart = memory.takenBytes;
const censusAtStart = census();

function newRing() {
  figures.rings++;
  return new AsyncRing({ memory, placement: values.placement, entries: 8, cqEntries: 16 });
}

/** Records the pipe has room for without a write blocking (reads in flight may hold some). */
function writeRecords(n) {
  const room = Math.floor((32 << 10) / RECORD) - (recordsWritten - recordsResolved);
  const count = Math.min(n, room);
  if (count <= 0) return;
  const out = Buffer.alloc(count * RECORD);
  for (let i = 0; i < count; i++) {
    out.writeUInt32LE(recordsWritten + i, i * RECORD);
    tagged(RECORD - 4, recordsWritten + i).copy(out, i * RECORD + 4);
  }
  writeSync(pipeWrite, out);
  recordsWritten += count;
}

function checkRecord(buf, what) {
  const seq = buf.readUInt32LE(0);
  if (seq >= recordsWritten) fail(`${what}: record ${seq} was never written (${recordsWritten} written)`, seed);
  if (!tagged(RECORD - 4, seq).equals(buf.subarray(4, RECORD))) fail(`${what}: record ${seq} is corrupt`, seed);
  if (recordSeen[seq]) fail(`${what}: record ${seq} read twice`, seed);
  recordSeen[seq] = 1;
}

/** The rejections a request may end with: AbortError when aborted, ERR_URING_CLOSED when a close came. */
function expectedRejection(error, op, closing) {
  if (error?.name === 'AbortError' && op.aborted) return 'aborted';
  if (error?.code === 'ERR_URING_CLOSED' && closing.value) return 'closed';
  fail(`${op.kind} #${op.id} rejected with ${error?.code ?? error?.name}: ${error?.message ?? error}`, seed);
  return null;
}

function startOp(ring, id, closing) {
  const kind = random.pick(['read', 'write', 'pipe', 'nop', 'sleep'], [30, 20, 10, 25, 15]);
  figures.kinds[kind]++;
  const op = { id, kind, aborted: false };
  let controller = null;
  let signal;
  const abortWhen = random.chance(0.12) ? random.pick(['before', 'queued', 'submitted']) : null;
  if (abortWhen) {
    controller = new AbortController();
    if (abortWhen === 'before') {
      controller.abort();
      op.aborted = true;
    }
    signal = controller.signal;
    figures.aborts[abortWhen]++;
  }
  const options = signal ? { signal } : undefined;
  let promise;
  let check;
  switch (kind) {
    case 'read': {
      const length = random.between(1, 65536);
      const position = random.below(FILE_SIZE - length);
      const inRing = random.chance(0.5);
      const buf = inRing ? ring.alloc(length) : Buffer.allocUnsafe(length);
      promise = ring.read(readFd, buf, position, options);
      check = (n) => {
        if (n !== length) fail(`read #${id}: ${n} bytes of ${length}`, seed);
        if (!buf.equals(content.subarray(position, position + length))) fail(`read #${id} at ${position}: wrong bytes`, seed);
      };
      op.release = () => { if (inRing) ring.free(buf); };
      break;
    }
    case 'write': {
      let slot = random.below(SLOTS);
      while (slotBusy[slot]) slot = (slot + 1) % SLOTS;
      slotBusy[slot] = 1;
      const length = random.between(1, SLOT);
      const data = tagged(length, seed ^ id);
      promise = ring.write(scratchFd, data, slot * SLOT, options);
      const verify = () => {
        const now = Buffer.alloc(SLOT);
        readSync(scratchFd, now, 0, SLOT, slot * SLOT);
        return now;
      };
      check = (n) => {
        if (n !== length) fail(`write #${id}: ${n} bytes of ${length}`, seed);
        data.copy(slotContent[slot]);
        if (!verify().equals(slotContent[slot])) fail(`write #${id} to slot ${slot}: the file does not hold it`, seed);
      };
      op.rejected = () => {
        if (!verify().equals(slotContent[slot])) fail(`write #${id} rejected, yet slot ${slot} changed`, seed);
      };
      op.release = () => { slotBusy[slot] = 0; };
      break;
    }
    case 'pipe': {
      const buf = Buffer.alloc(RECORD);
      promise = ring.read(pipeRead, buf, -1, options);
      check = (n) => {
        if (n !== RECORD) fail(`pipe read #${id}: ${n} bytes`, seed);
        recordsResolved++;
        checkRecord(buf, `pipe read #${id}`);
      };
      break;
    }
    case 'nop':
      promise = ring.nop(options);
      check = (v) => { if (v !== undefined) fail(`nop #${id} resolved ${v}`, seed); };
      break;
    case 'sleep': {
      // Whole milliseconds: many expire together and overflow the 16-entry CQ.
      promise = ring.sleep(random.below(3), options);
      check = () => {};
      break;
    }
  }
  if (abortWhen === 'queued') {
    op.aborted = true;
    controller.abort();
  } else if (abortWhen === 'submitted') {
    const abort = () => {
      op.aborted = true;
      controller.abort();
    };
    if (random.chance(0.5)) setImmediate(() => setImmediate(abort));
    else setTimeout(abort, random.below(2));
  }
  return promise.then(
    (value) => {
      if (op.aborted) figures.aborts.tooLate++;
      check(value);
    },
    (error) => {
      const why = expectedRejection(error, op, closing);
      if (why === 'aborted') figures.aborts.cancelled++;
      if (why === 'closed') figures.closedRejections++;
      op.rejected?.();
    },
  ).finally(() => op.release?.());
}

/** Runs one burst; resolves once every request of it settled (the watchdog fails a hang). */
async function burst(ring) {
  const size = random.between(1, 600);
  const closing = { value: false };
  const promises = [];
  for (let i = 0; i < size; i++) promises.push(startOp(ring, figures.ops + i, closing));
  figures.ops += size;
  figures.bursts++;
  // Feed the pipe reads of this burst, as a writer would, a little at a time.
  const feeder = setInterval(() => writeRecords(random.between(1, 64)), 1);
  let sawOverflow = false;
  let watching = true;
  const watch = () => {
    if (!watching) return;
    if (!ring.closed && ring.ring.cqNeedsFlush) sawOverflow = true;
    setImmediate(watch);
  };
  watch();
  let replaced = ring;
  if (random.chance(0.03)) {
    // Closed mid-flight: what is cancelled rejects with ERR_URING_CLOSED, the rest settles as usual.
    closing.value = true;
    figures.closes++;
    const when = random.pick(['now', 'soon']);
    const closed = new Promise((resolve) => (when === 'now' ? resolve() : setTimeout(resolve, random.below(3)))).then(() => ring.close());
    promises.push(closed);
    replaced = null;
  }
  let timer;
  const watchdog = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`burst ${figures.bursts}: ${size} requests not all settled after ${WATCHDOG_MS} ms`)), WATCHDOG_MS);
  });
  try {
    await Promise.race([Promise.all(promises), watchdog]);
  } catch (error) {
    fail(error.message, seed);
  } finally {
    clearTimeout(timer);
    clearInterval(feeder);
    watching = false;
  }
  if (sawOverflow) figures.overflowBursts++;
  if (replaced) {
    figures.lostCompletions = Math.max(figures.lostCompletions, replaced.ring.cqOverflow);
    return replaced;
  }
  return newRing();
}

let ring = newRing();
while (figures.ops < target) ring = await burst(ring);
figures.lostCompletions = Math.max(figures.lostCompletions, ring.ring.cqOverflow);
await ring.close();

// Every record written to the pipe was read exactly once: by a read that resolved, or now.
while (fds.readable(pipeRead)) {
  const buf = Buffer.alloc(RECORD);
  if (readSync(pipeRead, buf, 0, RECORD, null) !== RECORD) fail('a short record in the pipe', seed);
  checkRecord(buf, 'drained');
}
let missing = 0;
for (let seq = 0; seq < recordsWritten; seq++) if (!recordSeen[seq]) missing++;
if (missing) fail(`${missing} of ${recordsWritten} pipe records never read`, seed);
if (figures.lostCompletions) fail(`the kernel dropped ${figures.lostCompletions} completions`, seed);

for (const fd of [readFd, scratchFd, pipeRead, pipeWrite]) closeSync(fd);
const taken = memory.takenBytes;
if (taken !== takenAtStart) fail(`ring memory: ${taken - takenAtStart} bytes still taken after the last ring closed (deferred ${memory.deferredBytes}, quarantined ${memory.quarantinedBytes})`, seed);
const end = census();
if (end.ringFds !== censusAtStart.ringFds || end.ringMappings !== censusAtStart.ringMappings) {
  fail(`io_uring fds/mappings: ${JSON.stringify(end)}, ${JSON.stringify(censusAtStart)} at the start`, seed);
}
figures.pipeRecords = recordsWritten;
report(figures);
