-- The published report in every format, rendered once at publishing from the frozen model
-- (report_snapshot) and stored: a download serves these bytes and never renders again.
CREATE TABLE published_render (
  round_id bigint NOT NULL REFERENCES report_snapshot (round_id),
  org_id text NOT NULL,
  format text NOT NULL CHECK (format IN ('json', 'html', 'pdf', 'docx', 'xlsx')),
  body bytea NOT NULL,
  -- hex SHA-256 of body: the download's ETag
  sha256 text NOT NULL,
  rendered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, format)
);
