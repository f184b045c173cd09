// Kubernetes metadata from the host: pods (labels and annotations, shared by every container and restart of
// a pod) and what a host knows about one source itself. Encodes them as the engine reads them
// (assembly/enrich/labels.ts, assembly/engine/engine.ts setPod / setSourceMeta, assembly/enrich/state.ts).

/** A pod as the engine needs it; a Kubernetes Pod object (`{ metadata: { … } }`) is accepted as well. */
export interface PodInfo {
  namespace: string;
  name: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The parts of a Kubernetes Pod object the engine reads (as `kubectl get pods -A -o json` lists them). */
export interface KubernetesPod {
  metadata: PodInfo & { labels?: Record<string, string> | null; annotations?: Record<string, string> | null };
}

/** What a host knows about one source (overriding what its path says); labels merge over its pod's. */
export interface SourceKubernetes {
  namespace?: string;
  pod?: string;
  podId?: string;
  container?: string;
  dockerId?: string;
  restartCount?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The `kubernetes` map of a record (Fluent Bit's names; absent members are unknown). */
export interface KubernetesMeta {
  namespace_name?: string;
  pod_name?: string;
  pod_id?: string;
  container_name?: string;
  docker_id?: string;
  restart_count?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const encoder = new TextEncoder();

/** Appends byte pieces and little-endian u32s. */
class Writer {
  private parts: Uint8Array[] = [];
  private size = 0;

  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.bytes(b);
  }

  i32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    return this.bytes(b);
  }

  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }

  /** `u32 len, bytes` */
  str(s: string): this {
    const b = encoder.encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** A nested encoding as `u32 len, bytes`. */
  block(w: Writer): this {
    const b = w.done();
    return this.u32(b.length).bytes(b);
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function stringMap(what: string, m: unknown): Array<[string, string]> {
  if (m === undefined || m === null) return [];
  if (typeof m !== 'object' || Array.isArray(m)) throw new TypeError(`logsieve: ${what} must be an object of strings`);
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new TypeError(`logsieve: ${what}["${k}"] must be a string, not ${typeof v}`);
    out.push([k, v]);
  }
  return out;
}

/** A label set's encoding (assembly/enrich/labels.ts labelSetBuild). */
function labels(what: string, m: unknown): Writer {
  const w = new Writer();
  for (const [k, v] of stringMap(what, m)) w.str(k).str(v);
  return w;
}

function requireString(what: string, v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`logsieve: ${what} must be a string`);
  return v;
}

/** The fields of a PodInfo or a Kubernetes Pod object. */
export function podFields(pod: PodInfo | KubernetesPod): PodInfo {
  if (pod === null || typeof pod !== 'object') throw new TypeError('logsieve: a pod is an object');
  const m = 'metadata' in pod && pod.metadata && typeof pod.metadata === 'object' ? pod.metadata : (pod as PodInfo);
  return {
    namespace: requireString('pod namespace', m.namespace ?? (('metadata' in pod) ? 'default' : undefined)),
    name: requireString('pod name', m.name),
    uid: m.uid === undefined || m.uid === null ? undefined : requireString('pod uid', m.uid),
    labels: (m.labels ?? undefined) as Record<string, string> | undefined,
    annotations: (m.annotations ?? undefined) as Record<string, string> | undefined,
  };
}

/** setPod's window: namespace, name, uid, labels, annotations. */
export function encodePod(pod: PodInfo): Uint8Array {
  return new Writer().str(pod.namespace).str(pod.name).str(pod.uid ?? '')
    .block(labels('pod labels', pod.labels)).block(labels('pod annotations', pod.annotations)).done();
}

/** removePod's window: namespace, name. */
export function encodePodKey(namespace: string, name: string): Uint8Array {
  return new Writer().str(requireString('namespace', namespace)).str(requireString('pod name', name)).done();
}

/** setSourceMeta's window: the override, labels, annotations. */
export function encodeSourceMeta(k: SourceKubernetes): Uint8Array {
  if (k === null || typeof k !== 'object') throw new TypeError('logsieve: kubernetes must be an object');
  const own = new Writer();
  for (const key of ['namespace', 'pod', 'podId', 'container', 'dockerId'] as const) {
    const v = k[key];
    if (v === undefined) own.u32(0xffffffff);
    else own.str(requireString(`kubernetes.${key}`, v));
  }
  const r = k.restartCount;
  if (r !== undefined && !(Number.isInteger(r) && r >= 0 && r <= 0x7fffffff)) {
    throw new RangeError('logsieve: kubernetes.restartCount must be an integer from 0 to 2147483647');
  }
  own.i32(r === undefined ? -2 : r);
  return new Writer().block(own).block(labels('kubernetes.labels', k.labels))
    .block(labels('kubernetes.annotations', k.annotations)).done();
}

/** The pods of a `kubectl get pods -A -o json` document (a PodList), a single Pod, or an array of either. */
export function podsOf(doc: unknown): PodInfo[] {
  if (Array.isArray(doc)) return doc.map((p) => podFields(p as PodInfo));
  if (doc && typeof doc === 'object' && 'items' in doc && Array.isArray((doc as { items: unknown }).items)) {
    return (doc as { items: unknown[] }).items.map((p) => podFields(p as KubernetesPod));
  }
  if (doc && typeof doc === 'object' && 'metadata' in doc) return [podFields(doc as KubernetesPod)];
  throw new TypeError('logsieve: expected a PodList (kubectl get pods -A -o json), a Pod, or an array of pods');
}
