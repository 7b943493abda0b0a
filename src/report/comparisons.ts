/**
 * Comparisons between rounds as inline facts in narrative text (the decision text included):
 * a writer types a token and the report prints the figure in Swedish, its sign word chosen
 * from the sign of the difference.
 *
 * - `{jämförelse:P1}` — change of the year's result since round P1 (any round name of the board
 *   and year): "förbättring 15,3 mnkr sedan prognos 1".
 * - `{jämförelse:prognos}` — the year's result against the last forecast round before this one
 *   (in a year-end round: the closing against the last forecast): "3,2 mnkr bättre än prognos 2".
 * - `{jämförelse:bokslut}` — the year's net cost against last year's closing:
 *   "försämring 4,0 mnkr mot bokslut 2020".
 *
 * The year's result is the board's operating net (account groups except investments, ledger
 * sign: cost positive) — in a year-end round the actual closing, else the round's forecast. Both
 * sides of a round comparison have the same budget, so a lower net cost is a better result. Sums
 * are exact öre; the difference is rounded once, to a tenth of a mnkr, half away from zero.
 */
import { formatDecimal } from '../core/format/index.ts';
import { divRoundHalfAwayFromZero } from '../core/money/index.ts';
import type { SqlClient } from '../store/adapters/types.ts';

export const COMPARISON_TOKEN = /\{jämförelse:([A-Za-z0-9_-]{1,20})\}/g;

export const hasComparison = (text: string): boolean => /\{jämförelse:/.test(text);

/** Tenths of a mnkr, rounded once from öre, printed with a decimal comma ("15,3"). */
export function mnkrText(ore: bigint): string {
  const tenths = divRoundHalfAwayFromZero(ore < 0n ? -ore : ore, 10_000_000n);
  return formatDecimal(Number(tenths) / 10, 1);
}

/** "P1" → "prognos 1"; another name stays as it is. */
export const roundWords = (name: string): string => {
  const n = /^P(\d+)$/i.exec(name)?.[1];
  return n ? `prognos ${n}` : name;
};

/** Change of the result from `then` to `now` (net cost, öre): less net cost is a better result. */
export function sinceText(nowNet: bigint, thenNet: bigint, round: string): string {
  const better = thenNet - nowNet;
  if (better === 0n) return `oförändrat sedan ${roundWords(round)}`;
  return `${better > 0n ? 'förbättring' : 'försämring'} ${mnkrText(better)} mnkr sedan ${roundWords(round)}`;
}

export function againstForecastText(nowNet: bigint, forecastNet: bigint, round: string): string {
  const better = forecastNet - nowNet;
  if (better === 0n) return `samma som ${roundWords(round)}`;
  return `${mnkrText(better)} mnkr ${better > 0n ? 'bättre' : 'sämre'} än ${roundWords(round)}`;
}

export function againstClosingText(nowNet: bigint, closingNet: bigint, prevYear: number): string {
  const better = closingNet - nowNet;
  if (better === 0n) return `oförändrat mot bokslut ${prevYear}`;
  return `${better > 0n ? 'förbättring' : 'försämring'} ${mnkrText(better)} mnkr mot bokslut ${prevYear}`;
}

export interface ComparisonScope {
  orgId: string;
  board: string;
  year: number;
  /** The report's round (name) and whether its figures are the actual closing. */
  round: string;
  yearEnd: boolean;
  /** The scenario of the report's forecasts (its round's own). */
  scenario: string;
  /** The board and every unit below it. */
  units: readonly string[];
}

interface RoundRow {
  id: number;
  name: string;
  period: number;
  kind: string;
}

/** Every comparison token of the texts, resolved: token → printed text. */
export async function comparisonFacts(db: SqlClient, s: ComparisonScope, texts: readonly string[]): Promise<Map<string, string>> {
  const asked = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(COMPARISON_TOKEN)) asked.add(m[1]!);
  const out = new Map<string, string>();
  if (asked.size === 0) return out;
  const rounds = (
    await db.query<Record<string, unknown>>('SELECT id, name, period, kind FROM followup_round WHERE org_id = $1 AND board = $2 AND year = $3 ORDER BY period, id', [
      s.orgId,
      s.board,
      s.year,
    ])
  ).map((r): RoundRow => ({ id: Number(r.id), name: String(r.name), period: Number(r.period), kind: String(r.kind) }));
  const scenarioOf = (name: string): string => {
    const r = rounds.find((x) => x.name === name);
    return r ? `forecast:round:${r.id}` : `forecast:${name}`;
  };
  const current = rounds.find((x) => x.name === s.round);
  const lastForecast = rounds.filter((x) => x.kind === 'forecast' && x.name !== s.round && (!current || x.period <= current.period) && (!current || x.id !== current.id)).at(-1);
  const wanted = new Map<string, string>();
  for (const a of asked) if (a !== 'prognos' && a !== 'bokslut') wanted.set(a, scenarioOf(a));
  if (lastForecast) wanted.set(lastForecast.name, scenarioOf(lastForecast.name));
  const sums = await netSums(db, s, [...new Set(wanted.values())]);
  const now = s.yearEnd ? sums.get(`actual:${s.year}`) : sums.get(`${s.scenario}:${s.year}`);
  const missing = (what: string): string => `[jämförelse saknas: ${what}]`;
  for (const a of asked) {
    const token = `{jämförelse:${a}}`;
    if (now === undefined) {
      out.set(token, missing(s.yearEnd ? `inget utfall ${s.year}` : `ingen prognos i ${s.round} ${s.year}`));
      continue;
    }
    if (a === 'bokslut') {
      const closing = sums.get(`actual:${s.year - 1}`);
      out.set(token, closing === undefined ? missing(`inget bokslut ${s.year - 1}`) : againstClosingText(now, closing, s.year - 1));
    } else if (a === 'prognos') {
      const f = lastForecast ? sums.get(`${scenarioOf(lastForecast.name)}:${s.year}`) : undefined;
      out.set(token, !lastForecast ? missing(`ingen tidigare prognosomgång ${s.year}`) : f === undefined ? missing(`${lastForecast.name} ${s.year} har ingen prognos`) : againstForecastText(now, f, lastForecast.name));
    } else {
      const f = sums.get(`${scenarioOf(a)}:${s.year}`);
      out.set(token, f === undefined ? missing(`ingen prognos ${a} ${s.year}`) : sinceText(now, f, a));
    }
  }
  return out;
}

/** Operating net (no investments) of the scope, öre, per `scenario:year`: actual of the year and the year before, the named forecasts of the year. */
async function netSums(db: SqlClient, s: ComparisonScope, forecasts: readonly string[]): Promise<Map<string, bigint>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT a.scenario, a.year, sum(a.amount_ore) AS s
       FROM amount_summary a
      WHERE a.org_id = $1 AND a.unit = ANY($2::text[]) AND a.account_group <> 'I'
        AND ((a.scenario = 'actual' AND a.year IN ($3, $3 - 1)) OR (a.year = $3 AND (a.scenario = $4 OR a.scenario = ANY($5::text[]))))
      GROUP BY a.scenario, a.year`,
    [s.orgId, [...s.units], s.year, s.scenario, [...forecasts]],
  );
  return new Map(rows.map((r) => [`${String(r.scenario)}:${Number(r.year)}`, BigInt(String(r.s ?? 0))] as const));
}

/** The text with every comparison token replaced by its printed fact. */
export const fillComparisons = (text: string, facts: ReadonlyMap<string, string>): string =>
  text.replace(COMPARISON_TOKEN, (t) => facts.get(t) ?? t);
