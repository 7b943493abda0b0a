// The server-rendered UI without a browser: every page answers for the roles that may see it,
// the plain form posts (the fallback without JavaScript) do what the API does, CSRF and log-in
// rules hold for forms too, user text is escaped, and nothing inline breaks the CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/support/store.ts';
import { Client, demoWorld, loggedIn, openDemoRound, PASSWORD, type World } from '../../test/support/server.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed.ts';

interface Page {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
}

/** A browser-like request to a page: the client's cookie, Accept: text/html, a form body for posts. */
async function page(c: Client, method: 'GET' | 'POST', path: string, fields?: Record<string, string>, opts: { csrf?: string | null } = {}): Promise<Page> {
  const headers: Record<string, string> = { accept: 'text/html', 'x-forwarded-for': c.ip };
  if (c.cookie) headers.cookie = c.cookie;
  let body: string | undefined;
  if (method === 'POST') {
    headers.origin = c.origin;
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const csrf = opts.csrf === undefined ? c.csrf : opts.csrf;
    body = new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...fields }).toString();
  }
  const res = await c.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const setCookie = res.headers.get('set-cookie');
  if (setCookie) {
    const [pair] = setCookie.split(';');
    c.cookie = /=$/.test(pair!) || /Max-Age=0/i.test(setCookie) ? undefined : pair;
  }
  return { status: res.status, text: await res.text(), headers: res.headers, location: res.headers.get('location') };
}

const inputs = (text: string): number => (text.match(/data-forecast-input/g) ?? []).length;

