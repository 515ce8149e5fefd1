// A child process for test/promises-loop.test.js: does an AsyncRing keep the process alive?
//
//   node test/support/loop-child.js MODE      (placement from WASM_URING_TEST_PLACEMENT)
//
// Prints "ready" once set up; whatever it prints after that is the test's to check.
//   unref            a read pending on an empty pipe, ring.unref(): the process should exit by itself
//   unref-late       the same, unref() called after the read reached the kernel
//   ref              a read pending on an empty pipe (ref'd, the default): the process stays alive
//   ref-then-data    as ref; an unref'd timer writes the pipe after 100 ms: only the ring can keep
//                    the process alive until then; the read resolves ("read <data>") and the
//                    process then exits by itself (the poller stops once nothing is owed)
//   idle             a ring whose sleep (the poller watched for it) and nop are done, then ref():
//                    nothing pending, so the process exits
//   fresh            a ring that never ran anything: the process exits
import { writeSync } from './fs.js';
import { AsyncRing } from '../../dist/src/index.js';
import { fds } from './fds.js';
import { ringOptions } from './harness.js';

const mode = process.argv[2];
const ring = new AsyncRing(ringOptions({ entries: 8 }));
const [r, w] = fds.pipe();
const buf = Buffer.alloc(32);
const turn = () => new Promise(setImmediate);

switch (mode) {
  case 'unref':
    ring.unref();
    ring.read(r, buf, -1).then((n) => console.log(`unexpected read of ${n}`));
    break;
  case 'unref-late':
    ring.read(r, buf, -1).then((n) => console.log(`unexpected read of ${n}`));
    await turn(); // submitted, the poller watching
    ring.unref();
    break;
  case 'ref':
    ring.read(r, buf, -1).then((n) => console.log(`unexpected read of ${n}`));
    break;
  case 'ref-then-data':
    ring.read(r, buf, -1).then((n) => console.log(`read ${buf.toString('utf8', 0, n)}`));
    setTimeout(() => writeSync(w, 'woken'), 100).unref();
    break;
  case 'idle':
    await ring.sleep(20); // completes after the flush: the poller ran for it, and must stop
    await ring.nop();
    ring.ref();
    break;
  case 'fresh':
    ring.ref();
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
console.log('ready');
