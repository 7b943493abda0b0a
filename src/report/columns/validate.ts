/**
 * A template table's row options name units: each must be in the table's scope, else the
 * report is not built (a "varav" row of a unit the board does not have would print zeros).
 */
import type { TableSpec } from '../../core/compute/index.ts';
import type { OrgTree } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';

export function checkRowUnits(spec: TableSpec, tree: OrgTree): void {
  const inScope = new Set(tree.subtree(spec.scope).map((u) => u.code));
  const lists: Array<[string, readonly string[]]> = [
    ...(spec.rows?.memo ?? []).map((m, i): [string, readonly string[]] => [`rows.memo[${i}].units`, m.units]),
    ...(spec.rows?.excluding ?? []).map((m, i): [string, readonly string[]] => [`rows.excluding[${i}].units`, m.units]),
    ...(spec.rows?.outsideTotal ? [['rows.outsideTotal', spec.rows.outsideTotal] as [string, readonly string[]]] : []),
  ];
  for (const [field, units] of lists) {
    for (const u of units) {
      if (!inScope.has(u)) {
        throw new PrognosError('NOT_FOUND', `tabellen ${spec.id}: enheten ${u} i ${field} finns inte under ${spec.scope}`, { field });
      }
    }
  }
}
