/**
 * Writes reference report 000's ledger (src/demo/reports/r000/data): Kommunstyrelsen 2018–2019,
 * exact öre values fitted (scripts/lib/ledger-fit.ts) so that every printed cell of 000-01 … 000-07
 * rounds to what 000 prints — except the source's own documented errors (test/reference-tables/r000.ts).
 *
 * Per leaf unit u the fit has, in the report's net sign (income positive): C closing 2018, P actual
 * 2018 jan–apr, A actual 2019 jan–apr, B budget 2019, T budget jan–apr 2019, F forecast P1 2019; per
 * ÖKA account group the same C, A, B, F; per investment unit C, A, B, carryover O, F.
 * Ber prognos (method remaining_budget) = A + B − T.
 *
 *   npx tsx scripts/gen-demo-000.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvField, formatKronor, solveLP, split, tkrInterval, transport, type LPRow } from './lib/ledger-fit.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIX = path.resolve(ROOT, '..', 'shared', 'fixtures', 'reference-tables');
const OUT = path.join(ROOT, 'src', 'demo', 'reports', 'r000', 'data');

interface FxRow { code?: string | null; name: string; values: Record<string, number | null> }
interface Fx { rows: FxRow[]; total: { values: Record<string, number | null> } }
const fx = (f: string): Fx => JSON.parse(readFileSync(path.join(FIX, f), 'utf8')) as Fx;
const F01 = fx('000-01-nettoredovisning.json');
const F02 = fx('000-02-okg-kommungemensamt-rn5.json');
const F03 = fx('000-03-oka-ksf-rn3.json');
const F04 = fx('000-04-ore-revisionsnamnd.json');
const F05 = fx('000-05-ova-valnamnd.json');
const F06 = fx('000-06-oka-ksf-kontogrupp.json');
const F07 = fx('000-07-investeringar.json');
const row01 = (name: string): Record<string, number | null> => F01.rows.find((r) => r.name === name)!.values;

// ---- LP variables ---------------------------------------------------------------------------
const WIDE = 1e12;
const lb: number[] = [];
const ub: number[] = [];
const names: string[] = [];
function variable(name: string, printed?: number | null): number {
  const [lo, hi] = printed === undefined || printed === null ? [-WIDE, WIDE] : tkrInterval(printed);
  lb.push(lo), ub.push(hi), names.push(name);
  return lb.length - 1;
}
const rows: LPRow[] = [];
type Term = [number, number];
function within(terms: Term[], printed: number): void {
  const [lo, hi] = tkrInterval(printed);
  rows.push({ idx: terms.map((t) => t[0]), val: terms.map((t) => t[1]), lo, hi });
}
function equal(terms: Term[]): void {
  rows.push({ idx: terms.map((t) => t[0]), val: terms.map((t) => t[1]), lo: 0, hi: 0 });
}

const M = ['C', 'P', 'A', 'B', 'T', 'F'] as const;
type Measure = (typeof M)[number];
const unitVars = new Map<string, Record<Measure, number>>();
function unit(code: string, printed: Partial<Record<Measure, number | null>>): Record<Measure, number> {
  const v = Object.fromEntries(M.map((m) => [m, variable(`${code}.${m}`, printed[m])])) as Record<Measure, number>;
  unitVars.set(code, v);
  return v;
}
const sum = (codes: string[], m: Measure, k = 1): Term[] => codes.map((c) => [unitVars.get(c)![m], k]);

// RN5 units of ÖKG and RN3 units of ÖKA: C, A, B printed; Ber = A + B − T; avv = F − B.
function detailed(f: Fx): string[] {
  for (const r of f.rows) {
    const v = unit(r.code!, { C: r.values.bokslut_prev, A: r.values.utfall_ack, B: r.values.budget });
    within([[v.A, 1], [v.B, 1], [v.T, -1]], r.values.prognos_ber!);
    within([[v.F, 1], [v.B, -1]], r.values.avv_prognos_budget!);
  }
  const codes = f.rows.map((r) => r.code!);
  const t = f.total.values;
  within(sum(codes, 'C'), t.bokslut_prev!);
  within(sum(codes, 'A'), t.utfall_ack!);
  within(sum(codes, 'B'), t.budget!);
  within([...sum(codes, 'A'), ...sum(codes, 'B'), ...sum(codes, 'T', -1)], t.prognos_ber!);
  within([...sum(codes, 'F'), ...sum(codes, 'B', -1)], t.avv_prognos_budget!);
  return codes;
}
const KG = detailed(F02);
const KA = detailed(F03);
const KG_OPERATING = KG.filter((c) => c !== 'KGST');

// Politisk kommunledning: one unit, 000-01's row.
const pol = row01('Politisk kommunledning');
unit('ÖKP', { P: pol.utfall_prev_period, C: pol.bokslut_prev, A: pol.utfall_ack, B: pol.budget, F: pol.prognos });
within([[unitVars.get('ÖKP')!.F, 1], [unitVars.get('ÖKP')!.B, -1]], pol.avv_prognos_budget!);

// Revisionsnämnd, Valnämnd: 000-04/000-05 (outside 000-01's total).
for (const [code, f] of [['ÖRE', F04], ['ÖVA', F05]] as const) {
  const r = f.rows[0]!.values;
  const v = unit(code, { C: r.bokslut_prev, A: r.utfall_ack, B: r.budget, F: r.prognos });
  within([[v.F, 1], [v.B, -1]], r.avv_prognos_budget!);
  within([[v.T, 3], [v.B, -1]], 0); // a budget to date of a third of the year
  within([[v.P, 3], [v.C, -1]], 0); // and last year's jan–apr likewise
}

// 000-01: the rows Kommungemensamt (ÖKG without KGST), statsbidrag (KGST), Kommunstyrelseförvaltningen.
const KEYS01: Array<[string, Measure]> = [['utfall_prev_period', 'P'], ['utfall_ack', 'A'], ['bokslut_prev', 'C'], ['budget', 'B']];
for (const [name, codes] of [['Kommungemensamt', KG_OPERATING], ['statsbidrag', ['KGST']], ['Kommunstyrelseförvaltningen', KA]] as const) {
  const r = row01(name);
  for (const [k, m] of KEYS01) within(sum([...codes], m), r[k]!);
  // Kommunstyrelseförvaltningen's forecast is its departments' (000-03/000-06), not 000-01's (README §6.4).
  if (name !== 'Kommunstyrelseförvaltningen') {
    within(sum([...codes], 'F'), r.prognos!);
    within([...sum([...codes], 'F'), ...sum([...codes], 'B', -1)], r.avv_prognos_budget!);
  }
}
// The memo row: Myndighetsavdelningen samt centralt skolstöd.
const memo = F01.rows.find((r) => r.name.startsWith('varav'))!.values;
for (const [k, m] of [...KEYS01, ['prognos', 'F']] as Array<[string, Measure]>) within(sum(['KMY', 'KCS'], m), memo[k]!);
within([...sum(['KMY', 'KCS'], 'F'), ...sum(['KMY', 'KCS'], 'B', -1)], memo.avv_prognos_budget!);
// Nettokostnad: the sum of the four rows (the printed total is wrong in four columns, README §6.1).
const NET = [...KG, 'ÖKP', ...KA];
within(sum(NET, 'A'), F01.total.values.utfall_ack!);
within(sum(NET, 'P'), -118721);
within(sum(NET, 'C'), -521269);
within(sum(NET, 'B'), -524897);
within(sum(NET, 'F'), -589216);

// 000-06: ÖKA per account group; the groups add up to the departments exactly.
const GROUPS = F06.rows.map((r) => r.code!);
const groupVars = new Map<string, Record<'C' | 'A' | 'B' | 'F', number>>();
for (const r of F06.rows) {
  const v = { C: variable(`g${r.code}.C`, r.values.bokslut_prev), A: variable(`g${r.code}.A`, r.values.utfall_ack), B: variable(`g${r.code}.B`, r.values.budget), F: variable(`g${r.code}.F`, r.values.prognos) };
  within([[v.F, 1], [v.B, -1]], r.values.avv_prognos_budget!);
  groupVars.set(r.code!, v);
}
for (const m of ['C', 'A', 'B', 'F'] as const) equal([...GROUPS.map((g): Term => [groupVars.get(g)![m], 1]), ...sum(KA, m, -1)]);
within(sum(KA, 'F'), F06.total.values.prognos!);

// 000-07: investments per department.
const INV = F07.rows.map((r) => r.code!);
const invVars = new Map<string, Record<'C' | 'A' | 'B' | 'O' | 'F', number>>();
for (const r of F07.rows) {
  const x = r.values;
  const v = { C: variable(`i${r.code}.C`, x.bokslut_prev), A: variable(`i${r.code}.A`, x.utfall_ack), B: variable(`i${r.code}.B`, x.budget), O: variable(`i${r.code}.O`, x.overfort ?? 0), F: variable(`i${r.code}.F`, x.prognos) };
  within([[v.B, 1], [v.O, 1]], x.budget_incl_overfort!);
  within([[v.F, 1], [v.B, -1], [v.O, -1]], x.avv_prognos_budget!);
  invVars.set(r.code!, v);
}
const isum = (m: 'C' | 'A' | 'B' | 'O' | 'F', k = 1): Term[] => INV.map((c) => [invVars.get(c)![m], k]);
const it = F07.total.values;
within(isum('C'), it.bokslut_prev!);
within(isum('A'), it.utfall_ack!);
within(isum('B'), it.budget!);
within(isum('O'), it.overfort!);
within([...isum('B'), ...isum('O')], it.budget_incl_overfort!);
within(isum('F'), it.prognos!);
within([...isum('F'), ...isum('B', -1), ...isum('O', -1)], it.avv_prognos_budget!);


// ---- Solve ------------------------------------------------------------------------------------
// Free variables are bounded around zero so the simplex has finite boxes.
for (let i = 0; i < lb.length; i++) if (lb[i] === -WIDE) (lb[i] = -1e11), (ub[i] = 1e11);
// The simplex's vertex may be fractional: fit inside intervals narrowed by a margin, round, check the true ones.
const MARGIN = 40;
const narrowed = rows.map((r) => ({ ...r, lo: r.lo === r.hi ? r.lo : r.lo + MARGIN, hi: r.lo === r.hi ? r.hi : r.hi - MARGIN }));
const sol = solveLP({ lb: lb.map((l) => l + 1), ub: ub.map((u) => u - 1), cost: lb.map(() => 0), rows: narrowed }, 1e3);
const bad = sol.violation.map((v, i) => [v, i] as const).filter(([v]) => v > 0.5);
if (bad.length) throw new Error(`fit: ${bad.length} constraints violated (first row ${bad[0]![1]})`);
const x = sol.x.map((v) => Math.round(v));
rows.forEach((r, i) => {
  const a = r.idx.reduce((s, j, k) => s + x[j]! * r.val[k]!, 0);
  if (a < r.lo || a > r.hi) throw new Error(`fit: row ${i} is ${a} after rounding, outside [${r.lo}, ${r.hi}]`);
});
lb.forEach((l, i) => {
  if (x[i]! < l || x[i]! > ub[i]!) throw new Error(`fit: ${names[i]} outside its bounds`);
});

// ---- Ledger ----------------------------------------------------------------------------------
// Accounts by group; ledger sign is the negative of the net sign (costs positive).
const ACCOUNTS: Array<[string, string, string]> = [
  ['1210', 'Inventarier', 'I'],
  ['3510', 'Statsbidrag', '3'],
  ['3610', 'Försäljning av verksamhet', '3'],
  ['4610', 'Köp av huvudverksamhet', '4'],
  ['5110', 'Löner månadsavlönade', '5'],
  ['6110', 'Lokalhyror', '6A'],
  ['6210', 'Fastighetsentreprenader och underhåll', '6B'],
  ['7610', 'Övriga främmande tjänster', '7'],
];
const ACCOUNT_OF_GROUP: Record<string, string> = { '3': '3610', '4': '4610', '5': '5110', '6A': '6110', '6B': '6210', '7': '7610' };

type Line = [scenario: string, year: number, period: number | null, unit: string, account: string, net: number];
const lines: Line[] = [];
const val = (i: number): number => x[i]!;
/** One unit×account cell's amounts: C (2018, P of it in jan–apr), A, B (T of it in jan–apr), F. */
function cell(u: string, account: string, c: { C: number; P: number; A: number; B: number; T: number; F: number }): void {
  split(c.P, 4).forEach((a, i) => lines.push(['actual', 2018, i + 1, u, account, a]));
  split(c.C - c.P, 8).forEach((a, i) => lines.push(['actual', 2018, i + 5, u, account, a]));
  split(c.A, 4).forEach((a, i) => lines.push(['actual', 2019, i + 1, u, account, a]));
  split(c.T, 4).forEach((a, i) => lines.push(['budget', 2019, i + 1, u, account, a]));
  split(c.B - c.T, 8).forEach((a, i) => lines.push(['budget', 2019, i + 5, u, account, a]));
  lines.push(['forecast:P1', 2019, null, u, account, c.F]);
}
const unitValues = (u: string) => {
  const v = unitVars.get(u)!;
  return { C: val(v.C), P: val(v.P), A: val(v.A), B: val(v.B), T: val(v.T), F: val(v.F) };
};
for (const u of [...KG, 'ÖKP', 'ÖRE', 'ÖVA']) cell(u, u === 'KGST' ? '3510' : '7610', unitValues(u));

