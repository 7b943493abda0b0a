/**
 * The small, safe Markdown subset of narrative text: `**fet**` and `*kursiv*` inside a paragraph,
 * and footnote marks `[^n]` (numbers the template builder gave them, see `footnotes.ts`).
 * (Paragraphs and `- ` lists are blocks, made by the template builder.) Text is only split into
 * runs here — every renderer escapes each run for its own format, so no markup passes through.
 */
export interface Run {
  text: string;
  bold?: true;
  italic?: true;
  /** A footnote mark: the number of the section's footnote it refers to. */
  note?: number;
}

/** `**x**` → bold, `*x*` → italic, `[^n]` → a footnote mark when `notes` has n; unmatched markers stay as text. */
export function inlineRuns(text: string, notes?: ReadonlySet<number>): Run[] {
  const runs: Run[] = [];
  const re = /\*\*([^*\n]+?)\*\*|\*([^*\s][^*\n]*?)\*|\[\^(\d{1,4})\]/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (m[3] !== undefined && !notes?.has(Number(m[3]))) continue;
    if (at > last) runs.push({ text: text.slice(last, at) });
    if (m[1] !== undefined) runs.push({ text: m[1], bold: true });
    else if (m[2] !== undefined) runs.push({ text: m[2], italic: true });
    else runs.push({ text: m[3]!, note: Number(m[3]) });
    last = at + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs.length ? runs : [{ text }];
}
