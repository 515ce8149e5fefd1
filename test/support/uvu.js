// uvu's CLI (node_modules/uvu/bin.js) in ESM, for every runtime: the bin decides between import()
// and require() by the wording of a SyntaxError, which Bun words differently, and then
// require()s the test files (ES modules with top-level await), which Bun refuses.
//   <runtime> test/support/uvu.js DIR PATTERN
import { parse } from 'uvu/parse';
import { run } from 'uvu/run';

const [dir, pattern] = process.argv.slice(2);
process.env.FORCE_COLOR = '1'; // as uvu's --color default
try {
  const ctx = await parse(dir, pattern, { cwd: '.' });
  await run(ctx.suites, {});
} catch (error) {
  console.error(error.stack || error.message);
  process.exit(1);
}
