/**
 * The small, safe Markdown subset of narrative text: `**fet**` and `*kursiv*` inside a paragraph.
 * (Paragraphs and `- ` lists are blocks, made by the template builder.) Text is only split into
 * runs here — every renderer escapes each run for its own format, so no markup passes through.
 */
export interface Run {
  text: string;
  bold?: true;
  italic?: true;
}

/** `**x**` → bold, `*x*` → italic; unmatched markers stay as text. */
export function inlineRuns(text: string): Run[] {
  const runs: Run[] = [];
  const re = /\*\*([^*\n]+?)\*\*|\*([^*\s][^*\n]*?)\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) runs.push({ text: text.slice(last, at) });
    if (m[1] !== undefined) runs.push({ text: m[1], bold: true });
    else runs.push({ text: m[2]!, italic: true });
    last = at + m[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last) });
  return runs.length ? runs : [{ text }];
}
