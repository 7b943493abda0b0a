/** `prognos user email <username> [address]`: sets (or without an address clears) where a user's notifications go. */
import { withStore, type GlobalOptions } from './context.ts';

export async function runUserEmail(g: GlobalOptions, username: string, address: string | undefined): Promise<void> {
  const [{ setUserEmail }, { writeAudit }] = await Promise.all([import('../store/notify.ts'), import('../store/audit.ts')]);
  const email = address?.trim() ? address.trim() : null;
  await withStore(g, async (store) => {
    await store.db.transaction(async (tx) => {
      const r = await setUserEmail(tx, g.org, username, email);
      await writeAudit(tx, { orgId: g.org, actor: { userId: null, username: 'kommandoraden' }, action: 'user.email', entity: 'user', entityKey: username, old: { email: r.before }, new: { email } });
    });
    process.stdout.write(email ? `E-post till ${username} går nu till ${email}\n` : `${username} har ingen e-postadress längre och får ingen e-post\n`);
  });
}
