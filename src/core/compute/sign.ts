/**
 * Sign conventions behind one small interface. The ledger stores debit (cost) positive.
 * `net`: revenue positive, cost negative, variance = value − base.
 * `cost-positive`: cost positive, variance = base − value.
 * Either way a positive variance is better than budget, and the numbers are the same.
 */
export type SignName = 'net' | 'cost-positive';

export interface SignConvention {
  readonly name: SignName;
  /** Ledger amount → presented amount. */
  present(ledger: bigint): bigint;
  /** Variance of a presented value against a presented base (budget). */
  variance(value: bigint, base: bigint): bigint;
}

export const SIGNS: Record<SignName, SignConvention> = {
  net: { name: 'net', present: (x) => -x, variance: (v, b) => v - b },
  'cost-positive': { name: 'cost-positive', present: (x) => x, variance: (v, b) => b - v },
};

export function isSignName(s: string): s is SignName {
  return s === 'net' || s === 'cost-positive';
}
