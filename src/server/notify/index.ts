/**
 * Notifications by e-mail (SMTP through a configured relay, nodemailer) in Swedish, each with
 * a link to the page:
 * - a round opens → the editors of its units (one message per person, listing their units);
 * - a unit is submitted → the controllers;
 * - a unit is reopened → the unit's editors, with the reason;
 * - a unit is approved → the unit's editors;
 * - a deadline nears (by default 3 days and 1 day before) → the editors of each unit not yet
 *   submitted: the scheduler (`ReminderScheduler`, inside the server, clock injected) sends each
 *   reminder once, recorded in `notification_sent` before it is sent, so a restart never sends
 *   it again (a failed send takes the record back and is tried on the next run).
 *
 * Events are sent after the change is committed and never make a request fail: errors are
 * logged. `idle()` waits for what is under way (tests, shutdown). Recipients are active users
 * with an e-mail address; an editor receives a unit's messages when one of the editor's units
 * is the unit or one of its ancestors.
 */
import nodemailer from 'nodemailer';
import { OrgTree } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import { reportTitle } from '../../report/index.ts';
import type { Store } from '../../store/index.ts';
import { claimNotification, mailRecipients, releaseNotification, roundsWithDeadline, type Recipient } from '../../store/notify.ts';
import { getRound, type RoundRecord } from '../../store/rounds.ts';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(m: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpSettings {
  /**
   * `smtp://[user:password@]host[:port]` (STARTTLS when the relay offers it) or `smtps://…`
   * (TLS from the start, port 465 by default). Query options: `starttls=required` (refuse a
   * relay without STARTTLS), `starttls=never`, `tls-verify=false` (accept a certificate that
   * cannot be verified, e.g. an internal CA).
   */
  url: string;
  /** The sender, e.g. `Prognos <prognos@kommun.se>`. */
  from: string;
}

/** nodemailer's transport options from an SMTP URL (our own parse: every option is documented above). */
export function smtpOptions(url: string): Record<string, unknown> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PrognosError('BAD_INPUT', `SMTP-adressen ${url} går inte att läsa; skriv till exempel smtp://smtp.kommun.se:587`, { field: 'smtp-url' });
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new PrognosError('BAD_INPUT', `SMTP-adressen ska börja med smtp:// eller smtps://, inte ${u.protocol}//`, { field: 'smtp-url' });
  if (!u.hostname) throw new PrognosError('BAD_INPUT', 'SMTP-adressen saknar servernamn', { field: 'smtp-url' });
  const secure = u.protocol === 'smtps:';
  const starttls = u.searchParams.get('starttls');
  const verify = u.searchParams.get('tls-verify');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    ...(starttls === 'required' ? { requireTLS: true } : starttls === 'never' ? { ignoreTLS: true } : {}),
    tls: { rejectUnauthorized: verify !== 'false' },
  };
}

export function smtpMailer(s: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(smtpOptions(s.url) as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m) {
      await transport.sendMail({ from: s.from, to: m.to, subject: m.subject, text: m.text });
    },
    close: () => transport.close(),
  };
}

export type NotifyEvent =
  | { kind: 'round.opened'; orgId: string; roundId: number; by: string }
  | { kind: 'unit.submitted' | 'unit.approved'; orgId: string; roundId: number; unitCode: string; by: string }
  | { kind: 'unit.reopened'; orgId: string; roundId: number; unitCode: string; by: string; reason: string };

export interface NotifierOptions {
  /** Where the links point, e.g. `https://prognos.kommun.se` (no trailing slash). */
  baseUrl: string;
  log: (message: string, err?: unknown) => void;
  /** Days before a deadline that a reminder goes out (default 3 and 1). */
  reminderDays?: readonly number[];
}

const SIGNATURE = '\n\n-- \nDet här meddelandet skickades av Prognos. Svara inte på det; kontakta controllern vid frågor.\n';

