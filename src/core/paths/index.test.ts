import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { sourceDir } from './index.ts';

describe('sourceDir', () => {
  it('maps a compiled module in dist to the same folder in src', () => {
    expect(sourceDir(pathToFileURL('/repo/dist/store/migrate.js').href)).toBe(join('/repo', 'src', 'store'));
  });

  it('maps a module directly in dist to src', () => {
    expect(sourceDir(pathToFileURL('/repo/dist/main.js').href)).toBe(join('/repo', 'src'));
  });

  it('leaves a source module where it is, even below a folder named dist', () => {
    expect(sourceDir(pathToFileURL('/home/dist/repo/src/web/assets.ts').href)).toBe(join('/home/dist/repo/src/web'));
  });

  it('maps only the innermost dist of a checkout inside a folder named dist', () => {
    expect(sourceDir(pathToFileURL('/home/dist/repo/dist/demo/index.js').href)).toBe(join('/home/dist/repo/src/demo'));
  });
});
