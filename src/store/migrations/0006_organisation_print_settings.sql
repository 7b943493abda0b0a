-- Organisation settings printed on a report's cover: the municipality's display name (null:
-- none set, the id is never printed) and its logo as a base64 data URI (PNG, JPEG or SVG).
ALTER TABLE organisation ADD COLUMN display_name text;
ALTER TABLE organisation ADD COLUMN logo text;
