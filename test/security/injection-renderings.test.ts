/**
 * Hostile text in the reports a round publishes. Script payloads go into everything a person can
 * type or import that a report prints — a narrative (title and text), a unit's variance comment,
 * a goal's status comment, a measure, unit names (the board's name is in the title and the running
 * header), a goal's text — and must come out as inert, literal text: in the HTML no script and no
 * event-handler attribute, in the PDF (pdftotext) and the DOCX (document.xml) the characters as
 * typed. Formula payloads (cells beginning with = + - @ tab CR) must come out of the XLSX as text
 * cells with the Text format and no formula anywhere. The app has no CSV export (the last test
 * keeps it that way: a CSV export must come with its own neutralisation test).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { DEMO_CONTENT_DIR, DEMO_DATA_DIR, DEMO_ORG } from '../../src/demo/index.ts';
import { chromiumPath, closePdfRenderer } from '../../src/report/pdf/index.ts';
import { importContent } from '../../src/store/ingest-content.ts';
import { importTabular } from '../../src/store/ingest.ts';
import { demoWorld, loggedIn, openDemoRound, type Client, type World } from '../support/server.ts';
import { expectDocCount } from './doc-counts.ts';

/** Script payloads; each field gets its own numbers so a leak names the field. */
const scripts = (n: number): string =>
  [`<script>alert("X${n}a")</script>`, `<img src=x onerror=alert("X${n}b")>`, `"><svg onload=alert("X${n}c")>`, `[klick](javascript:alert("X${n}d"))`, `</style><script>alert("X${n}e")</script>`].join(' ');

const FIELDS = {
  narrativeTitle: scripts(1),
  narrativeText: `Analys ${scripts(2)}\n\nAndra stycket ${scripts(3)}`,
  unitComment: `Kommentar ${scripts(4)}`,
  goalComment: `Målkommentar ${scripts(5)}`,
  measureText: `Åtgärd ${scripts(6)}`,
  boardName: `Kommunstyrelsen ${`<script>alert("X7a")</script>`}`,
  unitName: `Staben ${scripts(8)}`,
  goalText: `Ekonomi i balans ${scripts(9)}`,
};

/** Formula payloads at the start of cells the XLSX writes. */
const FORMULAS = {
  measureText: '=HYPERLINK("http://evil.invalid","klicka")',
  decisionDate: '@SUM(A1:A9)',
  diaryNumber: '+1+1',
  expectedEffect: '-2+3',
  measureComment: '\t=1+1',
  goalComment: '\r=2+2',
  assignmentComment: '=cmd|\'/c calc\'!A0',
};

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Decodes the entities an HTML or XML writer uses for text. */
const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;|&#x0*27;/gi, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

