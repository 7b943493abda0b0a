-- Intrapreneurship results edited in the application: a version and who changed it, as observations.
ALTER TABLE rollforward ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE rollforward ADD COLUMN updated_by text;
ALTER TABLE rollforward ADD COLUMN updated_at timestamptz;
