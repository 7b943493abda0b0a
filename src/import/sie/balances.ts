/**
 * Period balances (#PSALDO, #PBUDGET) with object lists. A type 3 file writes the same amounts
 * several times, once per combination of objects it keeps: the account total (`{}`), per unit
 * (`{1 "4110"}`), per activity (`{20 "1300"}`), per unit and activity together, … Each record
 * is a projection of one ledger onto some dimensions, so summing them would count the same
 * krona several times.
 *
 * `PeriodBalances` keeps the records per (kind, year index, month, account) in buckets by the
 * set of Prognos dimensions they carry (unit, activity, project) and resolves each group into
 * rows that never count an amount twice: the finest bucket first, then every coarser bucket
 * adds only what the finer ones do not explain (postings with a unit but no activity, say),
 * last the account total (postings without any object). Every marginal the file gives is kept
 * exactly: the per-unit sums equal the unit records, the per-activity sums the activity
 * records, the grand total the `{}` record.
 *
 * That is the spec's reading ("the balance of the combination") and what most programs write.
 * Some write each object combination on its own instead: `{}` then holds only the postings
 * without objects and the records add up. Which convention a file follows shows where it also
 * gives year balances (#IB/#UB, #RES): `conventionFromEvidence` compares both readings with
 * them, and `rows(true)` reads the records as disjoint.
 */

/** Bits of a bucket's signature: which Prognos dimensions its records carry. */
export const SIG_UNIT = 1;
export const SIG_ACTIVITY = 2;
export const SIG_PROJECT = 4;

export interface BalanceRow {
  kind: number;
  yearIdx: number;
  ym: number;
  account: number;
  unit: number;
  activity: number;
  project: number;
  amount: number;
}

interface Entry {
  unit: number;
  activity: number;
  project: number;
  amount: number;
}

interface Bucket {
  sig: number;
  /** Other dimensions the records carry (not mapped by Prognos), as a sorted list: '' for none. */
  extra: string;
  entries: Map<string, Entry>;
}

interface Group {
  kind: number;
  yearIdx: number;
  ym: number;
  account: number;
  buckets: Map<string, Bucket>;
}

const popcount = (s: number): number => (s & 1) + ((s >> 1) & 1) + ((s >> 2) & 1);
const objKey = (u: number, a: number, p: number): string => `${u},${a},${p}`;

export class PeriodBalances {
  private readonly groups = new Map<string, Group>();
  private readonly unjoined = new Set<number>();

  get size(): number {
    return this.groups.size;
  }

  /**
   * One record: `sig` says which of unit/activity/project its object list holds (ids 0 when
   * absent), `extra` the other dimensions in it (sorted, joined), '' when none.
   */
  add(kind: number, yearIdx: number, ym: number, account: number, sig: number, extra: string, unit: number, activity: number, project: number, amount: number): void {
    const gk = `${kind}|${yearIdx}|${ym}|${account}`;
    let g = this.groups.get(gk);
    if (!g) {
      g = { kind, yearIdx, ym, account, buckets: new Map() };
      this.groups.set(gk, g);
    }
    const bk = `${sig}|${extra}`;
    let b = g.buckets.get(bk);
    if (!b) {
      b = { sig, extra, entries: new Map() };
      g.buckets.set(bk, b);
    }
    const ok = objKey(unit, activity, project);
    const e = b.entries.get(ok);
    if (e) e.amount += amount;
    else b.entries.set(ok, { unit, activity, project, amount });
  }

  /**
   * Dimension bits that the file only ever gives in separate records, never together with the
   * finest combination used (e.g. unit records and activity records but no unit-and-activity
   * records): such amounts cannot be split by both at once.
   */
  get unjoinedSignatures(): ReadonlySet<number> {
    return this.unjoined;
  }

  /**
   * Which reading the file's year balances confirm: `target(kind, yearIdx, account)` gives the
   * year's change from #IB/#UB or #RES, or null. True when the disjoint reading matches more
   * accounts than the nested one (accounts where both readings agree say nothing).
   */
  disjointByEvidence(target: (kind: number, yearIdx: number, account: number) => number | null): boolean {
    const nested = new Map<string, number>();
    const disjoint = new Map<string, number>();
    for (const g of this.groups.values()) {
      const k = `${g.kind}|${g.yearIdx}|${g.account}`;
      let n = 0;
      for (const e of this.resolve(g)) n += e.amount;
      let d = 0;
      for (const b of g.buckets.values()) for (const e of b.entries.values()) d += e.amount;
      nested.set(k, (nested.get(k) ?? 0) + n);
      disjoint.set(k, (disjoint.get(k) ?? 0) + d);
    }
    let forNested = 0;
    let forDisjoint = 0;
    for (const [k, n] of nested) {
      const d = disjoint.get(k)!;
      if (n === d) continue;
      const [kind, yearIdx, account] = k.split('|').map(Number) as [number, number, number];
      const t = target(kind, yearIdx, account);
      if (t === null) continue;
      if (t === n) forNested++;
      else if (t === d) forDisjoint++;
    }
    return forDisjoint > forNested;
  }

