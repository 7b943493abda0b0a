/**
 * The `prognos` command line. Thin: parses options, calls the store/report modules, prints.
 * Every error becomes a PrognosError and one Swedish line on stderr.
 *
 * Only the option parsing is loaded at start: each command's action imports its module (and
 * that module the store, renderers or server) when the command runs, so `prognos --help` or a
 * small import does not pay for Vega, docx, Chromium's driver or the server.
 */
import { Command, Option } from 'commander';
import { toPrognosError } from '../core/errors/index.ts';
import { ROLES } from '../core/permissions/index.ts';
import { dimOrNone, int, withStore, type GlobalOptions } from './context.ts';
import type { ImportOptions } from './import.ts';
import type { OrgSetOptions } from './org.ts';
import type { OidcMapOptions, OidcSetOptions } from './oidc.ts';
import { IMPORT_KINDS } from './kinds.ts';
import { progress } from './progress.ts';
import { closeRenderers } from './render.ts';
import type { ReportOptions } from './report.ts';
import type { ServeOptions } from './serve.ts';
import type { TemplatePick } from './template.ts';
import type { UserAddOptions, UserSetOptions } from './user.ts';

const program = new Command();
program
  .name('prognos')
  .description('Budgetuppföljning, helårsprognoser och delårsrapporter för kommuner')
  .option('--data <dir>', 'datakatalog för den inbyggda databasen (ignoreras när DATABASE_URL är satt)', './prognos-data')
  .option('--org <id>', 'organisation (kommun) i databasen', 'default')
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();

program
  .command('init')
  .description('skapar eller uppgraderar databasen')
  .action(() =>
    withStore(globals(), async (store) => {
      await store.ensureOrganisation(globals().org);
      process.stderr.write(`Databasen är klar (${store.db.kind}); organisation ${globals().org}\n`);
    }),
  );

program
  .command('import')
  .description('importerar en fil (CSV/XLSX, SIE 4 eller Kolada-JSON); typerna och kolumnerna står i README')
  .argument('<kind>', IMPORT_KINDS.join(' | '))
  .argument('<file>', 'filen')
  .option('--unit-dim <n>', 'SIE-dimension för enhet (ansvar)', int('unit-dim'), 1)
  .option('--activity-dim <n>', 'SIE-dimension för verksamhet, eller none', dimOrNone('activity-dim'), null)
  .option('--project-dim <n>', 'SIE-dimension för projekt, eller none (standard 6)', dimOrNone('project-dim'))
  .option('--id <id>', 'grid: tabellens id (används i mallen)')
  .option('--title <title>', 'grid: tabellens rubrik')
  .option('--board <code>', 'grid: nämnd; kolada: bara denna nämnds indikatorer')
  .option('--year <yyyy>', 'grid: år', int('year'))
  .option('--round <name>', 'grid: omgång, t.ex. P1')
  .option('--dry-run', 'läser och kontrollerar filen och visar vad som skulle importeras, ersättas och tas bort, utan att spara något')
  .option('--json', 'sammanfattningen som JSON')
  .action(async (kind: string, file: string, o: ImportOptions) => (await import('./import.ts')).runImport(globals(), kind, file, o));

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

reportCommand('report', 'beräknar rapporten och skriver den som JSON, HTML, PDF, DOCX eller XLSX')
  .option('--definition <file>', 'JSON-fil med tabellista [{id, kind, scope, level?, groupLevel?, title?, columns?, rows?, filter?}] (bara tabeller)')
  .option('--template <name|file>', 'kapitelstruktur: standard (inbyggd delårsrapport/årsberättelse), stored[:ID[@VERSION]] (nämndens sparade mall) eller en JSON-fil')
  .option('--decided-by <organ>', 'försättsbladet: vem som beslutade rapporten, t.ex. Kommunstyrelsen')
  .option('--decided-on <datum>', 'försättsbladet: beslutsdatum, t.ex. 2024-06-03')
  .option('--paragraph <§>', 'försättsbladet: protokollets paragraf, t.ex. 87')
  .addOption(new Option('--format <format>', 'utdataformat').choices(['json', 'html', 'pdf', 'docx', 'xlsx']).default('json'))
  .option('-o, --output <file>', 'skriv till fil i stället för standard ut')
  .action(async (o: ReportOptions & { format: string; output?: string }) => (await import('./report.ts')).runReport(globals(), o));

reportCommand('check', 'kontrollerar en rapport före publicering: summor, samma siffra överallt, belopp i texten, kommenterade avvikelser, tomma kapitel')
  .option('--template <name|file>', 'kapitelstruktur: standard, stored[:ID[@VERSION]] (nämndens sparade mall) eller en JSON-fil', 'standard')
  .option('--json', 'fynden som JSON')
  .action(async (o: ReportOptions & { json?: boolean }) => (await import('./report.ts')).runCheck(globals(), o));

