#!/usr/bin/env node
// Launcher: runs the compiled CLI (dist/, built by `npm ci` through the `prepare` script) in this
// process. When the sources changed since that build (an edit, a checkout), it rebuilds first,
// so `npx prognos` never runs stale code.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, isBuildFresh } from '../scripts/build.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, 'src')) && !isBuildFresh(root)) {
  if (process.stderr.isTTY) process.stderr.write('Källorna har ändrats: bygger om dist/ …\n');
  await build(root);
}
await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
