/**
 * Where a module's neighbouring files are. The command line runs compiled JavaScript from
 * dist/ (scripts/build.js), one file per source; files kept next to the sources (SQL migrations,
 * demo data, the stylesheet, the browser client) are not copied there. `sourceDir` maps a
 * compiled module's folder back to its source folder, and leaves a source module's folder as is.
 */
import { dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The source folder of the module at `moduleUrl` (its `import.meta.url`): `<root>/dist/x` → `<root>/src/x`. */
export function sourceDir(moduleUrl: string): string {
  const file = fileURLToPath(moduleUrl);
  const dir = dirname(file);
  if (!file.endsWith('.js')) return dir;
  const marker = `${sep}dist${sep}`;
  const at = `${dir}${sep}`.lastIndexOf(marker);
  return at < 0 ? dir : `${dir.slice(0, at)}${sep}src${dir.slice(at + marker.length - 1)}`;
}
