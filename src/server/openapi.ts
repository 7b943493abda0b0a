/**
 * The OpenAPI 3.1 document of the JSON API (`GET /api/openapi.json`). Request bodies come from
 * the zod schemas the server validates with; a test checks that every registered route is here.
 */
import { z } from 'zod';
import { templateSchema } from '../report/template-schema.ts';
import { RoundDocumentBody } from './document-schema.ts';
import {
  AssignmentStatusBody,
  CellSaveBody,
  CommentBody,
  DeleteBody,
  GoalStatusBody,
  LoginBody,
  MeasureBody,
  ObservationBody,
  RollforwardBody,
  GridBody,
  NarrativeBody,
  PasswordChangeBody,
  RoundCreateBody,
  RoundUpdateBody,
  MissingDecisionBody,
  PublishBody,
  UserCreateBody,
  UserUpdateBody,
} from './schemas.ts';
import { ArchiveBody, EmailBody, NoteBody } from './routes/review.ts';
import { ReopenBody } from './routes/rounds.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteDoc {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  /** Who may call it (Swedish, for the reader of the document). */
  access: string;
  body?: z.ZodType;
  query?: Array<{ name: string; description: string; schema: Record<string, unknown> }>;
  /** Description of the 2xx response body. */
  returns: string;
  status?: number;
  public?: boolean;
  binary?: boolean;
}

const ALL = 'alla inloggade (admin, controller, unit_editor, reader)';
const FIN = 'admin, controller';
const UNIT_READ = 'admin, controller, reader; unit_editor inom sina enheters delträd';
const UNIT_WRITE = 'admin, controller; unit_editor inom sina enheters delträd';
const BOARD_READ = 'admin, controller, reader; unit_editor om nämnden ligger i dess delträd';
const BOARD_WRITE = 'admin, controller; unit_editor om nämnden ligger i dess delträd';

