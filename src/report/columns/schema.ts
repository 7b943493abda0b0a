/**
 * The JSON contract of a template table's column set and row options (`columns`, `rows`,
 * `filter` beside `id`, `kind`, `scope` …). Every object is strict; an unknown column key,
 * method or heading placeholder is an error naming its path, never ignored.
 */
import { z } from 'zod';
import { LABEL_PLACEHOLDERS, MEASURE_KEYS, unknownPlaceholders } from '../../core/compute/index.ts';
import { METHOD_IDS } from '../../core/forecast/index.ts';

const code = z.string().min(1).max(60);
const units = z.array(code).min(1).max(200);
const label = z.string().min(1).max(200);

const heading = label.superRefine((value, ctx) => {
  const unknown = unknownPlaceholders(value);
  if (unknown.length) {
    ctx.addIssue({
      code: 'custom',
      message: `okänd platshållare ${unknown.map((u) => `{${u}}`).join(', ')} (tillåtna: ${LABEL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`,
    });
  }
});

const column = z
  .strictObject({
    key: z.string().min(1).max(60),
    label: heading.optional(),
    method: z.enum(METHOD_IDS).optional(),
  })
  .superRefine((c, ctx) => {
    if (!MEASURE_KEYS.includes(c.key)) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: `okänd kolumn "${c.key}" (tillåtna: ${MEASURE_KEYS.join(', ')})` });
    }
    if (c.method !== undefined && c.key !== 'system_forecast') {
      ctx.addIssue({ code: 'custom', path: ['method'], message: 'method gäller bara kolumnen system_forecast' });
    }
  });

const columns = z
  .array(column)
  .min(1)
  .max(20)
  .superRefine((cols, ctx) => {
    const seen = new Set<string>();
    cols.forEach((c, i) => {
      if (seen.has(c.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `kolumnen "${c.key}" finns redan i tabellen` });
      seen.add(c.key);
    });
  });

const rows = z.strictObject({
  memo: z.array(z.strictObject({ label, units, after: code.optional() })).max(50).optional(),
  excluding: z.array(z.strictObject({ label, units })).max(20).optional(),
  outsideTotal: units.optional(),
  omit: units.optional(),
  order: z.array(code).min(1).max(500).optional(),
});

const filter = z
  .strictObject({
    projects: z.array(code).min(1).max(500).optional(),
    accounts: z.array(z.strictObject({ from: code, to: code })).min(1).max(50).optional(),
  })
  .superRefine((f, ctx) => {
    if (!f.projects && !f.accounts) ctx.addIssue({ code: 'custom', message: 'ska ange projects eller accounts' });
    f.accounts?.forEach((r, i) => {
      if (r.from > r.to) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'to'], message: `kontointervallet ${r.from}–${r.to} är tomt (to ska vara minst from)` });
    });
  });

/** The fields a template table adds to its spec (spread into the table schema). */
export const tableColumnFields = {
  columns: columns.optional(),
  rows: rows.optional(),
  filter: filter.optional(),
};
