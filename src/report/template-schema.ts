/**
 * The JSON contract of a report template (`ReportTemplate`), validated with zod. Every object
 * is strict: an unknown key or block is an error, never ignored. Errors are Swedish and name
 * the JSON path and field, e.g. `chapters[3].blocks[2].table: okänd nyckel "x"`.
 */
import { RECONCILIATION_LABELS } from './reconciliation.ts';
import { z } from 'zod';
import { TABLE_KINDS } from '../core/compute/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import { MEASURE_COLUMNS, type ReportTemplate } from './template.ts';
import { decisionBlockSchema, documentSchema } from './template-document.ts';
import { tableColumnFields } from './columns/schema.ts';

const text = z.string().min(1).max(200);

const tableSpec = z.strictObject({
  id: text,
  kind: z.enum(TABLE_KINDS as [string, ...string[]]),
  scope: text,
  level: text.optional(),
  groupLevel: text.optional(),
  by: z.enum(['unit', 'project']).optional(),
  title: z.string().max(300).optional(),
  ...tableColumnFields,
});

/** One schema per block, chosen by the block's own key (the key that names what it is). */
const BLOCKS = {
  narrative: z.strictObject({ narrative: text, required: z.boolean().optional() }),
  table: z.strictObject({ table: tableSpec }),
  chart: z.strictObject({ chart: z.enum(['variance-by-row', 'cost-development']), table: text }),
  /** `{ chart: 'grid', grid, columns }`: chosen by the chart key's value, not listed as a block of its own. */
  gridChart: z.strictObject({
    chart: z.literal('grid'),
    grid: text,
    columns: z.array(text).min(1).max(50),
    match: text.optional(),
    kind: z.enum(['bar', 'line']).optional(),
    unit: z.string().max(40).optional(),
    title: z.string().max(300).optional(),
  }),
  grid: z.strictObject({ grid: text }),
  measures: z.strictObject({
    measures: z.literal(true),
    labels: z.strictObject(Object.fromEntries(MEASURE_COLUMNS.map((k) => [k, text.optional()])) as Record<(typeof MEASURE_COLUMNS)[number], z.ZodOptional<typeof text>>).optional(),
  }),
  goals: z.strictObject({ goals: z.literal(true) }),
  observations: z.strictObject({
    observations: z.literal(true),
    labels: z.strictObject({ area: text.optional(), positive: text.optional(), improvement: text.optional() }).optional(),
    bullets: z.boolean().optional(),
  }),
  indicators: z.strictObject({ indicators: z.literal(true) }),
  rollforward: z.strictObject({ rollforward: z.literal(true) }),
  appendices: z.strictObject({ appendices: z.literal(true) }),
  reconciliation: z.strictObject({
    reconciliation: z.literal('intrapreneurships'),
    of: text,
    id: text.optional(),
    title: z.string().max(300).optional(),
    labels: z.strictObject(Object.fromEntries(RECONCILIATION_LABELS.map((k) => [k, text.optional()])) as Record<(typeof RECONCILIATION_LABELS)[number], z.ZodOptional<typeof text>>).optional(),
  }),
  decision: decisionBlockSchema,
} as const;
const BLOCK_KINDS = (Object.keys(BLOCKS) as Array<keyof typeof BLOCKS>).filter((k) => k !== 'gridChart');

const block = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'ska vara ett objekt' });
    return;
  }
  // `chart` blocks also carry `table` (the table drawn): the chart key decides.
  const keys = Object.keys(value);
  const kind = keys.includes('chart') ? ((value as { chart?: unknown }).chart === 'grid' ? 'gridChart' : 'chart') : BLOCK_KINDS.find((k) => keys.includes(k));
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: `okänt block${keys.length ? ` "${keys.join(', ')}"` : ''} (tillåtna: ${BLOCK_KINDS.join(', ')})` });
    return;
  }
  const r = BLOCKS[kind].safeParse(value, { reportInput: true });
  if (!r.success) {
    for (const issue of r.error.issues) {
      ctx.addIssue({ code: 'custom', message: swedish(issue), path: issue.path, params: issue.code === 'unrecognized_keys' ? { key: issue.keys[0] } : {} });
    }
  }
});

const chapter = z.strictObject({
  id: text,
  number: z.string().max(20).nullable(),
  title: z.string().min(1).max(300),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  blocks: z.array(block),
});

export const templateSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  name: z.string().min(1).max(200).optional(),
  chapters: z.array(chapter),
  document: documentSchema.optional(),
  percentages: z.strictObject({ limit: z.number().positive().finite().optional(), emptyOnOppositeSigns: z.boolean().optional(), printOnBaseRoundingToZero: z.boolean().optional() }).optional(),
});

