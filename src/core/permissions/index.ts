/**
 * Who may do what, defined once as data: a role × action matrix plus the unit-subtree rule.
 * The server checks every request with `can`; the UI can show or hide controls from the same
 * table (`GET /api/me` returns the actions a user has). Pure: no I/O.
 *
 * - `admin` may do everything, including managing users.
 * - `controller` (central finance) opens, reviews and publishes rounds, for the whole organisation.
 * - `unit_editor` enters forecasts, comments and statuses for the subtrees of its units only.
 * - `reader` reads everything of its organisation and changes nothing.
 *
 * The unit-subtree rule: an action of scope `unit` is checked against a unit (a round's unit,
 * or a board for board-level content and reports). A role of scope `units` (unit_editor) is
 * granted it only when one of the user's units is that unit or one of its ancestors. Nothing
 * ever crosses organisations: that is checked by the store's queries, before any of this.
 */

export const ROLES = ['admin', 'controller', 'unit_editor', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administratör',
  controller: 'Controller (ekonom)',
  unit_editor: 'Enhetsredigerare',
  reader: 'Läsare',
};

/** `org`: the role acts on the whole organisation; `units`: only on the subtrees of its units. */
export const ROLE_SCOPE: Record<Role, 'org' | 'units'> = {
  admin: 'org',
  controller: 'org',
  unit_editor: 'units',
  reader: 'org',
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export type ActionScope = 'org' | 'unit';

interface ActionDef {
  /** `unit`: checked against a unit with the unit-subtree rule; `org`: the role alone decides. */
  scope: ActionScope;
  description: string;
  allowed: Record<Role, boolean>;
}

const all = { admin: true, controller: true, unit_editor: true, reader: true };
const finance = { admin: true, controller: true, unit_editor: false, reader: false };
const editors = { admin: true, controller: true, unit_editor: true, reader: false };

/** The permission table. Keys are the action names the server and the UI use. */
export const PERMISSIONS = {
  'users.manage': { scope: 'org', description: 'Hantera användare och roller', allowed: { ...finance, controller: false } },
  'rounds.read': { scope: 'org', description: 'Se uppföljningsomgångar', allowed: all },
  'rounds.manage': { scope: 'org', description: 'Öppna, ändra och publicera uppföljningsomgångar', allowed: finance },
  'units.review': { scope: 'unit', description: 'Godkänna och återöppna en enhets prognos', allowed: finance },
  'units.submit': { scope: 'unit', description: 'Lämna in en enhets prognos', allowed: editors },
  'forecast.read': { scope: 'unit', description: 'Se en enhets prognos och underlag', allowed: all },
  'forecast.write': { scope: 'unit', description: 'Ändra en enhets prognos och kommentar', allowed: editors },
  'audit.read': { scope: 'unit', description: 'Se ändringshistoriken för en enhet', allowed: all },
  'content.read': { scope: 'unit', description: 'Se mål, uppdrag, åtgärder och texter för en nämnd', allowed: all },
  'content.write': { scope: 'unit', description: 'Ändra status för mål och uppdrag, åtgärder och texter för en nämnd', allowed: editors },
  'report.preview': { scope: 'unit', description: 'Förhandsgranska en nämnds rapport innan den publiceras', allowed: all },
  'report.published': { scope: 'org', description: 'Läsa publicerade rapporter', allowed: all },
  'dashboard.read': { scope: 'org', description: 'Se översikter (raderna begränsas till de egna enheterna)', allowed: all },
} as const satisfies Record<string, ActionDef>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

/** Who asks: a role and, for scoped roles, the roots of the subtrees it may act on. */
export interface Subject {
  role: Role;
  units: readonly string[];
}

/**
 * The unit an action is about, as its path from the root down to itself (codes). The path is
 * what the subtree rule needs: the unit is in a user's subtree when the path contains one of
 * the user's units.
 */
export type UnitPath = readonly string[];

/** True when one of the subject's units is the unit or one of its ancestors. */
export function inSubtrees(subject: Subject, path: UnitPath): boolean {
  if (ROLE_SCOPE[subject.role] === 'org') return true;
  return path.some((code) => subject.units.includes(code));
}

/**
 * May the subject do the action (on the unit, for unit-scoped actions)? Without a unit, a
 * unit-scoped action is allowed only to roles acting on the whole organisation.
 */
export function can(subject: Subject, action: Action, unit?: UnitPath): boolean {
  const def: ActionDef = PERMISSIONS[action];
  if (!def.allowed[subject.role]) return false;
  if (def.scope === 'org') return true;
  if (ROLE_SCOPE[subject.role] === 'org') return true;
  return unit !== undefined && inSubtrees(subject, unit);
}

/** The actions the role has at all (for a scoped role: on some unit of its subtrees). */
export function actionsOf(role: Role): Action[] {
  return ACTIONS.filter((a) => PERMISSIONS[a].allowed[role]);
}
