// The host's pollers (src/host.ts), each event-loop backend directly: a callback from the loop
// while the ring fd is readable and not after the CQ is reaped, stop() and close() silence it,
// close(closed) reports once, and nothing works on a closed poller. Whether a poller keeps the
// process alive is the AsyncRing's tests' (promises-loop.test.js, run once per backend by
// test/run.js).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ring } from '../dist/src/index.js';
import { host, runtime } from '../dist/src/host.js';
import { patience, ringOptions } from './support/harness.js';

/** The backends this host has: the Node-API host's two (libuv's only on Node), else its one. */
const backends = host.name === 'node-api' ? (runtime === 'node' ? ['uv', 'thread'] : ['thread']) : [undefined];

const turn = () => new Promise(setImmediate);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition()` holds, checking each turn; rejects after `ms`. */
async function until(condition, ms, what) {
  const end = Date.now() + patience(ms);
  while (!condition()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${patience(ms)} ms`);
    await sleep(1);
  }
}

for (const loop of backends) {
  const name = loop ?? host.loop;
  test(`${name}: calls back while completions wait, not once they are reaped, and again for the next`, async () => {
    const ring = new Ring(ringOptions({ entries: 4 }));
    const statuses = [];
    const poller = host.createPoller(ring.fd, (status) => {
      statuses.push(status);
      ring.reap(() => {});
    }, loop);
    try {
      assert.is(poller.start(), 0);
      await sleep(20);
      assert.equal(statuses, [], 'an empty CQ: no callback');
      ring.prepNop(1);
      ring.submit();
      await until(() => statuses.length > 0, 2000, 'the callback for a NOP');
      for (let i = 0; i < 5; i++) await turn();
      await sleep(20);
      assert.equal(statuses, [0], 'once: the callback reaped the CQ');
      ring.prepTimeout(2, ring.memory.timespec(20));
      ring.submit();
      await until(() => statuses.length > 1, 2000, 'the callback for a timeout that fires later');
      assert.equal(statuses, [0, 0]);
    } finally {
      poller.close();
      ring.close();
    }
  });

  test(`${name}: no callback while stopped; start() again delivers what waited`, async () => {
    const ring = new Ring(ringOptions({ entries: 4 }));
    let calls = 0;
    const poller = host.createPoller(ring.fd, () => {
      calls++;
      ring.reap(() => {});
    }, loop);
    try {
      assert.is(poller.start(), 0);
      poller.stop();
      ring.prepNop(1);
      ring.submit();
      await sleep(30);
      assert.is(calls, 0, 'stopped');
      assert.is(ring.cqReady, 1, 'the completion waits in the CQ');
      assert.is(poller.start(), 0);
      await until(() => calls === 1, 2000, 'the callback after start()');
    } finally {
      poller.close();
      ring.close();
    }
  });

  test(`${name}: close(closed) silences it and calls closed once; a closed poller does nothing`, async () => {
    const ring = new Ring(ringOptions({ entries: 4 }));
    let calls = 0;
    let closed = 0;
    const poller = host.createPoller(ring.fd, () => { calls++; }, loop);
    try {
      assert.is(poller.start(), 0);
      poller.close(() => { closed++; });
      ring.prepNop(1);
      ring.submit();
      await until(() => closed === 1, 2000, 'the closed callback');
      await sleep(20);
      assert.is(calls, 0, 'no callback after close()');
      assert.ok(poller.start() < 0, 'start() on a closed poller is an error');
      poller.stop();
      poller.ref();
      poller.unref();
      poller.close(() => { closed++; });
      await sleep(10);
      assert.is(closed, 1, 'closed once');
    } finally {
      ring.close();
    }
  });

  test(`${name}: a callback that closes its own poller ends it there`, async () => {
    const ring = new Ring(ringOptions({ entries: 4 }));
    let calls = 0;
    let closed = false;
    const poller = host.createPoller(ring.fd, () => {
      calls++;
      poller.close(() => { closed = true; });  // the CQ is left unreaped: still readable
    }, loop);
    try {
      assert.is(poller.start(), 0);
      ring.prepNop(1);
      ring.submit();
      await until(() => closed, 2000, 'the closed callback');
      await sleep(20);
      assert.is(calls, 1);
    } finally {
      ring.close();
    }
  });
}

test('a backend the host lacks is refused with a clear error', () => {
  const ring = new Ring(ringOptions({ entries: 4 }));
  try {
    if (host.name !== 'node-api') {
      assert.ok(host.createPoller(ring.fd, () => {}, 'bogus') !== null, 'a host with one backend ignores the name');
      return;
    }
    assert.throws(() => host.createPoller(ring.fd, () => {}, 'bogus'), (e) => e.code === 'ERR_INVALID_ARG_VALUE' && /'uv' or 'thread'/.test(e.message));
    if (runtime !== 'node') {
      assert.throws(() => host.createPoller(ring.fd, () => {}, 'uv'), (e) => e.code === 'ERR_URING_UNSUPPORTED' && /runs on Node only/.test(e.message));
    }
  } finally {
    ring.close();
  }
});

test.run();
