-- A round is a forecast round (P1, P2 …: units enter forecasts) or a year-end round (bokslut:
-- no forecast entry; its figures are the year's actual closing; the report says Utfall/Bokslut).
ALTER TABLE followup_round
  ADD COLUMN kind text NOT NULL DEFAULT 'forecast',
  ADD CONSTRAINT followup_round_kind CHECK (kind IN ('forecast', 'year-end'));
