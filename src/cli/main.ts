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
import { openStore, type Store } from '../store/index.ts';
import { importSie, importTabular } from '../store/ingest.ts';
import { importContent, importKolada } from '../store/ingest-content.ts';
import { CONTENT_KINDS, type ContentKind } from '../import/content/index.ts';
import { TABULAR_KINDS, type TabularKind } from '../import/tabular/index.ts';
import { parseTemplate, type ReportTemplate } from '../report/index.ts';
import { renderReport } from '../report/render.ts';
import { checkReport, formatFindings } from '../check/index.ts';
import { closePdfRenderer } from '../report/pdf/index.ts';
import { isRole, ROLES, type Role } from '../core/permissions/index.ts';
import { startServer } from '../server/node.ts';
import { seedDemo } from '../web/index.ts';
import { checkPasswordRules, hashPassword } from '../server/password.ts';
import { createUser } from '../store/users.ts';
import { writeAudit } from '../store/audit.ts';
import { registerOrgCommand } from './org.ts';

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

async function writeOutput(data: string | Buffer, out: string | undefined): Promise<void> {
  if (!out) {
    process.stdout.write(data);
    return;
  }
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, data);
  process.stderr.write(`Skrev ${out}\n`);
}

function readTemplate(file: string): ReportTemplate {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PrognosError('BAD_INPUT', `kunde inte läsa mallen: ${(e as Error).message}`, { file });
  }
  return parseTemplate(data, file);
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

const IMPORT_KINDS = [...TABULAR_KINDS, 'sie', 'kolada', ...CONTENT_KINDS] as const;

program
  .command('import')
  .description('importerar en fil (CSV/XLSX, SIE 4 eller Kolada-JSON); typerna och kolumnerna står i README')
  .argument('<kind>', IMPORT_KINDS.join(' | '))
  .argument('<file>', 'filen')
  .option('--unit-dim <n>', 'SIE-dimension för enhet (ansvar)', int('unit-dim'), 1)
  .option('--activity-dim <n>', 'SIE-dimension för verksamhet, eller none', dimOrNone('activity-dim'), null)
  .option('--project-dim <n>', 'SIE-dimension för projekt, eller none', dimOrNone('project-dim'), 6)
  .option('--id <id>', 'grid: tabellens id (används i mallen)')
  .option('--title <title>', 'grid: tabellens rubrik')
  .option('--board <code>', 'grid: nämnd; kolada: bara denna nämnds indikatorer')
  .option('--year <yyyy>', 'grid: år', int('year'))
  .option('--round <name>', 'grid: omgång, t.ex. P1')
  .action(
    (
      kind: string,
      file: string,
      o: { unitDim: number; activityDim: number | null; projectDim: number | null; id?: string; title?: string; board?: string; year?: number; round?: string },
    ) =>
      withStore(async (store, g) => {
        let summary;
        if (kind === 'sie') summary = await importSie(store, g.org, file, { unitDim: o.unitDim, activityDim: o.activityDim, projectDim: o.projectDim });
        else if (kind === 'kolada') summary = await importKolada(store, g.org, file, o.board);
        else if ((TABULAR_KINDS as readonly string[]).includes(kind)) summary = await importTabular(store, g.org, kind as TabularKind, file);
        else if ((CONTENT_KINDS as readonly string[]).includes(kind)) {
          const grid =
            kind === 'grid'
              ? { id: o.id ?? '', title: o.title ?? o.id ?? '', board: o.board ?? '', year: o.year ?? 0, round: o.round ?? '' }
              : undefined;
          if (grid && (!grid.id || !grid.board || !grid.year || !grid.round)) {
            throw new PrognosError('BAD_INPUT', 'en tabell (grid) behöver --id, --board, --year och --round', { file });
          }
          summary = await importContent(store, g.org, kind as ContentKind, file, grid);
        } else throw new PrognosError('BAD_INPUT', `okänd importtyp "${kind}" (${IMPORT_KINDS.join(', ')})`, { field: 'kind' });
        for (const w of summary.warnings) process.stderr.write(`varning: ${w}\n`);
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      }),
  );

/** The options a report is built from, shared by `report` and `check`. */
interface ReportOptions {
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
}

function reportCommand(name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('--scope <code>', 'enhet (oftast en nämnd/styrelse)')
    .requiredOption('--year <yyyy>', 'år', int('year'))
    .requiredOption('--period <m>', 'brytmånad 1–12', int('period'))
    .option('--round <name>', 'prognosomgång', 'P1')
    .option('--prev-period <m>', 'jämförelseperiod föregående år (nettoredovisningen)', int('prev-period'))
    .option('--level <label>', 'radnivå för enhetstabellen, t.ex. RN3')
    .option('--group-level <label>', 'nivå för delsummor, t.ex. RN2')
    .addOption(new Option('--sign <convention>', 'teckenkonvention').choices(['net', 'cost-positive']).default('net'));
}

