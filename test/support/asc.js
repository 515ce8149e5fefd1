// Compiles AssemblyScript test guests with asc's API, all in this one Node process (asc starts
// slowly): `node test/support/asc.js JOBS.json`, JOBS being [{ source, out, flags }]. Each output
// is written to a temporary file and renamed, so a reader never sees half a file. Run by support/guests.js.
import asc from 'assemblyscript/asc';
import { readFileSync, renameSync } from 'node:fs';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = false;
for (const { source, out, flags } of jobs) {
  const stderr = asc.createMemoryStream();
  const tmp = `${out}.${process.pid}.tmp.wasm`;
  const { error } = await asc.main([source, '--config', 'test/guests/asconfig.json', '-o', tmp, ...flags], { stderr });
  if (error) {
    failed = true;
    process.stderr.write(`asc ${source} ${flags.join(' ')}: ${error.message}\n${stderr.toString()}\n`);
    continue;
  }
  renameSync(tmp, out);
}
process.exitCode = failed ? 1 : 0;
