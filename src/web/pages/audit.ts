/** The change log (audit) of a unit or a whole round: who, when, what, old and new value. */
import { ACCOUNT_GROUPS, isAccountGroup } from '../../core/domain/index.ts';
import { isMethodId, METHODS } from '../../core/forecast/index.ts';
import { html, type Html } from '../html.ts';
import { formatDateTime, formatTkr, oreToTkr } from '../format.ts';
import { STATUS_LABELS, tableScroll } from '../layout.ts';
import type { AuditEntry, UnitStatus } from '../types.ts';

export const AUDIT_PAGE_SIZE = 200;

const ACTION_NAMES: Record<string, string> = {
  'forecast.save': 'Prognos sparad',
  'comment.save': 'Kommentar sparad',
  'unit.submit': 'Inskickad',
  'unit.approve': 'Godkänd',
  'unit.reopen': 'Återöppnad',
  'round.create': 'Tillfället öppnat',
  'round.update': 'Inställningar ändrade',
  'round.publish': 'Publicerat',
  'goal_status.save': 'Målets status sparad',
  'assignment_status.save': 'Uppdragets status sparad',
  'measure.save': 'Åtgärd sparad',
  'measure.delete': 'Åtgärd borttagen',
  'narrative.save': 'Text sparad',
  'observation.save': 'Iakttagelse sparad',
  'rollforward.save': 'Intraprenadens resultat sparat',
  'rollforward.delete': 'Intraprenadens resultat borttaget',
  'observation.delete': 'Iakttagelse borttagen',
  'grid.save': 'Tabell sparad',
  'user.create': 'Användare skapad',
  'user.update': 'Användare ändrad',
  'user.password': 'Lösenord bytt',
  'template.set': 'Rapportmall sparad',
  'round.document': 'Dokumentuppgifter sparade',
  'round.appendix.add': 'Bilaga bifogad',
  'round.appendix.delete': 'Bilaga borttagen',
  'user.sso-login': 'Inloggning via identitetsleverantör',
  'user.sso-access': 'Roll eller enheter ändrade av identitetsleverantören',
  'user.sso-refused': 'Inloggning via identitetsleverantör nekad',
  'user.email': 'E-postadress ändrad',
  'note.add': 'Granskningskommentar skriven',
  'round.delete': 'Tillfället borttaget',
  'round.archive': 'Tillfället arkiverat',
  'round.unarchive': 'Tillfället återställt från arkivet',
};

/** The action in words; one the page does not know is "Ändring", never the internal name. */
export const actionName = (a: string): string => ACTION_NAMES[a] ?? 'Ändring';

