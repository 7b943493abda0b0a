/**
 * The browser module (bundled by esbuild at server start): progressive enhancement of the
 * server-rendered pages. Without it every page still works with plain forms.
 */
import { initForecastGrid } from './forecast.ts';
import { initDrafts } from './drafts.ts';
import { initPreview } from './preview.ts';
import { initSessionWarning } from './session.ts';

document.documentElement.classList.remove('no-js');
document.documentElement.classList.add('js');

for (const el of document.querySelectorAll<HTMLElement>('[data-forecast-grid]')) initForecastGrid(el);
for (const el of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-preview-source]')) initPreview(el);
initDrafts();
initSessionWarning();

// After a failed form post, move focus to the summary of what went wrong.
document.querySelector<HTMLElement>('.error-summary')?.focus();
