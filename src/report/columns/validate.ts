/**
 * A template table's row options name units: each must be in the table's scope, else the
 * report is not built (a "varav" row of a unit the board does not have would print zeros).
 */
import { rowOptionUnits, type TableSpec } from '../../core/compute/index.ts';
import type { OrgTree } from '../../core/domain/index.ts';
import { PrognosError } from '../../core/errors/index.ts';

export function checkRowUnits(spec: TableSpec, tree: OrgTree): void {
  const inScope = new Set(tree.subtree(spec.scope).map((u) => u.code));
  for (const { field, unit } of rowOptionUnits(spec.rows)) {
    if (!inScope.has(unit)) throw new PrognosError('NOT_FOUND', `tabellen ${spec.id}: enheten ${unit} i ${field} finns inte under ${spec.scope}`, { field });
  }
}