export const ROUTE_DOCS: RouteDoc[] = [
  { method: 'get', path: '/api/openapi.json', tag: 'meta', summary: 'Detta dokument', access: 'alla', public: true, returns: 'OpenAPI 3.1' },
  { method: 'get', path: '/api/health', tag: 'meta', summary: 'Hälsokontroll', access: 'alla', public: true, returns: '{ ok, database: "embedded" | "postgres" }' },
  { method: 'get', path: '/api/auth/organisations', tag: 'auth', summary: 'Organisationer att välja vid inloggning', access: 'alla', public: true, returns: '{ decided: string | null, organisations: [{ id, name }] } (tom lista när värdnamnet eller en enda organisation avgör)' },
  { method: 'post', path: '/api/auth/login', tag: 'auth', summary: 'Logga in', access: 'alla (begränsas efter upprepade misslyckanden: 429)', public: true, body: LoginBody, returns: 'samma som GET /api/me; sätter sessionskakan (ny session vid varje inloggning)' },
  { method: 'post', path: '/api/auth/logout', tag: 'auth', summary: 'Logga ut', access: 'alla', public: true, returns: '{ ok: true, endSessionUrl? } — endSessionUrl: identitetsleverantörens utloggning för en session från inloggning med OpenID Connect' },
  { method: 'get', path: '/api/auth/providers', tag: 'auth', summary: 'Inloggning med OpenID Connect som inloggningssidan erbjuder (?org= väljer organisation)', access: 'alla', public: true, returns: '{ providers: [{ orgId, orgName, name, startUrl }], localPasswords }' },
  { method: 'get', path: '/api/me', tag: 'auth', summary: 'Den inloggade användaren', access: ALL, returns: '{ user: { id, username, displayName, role, roleName, units, organisation: { id, name } }, permissions: [åtgärd], csrfToken, sessionExpiresAt }' },
  { method: 'post', path: '/api/me/password', tag: 'auth', summary: 'Byt eget lösenord', access: ALL, body: PasswordChangeBody, returns: '{ ok: true }; andra sessioner avslutas' },
  { method: 'get', path: '/api/users', tag: 'users', summary: 'Lista användare', access: 'admin', returns: '{ users: [User] }' },
  { method: 'post', path: '/api/users', tag: 'users', summary: 'Skapa användare', access: 'admin', body: UserCreateBody, status: 201, returns: '{ user: User }' },
  { method: 'get', path: '/api/users/{uid}', tag: 'users', summary: 'En användare och ändringsloggen för den', access: 'admin', returns: '{ user: User, audit: [{ id, at, by, action, old, new }] }' },
  { method: 'patch', path: '/api/users/{uid}', tag: 'users', summary: 'Ändra användare (namn, roll, enheter, avstängd, lösenord, krav att byta lösenord)', access: 'admin', body: UserUpdateBody, returns: '{ user: User }' },
  { method: 'get', path: '/api/units', tag: 'meta', summary: 'Organisationens enheter i trädordning', access: ALL, returns: '{ units: [{ code, name, parent, level, budgetLevel }], levels: [string] }' },
  { method: 'get', path: '/api/forecast-methods', tag: 'forecast', summary: 'Prognosmetoder för förslag', access: ALL, returns: '{ methods: [{ id, name, description, needs }] }' },
  { method: 'get', path: '/api/rounds', tag: 'rounds', summary: 'Lista uppföljningsomgångar', access: ALL, returns: '{ rounds: [RoundSummary] } (progress räknar de enheter användaren ser)' },
  { method: 'post', path: '/api/rounds', tag: 'rounds', summary: 'Öppna en omgång', access: FIN, body: RoundCreateBody, status: 201, returns: '{ round: RoundDetail }' },
  { method: 'get', path: '/api/rounds/{id}', tag: 'rounds', summary: 'En omgång med enheter, status och behörigheter', access: ALL, returns: '{ round: RoundDetail } — units: [{ code, name, status, comment, permissions }], permissions' },
  { method: 'patch', path: '/api/rounds/{id}', tag: 'rounds', summary: 'Ändra deadline, metod eller kommentarsgräns', access: FIN, body: RoundUpdateBody, returns: '{ round: RoundDetail }' },
  { method: 'post', path: '/api/rounds/{id}/publish', tag: 'rounds', summary: 'Publicera: låser omgången och fryser rapporten', access: FIN, body: PublishBody, returns: '{ round: RoundDetail }; 409 om någon enhet inte är godkänd (notApproved); 409 field=allowMissing om prognoser saknas (ej angivna) och allowMissing inte är true; 409 field=check om kontrollen hittar fel (errors); 409 field=acknowledgeWarnings om den ger varningar (warnings) och acknowledgeWarnings inte är true' },
  { method: 'post', path: '/api/rounds/{id}/units/{code}/submit', tag: 'workflow', summary: 'Lämna in en enhet (öppen → inlämnad)', access: UNIT_WRITE, body: MissingDecisionBody, returns: '{ unit }; 400 field=comment om kommentar krävs; 409 field=allowMissing om prognoser saknas (ej angivna) och allowMissing inte är true; 409 vid otillåten övergång' },
  { method: 'post', path: '/api/rounds/{id}/units/{code}/approve', tag: 'workflow', summary: 'Godkänn en enhet (inlämnad → godkänd)', access: FIN, returns: '{ unit }; 409 vid otillåten övergång' },
  { method: 'post', path: '/api/rounds/{id}/units/{code}/reopen', tag: 'workflow', summary: 'Återöppna en enhet (inlämnad/godkänd → öppen) med ett skäl', access: FIN, body: ReopenBody, returns: '{ unit } (unit.reopened: { reason, by, at }); 400 field=reason utan skäl; 409 vid otillåten övergång' },
  { method: 'get', path: '/api/rounds/{id}/review', tag: 'workflow', summary: 'Granskningslistan: varje enhet med budget, prognos, avvikelse, kommentar och status', access: ALL, returns: '{ round, sign, unit: "tkr", rows: [{ …unit, budgetTkr, forecastTkr (null = ej angiven), varianceTkr, entered, rows, commentRequired, notes }], permissions: { approveSubmitted } }' },
  { method: 'post', path: '/api/rounds/{id}/approve-submitted', tag: 'workflow', summary: 'Godkänn alla inskickade enheter (en transaktion, en loggpost per enhet)', access: FIN, returns: '{ approved: [code], count }' },
  { method: 'get', path: '/api/rounds/{id}/units/{code}/notes', tag: 'workflow', summary: 'Granskningskommentarer för en enhet', access: UNIT_READ, returns: '{ notes: [{ id, group (null = hela enheten), activity, text, author, createdAt }] }' },
  { method: 'post', path: '/api/rounds/{id}/units/{code}/notes', tag: 'workflow', summary: 'Lägg till en granskningskommentar för enheten eller en kontogrupp', access: UNIT_WRITE, body: NoteBody, status: 201, returns: '{ note }' },
  { method: 'delete', path: '/api/rounds/{id}', tag: 'rounds', summary: 'Ta bort en omgång som inget har matats in i', access: FIN, returns: '{ deleted: id }; 409 om omgången används eller är publicerad' },
  { method: 'post', path: '/api/rounds/{id}/archive', tag: 'rounds', summary: 'Arkivera en omgång (eller ta tillbaka den)', access: FIN, body: ArchiveBody, returns: '{ round: RoundSummary & { archived } }' },
  { method: 'get', path: '/api/rounds/defaults', tag: 'rounds', summary: 'Förslag till ny omgång: nästa namn, senast bokförda månad, förra omgångens nivå', access: FIN, query: [{ name: 'board', description: 'nämnd (standard: senaste omgångens)', schema: { type: 'string' } }], returns: '{ board, year, period, name, level, levels, previous }' },
  { method: 'get', path: '/api/todo', tag: 'workflow', summary: 'Att göra för den inloggade användaren', access: ALL, returns: '{ today, enter, reopened, approve, publish, overdue, published }' },
  { method: 'put', path: '/api/users/{username}/email', tag: 'users', summary: 'Ange användarens e-postadress för aviseringar (null tar bort den)', access: 'admin', body: EmailBody, returns: '{ username, email }' },
  {
    method: 'get',
    path: '/api/rounds/{id}/units/{code}/forecast',
    tag: 'forecast',
    summary: 'Prognosunderlag för en enhet',
    access: UNIT_READ,
    query: [{ name: 'method', description: 'förslagsmetod (standard: omgångens)', schema: { type: 'string', enum: ['profile', 'remaining_budget', 'run_rate', 'budget'] } }],
    returns:
      '{ round, unit, sign, thresholdTkr, commentRequired, rows: [{ group, groupName, activity, activityName, ore: {closingPrev, budget, actualToDate, proposal, forecast, variance}, tkr: {…}, source, version, updatedBy, updatedAt, backtest }], total, investments, method, methods: [{ id, name, description, backtest: { reliable, proposalTkr, closingTkr, errorTkr, absErrorTkr, errorPct } }] }',
  },
  { method: 'put', path: '/api/rounds/{id}/units/{code}/forecast', tag: 'forecast', summary: 'Spara en prognoscell (optimistisk låsning med version)', access: UNIT_WRITE, body: CellSaveBody, returns: '{ cell: { group, activity, amountOre, amountTkr, version, updatedBy, updatedAt } }; 409 CONFLICT med error.current vid inaktuell version' },
  { method: 'put', path: '/api/rounds/{id}/units/{code}/comment', tag: 'forecast', summary: 'Spara enhetens avvikelsekommentar', access: UNIT_WRITE, body: CommentBody, returns: '{ unit }; 409 med error.current vid inaktuell version' },
  { method: 'get', path: '/api/rounds/{id}/units/{code}/audit', tag: 'audit', summary: 'Ändringslogg för en enhet i omgången', access: UNIT_READ, query: [{ name: 'before', description: 'bara poster med lägre id (bläddring)', schema: { type: 'integer' } }], returns: '{ entries: [{ id, at, username, action, entity, entityKey, unitCode, old, new }] } (nyast först)' },
  { method: 'get', path: '/api/rounds/{id}/audit', tag: 'audit', summary: 'Ändringslogg för hela omgången', access: 'admin, controller, reader', query: [{ name: 'before', description: 'bara poster med lägre id', schema: { type: 'integer' } }], returns: '{ entries: [AuditEntry] }' },
  { method: 'get', path: '/api/templates', tag: 'templates', summary: 'Nämndernas sparade rapportmallar, alla versioner', access: ALL, query: [{ name: 'board', description: 'bara denna nämnd', schema: { type: 'string' } }], returns: '{ templates: [{ board: { code, name }, id, version, name, createdBy, createdAt, links }] } (nyaste versionen först per mall)' },
  { method: 'get', path: '/api/templates/builtin', tag: 'templates', summary: 'Den inbyggda mallen för en nämnd, som utgångspunkt', access: ALL, query: [{ name: 'board', description: 'nämnd', schema: { type: 'string' } }, { name: 'annual', description: 'true: årsberättelsen', schema: { type: 'boolean' } }, { name: 'level', description: 'radnivå, t.ex. RN3', schema: { type: 'string' } }], returns: '{ template: ReportTemplate }' },
  { method: 'get', path: '/api/templates/{board}/{tid}', tag: 'templates', summary: 'Senaste versionen av en mall', access: ALL, returns: '{ template: TemplateVersion, body: ReportTemplate }' },
  { method: 'get', path: '/api/templates/{board}/{tid}/{version}', tag: 'templates', summary: 'En version av en mall', access: ALL, returns: '{ template: TemplateVersion, body: ReportTemplate }' },
  { method: 'post', path: '/api/templates/{board}', tag: 'templates', summary: 'Spara en mall (ny version av mallens id)', access: FIN, body: templateSchema, status: 201, returns: '{ template: TemplateVersion }; ogiltig mall: 400 med sökväg och fält (field) och alla fel i problems' },
  { method: 'get', path: '/api/rounds/{id}/template', tag: 'templates', summary: 'Mallen omgången använder (null: den inbyggda)', access: ALL, returns: '{ template: TemplateVersion | null, body: ReportTemplate }' },
  { method: 'get', path: '/api/rounds/{id}/document', tag: 'rounds', summary: 'Dokumentuppgifter: titel, beslutande organ, datum, §, diarienummer', access: ALL, returns: '{ document: { title?, decidedBy?, decidedOn?, paragraph?, diaryNumber? } }' },
  { method: 'put', path: '/api/rounds/{id}/document', tag: 'rounds', summary: 'Sätt dokumentuppgifterna (ett fält som utelämnas töms; mallens värde gäller då)', access: FIN, body: RoundDocumentBody, returns: '{ document }; 400 med fältet; 409 om omgången är publicerad' },
  { method: 'get', path: '/api/rounds/{id}/appendices', tag: 'rounds', summary: 'Bilagor (PDF) till rapporten', access: ALL, returns: '{ appendices: [{ id, title, fileName, bytes, createdBy, links }] }' },
  { method: 'post', path: '/api/rounds/{id}/appendices', tag: 'rounds', summary: 'Bifoga en PDF (kroppen är PDF-filen, ?title=&name=, eller ett formulär med fältet file); högst 1,9 MB', access: FIN, returns: '201 { appendix }; 400 om filen inte är en PDF eller är för stor' },
  { method: 'get', path: '/api/rounds/{id}/appendices/{aid}', tag: 'rounds', summary: 'Hämta en bilaga (application/pdf)', access: ALL, returns: 'PDF-filen' },
  { method: 'delete', path: '/api/rounds/{id}/appendices/{aid}', tag: 'rounds', summary: 'Ta bort en bilaga', access: FIN, returns: '204' },
  { method: 'get', path: '/api/rounds/{id}/content', tag: 'content', summary: 'Mål, uppdrag, åtgärder och texter för omgångens nämnd', access: BOARD_READ, returns: '{ board, year, round, editable, goals: [{ code, text, status, comment, version }], assignments, measures, narratives }' },
  { method: 'put', path: '/api/rounds/{id}/goals/{code}/status', tag: 'content', summary: 'Sätt målets status och kommentar', access: BOARD_WRITE, body: GoalStatusBody, returns: '{ code, status, comment, version, updatedBy, updatedAt }' },
  { method: 'put', path: '/api/rounds/{id}/assignments/{code}/status', tag: 'content', summary: 'Sätt uppdragets status och kommentar', access: BOARD_WRITE, body: AssignmentStatusBody, returns: '{ code, status, comment, version, updatedBy, updatedAt }' },
  { method: 'put', path: '/api/rounds/{id}/measures/{nr}', tag: 'content', summary: 'Skapa (version 0) eller ändra en åtgärd', access: BOARD_WRITE, body: MeasureBody, returns: '{ measure } (201 när den skapades)' },
  { method: 'delete', path: '/api/rounds/{id}/measures/{nr}', tag: 'content', summary: 'Ta bort en åtgärd', access: BOARD_WRITE, body: DeleteBody, returns: '{ ok: true }' },
  { method: 'get', path: '/api/rounds/{id}/observations', tag: 'content', summary: 'Iakttagelser för omgångens nämnd', access: BOARD_READ, returns: '{ board, year, round, editable, next, observations: [{ nr, goalArea, kind, text, version }] }' },
  { method: 'put', path: '/api/rounds/{id}/observations/{nr}', tag: 'content', summary: 'Skapa (version 0) eller ändra en iakttagelse', access: BOARD_WRITE, body: ObservationBody, returns: '{ observation } (201 när den skapades)' },
  { method: 'delete', path: '/api/rounds/{id}/observations/{nr}', tag: 'content', summary: 'Ta bort en iakttagelse', access: BOARD_WRITE, body: DeleteBody, returns: '{ ok: true }' },
  { method: 'get', path: '/api/rounds/{id}/rollforward', tag: 'content', summary: 'Intraprenadernas ackumulerade resultat för omgångens nämnd och år', access: BOARD_READ, returns: '{ board, year, editable, rollforward: [{ unit, name, openingOre, usedOre, resultOre, closingOre, version }] }' },
  { method: 'put', path: '/api/rounds/{id}/rollforward/{unit}', tag: 'content', summary: 'Skapa (version 0) eller ändra en intraprenads resultat (öre)', access: BOARD_WRITE, body: RollforwardBody, returns: '{ rollforward } (201 när den skapades); 400 om enheten inte hör till nämnden' },
  { method: 'delete', path: '/api/rounds/{id}/rollforward/{unit}', tag: 'content', summary: 'Ta bort en intraprenads resultat', access: BOARD_WRITE, body: DeleteBody, returns: '{ ok: true }' },
  { method: 'get', path: '/api/rounds/{id}/grids', tag: 'content', summary: 'Fria tabeller för omgångens nämnd', access: BOARD_READ, returns: '{ board, year, round, editable, grids: [{ id, title, columns, rows, version }] }' },
  { method: 'get', path: '/api/rounds/{id}/grids/{gridId}', tag: 'content', summary: 'En fri tabell', access: BOARD_READ, returns: '{ grid, editable }' },
  { method: 'put', path: '/api/rounds/{id}/grids/{gridId}', tag: 'content', summary: 'Spara en fri tabells rader (celler som de skrevs; rader kan läggas till och tas bort)', access: BOARD_WRITE, body: GridBody, returns: '{ grid }' },
  { method: 'put', path: '/api/rounds/{id}/narratives/{key}', tag: 'content', summary: 'Spara en text (proposal, analysis, comment:<tabell> …)', access: BOARD_WRITE, body: NarrativeBody, returns: '{ narrative: { key, title, text, version, updatedBy, updatedAt } }' },
  { method: 'get', path: '/api/rounds/{id}/dashboard/variance', tag: 'dashboards', summary: 'Avvikelse per enhet (tkr); med unit även enhetens kontogrupper', access: `${ALL}; unit_editor ser sina enheter`, query: [{ name: 'unit', description: 'en av omgångens enheter: dess kontogrupper (drill-down nämnd → enhet → kontogrupp)', schema: { type: 'string' } }], returns: '{ sign, unit: "tkr", rows: [{ code, name, status, budgetTkr, forecastTkr, varianceTkr, variancePct, commentRequired, hasComment }], total, drill?: { code, name, groups: [{ group, name, activity, budgetTkr, forecastTkr, varianceTkr, variancePct }] } }' },
  { method: 'get', path: '/api/rounds/{id}/dashboard/forecasts', tag: 'dashboards', summary: 'Prognos per enhet över årets omgångar P1 → P2 → bokslut', access: `${ALL}; unit_editor ser sina enheter`, returns: '{ year, rounds: [string], closed, rows: [{ code, name, rounds: [{ round, forecastTkr }], closingTkr }] }' },
  { method: 'get', path: '/api/rounds/{id}/dashboard/accuracy', tag: 'dashboards', summary: 'Prognossäkerhet per enhet tidigare år: |prognos − bokslut|', access: `${ALL}; unit_editor ser sina enheter`, query: [{ name: 'years', description: 'antal år bakåt (1–20, standard 5)', schema: { type: 'integer' } }], returns: '{ fromYear, toYear, rows: [{ code, name, rows: [{ year, round, forecastTkr, closingTkr, errorTkr, absErrorTkr, errorPct }], summary: [{ round, years, meanAbsErrorTkr, weightedErrorPct }] }], total }' },
  { method: 'get', path: '/api/rounds/{id}/dashboard/progress', tag: 'dashboards', summary: 'Omgångens framsteg: enheter per status, vem lämnade in när', access: `${ALL}; unit_editor ser sina enheter`, returns: '{ status, deadline, overdue, counts: { total, open, submitted, approved }, units: [{ code, name, status, submittedBy, submittedAt, approvedBy, approvedAt }] }' },
  { method: 'get', path: '/api/rounds/{id}/check', tag: 'reports', summary: 'Kontrollen (prognos check) av rapporten som den är nu, den som publiceringen kör', access: BOARD_READ, returns: '{ errors: Finding[], warnings: Finding[] }' },
  { method: 'get', path: '/api/rounds/{id}/report.{format}', tag: 'reports', summary: 'Rapporten: förhandsgranskning medan omgången är öppen, den frysta versionen när den är publicerad', access: `${BOARD_READ}; publicerad: ${ALL}`, binary: true, query: [{ name: 'download', description: 'skicka som bilaga (Content-Disposition: attachment)', schema: { type: 'string' } }], returns: 'rapporten i formatet (json, html, pdf, docx, xlsx); X-Prognos-Report: preview | published' },
  { method: 'get', path: '/published/{id}/report.{format}', tag: 'reports', summary: 'Stabil adress till en publicerad rapport', access: ALL, binary: true, returns: 'den frysta rapporten; 404 om omgången inte är publicerad' },
];

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: ['BAD_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNSUPPORTED', 'RATE_LIMITED', 'STORE', 'INTERNAL'] },
        message: { type: 'string', description: 'på svenska' },
        field: { type: 'string', description: 'fältet som är fel (när det är känt)' },
        current: { description: 'CONFLICT vid inaktuell version: det aktuella värdet, vem som ändrade och när' },
      },
    },
  },
};

