// The API reference (`npm run docs`: typedoc over src/index.ts) builds, and typedoc's validation
// finds nothing: every public member documented, no broken link, nothing public that names a
// type left out of the reference (typedoc.json makes any warning an error).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulated } from './support/harness.js';
import { laterPlacement } from './support/placements.js';
import { tempDir } from './support/tmp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const onNode = !('Deno' in globalThis) && typeof process.versions.bun !== 'string';
const reason = emulated ? 'costly under emulation; it checks the sources, run on the host'
  : !onNode ? "it checks the sources, the same under every runtime: Node's run has it" : laterPlacement();

(reason ? test.skip : test)(`typedoc builds the API reference with every public member documented${reason ? ` [skipped: ${reason}]` : ''}`, () => {
  const out = tempDir('wasm-uring-docs-');
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), '--out', out],
    { cwd: root, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  assert.is(run.status, 0, `typedoc failed:\n${output}`);
  assert.not.match(output, /\[warning\]/, output);
  for (const page of ['index.html', 'classes/Ring.html', 'classes/AsyncRing.html']) {
    assert.ok(existsSync(join(out, page)), `${page} is in the reference`);
  }
});

test.run();
