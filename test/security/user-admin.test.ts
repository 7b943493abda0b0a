/**
 * User administration and user names per organisation (issue 12, defect 7 and "user
 * administration"), in-process on both stores: two organisations, the same user name in each,
 * the organisation chosen by host name or at log-in; an admin changes role and units, resets a
 * password (a new one is then required before anything else), disables and enables — every
 * change in the audit log with who, when, before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/store.ts';
import { buildDemo } from '../../src/demo/index.ts';
import { setHostNames } from '../../src/store/organisation-settings.ts';
import { addUsers, Client, demoWorld, loggedIn, PASSWORD, type World } from '../support/server.ts';

describe.each(testBackends())('user administration across organisations (%s)', (backend) => {
  let w: World;
  let admin: Client;
  beforeAll(async () => {
    w = await demoWorld(backend);
    await buildDemo(w.store, 'annan');
    await addUsers(w.store, 'annan', [{ username: 'annan-admin', role: 'admin' }, { username: 'delad', role: 'reader' }]);
    admin = await loggedIn(w.app, 'admin');
  }, 120_000);
  afterAll(() => w?.close());

  const login = (body: Record<string, string>, host = 'localhost') => {
    const c = new Client(w.app, `http://${host}`);
    return c.request('POST', `http://${host}/api/auth/login`, { password: PASSWORD, ...body }).then((r) => ({ r, c: Object.assign(c, { csrf: r.body.csrfToken }) }));
  };

  it('regression: an admin learned which user names exist in other organisations (409 "upptaget"); the name is now free in the own organisation', async () => {
    const r = await admin.post('/api/users', { username: 'delad', role: 'controller', password: PASSWORD });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: 'delad', role: 'controller' });
    // Taken within the organisation is still a conflict.
    const again = await admin.post('/api/users', { username: 'Delad', role: 'reader', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('användarnamnet delad är upptaget');
    // Other organisations' names stay invisible: only the own users are listed.
    expect((await admin.get('/api/users')).body.users.map((u: { username: string }) => u.username)).not.toContain('annan-admin');
  });

  it('logs a name two organisations have in to the organisation chosen, and asks for one when none is', async () => {
    const none = (await login({ username: 'delad' })).r;
    expect(none.status).toBe(400);
    expect(none.body.error).toMatchObject({ code: 'BAD_INPUT', field: 'organisation', message: 'välj organisation' });
    const demo = (await login({ username: 'delad', organisation: 'demo' })).r;
    expect(demo.body.user).toMatchObject({ role: 'controller', organisation: { id: 'demo' } });
    const annan = (await login({ username: 'delad', organisation: 'annan' })).r;
    expect(annan.body.user).toMatchObject({ role: 'reader', organisation: { id: 'annan' } });
    // A name only one organisation has needs no choice (the single-organisation case stays as simple as before).
    expect((await login({ username: 'annan-admin' })).r.body.user.organisation.id).toBe('annan');
    // The wrong organisation is just a failed log-in.
    expect((await login({ username: 'annan-admin', organisation: 'demo' })).r.status).toBe(401);
  });

  it('lets the host name decide the organisation, before anything the log-in names', async () => {
    await w.store.db.transaction((tx) => setHostNames(tx, 'annan', ['prognos.annan.se']));
    const byHost = (await login({ username: 'delad' }, 'prognos.annan.se')).r;
    expect(byHost.status).toBe(200);
    expect(byHost.body.user.organisation.id).toBe('annan');
    expect((await login({ username: 'delad', organisation: 'demo' }, 'prognos.annan.se')).r.body.user.organisation.id).toBe('annan');
    const choices = await new Client(w.app).get('http://prognos.annan.se/api/auth/organisations');
    expect(choices.body).toEqual({ decided: 'annan', organisations: [] });
    const here = await new Client(w.app).get('/api/auth/organisations');
    expect(here.body.decided).toBeNull();
    expect(here.body.organisations.map((o: { id: string }) => o.id).sort()).toEqual(['annan', 'demo']);
    // The log-in page asks for the organisation where the host name does not decide it.
    const page = await w.app.request('/login');
    expect(await page.text()).toMatch(/<select[^>]*id="organisation"[^>]*name="organisation"/);
    expect(await (await w.app.request('http://prognos.annan.se/login')).text()).not.toMatch(/id="organisation"/);
  });

  it('changes role and units, resets a password that must be changed before anything else, shows the last log-in', async () => {
    const created = (await admin.post('/api/users', { username: 'ulla', role: 'reader', password: PASSWORD })).body.user;
    expect(created.lastLoginAt).toBeNull();
    const ulla = (await login({ username: 'ulla', organisation: 'demo' })).c;
    const role = await admin.patch(`/api/users/${created.id}`, { version: created.version, role: 'unit_editor', units: ['KAA'] });
    expect(role.body.user).toMatchObject({ role: 'unit_editor', units: ['KAA'] });
    expect(role.body.user.lastLoginAt).not.toBeNull();
    // A changed role ends the user's sessions.
    expect((await ulla.get('/api/me')).status).toBe(401);
    const reset = await admin.patch(`/api/users/${created.id}`, { version: role.body.user.version, password: 'ett-tillfalligt-losenord' });
    expect(reset.body.user.mustChangePassword).toBe(true);
    const again = (await login({ username: 'ulla', organisation: 'demo', password: 'ett-tillfalligt-losenord' })).c;
    const me = await again.get('/api/me');
    expect(me.body.user.mustChangePassword).toBe(true);
    const blocked = await again.get('/api/rounds');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.message).toBe('du måste byta lösenord innan du fortsätter: POST /api/me/password');
    // The UI sends the user to the password page.
    const ui = await again.get('/rounds');
    expect(ui.status).toBe(303);
    expect(ui.headers.get('location')).toBe('/account/password');
    expect((await again.post('/api/me/password', { currentPassword: 'ett-tillfalligt-losenord', newPassword: 'ullas-egna-losenord' })).status).toBe(200);
    expect((await again.get('/api/rounds')).status).toBe(200);
    expect((await again.get('/api/me')).body.user.mustChangePassword).toBe(false);
  });

  it('disables and enables a user: a disabled user cannot log in and loses the sessions', async () => {
    const u = (await admin.get('/api/users')).body.users.find((x: { username: string }) => x.username === 'editor');
    const editor = await loggedIn(w.app, 'editor');
    const off = await admin.patch(`/api/users/${u.id}`, { version: u.version, disabled: true });
    expect(off.body.user.disabled).toBe(true);
    expect((await editor.get('/api/me')).status).toBe(401);
    expect((await new Client(w.app).login('editor')).status).toBe(401);
    await admin.patch(`/api/users/${u.id}`, { version: off.body.user.version, disabled: false });
    expect((await new Client(w.app).login('editor')).status).toBe(200);
    // No one disables themself.
    const me = (await admin.get('/api/users')).body.users.find((x: { username: string }) => x.username === 'admin');
    expect((await admin.patch(`/api/users/${me.id}`, { version: me.version, disabled: true })).status).toBe(409);
  });

  it('keeps every change in the user’s history with who, when, before and after, and never a password', async () => {
    const u = (await admin.get('/api/users')).body.users.find((x: { username: string }) => x.username === 'ulla');
    const r = await admin.get(`/api/users/${u.id}`);
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('ulla');
    const actions = r.body.audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(['user.password', 'user.reset-password', 'user.update', 'user.create']);
    const roleChange = r.body.audit.find((a: { action: string }) => a.action === 'user.update');
    expect(roleChange).toMatchObject({ by: 'admin', old: { role: 'reader', units: [] }, new: { role: 'unit_editor', units: ['KAA'] } });
    expect(Date.parse(roleChange.at)).toBeGreaterThan(0);
    expect(JSON.stringify(r.body)).not.toMatch(/ett-tillfalligt-losenord|ullas-egna-losenord|scrypt\$/);
    // Another organisation's user is not found.
    const other = await w.store.db.query<{ id: string }>("SELECT id::text AS id FROM app_user WHERE org_id = 'annan' AND username = 'delad'");
    expect((await admin.get(`/api/users/${other[0]!.id}`)).status).toBe(404);
    expect((await admin.patch(`/api/users/${other[0]!.id}`, { version: 1, role: 'admin' })).status).toBe(404);
  });
});
