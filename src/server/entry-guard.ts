/**
 * The entry guards of a forecast cell, on the server where the save is decided: the amount typed
 * is read with `core/entry` ("12.500" is asked back), and a sign against budget and actual or a
 * figure beyond the round's plausibility multiple is a question the person must confirm. Every
 * message names the cell in plain Swedish.
 */
import { SIGNS } from '../core/compute/index.ts';
import { ACCOUNT_GROUPS, type AccountGroup, type OrgTree } from '../core/domain/index.ts';
import { DEFAULT_PLAUSIBILITY_MULTIPLE, entryQuestions, parseAmountTkr, type EntryQuestionKind } from '../core/entry/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { formatInteger } from '../core/format/index.ts';
import { toUnit } from '../core/money/index.ts';
import type { SqlClient } from '../store/index.ts';
import type { RoundRecord } from '../store/rounds.ts';
import { unitLines } from './forecast.ts';

export interface CellRef {
  unitCode: string;
  unitName: string;
  group: AccountGroup;
  activity: string;
}

export const cellName = (c: CellRef): string => `${ACCOUNT_GROUPS[c.group]} (${c.group})${c.activity ? `, verksamhet ${c.activity}` : ''} för ${c.unitCode} ${c.unitName}`;

/** The amount of a save in the round's sign: `amountText` as typed, else `amountOre`. */
export function amountOf(cell: CellRef, body: { amountOre?: number | null | undefined; amountText?: string | undefined }): bigint | null {
  if (body.amountText === undefined) return body.amountOre === null || body.amountOre === undefined ? null : BigInt(body.amountOre);
  const r = parseAmountTkr(body.amountText);
  if (r.ok) return r.ore;
  throw new PrognosError('BAD_INPUT', `${cellName(cell)}: ${r.message}`, { field: 'amount' }, { details: { question: r.reason } });
}

/** Refuses (400, field `amount`, `needsConfirmation`) a forecast that asks a question not confirmed. */
export async function guardCell(db: SqlClient, round: RoundRecord, tree: OrgTree, cell: CellRef, ledgerOre: bigint | null, confirmed: readonly EntryQuestionKind[]): Promise<void> {
  if (ledgerOre === null) return;
  const line = (await unitLines(db, round, tree, cell.unitCode)).find((l) => l.figures.group === cell.group && l.figures.activity === cell.activity);
  if (!line) return;
  const sign = SIGNS[round.reportOptions.sign];
  const questions = entryQuestions({
    forecastOre: ledgerOre,
    budgetOre: line.figures.current.budget,
    actualToDateOre: line.figures.current.actualYtd,
    lastYearClosingOre: line.figures.lastYearClosing,
    plausibilityMultiple: round.reportOptions.plausibilityMultiple ?? DEFAULT_PLAUSIBILITY_MULTIPLE,
    shown: (x) => formatInteger(toUnit({ num: sign.present(x), den: 1n })),
  }).filter((q) => !confirmed.includes(q.kind));
  if (questions.length === 0) return;
  throw new PrognosError('BAD_INPUT', `${cellName(cell)}: ${questions.map((q) => q.message).join(' ')}`, { field: 'amount' }, {
    details: { needsConfirmation: questions.map((q) => q.kind), questions: questions.map((q) => q.message) },
  });
}
