// Temporary directories for tests, removed when the process exits.
import { mkdtempSync, openSync, rmSync, writeFileSync } from './fs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => { for (const dir of made) rmSync(dir, { recursive: true, force: true }); });

export function tempDir(prefix = 'wasm-uring-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A file `name` in `dir` holding `contents`, opened with `flags` (the caller owns the fd). */
export function fileIn(dir, name, contents, flags = 'r') {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return openSync(path, flags);
}

/**
 * Fresh paths in a temp dir of their own: `tempFile()` is a new path, `tempFile(contents)` also
 * writes that file; `tempFile.dir` is the directory.
 */
export function tempFiles() {
  const dir = tempDir();
  let count = 0;
  const tempFile = (contents) => {
    const path = join(dir, `f${count++}`);
    if (contents !== undefined) writeFileSync(path, contents);
    return path;
  };
  tempFile.dir = dir;
  return tempFile;
}
