-- The web application: users and sessions, follow-up rounds, forecast entry, frozen reports,
-- the audit log. Every row carries its organisation.

-- Versions for optimistic concurrency come from one sequence: a version is never reused, not
-- even after a row is deleted and imported again, so a stale save can never match by chance.
CREATE SEQUENCE edit_version;

-- User names are unique across organisations (log-in asks only for the name).
CREATE TABLE app_user (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisation (id),
  username text NOT NULL UNIQUE,
  display_name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('admin', 'controller', 'unit_editor', 'reader')),
  -- scrypt$N$r$p$salt$hash (base64)
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  version bigint NOT NULL DEFAULT nextval('edit_version')
);
CREATE INDEX app_user_org ON app_user (org_id);

-- The roots of the unit subtrees a scoped user (unit_editor) may act on.
CREATE TABLE app_user_unit (
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  org_id text NOT NULL,
  unit_code text NOT NULL,
  PRIMARY KEY (user_id, unit_code),
  FOREIGN KEY (org_id, unit_code) REFERENCES unit (org_id, code)
);

-- Only the SHA-256 of a session token is stored; the token itself lives in the cookie.
CREATE TABLE app_session (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  org_id text NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX app_session_user ON app_session (user_id);

-- Failed log-ins, per user name and per client address: the rate limit survives restarts.
-- org_id is the organisation of the user name when such a user exists (else NULL).
CREATE TABLE login_failure (
  id bigserial PRIMARY KEY,
  org_id text,
  kind text NOT NULL CHECK (kind IN ('username', 'ip')),
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_key ON login_failure (kind, key, at);

-- A follow-up round: a board's forecast round (P1, P2 …) of a year at a cut-off month.
CREATE TABLE followup_round (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  period smallint NOT NULL CHECK (period BETWEEN 1 AND 12),
  name text NOT NULL,
  deadline date,
  level text NOT NULL,
  by_activity boolean NOT NULL DEFAULT false,
  method text NOT NULL,
  threshold_ore bigint NOT NULL CHECK (threshold_ore >= 0),
  -- report options: sign, prevPeriod, groupLevel
  report_options jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published')),
  batch_id bigint NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_by text,
  published_at timestamptz,
  version bigint NOT NULL DEFAULT nextval('edit_version'),
  UNIQUE (org_id, board, year, name),
  FOREIGN KEY (org_id, board) REFERENCES unit (org_id, code)
);

-- The units of a round and their workflow state: open → submitted → approved.
CREATE TABLE round_unit (
  round_id bigint NOT NULL REFERENCES followup_round (id) ON DELETE CASCADE,
  org_id text NOT NULL,
  unit_code text NOT NULL,
  sort_order integer NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'approved')),
  submitted_by text,
  submitted_at timestamptz,
  approved_by text,
  approved_at timestamptz,
  -- the unit's variance comment (required above the round's threshold)
  comment text NOT NULL DEFAULT '',
  comment_version bigint NOT NULL DEFAULT 0,
  comment_by text,
  comment_at timestamptz,
  PRIMARY KEY (round_id, unit_code)
);

-- Entered forecasts, one per (round, unit, account group, activity); activity '' when the
-- round is not entered per activity. Mirrored into `amount` (scenario forecast:<round>).
CREATE TABLE forecast_cell (
  round_id bigint NOT NULL REFERENCES followup_round (id) ON DELETE CASCADE,
  org_id text NOT NULL,
  unit_code text NOT NULL,
  account_group text NOT NULL CHECK (account_group IN ('3', '4', '5', '6A', '6B', '7', 'I')),
  activity text NOT NULL DEFAULT '',
  -- ledger sign, öre; NULL = no forecast
  amount_ore bigint,
  version bigint NOT NULL DEFAULT nextval('edit_version'),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, unit_code, account_group, activity)
);

-- The report as it was published: renderings are made from this model, never recomputed.
CREATE TABLE report_snapshot (
  round_id bigint PRIMARY KEY REFERENCES followup_round (id),
  org_id text NOT NULL,
  -- json (not jsonb): the text is kept as written, key order included
  model json NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);

-- Every change made through the application: who, when, what, old and new value.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id bigint,
  username text NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_key text NOT NULL,
  round_id bigint,
  unit_code text,
  old_value jsonb,
  new_value jsonb
);
CREATE INDEX audit_log_round_unit ON audit_log (org_id, round_id, unit_code, id);

-- Versions (and who changed them) for content edited in the application.
ALTER TABLE goal_status ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE goal_status ADD COLUMN updated_by text;
ALTER TABLE goal_status ADD COLUMN updated_at timestamptz;
ALTER TABLE assignment_status ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE assignment_status ADD COLUMN updated_by text;
ALTER TABLE assignment_status ADD COLUMN updated_at timestamptz;
ALTER TABLE measure ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE measure ADD COLUMN updated_by text;
ALTER TABLE measure ADD COLUMN updated_at timestamptz;
ALTER TABLE narrative ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE narrative ADD COLUMN updated_by text;
ALTER TABLE narrative ADD COLUMN updated_at timestamptz;
