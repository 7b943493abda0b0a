/** The board templates page: stored versions per board, download, the built-in starting point, upload. */
import { sentence } from '../format.ts';
import { html, type Html } from '../html.ts';
import { byAt, checkbox, csrfField, errorSummary, selectField, tableScroll, type FieldError } from '../layout.ts';
import type { UnitInfo } from '../types.ts';

export interface TemplateInfo {
  board: { code: string; name: string };
  id: string;
  version: number;
  name: string;
  createdBy: string;
  createdAt: string;
}

export interface UploadError extends FieldError {
  /** Every problem of the file (the first is `message`), each naming its path and field. */
  problems?: Array<{ field: string; message: string }>;
}

const enc = encodeURIComponent;

function boardTable(code: string, name: string, versions: TemplateInfo[]): Html {
  const caption = `templates-${code.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return html`<h2>${code} ${name}</h2>
${tableScroll(
  `${caption}-caption`,
  html`<table class="table">
<caption id="${caption}-caption">Sparade mallar för ${code} ${name}, nyaste versionen först</caption>
<thead><tr><th scope="col">Mall</th><th scope="col">Version</th><th scope="col">Sparad</th><th scope="col"><span class="visually-hidden">Ladda ner</span></th></tr></thead>
<tbody>
${versions.map(
  (t) => html`<tr>
<th scope="row">${t.name} <span class="muted small">(${t.id})</span></th>
<td class="number">${t.version}</td>
<td class="text small">${byAt(t.createdBy, t.createdAt)}</td>
<td class="actions"><a class="button button--small button--secondary" href="/templates/download?board=${enc(code)}&amp;id=${enc(t.id)}&amp;version=${t.version}" download>Ladda ner JSON<span class="visually-hidden"> för ${t.name} version ${t.version}</span></a></td>
</tr>`,
)}
</tbody>
</table>`,
)}`;
}

export function templatesBody(o: { csrf: string; templates: TemplateInfo[]; units: UnitInfo[]; message?: Html | null; error?: UploadError; board?: string }): Html {
  const boards = o.units.filter((u) => u.parent === null || u.level === 'board');
  const byBoard = new Map<string, TemplateInfo[]>();
  for (const t of o.templates) byBoard.set(t.board.code, [...(byBoard.get(t.board.code) ?? []), t]);
  const boardOptions = boards.map((b) => ({ value: b.code, label: `${b.code} ${b.name}` }));
  const err = (f: string) => (o.error && (o.error.field === f || (f === 'file' && o.error.field !== 'board')) ? o.error.message : undefined);
  const more = o.error?.problems && o.error.problems.length > 1 ? o.error.problems.slice(1) : [];
  return html`<h1>Rapportmallar</h1>
${o.message ?? null}
${errorSummary(o.error ? { ...o.error, field: o.error.field === 'board' ? 'board' : 'file' } : undefined, { board: 'upload-board', file: 'template-file' })}
<p>En rapportmall är rapportens kapitelstruktur som JSON: kapitel, rubriker, tabeller och texter. Varje uppladdning sparas som en ny version; tidigare versioner finns kvar. Ett nytt uppföljningstillfälle använder nämndens senast sparade mall, om inget annat väljs, och den publicerade rapporten behåller den version den gjordes med.</p>
${o.templates.length === 0 ? html`<p>Inga mallar är sparade ännu. Rapporterna använder den inbyggda mallen.</p>` : [...byBoard.entries()].map(([code, versions]) => boardTable(code, versions[0]!.board.name, versions))}
<h2>Utgå från den inbyggda mallen</h2>
<form method="get" action="/templates/builtin" class="form">
${selectField({ id: 'builtin-board', name: 'board', label: 'Nämnd eller styrelse', value: o.board ?? boards[0]?.code ?? '', options: boardOptions, width: 'l' })}
${checkbox({ id: 'builtin-annual', name: 'annual', value: 'true', label: 'Årsberättelse (i stället för delårsrapport)' })}
<div class="form__actions"><button type="submit" class="button button--secondary">Ladda ner den inbyggda mallen</button></div>
</form>
<h2>Ladda upp en mall</h2>
<form method="post" action="/templates" enctype="multipart/form-data" class="form" novalidate>
${csrfField(o.csrf)}
${selectField({ id: 'upload-board', name: 'board', label: 'Nämnd eller styrelse', value: o.board ?? boards[0]?.code ?? '', options: boardOptions, error: o.error?.field === 'board' ? o.error.message : undefined, width: 'l' })}
<div class="field${err('file') ? ' field--error' : ''}">
<label class="field__label" for="template-file">Mallens JSON-fil</label>
<p class="field__hint" id="template-file-hint">Okända nycklar och block godtas inte: felet visar var i filen det sitter.</p>
${err('file') ? html`<p class="field__error" id="template-file-error"><span class="visually-hidden">Fel: </span>${sentence(err('file')!)}</p>` : null}
<input class="input" id="template-file" name="file" type="file" accept="application/json,.json" aria-describedby="template-file-hint${err('file') ? ' template-file-error' : ''}"${err('file') ? html` aria-invalid="true"` : null}>
</div>
${more.length ? html`<p>Fler fel i filen:</p><ul class="small">${more.map((p) => html`<li>${p.message}</li>`)}</ul>` : null}
<div class="form__actions"><button type="submit" class="button button--primary">Spara som ny version</button></div>
</form>`;
}
