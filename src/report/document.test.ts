// Document metadata, the decision proposal, footnotes and appendices: built from a template and
// read back from each format (HTML as text, DOCX's document.xml and footnotes.xml, PDF through pdftotext).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyFollowUp } from '../core/domain/followup.ts';
import { documentDecision } from './document-meta.ts';
import { renderDocx } from './docx/index.ts';
import { renderHtml } from './html/index.ts';
import type { ReportModel } from './model.ts';
import { chromiumPath, closePdfRenderer, renderPdf } from './pdf/index.ts';
import { templateProblems } from './template-schema.ts';
import { buildSections, type ReportTemplate } from './template.ts';

const ctx = { year: 2021, round: 'P3', boardName: 'Kommunstyrelsen' };

const template: ReportTemplate = {
  id: 'ks-arsberattelse',
  document: { decidedBy: 'Kommunstyrelsen', decidedOn: '2022-03-08', paragraph: '42', diaryNumber: 'Ks 181/2022' },
  chapters: [
    {
      id: 'forslag',
      number: '1',
      title: 'Förslag till beslut',
      level: 1,
      blocks: [
        { narrative: 'proposal' },
        {
          decision: {
            proposer: 'Kommunstyrelseförvaltningens förslag till {board}:',
            points: ['Kommunstyrelsen fastställer årsberättelse {year} för Kommunstyrelsens egen verksamhet.', 'Årsberättelsen överlämnas för vidare hantering inom ramen för Örebro kommuns årsredovisning {year}.'],
            signatures: [{ name: 'Peter Larsson', title: 'Kommundirektör tillika förvaltningschef för Kommunstyrelseförvaltningen', place: 'Örebro', date: '2022-02-15' }],
          },
        },
      ],
    },
  ],
};

function model(): ReportModel {
  const narratives = new Map([
    ['proposal', { title: '', text: 'Budgetavvikelsen är −113 mnkr[^stb], bättre än prognos[^p].\n\n[^stb]: Varav 73 mnkr gäller ändrade redovisningsregler för statsbidrag.\n[^p]: Prognos 2 pekade mot −25 mnkr.' }],
  ]);
  const sections = buildSections({ template, tables: [], content: { ...emptyFollowUp(), narratives }, context: ctx, unitName: (c) => c });
  const doc = documentDecision(template.document, { diaryNumber: 'Ks 200/2022' }, undefined, (t) => t);
  return {
    report: {
      organisation: 'k', organisationName: 'Örebro kommun', scope: { code: 'KS', name: 'Kommunstyrelsen' }, title: 'Årsberättelse 2021 – Kommunstyrelsen',
      year: 2021, period: 12, prevPeriod: 12, round: 'P3', sign: 'net', unit: 'tkr', periodText: 'Utfall januari–december 2021',
      ...(doc.decision ? { decision: doc.decision } : {}),
      appendices: [{ id: 1, title: 'Kommunstyrelsens plan med budget 2021', fileName: 'budgetplan.pdf', bytes: 245_000, href: '/api/rounds/7/appendices/1' }],
    },
    tables: [],
    sections,
  };
}

describe('document metadata and decision in the template', () => {
  it('numbers the footnotes of a chapter in the order they are referred to and rewrites the marks', () => {
    const s = model().sections[0]!;
    expect(s.footnotes).toEqual([
      { number: 1, text: 'Varav 73 mnkr gäller ändrade redovisningsregler för statsbidrag.' },
      { number: 2, text: 'Prognos 2 pekade mot −25 mnkr.' },
    ]);
    expect(s.blocks[0]).toEqual({ type: 'paragraph', text: 'Budgetavvikelsen är −113 mnkr[^1], bättre än prognos[^2].' });
  });

  it('lets the round override the template field by field and writes § before a bare paragraph number', () => {
    expect(model().report.decision).toEqual({ by: 'Kommunstyrelsen', date: '2022-03-08', paragraph: '§ 42', diaryNumber: 'Ks 200/2022' });
  });

  it('refuses an unknown key of the decision block and a decision date that is not a date, naming the field in Swedish', () => {
    const bad = { ...template, document: { decidedOn: '8 mars' }, chapters: [{ ...template.chapters[0]!, blocks: [{ decision: { points: ['x'], sign: [] } }] }] };
    const messages = templateProblems(bad).map((p) => p.message);
    expect(messages).toContain('document.decidedOn: ska vara ett datum som 2024-06-03');
    expect(messages.some((m) => m.startsWith('chapters[0].blocks[0].decision') && m.includes('okänd nyckel "sign"'))).toBe(true);
  });
});

