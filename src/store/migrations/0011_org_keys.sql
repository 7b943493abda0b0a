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

ALTER TABLE import_batch DROP CONSTRAINT import_batch_pkey, ADD PRIMARY KEY (org_id, id);

-- User names are unique within an organisation (the log-in names the organisation).
ALTER TABLE app_user DROP CONSTRAINT app_user_pkey, ADD PRIMARY KEY (org_id, id);
ALTER TABLE app_user DROP CONSTRAINT app_user_username_key, ADD CONSTRAINT app_user_username_key UNIQUE (org_id, username);
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
