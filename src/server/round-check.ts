/**
 * `prognos check` on a round's report, as publishing runs it: errors block the publish, warnings
 * need the controller's acknowledgement (recorded in the audit log with the warnings).
 */
import { checkReport, type Finding } from '../check/index.ts';
import { toUnit } from '../core/money/index.ts';
import type { ReportModel } from '../report/index.ts';
import type { RoundRecord } from '../store/rounds.ts';

export interface RoundCheck {
  errors: Finding[];
  warnings: Finding[];
}

export function checkRoundReport(model: ReportModel, round: RoundRecord): RoundCheck {
  // A variance the round asks a comment for is the variance the check looks for in the text.
  const findings = checkReport(model, { varianceThreshold: { amount: toUnit({ num: round.thresholdOre, den: 1n }) } });
  return { errors: findings.filter((f) => f.severity === 'error'), warnings: findings.filter((f) => f.severity === 'warning') };
}

/** What the API and the audit log show of a finding: its Swedish message and where it is. */
export const findingJson = (f: Finding) => ({ code: f.code, severity: f.severity, message: f.message, location: f.location });
