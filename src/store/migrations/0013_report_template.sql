-- Board templates as data: every version of a board's report template is kept (a new upload is
-- a new version, never an update). The body is `json`, not `jsonb`: kept as uploaded, key
-- order included, so a download gives back the same JSON. A round records the template and
-- version it was opened with (both NULL: the built-in template); its preview and its published
-- report use exactly that version.
CREATE TABLE report_template (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  template_id text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL,
  body json NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (org_id, board, template_id, version),
  FOREIGN KEY (org_id, board) REFERENCES unit (org_id, code)
);

ALTER TABLE followup_round
  ADD COLUMN template_id text,
  ADD COLUMN template_version integer,
  ADD CONSTRAINT followup_round_template_both CHECK ((template_id IS NULL) = (template_version IS NULL)),
  ADD CONSTRAINT followup_round_template_fk FOREIGN KEY (org_id, board, template_id, template_version)
    REFERENCES report_template (org_id, board, template_id, version);
