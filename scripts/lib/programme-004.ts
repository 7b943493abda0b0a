/**
 * 004-01..03 (gen-demo-004.ts): the programme board's own activity. Its board total (fitted for
 * 004-04) is split into one RN2 unit per row of 004-01 (named as printed, coded in its order), and
 * the two purchase rows into the activities of 004-02 (LoV) and 004-03 (boende och personlig
 * assistans). Every cell starts at its printed value; the residual to the exact total above is
 * spread evenly (a few öre per cell, so every derived cell keeps its printed rounding). Where the
 * source's parts do not add up to the row above them (README cross-checks 004-A/B/C) the residual
 * would leave a cell's rounding interval; it then goes to the largest cell, whose print differs.
 */
export type PM = 'U' | 'BT' | 'F' | 'B' | 'P8' | 'P';
export const PMS: PM[] = ['U', 'BT', 'F', 'B', 'P8', 'P'];
export const PKEY: Record<PM, string> = { U: 'utfall_ack', BT: 'budget_ack', F: 'prognos', B: 'budget', P8: 'avv_ack_prev', P: 'avv_prev' };
const TKR = 100_000;

export interface PRow {
  id: string;
  name?: string;
  values: Record<string, number | null>;
}
export interface Part {
  code: string;
  name: string;
  values: Record<PM, number>;
}

/** Parts of `total` (öre per measure): printed values plus an even share of the residual. */
export function splitTotal(total: Record<PM, number>, rows: PRow[], codeOf: (i: number) => string): Part[] {
  const parts: Part[] = rows.map((r, i) => ({ code: codeOf(i), name: r.name!, values: {} as Record<PM, number> }));
  for (const m of PMS) {
    const printed = rows.map((r) => {
      const v = r.values[PKEY[m]];
      if (typeof v !== 'number') throw new Error(`${r.id} ${m}: no value`);
      return v * TKR;
    });
    const residual = total[m] - printed.reduce((s, x) => s + x, 0);
    // Only non-zero cells move (a printed 0 stays exactly 0: its percentages stay empty).
    const movable = printed.map((v, i) => [v, i] as const).filter(([v]) => v !== 0).map(([, i]) => i);
    const each = Math.trunc(residual / movable.length);
    const spread = Math.abs(each) <= 0.45 * TKR;
    printed.forEach((v, i) => (parts[i]!.values[m] = v));
    if (spread) {
      let rest = residual - each * movable.length;
      for (const i of movable) {
        parts[i]!.values[m] += each + (rest !== 0 ? Math.sign(rest) : 0);
        if (rest !== 0) rest -= Math.sign(rest);
      }
    } else {
      const largest = movable.reduce((a, i) => (Math.abs(printed[i]!) > Math.abs(printed[a]!) ? i : a), movable[0]!);
      parts[largest]!.values[m] += residual;
    }
  }
  return parts;
}
