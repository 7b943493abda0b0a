/**
 * The UI's static files: the stylesheet (`assets/app.css`), the browser module (`client/main.ts`
 * bundled by esbuild in memory on first use, then cached for the life of the process) and the
 * icon. Their URLs carry a content hash, so they are cached for a year and never stale. No CDN,
 * no external fonts: everything comes from this server (CSP `default-src 'self'`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceDir } from '../core/paths/index.ts';
import type { AssetUrls } from './layout.ts';

/** The source folder: the compiled server reads the stylesheet and bundles the client from src/. */
const HERE = sourceDir(import.meta.url);

export interface Asset {
  body: string;
  type: string;
  hash: string;
}

const hashOf = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

const asset = (body: string, type: string): Asset => ({ body, type, hash: hashOf(body) });

async function bundleClient(): Promise<Asset> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(HERE, 'client', 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild gav ingen utdata för webbklienten');
  return asset(out.text, 'text/javascript; charset=utf-8');
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28"><rect x="1" y="1" width="26" height="26" rx="5" fill="#1f4e79"/><path d="M6 20 L11 14 L15 17 L22 8" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/><circle cx="22" cy="8" r="2.2" fill="#f4b183"/></svg>`;

export class Assets {
  private static instance: Assets | undefined;

  /** One set per process: every app of the process serves the same files (bundled once). */
  static shared(): Assets {
    Assets.instance ??= new Assets();
    return Assets.instance;
  }

  private js: Promise<Asset> | undefined;
  private readonly css: Asset;
  private readonly icon: Asset;

  constructor() {
    this.css = asset(readFileSync(join(HERE, 'assets', 'app.css'), 'utf8'), 'text/css; charset=utf-8');
    this.icon = asset(ICON, 'image/svg+xml');
  }

  script(): Promise<Asset> {
    this.js ??= bundleClient().catch((err: unknown) => {
      this.js = undefined;
      throw err;
    });
    return this.js;
  }

  async urls(): Promise<AssetUrls> {
    const js = await this.script();
    return { css: `/assets/app.css?v=${this.css.hash}`, js: `/assets/app.js?v=${js.hash}`, icon: `/assets/icon.svg?v=${this.icon.hash}` };
  }

  async get(name: string): Promise<Asset | undefined> {
    if (name === 'app.css') return this.css;
    if (name === 'app.js') return this.script();
    if (name === 'icon.svg') return this.icon;
    return undefined;
  }
}
