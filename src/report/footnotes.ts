/**
 * Footnotes in narrative text, Markdown style: `[^källa]` marks a place in the text, a line
 * `[^källa]: Text of the note.` (anywhere in the narrative, on its own line) is the note. The
 * template builder numbers a section's notes 1, 2, … in the order they are first referred to and
 * rewrites each mark to `[^n]`; a note nothing refers to is still printed (after the others), a
 * mark without a note stays as typed.
 */
import type { Footnote } from './model.ts';

const DEFINITION = /^\s*\[\^([^\]\s]{1,40})\]:\s*(.+)$/;
const MARK = /\[\^([^\]\s]{1,40})\]/g;

/** The footnotes of one section, numbered as they are met. */
export class SectionNotes {
  private readonly numbers = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  /** Takes the definitions out of a narrative's text and numbers its marks; returns the text left. */
  take(text: string): string {
    const kept: string[] = [];
    for (const line of text.split('\n')) {
      const d = DEFINITION.exec(line);
      if (d) this.texts.set(d[1]!, d[2]!.trim());
      else kept.push(line);
    }
    return kept.join('\n');
  }

  /** Rewrites the marks of text with a note (taken before, from any narrative of the section) to `[^n]`. */
  mark(text: string): string {
    return text.replace(MARK, (all, label: string) => {
      if (!this.texts.has(label)) return all;
      let n = this.numbers.get(label);
      if (n === undefined) this.numbers.set(label, (n = this.numbers.size + 1));
      return `[^${n}]`;
    });
  }

  /** The notes in number order; notes never referred to follow. */
  list(): Footnote[] {
    for (const label of this.texts.keys()) if (!this.numbers.has(label)) this.numbers.set(label, this.numbers.size + 1);
    return [...this.numbers].map(([label, number]) => ({ number, text: this.texts.get(label)! })).sort((a, b) => a.number - b.number);
  }
}
