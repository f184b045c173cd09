// An intrusive, doubly linked list of unmanaged objects in the order they were appended (oldest first).
// The engine's budget uses two: held join records (by when they started) and carried frame tails (by when
// they became non-empty), so the oldest holder is found in O(1) however many sources are open.
//
// Contract: a node is an unmanaged object with two usize fields, `older` at `off` and `newer` at
// `off + sizeof<usize>()`, both 0 while the node is not in a list. A node is in at most one list at a time;
// the caller tracks whether it is linked (join: Held.active; frame: tail.len != 0).

@unmanaged
export class AgeList {
  oldest!: usize;
  newest!: usize;
}

/** A new empty list, for the life of the instance. (Not `memory.data`: equal static segments may be merged,
 *  and two lists must never share memory.) */
export function ageListNew(): AgeList {
  const list = changetype<AgeList>(heap.alloc(offsetof<AgeList>()));
  list.oldest = 0;
  list.newest = 0;
  return list;
}

export function agePush(list: AgeList, node: usize, off: usize): void {
  const newest = list.newest;
  store<usize>(node + off, newest);
  store<usize>(node + off + sizeof<usize>(), 0);
  if (newest != 0) store<usize>(newest + off + sizeof<usize>(), node);
  else list.oldest = node;
  list.newest = node;
}

export function ageRemove(list: AgeList, node: usize, off: usize): void {
  const older = load<usize>(node + off);
  const newer = load<usize>(node + off + sizeof<usize>());
  if (older != 0) store<usize>(older + off + sizeof<usize>(), newer);
  else list.oldest = newer;
  if (newer != 0) store<usize>(newer + off, older);
  else list.newest = older;
  store<usize>(node + off, 0);
  store<usize>(node + off + sizeof<usize>(), 0);
}
