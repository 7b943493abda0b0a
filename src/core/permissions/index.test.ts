import { describe, expect, it } from 'vitest';
import { ACTIONS, actionsOf, can, PERMISSIONS, ROLES, type Action, type Role } from './index.ts';

const KAA = ['KS', 'ÖKA', 'KAA'];
const KEK = ['KS', 'ÖKA', 'KEK'];
const KS = ['KS'];

describe('permissions', () => {
  it('define every role for every action', () => {
    for (const a of ACTIONS) for (const r of ROLES) expect(typeof PERMISSIONS[a].allowed[r]).toBe('boolean');
  });

  // role × action, checked on a unit inside the editor's subtree (KAA) and outside it (KEK).
  const matrix: Array<[Action, Record<Role, [inside: boolean, outside: boolean]>]> = [
    ['users.manage', { admin: [true, true], controller: [false, false], unit_editor: [false, false], reader: [false, false] }],
    ['rounds.manage', { admin: [true, true], controller: [true, true], unit_editor: [false, false], reader: [false, false] }],
    ['units.review', { admin: [true, true], controller: [true, true], unit_editor: [false, false], reader: [false, false] }],
    ['units.submit', { admin: [true, true], controller: [true, true], unit_editor: [true, false], reader: [false, false] }],
    ['forecast.read', { admin: [true, true], controller: [true, true], unit_editor: [true, false], reader: [true, true] }],
    ['forecast.write', { admin: [true, true], controller: [true, true], unit_editor: [true, false], reader: [false, false] }],
    ['audit.read', { admin: [true, true], controller: [true, true], unit_editor: [true, false], reader: [true, true] }],
  ];
  for (const [action, roles] of matrix) {
    for (const role of ROLES) {
      const [inside, outside] = roles[role];
      it(`${role} ${inside ? 'may' : 'may not'} ${action} inside its units and ${outside ? 'may' : 'may not'} outside them`, () => {
        const subject = { role, units: role === 'unit_editor' ? ['KAA'] : [] };
        expect(can(subject, action, KAA)).toBe(inside);
        expect(can(subject, action, KEK)).toBe(outside);
      });
    }
  }

  it('a unit editor acts on the whole subtree below its unit, not on the board above it', () => {
    const chief = { role: 'unit_editor' as const, units: ['ÖKA'] };
    expect(can(chief, 'forecast.write', KAA)).toBe(true);
    expect(can(chief, 'forecast.write', KEK)).toBe(true);
    expect(can(chief, 'forecast.write', ['KS', 'ÖKL', 'KLP'])).toBe(false);
    expect(can(chief, 'content.write', KS)).toBe(false);
    expect(can({ role: 'unit_editor', units: ['KS'] }, 'content.write', KS)).toBe(true);
  });

  it('a unit-scoped action without a unit is allowed only to roles acting on the whole organisation', () => {
    expect(can({ role: 'unit_editor', units: ['KAA'] }, 'audit.read')).toBe(false);
    expect(can({ role: 'reader', units: [] }, 'audit.read')).toBe(true);
  });

  it('lists the actions of a role for the UI', () => {
    expect(actionsOf('reader')).not.toContain('forecast.write');
    expect(actionsOf('admin')).toEqual(ACTIONS);
  });
});
