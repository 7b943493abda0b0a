-- Amounts summed per account group: what reports read. Kept in step with `amount` in the same
-- transaction by every write (Store.replaceAmounts, accounts imports), so it is never stale.
-- A report then reads tens of thousands of rows instead of millions.
CREATE TABLE amount_summary (
  org_id text NOT NULL REFERENCES organisation (id),
  scenario text NOT NULL,
  year smallint NOT NULL,
  period smallint,
  unit text NOT NULL,
  account_group text NOT NULL,
  activity text NOT NULL,
  project text NOT NULL,
  amount_ore bigint NOT NULL
);
CREATE INDEX amount_summary_slice ON amount_summary (org_id, year, scenario);

INSERT INTO amount_summary (org_id, scenario, year, period, unit, account_group, activity, project, amount_ore)
SELECT a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project, sum(a.amount_ore)
FROM amount a
JOIN account acc ON acc.org_id = a.org_id AND acc.account = a.account
WHERE acc.account_group IS NOT NULL
GROUP BY a.org_id, a.scenario, a.year, a.period, a.unit, acc.account_group, a.activity, a.project;
