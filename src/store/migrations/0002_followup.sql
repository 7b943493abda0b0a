-- Follow-up content per board (a unit code), year and — where it changes during the year — round.
CREATE TABLE goal (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  code text NOT NULL,
  parent_code text,
  goal_area text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('strategic', 'board', 'indicator')),
  text text NOT NULL,
  relation text CHECK (relation IN ('own', 'contribution', 'not_relevant')),
  target text,
  rule text,
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, year, code)
);

CREATE TABLE goal_status (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  code text NOT NULL,
  status text CHECK (status IN ('Uppfylls', 'Uppfylls delvis', 'Uppfylls ej')),
  comment text NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, board, year, round, code)
);

CREATE TABLE assignment (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  code text NOT NULL,
  goal_area text NOT NULL,
  given_year smallint NOT NULL,
  text text NOT NULL,
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, year, code)
);

CREATE TABLE assignment_status (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  code text NOT NULL,
  status text CHECK (status IN ('Genomfört', 'Påbörjat', 'Ej påbörjat')),
  comment text NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, board, year, round, code)
);

-- Effects in mnkr are exact decimals (numeric), never floating point.
CREATE TABLE measure (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  nr text NOT NULL,
  text text NOT NULL,
  decision_date text NOT NULL DEFAULT '',
  diary_number text NOT NULL DEFAULT '',
  forecast_effect_mnkr numeric,
  total_effect_mnkr numeric,
  achieved_mnkr numeric,
  expected_effect text NOT NULL DEFAULT '',
  comment text NOT NULL DEFAULT '',
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, year, round, nr)
);

CREATE TABLE indicator (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL DEFAULT '',
  goal_code text,
  target_type text CHECK (target_type IN ('min', 'max', 'increase', 'decrease', 'level')),
  target_value numeric,
  source text NOT NULL DEFAULT '',
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, code)
);

CREATE TABLE indicator_value (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  code text NOT NULL,
  year smallint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('actual', 'forecast')),
  breakdown text NOT NULL CHECK (breakdown IN ('T', 'K', 'M')),
  value numeric NOT NULL,
  PRIMARY KEY (org_id, board, code, year, kind, breakdown)
);

CREATE TABLE observation (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  goal_area text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('positive', 'improvement')),
  text text NOT NULL,
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, year, round, sort_order)
);

CREATE TABLE narrative (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  key text NOT NULL,
  title text NOT NULL DEFAULT '',
  text text NOT NULL,
  PRIMARY KEY (org_id, board, year, round, key)
);

-- Intrapreneurship (intraprenad) accumulated results; closing = opening + used + result.
CREATE TABLE rollforward (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  unit text NOT NULL,
  opening_ore bigint NOT NULL,
  used_ore bigint NOT NULL,
  result_ore bigint NOT NULL,
  sort_order integer NOT NULL,
  PRIMARY KEY (org_id, board, year, unit)
);

-- Any other table a chapter shows (five years in summary, state grants, portfolios …).
CREATE TABLE grid (
  org_id text NOT NULL REFERENCES organisation (id),
  board text NOT NULL,
  year smallint NOT NULL,
  round text NOT NULL,
  id text NOT NULL,
  title text NOT NULL,
  columns jsonb NOT NULL,
  rows jsonb NOT NULL,
  PRIMARY KEY (org_id, board, year, round, id)
);
