-- Free tables (grids) edited in the application: a version and who changed it, as narratives.
ALTER TABLE grid ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE grid ADD COLUMN updated_by text;
ALTER TABLE grid ADD COLUMN updated_at timestamptz;
