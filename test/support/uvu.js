// uvu's CLI (node_modules/uvu/bin.js) in ESM, for every runtime: the bin decides between import()
// and require() by the wording of a SyntaxError, which Bun words differently, and then
// require()s the test files (ES modules with top-level await), which Bun refuses. And where uvu's
// run() lets one file that fails to load end the whole run, this loop records it as that file's
// failed test and goes on with the others.
//   <runtime> test/support/uvu.js DIR PATTERN
import { parse } from 'uvu/parse';

const [dir, pattern] = process.argv.slice(2);
process.env.FORCE_COLOR = '1'; // as uvu's --color default
try {
  const ctx = await parse(dir, pattern, { cwd: '.' });
  globalThis.UVU_DEFER = 1;
  const uvu = await import('uvu');
  for (const [index, suite] of ctx.suites.entries()) {
    globalThis.UVU_INDEX = index;
    globalThis.UVU_QUEUE.push([suite.name]);
    try {
      await import('file:///' + suite.file);
    } catch (error) {
      const loads = uvu.suite(suite.name);
      loads('loads', () => {
        throw error;
      });
      loads.run();
    }
  }
  await uvu.exec(false);
} catch (error) {
  console.error(error.stack || error.message);
  process.exit(1);
}
