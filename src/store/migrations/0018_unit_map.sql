-- Unit codes renamed or merged between years: from `year` on, the amounts an earlier year booked
-- on `old_code` belong to `new_code` wherever a report of `year` or later reads an earlier year
-- (closing, previous year's actual and budget). Several old codes may point at one new code (a
-- merge, n→1). `old_code` need not be a unit any more; `new_code` must be one.
CREATE TABLE unit_map (
  org_id text NOT NULL REFERENCES organisation (id),
  year integer NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  old_code text NOT NULL,
  new_code text NOT NULL,
  PRIMARY KEY (org_id, year, old_code),
  FOREIGN KEY (org_id, new_code) REFERENCES unit (org_id, code),
  CHECK (old_code <> new_code)
);

-- Observations are edited in the application too (versions and who changed them, as narratives).
ALTER TABLE observation ADD COLUMN version bigint NOT NULL DEFAULT nextval('edit_version');
ALTER TABLE observation ADD COLUMN updated_by text;
ALTER TABLE observation ADD COLUMN updated_at timestamptz;
