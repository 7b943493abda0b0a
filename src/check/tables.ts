/**
 * Checks on the financial tables: totals and subtotals (check 1), derived columns (check 2)
 * and the same figure wherever it appears (check 3). See index.ts for the rules.
 */
import type { SignName } from '../core/compute/index.ts';
import { DEFAULT_PERCENT_RULE, type PercentRule } from '../core/format/index.ts';
import type { Row, Table } from '../report/index.ts';
import {
  columnLabel,
  isItem,
  isPercentKey,
  normalise,
  percentDecimals,
  rowLabel,
  rowRef,
  sv,
  TOTAL_REF,
  type Finding,
} from './util.ts';

export type RowOrTotal = Row | 'total';

const EPS = 1e-9;

/** Largest difference rounding explains between a rounded total and the sum of n rounded terms. */
export function sumTolerance(n: number): number {
  return Math.floor((n + 1) / 2);
}

/** The kind of figures a row holds; a filtered table's (one kind of investment, some accounts) are a part of its own. */
function family(table: Table): string {
  const fam = table.kind === 'investments' ? 'invest' : 'unit';
  return table.filter ? `${fam}[${JSON.stringify(table.filter)}]` : fam;
}

/** Whether an item row holds the amounts booked on the table's scope or group unit itself. */
function isOwnRow(table: Table, row: Row): boolean {
  if (row.code === '') return false;
  if (row.code === table.scope || row.name.endsWith('(ej fördelat)')) return true;
  return table.rows.some((r) => r.kind === 'subtotal' && r.code === row.code);
}

/**
 * The identity of a row's figures: two cells with the same identity and column key must hold the
 * same number (check 3). `aliases` maps budget-level names of net-summary rows to unit codes.
 */
export function entityOf(table: Table, row: RowOrTotal, aliases: Readonly<Record<string, string>> = {}): string {
  const fam = family(table);
  if (row === 'total') return `${fam}:${table.scope}`;
  if (row.kind === 'subtotal') return `${fam}:${row.code}`;
  const name = normalise(row.name);
  if (row.code !== '' && isOwnRow(table, row)) return `own:${fam}:${table.id}:${row.code}`;
  switch (table.kind) {
    case 'net-summary': {
      if (row.code !== '') return `unit:${row.code}`;
      const alias = aliases[row.name] ?? aliases[name];
      return alias ? `unit:${alias}` : `level:${name}`;
    }
    case 'units':
    case 'investments':
      return row.code !== '' ? `${fam}:${row.code}` : `${table.kind}:${table.scope}:${name}`;
    case 'account-groups':
      return `account-group:${row.group ?? table.scope}:${row.code || name}`;
    case 'activities':
      return `activity:${row.group ?? table.scope}:${row.code || name}`;
  }
}

export function rowsWithTotal(table: Table): Array<{ row: RowOrTotal; ref: string; values: Record<string, number | null> }> {
  return [
    ...table.rows.map((r) => ({ row: r as RowOrTotal, ref: rowRef(r, table), values: r.values })),
    { row: 'total' as const, ref: TOTAL_REF, values: table.total.values },
  ];
}

// ---------------------------------------------------------------------------------------------
// Check 1: totals and subtotals

