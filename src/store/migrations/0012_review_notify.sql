-- Review in one place, notifications and rounds that can be corrected (issue 11, items 3–5).

-- A user's e-mail address: where the notifications go (none = no e-mail).
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS email text;

-- An archived round is hidden from the default list and still readable.
ALTER TABLE followup_round ADD COLUMN archived_at timestamptz;
ALTER TABLE followup_round ADD COLUMN archived_by text;
-- (org_id, id) is unique (id alone is): the key the tables below refer to, org_id first.
CREATE UNIQUE INDEX followup_round_org_id ON followup_round (org_id, id);

-- Why the controller last reopened the unit (shown to its editors until it is submitted again).
ALTER TABLE round_unit ADD COLUMN reopen_reason text;
ALTER TABLE round_unit ADD COLUMN reopened_by text;
ALTER TABLE round_unit ADD COLUMN reopened_at timestamptz;

-- Review comments on a unit of a round: on the whole unit (account_group '') or on one row
-- (account group, and activity when the round is entered per activity). Append-only.
CREATE TABLE review_note (
  org_id text NOT NULL,
  round_id bigint NOT NULL,
  unit_code text NOT NULL,
  id bigint NOT NULL DEFAULT nextval('edit_version'),
  account_group text NOT NULL DEFAULT '',
  activity text NOT NULL DEFAULT '',
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, round_id, unit_code, id),
  FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id) ON DELETE CASCADE
);

-- Notifications sent once (deadline reminders): the key names the event, e.g.
-- `reminder:<round>:<unit>:3`. Recorded before sending, so a restart never sends it again.
CREATE TABLE notification_sent (
  org_id text NOT NULL REFERENCES organisation (id),
  key text NOT NULL,
  recipients integer NOT NULL DEFAULT 0,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, key)
);
