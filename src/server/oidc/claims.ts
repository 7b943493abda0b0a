/**
 * From a provider's claims to a Prognos user: the user name, the display name, and the role and
 * units the organisation's mapping gives. Pure.
 *
 * The role claim (Entra ID: `groups`, or `roles` for app roles) holds a string or an array of
 * strings. Every value with a mapping counts; when several give different roles, the first in
 * the order admin, controller, unit_editor, reader wins, and a unit editor gets the units of
 * every matching unit-editor mapping.
 */
import { ROLES, type Role } from '../../core/permissions/index.ts';
import type { OidcConfig } from '../../store/oidc.ts';

export type Claims = Record<string, unknown>;

/** The string values of a claim: a string, or the strings of an array; anything else none. */
export function claimValues(claims: Claims, name: string): string[] {
  const v = claims[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

export interface MappedAccess {
  role: Role;
  units: string[];
  /** The claim values that gave it (for the audit log). */
  matched: string[];
}

export function mapAccess(claims: Claims, cfg: Pick<OidcConfig, 'roleClaim' | 'mappings'>): MappedAccess | undefined {
  const values = new Set(claimValues(claims, cfg.roleClaim));
  const hits = cfg.mappings.filter((m) => values.has(m.value));
  const role = ROLES.find((r) => hits.some((h) => h.role === r));
  if (!role) return undefined;
  const chosen = hits.filter((h) => h.role === role);
  const units = [...new Set(chosen.flatMap((h) => h.units))].sort();
  return { role, units: role === 'unit_editor' ? units : [], matched: chosen.map((h) => h.value) };
}

const USERNAME_MAX = 200;

/** The user name from the configured claim (falling back to `email`), normalised; undefined when none usable. */
export function usernameOf(claims: Claims, claim: string): string | undefined {
  for (const name of [claim, 'email']) {
    const v = claims[name];
    if (typeof v === 'string') {
      const u = v.trim().toLowerCase();
      if (u !== '' && u.length <= USERNAME_MAX && !/[\u0000-\u001f\u007f\s]/.test(u)) return u;
    }
  }
  return undefined;
}

export function displayNameOf(claims: Claims, fallback: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  if (name !== '' && name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name)) return name;
  const parts = [claims.given_name, claims.family_name].filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return parts.length > 0 ? parts.join(' ').slice(0, 200) : fallback;
}