function buildFromOptions(store: Store, orgId: string, o: ReportOptions): Promise<ReportModel> {
  if (!isSignName(o.sign)) throw new PrognosError('BAD_INPUT', `okänd teckenkonvention ${o.sign}`, { field: 'sign' });
  const tables = o.definition ? readDefinition(o.definition) : undefined;
  const template = o.template === undefined ? undefined : o.template === 'standard' ? ('standard' as const) : readTemplate(o.template);
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
  });
}

reportCommand('report', 'beräknar rapporten och skriver den som JSON, HTML, PDF, DOCX eller XLSX')
  .option('--definition <file>', 'JSON-fil med tabellista [{id, kind, scope, level?, groupLevel?, title?}] (bara tabeller)')
  .option('--template <name|file>', 'kapitelstruktur: standard (inbyggd delårsrapport/årsberättelse) eller en JSON-fil')
  .addOption(new Option('--format <format>', 'utdataformat').choices(['json', 'html', 'pdf', 'docx', 'xlsx']).default('json'))
  .option('-o, --output <file>', 'skriv till fil i stället för standard ut')
  .action((o: ReportOptions & { format: string; output?: string }) =>
    withStore(async (store, g) => {
      const model = await buildFromOptions(store, g.org, o);
      await writeOutput(await renderReport(model, o.format), o.output);
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

reportCommand('check', 'kontrollerar en rapport före publicering: summor, samma siffra överallt, belopp i texten, kommenterade avvikelser, tomma kapitel')
  .option('--template <name|file>', 'kapitelstruktur: standard eller en JSON-fil', 'standard')
  .option('--json', 'fynden som JSON')
  .action((o: ReportOptions & { json?: boolean }) =>
    withStore(async (store, g) => {
      const findings = checkReport(await buildFromOptions(store, g.org, o));
      process.stdout.write(o.json ? `${JSON.stringify(findings, null, 2)}\n` : `${formatFindings(findings)}\n`);
      // Errors block publishing: a non-zero exit lets a script stop there.
      if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    }),
  );

registerOrgCommand(program, withStore);

program
  .command('demo')
  .description('bygger demokommunen och dess delårsrapport (HTML och JSON)')
  .option('--out <dir>', 'katalog för rapporterna', './out/demo')
  .action((o: { out: string }) =>
    withStore(async (store) => {
      const { imports, report, programmeReport } = await buildDemo(store);
      const rows = imports.reduce((n, s) => n + s.records, 0);
      mkdirSync(o.out, { recursive: true });
      const written: string[] = [];
      for (const [model, name] of [
        [report, 'delarsrapport-p1-2024'],
        [programmeReport, 'programnamnd-p2-2022'],
      ] as const) {
        written.push(`${model.report.title}:`);
        for (const format of ['html', 'pdf', 'docx', 'xlsx', 'json']) {
          const file = resolve(o.out, `${name}.${format}`);
          writeFileSync(file, await renderReport(model, format));
          written.push(`  ${format.toUpperCase().padEnd(4)} ${file}`);
        }
      }
      const findings = checkReport(report);
      process.stdout.write(
        `Demokommunen är inläst (${rows} poster, ${store.db.kind === 'embedded' ? 'inbyggd databas' : 'PostgreSQL'}).\n` +
          `${written.join('\n')}\n` +
          `Kontroll av delårsrapporten: ${findings.filter((f) => f.severity === 'error').length} fel, ${findings.filter((f) => f.severity === 'warning').length} varningar (prognos check)\n`,
      );
    }),
  );

program
  .command('serve')
  .description('startar webbapplikationen (JSON-API:t under /api; dokumentation i /api/openapi.json)')
  .option('--port <n>', 'port', int('port'), 8080)
  .option('--host <address>', 'adress att lyssna på', '127.0.0.1')
  .option('--secure-cookies', 'sessionskakan bara över HTTPS (Secure); standard: när förfrågan är HTTPS')
  .option('--trust-proxy', 'lita på X-Forwarded-For/-Proto/-Host från en omvänd proxy')
  .option('--origin <url...>', 'fler tillåtna ursprung för ändrande anrop, t.ex. https://prognos.kommun.se')
  .option('--demo', 'läser först in demokommunen (organisation demo) med användare för varje roll och skriver ut deras lösenord')
  .action(async (o: { port: number; host: string; secureCookies?: boolean; trustProxy?: boolean; origin?: string[]; demo?: boolean }) => {
    const g = program.opts<GlobalOptions>();
    const store = await openStore({ dataDir: resolve(g.data), ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}) });
    if (o.demo) {
      process.stderr.write('Läser in demokommunen …\n');
      const seed = await seedDemo(store);
      const width = Math.max(...seed.users.map((u) => u.username.length));
      process.stdout.write(
        `Demokommunen är inläst (organisation ${seed.orgId}). Användare, alla med lösenordet ${seed.password}:\n` +
          seed.users.map((u) => `  ${u.username.padEnd(width)}  ${u.displayName}, ${u.about}`).join('\n') +
          '\n',
      );
    }
    const server = await startServer({
      store,
      port: o.port,
      host: o.host,
      secureCookies: o.secureCookies ? true : 'auto',
      trustProxy: o.trustProxy ?? false,
      allowedOrigins: o.origin ?? [],
    });
    process.stderr.write(`Prognos lyssnar på ${server.url} (${store.db.kind === 'embedded' ? `inbyggd databas i ${resolve(g.data)}` : 'PostgreSQL'}); avsluta med Ctrl-C\n`);
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stderr.write('Stänger …\n');
    await server.close();
    await store.close();
  });

/** The password of `user add`: PROGNOS_PASSWORD, else standard input (without echo on a terminal). */
async function readPassword(): Promise<string> {
  const env = process.env.PROGNOS_PASSWORD;
  if (env !== undefined && env !== '') return env;
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = '';
    for await (const chunk of stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string): Promise<string> =>
    new Promise((resolvePw, reject) => {
      process.stderr.write(prompt);
      let pw = '';
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      const onData = (s: string): void => {
        for (const ch of s) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            stdin.setRawMode(false);
            stdin.pause();
            process.stderr.write('\n');
            resolvePw(pw);
            return;
          }
          if (ch === '\u0003') {
            stdin.setRawMode(false);
            reject(new PrognosError('BAD_INPUT', 'avbrutet'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') pw = [...pw].slice(0, -1).join('');
          else pw += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Lösenord: ');
  const second = await ask('Upprepa lösenordet: ');
  if (first !== second) throw new PrognosError('BAD_INPUT', 'lösenorden är olika', { field: 'password' });
  return first;
}

const userCommand = program.command('user').description('hanterar användare av webbapplikationen');
userCommand
  .command('add')
  .description('lägger till en användare i organisationen (--org); lösenordet läses från PROGNOS_PASSWORD eller standard in')
  .argument('<username>', 'användarnamn')
  .option('--admin', 'administratör (samma som --role admin)')
  .option('--role <role>', `roll: ${ROLES.join(', ')}`)
  .option('--units <codes>', 'enheter (kommaseparerade) för rollen unit_editor')
  .option('--name <name>', 'visningsnamn')
  .action((username: string, o: { admin?: boolean; role?: string; units?: string; name?: string }) =>
    withStore(async (store, g) => {
      const role = o.admin ? 'admin' : o.role;
      if (!role || !isRole(role)) throw new PrognosError('BAD_INPUT', `ange --admin eller --role (${ROLES.join(', ')})`, { field: 'role' });
      const units = (o.units ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (role === 'unit_editor' && units.length === 0) throw new PrognosError('BAD_INPUT', 'rollen unit_editor behöver --units', { field: 'units' });
      if (!/^[A-Za-z0-9._@-]{2,100}$/.test(username)) throw new PrognosError('BAD_INPUT', 'användarnamnet får innehålla bokstäverna a–z, siffror och . _ @ - (2–100 tecken)', { field: 'username' });
      const password = await readPassword();
      checkPasswordRules(password, username);
      const passwordHash = await hashPassword(password);
      await store.ensureOrganisation(g.org);
      const user = await store.db.transaction(async (tx) => {
        const u = await createUser(tx, { orgId: g.org, username, displayName: o.name ?? '', role: role as Role, units: role === 'unit_editor' ? units : [], passwordHash });
        await writeAudit(tx, {
          orgId: g.org,
          actor: { userId: null, username: 'kommandoraden' },
          action: 'user.create',
          entity: 'user',
          entityKey: u.username,
          new: { username: u.username, displayName: u.displayName, role: u.role, units: u.units, disabled: false },
        });
        return u;
      });
      process.stdout.write(`Användaren ${user.username} (${user.role}${user.units.length ? `: ${user.units.join(', ')}` : ''}) finns nu i organisationen ${g.org}\n`);
    }),
  );

program
  .parseAsync(process.argv)
  .catch((err: unknown) => {
  const e = toPrognosError(err);
  process.stderr.write(`fel: ${e.message}\n`);
  if (e.code === 'INTERNAL' && process.env.PROGNOS_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  process.exitCode = e.code === 'BAD_INPUT' || e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED' ? 2 : 1;
  })
  // The PDF renderer keeps one browser per process: close it so the command ends.
  .finally(() => closePdfRenderer());
