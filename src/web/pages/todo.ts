/** "Att göra": the start page after log-in, listing what the user must do in every role. */
import { html, type Html } from '../html.ts';
import { formatDateTime } from '../format.ts';
import type { Me } from '../types.ts';

interface RoundRef {
  id: number;
  name: string;
  year: number;
  title: string;
  deadline: string | null;
}
interface UnitItem {
  round: RoundRef;
  unit: { code: string; name: string };
  status: string;
  link: string;
  overdue?: boolean;
}

export interface TodoJson {
  today: string;
  enter: UnitItem[];
  reopened: Array<UnitItem & { reason: string; reopenedBy: string | null; reopenedAt: string | null }>;
  approve: Array<UnitItem & { submittedBy: string | null; submittedAt: string | null }>;
  publish: Array<{ round: RoundRef; link: string }>;
  overdue: UnitItem[];
  published: Array<{ round: RoundRef; publishedAt: string; publishedBy: string | null; link: string }>;
}

const deadlineText = (i: UnitItem): Html =>
  i.round.deadline ? html`<span class="${i.overdue ? 'badge badge--warning' : 'muted'}">${i.overdue ? 'Försenad: ' : 'Sista dag '}${i.round.deadline}</span>` : html`<span class="muted">ingen sista dag</span>`;

function section(id: string, title: string, items: Html[], empty: string | null): Html | null {
  if (items.length === 0 && empty === null) return null;
  return html`<section class="section" aria-labelledby="${id}">
<h2 id="${id}">${title} <span class="count">(${items.length})</span></h2>
${items.length ? html`<ul class="todo-list">${items.map((x) => html`<li>${x}</li>`)}</ul>` : html`<p class="muted">${empty}</p>`}
</section>`;
}

export function todoBody(o: { me: Me; todo: TodoJson }): Html {
  const t = o.todo;
  const role = o.me.user.role;
  const finance = o.me.permissions.includes('units.review');
  const unit = (i: UnitItem) => html`<a href="${i.link}">${i.unit.code} ${i.unit.name}</a> <span class="muted">i ${i.round.name} ${i.round.year}</span>`;
  const sections = [
    role === 'unit_editor'
      ? section('todo-reopened', 'Återöppnade av controllern', t.reopened.map((i) => html`${unit(i)} · ${deadlineText(i)}<br><span class="small">Skäl: ${i.reason}${i.reopenedBy ? ` (${i.reopenedBy})` : ''}</span>`), null)
      : null,
    role === 'unit_editor' ? section('todo-enter', 'Prognoser att lämna', t.enter.map((i) => html`${unit(i)} · ${deadlineText(i)}`), 'Du har inga prognoser kvar att lämna.') : null,
    finance ? section('todo-approve', 'Inskickade, väntar på godkännande', t.approve.map((i) => html`${unit(i)} <span class="small muted">inskickad av ${i.submittedBy ?? ''} ${formatDateTime(i.submittedAt)}</span>`), 'Inga enheter väntar på godkännande.') : null,
    finance ? section('todo-publish', 'Klara att publicera', t.publish.map((p) => html`<a href="${p.link}">${p.round.title}</a>`), null) : null,
    finance ? section('todo-overdue', 'Försenade enheter', t.overdue.map((i) => html`${unit(i)} · ${deadlineText({ ...i, overdue: true })}`), null) : null,
    section('todo-published', 'Nyligen publicerade rapporter', t.published.map((p) => html`<a href="${p.link}">${p.round.title}</a> <span class="small muted">publicerad ${formatDateTime(p.publishedAt)}</span>`), 'Inga rapporter har publicerats de senaste 30 dagarna.'),
  ];
  return html`<h1>Att göra</h1>
<p class="lead">Det här väntar på dig i dag, ${t.today}.</p>
${sections}
<p><a href="/rounds">Alla uppföljningstillfällen</a></p>`;
}