/** The date (YYYY-MM-DD) in Sweden at an instant. */
export const swedishDate = (at: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export class Notifier {
  private pending = new Set<Promise<void>>();
  readonly reminderDays: readonly number[];

  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer | undefined,
    private readonly o: NotifierOptions,
  ) {
    this.reminderDays = [...(o.reminderDays ?? [3, 1])].sort((a, b) => a - b);
  }

  get enabled(): boolean {
    return this.mailer !== undefined;
  }

  /** Sends the event's messages in the background; never throws. */
  emit(e: NotifyEvent): void {
    if (!this.mailer) return;
    const p = this.handle(e)
      .catch((err: unknown) => this.o.log(`e-post om ${e.kind} kunde inte skickas`, err))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Waits until every message under way is sent (or has failed). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.mailer?.close();
  }

  private link(path: string): string {
    return `${this.o.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  private async context(orgId: string, roundId: number): Promise<{ round: RoundRecord; tree: OrgTree; people: Recipient[]; title: string }> {
    const [round, units, people] = await Promise.all([getRound(this.store.db, orgId, roundId), this.store.listUnits(orgId), mailRecipients(this.store.db, orgId)]);
    const tree = new OrgTree(units);
    const board = tree.get(round.board)?.name ?? round.board;
    return { round, tree, people, title: reportTitle(round.year, round.period, round.name, board) };
  }

  private static editorsOf(tree: OrgTree, people: readonly Recipient[], unit: string): Recipient[] {
    const path = new Set(tree.path(unit).map((x) => x.code));
    return people.filter((p) => p.role === 'unit_editor' && p.units.some((x) => path.has(x)));
  }

  private unitName(tree: OrgTree, code: string): string {
    return `${code} ${tree.get(code)?.name ?? ''}`.trim();
  }

  private async handle(e: NotifyEvent): Promise<void> {
    const { round, tree, people, title } = await this.context(e.orgId, e.roundId);
    const deadline = round.deadline ? ` Sista dag för inlämning är ${round.deadline}.` : '';
    if (e.kind === 'round.opened') {
      const units = await this.store.db.query<{ unit_code: string }>('SELECT unit_code FROM round_unit WHERE org_id = $1 AND round_id = $2 ORDER BY sort_order', [round.orgId, round.id]);
      const perPerson = new Map<string, { p: Recipient; units: string[] }>();
      for (const { unit_code } of units) {
        for (const p of Notifier.editorsOf(tree, people, unit_code)) {
          const x = perPerson.get(p.email) ?? { p, units: [] };
          x.units.push(unit_code);
          perPerson.set(p.email, x);
        }
      }
      for (const { p, units: codes } of perPerson.values()) {
        await this.mailer!.send({
          to: [p.email],
          subject: `Prognos ${round.name} ${round.year} är öppen: lämna prognos`,
          text:
            `Hej ${p.displayName || p.username}!\n\n${title} är öppnad för prognoser (brytmånad ${round.period}/${round.year}).${deadline}\n\n` +
            `Dina enheter:\n${codes.map((c) => `- ${this.unitName(tree, c)}: ${this.link(`/rounds/${round.id}/units/${encodeURIComponent(c)}`)}`).join('\n')}` +
            `\n\nAtt göra: ${this.link('/todo')}${SIGNATURE}`,
        });
      }
      return;
    }
    const unit = this.unitName(tree, e.unitCode);
    const unitLink = this.link(`/rounds/${round.id}/units/${encodeURIComponent(e.unitCode)}`);
    if (e.kind === 'unit.submitted') {
      const to = people.filter((p) => p.role === 'controller').map((p) => p.email);
      if (to.length === 0) return;
      await this.mailer!.send({
        to,
        subject: `${unit} har skickat in prognos ${round.name} ${round.year}`,
        text: `${unit} har skickat in sin prognos i ${title} (inskickad av ${e.by}).\n\nGranska och godkänn: ${unitLink}\nAlla enheter: ${this.link(`/rounds/${round.id}`)}${SIGNATURE}`,
      });
      return;
    }
    const to = Notifier.editorsOf(tree, people, e.unitCode).map((p) => p.email);
    if (to.length === 0) return;
    if (e.kind === 'unit.reopened') {
      await this.mailer!.send({
        to,
        subject: `Prognosen för ${unit} är återöppnad (${round.name} ${round.year})`,
        text: `Controllern (${e.by}) har återöppnat prognosen för ${unit} i ${title}.\n\nSkäl: ${e.reason}\n\nÄndra och skicka in igen: ${unitLink}${deadline ? `\n${deadline.trim()}` : ''}${SIGNATURE}`,
      });
      return;
    }
    await this.mailer!.send({
      to,
      subject: `Prognosen för ${unit} är godkänd (${round.name} ${round.year})`,
      text: `Controllern (${e.by}) har godkänt prognosen för ${unit} i ${title}. Du behöver inte göra något mer.\n\nPrognosen: ${unitLink}${SIGNATURE}`,
    });
  }

  /**
   * Sends the deadline reminders due at `now`: for each open unit of an open round with a
   * deadline, the nearest reminder day at or above the days left (so a server that was down on
   * the third day still sends the one-day reminder, and never two at once). Returns how many
   * messages went out.
   */
  async sendReminders(now: Date): Promise<number> {
    if (!this.mailer) return 0;
    const today = swedishDate(now);
    let sent = 0;
    for (const r of await roundsWithDeadline(this.store.db)) {
      const left = daysBetween(today, r.deadline);
      if (left < 0) continue;
      const day = this.reminderDays.find((d) => d >= left);
      if (day === undefined || r.openUnits.length === 0) continue;
      const { round, tree, people, title } = await this.context(r.orgId, r.roundId);
      for (const code of r.openUnits) {
        const to = Notifier.editorsOf(tree, people, code).map((p) => p.email);
        if (to.length === 0) continue;
        const key = `reminder:${round.id}:${code}:${day}`;
        if (!(await claimNotification(this.store.db, r.orgId, key, to.length))) continue;
        const unit = this.unitName(tree, code);
        const when = left === 0 ? 'i dag' : left === 1 ? 'i morgon' : `om ${left} dagar`;
        try {
          await this.mailer.send({
            to,
            subject: `Påminnelse: prognosen för ${unit} ska lämnas ${when} (${round.deadline})`,
            text: `Prognosen för ${unit} i ${title} är inte inskickad. Sista dag är ${round.deadline} (${when}).\n\nLämna prognosen: ${this.link(`/rounds/${round.id}/units/${encodeURIComponent(code)}`)}${SIGNATURE}`,
          });
          sent++;
        } catch (err) {
          await releaseNotification(this.store.db, r.orgId, key);
          this.o.log(`påminnelsen ${key} kunde inte skickas`, err);
        }
      }
    }
    return sent;
  }
}

/** Runs the reminders now and then every `intervalMs` (default an hour), on an injected clock. */
export class ReminderScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly notifier: Notifier,
    private readonly o: { clock?: () => Date; intervalMs?: number; log: (message: string, err?: unknown) => void },
  ) {}

  /** One run (a run still under way is awaited, never doubled). */
  tick(): Promise<number> {
    this.running ??= this.notifier
      .sendReminders((this.o.clock ?? (() => new Date()))())
      .catch((err: unknown) => {
        this.o.log('påminnelserna kunde inte skickas', err);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  start(): void {
    if (this.timer || !this.notifier.enabled) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.o.intervalMs ?? 3_600_000);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
