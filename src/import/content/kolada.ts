/**
 * Indicator values from Kolada (RKA's open database of municipal key figures), read from a file
 * saved from its API's data endpoints, e.g. `https://api.kolada.se/v2/data/kpi/N00945/
 * municipality/1880/year/2022` or the same path under `/v3/`. Both versions answer
 *
 *   { "count": n, "values": [ { "kpi": "N00945", "municipality": "1880", "period": 2022,
 *       "values": [ { "gender": "T", "value": 12.3, "count": 1, "status": "" }, … ] }, … ],
 *     "next_page": "…" }
 *
 * (v3 names the link to the next page `next_url`, and may give `period` as a string "2022").
 * Properties not used here (`count`, `status`, `isdeleted` …) are ignored. A `value` of null (or
 * no value) means Kolada has no figure; it is skipped and counted. Records are keyed by KPI id:
 * the store maps a KPI to an indicator through `indicators.source`.
 *
 * Values are exact decimals (`Decimal`): the shortest decimal text of the JSON number, which is
 * the number as written for every literal of at most 15 significant digits.
 */
import { badInput, type InputLocation } from '../../core/errors/index.ts';
import { decodeTextBytes, parseYear, readBytes } from '../tabular/index.ts';
import { decimalFromJsonNumber, type Decimal } from './decimal.ts';

export type Breakdown = 'T' | 'K' | 'M';

export interface KoladaRecord {
  kpi: string;
  /** Kolada's municipality (or region) id, e.g. "1880" or "0180" (leading zeros kept). */
  municipality: string;
  year: number;
  breakdown: Breakdown;
  value: Decimal;
  /** JSON path of the value in the file, e.g. `$.values[3].values[0]`, for errors found later. */
  path: string;
}

export interface KoladaResult {
  file: string;
  records: KoladaRecord[];
  /** Values that were null (Kolada has no figure for them). */
  skipped: number;
  warnings: string[];
}

/** Read a Kolada data file (v2 or v3 JSON). Throws `PrognosError` (BAD_INPUT) on the first problem. */
export async function readKoladaFile(path: string): Promise<KoladaResult> {
  const { text, warnings } = decodeTextBytes(await readBytes(path));
  const result = parseKoladaJson(text, path);
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: Json | undefined): string =>
  v === undefined ? 'saknas' : v === null ? 'null' : Array.isArray(v) ? 'en lista' : typeof v === 'object' ? 'ett objekt' : JSON.stringify(v);

/** Parse the text of a Kolada data file. `fileName` is used in errors only. */
export function parseKoladaJson(input: string, fileName: string): KoladaResult {
  const text = input.replace(/^\uFEFF/, '');
  const at = (field: string, line?: number): InputLocation => (line === undefined ? { file: fileName, field } : { file: fileName, line, field });
  if (text.trim() === '') throw badInput('filen är tom; den ska innehålla ett svar från Koladas API (JSON)', { file: fileName });

  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw badInput(`filen är ingen giltig JSON (${message})`, at('$', line));
  }

  if (!isObject(doc)) {
    throw badInput(`filen ska innehålla ett JSON-objekt med "values" (Koladas dataformat), inte ${describe(doc)}`, at('$'));
  }
  const entries = doc['values'];
  if (!Array.isArray(entries)) {
    throw badInput(`"values" ska vara en lista med värden per nyckeltal, kommun och år (är ${describe(entries)}); är filen ett svar från /data?`, at('$.values'));
  }

  const warnings: string[] = [];
  const next = doc['next_page'] ?? doc['next_url'];
  if (typeof next === 'string' && next !== '') {
    warnings.push(
      `svaret har fler sidor (${next}); bara den här sidan lästes – hämta resten eller öka per_page så att allt ryms i en fil`,
    );
  }

  const records: KoladaRecord[] = [];
  const seen = new Map<string, string>();
  let skipped = 0;
  entries.forEach((entry, i) => {
    const p = `$.values[${i}]`;
    if (!isObject(entry)) throw badInput(`ska vara ett objekt med kpi, municipality, period och values (är ${describe(entry)})`, at(p));

    const kpi = entry['kpi'];
    if (typeof kpi !== 'string' || !/^\S+$/.test(kpi.trim())) {
      throw badInput(`nyckeltalets id ska vara en sträng, t.ex. "N00945" (är ${describe(kpi)})`, at(`${p}.kpi`));
    }

    const municipality = entry['municipality'];
    if (municipality === undefined && entry['ou'] !== undefined) {
      throw badInput('värden per organisatorisk enhet (ou) stöds inte; hämta kommunens värden (/data/kpi/…/municipality/…)', at(`${p}.ou`));
    }
    if (typeof municipality !== 'string' || !/^\S+$/.test(municipality.trim())) {
      throw badInput(
        `kommunens id ska vara en sträng, t.ex. "0180" (är ${describe(municipality)}); som tal försvinner ledande nollor`,
        at(`${p}.municipality`),
      );
    }

    const period = entry['period'];
    if (typeof period !== 'number' && typeof period !== 'string') {
      throw badInput(`perioden ska vara ett år, t.ex. 2022 (är ${describe(period)})`, at(`${p}.period`));
    }
    const year = parseYear(String(period).trim(), at(`${p}.period`));

    const values = entry['values'];
    if (!Array.isArray(values)) {
      throw badInput(`"values" ska vara en lista med värden per kön (är ${describe(values)})`, at(`${p}.values`));
    }
    values.forEach((v, j) => {
      const q = `${p}.values[${j}]`;
      if (!isObject(v)) throw badInput(`ska vara ett objekt med gender och value (är ${describe(v)})`, at(q));
      const gender = v['gender'];
      if (gender !== 'T' && gender !== 'K' && gender !== 'M') {
        throw badInput(`könet ska vara "T" (totalt), "K" (kvinnor) eller "M" (män) (är ${describe(gender)})`, at(`${q}.gender`));
      }
      const value = v['value'];
      if (value === null || value === undefined) {
        skipped++;
        return;
      }
      if (typeof value !== 'number') {
        throw badInput(`värdet ska vara ett tal eller null (är ${describe(value)})`, at(`${q}.value`));
      }
      const k = JSON.stringify([kpi.trim(), municipality.trim(), year, gender]);
      const earlier = seen.get(k);
      if (earlier !== undefined) {
        throw badInput(
          `${kpi.trim()} för kommun ${municipality.trim()} år ${year} kön ${gender} finns redan vid ${earlier}; ett värde får bara förekomma en gång`,
          at(q),
        );
      }
      seen.set(k, q);
      records.push({
        kpi: kpi.trim(),
        municipality: municipality.trim(),
        year,
        breakdown: gender,
        value: decimalFromJsonNumber(value, at(`${q}.value`)),
        path: q,
      });
    });
  });

  if (skipped > 0) {
    warnings.push(`${skipped} ${skipped === 1 ? 'värde saknades' : 'värden saknades'} i Kolada (null) och hoppades över`);
  }
  return { file: fileName, records, skipped, warnings };
}
