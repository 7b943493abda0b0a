/**
 * What the end of a parse says about the file as a whole, as Swedish text: a file with nothing
 * to import (an error), chosen dimensions the amounts do not use, object combinations that never
 * come together, and names that look converted between encodings twice (warnings). Pure: the
 * parser hands in what it counted.
 */
import { SIG_ACTIVITY, SIG_PROJECT, SIG_UNIT } from './balances.ts';
import { looksMisencoded } from './encoding.ts';
import { L_PBUDGET, L_PSALDO, L_RES, L_TRANS, L_VER, LABELS } from './labels.ts';

const HEADER_LABELS = new Set<string>(['FLAGGA', 'FORMAT', 'SIETYP', 'PROGRAM', 'GEN', 'FNAMN', 'ORGNR', 'RAR']);

/** Why a file without vouchers, balances or #RES cannot be imported, naming what it holds; null when it has some. */
export function nothingToImport(labelCounts: ArrayLike<number>): string | null {
  const c = labelCounts;
  if (c[L_VER]! + c[L_TRANS]! + c[L_PSALDO]! + c[L_PBUDGET]! + c[L_RES]! > 0) return null;
  const all = LABELS.map((l, i) => ({ l, n: c[i]! })).filter((x) => x.n > 0);
  const body = all.filter((x) => !HEADER_LABELS.has(x.l));
  const held = (body.length > 0 ? body : all).sort((a, b) => b.n - a.n).map((x) => `${x.n} #${x.l}`);
  return `filen innehåller inget att importera: inga verifikationer (#VER, #TRANS), periodsaldon (#PSALDO), budget (#PBUDGET) eller årsresultat (#RES), bara ${body.length > 0 ? '' : 'filhuvud: '}${held.slice(0, 6).join(', ')}${held.length > 6 ? ' …' : ''}`;
}

export interface DimensionUse {
  unitDim: number;
  activityDim: number | null;
  projectDim: number | null;
  /** The project dimension was chosen, not the default: only then is its absence worth a word. */
  projectDimChosen: boolean;
  /** SIG_ACTIVITY / SIG_PROJECT as seen in vouchers and in balances. */
  inTrans: number;
  inBalances: number;
  /** The file has vouchers; balances became rows. */
  vouchers: boolean;
  balances: boolean;
  /** Dimension sets that balance records give only separately (see PeriodBalances). */
  unjoined: Iterable<number>;
}

/** The chosen activity/project dimension missing from the amounts, or from vouchers or balances only. */
export function dimensionWarnings(u: DimensionUse): string[] {
  const out: string[] = [];
  const dims = [
    { bit: SIG_ACTIVITY, dim: u.activityDim, what: 'verksamhet', option: '--activity-dim', chosen: true },
    { bit: SIG_PROJECT, dim: u.projectDim, what: 'projekt', option: '--project-dim', chosen: u.projectDimChosen },
  ];
  for (const d of dims) {
    if (d.dim === null) continue;
    const name = `dimension ${d.dim} (${d.what}, ${d.option})`;
    const inTrans = (u.inTrans & d.bit) !== 0;
    const inBalances = (u.inBalances & d.bit) !== 0;
    if (!inTrans && !inBalances) {
      if (d.chosen && (u.vouchers || u.balances)) out.push(`${name} förekommer inte i filens belopp (#TRANS, #PSALDO, #PBUDGET): inget belopp får ${d.what}`);
    } else if (inTrans && !inBalances && u.balances) {
      out.push(`${name} finns i verifikationerna (#TRANS) men inte i #PSALDO/#PBUDGET: periodsaldon och budget får ingen ${d.what}`);
    } else if (inBalances && !inTrans && u.vouchers) {
      out.push(`${name} finns i #PSALDO/#PBUDGET men inte i verifikationerna (#TRANS): utfallet från verifikationerna får ingen ${d.what}`);
    }
  }
  const label = (sig: number): string =>
    [
      sig & SIG_UNIT ? `enhet (dimension ${u.unitDim})` : '',
      sig & SIG_ACTIVITY ? `verksamhet (dimension ${u.activityDim})` : '',
      sig & SIG_PROJECT ? `projekt (dimension ${u.projectDim})` : '',
    ]
      .filter((x) => x !== '')
      .join(' och ');
  for (const sig of u.unjoined) {
    out.push(`#PSALDO/#PBUDGET anger ${label(sig)} bara i skilda poster, aldrig i samma objektlista: varje summa per dimension stämmer, men beloppen kan inte delas på båda samtidigt`);
  }
  return out;
}

/** Names that read as text converted between encodings twice ("F├╢rsystem", "fîr"), by line; null when none. */
export function mojibakeWarning(names: Iterable<{ line: number; text: string }>): string | null {
  const found = [...names].filter((n) => looksMisencoded(n.text)).sort((a, b) => a.line - b.line);
  if (found.length === 0) return null;
  const shown = found.slice(0, 5).map((f) => `rad ${f.line} "${f.text}"`);
  return `${found.length} namn ser felkodade ut (${shown.join(', ')}${found.length > 5 ? ' …' : ''}): texten har troligen konverterats mellan teckenkodningar två gånger före exporten; kontrollera namnen`;
}
