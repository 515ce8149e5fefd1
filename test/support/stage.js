// The library copied out of this checkout and laid out as an installed package is: dist/, the
// addon where node-gyp-build finds it, node-gyp-build itself. For children that must not see the
// checkout (a user who cannot enter it, a package whose addon is missing).
import { cpSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const checkout = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** Stages the library in `dir` (with its addon unless `addon: false`); returns index.js's path. */
export function stageLibrary(dir, { addon = true } = {}) {
  cpSync(join(checkout, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(checkout, 'node_modules', 'node-gyp-build'), join(dir, 'node_modules', 'node-gyp-build'), { recursive: true });
  if (addon) {
    const built = require('node-gyp-build').path(checkout); // build/Release, or the prebuild `npm pack` left
    cpSync(built, join(dir, 'build', 'Release', basename(built)));
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return join(dir, 'dist', 'src', 'index.js');
}
