// A source's Kubernetes metadata, the enrich stage's hand-off to select and emit: who wrote the file
// (from its path, enrich/path.ts) and the labels and annotations of its pod (from the host, enrich/pods.ts).
// Field names follow Fluent Bit's `kubernetes` map.
//
// Invariants: each (ptr, len) pair is either (0, 0) = absent, or bytes that live as long as the metadata
// (the path fields point into the source's own copy of its path); `restart` is -1 when the path has none;
// `labels` and `annotations` are label sets (enrich/labels.ts; 0 = empty) owned by the pod table, valid
// until the host replaces that pod's entry (which re-resolves every source of the pod). `shape` says which
// path layout matched (PATH_*), PATH_NONE when none did: then every path field is absent.

export const PATH_NONE: u8 = 0;
/** /var/log/pods/<namespace>_<pod>_<pod-uid>/<container>/<restart>.log[.<rotation suffix>] */
export const PATH_PODS: u8 = 1;
/** /var/log/containers/<pod>_<namespace>_<container>-<64 hex container id>.log */
export const PATH_CONTAINERS: u8 = 2;
/** /var/lib/docker/containers/<id>/<id>-json.log[.<n>] */
export const PATH_DOCKER: u8 = 3;

@unmanaged
export class KubeMeta {
  namespacePtr: usize = 0;
  namespaceLen: usize = 0;
  podPtr: usize = 0;
  podLen: usize = 0;
  podIdPtr: usize = 0;
  podIdLen: usize = 0;
  containerPtr: usize = 0;
  containerLen: usize = 0;
  dockerIdPtr: usize = 0;
  dockerIdLen: usize = 0;
  restart: i32 = -1;
  shape: u8 = PATH_NONE;
  labels: usize = 0;
  annotations: usize = 0;

  /** Clears every field to absent. */
  clear(): void {
    memory.fill(changetype<usize>(this), 0, offsetof<KubeMeta>());
    this.restart = -1;
  }
}
