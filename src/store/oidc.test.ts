// The single sign-on tables on both stores: validation of a configuration, pending log-ins used
// once and only while fresh, identities per organisation, and org_id in every key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, testBackends } from '../../test/support/store.ts';
import type { Store } from './index.ts';
import { findIdentityUser, getOidcConfig, linkIdentity, localPasswordsAllowed, savePendingLogin, setOidcConfig, setRoleMapping, takePendingLogin } from './oidc.ts';
import { createUser } from './users.ts';

for (const backend of testBackends()) {
  describe(`single sign-on tables (${backend})`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await openTestStore(backend);
      await store.ensureOrganisation('a');
      await store.ensureOrganisation('b');
    });
    afterAll(() => store?.close());

    it('refuses a configuration without https, without the openid scope or with the secret itself instead of where to read it', async () => {
      const base = { issuer: 'https://login.example.se', clientId: 'c' };
      await expect(setOidcConfig(store.db, 'a', { ...base, issuer: 'http://login.example.se' })).rejects.toThrow('utfärdarens adress ska börja med https://');
      await expect(setOidcConfig(store.db, 'a', { ...base, scopes: 'profile email' })).rejects.toThrow('måste innehålla openid');
      await expect(setOidcConfig(store.db, 'a', { ...base, clientSecretRef: 'själva-hemligheten' })).rejects.toThrow('env:NAMN');
      await expect(setOidcConfig(store.db, 'a', { clientId: 'c' })).rejects.toThrow('ange utfärdare');
      expect(await getOidcConfig(store.db, 'a')).toBeUndefined();
      expect(await localPasswordsAllowed(store.db, 'a')).toBe(true);
    });

    it('keeps a configuration per organisation; a unit editor mapping needs existing units of that organisation', async () => {
      const cfg = await setOidcConfig(store.db, 'a', { issuer: 'https://login.example.se/a', clientId: 'c', clientSecretRef: 'file:/etc/prognos/secret', localPasswords: false, displayName: 'Entra ID' });
      expect(cfg).toMatchObject({ orgId: 'a', scopes: 'openid profile email', roleClaim: 'groups', usernameClaim: 'preferred_username', createUsers: false, localPasswords: false, mappings: [] });
      expect(await localPasswordsAllowed(store.db, 'a')).toBe(false);
      expect(await localPasswordsAllowed(store.db, 'b')).toBe(true);
      await expect(setRoleMapping(store.db, 'a', { value: 'g', role: 'unit_editor', units: [] })).rejects.toThrow('minst en enhet');
      await expect(setRoleMapping(store.db, 'a', { value: 'g', role: 'unit_editor', units: ['KAA'] })).rejects.toThrow('enheten KAA finns inte');
      await expect(setRoleMapping(store.db, 'b', { value: 'g', role: 'reader', units: [] })).rejects.toThrow('har ingen inloggning');
      await setRoleMapping(store.db, 'a', { value: 'g', role: 'reader', units: [] });
      expect((await getOidcConfig(store.db, 'a'))!.mappings).toEqual([{ value: 'g', role: 'reader', units: [] }]);
    });

    it('a pending log-in is taken once, and not at all when older than its lifetime', async () => {
      const p = { state: 's', nonce: 'n', codeVerifier: 'v', nextPath: '/rounds' };
      await savePendingLogin(store.db, 'a', 'k1', p, 600);
      expect(await takePendingLogin(store.db, 'b', 'k1', 600)).toBeUndefined();
      expect(await takePendingLogin(store.db, 'a', 'k1', 600)).toEqual(p);
      expect(await takePendingLogin(store.db, 'a', 'k1', 600)).toBeUndefined();
      await savePendingLogin(store.db, 'a', 'k2', p, 600);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await takePendingLogin(store.db, 'a', 'k2', 1)).toBeUndefined();
    });

    it('the same subject in two organisations is two users; a link to a user of another organisation is never found', async () => {
      const ua = await store.db.transaction((tx) => createUser(tx, { orgId: 'a', username: 'sso-a', displayName: '', role: 'reader', units: [], passwordHash: 'x' }));
      const ub = await store.db.transaction((tx) => createUser(tx, { orgId: 'b', username: 'sso-b', displayName: '', role: 'reader', units: [], passwordHash: 'x' }));
      await linkIdentity(store.db, 'a', 'sub-1', ua.id);
      await linkIdentity(store.db, 'b', 'sub-1', ub.id);
      expect(await findIdentityUser(store.db, 'a', 'sub-1')).toBe(ua.id);
      expect(await findIdentityUser(store.db, 'b', 'sub-1')).toBe(ub.id);
      await linkIdentity(store.db, 'a', 'sub-2', ub.id);
      expect(await findIdentityUser(store.db, 'a', 'sub-2')).toBeUndefined();
    });

    it('every single sign-on table has org_id in its primary key, unique constraints and foreign keys', async () => {
      const rows = await store.db.query<{ table_name: string; constraint_type: string; cols: string[] }>(
        `SELECT c.relname AS table_name, k.contype AS constraint_type,
                ARRAY(SELECT a.attname::text FROM unnest(k.conkey) AS x(n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n) AS cols
         FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
         WHERE c.relname LIKE 'oidc\\_%' AND NOT c.relispartition AND k.contype IN ('p', 'u', 'f') AND c.relnamespace = to_regnamespace(current_schema())`,
      );
      expect(new Set(rows.map((r) => r.table_name))).toEqual(new Set(['oidc_config', 'oidc_role_mapping', 'oidc_identity', 'oidc_login', 'oidc_session']));
      for (const r of rows) expect(r.cols, `${r.table_name} ${r.constraint_type}`).toContain('org_id');
    });
  });
}
