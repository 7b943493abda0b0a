/**
 * The page shell and the small components every page shares. Accessibility is built in here:
 * `lang="sv"`, a skip link, landmarks (banner, navigation, main, contentinfo), one `<h1>` per
 * page (the page's), `aria-current` on the current link, an error summary that links to the
 * fields, real labels with hints and errors tied to the field by `aria-describedby`.
 */
import { attr, cls, html, raw, type Html, type Interpolation } from './html.ts';
import type { Me, RoundDetail, RoundSummary, UnitStatus } from './types.ts';
import { formatDateTime, sentence } from './format.ts';

export interface AssetUrls {
  css: string;
  js: string;
  icon: string;
}

export type RoundTab = 'units' | 'goals' | 'texts' | 'dashboards' | 'report' | 'audit';

export interface Crumb {
  label: string;
  href?: string;
}

export interface PageOptions {
  title: string;
  assets: AssetUrls;
  me?: Me;
  /** The main menu item the page belongs to. */
  section?: 'rounds' | 'users' | 'account';
  breadcrumbs?: Crumb[];
  round?: { round: RoundSummary; permissions?: RoundDetail['permissions']; active?: RoundTab };
  body: Html;
  /** Width of the page: wide (tables) or narrow (log-in). */
  wide?: boolean;
  narrow?: boolean;
  /** The session's idle timeout, for the browser's warning before it ends. */
  sessionIdleSeconds?: number;
  /** Reload the page (or go to `url`) after this many seconds: a page waiting for a rendering. */
  refresh?: { seconds: number; url?: string };
}

function header(o: PageOptions): Html {
  const me = o.me;
  if (!me) {
    return html`<header class="site-header" role="banner">
<div class="site-header__inner">
<a class="brand" href="/">${brandMark()}<span class="brand__name">Prognos</span></a>
</div>
</header>`;
  }
  const link = (href: string, label: string, active: boolean) => html`<li><a href="${href}"${attr('aria-current', active ? 'page' : null)}>${label}</a></li>`;
  return html`<header class="site-header" role="banner">
<div class="site-header__inner">
<a class="brand" href="/rounds">${brandMark()}<span class="brand__name">Prognos</span><span class="brand__org">${me.user.organisation.name}</span></a>
<div class="user-menu">
<p class="user-menu__who"><span class="user-menu__name">${me.user.displayName || me.user.username}</span> <span class="user-menu__role">${me.user.roleName}</span></p>
<a href="/account/password"${attr('aria-current', o.section === 'account' ? 'page' : null)}>Byt lösenord</a>
<form method="post" action="/logout" class="inline-form">${csrfField(me.csrfToken)}<button type="submit" class="button button--quiet-inverse">Logga ut</button></form>
</div>
</div>
<nav class="main-nav" aria-label="Huvudmeny">
<ul>
${link('/rounds', 'Uppföljningstillfällen', o.section === 'rounds')}
${me.permissions.includes('users.manage') ? link('/admin/users', 'Användare', o.section === 'users') : null}
</ul>
</nav>
</header>`;
}

const brandMark = (): Html =>
  raw(
    '<svg class="brand__mark" aria-hidden="true" focusable="false" width="28" height="28" viewBox="0 0 28 28"><rect x="1" y="1" width="26" height="26" rx="5" fill="#fff"/><path d="M6 20 L11 14 L15 17 L22 8" fill="none" stroke="#1f4e79" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/><circle cx="22" cy="8" r="2.2" fill="#c55a11"/></svg>',
  );

