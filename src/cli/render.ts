/**
 * Rendering for the commands: loads the renderers on first use and remembers whether the PDF
 * renderer (one browser per process) was started, so that only then it is closed at the end.
 */
import type { ReportModel } from '../report/index.ts';

let pdfStarted = false;

export async function render(model: ReportModel, format: string): Promise<string | Buffer> {
  const { renderReport } = await import('../report/render.ts');
  if (format === 'pdf') pdfStarted = true;
  return renderReport(model, format);
}

/** Marks the PDF renderer as possibly started (the server renders PDFs too). */
export function pdfMayBeStarted(): void {
  pdfStarted = true;
}

/** Closes the PDF renderer's browser if this process may have started it, so the command ends. */
export async function closeRenderers(): Promise<void> {
  if (!pdfStarted) return;
  const { closePdfRenderer } = await import('../report/pdf/index.ts');
  await closePdfRenderer();
}
