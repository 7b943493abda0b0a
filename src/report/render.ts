/**
 * One report model, every format, with its media type: the one place the CLI and the server
 * render reports (a published round renders its frozen model).
 */
import { PrognosError } from '../core/errors/index.ts';
import type { ReportModel } from './model.ts';
import { renderHtml } from './html/index.ts';
import { renderPdf } from './pdf/index.ts';
import { renderDocx } from './docx/index.ts';
import { renderXlsx } from './xlsx/index.ts';

export const REPORT_FORMATS = ['json', 'html', 'pdf', 'docx', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MEDIA_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type ReportRenderer = (model: ReportModel, format: ReportFormat) => Promise<string | Buffer>;

export async function renderReport(model: ReportModel, format: string): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    case 'html':
      return renderHtml(model);
    case 'pdf':
      return renderPdf(model);
    case 'docx':
      return renderDocx(model);
    case 'xlsx':
      return renderXlsx(model);
    default:
      throw new PrognosError('UNSUPPORTED', `formatet ${format} stöds inte (json, html, pdf, docx, xlsx)`, { field: 'format' });
  }
}