// ÖKA: each department's amounts over the account groups (the groups' sums are 000-06's).
const plan = Object.fromEntries(
  (['C', 'A', 'B', 'F'] as const).map((m) => [
    m,
    transport(
      KA.map((u): [string, number] => [u, val(unitVars.get(u)![m])]),
      GROUPS.map((g): [string, number] => [g, val(groupVars.get(g)![m])]),
      (u, g) => (KA.indexOf(u) + GROUPS.indexOf(g)) % GROUPS.length,
    ),
  ]),
) as Record<'C' | 'A' | 'B' | 'F', Map<string, Map<string, number>>>;
for (const u of KA) {
  const v = unitValues(u);
  for (const g of GROUPS) {
    const get = (m: 'C' | 'A' | 'B' | 'F'): number => plan[m].get(u)?.get(g) ?? 0;
    // The department's 2018 jan–apr and budget to date go with group 7.
    const seven = g === '7';
    cell(u, ACCOUNT_OF_GROUP[g]!, { C: get('C'), P: seven ? v.P : 0, A: get('A'), B: get('B'), T: seven ? v.T : 0, F: get('F') });
  }
}
// Investments.
for (const u of INV) {
  const v = invVars.get(u)!;
  lines.push(['actual', 2018, 12, u, '1210', val(v.C)]);
  lines.push(['actual', 2019, 4, u, '1210', val(v.A)]);
  lines.push(['budget', 2019, null, u, '1210', val(v.B)]);
  if (F07.rows.find((r) => r.code === u)!.values.overfort !== null) lines.push(['carryover', 2019, null, u, '1210', val(v.O)]);
  lines.push(['forecast:P1', 2019, null, u, '1210', val(v.F)]);
}