export function checkSums(table: Table): Finding[] {
  const findings: Finding[] = [];
  const items = table.rows.filter(isItem);
  const targets: Array<{ ref: string; values: Record<string, number | null>; members: Row[] }> = [];
  for (const s of table.rows) {
    if (s.kind !== 'subtotal') continue;
    const members = items.filter((r) => r.group === s.code);
    if (members.length > 0) targets.push({ ref: rowRef(s, table), values: s.values, members });
  }
  if (items.length > 0) targets.push({ ref: TOTAL_REF, values: table.total.values, members: items });
  for (const t of targets) {
    for (const col of table.columns) {
      if (isPercentKey(col.key)) continue;
      const shown = t.values[col.key];
      if (shown === null || shown === undefined) continue;
      let sum = 0;
      let n = 0;
      for (const r of t.members) {
        const v = r.values[col.key];
        if (v === null || v === undefined) continue;
        sum += v;
        n++;
      }
      const tol = sumTolerance(n);
      const diff = shown - sum;
      if (Math.abs(diff) > tol + EPS) {
        findings.push({
          code: 'sum',
          severity: 'error',
          message:
            `${capitalise(rowLabel(table, t.ref))} i kolumnen ${columnLabel(table, col.key)} visar ${sv(shown)} men ` +
            `${n} rader summerar till ${sv(sum)} (differens ${sv(diff)} tkr; avrundning förklarar högst ${tol} tkr).`,
          location: { tableId: table.id, row: t.ref, column: col.key },
        });
      }
    }
  }
  return findings;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Check 2: derived columns

interface Term {
  key: string;
  coef: 1 | -1;
}

/** The linear derived columns: target = Σ coef·term (with the report's sign convention). */
function linearRules(table: Table, sign: SignName): Array<{ target: string; terms: Term[]; text: string }> {
  const has = (k: string): boolean => table.columns.some((c) => c.key === k);
  const rules: Array<{ target: string; terms: Term[]; text: string }> = [];
  const dir = (value: string, base: Term[], valueText: string, baseText: string): { terms: Term[]; text: string } =>
    sign === 'net'
      ? { terms: [{ key: value, coef: 1 }, ...base.map((b) => ({ key: b.key, coef: (-b.coef) as 1 | -1 }))], text: `${valueText} − ${baseText}` }
      : { terms: [...base, { key: value, coef: -1 }], text: `${baseText} − ${valueText}` };
  if (has('variance') && has('forecast')) {
    let base: Term[] | null = null;
    let baseText = 'budget';
    if (has('budget_incl_carryover')) {
      base = [{ key: 'budget_incl_carryover', coef: 1 }];
      baseText = 'budget inkl. överfört';
    } else if (has('budget')) {
      base = [{ key: 'budget', coef: 1 }];
      if (has('carryover')) {
        base.push({ key: 'carryover', coef: 1 });
        baseText = 'budget + överfört';
      }
    }
    if (base) rules.push({ target: 'variance', ...dir('forecast', base, 'prognos', baseText) });
  }
  if (has('variance_to_date') && has('actual')) {
    const baseKey = has('budget_to_date') ? 'budget_to_date' : has('budget') ? 'budget' : null;
    if (baseKey) rules.push({ target: 'variance_to_date', ...dir('actual', [{ key: baseKey, coef: 1 }], 'utfall', baseKey === 'budget' ? 'budget' : 'periodens budget') });
  }
  if (has('budget_change') && has('budget') && has('budget_osb')) {
    rules.push({ target: 'budget_change', terms: [{ key: 'budget', coef: 1 }, { key: 'budget_osb', coef: -1 }], text: 'budget − budget enligt ÖSB' });
  }
  if (has('budget_incl_carryover') && has('budget') && has('carryover')) {
    rules.push({ target: 'budget_incl_carryover', terms: [{ key: 'budget', coef: 1 }, { key: 'carryover', coef: 1 }], text: 'budget + överfört' });
  }
  return rules;
}

interface PercentFormula {
  target: string;
  num: Term[];
  base: string;
  text: string;
}

/** Percentage columns: 100 · numerator / base, with the numerator a difference for change_pct. */
function percentRules(table: Table): PercentFormula[] {
  const has = (k: string): boolean => table.columns.some((c) => c.key === k);
  const rules: PercentFormula[] = [];
  if (has('consumption_pct')) {
    if (has('actual') && has('budget_to_date')) {
      rules.push({ target: 'consumption_pct', num: [{ key: 'actual', coef: 1 }], base: 'budget_to_date', text: 'utfall / periodens budget' });
    } else if (has('forecast') && has('budget')) {
      rules.push({ target: 'consumption_pct', num: [{ key: 'forecast', coef: 1 }], base: 'budget', text: 'prognos / budget' });
    }
  }
  if (has('change_pct') && has('actual')) {
    const base = has('actual_prev') ? 'actual_prev' : has('closing_prev') ? 'closing_prev' : null;
    if (base) rules.push({ target: 'change_pct', num: [{ key: 'actual', coef: 1 }, { key: base, coef: -1 }], base, text: 'förändring / föregående år' });
  }
  return rules;
}

/**
 * The interval of 100·a/b when a ∈ [a0 − ua, a0 + ua] and b ∈ [b0 − 0,5, b0 + 0,5] (the printed
 * inputs are rounded). `null` when the base interval contains 0 (any ratio is possible).
 */
export function percentInterval(a0: number, ua: number, b0: number): { lo: number; hi: number } | null {
  const bLo = b0 - 0.5;
  const bHi = b0 + 0.5;
  if (bLo <= 0 && bHi >= 0) return null;
  const qs = [(a0 - ua) / bLo, (a0 - ua) / bHi, (a0 + ua) / bLo, (a0 + ua) / bHi].map((q) => 100 * q);
  return { lo: Math.min(...qs), hi: Math.max(...qs) };
}

/**
 * What the presentation rule (core/format `printedPercent`) makes of a percentage whose exact value
 * lies in `iv`: 'empty' when every possible value is emptied, 'maybe' when some is, else 'printed'.
 */
function ruleVerdict(rule: Readonly<PercentRule>, formula: PercentFormula, numerator: number, base: number, iv: { lo: number; hi: number }): 'empty' | 'maybe' | 'printed' {
  const ratio = formula.target === 'consumption_pct';
  if (ratio && rule.emptyOnOppositeSigns && numerator !== 0 && Math.sign(numerator) !== Math.sign(base)) return 'empty';
  const lo = Math.min(Math.abs(iv.lo), Math.abs(iv.hi));
  const hi = Math.max(Math.abs(iv.lo), Math.abs(iv.hi));
  const inside = iv.lo <= 0 && iv.hi >= 0;
  if (!inside && lo > rule.limit) return 'empty';
  return hi > rule.limit ? 'maybe' : 'printed';
}

export function checkDerived(table: Table, sign: SignName, percentRule: Readonly<PercentRule> = DEFAULT_PERCENT_RULE): Finding[] {
  const findings: Finding[] = [];
  const linear = linearRules(table, sign);
  const percents = percentRules(table);
  for (const { ref, values } of rowsWithTotal(table)) {
    const val = (k: string): number => values[k] ?? 0;
    for (const rule of linear) {
      const shown = values[rule.target];
      const inputsPresent = rule.terms.some((t) => values[t.key] !== null && values[t.key] !== undefined);
      // A forecast not entered is shown empty (never 0), and so is everything computed from it.
      const forecastNotEntered = rule.terms.some((t) => t.key === 'forecast' && values.forecast === null);
      if (shown === null || shown === undefined) {
        if (inputsPresent && !forecastNotEntered) {
          findings.push({
            code: 'derived-missing',
            severity: 'warning',
            message: `${capitalise(rowLabel(table, ref))}: kolumnen ${columnLabel(table, rule.target)} är tom fast ${rule.text} kan beräknas.`,
            location: { tableId: table.id, row: ref, column: rule.target },
          });
        }
        continue;
      }
      const expected = rule.terms.reduce((s, t) => s + t.coef * val(t.key), 0);
      const tol = sumTolerance(rule.terms.length);
      const diff = shown - expected;
      if (Math.abs(diff) > tol + EPS) {
        findings.push({
          code: 'derived',
          severity: 'error',
          message:
            `${capitalise(rowLabel(table, ref))}: ${columnLabel(table, rule.target)} är ${sv(shown)} men ${rule.text} = ${sv(expected)} ` +
            `(differens ${sv(diff)} tkr; avrundning förklarar högst ${tol} tkr).`,
          location: { tableId: table.id, row: ref, column: rule.target },
        });
      }
    }
    for (const rule of percents) checkPercent(table, ref, values, rule, percentRule, findings);
  }
  return findings;
}

/** Check 2 for one percentage cell: its base, the presentation rule, the interval the rounded inputs allow. */
function checkPercent(
  table: Table,
  ref: string,
  values: Record<string, number | null>,
  rule: PercentFormula,
  percentRule: Readonly<PercentRule>,
  findings: Finding[],
): void {
  const val = (k: string): number => values[k] ?? 0;
  const shown = values[rule.target] ?? null;
  const base = values[rule.base] ?? null;
  const numerator = rule.num.reduce((s, t) => s + t.coef * val(t.key), 0);
  const ua = 0.5 * rule.num.length;
  const d = percentDecimals(rule.target);
  const half = 0.5 * 10 ** -d;
  if (base === null || base === 0) {
    if (shown === null) return;
    // The base prints as 0: a zero base must leave the cell empty. Possible only when the base
    // is a tiny non-zero amount: then |ratio| ≥ (|numerator| − ua) / 0,5.
    const minAbs = Math.max(0, Math.abs(numerator) - ua) / 0.5 * 100;
    const possible = Math.abs(shown) + half >= minAbs - EPS;
    findings.push({
      code: 'percent-zero-base',
      severity: possible ? 'warning' : 'error',
      message: possible
        ? `${capitalise(rowLabel(table, ref))}: ${columnLabel(table, rule.target)} visar ${sv(shown, d)} % fast basen visas som 0; ` +
          `en procentsats av en nollbas ska lämnas tom — kontrollera att basen verkligen är skild från noll.`
        : `${capitalise(rowLabel(table, ref))}: ${columnLabel(table, rule.target)} visar ${sv(shown, d)} % av en bas som är 0 ` +
          `(${rule.text} = ${sv(numerator)} / 0); det är ett felvärde — en procentsats av en nollbas ska lämnas tom.`,
      location: { tableId: table.id, row: ref, column: rule.target },
    });
    return;
  }
  const iv = percentInterval(numerator, ua, base)!;
  const verdict = ruleVerdict(percentRule, rule, numerator, base, iv);
  if (shown !== null && verdict === 'empty') {
    findings.push({
      code: 'percent-limit',
      severity: 'warning',
      message:
        `${capitalise(rowLabel(table, ref))}: ${columnLabel(table, rule.target)} visar ${sv(shown, d)} %, ` +
        `en procentsats som inte säger något (över ±${sv(percentRule.limit)} % eller av motsatta tecken); lämna cellen tom.`,
      location: { tableId: table.id, row: ref, column: rule.target },
    });
    return;
  }
  if (shown === null && verdict !== 'printed') return;
  if (shown === null) {
    findings.push({
      code: 'derived-missing',
      severity: 'warning',
      message: `${capitalise(rowLabel(table, ref))}: kolumnen ${columnLabel(table, rule.target)} är tom fast basen är ${sv(base)} (${rule.text} ≈ ${sv(round(iv.lo / 2 + iv.hi / 2, d), d)} %).`,
      location: { tableId: table.id, row: ref, column: rule.target },
    });
    return;
  }
  if (shown + half < iv.lo - EPS || shown - half > iv.hi + EPS) {
    findings.push({
      code: 'derived',
      severity: 'error',
      message:
        `${capitalise(rowLabel(table, ref))}: ${columnLabel(table, rule.target)} är ${sv(shown, d)} % men ${rule.text} = ` +
        `${sv(numerator)} / ${sv(base)} ger ${intervalText(iv, d + 1)} % (med avrundningen av beloppen).`,
      location: { tableId: table.id, row: ref, column: rule.target },
    });
  }
}

function intervalText(iv: { lo: number; hi: number }, d: number): string {
  const lo = sv(round(iv.lo, d), d);
  const hi = sv(round(iv.hi, d), d);
  return lo === hi ? lo : `${lo}–${hi}`;
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.sign(x) * Math.round(Math.abs(x) * f) / f;
}

// ---------------------------------------------------------------------------------------------
// Check 3: the same figure wherever it appears

export interface Occurrence {
  entity: string;
  column: string;
  value: number;
  tableId: string;
  row: string;
  /** Which occurrence is the reference when values disagree: higher wins a tie. */
  weight: number;
  /** Text for messages. */
  label: string;
}

function weightOf(table: Table, row: RowOrTotal): number {
  if (table.kind === 'net-summary') return 0;
  if (row === 'total') return 3;
  if (row.kind === 'subtotal') return 2;
  return 1;
}

export function tableOccurrences(table: Table, aliases: Readonly<Record<string, string>>): Occurrence[] {
  const out: Occurrence[] = [];
  for (const { row, ref, values } of rowsWithTotal(table)) {
    if (row !== 'total' && (row as { kind?: string }).kind === 'memo') continue;
    const entity = entityOf(table, row, aliases);
    if (entity.startsWith('own:')) continue;
    for (const col of table.columns) {
      const v = values[col.key];
      if (v === null || v === undefined) continue;
      out.push({ entity, column: col.key, value: v, tableId: table.id, row: ref, weight: weightOf(table, row), label: `tabell ${table.id}, ${rowLabel(table, ref)}` });
    }
  }
  return out;
}

export function checkSameFigures(occurrences: readonly Occurrence[]): Finding[] {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const k = `${o.entity}\u0000${o.column}`;
    const g = groups.get(k);
    if (g) g.push(o);
    else groups.set(k, [o]);
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const tol = isPercentKey(g[0]!.column) ? 10 ** -percentDecimals(g[0]!.column) : 1;
    // Reference: the value most occurrences agree on; a tie goes to the heaviest occurrence.
    const score = (o: Occurrence): number => g.filter((x) => Math.abs(x.value - o.value) <= tol + EPS).length * 10 + o.weight;
    const ref = g.reduce((best, o) => (score(o) > score(best) ? o : best), g[0]!);
    for (const o of g) {
      if (o === ref) continue;
      const diff = o.value - ref.value;
      if (Math.abs(diff) <= tol + EPS) continue;
      findings.push({
        code: 'same-figure',
        severity: 'error',
        message:
          `Samma uppgift redovisas olika: ${o.label} visar ${sv(o.value)} i kolumnen ${o.column} men ${ref.label} visar ${sv(ref.value)} ` +
          `(differens ${sv(diff)}${isPercentKey(o.column) ? ' procentenheter' : ' tkr'}).`,
        location: { tableId: o.tableId, row: o.row, column: o.column },
      });
    }
  }
  return findings;
}

