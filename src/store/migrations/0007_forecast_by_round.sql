-- A round's forecasts are keyed by the round (its id), no longer by its name: scenario
-- `forecast:round:<id>` instead of `forecast:<name>`. Two rounds of the same name (a board's P1
-- and a sub-board's P1) overwrote each other's amounts; imported `forecast:<name>` amounts stay
-- where they are (the command-line report of a name without a round reads them).
--
-- The round's amounts are rebuilt from its entered cells (forecast_cell, the truth of every
-- round, also where a same-name round had deleted their mirror), plus the imported amounts of the
-- round's name and year in the board's subtree that no entered cell replaced (what the round
-- showed as "inläst prognos"). An entered 0 is kept as a row of 0: entered, unlike a missing one.
-- Written so that it can run again on a store whose data are in the old keying (IF NOT EXISTS).

-- The round whose forecasts a round started from (the previous round of its board and year).
ALTER TABLE followup_round ADD COLUMN IF NOT EXISTS carried_from bigint;
-- A goal or assignment status copied from the previous round: the name of that round, until edited.
ALTER TABLE goal_status ADD COLUMN IF NOT EXISTS carried_from text;
ALTER TABLE assignment_status ADD COLUMN IF NOT EXISTS carried_from text;

CREATE TEMPORARY TABLE round_move ON COMMIT DROP AS
SELECT id AS round_id, org_id, board, year, name, by_activity, batch_id,
       'forecast:' || name AS old_scenario, 'forecast:round:' || id AS new_scenario
FROM followup_round;

-- Every unit of each round's board subtree.
CREATE TEMPORARY TABLE round_scope ON COMMIT DROP AS
WITH RECURSIVE sub (round_id, org_id, code) AS (
  SELECT round_id, org_id, board FROM round_move
  UNION
  SELECT s.round_id, u.org_id, u.code FROM sub s JOIN unit u ON u.org_id = s.org_id AND u.parent_code = s.code
)
SELECT * FROM sub;

-- Per entered cell, the units its save replaced (the cell's unit and its subtree).
CREATE TEMPORARY TABLE cell_cover ON COMMIT DROP AS
WITH RECURSIVE sub (round_id, org_id, account_group, activity, code) AS (
  SELECT c.round_id, c.org_id, c.account_group, c.activity, c.unit_code FROM forecast_cell c
  UNION
  SELECT s.round_id, u.org_id, s.account_group, s.activity, u.code FROM sub s JOIN unit u ON u.org_id = s.org_id AND u.parent_code = s.code
)
SELECT * FROM sub;

-- Rows written for a round before (its mirror), in the old or (on a second run) the new keying.
DELETE FROM amount a USING round_move m
WHERE a.org_id = m.org_id AND a.batch_id = m.batch_id AND a.year = m.year AND a.scenario IN (m.old_scenario, m.new_scenario);

-- The entered cells, one row each on the cell's unit and the group's forecast account.
INSERT INTO amount (org_id, scenario, year, period, unit, account, activity, project, amount_ore, batch_id)
SELECT m.org_id, m.new_scenario, m.year, NULL, c.unit_code, 'PROGNOS-' || c.account_group, c.activity, '', c.amount_ore, m.batch_id
FROM forecast_cell c JOIN round_move m ON m.round_id = c.round_id
WHERE c.amount_ore IS NOT NULL;

-- The imported amounts of the round's name that no entered cell of the round replaced.
INSERT INTO amount (org_id, scenario, year, period, unit, account, activity, project, amount_ore, batch_id)
SELECT m.org_id, m.new_scenario, m.year, a.period, a.unit, a.account, a.activity, a.project, a.amount_ore, m.batch_id
FROM round_move m
JOIN amount a ON a.org_id = m.org_id AND a.scenario = m.old_scenario AND a.year = m.year
JOIN round_scope s ON s.round_id = m.round_id AND s.code = a.unit
JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
WHERE NOT EXISTS (
  SELECT 1 FROM cell_cover cc
  WHERE cc.round_id = m.round_id AND cc.code = a.unit AND cc.account_group = acc.account_group
    AND (NOT m.by_activity OR cc.activity = a.activity)
);

-- The account-group summary of every scenario touched, rebuilt from the amounts.
DELETE FROM amount_summary s USING round_move m
WHERE s.org_id = m.org_id AND s.year = m.year AND s.scenario IN (m.old_scenario, m.new_scenario);
INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
FROM amount a
JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
WHERE acc.account_group IS NOT NULL
  AND EXISTS (SELECT 1 FROM round_move m WHERE m.org_id = a.org_id AND m.year = a.year AND a.scenario IN (m.old_scenario, m.new_scenario))
GROUP BY a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project;
