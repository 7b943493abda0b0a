/**
 * The amount a person types into a forecast cell, in tkr, read the Swedish way: space (also the
 * non-breaking and thin ones) groups thousands, comma marks decimals, a minus may be − or –.
 * A dot is read only where it cannot mean two things: "1.234.567" (groups) and "12.5" (decimals)
 * are clear, "12.500" is not — 12 500 or 12,5 — and is asked back, never guessed (issue 11: it
 * was saved as 12,5 tkr, a 1 000× error).
 */
export const ORE_PER_TKR = 100_000n;

export type AmountReading =
  | { ok: true; ore: bigint | null }
  | { ok: false; reason: 'ambiguous' | 'invalid'; message: string };

const SPACES = /[\s\u00a0\u2009\u202f]/g;
const HAS_SPACE = /[\s\u00a0\u2009\u202f]/;
const MINUS = /[\u2212\u2013]/g;
/** Whole tkr digits at most (the store's limit is 2^52 öre, about 45 000 000 000 tkr). */
const MAX_INT_DIGITS = 11;
/** Decimals of a tkr: three reach whole kronor, as precise as a forecast is meant. */
const MAX_DECIMALS = 3;

const EXAMPLE = 'Skriv ett belopp i tkr, till exempel -12 500 eller 350,5.';

function toOre(negative: boolean, int: string, frac: string): AmountReading {
  const digits = int.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_INT_DIGITS) return { ok: false, reason: 'invalid', message: `Beloppet är för stort för en prognos i tkr. ${EXAMPLE}` };
  if (frac.length > MAX_DECIMALS) return { ok: false, reason: 'invalid', message: `Beloppet har för många decimaler (högst ${MAX_DECIMALS} i tkr). ${EXAMPLE}` };
  const ore = BigInt(digits) * ORE_PER_TKR + BigInt(frac.padEnd(MAX_DECIMALS, '0')) * 100n;
  return { ok: true, ore: negative && ore !== 0n ? -ore : ore };
}

/** The amount typed, in öre; an empty field is `null` (not entered, never 0). */
export function parseAmountTkr(text: string): AmountReading {
  const raw = text.trim().replace(MINUS, '-');
  if (raw === '') return { ok: true, ore: null };
  const m = /^([+-]?)(.*)$/.exec(raw)!;
  const negative = m[1] === '-';
  const body = m[2]!;
  // Spaces group thousands: "12 500", "1 234 567,5" (a space elsewhere is a typing error).
  if (HAS_SPACE.test(body)) {
    const grouped = /^(\d{1,3}(?:[\s\u00a0\u2009\u202f]\d{3})+)(?:,(\d+))?$/.exec(body);
    if (!grouped) return { ok: false, reason: 'invalid', message: `"${text.trim()}" är inget belopp: mellanslag skiljer bara tusental. ${EXAMPLE}` };
    return toOre(negative, grouped[1]!.replace(SPACES, ''), grouped[2] ?? '');
  }
  const plain = /^(\d+)(?:,(\d+))?$/.exec(body);
  if (plain) return toOre(negative, plain[1]!, plain[2] ?? '');
  // Dots as thousands with a decimal comma: "1.234,5" can mean only one thing.
  const dottedWithComma = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(body);
  if (dottedWithComma) return toOre(negative, dottedWithComma[1]!.replace(/\./g, ''), dottedWithComma[2]!);
  // Two or more dot groups are thousands ("1.234.567"); one group of three is ambiguous.
  if (/^\d{1,3}(?:\.\d{3}){2,}$/.test(body)) return toOre(negative, body.replace(/\./g, ''), '');
  const oneGroup = /^([1-9]\d{0,2})\.(\d{3})$/.exec(body);
  if (oneGroup) {
    const sign = negative ? '-' : '';
    const thousands = `${sign}${oneGroup[1]} ${oneGroup[2]}`;
    const decimal = `${sign}${oneGroup[1]},${oneGroup[2]!.replace(/0+$/, '') || '0'}`;
    return {
      ok: false,
      reason: 'ambiguous',
      message: `Menar du ${thousands} tkr eller ${decimal} tkr? Skriv ${thousands} eller ${decimal} — en punkt kan betyda båda.`,
    };
  }
  // Any other single dot can only be a decimal point ("12.5", "0.001").
  const dotDecimal = /^(\d+)\.(\d+)$/.exec(body);
  if (dotDecimal) return toOre(negative, dotDecimal[1]!, dotDecimal[2]!);
  return { ok: false, reason: 'invalid', message: `"${text.trim()}" är inget belopp. ${EXAMPLE}` };
}
