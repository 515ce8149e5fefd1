// A full garbage collection, for tests that prove the library keeps something alive: Bun's own
// Bun.gc(true) there (it has no --expose-gc), V8's gc() exposed at run time elsewhere.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function find() {
  if (typeof globalThis.Bun?.gc === 'function') return () => globalThis.Bun.gc(true);
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc');
}

export const gc = find();