/** Every attribute of every tag of an HTML text, quotes respected (an escaped payload inside a quoted value is text). */
function attributes(html: string): Array<{ tag: string; name: string; value: string }> {
  const out: Array<{ tag: string; name: string; value: string }> = [];
  const tag = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'=<>`/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  for (const t of html.matchAll(tag)) {
    for (const a of t[2]!.matchAll(/([^\s"'=<>`/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) {
      out.push({ tag: t[1]!.toLowerCase(), name: a[1]!.toLowerCase(), value: decode((a[2] ?? '').replace(/^["']|["']$/g, '')) });
    }
  }
  return out;
}

/** No markup a payload could have made active: event handlers, javascript: addresses, injected elements. */
function assertNoActiveMarkup(html: string, where: string, allowOwnScripts = false): void {
  if (!allowOwnScripts) expect(html, `${where}: a <script> element`).not.toMatch(/<script/i);
  expect(html, `${where}: an injected <script>`).not.toMatch(/<script>alert\("X/i);
  expect(html, `${where}: an injected <svg> or <img>`).not.toMatch(/<(svg|img)\s[^>]*alert\("X/i);
  const attrs = attributes(html);
  expect(attrs.length, `${where}: no tags found`).toBeGreaterThan(5);
  expect(attrs.filter((a) => a.name.startsWith('on')), `${where}: an event-handler attribute`).toEqual([]);
  expect(attrs.filter((a) => /^(href|src|action|formaction|xlink:href)$/.test(a.name) && /^\s*javascript:/i.test(a.value)), `${where}: a javascript: address`).toEqual([]);
}

const chromiumMissing = !existsSync(chromiumPath()) || spawnSync('pdftotext', ['-v']).error !== undefined;

describe.each(testBackends())('script and formula injection in the published renderings (%s)', (backend) => {
  let w: World;
  let controller: Client;
  let round: number;
  const dir = mkdtempSync(join(tmpdir(), 'prognos-injection-'));

  beforeAll(async () => {
    w = await demoWorld(backend);
    // Unit names (and the board's, which titles the report) and a goal's text come from imports.
    const org = readFileSync(join(DEMO_DATA_DIR, 'org.csv'), 'utf8')
      .replace(/^KS,Kommunstyrelsen,/m, `KS,${csvField(FIELDS.boardName)},`)
      .replace(/^KAA,Staben,/m, `KAA,${csvField(FIELDS.unitName)},`);
    expect(org).toContain('X8a');
    writeFileSync(join(dir, 'org.csv'), org);
    await importTabular(w.store, DEMO_ORG, 'org', join(dir, 'org.csv'));
    const goals = readFileSync(join(DEMO_CONTENT_DIR, 'goals.csv'), 'utf8').replace(/,1\.1,1,board,Kommunstyrelsen ska ha en ekonomi i balans,/, `,1.1,1,board,${csvField(FIELDS.goalText)},`);
    expect(goals).toContain('X9a');
    writeFileSync(join(dir, 'goals.csv'), goals);
    await importContent(w.store, DEMO_ORG, 'goals', join(dir, 'goals.csv'));

    // Everything else is typed into the application.
    controller = await loggedIn(w.app, 'controller');
    round = await openDemoRound(controller);
    const ok = (r: { status: number; text: string }, what: string) => {
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    };
    const content = (await controller.get(`/api/rounds/${round}/content`)).body;
    const version = (kind: 'goals' | 'assignments' | 'narratives', code: string): number =>
      content[kind].find((g: { code?: string; key?: string }) => (g.code ?? g.key) === code)?.version ?? 0;
    ok(await controller.put(`/api/rounds/${round}/narratives/analysis`, { title: FIELDS.narrativeTitle, text: FIELDS.narrativeText, version: version('narratives', 'analysis') }), 'narrative');
    const grid = await controller.get(`/api/rounds/${round}/units/KAA/forecast`);
    ok(grid, 'grid');
    ok(await controller.put(`/api/rounds/${round}/units/KAA/comment`, { text: FIELDS.unitComment, version: grid.body.unit.comment.version }), 'unit comment');
    ok(await controller.put(`/api/rounds/${round}/goals/2.1/status`, { status: 'Uppfylls', comment: FIELDS.goalComment, version: version('goals', '2.1') }), 'goal status');
    ok(await controller.put(`/api/rounds/${round}/measures/90`, { text: FIELDS.measureText, version: 0 }), 'measure');
    ok(
      await controller.put(`/api/rounds/${round}/measures/91`, {
        text: FORMULAS.measureText,
        decisionDate: FORMULAS.decisionDate,
        diaryNumber: FORMULAS.diaryNumber,
        expectedEffect: FORMULAS.expectedEffect,
        comment: FORMULAS.measureComment,
        version: 0,
      }),
      'formula measure',
    );
    ok(await controller.put(`/api/rounds/${round}/goals/8.1/status`, { status: 'Uppfylls delvis', comment: FORMULAS.goalComment, version: version('goals', '8.1') }), 'formula goal');
    ok(await controller.put(`/api/rounds/${round}/assignments/U1/status`, { status: 'Påbörjat', comment: FORMULAS.assignmentComment, version: version('assignments', 'U1') }), 'formula assignment');
  }, 120_000);
  afterAll(async () => {
    await closePdfRenderer();
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every hostile text exactly as typed (escaping is the renderers’ job)', async () => {
    const content = (await controller.get(`/api/rounds/${round}/content`)).body;
    const analysis = content.narratives.find((n: { key: string }) => n.key === 'analysis');
    expect(analysis).toMatchObject({ title: FIELDS.narrativeTitle, text: FIELDS.narrativeText });
    expect(content.measures.find((m: { nr: string }) => m.nr === '91')).toMatchObject({ text: FORMULAS.measureText, comment: FORMULAS.measureComment, diaryNumber: FORMULAS.diaryNumber });
    const units = (await controller.get('/api/units')).body.units;
    expect(units.find((u: { code: string }) => u.code === 'KAA').name).toBe(FIELDS.unitName);
  });

  it('renders the report HTML with every payload as escaped text: no script, no event handler, no javascript: address', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    assertNoActiveMarkup(r.text, 'report.html');
    const text = decode(r.text);
    for (const [field, payload] of Object.entries(FIELDS)) {
      for (const line of payload.split('\n\n')) expect(text, field).toContain(line);
    }
    // And the page could not run a script even if one slipped through.
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(r.headers.get('content-security-policy')).not.toMatch(/script-src/);
  });

  it('keeps the payloads inert in the JSON report too: served as JSON, never sniffed as HTML', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.json`);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(JSON.stringify(r.body)).toContain(JSON.stringify(FIELDS.unitComment).slice(1, -1));
  });

  it('writes the payloads into the DOCX as escaped text of document.xml, never as markup', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.docx`);
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(r.body as Buffer);
    const parts = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n));
    expect(parts).toContain('word/document.xml');
    let all = '';
    for (const name of parts) {
      const xml = await zip.file(name)!.async('string');
      expect(xml, name).not.toMatch(/<(script|img|svg|iframe)\b/i);
      all += [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join('');
      all += '\n';
    }
    for (const [field, payload] of Object.entries(FIELDS)) {
      for (const line of payload.split('\n\n')) expect(all, field).toContain(line);
    }
  });

  it.skipIf(chromiumMissing)('prints the payloads as literal text in the PDF (pdftotext)', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.pdf`);
    expect(r.status).toBe(200);
    const file = join(dir, 'report.pdf');
    writeFileSync(file, r.body as Buffer);
    // -raw: the text in the order it is drawn, a table cell's lines together (in reading order the
    // wrapped lines of a cell interleave with the cells beside it)
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');
    for (const n of [1, 2, 3, 4, 5, 6, 8, 9]) {
      expect(text, `payload ${n}`).toContain(`<script>alert("X${n}a")</script>`);
      expect(text, `payload ${n}`).toContain(`<img src=x onerror=alert("X${n}b")>`);
    }
    expect(text).toContain('Kommunstyrelsen <script>alert("X7a")</script>');
  });

  it('stores formula-like texts in the XLSX as text cells with the Text format, and writes no formula', async () => {
    const r = await controller.get(`/api/rounds/${round}/report.xlsx`);
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(r.body as Buffer);
    const shared = [...(await zip.file('xl/sharedStrings.xml')!.async('string')).matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
      decode([...m[1]!.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => t[1]).join('')),
    );
    const styles = await zip.file('xl/styles.xml')!.async('string');
    const customFormats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
    const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf\b([^>]*?)\/?>/g)].map((m) => /numFmtId="(\d+)"/.exec(m[1]!)?.[1] ?? '0');
    const isTextFormat = (style: number): boolean => {
      const id = xfs[style] ?? '0';
      return id === '49' || customFormats.get(id) === '@';
    };
    const sheets = Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(3);
    const found = new Map<string, { type: string; text: boolean }>();
    for (const name of sheets) {
      const xml = await zip.file(name)!.async('string');
      expect(xml, name).not.toMatch(/<f[\s>]/);
      expect(xml, name).not.toContain('t="str"');
      for (const c of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const attrs = c[1]!;
        const type = /\bt="([^"]+)"/.exec(attrs)?.[1] ?? 'n';
        const style = Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0);
        const v = /<v>([^<]*)<\/v>/.exec(c[2] ?? '')?.[1];
        const inline = /<is>[\s\S]*?<t(?:\s[^>]*)?>([^<]*)<\/t>/.exec(c[2] ?? '')?.[1];
        const value = type === 's' && v !== undefined ? shared[Number(v)] : inline !== undefined ? decode(inline) : undefined;
        if (value === undefined) continue;
        for (const [field, payload] of Object.entries(FORMULAS)) {
          // An XML reader turns a CR into LF; compare the rest exactly.
          if (value === payload || value.replace(/\r/g, '\n') === payload.replace(/\r/g, '\n')) found.set(field, { type, text: isTextFormat(style) });
        }
      }
    }
    for (const field of Object.keys(FORMULAS)) {
      expect(found.get(field), `${field} is not a cell of its own in the XLSX`).toBeDefined();
      expect(found.get(field), field).toEqual({ type: expect.stringMatching(/^(s|inlineStr)$/), text: true });
    }
  });

  it('shows the payloads inert on every page of the UI that prints them', async () => {
    const admin = await loggedIn(w.app, 'admin');
    const pages = [
      ...new Set(
        w.app.routes
          .filter((r) => r.method === 'GET' && !/^\/(api|published|assets)\//.test(r.path) && r.path !== '/*')
          .map((r) => r.path.replace(/:id(\{[^}]*\})?/g, String(round)).replace(/:code(\{[^}]*\})?/g, 'KAA').replace(/:key(\{[^}]*\})?/g, 'analysis')),
      ),
    ].filter((p) => !p.includes(':'));
    let seen = 0;
    for (const page of pages) {
      const r = await admin.get(page);
      if (r.status !== 200 || !/^text\/html/.test(r.headers.get('content-type') ?? '')) continue;
      if (/X\d[a-e]/.test(decode(r.text))) seen++;
      assertNoActiveMarkup(r.text, page, true);
    }
    // Unit names, goals and texts do show somewhere in the UI (when it has pages).
    if (pages.length > 3) expect(seen).toBeGreaterThan(0);
  });

  it('tries as many payloads as SECURITY.md says: script payloads of each kind in each field, formula payloads', () => {
    const markers = Object.values(FIELDS).flatMap((v) => [...v.matchAll(/alert\("X(\d+[a-e])"\)/g)].map((m) => m[1]!));
    expect(new Set(markers).size).toBe(markers.length);
    expectDocCount('xss.kinds', scripts(0).match(/X0[a-e]/g)!.length);
    expectDocCount('xss.fields', Object.keys(FIELDS).length);
    expectDocCount('xss.payloads', markers.length);
    expectDocCount('formula.payloads', Object.keys(FORMULAS).length);
  });

  it('has no CSV export to neutralise: no route answers with text/csv', () => {
    const csvRoutes = w.app.routes.filter((r) => /csv/i.test(r.path));
    expect(csvRoutes).toEqual([]);
  });
});
