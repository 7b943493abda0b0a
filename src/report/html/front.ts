/**
 * The front matter of the HTML rendering: the cover (logo, municipality, board, title, period,
 * the decision when known) and the table of contents, whose entries carry the page numbers of
 * the PDF when the PDF renderer has found them (a slot of fixed width otherwise, so filling the
 * numbers in does not move anything).
 */
import type { ReportModel, Section } from '../model.ts';
import { decisionText, diaryText, logoImage, organisationTitle } from '../print.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const FRONT_CSS = `
.cover { border-top: 6px solid #1f4e79; padding-top: 1.25rem; margin-bottom: 2rem; }
.cover .logo { display: block; max-height: 4.5rem; max-width: 16rem; margin: 0 0 1rem; }
.cover .organisation { margin: 0 0 .2rem; font-size: 1.05rem; font-weight: 600; color: #1f4e79; letter-spacing: .02em; }
.cover .board { margin: 0 0 .8rem; font-size: 1rem; color: #404040; }
.cover .meta { margin: .2rem 0; color: #404040; }
.cover .decision { margin: 1rem 0 .2rem; font-weight: 600; }
nav.toc .toc-page { display: none; }
@media print {
  .cover { break-after: page; border-top-width: 8pt; padding-top: 30mm; min-height: 200mm; }
  .cover .logo { max-height: 22mm; max-width: 70mm; margin-bottom: 14mm; }
  .cover .organisation { font-size: 14pt; }
  .cover .board { font-size: 12pt; margin-bottom: 10mm; }
  .cover h1 { font-size: 26pt; margin-bottom: 8mm; }
  .cover .decision { margin-top: 14mm; font-size: 11pt; }
  nav.toc { break-after: page; margin-top: 0; }
  nav.toc li { break-inside: avoid; }
  nav.toc a { display: flex; align-items: baseline; gap: .4em; }
  nav.toc .toc-label { flex: 0 1 auto; }
  nav.toc .toc-leader { flex: 1 1 auto; border-bottom: 1pt dotted #8c8c8c; min-width: 1em; }
  nav.toc .toc-page { display: inline-block; flex: 0 0 auto; width: 2.5em; text-align: right; font-variant-numeric: tabular-nums; }
}`;

export function renderCover(model: ReportModel): string {
  const r = model.report;
  const logo = logoImage(r);
  const organisation = organisationTitle(r);
  const decision = decisionText(r);
  const lines = [
    logo ? `<img class="logo" src="${esc(logo.uri)}" alt="${esc(organisation ? `${organisation}s logotyp` : 'Logotyp')}">` : '',
    organisation && !r.title.includes(organisation) ? `<p class="organisation">${esc(organisation)}</p>` : '',
    !r.title.includes(r.scope.name) ? `<p class="board">${esc(r.scope.name)}</p>` : '',
    `<h1>${esc(r.title)}</h1>`,
    `<p class="meta">${esc(r.periodText)}.</p>`,
    `<p class="meta">Belopp i tkr${r.sign === 'net' ? ', intäkter positiva och kostnader negativa' : ', kostnader positiva'}; positiv avvikelse är bättre än budget.</p>`,
    decision ? `<p class="decision">${esc(decision)}</p>` : '',
    diaryText(r) ? `<p class="meta diary">${esc(diaryText(r)!)}</p>` : '',
  ];
  return `<header class="cover title-block">\n${lines.filter((l) => l).join('\n')}\n</header>`;
}

/** The contents: a link per section; `pages` maps a section's element id to its PDF page. */
export function renderToc(sections: Section[], ids: string[], pages?: ReadonlyMap<string, number>): string {
  if (!sections.length) return '';
  const items = sections.map((s, i) => {
    const id = ids[i]!;
    const page = pages?.get(id);
    const label = s.number ? `${s.number} ${s.title}` : s.title;
    return `<li class="toc-${s.level}"><a href="#${esc(id)}"><span class="toc-label">${esc(label)}</span><span class="toc-leader" aria-hidden="true"></span><span class="toc-page">${page ?? ''}</span></a></li>`;
  });
  return `<nav aria-labelledby="toc-heading" class="toc"><h2 id="toc-heading">Innehåll</h2><ol>${items.join('')}</ol></nav>`;
}
