// Keeps a source's metadata current: a source is resolved (enrich/state.ts) when it opens, when the host
// changes its own metadata, and — lazily, the first time a stage needs it — after any change to the pod
// table. Resolving rewrites its NDJSON members (emit/members.ts) and forgets the select stage's cached
// verdicts, which depended on the old labels.

import { Source } from "./source";
import { membersSet } from "../emit/members";

/** True once the host supplied any pod or per-source metadata: only then can a source go stale. */
export let metadataUsed = false;

export function markMetadataUsed(): void {
  metadataUsed = true;
}

export function resolveSource(s: Source): void {
  const e = s.enrich;
  e.resolve();
  membersSet(s.id, e.pathPtr, e.pathLen, e.kube);
  s.select.reset();
}

/** Resolves the source if the pod table changed since it was last resolved. */
// @ts-ignore: decorator
@inline export function freshen(s: Source): void {
  if (s.enrich.stale) resolveSource(s);
}
