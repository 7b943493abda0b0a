/**
 * Request bodies of the JSON API (zod). The OpenAPI document takes its request schemas from
 * these, so the validation and the documentation cannot drift apart.
 */
import { z } from 'zod';
import { ACCOUNT_GROUPS } from '../core/domain/index.ts';
import { ASSIGNMENT_STATUSES, GOAL_STATUSES } from '../core/domain/followup.ts';
import { METHOD_IDS } from '../core/forecast/index.ts';
import { ROLES } from '../core/permissions/index.ts';

/** Text a person types: no control characters except line breaks and tabs. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), { message: 'texten innehåller otillåtna styrtecken' });

const code = z.string().min(1).max(50);
const version = z.number().int().min(0).describe('den version ändringen bygger på (0 = ny)');
const ore = z.number().int().min(-(10 ** 15)).max(10 ** 15);
const mnkr = z
  .string()
  .regex(/^-?\d{1,9}(\.\d{1,6})?$/, { message: 'ange ett decimaltal med punkt, t.ex. "5.8"' })
  .nullable();

const noControl = /^[^\u0000-\u001f\u007f]*$/;

export const LoginBody = z.strictObject({
  username: z.string().min(1).max(100).regex(noControl, { message: 'användarnamnet innehåller otillåtna tecken' }),
  password: z.string().min(1).max(1024),
  organisation: z.string().max(100).regex(noControl, { message: 'organisationen innehåller otillåtna tecken' }).optional().describe('organisationens id, när värdnamnet inte avgör den'),
});

export const PasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

const roleEnum = z.enum(ROLES);

export const UserCreateBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9._@-]{2,100}$/, { message: 'användarnamnet får innehålla bokstäverna a–z, siffror och . _ @ - (2–100 tecken)' }),
  displayName: text(200).default(''),
  role: roleEnum,
  units: z.array(code).max(200).default([]),
  password: z.string().min(1).max(1024),
  mustChangePassword: z.boolean().default(false).describe('användaren måste byta lösenord vid nästa inloggning'),
});

export const UserUpdateBody = z.strictObject({
  version,
  displayName: text(200).optional(),
  role: roleEnum.optional(),
  units: z.array(code).max(200).optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(1).max(1024).optional().describe('nytt lösenord (administratören sätter det)'),
  mustChangePassword: z.boolean().optional().describe('användaren måste byta lösenord vid nästa inloggning'),
});

export const RoundCreateBody = z.strictObject({
  board: code.describe('nämnd/styrelse (omgångens rapportomfång)'),
  year: z.number().int().min(1900).max(2200),
  period: z.number().int().min(1).max(12).describe('brytmånad'),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, { message: 'omgångens namn ska vara t.ex. P1 (bokstäver, siffror, - och _)' }),
  deadline: z.iso.date().nullable().default(null),
  level: z.string().min(1).max(50).describe('nivå vars enheter är omgångens rader, t.ex. RN3'),
  within: code.optional().describe('bara enheter under denna enhet (standard: hela nämnden)'),
  byActivity: z.boolean().default(false).describe('prognos per kontogrupp och verksamhet'),
  method: z.enum(METHOD_IDS).default('profile'),
  thresholdTkr: z.number().int().min(0).max(10 ** 9).default(1000).describe('kommentar krävs när |avvikelse| överstiger detta (tkr)'),
  sign: z.enum(['net', 'cost-positive']).default('net'),
  prevPeriod: z.number().int().min(1).max(12).optional(),
  groupLevel: z.string().min(1).max(50).optional(),
});

export const RoundUpdateBody = z.strictObject({
  version,
  deadline: z.iso.date().nullable().optional(),
  method: z.enum(METHOD_IDS).optional(),
  thresholdTkr: z.number().int().min(0).max(10 ** 9).optional(),
});

const groupEnum = z.enum(Object.keys(ACCOUNT_GROUPS) as [keyof typeof ACCOUNT_GROUPS, ...Array<keyof typeof ACCOUNT_GROUPS>]);

export const CellSaveBody = z.strictObject({
  group: groupEnum,
  activity: z.string().max(50).default(''),
  amountOre: ore.nullable().describe('helårsprognos i öre, i omgångens teckenkonvention; null tar bort prognosen'),
  version,
});

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

export const NARRATIVE_KEY = /^[A-Za-z0-9:_.-]{1,100}$/;