const org = program.command('org').description('kommunens namn och logotyp på rapporternas försättsblad');
org
  .command('show')
  .description('visar organisationens inställningar')
  .action(async () => (await import('./org.ts')).runOrgShow(globals()));
org
  .command('set')
  .description('sätter kommunens namn och/eller logotyp (PNG, JPEG eller SVG, högst 1 MB)')
  .option('--name <name>', 'kommunens namn, t.ex. "Örebro kommun"')
  .option('--logo <file>', 'logotypens fil')
  .option('--no-logo', 'tar bort logotypen')
  .option('--host-names <names>', 'värdnamn (kommaseparerade) som väljer organisationen vid inloggning, t.ex. prognos.orebro.se; "" tar bort dem')
  .action(async (o: OrgSetOptions) => (await import('./org.ts')).runOrgSet(globals(), o));

const oidc = org.command('oidc').description('inloggning med OpenID Connect (t.ex. Microsoft Entra ID): leverantör, roller och enheter från anspråk');
oidc
  .command('show')
  .description('visar organisationens inloggning med OpenID Connect (aldrig klienthemligheten)')
  .action(async () => (await import('./oidc.ts')).runOidcShow(globals()));
oidc
  .command('set')
  .description('skapar eller ändrar inloggningen; första gången krävs --issuer och --client-id')
  .option('--name <name>', 'leverantörens namn på knappen "Logga in med …", t.ex. "Microsoft Entra ID"')
  .option('--issuer <url>', 'utfärdarens adress, t.ex. https://login.microsoftonline.com/<katalog-id>/v2.0')
  .option('--client-id <id>', 'klient-id (Entra ID: programmets id)')
  .option('--client-secret-env <name>', 'miljövariabeln som servern läser klienthemligheten från')
  .option('--client-secret-file <path>', 'filen som servern läser klienthemligheten från')
  .option('--no-client-secret', 'ingen klienthemlighet (publik klient)')
  .option('--scopes <list>', 'omfattningar (scopes), mellanslagsseparerade; standard "openid profile email"')
  .option('--role-claim <claim>', 'anspråket vars värden ger roller; standard groups (Entra ID: groups eller roles)')
  .option('--username-claim <claim>', 'anspråket som ger användarnamnet; standard preferred_username')
  .option('--create-users', 'skapar användare vid första inloggningen')
  .option('--no-create-users', 'bara användare som redan finns i Prognos kan logga in')
  .option('--local-passwords', 'tillåter även lösenord i Prognos')
  .option('--no-local-passwords', 'stänger av lösenord i Prognos för organisationen')
  .action(async (o: OidcSetOptions) => (await import('./oidc.ts')).runOidcSet(globals(), o));
oidc
  .command('map')
  .description('kopplar ett värde i rollanspråket (t.ex. en grupps id) till en roll och, för editor, enheter')
  .argument('<value>', 'anspråkets värde, t.ex. gruppens objekt-id i Entra ID')
  .requiredOption('--role <role>', 'roll: admin, controller, editor (enhetsredigerare) eller reader')
  .option('--units <codes>', 'enheter (kommaseparerade) för rollen editor')
  .action(async (value: string, o: OidcMapOptions) => (await import('./oidc.ts')).runOidcMap(globals(), value, o));
oidc
  .command('unmap')
  .description('tar bort kopplingen av ett värde')
  .argument('<value>', 'anspråkets värde')
  .action(async (value: string) => (await import('./oidc.ts')).runOidcUnmap(globals(), value));
oidc
  .command('remove')
  .description('tar bort inloggningen med OpenID Connect')
  .action(async () => (await import('./oidc.ts')).runOidcRemove(globals()));

const template = program.command('template').description('nämndernas rapportmallar (kapitelstruktur som JSON), sparade i versioner');
const pickOptions = (c: Command): Command =>
  c
    .requiredOption('--board <code>', 'nämnd')
    .option('--id <id>', 'mallens id (standard: nämndens senast sparade mall)')
    .option('--version <n>', 'version (standard: den senaste)', int('version'));
template
  .command('list')
  .description('listar de sparade mallarna och deras versioner')
  .option('--board <code>', 'bara denna nämnd')
  .option('--json', 'som JSON')
  .action(async (o: { board?: string; json?: boolean }) => (await import('./template.ts')).runTemplateList(globals(), o));
