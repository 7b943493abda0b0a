/**
 * The template's document metadata and decision block (part of the JSON contract in
 * `template-schema.ts`):
 *
 * - `document`: `{ title?, decidedBy?, decidedOn?, paragraph?, diaryNumber? }`, printed on the
 *   cover and in the running header; a round's own metadata (`/api/rounds/:id/document`) overrides
 *   each field it sets. Texts may hold {year}, {round}, {roundNumber}, {board} ….
 * - the block `{ "decision": { proposer?, points: [...], signatures?: [{ name, title?, place?, date? }] } }`:
 *   "Förslag till beslut" with numbered decision points and a signature block.
 */
import { z } from 'zod';

const text = (max: number) => z.string().min(1).max(max);
const isoDate = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), { message: 'ska vara ett datum som 2024-06-03' });

export const documentSchema = z.strictObject({
  title: text(300).optional(),
  decidedBy: text(200).optional(),
  decidedOn: isoDate.optional(),
  paragraph: text(40).optional(),
  diaryNumber: text(60).optional(),
});

export const signatureSchema = z.strictObject({
  name: text(200),
  title: text(300).optional(),
  place: text(100).optional(),
  date: text(40).optional(),
});

export const decisionBlockSchema = z.strictObject({
  decision: z.strictObject({
    proposer: text(300).optional(),
    points: z.array(text(2000)).min(1).max(30),
    signatures: z.array(signatureSchema).max(10).optional(),
  }),
});

export type DocumentSpec = z.infer<typeof documentSchema>;
export type DecisionSpec = z.infer<typeof decisionBlockSchema>['decision'];
