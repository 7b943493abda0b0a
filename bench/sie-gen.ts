/**
 * Writes a synthetic SIE 4E file (CP437, as the standard requires) for benchmarks: #RAR,
 * #KONTO, #DIM 1, #OBJEKT, and balanced #VER blocks of ten #TRANS rows each carrying a unit
 * object ({1 "…"}) and dates spread over twelve months. Streamed to disk in chunks.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';

export interface GenerateOptions {
  transactions: number;
  units?: number;
  accounts?: number;
  year?: number;
  /**
   * 'synthetic' (default): LF, tab-indented, one unit object per row. 'real': shaped like
   * exports from Swedish ledgers: CRLF, vouchers of 2–12 rows, object lists with unit and
   * project or empty, rows without transaction date, quantities and signatures, quoted texts
   * with `\"`, the odd #RTRANS/#BTRANS pair.
   */
  shape?: 'synthetic' | 'real';
}

/** Deterministic pseudo-random numbers (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function amountText(ore: number): string {
  const neg = ore < 0;
  const a = Math.abs(ore);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

const TEXTS = ['Leverantörsfaktura', 'Lön', 'Internhyra', 'Material', 'Kundfaktura', 'Återbetalning'];

/** Generate the file; resolves with the number of bytes written. */
export async function generateSie(path: string, { transactions, units = 500, accounts = 200, year = 2024, shape = 'synthetic' }: GenerateOptions): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let pending: string[] = [];
  let pendingLen = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const buf = iconv.encode(pending.join(''), 'cp437');
    pending = [];
    pendingLen = 0;
    bytes += buf.length;
    if (!out.write(buf)) await once(out, 'drain');
  };
  const write = async (s: string): Promise<void> => {
    pending.push(s);
    pendingLen += s.length;
    if (pendingLen > 1 << 20) await flush();
  };

  await write('#FLAGGA 0\n#PROGRAM "Prognos bench" 1.0\n#FORMAT PC8\n#GEN 20250115\n#SIETYP 4\n');
  await write(`#FNAMN "Exempelkommun"\n#ORGNR 212000-0000\n#RAR 0 ${year}0101 ${year}1231\n#RAR -1 ${year - 1}0101 ${year - 1}1231\n`);
  const accountNos: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const acc = String(3000 + Math.floor((i * 5000) / accounts));
    accountNos.push(acc);
    await write(`#KONTO ${acc} "Konto ${acc} – förvaltning"\n`);
  }
  await write('#DIM 1 "Ansvar"\n#DIM 6 "Projekt"\n');
  const unitCodes: string[] = [];
  for (let i = 0; i < units; i++) {
    const code = `A${String(i).padStart(4, '0')}`;
    unitCodes.push(code);
    await write(`#OBJEKT 1 "${code}" "Enhet ${i} Älvsjö"\n`);
  }
  const rand = rng(42);
  if (shape === 'real') {
    await writeRealVouchers(write, { transactions, year, accountNos, unitCodes, rand });
    await flush();
    out.end();
    await once(out, 'finish');
    return bytes;
  }
  const perVoucher = 10;
  const vouchers = Math.ceil(transactions / perVoucher);
  let written = 0;
  for (let v = 1; v <= vouchers && written < transactions; v++) {
    const month = 1 + Math.floor(((v - 1) * 12) / vouchers);
    const day = 1 + Math.floor(rand() * 28);
    const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const n = Math.min(perVoucher, transactions - written);
    const text = TEXTS[v % TEXTS.length]!;
    let s = `#VER A ${v} ${date} "${text} ${v}" ${date}\n{\n`;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const acc = accountNos[Math.floor(rand() * accountNos.length)]!;
      const unit = unitCodes[Math.floor(rand() * unitCodes.length)]!;
      // the last row balances the voucher
      const ore = k === n - 1 ? -sum : Math.floor((rand() - 0.3) * 2_000_000);
      sum += ore;
      s += `\t#TRANS ${acc} {1 "${unit}"} ${amountText(ore)} ${date} "${text}"\n`;
    }
    s += '}\n';
    written += n;
    await write(s);
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return bytes;
}

const SIGNS = ['AB', 'KLR', 'system', 'EVA'];

async function writeRealVouchers(
  write: (s: string) => Promise<void>,
  o: { transactions: number; year: number; accountNos: string[]; unitCodes: string[]; rand: () => number },
): Promise<void> {
  const { transactions, year, accountNos, unitCodes, rand } = o;
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;
  let written = 0;
  for (let v = 1; written < transactions; v++) {
    const month = 1 + Math.floor((written * 12) / transactions);
    const day = 1 + Math.floor(rand() * 28);
    const date = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const n = Math.min(2 + Math.floor(rand() * 11), transactions - written);
    const series = v % 7 === 0 ? 'B' : 'A';
    const text = TEXTS[v % TEXTS.length]!;
    let s = `#VER ${series} ${v} ${date} "${text} nr ${v}${v % 13 === 0 ? ' \\"brådskande\\"' : ''}" ${date} ${pick(SIGNS)}\r\n{\r\n`;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const acc = pick(accountNos);
      const r = rand();
      const objects = r < 0.15 ? '{}' : r < 0.6 ? `{1 "${pick(unitCodes)}"}` : `{1 "${pick(unitCodes)}" 6 "P${100 + Math.floor(rand() * 40)}"}`;
      const ore = k === n - 1 ? -sum : Math.floor((rand() - 0.3) * 2_000_000);
      sum += ore;
      const tail = rand() < 0.3 ? '' : ` ${date} "${text}"${rand() < 0.2 ? ' 1.00 ' + pick(SIGNS) : ''}`;
      if (rand() < 0.01) s += `#BTRANS ${acc} ${objects} ${amountText(ore)} ${date} "" 0 ${pick(SIGNS)}\r\n#RTRANS ${acc} ${objects} ${amountText(ore)} ${date} "" 0 ${pick(SIGNS)}\r\n`;
      s += `#TRANS ${acc} ${objects} ${amountText(ore)}${tail}\r\n`;
    }
    s += '}\r\n';
    written += n;
    await write(s);
  }
}
