/**
 * The document parts of the HTML rendering: narrative text with footnote marks, the footnotes
 * at the end of a section, the decision proposal (numbered points as an ordered list, the
 * signatures as a block of their own) and the list of appendix documents with their links.
 */
import { inlineRuns } from '../inline.ts';
import type { Appendix, Block, Footnote } from '../model.ts';
import { swedishDate } from '../print.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export const DOCUMENT_CSS = `
sup.fn-ref a { text-decoration: none; }
.footnotes { margin-top: 1.25rem; border-top: 1px solid #8c8c8c; padding-top: .4rem; font-size: .85rem; }
.footnotes ol { margin: 0; padding-left: 1.5rem; }
.decision ol.points { padding-left: 1.5rem; }
.decision ol.points li { margin: .35rem 0; }
.signatures { display: flex; flex-wrap: wrap; gap: 1.5rem 3rem; margin-top: 1.5rem; }
.signature p { margin: 0; }
.signature .name { font-weight: 600; }
.appendices li { margin: .25rem 0; }
@media print {
  .footnotes { font-size: 8.5pt; break-inside: avoid; }
  .fn-back { display: none; }
  .signatures { break-inside: avoid; margin-top: 12mm; }
  .appendices a::after { content: " (" attr(href) ")"; font-size: 8pt; color: #404040; }
}`;

/** Where a section's notes are found: `fn-<section id>-<n>`, their marks `fnref-<section id>-<n>`. */
export interface NoteContext {
  section: string;
  numbers: ReadonlySet<number>;
}

/** Narrative text with its **bold**, *italic* and footnote marks; every run escaped. */
export function inlineHtml(text: string, notes?: NoteContext): string {
  return inlineRuns(text, notes?.numbers)
    .map((r) => {
      if (r.note !== undefined && notes) {
        const id = `${notes.section}-${r.note}`;
        return `<sup class="fn-ref"><a href="#fn-${esc(id)}" id="fnref-${esc(id)}" aria-label="Fotnot ${r.note}">${r.note}</a></sup>`;
      }
      return r.bold ? `<strong>${esc(r.text)}</strong>` : r.italic ? `<em>${esc(r.text)}</em>` : esc(r.text);
    })
    .join('');
}

/** The notes at the end of a section, each linked back to its mark. */
export function renderFootnotes(notes: Footnote[] | undefined, section: string): string {
  if (!notes?.length) return '';
  const items = notes.map((n) => {
    const id = `${section}-${n.number}`;
    return `<li id="fn-${esc(id)}" value="${n.number}">${inlineHtml(n.text)} <a href="#fnref-${esc(id)}" class="fn-back" aria-label="Tillbaka till texten">↩</a></li>`;
  });
  return `<aside class="footnotes" aria-label="Fotnoter"><ol>${items.join('')}</ol></aside>`;
}

/** "Förslag till beslut": who proposes, the decision points as an ordered list, the signatures apart. */
export function renderDecision(b: Extract<Block, { type: 'decision' }>, notes?: NoteContext): string {
  const proposer = b.proposer ? `<p class="proposer">${inlineHtml(b.proposer, notes)}</p>` : '';
  const points = `<ol class="points">${b.points.map((p) => `<li>${inlineHtml(p, notes)}</li>`).join('')}</ol>`;
  const signatures = b.signatures.length
    ? `<div class="signatures">${b.signatures
        .map((s) => {
          const where = [s.place, s.date ? swedishDate(s.date) : ''].filter((x) => x).join(' ');
          return `<div class="signature">${where ? `<p class="place-date">${esc(where)}</p>` : ''}<p class="name">${esc(s.name)}</p>${s.title ? `<p class="title">${esc(s.title)}</p>` : ''}</div>`;
        })
        .join('')}</div>`
    : '';
  return `<div class="decision">${proposer}${points}${signatures}</div>`;
}

/** Size as people read it: "1,2 MB", "340 kB". */
export function fileSize(bytes: number): string {
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1000))} kB`;
}

/**
 * The appendix documents as a section of links (after the chapters). In a PDF they are appended
 * to, an appendix is named with the page it starts on instead of a link to the server.
 */
export function renderAppendices(appendices: Appendix[] | undefined, id: string, pages?: ReadonlyMap<number, number>): string {
  if (!appendices?.length) return '';
  return `<section id="${esc(id)}" class="level-1 appendices">\n<h2>Bilagor</h2>\n${appendixList(appendices, pages)}\n</section>`;
}

/** The list of appendices, in a chapter of the template's (`{ appendices: true }`) or the section after the chapters. */
export function appendixList(appendices: Appendix[] | undefined, pages?: ReadonlyMap<number, number>): string {
  if (!appendices?.length) return '';
  const items = appendices.map((a, i) => {
    const name = `Bilaga ${i + 1}: ${esc(a.title)}`;
    const start = pages?.get(a.id);
    return start !== undefined ? `<li>${name}, från sidan ${start}</li>` : `<li><a href="${esc(a.href)}">${name}</a> (PDF, ${fileSize(a.bytes)})</li>`;
  });
  return `<ul class="appendices">${items.join('')}</ul>`;
}
