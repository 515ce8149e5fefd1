// Child processes of the runtime the tests run under (Node, Deno, Bun), started as `node ARGS`
// would start them: Deno wants `run -A FILE` (and `eval` for -e source), Node and Bun take
// Node's arguments as they are.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDir } from './cc.js';

const onDeno = 'Deno' in globalThis;

/** [command, args] for what `node ...args` does (a script and its arguments, or --input-type=module -e SOURCE). */
export function jsChild(args) {
  if (!onDeno) return [process.execPath, args];
  if (args[0] === '--input-type=module' && args[1] === '-e') return [process.execPath, ['eval', '--ext=js', ...args.slice(2)]];
  return [process.execPath, ['run', '-A', ...args]];
}

/**
 * An executable that takes Node's arguments, for command lines (shell scripts, wrappers) that
 * name one program: the runtime itself, or on Deno a script that translates as jsChild does.
 */
export const jsExecutable = onDeno ? denoAsNode() : process.execPath;

function denoAsNode() {
  mkdirSync(buildDir, { recursive: true });
  const path = join(buildDir, 'deno-as-node.sh');
  const tmp = `${path}.tmp${process.pid}`;
  writeFileSync(tmp, [
    '#!/bin/sh',
    `if [ "$1" = --input-type=module ] && [ "$2" = -e ]; then shift 2; exec ${JSON.stringify(process.execPath)} eval --ext=js "$@"; fi`,
    `exec ${JSON.stringify(process.execPath)} run -A "$@"`,
    '',
  ].join('\n'));
  chmodSync(tmp, 0o755);
  renameSync(tmp, path);
  return path;
}

/**
 * process.env without FORCE_COLOR. Deno colours output when it is set to anything but '', even 0,
 * and its spawn keeps a variable the env given leaves out: there it is emptied ('' forces colour
 * in Node).
 */
export function withoutForceColor() {
  const { FORCE_COLOR, ...env } = process.env;
  return onDeno ? { ...env, FORCE_COLOR: '' } : env;
}
