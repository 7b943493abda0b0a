/**
 * The partitioned mode's rebuild (test/support/partition.ts) is a proof only if it refuses what
 * Citus would refuse: a key without org_id, a table without org_id. PostgreSQL only.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/store/adapters/pg.ts';
import type { Database } from '../src/store/adapters/types.ts';
import { PARTITIONS, partitionByOrg } from './support/partition.ts';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('partitioning by org_id (postgres)', () => {
  const opened: Array<{ db: Database; schema: string }> = [];
  afterAll(async () => {
    for (const o of opened) {
      await o.db.exec(`DROP SCHEMA ${o.schema} CASCADE`);
      await o.db.close();
    }
  });

  async function schemaWith(sql: string): Promise<Database> {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const db = await openPostgres(url!, schema);
    opened.push({ db, schema });
    await db.exec(`CREATE TABLE organisation (id text PRIMARY KEY); ${sql}`);
    return db;
  }

  it('refuses a table whose primary key lacks org_id', async () => {
    const db = await schemaWith('CREATE TABLE job (id bigserial PRIMARY KEY, org_id text NOT NULL)');
    await expect(partitionByOrg(db)).rejects.toThrow(/job cannot be partitioned by org_id: .*partition/);
  });

  it('refuses a unique constraint that lacks org_id', async () => {
    const db = await schemaWith('CREATE TABLE person (org_id text NOT NULL, id bigint NOT NULL, email text UNIQUE, PRIMARY KEY (org_id, id))');
    await expect(partitionByOrg(db)).rejects.toThrow(/person cannot be partitioned by org_id/);
  });

  it('refuses a table without org_id', async () => {
    const db = await schemaWith('CREATE TABLE setting (key text PRIMARY KEY, value text)');
    await expect(partitionByOrg(db)).rejects.toThrow(/tables without org_id cannot be distributed by organisation: setting/);
  });

  it('rebuilds well-keyed tables as hash partitions keeping rows, defaults, keys and foreign keys', async () => {
    const db = await schemaWith(`
      CREATE TABLE parent (id bigserial, org_id text NOT NULL REFERENCES organisation (id), name text NOT NULL DEFAULT 'x', PRIMARY KEY (org_id, id), UNIQUE (org_id, name));
      CREATE TABLE child (org_id text NOT NULL, parent_id bigint NOT NULL, n int CHECK (n > 0), PRIMARY KEY (org_id, parent_id, n),
        FOREIGN KEY (org_id, parent_id) REFERENCES parent (org_id, id) ON DELETE CASCADE);
      INSERT INTO organisation VALUES ('a'), ('b');
      INSERT INTO parent (org_id) VALUES ('a');
      INSERT INTO child VALUES ('a', 1, 1);`);
    expect(await partitionByOrg(db)).toEqual(['child', 'parent']);
    const parts = await db.query<{ n: string }>("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'parent'::regclass");
    expect(Number(parts[0]!.n)).toBe(PARTITIONS);
    expect(await db.query('SELECT id::int, org_id, name FROM parent')).toEqual([{ id: 1, org_id: 'a', name: 'x' }]);
    // The sequence survives the rebuild and still numbers new rows.
    expect(await db.query("INSERT INTO parent (org_id, name) VALUES ('b', 'y') RETURNING id::int")).toEqual([{ id: 2 }]);
    await expect(db.exec("INSERT INTO parent (org_id, name) VALUES ('b', 'y')")).rejects.toThrow(/duplicate key/);
    await expect(db.exec("INSERT INTO child VALUES ('b', 1, 1)")).rejects.toThrow(/foreign key/);
    await expect(db.exec("INSERT INTO child VALUES ('a', 1, 0)")).rejects.toThrow(/check constraint/);
    await db.exec("DELETE FROM parent WHERE org_id = 'a'");
    expect(await db.query('SELECT * FROM child')).toEqual([]);
    // A second call finds nothing left to rebuild.
    expect(await partitionByOrg(db)).toEqual([]);
  });
});
