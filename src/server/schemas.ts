/**
 * Request bodies of the JSON API (zod). The OpenAPI document takes its request schemas from
 * these, so the validation and the documentation cannot drift apart.
 */
import { z } from 'zod';
import { ACCOUNT_GROUPS } from '../core/domain/index.ts';
import { ASSIGNMENT_STATUSES, GOAL_STATUSES } from '../core/domain/followup.ts';
import { METHOD_IDS } from '../core/forecast/index.ts';
import { ROLES } from '../core/permissions/index.ts';

/**
 * Every string the API accepts is refused with a 400 when it holds a control character: in text a
 * person types only line breaks and tabs are allowed, in codes, names and passwords none. (A NUL
 * cannot even be stored: PostgreSQL text has none.) `readBody` also refuses a NUL anywhere in a
 * body, and the app refuses one in a path or query (`input-limits.ts`).
 */
const TEXT_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const ANY_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const text = (max: number) => z.string().max(max).regex(TEXT_CONTROL, { message: 'texten innehåller otillåtna styrtecken' });
/** A one-line value (a code, a name, a password): no control characters at all. */
export const plain = (min: number, max: number) =>
  z.string().min(min).max(max).regex(ANY_CONTROL, { message: 'värdet innehåller otillåtna tecken (styrtecken som NUL, tabb eller radbrytning)' });

/** A real calendar date, YYYY-MM-DD, in the years 1900–2200. */
export const calendarDate = z.iso
  .date({ message: 'ange ett datum som ÅÅÅÅ-MM-DD, t.ex. 2024-04-20' })
  .refine((s) => {
    // Runs after a failed format check too (zod 4): never throw here.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    const year = Number(s.slice(0, 4));
    const t = Date.parse(`${s}T00:00:00Z`);
    return year >= 1900 && year <= 2200 && Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, { message: 'datumet ska vara ett verkligt datum mellan 1900-01-01 och 2200-12-31' });

const code = plain(1, 50);
const version = z.number({ message: 'version ska vara ett tal' }).int({ message: 'version ska vara ett heltal' }).min(0, { message: 'version kan inte vara negativ' }).describe('den version ändringen bygger på (0 = ny)');
const ore = z.number({ message: 'beloppet ska vara ett tal i öre' }).int({ message: 'beloppet ska vara ett helt antal öre' }).min(-(10 ** 15), { message: 'beloppet är orimligt stort (negativt)' }).max(10 ** 15, { message: 'beloppet är orimligt stort' });
const mnkr = z
  .string()
  .regex(/^-?\d{1,9}(\.\d{1,6})?$/, { message: 'ange ett decimaltal med punkt, t.ex. "5.8"' })
  .nullable();

export const LoginBody = z.strictObject({
  username: plain(1, 100),
  password: plain(1, 1024),
  organisation: plain(0, 100).optional().describe('organisationens id, när värdnamnet inte avgör den'),
});

export const PasswordChangeBody = z.strictObject({
  currentPassword: plain(1, 1024),
  newPassword: plain(1, 1024),
});

const roleEnum = z.enum(ROLES);

export const UserCreateBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{2,100}$/, { message: 'användarnamnet får innehålla bokstäverna a–z, siffror och . _ @ - (2–100 tecken)' }),
  displayName: text(200).default(''),
  role: roleEnum,
  units: z.array(code).max(200).default([]),
  password: plain(1, 1024),
  mustChangePassword: z.boolean().default(false).describe('användaren måste byta lösenord vid nästa inloggning'),
});

export const UserUpdateBody = z.strictObject({
  version,
  displayName: text(200).optional(),
  role: roleEnum.optional(),
  units: z.array(code).max(200).optional(),
  disabled: z.boolean().optional(),
  password: plain(1, 1024).optional().describe('nytt lösenord (administratören sätter det)'),
  mustChangePassword: z.boolean().optional().describe('användaren måste byta lösenord vid nästa inloggning'),
});

export const RoundCreateBody = z.strictObject({
  board: code.describe('nämnd/styrelse (omgångens rapportomfång)'),
  year: z.number().int().min(1900).max(2200),
  period: z.number().int().min(1).max(12).describe('brytmånad'),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, { message: 'omgångens namn ska vara t.ex. P1 (bokstäver, siffror, - och _)' }),
  deadline: calendarDate.nullable().default(null),
  level: plain(1, 50).describe('nivå vars enheter är omgångens rader, t.ex. RN3'),
  within: code.optional().describe('bara enheter under denna enhet (standard: hela nämnden)'),
  byActivity: z.boolean().default(false).describe('prognos per kontogrupp och verksamhet'),
  method: z.enum(METHOD_IDS).default('profile'),
  thresholdTkr: z.number().int().min(0).max(10 ** 9).default(1000).describe('kommentar krävs när |avvikelse| överstiger detta (tkr)'),
  sign: z.enum(['net', 'cost-positive']).default('net').describe('teckenkonvention för inmatning och rapport; cost-positive = kostnader skrivs som positiva tal'),
  plausibilityMultiple: z.number({ message: 'rimlighetsgränsen ska vara ett tal' }).min(1.5, { message: 'rimlighetsgränsen ska vara minst 1,5 gånger budgeten' }).max(100, { message: 'rimlighetsgränsen får vara högst 100 gånger budgeten' }).optional().describe('en prognos över så många gånger |budget| och |förra årets utfall| ger en fråga (standard 3)'),
  prevPeriod: z.number().int().min(1).max(12).optional(),
  groupLevel: plain(1, 50).optional(),
  template: z
    .union([z.literal('standard'), z.strictObject({ id: plain(1, 60), version: z.number().int().min(1).optional() })])
    .optional()
    .describe('rapportmall: "standard" (inbyggd) eller { id, version } bland nämndens sparade mallar (utan version: den senaste); standard: nämndens senast sparade mall, annars den inbyggda'),
  kind: z.enum(['forecast', 'year-end']).default('forecast').describe('prognosomgång (P1, P2 …) eller bokslut (year-end: ingen prognos, utfallet är bokslutet; brytmånad 12)'),
});

