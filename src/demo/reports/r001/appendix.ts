/**
 * 001's appendix "Kommunstyrelsens plan med budget 2021" (chapter 8 Bilagor). The plan itself is
 * not in the reference material, so the demo attaches a stand-in PDF that says so; it is made
 * here, with fixed dates so that every run attaches the same bytes.
 */
import type { DemoAppendix } from '../types.ts';

const FIXED_DATE = new Date('2021-02-15T00:00:00Z');

async function standInPdf(): Promise<Uint8Array> {
  // pdf-lib only when the demo attaches the appendix (the CLI loads what a command needs).
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Kommunstyrelsens plan med budget 2021');
  doc.setLanguage('sv-SE');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  doc.setProducer('Prognos demo');
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Kommunstyrelsens plan med budget 2021', { x: 56, y: 770, size: 18, font: bold });
  const lines = [
    'Bilaga till Kommunstyrelsens årsberättelse 2021 (demon).',
    '',
    'Planen med budget ingår inte i referensmaterialet. Demon bifogar',
    'denna ersättningssida för att visa hur en bilaga läggs sist i',
    'rapportens PDF, med ett eget bokmärke och sidhänvisning i',
    'avsnittet Bilagor.',
  ];
  lines.forEach((line, i) => page.drawText(line, { x: 56, y: 730 - i * 18, size: 11, font: regular }));
  return doc.save({ useObjectStreams: false });
}

export const BUDGET_PLAN_001: DemoAppendix = {
  title: 'Kommunstyrelsens plan med budget 2021',
  fileName: 'kommunstyrelsens-plan-med-budget-2021.pdf',
  content: standInPdf,
};