/** `chapters[3].blocks[2].table` */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

const typeName = (expected: string): string =>
  ({ string: 'text', number: 'ett tal', boolean: 'true eller false', array: 'en lista', object: 'ett objekt' })[expected] ?? expected;

/** The reason of one zod issue in Swedish (the path is added by the caller). */
function swedish(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `okänd nyckel ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      return issue.input === undefined ? `saknas (ska vara ${typeName(issue.expected)})` : `ska vara ${typeName(issue.expected)}`;
    case 'invalid_value':
      return `ska vara ${issue.values.map((v) => JSON.stringify(v)).join(' eller ')}`;
    case 'invalid_union':
      return 'ska vara 1, 2 eller 3';
    case 'too_small':
      return issue.origin === 'string' ? 'får inte vara tom' : issue.origin === 'array' ? `ska ha minst ${String(issue.minimum)} värde` : `ska vara större än ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' ? `får vara högst ${String(issue.maximum)} tecken` : `ska vara högst ${String(issue.maximum)}`;
    case 'invalid_format':
      return 'får bara innehålla bokstäver a–z, siffror, - och _ (högst 60 tecken)';
    default:
      return issue.message;
  }
}

export interface TemplateProblem {
  /** JSON path of the field, e.g. `chapters[3].blocks[2].table.x`. */
  field: string;
  /** The whole Swedish message, path first. */
  message: string;
}

/** Every problem of a template (empty when it is valid), in document order. */
export function templateProblems(data: unknown): TemplateProblem[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [{ field: '', message: 'mallen ska vara ett JSON-objekt' }];
  const r = templateSchema.safeParse(data, { reportInput: true });
  const problems: TemplateProblem[] = [];
  if (!r.success) {
    for (const issue of r.error.issues) {
      const where = jsonPath(issue.path);
      const reason = issue.code === 'custom' ? issue.message : swedish(issue);
      // An unknown key's field is the key itself (a block's own issues carry it in params).
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.code === 'custom' ? (issue.params as { key?: string } | undefined)?.key : undefined;
      const field = key !== undefined ? jsonPath([...issue.path, key]) : where;
      problems.push({ field, message: where ? `${where}: ${reason}` : reason });
    }
    return problems;
  }
  // References inside the template: unique chapter and table ids, charts of a table in the template.
  const t = r.data;
  const chapterIds = new Set<string>();
  const tableIds = new Set<string>();
  t.chapters.forEach((c, i) => {
    if (chapterIds.has(c.id)) problems.push({ field: `chapters[${i}].id`, message: `chapters[${i}].id: kapitel-id "${c.id}" finns redan i mallen` });
    chapterIds.add(c.id);
    c.blocks.forEach((b, j) => {
      const bb = b as { table?: unknown };
      if (typeof bb.table === 'object' && bb.table !== null) {
        const id = (bb.table as { id: string }).id;
        if (tableIds.has(id)) problems.push({ field: `chapters[${i}].blocks[${j}].table.id`, message: `chapters[${i}].blocks[${j}].table.id: tabell-id "${id}" finns redan i mallen` });
        tableIds.add(id);
      }
    });
  });
  t.chapters.forEach((c, i) =>
    c.blocks.forEach((b, j) => {
      const bb = b as { chart?: unknown; table?: unknown; reconciliation?: unknown; of?: unknown };
      if (bb.chart !== undefined && typeof bb.table === 'string' && !tableIds.has(bb.table)) {
        problems.push({ field: `chapters[${i}].blocks[${j}].table`, message: `chapters[${i}].blocks[${j}].table: diagrammet hänvisar till tabellen "${bb.table}", som inte finns i mallen` });
      }
      if (bb.reconciliation !== undefined && typeof bb.of === 'string' && !tableIds.has(bb.of)) {
        problems.push({ field: `chapters[${i}].blocks[${j}].of`, message: `chapters[${i}].blocks[${j}].of: avstämningen hänvisar till tabellen "${bb.of}", som inte finns i mallen` });
      }
    }),
  );
  return problems;
}

/**
 * Validates a template (JSON read from a file or an upload); the error names the path and the
 * field of the first problem, the others follow in `details.problems`.
 */
export function parseTemplate(data: unknown, file: string): ReportTemplate {
  const problems = templateProblems(data);
  if (problems.length > 0) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (och ${problems.length - 1} fel till)` : '';
    throw new PrognosError('BAD_INPUT', `mallen är ogiltig: ${first.message}${more}`, { file, ...(first.field ? { field: first.field } : {}) }, { details: { problems } });
  }
  return data as ReportTemplate;
}