  /**
   * The rows of every group, each amount once (a zero row for a group that nets to zero).
   * `disjoint`: every record is one exact object combination, `{}` the postings without objects.
   */
  *rows(disjoint = false): Generator<BalanceRow> {
    for (const g of this.groups.values()) {
      let any = false;
      for (const e of disjoint ? this.disjoint(g) : this.resolve(g)) {
        if (e.amount === 0) continue;
        any = true;
        yield { kind: g.kind, yearIdx: g.yearIdx, ym: g.ym, account: g.account, unit: e.unit, activity: e.activity, project: e.project, amount: e.amount };
      }
      // a group that nets to zero still says the file has balances for that month
      if (!any) yield { kind: g.kind, yearIdx: g.yearIdx, ym: g.ym, account: g.account, unit: 0, activity: 0, project: 0, amount: 0 };
    }
  }

  private disjoint(g: Group): Iterable<Entry> {
    const rows = new Map<string, Entry>();
    for (const b of g.buckets.values()) {
      for (const [k, e] of b.entries) {
        const r = rows.get(k);
        if (r) r.amount += e.amount;
        else rows.set(k, { ...e });
      }
    }
    return rows.values();
  }

  private resolve(g: Group): Iterable<Entry> {
    const buckets = [...g.buckets.values()];
    const pureSigs = buckets.filter((b) => b.extra === '').map((b) => b.sig);
    // A record with other dimensions too (e.g. unit and employee) only stands in for a
    // projection that no record gives directly; of several such, one kind is used.
    const chosenExtra = new Map<number, Bucket>();
    for (const b of buckets) {
      if (b.extra === '' || b.sig === 0) continue;
      if (pureSigs.some((s) => (s & b.sig) === b.sig)) continue;
      const prev = chosenExtra.get(b.sig);
      if (!prev || b.extra < prev.extra) chosenExtra.set(b.sig, b);
    }
    const used = [...buckets.filter((b) => b.extra === '' && b.sig !== 0), ...chosenExtra.values()].sort(
      (x, y) => popcount(y.sig) - popcount(x.sig) || Number(x.extra !== '') - Number(y.extra !== '') || x.sig - y.sig,
    );
    const rows = new Map<string, Entry>();
    const addRow = (u: number, a: number, p: number, amount: number): void => {
      if (amount === 0) return;
      const k = objKey(u, a, p);
      const r = rows.get(k);
      if (r) r.amount += amount;
      else rows.set(k, { unit: u, activity: a, project: p, amount });
    };
    if (used.length > 0) {
      const finest = used[0]!.sig;
      for (const b of used) if ((b.sig & finest) !== b.sig) this.unjoined.add(b.sig | finest);
    }
    for (const b of used) {
      // what the rows so far put in each cell of this bucket's projection
      const explained = new Map<string, number>();
      for (const r of rows.values()) {
        const u = b.sig & SIG_UNIT ? r.unit : 0;
        const a = b.sig & SIG_ACTIVITY ? r.activity : 0;
        const p = b.sig & SIG_PROJECT ? r.project : 0;
        if ((b.sig & SIG_UNIT && u === 0) || (b.sig & SIG_ACTIVITY && a === 0) || (b.sig & SIG_PROJECT && p === 0)) continue;
        const k = objKey(u, a, p);
        explained.set(k, (explained.get(k) ?? 0) + r.amount);
      }
      for (const [k, e] of b.entries) addRow(e.unit, e.activity, e.project, e.amount - (explained.get(k) ?? 0));
    }
    const total = g.buckets.get('0|'); // records for other dimensions only change nothing here
    if (total) {
      let sum = 0;
      for (const r of rows.values()) sum += r.amount;
      let t = 0;
      for (const e of total.entries.values()) t += e.amount;
      addRow(0, 0, 0, t - sum);
    }
    return rows.values();
  }
}
