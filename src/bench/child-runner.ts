// Runs a part of the benchmark in another Node process (bench/child.ts): what must start with a
// different environment (libuv reads UV_USE_IO_URING at start), or must not share the event
// loop and CPU it measures (the echo clients).

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const childScript = fileURLToPath(new URL('./child.js', import.meta.url));

/** Runs child mode `mode`; resolves to the JSON it prints on stdout. */
export function runChild<T = never>(mode: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [childScript, mode, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${mode} child failed: ${stderr.trim() || error.message}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as T);
        } catch {
          reject(new Error(`${mode} child printed no result: ${stdout.slice(0, 200)}`));
        }
      });
  });
}
