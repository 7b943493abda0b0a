/**
 * The one place where a schema's complaint becomes a Swedish sentence a person can act on. zod's
 * own texts ("För stor(t): förväntat int att ha <=9007199254740991") never reach anyone: a schema
 * may give its own message (`{ message }`), and every other issue is said here, by kind.
 */
import { z } from 'zod';

const TYPES: Record<string, string> = {
  number: 'ett tal',
  int: 'ett heltal',
  string: 'en text',
  boolean: 'sant eller falskt (true/false)',
  array: 'en lista',
  object: 'ett objekt',
  date: 'ett datum',
  null: 'tomt (null)',
};

const num = (n: number | bigint): string => {
  const x = Number(n);
  return Math.abs(x) >= 2 ** 53 - 1 ? 'ett så stort tal' : new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 6 }).format(x).replace(/\u00a0/g, ' ').replace(/\u2212/g, '-');
};

type Issue = { code?: string; origin?: string; expected?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; keys?: string[]; values?: unknown[]; format?: string; input?: unknown };

/** A Swedish clause (lower case, no full stop) for a zod issue. */
export function swedishIssue(iss: Issue): string {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'värdet saknas' : `värdet ska vara ${TYPES[iss.expected ?? ''] ?? 'av en annan sort'}`;
    case 'too_big': {
      if (iss.origin === 'string') return `texten är för lång: högst ${num(iss.maximum ?? 0)} tecken`;
      if (iss.origin === 'array' || iss.origin === 'set') return `för många värden: högst ${num(iss.maximum ?? 0)}`;
      return (iss.maximum ?? 0) >= 2 ** 53 - 1 ? 'talet är för stort' : `talet är för stort: högst ${num(iss.maximum ?? 0)}`;
    }
    case 'too_small': {
      if (iss.origin === 'string') return (iss.minimum ?? 0) <= 1 ? 'värdet får inte vara tomt' : `texten är för kort: minst ${num(iss.minimum ?? 0)} tecken`;
      if (iss.origin === 'array' || iss.origin === 'set') return `för få värden: minst ${num(iss.minimum ?? 0)}`;
      return (iss.minimum ?? 0) <= -(2 ** 53 - 1) ? 'talet är för litet' : `talet är för litet: minst ${num(iss.minimum ?? 0)}`;
    }
    case 'invalid_value':
      return iss.values && iss.values.length > 0 && iss.values.length <= 12 ? `ogiltigt värde; tillåtna värden är ${iss.values.map(String).join(', ')}` : 'ogiltigt värde';
    case 'unrecognized_keys':
      return `${(iss.keys ?? []).length === 1 ? 'okänt fält' : 'okända fält'}: ${(iss.keys ?? []).join(', ')}`;
    case 'invalid_format':
      return 'värdet har fel form';
    case 'not_multiple_of':
      return 'talet har fel antal decimaler';
    case 'invalid_union':
      return 'värdet har ingen av de tillåtna formerna';
    default:
      return 'ogiltigt värde';
  }
}

z.config({ customError: (iss) => swedishIssue(iss as unknown as Issue) });