function breadcrumbs(items: Crumb[] | undefined): Html | null {
  if (!items || items.length === 0) return null;
  return html`<nav class="breadcrumbs" aria-label="Du är här">
<ol>${items.map((c, i) => (c.href && i < items.length - 1 ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li><span aria-current="page">${c.label}</span></li>`))}</ol>
</nav>`;
}

/** The round's title and its pages as tabs: one navigation landmark named after the round. */
function roundNav(r: NonNullable<PageOptions['round']>): Html {
  const s = r.round;
  const base = `/rounds/${s.id}`;
  const p = r.permissions;
  const tabs: Array<[RoundTab, string, string, boolean]> = [
    ['units', 'Enheter och status', base, true],
    ['goals', 'Mål och uppdrag', `${base}/goals`, p?.readContent ?? true],
    ['texts', 'Texter', `${base}/texts`, p?.readContent ?? true],
    ['dashboards', 'Översikt', `${base}/dashboards`, true],
    ['report', 'Rapport', `${base}/report`, true],
    ['audit', 'Ändringslogg', `${base}/audit`, p?.readAudit ?? false],
  ];
  return html`<nav class="round-nav" aria-label="Uppföljningstillfälle ${s.name} ${s.year}">
<div class="round-banner">
<p class="round-banner__title">${s.title}</p>
<p class="round-banner__meta">${s.name} · ${statusLabel(s)}${s.deadline ? html` · sista dag ${s.deadline}` : null}</p>
</div>
<ul>${tabs
    .filter((t) => t[3])
    .map(([id, label, href]) => html`<li><a href="${href}"${attr('aria-current', r.active === id ? 'page' : null)}>${label}</a></li>`)}</ul>
</nav>`;
}

const statusLabel = (s: RoundSummary): Html =>
  s.status === 'published' ? html`<span class="badge badge--published">Publicerad</span>` : html`<span class="badge badge--open-round">Pågår</span>`;

export function renderPage(o: PageOptions): string {
  const title = `${o.title} – Prognos`;
  const doc = html`<!DOCTYPE html>
<html lang="sv" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.refresh ? html`<meta http-equiv="refresh" content="${`${o.refresh.seconds}${o.refresh.url ? `; url=${o.refresh.url}` : ''}`}">` : null}
${o.me ? html`<meta name="csrf-token" content="${o.me.csrfToken}">
<meta name="prognos-user" content="${`${o.me.user.organisation.id}:${o.me.user.id}`}">` : null}
${o.me && o.sessionIdleSeconds ? html`<meta name="session-idle-seconds" content="${String(o.sessionIdleSeconds)}">` : null}
<title>${title}</title>
<link rel="stylesheet" href="${o.assets.css}">
<link rel="icon" href="${o.assets.icon}" type="image/svg+xml">
<script type="module" src="${o.assets.js}"></script>
</head>
<body>
<a class="skip-link" href="#main">Hoppa till innehållet</a>
${header(o)}
<div class="page${o.wide ? ' page--wide' : o.narrow ? ' page--narrow' : ''}">
${breadcrumbs(o.breadcrumbs)}
${o.round ? roundNav(o.round) : null}
<main id="main" tabindex="-1">
${o.body}
</main>
</div>
<footer class="site-footer" role="contentinfo">
<p>Prognos – budgetuppföljning, helårsprognoser och uppföljningsrapporter för kommuner.</p>
</footer>
</body>
</html>
`;
  return doc.value;
}

// --- components ------------------------------------------------------------------------------

export const csrfField = (token: string): Html => html`<input type="hidden" name="_csrf" value="${token}">`;

/**
 * A table's horizontal scroll wrapper, for tables wider than a narrow screen: a region named by
 * the table's caption that takes keyboard focus, so it can be scrolled with the arrow keys too
 * (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export const tableScroll = (captionId: string, table: Html): Html =>
  html`<div class="table-scroll" role="region" tabindex="0" aria-labelledby="${captionId}">
${table}
</div>`;

export type NoticeKind = 'success' | 'info' | 'warning' | 'error';

export function notice(kind: NoticeKind, content: Interpolation, heading?: string): Html {
  const role = kind === 'error' ? 'alert' : 'status';
  return html`<div class="notice notice--${kind}" role="${role}">${heading ? html`<p class="notice__heading">${heading}</p>` : null}<div class="notice__body">${content}</div></div>`;
}

export interface FieldError {
  field?: string;
  message: string;
}

/** "Det finns ett problem" with a link to the field, when the field is known. */
export function errorSummary(error: FieldError | undefined, fieldIds: Record<string, string> = {}): Html | null {
  if (!error) return null;
  const id = error.field ? fieldIds[error.field] : undefined;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title" class="error-summary__title">Det finns ett problem</h2>
<p>${id ? html`<a href="#${id}">${sentence(error.message)}</a>` : sentence(error.message)}</p>
</div>`;
}

