/**
 * The questions a forecast asks before it is saved: figures that are seldom meant as typed. Each
 * is a question, not a refusal — the person confirms and it is saved (issue 11: +45 000 on
 * personnel costs in a net-sign round showed +264 %; −45 000 000 tkr for a unit with a 90 mnkr
 * budget went through without a word). All amounts in ledger sign (cost positive), öre.
 */
export type EntryQuestionKind = 'sign' | 'plausibility';

export interface EntryQuestion {
  kind: EntryQuestionKind;
  /** Swedish, without the cell's name (the caller says which cell). */
  message: string;
}

export interface CellContext {
  forecastOre: bigint;
  budgetOre: bigint;
  actualToDateOre: bigint;
  lastYearClosingOre: bigint;
  /** |forecast| beyond this many times the larger of |budget| and |last year's closing| is asked about. */
  plausibilityMultiple: number;
  /** How the round shows amounts, for the message: the amount as the person typed it, in tkr. */
  shown: (ore: bigint) => string;
}

export const DEFAULT_PLAUSIBILITY_MULTIPLE = 3;

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const sign = (x: bigint): number => (x > 0n ? 1 : x < 0n ? -1 : 0);

export function entryQuestions(c: CellContext): EntryQuestion[] {
  const out: EntryQuestion[] = [];
  const f = sign(c.forecastOre);
  // The sign against budget and actual: both booked the other way (a cost typed as income).
  const b = sign(c.budgetOre);
  const a = sign(c.actualToDateOre);
  const against = [b, a].filter((s) => s !== 0);
  if (f !== 0 && against.length > 0 && against.every((s) => s === -f)) {
    out.push({
      kind: 'sign',
      message: `prognosen ${c.shown(c.forecastOre)} tkr har motsatt tecken mot ${b !== 0 && a !== 0 ? 'budget och utfall' : b !== 0 ? 'budgeten' : 'utfallet'} (${b !== 0 ? `budget ${c.shown(c.budgetOre)} tkr` : ''}${b !== 0 && a !== 0 ? ', ' : ''}${a !== 0 ? `utfall hittills ${c.shown(c.actualToDateOre)} tkr` : ''}). Är tecknet rätt?`,
    });
  }
  // Beyond a multiple of the budget and of last year: a slip of a key or of a unit (kr for tkr).
  const base = abs(c.budgetOre) > abs(c.lastYearClosingOre) ? abs(c.budgetOre) : abs(c.lastYearClosingOre);
  const k = BigInt(Math.max(1, Math.round(c.plausibilityMultiple * 100)));
  if (base > 0n && abs(c.forecastOre) * 100n > base * k) {
    out.push({
      kind: 'plausibility',
      message: `prognosen ${c.shown(c.forecastOre)} tkr är mer än ${String(c.plausibilityMultiple).replace('.', ',')} gånger så stor som budgeten (${c.shown(c.budgetOre)} tkr) och förra årets utfall (${c.shown(c.lastYearClosingOre)} tkr). Stämmer beloppet?`,
    });
  }
  return out;
}
