-- The organisation in every key: `org_id` is part of every primary key, unique constraint and
-- foreign key, so the tables can be distributed (Citus) or hash-partitioned by `org_id`, and a
-- row can never be linked to a row of another organisation. Existing rows are kept; the ids stay
-- (the sequences are global, so an id is still unique on its own).

-- Foreign keys first: they depend on the primary keys they reference.
ALTER TABLE app_user_unit DROP CONSTRAINT IF EXISTS app_user_unit_user_id_fkey;
ALTER TABLE app_session DROP CONSTRAINT IF EXISTS app_session_user_id_fkey;
ALTER TABLE round_unit DROP CONSTRAINT IF EXISTS round_unit_round_id_fkey;
ALTER TABLE forecast_cell DROP CONSTRAINT IF EXISTS forecast_cell_round_id_fkey;
ALTER TABLE published_render DROP CONSTRAINT IF EXISTS published_render_round_id_fkey;
ALTER TABLE report_snapshot DROP CONSTRAINT IF EXISTS report_snapshot_round_id_fkey;

-- Any other foreign key onto a key rebuilt here (a table a later branch added, referencing
-- `followup_round (id)` or `app_user (id)` alone) would block the rebuild: it is dropped now and
-- re-created below with org_id on both sides.
CREATE TEMP TABLE org_keys_fk ON COMMIT DROP AS
SELECT k.conname AS name, c.relname AS tbl, r.relname AS ref, k.confdeltype AS on_delete,
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS ref_cols
FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
  AND r.relname IN ('import_batch', 'app_user', 'app_user_unit', 'app_session', 'login_failure', 'followup_round', 'round_unit', 'forecast_cell', 'report_snapshot', 'published_render', 'audit_log')
  AND NOT EXISTS (SELECT 1 FROM unnest(k.conkey) n JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n WHERE a.attname = 'org_id');
DO $$
DECLARE f record;
BEGIN
  FOR f IN SELECT * FROM org_keys_fk LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', f.tbl, f.name);
  END LOOP;
END
$$;

ALTER TABLE import_batch DROP CONSTRAINT import_batch_pkey, ADD PRIMARY KEY (org_id, id);

-- User names are unique within an organisation (the log-in names the organisation).
ALTER TABLE app_user DROP CONSTRAINT app_user_pkey, ADD PRIMARY KEY (org_id, id);
-- (Another branch's migration may have made this constraint already, under another name.)
ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_username_key;
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint k
    WHERE k.conrelid = 'app_user'::regclass AND k.contype = 'u'
      AND ARRAY(SELECT a.attname::text FROM unnest(k.conkey) n JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n ORDER BY 1) = ARRAY['org_id', 'username']
  ) THEN
    ALTER TABLE app_user ADD CONSTRAINT app_user_username_key UNIQUE (org_id, username);
  END IF;
END
$$;
DROP INDEX IF EXISTS app_user_org;

ALTER TABLE app_user_unit DROP CONSTRAINT app_user_unit_pkey, ADD PRIMARY KEY (org_id, user_id, unit_code);
ALTER TABLE app_user_unit ADD CONSTRAINT app_user_unit_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES app_user (org_id, id) ON DELETE CASCADE;

-- A session is found by its organisation and token hash (the cookie carries both).
ALTER TABLE app_session DROP CONSTRAINT app_session_pkey, ADD PRIMARY KEY (org_id, token_hash);
ALTER TABLE app_session ADD CONSTRAINT app_session_user_fkey FOREIGN KEY (org_id, user_id) REFERENCES app_user (org_id, id) ON DELETE CASCADE;
DROP INDEX IF EXISTS app_session_user;
CREATE INDEX app_session_user ON app_session (org_id, user_id);

ALTER TABLE followup_round DROP CONSTRAINT followup_round_pkey, ADD PRIMARY KEY (org_id, id);

ALTER TABLE round_unit DROP CONSTRAINT round_unit_pkey, ADD PRIMARY KEY (org_id, round_id, unit_code);
ALTER TABLE round_unit ADD CONSTRAINT round_unit_round_fkey FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id) ON DELETE CASCADE;

ALTER TABLE forecast_cell DROP CONSTRAINT forecast_cell_pkey, ADD PRIMARY KEY (org_id, round_id, unit_code, account_group, activity);
ALTER TABLE forecast_cell ADD CONSTRAINT forecast_cell_round_fkey FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id) ON DELETE CASCADE;

ALTER TABLE report_snapshot DROP CONSTRAINT report_snapshot_pkey, ADD PRIMARY KEY (org_id, round_id);
ALTER TABLE report_snapshot ADD CONSTRAINT report_snapshot_round_fkey FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id);

ALTER TABLE published_render DROP CONSTRAINT published_render_pkey, ADD PRIMARY KEY (org_id, round_id, format);
ALTER TABLE published_render ADD CONSTRAINT published_render_snapshot_fkey FOREIGN KEY (org_id, round_id) REFERENCES report_snapshot (org_id, round_id);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey, ADD PRIMARY KEY (org_id, id);

-- Failed log-ins count per organisation the log-in was made in; '' = a log-in that named no
-- organisation (the count then spans all of them, as before). A key column cannot be NULL.
DO $$
BEGIN
  IF to_regclass('login_failure') IS NOT NULL THEN
    UPDATE login_failure SET org_id = '';
    ALTER TABLE login_failure ALTER COLUMN org_id SET DEFAULT '', ALTER COLUMN org_id SET NOT NULL;
    ALTER TABLE login_failure DROP CONSTRAINT login_failure_pkey, ADD PRIMARY KEY (org_id, id);
    DROP INDEX IF EXISTS login_failure_key;
    CREATE INDEX login_failure_key ON login_failure (org_id, kind, key, at);
  END IF;
END
$$;

-- The other foreign keys dropped above, now with org_id on both sides.
DO $$
DECLARE f record;
BEGIN
  FOR f IN SELECT * FROM org_keys_fk LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (org_id, %s) REFERENCES %I (org_id, %s)%s',
      f.tbl, f.name,
      (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.cols) x), f.ref,
      (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.ref_cols) x),
      CASE f.on_delete WHEN 'c' THEN ' ON DELETE CASCADE' WHEN 'r' THEN ' ON DELETE RESTRICT'
        WHEN 'n' THEN format(' ON DELETE SET NULL (%s)', (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.cols) x)) ELSE '' END);
  END LOOP;
END
$$;