export interface FieldOptions {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value?: string | number | null;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  width?: 'xs' | 's' | 'm' | 'l';
  extra?: Html;
}

function describedBy(o: { id: string; hint?: string | undefined; error?: string | undefined }): Html {
  const ids = [o.hint ? `${o.id}-hint` : null, o.error ? `${o.id}-error` : null].filter((x): x is string => x !== null);
  return attr('aria-describedby', ids.length ? ids.join(' ') : null);
}

function fieldTop(o: { id: string; label: string; hint?: string | undefined; error?: string | undefined }): Html {
  return html`<label class="field__label" for="${o.id}">${o.label}</label>
${o.hint ? html`<p class="field__hint" id="${o.id}-hint">${o.hint}</p>` : null}
${o.error ? html`<p class="field__error" id="${o.id}-error"><span class="visually-hidden">Fel: </span>${sentence(o.error)}</p>` : null}`;
}

export function textField(o: FieldOptions): Html {
  return html`<div class="${cls('field', o.error && 'field--error')}">
${fieldTop(o)}
<input class="${cls('input', o.width && `input--${o.width}`)}" id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}"${attr('value', o.value ?? null)}${attr('required', o.required ?? false)}${attr('autocomplete', o.autocomplete)}${attr('inputmode', o.inputmode)}${attr('aria-invalid', o.error ? 'true' : null)}${describedBy(o)}${o.extra ?? null}>
</div>`;
}

export function textArea(o: FieldOptions & { rows?: number }): Html {
  return html`<div class="${cls('field', o.error && 'field--error')}">
${fieldTop(o)}
<textarea class="textarea" id="${o.id}" name="${o.name}" rows="${o.rows ?? 5}"${attr('required', o.required ?? false)}${attr('aria-invalid', o.error ? 'true' : null)}${describedBy(o)}${o.extra ?? null}>${o.value ?? ''}</textarea>
</div>`;
}

export function selectField(o: FieldOptions & { options: Array<{ value: string; label: string }> }): Html {
  const v = o.value === null || o.value === undefined ? '' : String(o.value);
  return html`<div class="${cls('field', o.error && 'field--error')}">
${fieldTop(o)}
<select class="${cls('select', o.width && `input--${o.width}`)}" id="${o.id}" name="${o.name}"${attr('required', o.required ?? false)}${attr('aria-invalid', o.error ? 'true' : null)}${describedBy(o)}>
${o.options.map((x) => html`<option value="${x.value}"${attr('selected', x.value === v)}>${x.label}</option>`)}
</select>
</div>`;
}

export function checkbox(o: { id: string; name: string; label: string; checked?: boolean; hint?: string; value?: string }): Html {
  return html`<div class="field field--checkbox">
<input class="checkbox" type="checkbox" id="${o.id}" name="${o.name}" value="${o.value ?? 'on'}"${attr('checked', o.checked ?? false)}${o.hint ? attr('aria-describedby', `${o.id}-hint`) : null}>
<label for="${o.id}">${o.label}</label>
${o.hint ? html`<p class="field__hint" id="${o.id}-hint">${o.hint}</p>` : null}
</div>`;
}

export const STATUS_LABELS: Record<UnitStatus, string> = { open: 'Öppen', submitted: 'Inlämnad', approved: 'Godkänd' };

export const statusBadge = (s: UnitStatus): Html => html`<span class="badge badge--${s}">${STATUS_LABELS[s]}</span>`;

/** `kontroller, 2024-04-12 14:05` or '–'. */
export function byAt(by: string | null, at: string | null): Html {
  if (!by && !at) return html`<span class="muted">–</span>`;
  return html`${by ?? ''}${by && at ? html`<br>` : null}<span class="muted">${formatDateTime(at)}</span>`;
}
