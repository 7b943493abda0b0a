/** Typed cell readers shared by the content kinds: choices, codes, decimals, kronor. */
import { badInput } from '../../core/errors/index.ts';
import { parseKronor, type Ore } from '../../core/money/index.ts';
import { oreFromSpreadsheetNumber, type Row } from '../tabular/index.ts';
import { decimalFromSpreadsheetNumber, parseDecimal, type Decimal } from './decimal.ts';

export interface Choice<T extends string> {
  value: T;
  /** Swedish meaning, shown in the error message. */
  label?: string;
  /** Other spellings accepted (compared case-insensitively, spaces collapsed). */
  aliases?: readonly string[];
}

export const fold = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');

/** An enumerated value; '' gives null when `optional`, an error otherwise. */
export function choice<T extends string>(row: Row, column: string, choices: readonly Choice<T>[], optional: boolean): T | null {
  const given = row.text(column);
  if (given === '') {
    if (optional) return null;
    throw badInput(`värde saknas i kolumnen "${column}" (tillåtna: ${describeChoices(choices)})`, row.at(column));
  }
  const f = fold(given);
  const hit = choices.find((c) => fold(c.value) === f || (c.aliases ?? []).some((a) => fold(a) === f));
  if (!hit) {
    throw badInput(
      `"${given}" är inget tillåtet värde i kolumnen "${column}" (tillåtna: ${describeChoices(choices)}${optional ? ' eller tomt' : ''})`,
      row.at(column),
    );
  }
  return hit.value;
}

export function describeChoices(choices: readonly Choice<string>[]): string {
  return choices.map((c) => (c.label ? `${c.value} (${c.label})` : c.value)).join(', ');
}

/**
 * A code (board, goal code, unit …). A numeric XLSX cell is accepted only as a whole number:
 * a decimal such as 1.10 would come back as 1.1, so the column must be formatted as text.
 */
export function codeCell(row: Row, column: string, required: boolean): string {
  const c = row.cell(column);
  if (typeof c === 'number' && !Number.isInteger(c)) {
    throw badInput(
      `koden ${String(c).replace('.', ',')} är ett decimaltal i kalkylbladet; formatera kolumnen som text så att t.ex. 1.10 inte blir 1.1`,
      row.at(column),
    );
  }
  return required ? row.required(column) : row.text(column);
}

export const ROUND_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;

export function roundCell(row: Row): string {
  const round = row.required('round');
  if (!ROUND_PATTERN.test(round)) {
    throw badInput(`"${round}" är ingen omgång (t.ex. P1, P2 eller B för bokslut; bokstäver, siffror, - och _)`, row.at('round'));
  }
  return round;
}

/** An optional exact decimal; `suffix` (e.g. "mnkr") may follow the number in text cells. */
export function decimalCell(row: Row, column: string, suffix?: string): Decimal | null {
  const c = row.cell(column);
  if (c === null) return null;
  if (typeof c === 'number') return decimalFromSpreadsheetNumber(c, row.at(column));
  let t = row.text(column);
  if (suffix !== undefined) t = t.replace(new RegExp(`\\s*${suffix}$`, 'i'), '');
  return parseDecimal(t, row.at(column));
}

export function requiredDecimal(row: Row, column: string): Decimal {
  const d = decimalCell(row, column);
  if (d === null) throw badInput(`värde saknas i kolumnen "${column}"`, row.at(column));
  return d;
}

/** A required amount in kronor as öre: text parsed exactly, spreadsheet numbers to the nearest öre. */
export function kronorCell(row: Row, column: string): Ore {
  const c = row.cell(column);
  if (c === null) throw badInput(`belopp saknas i kolumnen "${column}" (skriv 0 för inget belopp)`, row.at(column));
  const ore = typeof c === 'number' ? oreFromSpreadsheetNumber(c, row.at(column)) : parseKronor(row.text(column), row.at(column));
  return ore === 0 ? 0 : ore; // no -0
}

export const key = (...parts: Array<string | number>): string => JSON.stringify(parts);
