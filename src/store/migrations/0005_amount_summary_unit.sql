-- The forecast grid, a save's summary refresh and the dashboards read the summary of a few units
-- of one organisation: an index by unit, so they no longer scan every summary row of the
-- organisation (36 000 rows for a 500-unit municipality, per request).
CREATE INDEX amount_summary_unit ON amount_summary (org_id, unit, year);
