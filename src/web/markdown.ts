/**
 * The preview of a narrative text, as the report reads it: paragraphs separated by an empty
 * line, a paragraph whose every line starts with "- " (or "• ") is a list, `**fet**` and
 * `*kursiv*` inside. Everything else is text: each run is escaped, no markup passes through.
 * Shared by the server-rendered page and the browser module (live preview).
 *
 * `report/inline.ts` is imported directly (not through `report/index.ts`): it is a pure leaf
 * module, and the browser bundle must not pull in the report renderers.
 */
import { inlineRuns } from '../report/inline.ts';
import { escapeHtml } from './html.ts';

export type PreviewBlock = { type: 'paragraph'; text: string } | { type: 'list'; items: string[] };

/** The same split as the report template's. */
export function previewBlocks(text: string): PreviewBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p): PreviewBlock => {
      const lines = p.split('\n');
      return lines.every((l) => /^\s*[-•]\s+/.test(l))
        ? { type: 'list', items: lines.map((l) => l.replace(/^\s*[-•]\s+/, '')) }
        : { type: 'paragraph', text: p };
    });
}

function inline(text: string): string {
  return inlineRuns(text)
    .map((r) => {
      const t = escapeHtml(r.text).replace(/\n/g, '<br>');
      return r.bold ? `<strong>${t}</strong>` : r.italic ? `<em>${t}</em>` : t;
    })
    .join('');
}

/** Escaped HTML of the preview ('' for an empty text). */
export function previewHtml(text: string): string {
  return previewBlocks(text)
    .map((b) => (b.type === 'list' ? `<ul>${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</ul>` : `<p>${inline(b.text)}</p>`))
    .join('\n');
}
