/**
 * The end of a parse: period balances resolved into rows (each amount once), and the warnings
 * about the file as a whole, from what the parser counted while reading it.
 */
import type { PeriodBalances } from './balances.ts';
import { decodeBinary, encodingLabel, type SieEncoding } from './encoding.ts';
import { dimensionWarnings, mojibakeWarning } from './file-checks.ts';
import { L_TRANS, L_VER } from './labels.ts';
import type { ChosenDimensions, HeaderRecords } from './records.ts';
import { K_PSALDO, type BalanceRowsResult, type RowBuilder } from './rows.ts';

export interface BalanceFacts {
  readonly header: HeaderRecords;
  readonly balances: PeriodBalances;
  readonly dims: ChosenDimensions & { readonly projectDimChosen: boolean };
  readonly labelCounts: ArrayLike<number>;
  /** SIG_* bits of the chosen dimensions used by vouchers and by balances. */
  readonly dimsInTrans: number;
  readonly dimsInBalances: number;
}

/** Period balance rows, each amount once, with what the file's balances looked like as warnings. */
export function balanceRows(f: BalanceFacts, rows: RowBuilder, transYears: ReadonlySet<number>, warn: (message: string) => void): BalanceRowsResult {
  const { header } = f;
  // Nested or disjoint object combinations: decided by the year balances the file also gives.
  const disjoint = f.balances.disjointByEvidence((kind, yearIdx, account) => {
    if (kind !== K_PSALDO) return null;
    const k = `${yearIdx}|${account}`;
    const ub = header.yearBalances.get(`UB|${k}`);
    if (ub !== undefined) return ub - (header.yearBalances.get(`IB|${k}`) ?? 0);
    return header.res.get(k) ?? null;
  });
  if (disjoint) {
    warn('#PSALDO med objektlistor läses som skilda objektkombinationer ({} = konteringar utan objekt), inte som delsummor: så stämmer de med filens #IB/#UB/#RES');
  }
  const bal = rows.balances(f.balances.rows(disjoint), transYears);
  const dims = dimensionWarnings({
    unitDim: f.dims.unitDim,
    activityDim: f.dims.activityDim,
    projectDim: f.dims.projectDim,
    projectDimChosen: f.dims.projectDimChosen,
    inTrans: f.dimsInTrans,
    inBalances: f.dimsInBalances,
    vouchers: f.labelCounts[L_TRANS]! > 0,
    balances: bal.used,
    unjoined: f.balances.unjoinedSignatures,
  });
  for (const w of dims) warn(w);
  for (const y of [...bal.skippedPsaldoYears].sort()) {
    warn(`#PSALDO för räkenskapsåret ${y} ignoreras eftersom filen har verifikationer för året (utfallet tas från #TRANS)`);
  }
  if (bal.missingRar.size > 0) {
    warn(`#PSALDO/#PBUDGET för årsnummer ${[...bal.missingRar].sort((a, b) => b - a).join(', ')} saknar #RAR; perioderna förs efter kalendern`);
  }
  if (bal.outside.size > 0) warn(`${bal.outside.size} perioder i #PSALDO/#PBUDGET ligger utanför sitt räkenskapsår i #RAR`);
  return bal;
}

export interface FileFacts {
  readonly header: HeaderRecords;
  readonly labelCounts: ArrayLike<number>;
  readonly emptyVouchers: number;
  readonly commentCount: number;
  /** The first lines skipped as comments. */
  readonly commentLines: readonly number[];
  readonly replacementChars: number;
  readonly encoding: SieEncoding;
}

/** The names of the file with their lines, decoded: what the mojibake check reads. */
function* names(f: FileFacts, str: (id: number) => string): Generator<{ line: number; text: string }> {
  const h = f.header;
  if (h.company !== null) yield { line: h.companyLine, text: decodeBinary(h.company, f.encoding) };
  for (const a of h.accountNames.values()) if (a.name > 0) yield { line: a.line, text: str(a.name) };
  for (const d of h.dimensions) if (d.name > 0) yield { line: d.line, text: str(d.name) };
  for (const o of h.objects) if (o.name > 0) yield { line: o.line, text: str(o.name) };
}

/** Warnings about the file as a whole: header, vouchers, accounts, comments, text. */
export function fileWarnings(f: FileFacts, usedAccount: Uint8Array, str: (id: number) => string, warn: (message: string) => void): void {
  const h = f.header;
  if (!h.companySeen) warn('företagsnamn (#FNAMN) saknas');
  else if (h.company === null) warn('företagsnamnet i #FNAMN är tomt');
  if (f.labelCounts[L_VER]! > 0 && h.sieType !== null && h.sieType !== '4') {
    warn(`filen anger #SIETYP ${h.sieType} men innehåller verifikationer (som bara hör hemma i typ 4); de importeras ändå`);
  }
  if (f.emptyVouchers > 0) warn(`${f.emptyVouchers} verifikationer saknar #TRANS-rader`);
  if (h.accountNames.size > 0) {
    const missing: string[] = [];
    for (let a = 0; a < usedAccount.length; a++) {
      if (usedAccount[a] && (h.accountNames.get(a)?.name ?? -1) < 0) missing.push(str(a));
    }
    if (missing.length > 0) {
      missing.sort();
      warn(`${missing.length} konton i #TRANS saknar #KONTO i filen: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}`);
    }
  }
  if (f.commentCount > 0) {
    warn(
      `${f.commentCount} rader som ser ut som kommentarer (börjar med ";" eller "//") hoppades över: rad ${f.commentLines.join(', ')}${f.commentCount > f.commentLines.length ? ' …' : ''}`,
    );
  }
  const mojibake = mojibakeWarning(names(f, str));
  if (mojibake !== null) warn(mojibake);
  if (f.replacementChars > 0) warn(`filen innehåller ersättningstecken (�): bokstäver som å, ä och ö har förstörts redan i exporten`);
}

/** The note on an encoding other than the CP437 the spec requires. */
export function encodingNote(format: string | null, enc: SieEncoding): string | null {
  if (enc === 'cp437') return null;
  if (format === 'PC8') return `Filen anger #FORMAT PC8 men är kodad som ${encodingLabel(enc)}`;
  if (format === null) return `Filen saknar #FORMAT (PC8 förutsätts) men är kodad som ${encodingLabel(enc)}`;
  return `Filen anger #FORMAT ${format} och är kodad som ${encodingLabel(enc)}`;
}
