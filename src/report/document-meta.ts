/**
 * The document metadata of a report, merged: the template's `document` field, then the round's
 * own metadata, then the decision given on the command line (`prognos report --decided-by …`),
 * each overriding the one before field by field. Empty texts count as not set.
 */
import type { ReportDecision } from './model.ts';
import type { DocumentSpec } from './template-document.ts';

export type { DocumentSpec } from './template-document.ts';

const set = (s: string | undefined): string | undefined => (s && s.trim() !== '' ? s.trim() : undefined);

export function documentDecision(
  template: DocumentSpec | undefined,
  round: DocumentSpec | undefined,
  given: ReportDecision | undefined,
  fill: (text: string) => string,
): { title?: string; decision?: ReportDecision } {
  const pick = (k: keyof DocumentSpec): string | undefined => set(round?.[k]) ?? set(template?.[k]);
  const by = set(given?.by) ?? pick('decidedBy');
  const date = set(given?.date) ?? pick('decidedOn');
  const paragraph = set(given?.paragraph) ?? pick('paragraph');
  const diaryNumber = set(given?.diaryNumber) ?? pick('diaryNumber');
  const title = pick('title');
  const decision: ReportDecision = {
    ...(by ? { by: fill(by) } : {}),
    ...(date ? { date } : {}),
    ...(paragraph ? { paragraph: /^§/.test(paragraph) ? paragraph : `§ ${paragraph}` } : {}),
    ...(diaryNumber ? { diaryNumber } : {}),
  };
  return { ...(title ? { title: fill(title) } : {}), ...(Object.keys(decision).length ? { decision } : {}) };
}
