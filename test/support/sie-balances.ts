/**
 * Writes the same postings as SIE 4 text in the ways real programs do: vouchers (#TRANS), or
 * period balances (#PSALDO/#PBUDGET) with object lists, either nested (the account total `{}`
 * plus one record per object combination, each the sum of all postings that have those
 * objects, as the spec reads it) or disjoint (one record per exact combination, `{}` only for
 * postings without objects). Tests compare what the parser makes of each with the postings.
 */

export interface Posting {
  month: number; // 1–12 of 2024
  account: string;
  unit: string; // '' = none
  activity: string;
  project: string;
  /** An object of a dimension Prognos does not map (e.g. employee, dimension 7), '' = none. */
  other: string;
  ore: number;
}

export const DIM_UNIT = 1;
export const DIM_ACTIVITY = 20;
export const DIM_PROJECT = 6;
export const DIM_OTHER = 7;

const kr = (ore: number): string => {
  const a = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};
const ym = (month: number): string => `2024${String(month).padStart(2, '0')}`;

type Dim = 'unit' | 'activity' | 'project' | 'other';
const DIMS: Array<[Dim, number]> = [
  ['unit', DIM_UNIT],
  ['activity', DIM_ACTIVITY],
  ['project', DIM_PROJECT],
  ['other', DIM_OTHER],
];

const objectList = (p: Posting, dims: readonly Dim[]): string =>
  `{${DIMS.filter(([d]) => dims.includes(d) && p[d] !== '')
    .map(([d, n]) => `${n} "${p[d]}"`)
    .join(' ')}}`;

export const SIE_HEADER = ['#FLAGGA 0', '#FORMAT PC8', '#SIETYP 3', '#PROGRAM "Test" 1.0', '#GEN 20240415', '#FNAMN "Testkommun"', '#RAR 0 20240101 20241231', '#DIM 1 "Ansvar"', '#DIM 6 "Projekt"', '#DIM 7 "Anställd"', '#DIM 20 "Verksamhet"'];

/** Every subset of `dims`. */
function subsets<T>(dims: readonly T[]): T[][] {
  return dims.reduce<T[][]>((acc, d) => [...acc, ...acc.map((s) => [...s, d])], [[]]);
}

/**
 * Nested period balances: for every subset of the dimensions (with `other` too when
 * `withOther`), one record per combination of objects, summing every posting that has them.
 */
export function nestedBalances(label: 'PSALDO' | 'PBUDGET', postings: readonly Posting[], withOther = false): string[] {
  const dims: Dim[] = withOther ? ['unit', 'activity', 'project', 'other'] : ['unit', 'activity', 'project'];
  const sums = new Map<string, number>();
  for (const s of subsets(dims)) {
    for (const p of postings) {
      if (s.some((d) => p[d] === '')) continue;
      const key = `#${label} 0 ${ym(p.month)} ${p.account} ${objectList(p, s)}`;
      sums.set(key, (sums.get(key) ?? 0) + p.ore);
    }
  }
  return [...sums].map(([k, v]) => `${k} ${kr(v)}`);
}

/** Disjoint period balances: one record per exact combination of a posting's objects. */
export function disjointBalances(label: 'PSALDO' | 'PBUDGET', postings: readonly Posting[]): string[] {
  const sums = new Map<string, number>();
  for (const p of postings) {
    const key = `#${label} 0 ${ym(p.month)} ${p.account} ${objectList(p, ['unit', 'activity', 'project', 'other'])}`;
    sums.set(key, (sums.get(key) ?? 0) + p.ore);
  }
  return [...sums].map(([k, v]) => `${k} ${kr(v)}`);
}

/** #RES of each account's year: what tells a disjoint file from a nested one. */
export function yearResults(postings: readonly Posting[]): string[] {
  const sums = new Map<string, number>();
  for (const p of postings) sums.set(p.account, (sums.get(p.account) ?? 0) + p.ore);
  return [...sums].map(([a, v]) => `#RES 0 ${a} ${kr(v)}`);
}

/** Each posting as a voucher balanced against account 1930 (no objects). */
export function vouchers(postings: readonly Posting[]): string[] {
  return postings.flatMap((p, i) => [
    `#VER A ${i + 1} ${ym(p.month)}15 "Test"`,
    '{',
    `#TRANS ${p.account} ${objectList(p, ['unit', 'activity', 'project', 'other'])} ${kr(p.ore)}`,
    `#TRANS 1930 {} ${kr(-p.ore)}`,
    '}',
  ]);
}

/** Sums per (month, account, unit, activity, project): the truth a parse must reproduce. */
export function truth(postings: readonly Posting[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of postings) {
    const k = [p.month, p.account, p.unit, p.activity, p.project].join('|');
    m.set(k, (m.get(k) ?? 0) + p.ore);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}
