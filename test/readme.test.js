// The README's Promise API example, run as written (only its port and paths changed): it must
// keep working, and print what its comments say.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from './support/fs.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { patience } from './support/harness.js';
import { tempDir } from './support/tmp.js';
import { jsChild, withoutForceColor } from './support/child.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const index = fileURLToPath(new URL('../dist/src/index.js', import.meta.url));

function example(heading) {
  const section = readme.slice(readme.indexOf(heading));
  return /```js\n([\s\S]*?)```/.exec(section)[1];
}

// Every kernel from 5.10 runs it: what io_uring lacks there, the fallbacks do.
test('the Promise API example runs: file I/O, an fs-like error, a TCP echo', async () => {
  const dir = tempDir();
  const port = String(20000 + Math.floor(Math.random() * 30000));
  const code = example('## The Promise API')
    .replaceAll('/tmp/', `${dir}/`)
    .replaceAll('7000', port)
    .replace("from 'wasm-uring'", `from ${JSON.stringify(index)}`); // last: the checkout may be in /tmp
  const script = join(dir, 'example.mjs');
  writeFileSync(script, code);
  const { stdout } = await promisify(execFile)(...jsChild([script]), {
    env: { ...withoutForceColor(), NO_COLOR: '1' }, timeout: patience(10000),
  });
  const lines = stdout.split('\n');
  assert.equal(lines, ['hello from io_uring 20', 'ENOENT -2 open /nonexistent', 'ping', '']);
  assert.is(readFileSync(join(dir, 'copy.txt'), 'utf8'), 'hello from io_uring\n', 'the linked write reached the copy');
});

test.run();