/** What the entry is about, in words. */
export function entityText(e: AuditEntry): string {
  switch (e.entity) {
    case 'forecast_cell': {
      const [unit, group = '', activity = ''] = e.entityKey.split('/');
      const g = isAccountGroup(group) ? `${group} ${ACCOUNT_GROUPS[group]}` : group;
      return `${unit} · kontogrupp ${g}${activity ? ` · verksamhet ${activity}` : ''}`;
    }
    case 'unit_comment':
    case 'round_unit':
      return e.entityKey;
    case 'goal_status':
      return `Mål ${e.entityKey}`;
    case 'assignment_status':
      return `Uppdrag ${e.entityKey}`;
    case 'measure':
      return `Åtgärd ${e.entityKey}`;
    case 'narrative':
      return `Text ${e.entityKey}`;
    case 'round':
      return e.entityKey.replace(/\//g, ' ');
    case 'round_document':
      return `Omgång ${e.entityKey} · dokumentuppgifter`;
    case 'round_appendix':
      return `Omgång ${e.entityKey.replace('/', ' · bilaga ')}`;
    case 'report_template': {
      const [board, id, version] = e.entityKey.split('/');
      return `${board} · mall ${id} · version ${version}`;
    }
    default:
      return e.entityKey;
  }
}

const clip = (s: string, n = 240): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const FIELD_NAMES: Record<string, string> = {
  status: 'status',
  comment: 'kommentar',
  text: 'text',
  title: 'rubrik',
  deadline: 'sista dag',
  thresholdTkr: 'kommentarsgräns (tkr)',
  method: 'metod',
  decisionDate: 'beslutsdatum',
  diaryNumber: 'diarienummer',
  forecastEffectMnkr: 'prognoseffekt (mnkr)',
  totalEffectMnkr: 'total effekt (mnkr)',
  achievedMnkr: 'uppnått (mnkr)',
  expectedEffect: 'förväntad effekt',
  displayName: 'namn',
  role: 'roll',
  units: 'enheter',
  disabled: 'avstängd',
  username: 'användarnamn',
  password: 'lösenord',
  board: 'nämnd eller styrelse',
  year: 'år',
  period: 'brytmånad',
  name: 'namn',
  level: 'nivå',
  within: 'inom',
  byActivity: 'per verksamhet',
  prevPeriod: 'jämförelsemånad',
  sign: 'tecken',
  groupLevel: 'kontogruppsnivå',
  template: 'rapportmall',
  templateId: 'mall',
  chapters: 'kapitel',
  via: 'via',
  grupper: 'grupper',
  orsak: 'orsak',
  skapad: 'skapad',
  issuer: 'utfärdare',
  subject: 'id hos leverantören',
};

/** Values with a Swedish reading of their own: yes/no, forecast methods, sign conventions. */
function fieldValue(key: string, x: unknown): string {
  if (typeof x === 'boolean') return x ? 'ja' : 'nej';
  if (key === 'method' && typeof x === 'string' && isMethodId(x)) return METHODS[x].name;
  if (key === 'template' && typeof x === 'object' && x !== null) {
    const t = x as { id?: unknown; version?: unknown };
    return `${String(t.id)}, version ${String(t.version)}`;
  }
  if (key === 'sign') return x === 'cost-positive' ? 'kostnader positiva' : x === 'net' ? 'netto (kostnader negativa)' : String(x);
  return Array.isArray(x) ? x.join(', ') : typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x);
}

/** An old or new value as a reader wants it: amounts in tkr, statuses in Swedish, texts clipped. */
export function valueText(e: AuditEntry, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return clip(String(v));
  const o = v as Record<string, unknown>;
  if (e.entity === 'forecast_cell') {
    const ore = o.amountOre;
    return ore === null || ore === undefined ? 'tomt' : `${formatTkr(oreToTkr(BigInt(ore as number)))} tkr`;
  }
  if (e.entity === 'round_unit' && typeof o.status === 'string') return STATUS_LABELS[o.status as UnitStatus] ?? o.status;
  if (e.entity === 'unit_comment') return clip(String(o.text ?? ''));
  const parts: string[] = [];
  for (const [k, x] of Object.entries(o)) {
    if (x === undefined || k === 'version' || k === 'nr' || k === 'updatedBy' || k === 'updatedAt') continue;
    const text = x === null ? (k === 'template' ? 'den inbyggda' : '–') : fieldValue(k, x);
    if (text === '') continue;
    parts.push(`${FIELD_NAMES[k] ?? k}: ${clip(text, 160)}`);
  }
  return parts.join('; ');
}

export function auditBody(o: { heading: string; intro: string; entries: AuditEntry[]; olderHref: string | null }): Html {
  const table = o.entries.length
    ? tableScroll('audit-table-0-caption', html`<table class="table audit-table">
<caption id="audit-table-0-caption" class="visually-hidden">${o.heading}</caption>
<thead><tr><th scope="col">Tid</th><th scope="col">Vem</th><th scope="col">Händelse</th><th scope="col">Vad</th><th scope="col">Före</th><th scope="col">Efter</th></tr></thead>
<tbody>
${o.entries.map(
  (e) => html`<tr>
<th scope="row" class="nowrap">${formatDateTime(e.at)}</th>
<td class="text">${e.username}</td>
<td class="text">${actionName(e.action)}</td>
<td class="text">${entityText(e)}</td>
<td class="text old">${valueText(e, e.old)}</td>
<td class="text new">${valueText(e, e.new)}</td>
</tr>`,
)}
</tbody>
</table>`)
    : html`<p>Inga ändringar ännu.</p>`;
  return html`<h1>${o.heading}</h1>
<p class="lead">${o.intro}</p>
${table}
${o.olderHref ? html`<p><a href="${o.olderHref}">Visa äldre ändringar</a></p>` : null}`;
}
