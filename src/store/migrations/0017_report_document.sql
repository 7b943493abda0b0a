-- Document metadata and appendix documents of a round's report. `round_document`: the round's
-- own title, decision body, date, minutes' paragraph (§) and diary number (each NULL: the
-- template's, if any). `round_appendix`: PDF files attached to the report, kept as bytes.
CREATE TABLE round_document (
  org_id text NOT NULL,
  round_id bigint NOT NULL,
  title text,
  decided_by text,
  decided_on date,
  paragraph text,
  diary_number text,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (org_id, round_id),
  FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id) ON DELETE CASCADE
);

CREATE TABLE round_appendix (
  org_id text NOT NULL,
  round_id bigint NOT NULL,
  id integer NOT NULL CHECK (id >= 1),
  title text NOT NULL,
  file_name text NOT NULL,
  content bytea NOT NULL,
  bytes integer NOT NULL CHECK (bytes >= 0),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (org_id, round_id, id),
  FOREIGN KEY (org_id, round_id) REFERENCES followup_round (org_id, id) ON DELETE CASCADE
);
