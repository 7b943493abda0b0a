// Compiles src/**/*.ts (not tests) to dist/ as plain JavaScript, one file per source, so the
// command line starts without a TypeScript compiler. Plain JavaScript itself: `npm ci` runs it
// (the `prepare` script) and bin/prognos.js runs it when the sources changed since the last build.
//
// Files kept next to the sources (SQL migrations, demo data, the stylesheet, the browser client)
// are not copied: the compiled modules read them from src/ (src/core/paths).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.build-stamp';

const isSource = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !/(^|[/\\])test-[^/\\]*\.ts$|\.test(-support)?\.ts$/.test(file);

/** The compiled sources: every .ts under src/ except tests and test support. */
export function sourceFiles(root = ROOT) {
  const src = join(root, 'src');
  return readdirSync(src, { recursive: true })
    .map(String)
    .filter(isSource)
    .map((f) => join(src, f))
    .sort();
}

/**
 * What a build was made from: the number of sources and their newest modification time. A
 * source edited, added, removed or checked out since the build changes it.
 */
export function sourceStamp(root = ROOT) {
  const files = sourceFiles(root);
  let newest = 0;
  for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  return `${files.length}:${newest}`;
}

/** True when dist/ was built from the sources as they are now. */
export function isBuildFresh(root = ROOT) {
  try {
    return readFileSync(join(root, 'dist', STAMP), 'utf8') === sourceStamp(root);
  } catch {
    return false;
  }
}

/**
 * Bundling with every import kept external compiles each file on its own while rewriting its
 * relative `.ts` specifiers (static and `import()`) to `.js`; packages stay imports too.
 */
const rewriteTs = {
  name: 'rewrite-ts-specifiers',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: args.path.replace(/\.ts$/, '.js'), external: true };
    });
  },
};

/** Builds dist/ from src/ (into a fresh directory swapped in at the end); returns the number of files. */
export async function build(root = ROOT) {
  const { build: esbuild } = await import('esbuild');
  const stamp = sourceStamp(root);
  const files = sourceFiles(root);
  const dist = join(root, 'dist');
  const tmp = join(root, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    entryPoints: files,
    outdir: tmp,
    outbase: join(root, 'src'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    charset: 'utf8',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
    plugins: [rewriteTs],
  });
  writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(tmp, STAMP), stamp);
  // Swap: a process starting meanwhile sees the old build or the new one, not half of one.
  const old = join(root, `dist.old-${process.pid}`);
  try {
    renameSync(dist, old);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(dist), { recursive: true });
  try {
    renameSync(tmp, dist);
  } catch (e) {
    // Another process swapped in its build of the same sources in between: keep that one.
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return files.length;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = performance.now();
  const n = await build();
  process.stderr.write(`Byggde ${relative(process.cwd(), join(ROOT, 'dist')) || 'dist'}: ${n} filer på ${Math.round(performance.now() - t0)} ms\n`);
}
