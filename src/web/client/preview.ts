/** Live preview of a narrative text as the report will show it (escaped: see `markdown.ts`). */
import { previewHtml } from '../markdown.ts';

export function initPreview(textarea: HTMLTextAreaElement): void {
  const target = document.getElementById(textarea.dataset.previewSource ?? '');
  if (!target) return;
  let timer: number | undefined;
  textarea.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      const h = previewHtml(textarea.value);
      // previewHtml escapes every run of the text; only its own <p>, <ul>, <li>, <strong>, <em>, <br> are markup.
      target.innerHTML = h || '<p class="muted">Texten är tom.</p>';
    }, 120);
  });
}
