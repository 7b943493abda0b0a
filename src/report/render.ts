/**
 * One report model, every format, with its media type: the one place the CLI and the server
 * render reports (a published round renders its frozen model).
 */
import { PrognosError } from '../core/errors/index.ts';
import type { Appendix, ReportModel } from './model.ts';
import { renderHtml } from './html/index.ts';
import { renderPdf } from './pdf/index.ts';
import type { AttachedAppendix } from './pdf/append.ts';
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

export interface RenderOptions {
  /** The bytes of an appendix document (undefined when it is gone): the PDF appends them. */
  appendixContent?: (appendix: Appendix) => Promise<Uint8Array | undefined>;
}

export type ReportRenderer = (model: ReportModel, format: ReportFormat, opts?: RenderOptions) => Promise<string | Buffer>;

export async function renderReport(model: ReportModel, format: string, opts: RenderOptions = {}): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
    case 'html':
      return renderHtml(model);
    case 'pdf':
      return renderPdf(model, { appendices: await attachedAppendices(model, opts) });
    case 'docx':
      return renderDocx(model);
    case 'xlsx':
      return renderXlsx(model);
    default:
      throw new PrognosError('UNSUPPORTED', `formatet ${format} stöds inte (json, html, pdf, docx, xlsx)`, { field: 'format' });
  }
}

/** The model's appendices that can be appended to its PDF, read in their order. */
async function attachedAppendices(model: ReportModel, opts: RenderOptions): Promise<AttachedAppendix[]> {
  const load = opts.appendixContent;
  if (!load || !model.report.appendices?.length) return [];
  const { readAppendix } = await import('./pdf/append.ts');
  const read = await Promise.all(
    model.report.appendices.map(async (a) => {
      const content = await load(a);
      return content ? readAppendix(a, content) : null;
    }),
  );
  return read.filter((a): a is AttachedAppendix => a !== null);
}
