-- Every row carries its organisation (municipality) id, so one server can hold many.
CREATE TABLE organisation (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE unit (
  org_id text NOT NULL REFERENCES organisation (id),
  code text NOT NULL,
  name text NOT NULL,
  parent_code text,
  level text NOT NULL,
  budget_level text,
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, code)
);

CREATE TABLE account (
  org_id text NOT NULL REFERENCES organisation (id),
  account text NOT NULL,
  name text NOT NULL,
  account_group text CHECK (account_group IN ('3', '4', '5', '6A', '6B', '7', 'I')),
  group_override boolean NOT NULL DEFAULT false,
  PRIMARY KEY (org_id, account)
);

CREATE TABLE activity (
  org_id text NOT NULL REFERENCES organisation (id),
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (org_id, code)
);

CREATE TABLE project (
  org_id text NOT NULL REFERENCES organisation (id),
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (org_id, code)
);

-- One row per imported file: what, when, and what it replaced.
CREATE TABLE import_batch (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL REFERENCES organisation (id),
  kind text NOT NULL,
  file_name text NOT NULL,
  sha256 text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  summary jsonb NOT NULL
);

-- Ledger amounts aggregated per month (period NULL = an annual amount), in öre, ledger sign
-- (debit/cost positive). Scenarios: actual, budget, budget_osb, carryover, forecast:<round>.
CREATE TABLE amount (
  org_id text NOT NULL REFERENCES organisation (id),
  scenario text NOT NULL,
  year smallint NOT NULL,
  period smallint CHECK (period BETWEEN 1 AND 18),
  unit text NOT NULL,
  account text NOT NULL,
  activity text NOT NULL DEFAULT '',
  project text NOT NULL DEFAULT '',
  amount_ore bigint NOT NULL,
  batch_id bigint NOT NULL
);
CREATE INDEX amount_slice ON amount (org_id, year, scenario);
CREATE INDEX amount_batch ON amount (batch_id);