pickOptions(template.command('show').description('visar en sparad mall: version, vem som sparade den och kapitlen'))
  .option('--json', 'som JSON (mallen i body)')
  .action(async (o: TemplatePick & { json?: boolean }) => (await import('./template.ts')).runTemplateShow(globals(), o));
template
  .command('set')
  .description('sparar en mall (JSON-fil) för en nämnd som ny version av mallens id')
  .argument('<file>', 'mallens JSON-fil')
  .requiredOption('--board <code>', 'nämnd')
  .option('--json', 'den sparade versionen som JSON')
  .action(async (file: string, o: { board: string; json?: boolean }) => (await import('./template.ts')).runTemplateSet(globals(), file, o));
pickOptions(template.command('get').description('skriver en sparad mall som JSON (eller med --builtin den inbyggda, att utgå från)'))
  .option('--builtin', 'den inbyggda mallen')
  .option('--annual', 'med --builtin: årsberättelsen i stället för delårsrapporten')
  .option('--level <label>', 'med --builtin: radnivå för enhetstabellen, t.ex. RN3')
  .option('-o, --output <file>', 'skriv till fil i stället för standard ut')
  .action(async (o: TemplatePick & { builtin?: boolean; annual?: boolean; level?: string; output?: string }) => (await import('./template.ts')).runTemplateGet(globals(), o));

const documentCmd = program.command('document').description('en omgångs dokumentuppgifter: titel, beslutande organ, datum, § och diarienummer');
documentCmd.command('show').requiredOption('--round <id>', 'omgångens id', int('round')).action(async (o: { round: number }) => (await import('./document.ts')).runDocumentShow(globals(), o));
documentCmd
  .command('set')
  .description('sätter de uppgifter som anges (tom text tömmer en); mallens värde gäller för det som inte är satt')
  .requiredOption('--round <id>', 'omgångens id', int('round'))
  .option('--title <text>', 'rapportens titel')
  .option('--decided-by <organ>', 'beslutande organ, t.ex. Kommunstyrelsen')
  .option('--decided-on <datum>', 'beslutsdatum, t.ex. 2024-06-03')
  .option('--paragraph <§>', 'protokollets paragraf, t.ex. 87')
  .option('--diary-number <dnr>', 'diarienummer, t.ex. Ks 181/2022')
  .action(async (o: { round: number; title?: string; decidedBy?: string; decidedOn?: string; paragraph?: string; diaryNumber?: string }) => (await import('./document.ts')).runDocumentSet(globals(), o));
const appendixCmd = program.command('appendix').description('bilagor (PDF) till en omgångs rapport');
appendixCmd.command('list').requiredOption('--round <id>', 'omgångens id', int('round')).action(async (o: { round: number }) => (await import('./document.ts')).runAppendixList(globals(), o));
appendixCmd
  .command('add')
  .description('bifogar en PDF-fil (högst 1,9 MB)')
  .argument('<file>', 'PDF-filen')
  .requiredOption('--round <id>', 'omgångens id', int('round'))
  .option('--title <text>', 'bilagans titel (standard: filens namn)')
  .action(async (file: string, o: { round: number; title?: string }) => (await import('./document.ts')).runAppendixAdd(globals(), file, o));
appendixCmd
  .command('remove')
  .requiredOption('--round <id>', 'omgångens id', int('round'))
  .requiredOption('--id <n>', 'bilagans nummer', int('id'))
  .action(async (o: { round: number; id: number }) => (await import('./document.ts')).runAppendixRemove(globals(), o));

program
  .command('demo')
  .description('publicerar demons fem referensrapporter genom var sin omgång och skriver dem i alla format (HTML, PDF, DOCX, XLSX, JSON)')
  .option('--out <dir>', 'katalog för rapporterna', './out/demo')
  .action(async (o: { out: string }) => (await import('./demo.ts')).runDemo(globals(), o));

program
  .command('serve')
  .description('startar webbapplikationen (JSON-API:t under /api; dokumentation i /api/openapi.json)')
  .option('--port <n>', 'port', int('port'), 8080)
  .option('--host <address>', 'adress att lyssna på', '127.0.0.1')
  .option('--secure-cookies', 'sessionskakan bara över HTTPS (Secure); standard: när förfrågan är HTTPS')
  .option('--trust-proxy', 'lita på X-Forwarded-For/-Proto/-Host från en omvänd proxy')
  .option('--origin <url...>', 'fler tillåtna ursprung för ändrande anrop, t.ex. https://prognos.kommun.se')
  .option('--public-url <url>', 'serverns adress som webbläsarna ser den, t.ex. https://prognos.kommun.se: omdirigeringsadressen för inloggning med OpenID Connect och länkarna i e-posten (standard PROGNOS_PUBLIC_URL eller serverns egen)')
  .option('--allowed-host <name...>', 'fler värdnamn att svara på (utöver localhost, 127.0.0.1, [::1], --public-url, --origin och organisationernas värdnamn); * svarar på alla')
  .option('--demo', 'läser först in demokommunen (organisation demo) med användare för varje roll och skriver ut deras lösenord')
  .option('--smtp-url <url>', 'e-post via denna SMTP-server, t.ex. smtp://user:lösen@smtp.kommun.se:587 (smtps:// för TLS direkt; ?starttls=required, ?tls-verify=false); standard PROGNOS_SMTP_URL')
  .option('--smtp-from <address>', 'avsändare, t.ex. "Prognos <prognos@kommun.se>"; standard PROGNOS_SMTP_FROM')
  .action(async (o: ServeOptions) => (await import('./serve.ts')).runServe(globals(), o));

