/**
 * The document parts of the DOCX rendering: narrative runs with real Word footnotes
 * (`FootnoteReferenceRun`, the notes in the footnotes part), the decision proposal (its points a
 * numbered list restarting at 1 in each proposal, the signatures as paragraphs of their own) and
 * the appendix documents as hyperlinks.
 */
import { AlignmentType, ExternalHyperlink, FootnoteReferenceRun, LevelFormat, Paragraph, TextRun } from 'docx';
import { fileSize } from '../html/document.ts';
import { inlineRuns } from '../inline.ts';
import type { Appendix, Block, Footnote } from '../model.ts';
import { swedishDate } from '../print.ts';

/** Removes what XML 1.0 cannot carry (control characters, lone surrogates); tabs become spaces. */
export function xmlSafe(s: string): string {
  return s
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** The document's footnotes: a section's note n gets a document-wide id when the section starts. */
export class WordNotes {
  readonly footnotes: Record<string, { children: Paragraph[] }> = {};
  private next = 1;
  /** Section note number → Word footnote id, of the section being written. */
  current = new Map<number, number>();

  startSection(notes: Footnote[] | undefined): void {
    this.current = new Map();
    for (const n of notes ?? []) {
      const id = this.next++;
      this.current.set(n.number, id);
      this.footnotes[String(id)] = { children: [new Paragraph({ children: inlineTextRuns(n.text) })] };
    }
  }
}

/** Narrative text with its **bold** and *italic* runs and its footnote marks, line breaks kept. */
export function inlineTextRuns(text: string, notes?: WordNotes): Array<TextRun | FootnoteReferenceRun> {
  const numbers = notes ? new Set(notes.current.keys()) : undefined;
  return inlineRuns(text, numbers).flatMap((r) =>
    r.note !== undefined && notes
      ? [new FootnoteReferenceRun(notes.current.get(r.note)!)]
      : xmlSafe(r.text)
          .split(/\r\n|\r|\n/)
          .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: r.bold, italics: r.italic })),
  );
}

export const DECISION_POINTS = 'prognos-beslutspunkter';

/** The numbering of decision points: "1.", "2.", … */
export const decisionNumbering = {
  reference: DECISION_POINTS,
  levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360, hanging: 360 } } } }],
};

/** "Förslag till beslut": proposer, numbered points (`instance`: restarts at 1), then the signatures. */
export function decisionParagraphs(b: Extract<Block, { type: 'decision' }>, instance: number, style: string, notes?: WordNotes): Paragraph[] {
  const out: Paragraph[] = [];
  if (b.proposer) out.push(new Paragraph({ style, children: inlineTextRuns(b.proposer, notes) }));
  for (const p of b.points) out.push(new Paragraph({ style, numbering: { reference: DECISION_POINTS, level: 0, instance }, children: inlineTextRuns(p, notes) }));
  b.signatures.forEach((s, i) => {
    const where = [s.place, s.date ? swedishDate(s.date) : ''].filter((x) => x).join(' ');
    const lines = [
      ...(where ? [new TextRun({ text: xmlSafe(where) })] : []),
      new TextRun({ text: xmlSafe(s.name), bold: true, break: where ? 1 : undefined }),
      ...(s.title ? [new TextRun({ text: xmlSafe(s.title), break: 1 })] : []),
    ];
    out.push(new Paragraph({ style, keepLines: true, spacing: { before: i === 0 ? 480 : 240 }, children: lines }));
  });
  return out;
}

/** "Bilagor": one hyperlink per appendix document. */
export function appendixParagraphs(appendices: Appendix[] | undefined, heading: Paragraph | null, style: string): Paragraph[] {
  if (!appendices?.length) return [];
  return [
    ...(heading ? [heading] : []),
    ...appendices.map(
      (a, i) =>
        new Paragraph({
          style,
          children: [
            new ExternalHyperlink({ link: a.href, children: [new TextRun({ text: xmlSafe(`Bilaga ${i + 1}: ${a.title}`), style: 'Hyperlink' })] }),
            new TextRun({ text: ` (PDF, ${fileSize(a.bytes)})` }),
          ],
        }),
    ),
  ];
}
