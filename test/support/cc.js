// Compiles C sources at test time with the machine's gcc, cached under test/.build by content.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, renameSync } from './fs.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const buildDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.build');

/**
 * Compiles `source` (C text) to an executable (or, with shared: true, a shared object) and
 * returns its path. Throws with gcc's diagnostics on failure.
 */
export function compileC(name, source, { shared = false, args = [] } = {}) {
  mkdirSync(buildDir, { recursive: true });
  const hash = createHash('sha256').update(source).update(JSON.stringify({ shared, args })).digest('hex').slice(0, 16);
  const out = join(buildDir, `${name}-${hash}${shared ? '.node' : ''}`);
  if (existsSync(out)) return out;
  const src = join(buildDir, `${name}-${hash}.c`);
  writeFileSync(src, source);
  const tmp = `${out}.tmp${process.pid}`;
  const flags = shared ? ['-shared', '-fPIC'] : [];
  execFileSync('gcc', ['-O1', '-w', ...flags, '-o', tmp, src, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  renameSync(tmp, out);
  return out;
}

/** gcc's error output for `source`, or '' when it compiles (to find names a header lacks). */
export function compileErrors(name, source, args = []) {
  try {
    compileC(name, source, { args });
    return '';
  } catch (error) {
    return String(error.stderr ?? error.message);
  }
}

/** Compiles and runs a C program, returning its stdout. */
export function runC(name, source, args = []) {
  return execFileSync(compileC(name, source, { args }), { encoding: 'utf8' });
}
