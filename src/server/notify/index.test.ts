import type { ParsedMail } from 'mailparser';
import { recipients, startSmtp } from '../../../test/support/smtp.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../test/support/store.ts';
import { sentNotifications } from '../../store/notify.ts';
import { createApp } from '../app.ts';
import { demoWorld, loggedIn, openDemoRound, type Client, type World } from '../../../test/support/server.ts';
import { Notifier, ReminderScheduler, smtpMailer, smtpOptions, swedishDate } from './index.ts';

const to = recipients;

describe('SMTP settings', () => {
  it('reads host, port, credentials and the TLS options from the SMTP URL', () => {
    expect(smtpOptions('smtp://anna:hemligt%21@smtp.kommun.se:2525?starttls=required&tls-verify=false')).toEqual({
      host: 'smtp.kommun.se',
      port: 2525,
      secure: false,
      auth: { user: 'anna', pass: 'hemligt!' },
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    expect(smtpOptions('smtps://relay.kommun.se')).toMatchObject({ port: 465, secure: true, tls: { rejectUnauthorized: true } });
    expect(() => smtpOptions('http://x')).toThrow('SMTP-adressen ska börja med smtp:// eller smtps://, inte http://');
  });

  it('dates a reminder by the Swedish calendar day', () => {
    expect(swedishDate(new Date('2024-04-16T22:30:00Z'))).toBe('2024-04-17');
  });
});

describe.each(testBackends())('e-mail notifications through a real SMTP server (%s)', (backend) => {
  let w: World;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let notifier: Notifier;
  let controller: Client;
  let editor: Client;
  let round: number;
  const log: string[] = [];
  beforeAll(async () => {
    w = await demoWorld(backend);
    smtp = await startSmtp();
    notifier = new Notifier(w.store, smtpMailer({ url: `smtp://127.0.0.1:${smtp.port}?starttls=never`, from: 'Prognos <prognos@kommun.test>' }), { baseUrl: 'https://prognos.kommun.test', log: (m) => log.push(m) });
    const app = createApp({ store: w.store, trustProxy: true, notifier, log: () => undefined });
    w.app = app;
    const admin = await loggedIn(app, 'admin');
    for (const [user, email] of [['editor', 'editor@kommun.test'], ['chief', 'chief@kommun.test'], ['controller', 'controller@kommun.test']]) {
      expect((await admin.put(`/api/users/${user}/email`, { email })).status).toBe(200);
    }
    expect((await admin.put('/api/users/editor/email', { email: 'inte en adress' })).body.error).toMatchObject({ field: 'email', message: 'inte en adress är ingen giltig e-postadress' });
    controller = await loggedIn(app, 'controller');
    editor = await loggedIn(app, 'editor');
  });
  afterAll(async () => {
    notifier?.close();
    await smtp?.close();
    await w?.close();
  });

  const take = async (): Promise<ParsedMail[]> => {
    await notifier.idle();
    return smtp.messages.splice(0);
  };

  it('tells the editors of its units when a round opens, in Swedish with a link to each unit', async () => {
    round = await openDemoRound(controller, { name: 'P4' });
    const mails = await take();
    expect(mails.map(to).sort()).toEqual([['chief@kommun.test'], ['editor@kommun.test']]);
    const mine = mails.find((m) => to(m)[0] === 'editor@kommun.test')!;
    expect(mine.subject).toBe('Prognos P4 2024 är öppen: lämna prognos');
    expect(mine.from?.value[0]).toMatchObject({ name: 'Prognos', address: 'prognos@kommun.test' });
    expect(mine.text).toContain('Sista dag för inlämning är 2024-04-20.');
    expect(mine.text).toContain(`- KAA Staben: https://prognos.kommun.test/rounds/${round}/units/KAA`);
    expect(mine.text).not.toContain('KHR');
    // The chief of ÖKA edits every unit under it.
    expect(mails.find((m) => to(m)[0] === 'chief@kommun.test')!.text).toContain('KHR');
  });

  it('tells the controllers of a submission, and the editors of a reopening (with the reason) and an approval', async () => {
    await editor.put(`/api/rounds/${round}/units/KAA/comment`, { text: 'Vakanser.', version: 0 });
    expect((await editor.post(`/api/rounds/${round}/units/KAA/submit`, { allowMissing: true })).status).toBe(200);
    const [submitted, ...none] = await take();
    expect(none).toEqual([]);
    expect(to(submitted!)).toEqual(['controller@kommun.test']);
    expect(submitted!.subject).toBe('KAA Staben har skickat in prognos P4 2024');
    expect(submitted!.text).toContain(`Granska och godkänn: https://prognos.kommun.test/rounds/${round}/units/KAA`);

    await controller.post(`/api/rounds/${round}/units/KAA/reopen`, { reason: 'Lönerevisionen saknas i personalkostnaderna.' });
    const [reopened] = await take();
    expect(to(reopened!).sort()).toEqual(['chief@kommun.test', 'editor@kommun.test']);
    expect(reopened!.subject).toBe('Prognosen för KAA Staben är återöppnad (P4 2024)');
    expect(reopened!.text).toContain('Skäl: Lönerevisionen saknas i personalkostnaderna.');

    await editor.post(`/api/rounds/${round}/units/KAA/submit`, { allowMissing: true });
    await controller.post(`/api/rounds/${round}/approve-submitted`);
    const mails = await take();
    expect(mails.map((m) => m.subject)).toEqual(['KAA Staben har skickat in prognos P4 2024', 'Prognosen för KAA Staben är godkänd (P4 2024)']);
  });

  it('reminds the units not submitted 3 days and 1 day before the deadline, each reminder once, also after a restart', async () => {
    let now = new Date('2024-04-16T08:00:00Z'); // 4 days before 2024-04-20
    const scheduler = new ReminderScheduler(notifier, { clock: () => now, log: (m) => log.push(m) });
    expect(await scheduler.tick()).toBe(0);
    now = new Date('2024-04-17T08:00:00Z'); // 3 days
    expect(await scheduler.tick()).toBe(13); // KAA is approved; the chief edits the 13 others
    const mails = await take();
    expect(mails).toHaveLength(13);
    expect(mails[0]!.subject).toMatch(/^Påminnelse: prognosen för \S+ .* ska lämnas om 3 dagar \(2024-04-20\)$/);
    expect(mails.every((m) => !m.subject!.includes('KAA'))).toBe(true);
    expect(await scheduler.tick()).toBe(0);
    // A restarted server (a new notifier on the same store) does not send them again.
    const restarted = new Notifier(w.store, smtpMailer({ url: `smtp://127.0.0.1:${smtp.port}?starttls=never`, from: 'x@kommun.test' }), { baseUrl: 'https://prognos.kommun.test', log: () => undefined });
    expect(await restarted.sendReminders(now)).toBe(0);
    now = new Date('2024-04-19T08:00:00Z'); // 1 day
    expect(await restarted.sendReminders(now)).toBe(13);
    expect((await take())[0]!.subject).toMatch(/ska lämnas i morgon \(2024-04-20\)$/);
    now = new Date('2024-04-21T08:00:00Z'); // past the deadline: nothing more
    expect(await scheduler.tick()).toBe(0);
    restarted.close();
    const keys = await sentNotifications(w.store.db, 'demo');
    expect(keys.filter((k) => k.startsWith(`reminder:${round}:`))).toHaveLength(26);
    expect(log).toEqual([]);
  });
});
