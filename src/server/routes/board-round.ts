/** A round's board content (observations, grids, intrapreneurship results): the round, its key and the permission on the board. */
import type { ContentKey } from '../../store/content-edit.ts';
import { authorize, pathOf, type Ctx, type Deps } from '../context.ts';
import { requireOpen } from '../round-lock.ts';
import { loadRound } from './rounds.ts';

/** Reading needs content.read on the board, writing content.write and an open round. */
export async function boardRound(d: Deps, c: Ctx, write: boolean) {
  const { u, round, tree } = await loadRound(d, c);
  const boardPath = pathOf(tree, round.board);
  authorize(u, write ? 'content.write' : 'content.read', boardPath, `nämnden ${round.board}`);
  if (write) requireOpen(round);
  const key: ContentKey = { orgId: round.orgId, board: round.board, year: round.year, round: round.name };
  return { u, round, key, boardPath, tree };
}
