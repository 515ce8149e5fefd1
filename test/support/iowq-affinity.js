// Child process for register.test.js: registers io-wq affinity to CPU 0 on a fresh ring, makes
// an async worker serve a read that blocks on an empty pipe, and prints (JSON) the allowed CPUs
// of every io-wq worker of this process and the read's result. A fresh process matters: io-wq
// workers belong to the task, and one keeps the affinity it started with.
//
//   node test/support/iowq-affinity.js PLACEMENT
import { closeSync, readdirSync, readFileSync, writeSync } from './fs.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ring, constants } from '../../dist/src/index.js';
import { fds } from './fds.js';

function workerCpus() {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
      return /^Name:\s+iou-wrk/m.test(status) ? [/^Cpus_allowed_list:\s+(\S+)/m.exec(status)[1]] : [];
    } catch {
      return []; // the thread exited meanwhile
    }
  });
}

const ring = new Ring({ entries: 4, placement: process.argv[2] });
const [r, w] = fds.pipe();
ring.registerIowqAffinity([0]);
const buf = ring.alloc(8);
ring.setSqeFlags(ring.prepRead(1, r, buf, -1), constants.IOSQE_ASYNC);
ring.submit();
let workers = [];
for (let i = 0; i < 2000 && workers.length === 0; i++) {
  workers = workerCpus();
  if (workers.length === 0) await sleep(1);
}
writeSync(w, 'done');
ring.submitAndWait(1);
const [read] = ring.completions();
ring.unregisterIowqAffinity();
ring.close();
closeSync(r);
closeSync(w);
console.log(JSON.stringify({ workers, res: read.res }));
