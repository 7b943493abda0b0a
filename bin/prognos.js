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
  try {
    await build(root);
  } catch (e) {
    // Never fall back to the old build: it is not the code in src/.
    process.stderr.write(`fel: kunde inte bygga om dist/ från src/ (${e instanceof Error ? e.message : String(e)}); kör npm run build\n`);
    process.exit(1);
  }
}
await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
