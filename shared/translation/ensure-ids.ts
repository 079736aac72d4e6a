import type { Body, SerializedNode } from '../article';
import { newSegmentId, SEGMENT_STATE_KEYS } from './segment';
import { blockSegmentId, nodeState } from './segments-of';

/**
 * Gives every top-level block of a body a unique segment id (`$.seg`), so a
 * translation can link to it. A block without one (older saves), with a
 * malformed one, or repeating an earlier block's (copy and paste) gets a new
 * id; the first holder of an id keeps it. The input is not mutated; blocks
 * that keep their id are shared with it, not copied. When nothing was
 * missing, `body` itself comes back with `changed: false`. `makeId` makes
 * the new ids (random by default; a seeded one makes the result the same on
 * every machine, see shared/collab/convert.ts).
 */
export function ensureSegmentIds(body: Body, makeId: () => string = newSegmentId): { body: Body; changed: boolean } {
  const children = body.root.children;
  // Every id present anywhere, so a new one cannot take the id of a later block.
  const taken = new Set<string>();
  for (const node of children) {
    const id = blockSegmentId(node);
    if (id !== null) taken.add(id);
  }

  const seen = new Set<string>();
  let out: SerializedNode[] | null = null;
  for (const [index, node] of children.entries()) {
    const id = blockSegmentId(node);
    if (id !== null && !seen.has(id)) {
      seen.add(id);
      out?.push(node);
      continue;
    }
    const fresh = freshId(taken, makeId);
    seen.add(fresh);
    // Copy-on-first-change: the blocks before it are shared as they are.
    out ??= children.slice(0, index);
    out.push({ ...node, $: { ...nodeState(node), [SEGMENT_STATE_KEYS.id]: fresh } });
  }

  if (out === null) return { body, changed: false };
  return { body: { ...body, root: { ...body.root, children: out } }, changed: true };
}

function freshId(taken: Set<string>, makeId: () => string): string {
  let id = makeId();
  while (taken.has(id)) id = makeId();
  taken.add(id);
  return id;
}