describe('the renderers show the document parts', () => {
  afterAll(async () => {
    await closePdfRenderer();
  });

  it('HTML: diary number and decision on the cover, points as an ordered list, signature apart, notes at the chapter end, appendix linked', () => {
    const html = renderHtml(model());
    const cover = /<header class="cover[\s\S]*?<\/header>/.exec(html)![0];
    expect(cover).toContain('Beslutad av Kommunstyrelsen den 8 mars 2022, § 42');
    expect(cover).toContain('Dnr Ks 200/2022');
    expect(html).toMatch(/<ol class="points"><li>Kommunstyrelsen fastställer årsberättelse 2021 för Kommunstyrelsens egen verksamhet\.<\/li><li>Årsberättelsen överlämnas/);
    expect(html).toMatch(/<div class="signature"><p class="place-date">Örebro 15 februari 2022<\/p><p class="name">Peter Larsson<\/p><p class="title">Kommundirektör/);
    expect(html).toContain('mnkr<sup class="fn-ref"><a href="#fn-forslag-1" id="fnref-forslag-1" aria-label="Fotnot 1">1</a></sup>');
    expect(html).toMatch(/<aside class="footnotes" aria-label="Fotnoter"><ol><li id="fn-forslag-1" value="1">Varav 73 mnkr/);
    expect(html).not.toContain('[^');
    expect(html).toContain('<a href="/api/rounds/7/appendices/1">Bilaga 1: Kommunstyrelsens plan med budget 2021</a> (PDF, 245 kB)');
  });

  it('lists the appendices in the template’s own chapter ("8 Bilagor", in the contents) instead of a section after the chapters, and leaves the chapter out without appendices', async () => {
    const withChapter: ReportTemplate = { ...template, chapters: [...template.chapters, { id: 'bilagor', number: '8', title: 'Bilagor', level: 1, blocks: [{ appendices: true }] }] };
    const base = model();
    const sections = buildSections({ template: withChapter, tables: [], content: emptyFollowUp(), context: ctx, unitName: (c) => c, appendices: 1 });
    const m: ReportModel = { ...base, sections };
    const html = renderHtml(m);
    expect(html).toMatch(/<h2[^>]*>8 Bilagor<\/h2>\s*<ul class="appendices"><li><a href="\/api\/rounds\/7\/appendices\/1">Bilaga 1: Kommunstyrelsens plan med budget 2021<\/a>/);
    expect(html.match(/Bilaga 1: Kommunstyrelsens plan/g)).toHaveLength(1);
    expect(html).toMatch(/<nav [^>]*class="toc"[\s\S]*8 Bilagor[\s\S]*<\/nav>/);
    const document = await (await JSZip.loadAsync(await renderDocx(m))).file('word/document.xml')!.async('string');
    expect(document.match(/Bilaga 1: Kommunstyrelsens plan/g)).toHaveLength(1);
    const none = buildSections({ template: withChapter, tables: [], content: emptyFollowUp(), context: ctx, unitName: (c) => c, appendices: 0 });
    expect(none.map((s) => s.title)).not.toContain('Bilagor');
  });

  it('DOCX: real Word footnotes, numbered decision points, signature paragraphs, Dnr in the header, appendix hyperlink', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(model()));
    const document = await zip.file('word/document.xml')!.async('string');
    const footnotes = await zip.file('word/footnotes.xml')!.async('string');
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    const headers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/header\d*\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
    expect(document.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(2);
    expect(footnotes).toContain('Varav 73 mnkr gäller ändrade redovisningsregler för statsbidrag.');
    expect(footnotes).toContain('Prognos 2 pekade mot −25 mnkr.');
    expect(numbering).toContain('w:val="decimal"');
    const points = [...document.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:numPr>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].map((m) => m[0]).filter((p) => p.includes('Kommunstyrelsen fastställer') || p.includes('Årsberättelsen överlämnas'));
    expect(points).toHaveLength(2);
    expect(document).toMatch(/Peter Larsson<\/w:t>[\s\S]*?Kommundirektör tillika/);
    expect(points.some((p) => p.includes('Peter Larsson'))).toBe(false);
    expect(document).toContain('Dnr Ks 200/2022');
    expect(headers.some((h) => h.includes('Årsberättelse 2021 – Kommunstyrelsen · Dnr Ks 200/2022'))).toBe(true);
    expect(document).toContain('Bilaga 1: Kommunstyrelsens plan med budget 2021');
    expect(rels).toContain('Target="/api/rounds/7/appendices/1"');
  });

  const canPdf = existsSync(chromiumPath()) && spawnSync('pdftotext', ['-v']).status === 0;
  it.skipIf(!canPdf)('PDF: cover with Dnr, numbered points, signature and notes as text, Dnr in the running header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prognos-doc-'));
    try {
      const file = join(dir, 'r.pdf');
      writeFileSync(file, await renderPdf(model()));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Dnr Ks 200/2022');
      expect(text).toMatch(/Beslutad av Kommunstyrelsen den 8 mars 2022, § 42/);
      expect(text).toMatch(/1\.\s+Kommunstyrelsen fastställer årsberättelse 2021/);
      expect(text).toMatch(/2\.\s+Årsberättelsen överlämnas/);
      expect(text).toMatch(/Peter Larsson\s*\n\s*Kommundirektör tillika/);
      expect(text).toMatch(/1\.\s*Varav 73 mnkr gäller/);
      expect(text).not.toContain("↩");
      expect(text).toContain('Årsberättelse 2021 – Kommunstyrelsen · Dnr Ks 200/2022');
      expect(text).toContain('Bilaga 1: Kommunstyrelsens plan med budget 2021');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
