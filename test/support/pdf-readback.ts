/**
 * Reading a printed PDF back as its reader sees it, with poppler-utils: the pages' sizes
 * (`pdfinfo`), every text line with its box (`pdftotext -bbox-layout`) and an estimate of its
 * font size, and the page each heading stands on.
 *
 * `pdftotext` gives a word's box from the font's ascent and descent, so box height = font size ×
 * a factor of the font. The factor is calibrated on the running header, printed at 8 pt on every
 * page in the same font family as the text.
 */
import { execFileSync } from 'node:child_process';

export interface PdfLine {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  /** Estimated font size in pt. */
  size: number;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  lines: PdfLine[];
}

const run = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The size the running header is printed in (pdf/index.ts's header template). */
export const HEADER_PT = 8;

export function readPdf(file: string, headerText: string): PdfPage[] {
  const xml = run('pdftotext', '-bbox-layout', file, '-');
  const raw = [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m, i) => ({
    number: i + 1,
    width: Number(m[1]),
    height: Number(m[2]),
    lines: [...m[3]!.matchAll(/<line xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([\s\S]*?)<\/line>/g)].map((l) => ({
      page: i + 1,
      xMin: Number(l[1]),
      yMin: Number(l[2]),
      xMax: Number(l[3]),
      yMax: Number(l[4]),
      text: [...l[5]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => decode(w[1]!)).join(' '),
      size: 0,
    })),
  }));
  const header = raw.flatMap((p) => p.lines).find((l) => l.text.replace(/\s+/g, ' ') === headerText.replace(/\s+/g, ' '));
  if (!header) throw new Error(`the running header "${headerText}" is not in ${file}`);
  const factor = (header.yMax - header.yMin) / HEADER_PT;
  for (const p of raw) for (const l of p.lines) l.size = (l.yMax - l.yMin) / factor;
  return raw;
}

/** Page sizes as pdfinfo reports them, e.g. "594.96 x 841.92 pts (A4)". */
export function pageSizes(file: string): string[] {
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))![1]);
  const out = run('pdfinfo', '-f', '1', '-l', String(pages), file);
  return [...out.matchAll(/^Page\s+\d+ size:\s+(.+)$/gm)].map((m) => m[1]!.trim());
}

/** Fonts as pdffonts lists them: name, type, embedded. */
export function fonts(file: string): Array<{ name: string; type: string; embedded: boolean }> {
  return run('pdffonts', file)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s{2,}|\s(?=yes|no)/);
      const emb = /\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      return { name: cols[0]!.split(' ')[0]!, type: l.slice(37, 54).trim(), embedded: emb?.[1] === 'yes' };
    });
}

/** The page of each named destination, as poppler reads them (`pdfinfo -dests`), by the element id it targets. */
export function popplerDestinations(file: string): Map<string, number> {
  return new Map([...run('pdfinfo', '-dests', file).matchAll(/^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$/gm)].map((m) => [decodeURIComponent(m[2]!), Number(m[1])]));
}
