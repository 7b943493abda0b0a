/** The request body of `PUT /api/rounds/:id/document` (checked further in store/report-document.ts). */
import { z } from 'zod';

const field = z.string().max(400).optional();
export const RoundDocumentBody = z.strictObject({ title: field, decidedBy: field, decidedOn: field, paragraph: field, diaryNumber: field });