/** Submitting a unit or publishing a round with forecasts not entered: only with `allowMissing: true`. */
export const MissingDecisionBody = z.strictObject({
  allowMissing: z.boolean().optional().describe('skicka in eller publicera fast prognoser saknas (ej angivna); beslutet loggas'),
});

export const PublishBody = MissingDecisionBody.extend({
  acknowledgeWarnings: z.boolean().optional().describe('publicera trots varningar från kontrollen (check); varningarna och beslutet loggas'),
});

export const RoundUpdateBody = z.strictObject({
  version,
  deadline: calendarDate.nullable().optional(),
  method: z.enum(METHOD_IDS).optional(),
  thresholdTkr: z.number().int().min(0).max(10 ** 9).optional(),
});

const groupEnum = z.enum(Object.keys(ACCOUNT_GROUPS) as [keyof typeof ACCOUNT_GROUPS, ...Array<keyof typeof ACCOUNT_GROUPS>]);

export const CellSaveBody = z
  .strictObject({
    group: groupEnum,
    activity: plain(0, 50).default(''),
    amountOre: ore.nullable().optional().describe('helårsprognos i öre, i omgångens teckenkonvention; null tar bort prognosen'),
    amountText: z.string({ message: 'beloppet ska vara text, t.ex. "12 500"' }).max(40, { message: 'beloppet får vara högst 40 tecken' }).optional().describe('beloppet i tkr så som det skrevs ("12 500", "-350,5"); tvetydigt ("12.500") ger en fråga tillbaka'),
    confirm: z.array(z.enum(['sign', 'plausibility'], { message: 'bekräfta med "sign" eller "plausibility"' })).max(2).optional().describe('frågor som användaren har besvarat med ja: tecknet, rimligheten'),
    version,
  })
  .refine((b) => b.amountOre !== undefined || b.amountText !== undefined, { message: 'ange beloppet (amountOre eller amountText)', path: ['amountOre'] });

export const CommentBody = z.strictObject({
  text: text(20_000),
  version,
});

export const StatusBody = (statuses: readonly [string, ...string[]]) =>
  z.strictObject({
    status: z.enum(statuses).nullable(),
    comment: text(20_000).default(''),
    version,
  });
export const GoalStatusBody = StatusBody(GOAL_STATUSES);
export const AssignmentStatusBody = StatusBody(ASSIGNMENT_STATUSES);

export const MeasureBody = z.strictObject({
  text: text(20_000).refine((s) => s.trim() !== '', { message: 'åtgärden behöver en text' }),
  decisionDate: text(100).default(''),
  diaryNumber: text(100).default(''),
  forecastEffectMnkr: mnkr.default(null),
  totalEffectMnkr: mnkr.default(null),
  achievedMnkr: mnkr.default(null),
  expectedEffect: text(2_000).default(''),
  comment: text(20_000).default(''),
  version,
});

export const DeleteBody = z.strictObject({ version });

export const NarrativeBody = z.strictObject({
  title: text(500).default(''),
  text: text(100_000).describe('ren text; stycken skiljs av en tom rad, **fet**, *kursiv* och listor med "- " är tillåtna'),
  version,
});

export const GridBody = z.strictObject({
  rows: z
    .array(z.strictObject({ cells: z.record(text(100), text(10_000).nullable()) }), { message: 'rows ska vara en lista av rader' })
    .max(2_000, { message: 'tabellen får ha högst 2 000 rader' })
    .describe('tabellens rader; varje cell som den skrevs (tal med decimalkomma eller decimalpunkt)'),
  version,
});

export const NARRATIVE_KEY = /^[A-Za-z0-9:_.-]{1,100}$/;

export const RollforwardBody = z.strictObject({
  openingOre: ore.describe('ingående ackumulerat resultat i öre'),
  usedOre: ore.describe('ianspråktaget under året i öre (negativt när resultat används)'),
  resultOre: ore.describe('årets resultat i öre (överskott positivt, underskott negativt)'),
  version,
});

export const ObservationBody = z.strictObject({
  goalArea: text(500).describe('målområdet iakttagelsen hör till'),
  kind: z.enum(['positive', 'improvement'], { message: 'välj positiv iakttagelse eller förbättringsområde' }),
  text: text(20_000).refine((s) => s.trim() !== '', { message: 'skriv iakttagelsen' }),
  version,
});