// ---- Files -----------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const org: string[] = ['code,name,parent,level,budget_level', 'KS,Kommunstyrelsen,,board,'];
org.push('ÖKG,Kommungemensamt,KS,RN1,Kommungemensamt');
for (const r of F02.rows) org.push([r.code!, csvField(r.name), 'ÖKG', 'RN5', r.code === 'KGST' ? 'statsbidrag' : ''].join(','));
org.push('ÖKP,Politisk kommunledning,KS,RN1,Politisk kommunledning');
org.push('ÖKA,Kommunstyrelseförvaltningen,KS,RN1,Kommunstyrelseförvaltningen');
for (const r of F03.rows) org.push([r.code!, csvField(r.name), 'ÖKA', 'RN3', ''].join(','));
org.push('ÖRE,Revisionsnämnd,KS,RN1,Revisionsnämnd', 'ÖVA,Valnämnd,KS,RN1,Valnämnd');
writeFileSync(path.join(OUT, 'org.csv'), org.join('\n') + '\n');
writeFileSync(path.join(OUT, 'accounts.csv'), ['account,name,group', ...ACCOUNTS.map((a) => a.map(csvField).join(','))].join('\n') + '\n');
const amountLines = lines
  .filter((l) => l[5] !== 0 || l[0] === 'forecast:P1' || l[0] === 'budget')
  .map(([s, y, p, u, a, net]) => [s, y, p ?? '', u, a, '', '', formatKronor(-net)].join(','));