describe.each(testBackends())('the web pages (%s)', (backend) => {
  let w: World;
  let round: number;
  let controller: Client;
  let editor: Client;
  let reader: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    controller = await loggedIn(w.app, 'controller');
    editor = await loggedIn(w.app, 'editor');
    reader = await loggedIn(w.app, 'reader');
    round = await openDemoRound(controller);
  });
  afterAll(() => w?.close());

  it('sends a visitor without a session to the log-in page and back after logging in with the form', async () => {
    const anon = new Client(w.app);
    anon.ip = '10.0.0.20';
    const r = await page(anon, 'GET', `/rounds/${round}`);
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/login?next=%2Frounds%2F${round}`);
    const login = await page(anon, 'GET', r.location!);
    expect(login.status).toBe(200);
    expect(login.text).toContain('<html lang="sv"');
    expect(login.text).toContain('name="next" value="/rounds/' + round + '"');
    expect(login.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(login.headers.get('cache-control')).toBe('no-store');
    const wrong = await page(anon, 'POST', '/login', { username: 'controller', password: 'inte-rätt-lösenord', next: `/rounds/${round}` });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Fel användarnamn eller lösenord.');
    expect(wrong.text).toContain('value="controller"');
    const ok = await page(anon, 'POST', '/login', { username: 'controller', password: PASSWORD, next: `/rounds/${round}` });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/rounds/${round}`);
    expect(anon.cookie).toMatch(/^prognos_session=/);
    const back = await page(anon, 'GET', ok.location!);
    expect(back.status).toBe(200);
    expect(back.text).toContain('Delårsrapport med prognos 1 2024 – Kommunstyrelsen');
    // Never to another host after log-in.
    const evil = await page(new Client(w.app), 'POST', '/login', { username: 'reader', password: PASSWORD, next: '//evil.example/' });
    expect(evil.location).toBe('/todo');
    const split = await page(new Client(w.app), 'POST', '/login', { username: 'reader', password: PASSWORD, next: '/rounds\r\nSet-Cookie: x=1' });
    expect(split.location).toBe('/todo');
    // The stable address of a published report, followed without a session: log in first.
    const stable = await page(new Client(w.app), 'GET', `/published/${round}/report.html`);
    expect(stable.status).toBe(303);
    expect(stable.location).toBe(`/login?next=%2Fpublished%2F${round}%2Freport.html`);
    expect((await new Client(w.app).get(`/published/${round}/report.html`)).status).toBe(401);
    const out = await page(anon, 'POST', '/logout', {}, { csrf: (await anon.get('/api/me')).body.csrfToken });
    expect(out.location).toBe('/login?utloggad');
    expect(anon.cookie).toBeUndefined();
  });

  it('says in Swedish when log-in is locked after too many failures', async () => {
    const anon = new Client(w.app);
    anon.ip = '10.0.0.21';
    for (let i = 0; i < 5; i++) expect((await page(anon, 'POST', '/login', { username: 'chief', password: 'fel-fel-fel-fel' })).status).toBe(401);
    const locked = await page(anon, 'POST', '/login', { username: 'chief', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(locked.text).toMatch(/För många misslyckade inloggningar; försök igen om \d+ (sekunder|minut|minuter)\. Inloggningen är spärrad en stund för att skydda kontot./);
  });

  it('refuses a form post without the CSRF token or from another site, with a page that says why', async () => {
    const r = await page(controller, 'POST', `/rounds/${round}/units/KHR/approve`, {}, { csrf: null });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('Formuläret har gått ut eller kommer inte från Prognos');
    const wrong = await page(controller, 'POST', `/rounds/${round}/units/KHR/approve`, {}, { csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const foreign = await controller.app.request(`/rounds/${round}/publish`, {
      method: 'POST',
      headers: { accept: 'text/html', cookie: controller.cookie!, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${controller.csrf}&confirm=yes`,
    });
    expect(foreign.status).toBe(403);
  });

  it('shows each role what the permission table allows, and no more', async () => {
    const asEditor = await page(editor, 'GET', `/rounds/${round}`);
    expect(asEditor.status).toBe(200);
    expect(asEditor.text).toContain('KAA Staben');
    expect(asEditor.text).not.toContain('KEK Ekonomiavdelningen');
    expect(asEditor.text).not.toContain('Godkänn');
    expect(asEditor.text).not.toContain('Publicera');
    expect(asEditor.text).not.toContain('>Mål och uppdrag<'); // content of the board is not the editor's
    expect(inputs((await page(editor, 'GET', `/rounds/${round}/units/KAA`)).text)).toBe(7);
    expect((await page(editor, 'GET', `/rounds/${round}/units/KEK`)).status).toBe(403);
    expect((await page(editor, 'GET', '/admin/users')).status).toBe(403);
    expect((await page(editor, 'GET', '/rounds/new')).text).toContain('Du saknar behörighet');
    const asReader = await page(reader, 'GET', `/rounds/${round}/units/KAA`);
    expect(asReader.status).toBe(200);
    expect(inputs(asReader.text)).toBe(0);
    expect(asReader.text).not.toContain('Använd förslag');
    expect(asReader.text).not.toContain('Skicka in prognosen');
    const asController = await page(controller, 'GET', `/rounds/${round}`);
    expect(asController.text).toContain('Ändra sista dag, kommentarsgräns eller metod');
    expect((await page(controller, 'GET', '/rounds')).text).toContain('Öppna nytt uppföljningstillfälle');
    expect((await page(reader, 'GET', '/rounds')).text).not.toContain('Öppna nytt uppföljningstillfälle');
  });

  it('saves a forecast row with the plain form and shows a conflict on the page instead of overwriting', async () => {
    const base = `/rounds/${round}/units/KAA`;
    const grid = (await editor.get(`/api${base}/forecast`)).body;
    const row = grid.rows.find((r: { group: string }) => r.group === '5');
    const saved = await page(editor, 'POST', `${base}/forecast`, { group: '5', activity: '', version: String(row.version), amount: '-12 345', action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${base}?ok=saved`);
    const after = await page(editor, 'GET', saved.location!);
    expect(after.text).toContain('Prognosen är sparad.');
    expect(after.text).toContain('value="-12\u00a0345"');
    // The controller changes it meanwhile; the editor's next save is based on the old version.
    const mine = (await editor.get(`/api${base}/forecast`)).body.rows.find((r: { group: string }) => r.group === '5');
    expect((await controller.put(`/api${base}/forecast`, { group: '5', amountOre: -1_300_000_000, version: mine.version })).status).toBe(200);
    const stale = await page(editor, 'POST', `${base}/forecast`, { group: '5', activity: '', version: String(mine.version), amount: '-12 400', action: 'save' });
    expect(stale.status).toBe(409);
    expect(stale.text).toMatch(/Någon annan \(controller, \d{4}-\d\d-\d\d \d\d:\d\d\) har ändrat 5 Personalkostnader till -13\u00a0000 tkr\. Ditt värde -12 400 är inte sparat\./);
    const version = /name="version" value="(\d+)"><input type="hidden" name="amount" value="-12 400">/.exec(stale.text)?.[1];
    expect(version).toBeDefined();
    const overwrite = await page(editor, 'POST', `${base}/forecast`, { group: '5', activity: '', version: version!, amount: '-12 400', action: 'save' });
    expect(overwrite.status).toBe(303);
    expect((await editor.get(`/api${base}/forecast`)).body.rows.find((r: { group: string }) => r.group === '5')).toMatchObject({ tkr: { forecast: -12400 }, updatedBy: 'editor' });
    // A typo is refused with the reason, nothing is saved.
    const typo = await page(editor, 'POST', `${base}/forecast`, { group: '5', activity: '', version: version!, amount: '12,5,0', action: 'save' });
    expect(typo.status).toBe(400);
    expect(typo.text).toContain('Skriv ett belopp i tkr, till exempel -12 500 eller 350,5.');
    // "Använd förslag" per row and for all rows, without JavaScript.
    const prop = await page(editor, 'POST', `${base}/forecast`, { group: '7', activity: '', version: String(grid.rows.find((r: { group: string }) => r.group === '7').version), action: 'proposal' });
    expect(prop.status).toBe(303);
    const all = await page(editor, 'POST', `${base}/forecast/proposals`, {});
    expect(all.location).toBe(`${base}?ok=proposals&n=0`);
    const now = (await editor.get(`/api${base}/forecast`)).body;
    for (const r of now.rows) if (r.ore.proposal !== 0) expect(r.ore.forecast, r.group).toBe(r.ore.proposal);
  });

  it('requires the comment above the threshold when submitting with the form, and escapes what was written', async () => {
    const base = `/rounds/${round}/units/KAA`;
    // Investments aside, the proposals of KAA are 343 tkr from budget: within the threshold; one row more makes it 1 343.
    const row3 = (await editor.get(`/api${base}/forecast`)).body.rows.find((r: { group: string }) => r.group === '3');
    await page(editor, 'POST', `${base}/forecast`, { group: '3', activity: '', version: String(row3.version), amount: '1000', action: 'save' });
    const refused = await page(editor, 'POST', `${base}/submit`, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/En kommentar krävs: avvikelsen 1\u00a034\d tkr är större än gränsen ±1\u00a0000 tkr\./);
    expect(refused.text).toContain('aria-invalid="true"');
    const unit = (await editor.get(`/api/rounds/${round}`)).body.round.units.find((u: { code: string }) => u.code === 'KAA');
    const comment = await page(editor, 'POST', `${base}/comment`, { version: String(unit.comment.version), text: 'Högre intäkter. <script>alert(1)</script>' });
    expect(comment.location).toBe(`${base}?ok=comment#comment-heading`);
    const shown = await page(editor, 'GET', base);
    expect(shown.text).toContain('Högre intäkter. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown.text).not.toContain('<script>alert(1)');
    const submitted = await page(editor, 'POST', `${base}/submit`, {});
    expect(submitted.location).toBe(`${base}?ok=submitted`);
    const locked = await page(editor, 'GET', base);
    expect(locked.text).toContain('Prognosen är inskickad och kan inte ändras.');
    expect(inputs(locked.text)).toBe(0);
    // The controller approves and reopens with the round page's buttons.
    expect((await page(controller, 'POST', `/rounds/${round}/units/KAA/approve`, {})).location).toBe(`/rounds/${round}?ok=approved&enhet=KAA#units-heading`);
    const reopened = await page(controller, 'POST', `/rounds/${round}/units/KAA/reopen`, { reason: 'Lönerevisionen saknas.' });
    expect((await page(controller, 'GET', reopened.location!)).text).toContain('KAA är återöppnad och kan ändras igen.');
    // Publishing needs every unit approved: the API's reason on the page.
    const early = await page(controller, 'POST', `/rounds/${round}/publish`, { confirm: 'yes' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('Alla enheter måste vara godkända innan omgången publiceras');
  });

  it('saves every changed goal and assignment of the page with its one form; a stale item comes back as typed and the others are saved', async () => {
    const content = (await controller.get(`/api/rounds/${round}/content`)).body;
    const [a, b] = content.goals.filter((g: { kind: string; parent: string | null }) => g.parent !== null).slice(0, 2);
    const assignment = content.assignments[0];
    const goalsPage = await page(controller, 'GET', `/rounds/${round}/goals`);
    expect(goalsPage.text.match(/<form[^>]+action="[^"]*\/statuses"/g)).toHaveLength(1);
    expect(goalsPage.text).not.toMatch(/action="[^"]*\/goals\/[^"]+\/status"/);
    const fields = (kind: string, x: { code: string; version: number; status: string | null; comment: string }, status: string, comment: string) => ({
      [`${kind}:${x.code}:version`]: String(x.version),
      [`${kind}:${x.code}:was-status`]: x.status ?? '',
      [`${kind}:${x.code}:was-comment`]: x.comment,
      [`${kind}:${x.code}:status`]: status,
      [`${kind}:${x.code}:comment`]: comment,
    });
    // Someone else saves goal B after the page was loaded.
    expect((await controller.put(`/api/rounds/${round}/goals/${encodeURIComponent(b.code)}/status`, { status: 'Uppfylls', comment: 'Av någon annan.', version: b.version })).status).toBe(200);
    const r = await page(controller, 'POST', `/rounds/${round}/statuses`, {
      ...fields('goals', a, 'Uppfylls delvis', 'Mål A i samma formulär.'),
      ...fields('goals', b, 'Uppfylls ej', 'Mål B, skrivet före den andras ändring.'),
      ...fields('assignments', assignment, assignment.status ?? '', assignment.comment),
    });
    expect(r.status).toBe(409);
    expect(r.text).toContain('En bedömning kunde inte sparas');
    expect(r.text).toContain('Mål B, skrivet före den andras ändring.');
    const after = (await controller.get(`/api/rounds/${round}/content`)).body;
    expect(after.goals.find((g: { code: string }) => g.code === a.code)).toMatchObject({ status: 'Uppfylls delvis', comment: 'Mål A i samma formulär.' });
    expect(after.goals.find((g: { code: string }) => g.code === b.code)).toMatchObject({ status: 'Uppfylls', comment: 'Av någon annan.' });
    // Saving again (the page now holds B's new version) stores what was typed.
    const b2 = after.goals.find((g: { code: string }) => g.code === b.code);
    const again = await page(controller, 'POST', `/rounds/${round}/statuses`, fields('goals', b2, 'Uppfylls ej', 'Mål B, skrivet före den andras ändring.'));
    expect(again.status).toBe(303);
    expect(again.location).toBe(`/rounds/${round}/goals?ok=status`);
    expect((await controller.get(`/api/rounds/${round}/content`)).body.goals.find((g: { code: string }) => g.code === b.code)).toMatchObject({ status: 'Uppfylls ej' });
  });

  it('saves statuses, measures and texts with the forms, versions checked', async () => {
    const content = (await controller.get(`/api/rounds/${round}/content`)).body;
    const goal = content.goals.find((g: { code: string }) => g.code === '1.1');
    const r = await page(controller, 'POST', `/rounds/${round}/goals/1.1/status`, { version: String(goal.version), status: 'Uppfylls delvis', comment: 'Bättre än väntat.' });
    expect(r.location).toBe(`/rounds/${round}/goals?ok=status#goal-1_1`);
    const stale = await page(controller, 'POST', `/rounds/${round}/goals/1.1/status`, { version: String(goal.version), status: 'Uppfylls', comment: '' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Målets status har ändrats av controller');
    const m = await page(controller, 'POST', `/rounds/${round}/measures`, { nr: '9', text: 'Ny åtgärd', forecastEffectMnkr: '1,5' });
    expect(m.status).toBe(303);
    expect((await controller.get(`/api/rounds/${round}/content`)).body.measures.find((x: { nr: string }) => x.nr === '9')).toMatchObject({ forecastEffectMnkr: '1.5' });
    const badMeasure = await page(controller, 'POST', `/rounds/${round}/measures`, { nr: '10', text: '', forecastEffectMnkr: 'x' });
    expect(badMeasure.status).toBe(400);
    const text = await page(controller, 'POST', `/rounds/${round}/texts/analysis`, { version: '0', title: '', text: 'Prognosen är **osäker**.\n\n<b>fet?</b>' });
    expect(text.status === 303 || text.status === 409).toBe(true);
    const editorPage = await page(controller, 'GET', `/rounds/${round}/texts/analysis`);
    if (text.status === 303) {
      expect(editorPage.text).toContain('<p>Prognosen är <strong>osäker</strong>.</p>');
      expect(editorPage.text).toContain('&lt;b&gt;fet?&lt;/b&gt;');
    }
    const list = await page(controller, 'GET', `/rounds/${round}/texts`);
    expect(list.text).toContain('2.1 Analys av verksamhetens prognos');
    expect(list.text).toContain('1 Förslag till beslut');
  });

  it('lets the admin create and deactivate users with the form, and anyone change their password', async () => {
    const admin = await loggedIn(w.app, 'admin');
    const bad = await page(admin, 'POST', '/admin/users', { username: 'ny', displayName: 'Ny', role: 'unit_editor', units: '', password: 'ett-langt-losenord' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Rollen Enhetsredigerare behöver minst en enhet.');
    const ok = await page(admin, 'POST', '/admin/users', { username: 'ny', displayName: 'Ny Person', role: 'unit_editor', units: 'KAA, KEK', password: 'ett-langt-losenord' });
    expect(ok.location).toBe('/admin/users?ok=user-created&enhet=ny');
    const users = (await admin.get('/api/users')).body.users;
    const ny = users.find((u: { username: string }) => u.username === 'ny');
    expect(ny).toMatchObject({ units: ['KAA', 'KEK'], role: 'unit_editor' });
    expect((await page(admin, 'POST', `/admin/users/${ny.id}/deactivate`, { version: String(ny.version) })).location).toBe('/admin/users?ok=user-disabled&enhet=ny');
    const me = await loggedIn(w.app, 'reader');
    const mismatch = await page(me, 'POST', '/account/password', { currentPassword: PASSWORD, newPassword: 'ett-nytt-langt-losenord', repeat: 'annat' });
    expect(mismatch.text).toContain('De två nya lösenorden är olika.');
    const wrong = await page(me, 'POST', '/account/password', { currentPassword: 'fel', newPassword: 'ett-nytt-langt-losenord', repeat: 'ett-nytt-langt-losenord' });
    expect(wrong.text).toContain('Det nuvarande lösenordet är fel.');
    const short = await page(me, 'POST', '/account/password', { currentPassword: PASSWORD, newPassword: 'kort', repeat: 'kort' });
    expect(short.text).toContain('Lösenordet måste ha minst 12 tecken.');
  });

  it('renders every page of a round for the controller, with no inline script or style', async () => {
    for (const path of ['/rounds', '/rounds/new', `/rounds/${round}`, `/rounds/${round}/units/KEK`, `/rounds/${round}/units/KEK/audit`, `/rounds/${round}/audit`, `/rounds/${round}/goals`, `/rounds/${round}/texts`, `/rounds/${round}/texts/proposal`, `/rounds/${round}/dashboards`, `/rounds/${round}/report`, '/account/password']) {
      const r = await page(controller, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).toMatch(/^<!DOCTYPE html>\n<html lang="sv"/);
      expect(r.text.match(/<h1[ >]/g), path).toHaveLength(1);
      expect(r.text, path).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(r.text, path).not.toMatch(/\sstyle="/);
      expect(r.text, path).not.toMatch(/\son[a-z]+="/);
      // a scroll wrapper takes keyboard focus and is named by its table's caption: axe sees it
      // only when the table overflows, which depends on the fonts and the screen
      for (const [wrapper] of r.text.matchAll(/<div class="table-scroll"[^>]*>/g)) {
        expect(wrapper, path).toMatch(/ role="region" tabindex="0" aria-labelledby="[^"]+"/);
        expect(r.text, path).toContain(`<caption id="${/aria-labelledby="([^"]+)"/.exec(wrapper)![1]}"`);
      }
    }
    expect((await page(controller, 'GET', `/rounds/${round}/units/KEK`)).text).toContain('class="table-scroll" role="region" tabindex="0"');
    const dash = await page(controller, 'GET', `/rounds/${round}/dashboards`);
    expect((dash.text.match(/<svg[^>]*role="img"/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect((dash.text.match(/<div class="table-scroll" role="region" tabindex="0"/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('shows the activity column when the round is per activity, and saves a cell of one activity', async () => {
    const byActivity = await openDemoRound(controller, { name: 'P9', byActivity: true });
    const base = `/rounds/${byActivity}/units/KAA`;
    const r = await page(controller, 'GET', base);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<th scope="col">Verksamhet</th>');
    expect(r.text).toContain('Prognos 2024 per kontogrupp och verksamhet för KAA Staben');
    const grid = (await controller.get(`/api${base}/forecast`)).body;
    const row = grid.rows.find((x: { activity: string }) => x.activity !== '');
    expect(row).toBeDefined();
    expect(r.text).toContain(`data-activity="${row.activity}"`);
    // At budget: a figure the entry guards ask nothing about.
    const saved = await page(controller, 'POST', `${base}/forecast`, { group: row.group, activity: row.activity, version: String(row.version), amount: String(Math.round(row.tkr.budget ?? 0)), action: 'save' });
    expect(saved.status).toBe(303);
    expect((await controller.get(`/api${base}/forecast`)).body.rows.find((x: { group: string; activity: string }) => x.group === row.group && x.activity === row.activity)).toMatchObject({ tkr: { forecast: Math.round(row.tkr.budget ?? 0) } });
    // "Använd förslag" with another method than the round's: the proposal shown is the one used.
    const view = await page(controller, 'GET', `${base}?method=budget`);
    expect(view.text).toContain('<input type="hidden" name="method" value="budget">');
    const current = (await controller.get(`/api${base}/forecast`)).body.rows.find((x: { group: string; activity: string }) => x.group === row.group && x.activity === row.activity);
    const byBudget = await page(controller, 'POST', `${base}/forecast`, { group: row.group, activity: row.activity, version: String(current.version), action: 'proposal', method: 'budget' });
    expect(byBudget.location).toBe(`${base}?method=budget&ok=saved`);
    const after = (await controller.get(`/api${base}/forecast`)).body.rows.find((x: { group: string; activity: string }) => x.group === row.group && x.activity === row.activity);
    expect(after.ore.forecast).toBe(after.ore.budget);
  });

  it('answers a browser with an HTML page for an unknown address, and the API with JSON', async () => {
    const ui = await page(reader, 'GET', '/finns-inte');
    expect(ui.status).toBe(404);
    expect(ui.text).toContain('Sidan finns inte');
    const api = await reader.get('/api/finns-inte', { accept: 'text/html' });
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('NOT_FOUND');
    expect((await page(reader, 'GET', '/rounds/999')).status).toBe(404);
  });

  it('serves the browser module and the stylesheet with content-hashed, immutable addresses', async () => {
    const html = (await page(reader, 'GET', '/rounds')).text;
    const js = /src="(\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const css = /href="(\/assets\/app\.css\?v=[0-9a-f]+)"/.exec(html)![1]!;
    const script = await w.app.request(js);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const code = await script.text();
    expect(code).toContain('data-forecast-grid');
    expect(code).not.toMatch(/\bfrom\s*["'](node:|\.)/);
    expect((await w.app.request(css)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await w.app.request('/assets/app.js?v=old')).headers.get('cache-control')).toBe('no-cache');
    expect((await w.app.request('/assets/secret.txt')).status).toBe(404);
  });
});

describe.each(testBackends())('the demo seed (%s)', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await demoWorld(backend);
  });
  afterAll(() => w?.close());

  it('loads the demo with a user of every role and a forecast history, and can run again', async () => {
    await seedDemo(w.store);
    const again = await seedDemo(w.store);
    expect(again.historyRows).toBeGreaterThan(0);
    expect(new Set(DEMO_USERS.map((u) => u.role))).toEqual(new Set(['admin', 'controller', 'unit_editor', 'reader']));
    for (const u of DEMO_USERS) {
      const c = new Client(w.app);
      c.ip = '10.0.0.30';
      expect((await c.login(u.username, DEMO_PASSWORD)).status, u.username).toBe(200);
    }
    // The seed gave the existing users of the organisation the demo password.
    const controller = new Client(w.app);
    expect((await controller.login('controller', DEMO_PASSWORD)).status).toBe(200);
    const round = await openDemoRound(controller);
    const accuracy = (await controller.get(`/api/rounds/${round}/dashboard/accuracy`)).body;
    const kaa = accuracy.rows.find((r: { code: string }) => r.code === 'KAA');
    expect(kaa.rows.map((r: { year: number; round: string }) => `${r.year} ${r.round}`)).toEqual(['2023 P1', '2023 P2']);
    expect((await controller.get('/api/me')).body.user.organisation).toEqual({ id: 'demo', name: 'demo' });
  });
});
