/** `prognos report` and `prognos check`: a report built from the store, rendered or checked. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TableSpec } from '../core/compute/index.ts';
import { PrognosError } from '../core/errors/index.ts';
import type { ReportModel, ReportTemplate } from '../report/index.ts';
import type { ReportDecision } from '../report/model.ts';
import type { Store } from '../store/index.ts';
import { withStore, type GlobalOptions } from './context.ts';
import { progress } from './progress.ts';
import { render } from './render.ts';

/** The options a report is built from, shared by `report` and `check`. */
export interface ReportOptions {
  scope: string;
  year: number;
  period: number;
  round: string;
  prevPeriod?: number;
  level?: string;
  groupLevel?: string;
  sign: string;
  template?: string;
  definition?: string;
  /** The decision printed on the cover: body, ISO date, minutes' paragraph. */
  decidedBy?: string;
  decidedOn?: string;
  paragraph?: string;
}

/** The decision on the cover from the options, checked: a date is a real ISO date. */
export function decisionOf(o: Pick<ReportOptions, 'decidedBy' | 'decidedOn' | 'paragraph'>): ReportDecision | undefined {
  const by = o.decidedBy?.trim();
  const date = o.decidedOn?.trim();
  const paragraph = o.paragraph?.trim();
  if (date !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]) || Number(m[1]) < 1900) {
      throw new PrognosError('BAD_INPUT', `--decided-on ska vara ett datum som 2024-06-03, inte "${date}"`, { field: 'decided-on' });
    }
  }
  if (!by && !date) {
    if (paragraph) throw new PrognosError('BAD_INPUT', '--paragraph behöver --decided-by eller --decided-on', { field: 'paragraph' });
    return undefined;
  }
  return { ...(by ? { by } : {}), ...(date ? { date } : {}), ...(paragraph ? { paragraph: /^§/.test(paragraph) ? paragraph : `§ ${paragraph}` } : {}) };
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PrognosError('BAD_INPUT', `kunde inte läsa ${what}: ${(e as Error).message}`, { file });
  }
}

async function readDefinition(file: string): Promise<TableSpec[]> {
  const data = readJson(file, 'tabelldefinitionen');
  if (!Array.isArray(data)) throw new PrognosError('BAD_INPUT', 'tabelldefinitionen ska vara en JSON-lista', { file });
  const { TABLE_KINDS } = await import('../core/compute/index.ts');
  const tables = data.map((t: Record<string, unknown>, i) => {
    const where = { file, field: `[${i}]` };
    if (typeof t.id !== 'string' || typeof t.scope !== 'string' || !TABLE_KINDS.includes(t.kind as never)) {
      throw new PrognosError('BAD_INPUT', `tabell ${i + 1} behöver id, scope och kind (${TABLE_KINDS.join(', ')})`, where);
    }
    return t as unknown as TableSpec;
  });
  const { checkDefinitionColumnSets } = await import('../report/columns/definition.ts');
  checkDefinitionColumnSets(data as Array<Record<string, unknown>>, file);
  return tables;
}

/** `stored` (the board's newest stored template), `stored:ID` (its newest version) or `stored:ID@N`. */
async function storedTemplate(store: Store, orgId: string, board: string, spec: string): Promise<ReportTemplate> {
  const m = /^stored(?::([A-Za-z0-9_-]+)(?:@(\d+))?)?$/.exec(spec);
  if (!m) throw new PrognosError('BAD_INPUT', `ogiltig mall "${spec}" (stored, stored:ID eller stored:ID@VERSION)`, { field: 'template' });
  const { getTemplate, latestTemplate } = await import('../store/templates.ts');
  let id = m[1];
  if (id === undefined) {
    const latest = await latestTemplate(store.db, orgId, board);
    if (!latest) throw new PrognosError('NOT_FOUND', `det finns ingen sparad mall för ${board} (prognos template set)`, { field: 'template' });
    id = latest.templateId;
  }
  return (await getTemplate(store.db, orgId, board, id, m[2] !== undefined ? Number(m[2]) : undefined)).body;
}

async function buildFromOptions(store: Store, orgId: string, o: ReportOptions): Promise<ReportModel> {
  const { isSignName } = await import('../core/compute/index.ts');
  if (!isSignName(o.sign)) throw new PrognosError('BAD_INPUT', `okänd teckenkonvention ${o.sign}`, { field: 'sign' });
  const { buildReport, parseTemplate } = await import('../report/index.ts');
  const tables = o.definition ? await readDefinition(o.definition) : undefined;
  const decision = decisionOf(o);
  const template: 'standard' | ReportTemplate | undefined =
    o.template === undefined
      ? undefined
      : o.template === 'standard'
        ? 'standard'
        : /^stored(:|$)/.test(o.template)
          ? await storedTemplate(store, orgId, o.scope, o.template)
          : parseTemplate(readJson(o.template, 'mallen'), o.template);
  progress().phase(`beräknar rapporten för ${o.scope}`);
  return buildReport(store, {
    orgId,
    scope: o.scope,
    year: o.year,
    period: o.period,
    round: o.round,
    sign: o.sign,
    ...(o.prevPeriod !== undefined ? { prevPeriod: o.prevPeriod } : {}),
    ...(o.level ? { level: o.level } : {}),
    ...(o.groupLevel ? { groupLevel: o.groupLevel } : {}),
    ...(tables ? { tables } : {}),
    ...(template ? { template } : {}),
    ...(decision ? { decision } : {}),
  });
}

function writeOutput(data: string | Buffer, out: string | undefined): void {
  if (!out) {
    process.stdout.write(data);
    return;
  }
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, data);
  process.stderr.write(`Skrev ${out}\n`);
}

export async function runReport(g: GlobalOptions, o: ReportOptions & { format: string; output?: string }): Promise<void> {
  const data = await withStore(g, async (store) => {
    const model = await buildFromOptions(store, g.org, o);
    progress().phase(`skriver ${o.format.toUpperCase()}`);
    return render(model, o.format);
  });
  writeOutput(data, o.output);
}

export async function runCheck(g: GlobalOptions, o: ReportOptions & { json?: boolean }): Promise<void> {
  const model = await withStore(g, (store) => buildFromOptions(store, g.org, o));
  const { checkReport, formatFindings } = await import('../check/index.ts');
  const findings = checkReport(model);
  process.stdout.write(o.json ? `${JSON.stringify(findings, null, 2)}\n` : `${formatFindings(findings)}\n`);
  // Errors block publishing: a non-zero exit lets a script stop there.
  if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
}