const userCommand = program.command('user').description('hanterar användare av webbapplikationen (i organisationen --org); varje ändring skrivs i ändringsloggen');
userCommand
  .command('list')
  .description('listar organisationens användare med roll, enheter, status och senaste inloggning')
  .option('--json', 'användarna som JSON')
  .action(async (o: { json?: boolean }) => (await import('./user.ts')).runUserList(globals(), o));
userCommand
  .command('add')
  .description('lägger till en användare i organisationen (--org); lösenordet läses från PROGNOS_PASSWORD eller standard in')
  .argument('<username>', 'användarnamn')
  .option('--admin', 'administratör (samma som --role admin)')
  .option('--role <role>', `roll: ${ROLES.join(', ')}`)
  .option('--units <codes>', 'enheter (kommaseparerade) för rollen unit_editor')
  .option('--name <name>', 'visningsnamn')
  .option('--must-change-password', 'användaren måste byta lösenord vid första inloggningen')
  .option('--json', 'användaren som JSON')
  .action(async (username: string, o: UserAddOptions) => (await import('./user.ts')).runUserAdd(globals(), username, o));
userCommand
  .command('email')
  .description('anger användarens e-postadress för aviseringar (utan adress: tar bort den)')
  .argument('<username>', 'användarnamn')
  .argument('[address]', 'e-postadress, t.ex. anna.berg@kommun.se')
  .action(async (username: string, address: string | undefined) => (await import('./user-email.ts')).runUserEmail(globals(), username, address));
userCommand
  .command('set')
  .description('ändrar roll, enheter, namn eller kravet att byta lösenord; användarens inloggningar avslutas när roll eller enheter ändras')
  .argument('<username>', 'användarnamn')
  .option('--role <role>', `roll: ${ROLES.join(', ')}`)
  .option('--units <codes>', 'enheter (kommaseparerade) för rollen unit_editor')
  .option('--name <name>', 'visningsnamn')
  .option('--must-change-password', 'användaren måste byta lösenord vid nästa inloggning')
  .option('--no-must-change-password', 'tar bort kravet att byta lösenord')
  .option('--json', 'användaren som JSON')
  .action(async (username: string, o: UserSetOptions) => (await import('./user.ts')).runUserSet(globals(), username, o));
userCommand
  .command('reset-password')
  .description('sätter ett nytt lösenord (från PROGNOS_PASSWORD eller standard in); användaren byter det vid nästa inloggning och inloggningarna avslutas')
  .argument('<username>', 'användarnamn')
  .option('--no-must-change-password', 'användaren behöver inte byta lösenordet vid nästa inloggning')
  .option('--json', 'användaren som JSON')
  .action(async (username: string, o: { mustChangePassword?: boolean; json?: boolean }) => (await import('./user.ts')).runUserResetPassword(globals(), username, o));
for (const [name, disabled, what] of [
  ['disable', true, 'stänger av en användare (kan inte logga in; inloggningarna avslutas)'],
  ['enable', false, 'aktiverar en avstängd användare'],
] as const) {
  userCommand
    .command(name)
    .description(what)
    .argument('<username>', 'användarnamn')
    .option('--json', 'användaren som JSON')
    .action(async (username: string, o: { json?: boolean }) => (await import('./user.ts')).runUserDisable(globals(), username, disabled, o));
}

program
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    progress().done();
    const e = toPrognosError(err);
    process.stderr.write(`fel: ${e.message}\n`);
    if (e.code === 'INTERNAL' && process.env.PROGNOS_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = e.code === 'BAD_INPUT' || e.code === 'NOT_FOUND' || e.code === 'UNSUPPORTED' ? 2 : 1;
  })
  // The PDF renderer keeps one browser per process: close it (if started) so the command ends.
  .finally(() => closeRenderers());
