/**
 * Numbers, amounts and dates as the UI shows and reads them — shared by the server-rendered
 * pages and the browser module, so a typed value means the same thing with and without
 * JavaScript. Amounts print in the reports' house style (`core/format`: `-12 417`); dates and
 * times in Swedish form in Europe/Stockholm time.
 */
import { formatDecimal, formatInteger } from '../core/format/index.ts';
import { toUnit } from '../core/money/index.ts';
import { parseAmountTkr } from '../core/entry/index.ts';

export const ORE_PER_TKR = 100_000n;

/** Whole tkr in the house style, '' for null. */
export const formatTkr = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '' : formatInteger(n));

/** öre → tkr as printed (rounded half away from zero, exactly as the reports round). */
export const oreToTkr = (ore: bigint): number => toUnit({ num: ore, den: 1n });

/** A percentage with up to one decimal: `3,8 %`. */
export const formatPercent = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '' : `${formatDecimal(n, Number.isInteger(n) ? 0 : 1)}\u00a0%`;

export type ParsedAmount = { ok: true; ore: bigint | null } | { ok: false; message: string };

/** An amount in tkr as a person types it (`core/entry`: "12.500" is asked back, never guessed). Empty is null. */
export function parseTkr(text: string): ParsedAmount {
  const r = parseAmountTkr(text);
  return r.ok ? r : { ok: false, message: r.message };
}

const TZ = 'Europe/Stockholm';
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });

/** `2024-04-12 14:05` (Swedish time), '' for null. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFormat.format(d);
}

/** `14:05` (Swedish time). */
export const formatTime = (iso: string | Date): string => timeFormat.format(typeof iso === 'string' ? new Date(iso) : iso);

export const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'] as const;

export const monthName = (period: number): string => MONTHS[period - 1] ?? String(period);

/** `Utfall jan–mar` for cut-off 3, `Utfall jan` for 1. */
export function actualToDateLabel(period: number): string {
  const short = (p: number) => monthName(p).slice(0, 3);
  return period <= 1 ? `Utfall ${short(1)}` : `Utfall ${short(1)}–${short(period)}`;
}

/** First letter upper case and a final full stop: API messages are lower-case clauses. */
export function sentence(message: string): string {
  const t = message.trim();
  if (t === '') return t;
  const s = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
