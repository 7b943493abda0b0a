/** Assertions on PrognosError shared by the importer tests. */
import { expect } from 'vitest';
import { PrognosError, type InputLocation } from '../../src/core/errors/index.ts';

/** Run `fn`, expect a BAD_INPUT PrognosError at exactly `where`, return its reason. */
export function badInputFrom(fn: () => unknown, where: InputLocation): string {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  const err = thrown as PrognosError;
  expect(err.code).toBe('BAD_INPUT');
  expect(err.location).toEqual(where);
  return err.reason;
}

/** Await `p`, expect it to reject with a PrognosError, return it. */
export async function rejection(p: Promise<unknown>): Promise<PrognosError> {
  let thrown: unknown;
  try {
    await p;
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PrognosError);
  return thrown as PrognosError;
}

/** CSV text from lines, with a final newline. */
export const csv = (...lines: string[]): string => lines.join('\n') + '\n';