const bodySchema = (s: z.ZodType): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTE_DOCS) {
    const params = [...r.path.matchAll(/\{([a-z]+)\}/gi)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: m[1] === 'format' ? { type: 'string', enum: ['json', 'html', 'pdf', 'docx', 'xlsx'] } : m[1] === 'id' || m[1] === 'uid' ? { type: 'integer' } : { type: 'string' },
    }));
    const query = (r.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema }));
    const ok = String(r.status ?? 200);
    paths[r.path] ??= {};
    paths[r.path]![r.method] = {
      tags: [r.tag],
      summary: r.summary,
      description: `Behörighet: ${r.access}.${r.method !== 'get' && !r.public ? ' Kräver huvudet x-csrf-token.' : ''}`,
      ...(r.public ? { security: [] } : {}),
      ...(params.length + query.length > 0 ? { parameters: [...params, ...query] } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: bodySchema(r.body) } } } } : {}),
      responses: {
        [ok]: r.binary
          ? { description: r.returns, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
          : { description: r.returns, content: { 'application/json': { schema: { type: 'object' } } } },
        default: { description: 'fel', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Prognos API',
      version: '1',
      description:
        'JSON-API för Prognos webbapplikation: uppföljningsomgångar, prognosinmatning, granskning, översikter och rapporter. ' +
        'Belopp i prognosunderlaget är heltal i öre (ore) och avrundade tkr (tkr) i omgångens teckenkonvention (net: intäkt positiv, kostnad negativ; positiv avvikelse = bättre än budget). ' +
        'Inloggning ger en sessionskaka (HttpOnly, SameSite=Lax); varje ändrande anrop kräver huvudet x-csrf-token med värdet från GET /api/me. ' +
        'Alla fel har formen { error: { code, message, field? } }: BAD_INPUT 400, UNAUTHENTICATED 401, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409, UNSUPPORTED 415, RATE_LIMITED 429, STORE/INTERNAL 500.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'prognos_session', description: 'över HTTPS heter kakan __Host-prognos_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}

/** A Hono route path (`/api/rounds/:id{[0-9]+}/:format{report\.(?:json|…)}`) in OpenAPI form (`/api/rounds/{id}/report.{format}`). */
export function toOpenApiPath(honoPath: string): string {
  return honoPath
    .replace(/:([A-Za-z]+)\{([a-z]+)\\\.\(\?:[a-z|]+\)\}/g, '$2.{$1}') // `:format{report\.(?:json|html)}` → `report.{format}`
    .replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}');
}
