/**
 * Domain vocabulary (see DESIGN.md glossary). Pure data and functions; no I/O.
 */
import { badInput, PrognosError, type InputLocation } from '../errors/index.ts';

/** Report account groups (kontogrupper) plus `I` for investment accounts. */
export const ACCOUNT_GROUPS = {
  '3': 'Intäkter',
  '4': 'Inköp tillg o vhet samt bidrag',
  '5': 'Personalkostnader',
  '6A': 'Lokalhyror',
  '6B': 'Entrpr, fastighetskostn, övr.',
  '7': 'Övriga kostnader',
  I: 'Investeringar',
} as const;
export type AccountGroup = keyof typeof ACCOUNT_GROUPS;
export const OPERATING_GROUPS: readonly AccountGroup[] = ['3', '4', '5', '6A', '6B', '7'];

export function isAccountGroup(s: string): s is AccountGroup {
  return Object.prototype.hasOwnProperty.call(ACCOUNT_GROUPS, s);
}

/**
 * Default account group from the Kommun-Bas account plan: class 3 revenue, 4 purchases and
 * grants, 5 staff, 61 premises rents (6A), other 6 (6B), 7 other costs; 10–12 fixed assets are
 * investments. Everything else (balance sheet, financial items) is outside the follow-up tables
 * and gets null. Overridable per account through the accounts import.
 */
export function defaultAccountGroup(account: string): AccountGroup | null {
  if (!/^\d{4}/.test(account)) return null;
  const c1 = account[0];
  const c2 = account.slice(0, 2);
  switch (c1) {
    case '3':
      return '3';
    case '4':
      return '4';
    case '5':
      return '5';
    case '6':
      return c2 === '61' ? '6A' : '6B';
    case '7':
      return '7';
    case '1':
      return c2 === '10' || c2 === '11' || c2 === '12' ? 'I' : null;
    default:
      return null;
  }
}

/** Scenarios: what a stored amount is. */
export type Scenario = 'actual' | 'budget' | 'budget_osb' | 'carryover' | `forecast:${string}`;

/**
 * One ledger amount: what every importer produces and the store keeps, in integer öre with the
 * ledger's sign (debit, i.e. cost, positive; credit negative).
 */
export interface LedgerAmount<S extends Scenario = Scenario> {
  scenario: S;
  year: number;
  /** Month of the fiscal year (1–18), or null for an annual amount. */
  period: number | null;
  unit: string;
  account: string;
  /** '' when none. */
  activity: string;
  /** '' when none. */
  project: string;
  amountOre: number;
}

export function parseScenario(s: string, where: InputLocation = {}): Scenario {
  const t = s.trim();
  if (t === 'actual' || t === 'budget' || t === 'budget_osb' || t === 'carryover') return t;
  if (/^forecast:[A-Za-z0-9_-]{1,20}$/.test(t)) return t as Scenario;
  throw badInput(
    `okänt scenario "${s}" (tillåtna: actual, budget, budget_osb, carryover, forecast:<omgång>, t.ex. forecast:P1)`,
    where,
  );
}

/** A unit (ansvar) in the organisation tree. `level` is a label such as RN1…RN5 or `board`. */
export interface Unit {
  code: string;
  name: string;
  parent: string | null;
  level: string;
  /** Budget level (budgetnivå) name for the net summary; inherited by descendants. */
  budgetLevel: string | null;
  /** Order of the unit in its source file; decides the order of budget levels. */
  sortOrder: number;
}

/** A board (nämnd, styrelse): a unit of level `board`, or a root of the tree — what a round and a report belong to. */
export const isBoard = (u: Pick<Unit, 'level' | 'parent'>): boolean => u.level === 'board' || u.parent === null;

export interface Account {
  account: string;
  name: string;
  group: AccountGroup | null;
}

export interface Activity {
  code: string;
  name: string;
}

/** Swedish collation: Å Ä Ö after Z, as controllers expect code lists sorted. */
export const svCollator = new Intl.Collator('sv', { numeric: true });
export const byCode = <T extends { code: string }>(a: T, b: T): number => svCollator.compare(a.code, b.code);

/** The unit tree with the look-ups every table needs. */
export class OrgTree {
  private readonly byCode = new Map<string, Unit>();
  private readonly childrenOf = new Map<string | null, Unit[]>();

  constructor(readonly units: readonly Unit[]) {
    for (const u of units) this.byCode.set(u.code, u);
    for (const u of units) {
      const parent = u.parent !== null && this.byCode.has(u.parent) ? u.parent : null;
      const list = this.childrenOf.get(parent) ?? [];
      list.push(u);
      this.childrenOf.set(parent, list);
    }
    for (const list of this.childrenOf.values()) list.sort(byTreeOrder);
  }

  get(code: string): Unit | undefined {
    return this.byCode.get(code);
  }

  require(code: string): Unit {
    const u = this.byCode.get(code);
    if (!u) throw new PrognosError('NOT_FOUND', `enheten ${code} finns inte`);
    return u;
  }

  children(code: string): Unit[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** The unit and all its descendants (depth first, tree order). */
  subtree(code: string): Unit[] {
    const out: Unit[] = [];
    const walk = (u: Unit): void => {
      out.push(u);
      for (const c of this.children(u.code)) walk(c);
    };
    walk(this.require(code));
    return out;
  }

  /** Path from the root down to the unit, inclusive. */
  path(code: string): Unit[] {
    const out: Unit[] = [];
    const seen = new Set<string>();
    let u = this.byCode.get(code);
    while (u && !seen.has(u.code)) {
      seen.add(u.code);
      out.unshift(u);
      u = u.parent !== null ? this.byCode.get(u.parent) : undefined;
    }
    return out;
  }

  /** Nearest ancestor-or-self at `level` strictly below `scope`; undefined when there is none. */
  atLevelBelow(code: string, scope: string, level: string): Unit | undefined {
    const p = this.path(code);
    const i = p.findIndex((u) => u.code === scope);
    return p.slice(i + 1).find((u) => u.level === level);
  }

  /** The child of `scope` on the path to the unit (the unit itself if it is a child). */
  childOfScopeOnPath(code: string, scope: string): Unit | undefined {
    const p = this.path(code);
    const i = p.findIndex((u) => u.code === scope);
    return i >= 0 ? p[i + 1] : undefined;
  }

  /** The budget level of a unit: its own, else the nearest ancestor's. */
  budgetLevel(code: string): string | null {
    const p = this.path(code);
    for (let i = p.length - 1; i >= 0; i--) if (p[i]!.budgetLevel) return p[i]!.budgetLevel;
    return null;
  }
}

const byTreeOrder = (a: Unit, b: Unit): number => a.sortOrder - b.sortOrder || svCollator.compare(a.code, b.code);

