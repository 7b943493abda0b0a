/**
 * The SIE 4 record labels Prognos knows, as small integers for the parser's dispatch, with the
 * spec's field names for error messages ("#TRANS belopp").
 */


export const LABELS = [
  'FLAGGA',
  'FORMAT',
  'SIETYP',
  'PROGRAM',
  'GEN',
  'FNAMN',
  'ORGNR',
  'RAR',
  'KONTO',
  'KTYP',
  'SRU',
  'DIM',
  'UNDERDIM',
  'OBJEKT',
  'IB',
  'UB',
  'OIB',
  'OUB',
  'RES',
  'PSALDO',
  'PBUDGET',
  'VER',
  'TRANS',
  'RTRANS',
  'BTRANS',
  'KSUMMA',
] as const;
export type Label = (typeof LABELS)[number];

export const L_FLAGGA = 0;
export const L_FORMAT = 1;
export const L_SIETYP = 2;
export const L_PROGRAM = 3;
export const L_GEN = 4;
export const L_FNAMN = 5;
export const L_ORGNR = 6;
export const L_RAR = 7;
export const L_KONTO = 8;
export const L_KTYP = 9;
export const L_SRU = 10;
export const L_DIM = 11;
export const L_UNDERDIM = 12;
export const L_OBJEKT = 13;
export const L_IB = 14;
export const L_UB = 15;
export const L_OIB = 16;
export const L_OUB = 17;
export const L_RES = 18;
export const L_PSALDO = 19;
export const L_PBUDGET = 20;
export const L_VER = 21;
export const L_TRANS = 22;
export const L_RTRANS = 23;
export const L_BTRANS = 24;
export const L_KSUMMA = 25;
export const L_UNKNOWN = 26;

/** Field names (after the label) per label, as the SIE 4B spec names them, for error messages. */
export const FIELD_NAMES: Record<Label, readonly string[]> = {
  FLAGGA: ['flagga'],
  FORMAT: ['format'],
  SIETYP: ['typnr'],
  PROGRAM: ['programnamn', 'version'],
  GEN: ['datum', 'sign'],
  FNAMN: ['företagsnamn'],
  ORGNR: ['orgnr', 'förvnr', 'verknr'],
  RAR: ['årsnr', 'start', 'slut'],
  KONTO: ['kontonr', 'kontonamn'],
  KTYP: ['kontonr', 'kontotyp'],
  SRU: ['kontonr', 'SRU-kod'],
  DIM: ['dimensionsnr', 'namn'],
  UNDERDIM: ['dimensionsnr', 'namn', 'superdimension'],
  OBJEKT: ['dimensionsnr', 'objektkod', 'objektnamn'],
  IB: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  UB: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  OIB: ['årsnr', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  OUB: ['årsnr', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  RES: ['årsnr', 'kontonr', 'saldo', 'kvantitet'],
  PSALDO: ['årsnr', 'period', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  PBUDGET: ['årsnr', 'period', 'kontonr', 'objekt', 'saldo', 'kvantitet'],
  VER: ['serie', 'vernr', 'datum', 'vertext', 'regdatum', 'sign'],
  TRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  RTRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  BTRANS: ['kontonr', 'objektlista', 'belopp', 'transdat', 'transtext', 'kvantitet', 'sign'],
  KSUMMA: ['checksumma'],
};

/** Numeric code of a label of up to 10 letters A–Z (base 27). */
function labelCode(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = c * 27 + (s.charCodeAt(i) - 64);
  return c;
}
/** Number of fields after the label that the spec defines, per label id. */
export const MAX_FIELDS = Int32Array.from(LABELS, (l) => FIELD_NAMES[l].length);
export const LABEL_BY_CODE = new Map<number, number>(LABELS.map((l, i) => [labelCode(l), i]));