writeFileSync(path.join(OUT, 'amounts.csv'), ['scenario,year,period,unit,account,activity,project,amount', ...amountLines].join('\n') + '\n');
console.log(`r000: ${org.length - 1} units, ${amountLines.length} amount rows`);

// ---- Narratives: 000's own texts, verbatim (paragraphs joined from the extracted lines) --------
const REPORT = path.resolve(ROOT, '..', 'shared', 'reference-reports', '000_0710214ddfd6bf3c.txt');
const TEXT = readFileSync(REPORT, 'utf8').split('\n');
const NARRATIVES: Array<[key: string, ranges: Array<[number, number]>]> = [
  ['analysis', [[16, 52]]],
  ['outlook', [[55, 99]]],
  ['budget-deviation', [[102, 105]]],
  ['net-summary', [[114, 119]]],
  ['common', [[123, 130], [193, 199]]],
  ['administration', [[207, 234], [272, 275]]],
  ['audit', [[284, 284]]],
  ['election', [[292, 294]]],
  ['account-groups', [[304, 306]]],
  ['account-groups-after', [[380, 403]]],
  ['investments', [[412, 418], [441, 474]]],
  ['digitalisation', [[477, 503]]],
  ['social-investments', [[505, 537]]],
  ['competence', [[539, 543]]],
  ['growing', [[545, 556]]],
  ['home-care', [[558, 593]]],
  ['integration', [[595, TEXT.length]]],
];
/** Lines from..to (1-based) as paragraphs: blank lines separate, a line ending in "-" joins the next. */
function paragraphs(from: number, to: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of TEXT.slice(from - 1, to)) {
    const line = raw.trim();
    if (line === 'Nettoredovisning' || /^RN\d/.test(line) || /^\d+(\.\d+)+ /.test(line)) break;
    if (!line) {
      if (cur) out.push(cur), (cur = '');
      continue;
    }
    cur = !cur ? line : /[A-ZÅÄÖa-zåäö]-$/.test(cur) ? cur + line : `${cur} ${line}`;
  }
  if (cur) out.push(cur);
  return out;
}
// The proposal's points are broken over blank lines in the extraction: written out as 000 prints them.
const PROPOSAL = [
  'Kommunstyrelseförvaltningens förslag till Kommunstyrelsen',
  '1. Kommunstyrelsen fastställer delårsrapport med prognos 1 2019 för Kommunstyrelsens egen verksamhet.',
  '2. Delårsrapporten överlämnas för vidare hantering inom ramen för kommuntotal delårsrapport med prognos 1 2019 Örebro kommun.',
].join('\n\n');
/**
 * Figures of the text that repeat a wrong table figure, corrected as a controller must before
 * `check` lets the round publish: 000-01 prints KSF's deviation as −12 434 tkr where 000-03 and
 * 000-06 give −12 344 (fixtures README §6.4, cross-check 000-B), and the text says "12,4 mnkr".
 */
const TEXT_CORRECTIONS: Array<[string, string]> = [['en negativ budgetavvikelse med 12,4 mnkr', 'en negativ budgetavvikelse med 12,3 mnkr']];
const corrected = (text: string): string => TEXT_CORRECTIONS.reduce((t, [wrong, right]) => t.replace(wrong, right), text);
const narrativeRows = [
  ['KS', '2019', 'P1', 'proposal', '', csvField(PROPOSAL)].join(','),
  ...NARRATIVES.map(([key, ranges]) => ['KS', '2019', 'P1', key, '', csvField(corrected(ranges.flatMap(([a, b]) => paragraphs(a, b)).join('\n\n')))].join(',')),
];
writeFileSync(path.join(OUT, '..', 'narrative.csv'), ['board,year,round,key,title,text', ...narrativeRows].join('\n') + '\n');
