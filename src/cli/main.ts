/**
 * The `prognos` command line. Thin: parses options, calls the store/report modules, prints.
 * Every error becomes a PrognosError and one Swedish line on stderr.
 */
import { Command, Option } from 'commander';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isSignName, TABLE_KINDS, type TableSpec } from '../core/compute/index.ts';
import { PrognosError, toPrognosError } from '../core/errors/index.ts';
import { buildDemo } from '../demo/index.ts';
import { buildReport, type ReportModel } from '../report/index.ts';
import { renderHtml } from '../report/html/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { assertKind, importSie, importTabular } from '../store/ingest.ts';

interface GlobalOptions {
  data: string;
  org: string;
}

const program = new Command();
program
  .name('prognos')
  .description('Budgetuppföljning, helårsprognoser och delårsrapporter för kommuner')
  .option('--data <dir>', 'datakatalog för den inbyggda databasen (ignoreras när DATABASE_URL är satt)', './prognos-data')
  .option('--org <id>', 'organisation (kommun) i databasen', 'default')
  .showHelpAfterError();

async function withStore<T>(fn: (store: Store, g: GlobalOptions) => Promise<T>): Promise<T> {
  const g = program.opts<GlobalOptions>();
  const store = await openStore({ dataDir: resolve(g.data), ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}) });
  try {
    return await fn(store, g);
  } finally {
    await store.close();
  }
}

const int = (name: string) => (v: string): number => {
  if (!/^-?\d+$/.test(v)) throw new PrognosError('BAD_INPUT', `${name} måste vara ett heltal, inte "${v}"`, { field: name });
  return Number(v);
};
const dimOrNone = (name: string) => (v: string): number | null => (v === 'none' ? null : int(name)(v));

function writeOutput(text: string, out: string | undefined): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, text);
  process.stderr.write(`Skrev ${out}\n`);
}

export function renderReport(model: ReportModel, format: string): string {
  if (format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  if (format === 'html') return renderHtml(model);
  throw new PrognosError('UNSUPPORTED', `formatet ${format} stöds inte ännu (json, html)`, { field: 'format' });
}

program
  .command('init')
  .description('skapar eller uppgraderar databasen')
  .action(() =>
    withStore(async (store, g) => {
      await store.ensureOrganisation(g.org);
      process.stderr.write(`Databasen är klar (${store.db.kind}); organisation ${g.org}\n`);
    }),
  );

program
  .command('import')
  .description('importerar en fil: org, accounts, activities, amounts (CSV/XLSX) eller sie (SIE 4)')
  .argument('<kind>', 'org | accounts | activities | amounts | sie')
  .argument('<file>', 'filen')
  .option('--unit-dim <n>', 'SIE-dimension för enhet (ansvar)', int('unit-dim'), 1)
  .option('--activity-dim <n>', 'SIE-dimension för verksamhet, eller none', dimOrNone('activity-dim'), null)
  .option('--project-dim <n>', 'SIE-dimension för projekt, eller none', dimOrNone('project-dim'), 6)
  .action((kind: string, file: string, o: { unitDim: number; activityDim: number | null; projectDim: number | null }) =>
    withStore(async (store, g) => {
      const k = assertKind(kind);
      const summary =
        k === 'sie'
          ? await importSie(store, g.org, file, { unitDim: o.unitDim, activityDim: o.activityDim, projectDim: o.projectDim })
          : await importTabular(store, g.org, k, file);
      for (const w of summary.warnings) process.stderr.write(`varning: ${w}\n`);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    }),
  );

program
  .command('report')
  .description('beräknar rapportens tabeller och skriver dem som JSON eller HTML')
  .requiredOption('--scope <code>', 'enhet (oftast en nämnd/styrelse)')
  .requiredOption('--year <yyyy>', 'år', int('year'))
  .requiredOption('--period <m>', 'brytmånad 1–12', int('period'))
  .option('--round <name>', 'prognosomgång', 'P1')
  .option('--prev-period <m>', 'jämförelseperiod föregående år (nettoredovisningen)', int('prev-period'))
  .option('--level <label>', 'radnivå för enhetstabellen, t.ex. RN3')
  .option('--group-level <label>', 'nivå för delsummor, t.ex. RN2')
  .addOption(new Option('--sign <convention>', 'teckenkonvention').choices(['net', 'cost-positive']).default('net'))
  .option('--definition <file>', 'JSON-fil med tabellista [{id, kind, scope, level?, groupLevel?, title?}]')
  .addOption(new Option('--format <format>', 'utdataformat').choices(['json', 'html']).default('json'))
  .option('-o, --output <file>', 'skriv till fil i stället för standard ut')
  .action(
    (o: { scope: string; year: number; period: number; round: string; prevPeriod?: number; level?: string; groupLevel?: string; sign: string; definition?: string; format: string; output?: string }) =>
      withStore(async (store, g) => {
        if (!isSignName(o.sign)) throw new PrognosError('BAD_INPUT', `okänd teckenkonvention ${o.sign}`, { field: 'sign' });
        const tables = o.definition ? readDefinition(o.definition) : undefined;
        const model = await buildReport(store, {
          orgId: g.org,
          scope: o.scope,
          year: o.year,
          period: o.period,
          round: o.round,
          sign: o.sign,
          ...(o.prevPeriod !== undefined ? { prevPeriod: o.prevPeriod } : {}),
          ...(o.level ? { level: o.level } : {}),
          ...(o.groupLevel ? { groupLevel: o.groupLevel } : {}),
          ...(tables ? { tables } : {}),
        });
        writeOutput(renderReport(model, o.format), o.output);
      }),
  );

function readDefinition(file: string): TableSpec[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PrognosError('BAD_INPUT', `kunde inte läsa tabelldefinitionen: ${(e as Error).message}`, { file });
  }
  if (!Array.isArray(data)) throw new PrognosError('BAD_INPUT', 'tabelldefinitionen ska vara en JSON-lista', { file });
  return data.map((t: Record<string, unknown>, i) => {
    const where = { file, field: `[${i}]` };
    if (typeof t.id !== 'string' || typeof t.scope !== 'string' || !TABLE_KINDS.includes(t.kind as never)) {
      throw new PrognosError('BAD_INPUT', `tabell ${i + 1} behöver id, scope och kind (${TABLE_KINDS.join(', ')})`, where);
    }
    return t as unknown as TableSpec;
  });
}

program
  .command('demo')
  .description('bygger demokommunen och dess delårsrapport (HTML och JSON)')
  .option('--out <dir>', 'katalog för rapporterna', './out/demo')
  .action((o: { out: string }) =>
    withStore(async (store) => {
      const { imports, report } = await buildDemo(store);
      const rows = imports.reduce((n, s) => n + s.records, 0);
      mkdirSync(o.out, { recursive: true });
      const html = resolve(o.out, 'delarsrapport-p1-2024.html');
      const json = resolve(o.out, 'delarsrapport-p1-2024.json');
      writeFileSync(html, renderHtml(report));
      writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(
        `Demokommunen är inläst (${rows} poster, ${store.db.kind === 'embedded' ? 'inbyggd databas' : 'PostgreSQL'}).\n` +
          `${report.report.title}: ${report.tables.length} tabeller\n` +
          `  HTML: ${html}\n  JSON: ${json}\n`,
      );
    }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = toPrognosError(err);
  process.stderr.write(`fel: ${e.message}\n`);
  if (e.code === 'INTERNAL' && process.env.PROGNOS_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = e.code === 'BAD_INPUT' || e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED' ? 2 : 1;
});
