// Where the API server is and how to prove who we are: in-cluster (the pod's service account), a kubeconfig
// file (its current context), or a plain URL (tests, `kubectl proxy`). The result is a ClusterConfig that
// the client (client.ts) turns into requests; nothing here opens a connection.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseKubeconfigText } from './kubeconfig-yaml.ts';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ClusterConfig {
  /** `https://host:port` (or `http://` for tests and `kubectl proxy`), without a trailing slash. */
  server: string;
  /** PEM bundle the server's certificate must chain to (default: Node's roots). */
  ca?: Buffer;
  /** Client certificate and key (PEM) for mutual TLS. */
  cert?: Buffer;
  key?: Buffer;
  /** `insecure-skip-tls-verify`: accept any server certificate. */
  insecureSkipTlsVerify?: boolean;
  /** The name the server's certificate must carry, when it is not the URL's host (`tls-server-name`). */
  tlsServerName?: string;
  /**
   * The Authorization header's value (`Bearer …`, `Basic …`) for the next request, or undefined. Called
   * before every request, so a rotated service-account token is picked up (kubelet replaces it about hourly).
   */
  authorization?: () => Promise<string | undefined>;
  /** The namespace of the context or the service account (informational). */
  namespace?: string;
  /** Where this came from, for log lines: `in-cluster`, `kubeconfig <path> context <name>`, `url`. */
  source: string;
}

export class KubeConfigError extends Error {
  constructor(message: string) {
    super(`logsieve: ${message}`);
    this.name = 'KubeConfigError';
  }
}

export interface InClusterOptions {
  /** The service-account directory (token, ca.crt, namespace); default SERVICE_ACCOUNT_DIR, or the
   *  LOGSIEVE_SERVICE_ACCOUNT_DIR environment variable. */
  dir?: string;
  env?: NodeJS.ProcessEnv;
}

/** In-cluster: `KUBERNETES_SERVICE_HOST`/`_PORT`, the mounted token (re-read before each request) and CA. */
export function inClusterConfig(options: InClusterOptions = {}): ClusterConfig {
  const env = options.env ?? process.env;
  const dir = options.dir ?? env.LOGSIEVE_SERVICE_ACCOUNT_DIR ?? SERVICE_ACCOUNT_DIR;
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) throw new KubeConfigError('not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set');
  const tokenPath = join(dir, 'token');
  let ca: Buffer;
  let token: string;
  try {
    ca = readFileSync(join(dir, 'ca.crt'));
    token = readFileSync(tokenPath, 'utf8').trim();
  } catch (err) {
    throw new KubeConfigError(`cannot read the service account in ${dir}: ${(err as Error).message}`);
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch { /* optional */ }
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ca,
    namespace,
    // the token is projected and rotated: read it for every request, keep the last good one if a read fails
    // (kubelet swaps it by renaming a symlink, so a read sees the old or the new token, never half of one)
    authorization: async () => {
      try {
        const t = (await readFile(tokenPath, 'utf8')).trim();
        if (t) token = t;
      } catch { /* keep the last good token */ }
      return token ? `Bearer ${token}` : undefined;
    },
    source: 'in-cluster',
  };
}

export interface KubeconfigOptions {
  /** A path, or several joined by the path delimiter as in KUBECONFIG; default $KUBECONFIG or ~/.kube/config. */
  path?: string;
  /** The context to use instead of `current-context`. */
  context?: string;
  env?: NodeJS.ProcessEnv;
}

type Named = { name?: unknown; [k: string]: unknown };
type Doc = { clusters?: Named[]; users?: Named[]; contexts?: Named[]; 'current-context'?: unknown };

/**
 * A kubeconfig's context: its cluster's server, CA (data or file), `insecure-skip-tls-verify`,
 * `tls-server-name`; its user's token or token file, client certificate and key (data or file), or basic
 * auth. Several files merge as kubectl merges them: the first file to name a cluster, user or context, or to
 * set `current-context`, wins. Relative file paths are relative to the file that names them.
 */
export function kubeconfigConfig(options: KubeconfigOptions = {}): ClusterConfig {
  const env = options.env ?? process.env;
  const paths = (options.path ?? env.KUBECONFIG ?? join(homedir(), '.kube', 'config')).split(delimiter).filter(Boolean);
  const clusters = new Map<string, [Record<string, unknown>, string]>();
  const users = new Map<string, [Record<string, unknown>, string]>();
  const contexts = new Map<string, Record<string, unknown>>();
  let current: string | undefined;
  let read = 0;
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (err) {
      if (paths.length > 1 && (err as NodeJS.ErrnoException).code === 'ENOENT') continue; // as kubectl does
      throw new KubeConfigError(`cannot read kubeconfig ${p}: ${(err as Error).message}`);
    }
    read++;
    let doc: Doc;
    try {
      doc = (parseKubeconfigText(text) ?? {}) as Doc;
    } catch (err) {
      throw new KubeConfigError(`kubeconfig ${p}: ${(err as Error).message}`);
    }
    const base = dirname(resolve(p));
    for (const [list, key, into] of [[doc.clusters, 'cluster', clusters], [doc.users, 'user', users]] as const) {
      for (const item of asList(list)) {
        const name = String(item.name ?? '');
        if (!(into as Map<string, unknown>).has(name)) (into as Map<string, unknown>).set(name, [asObject(item[key]), base]);
      }
    }
    for (const item of asList(doc.contexts)) {
      const name = String(item.name ?? '');
      if (!contexts.has(name)) contexts.set(name, asObject(item.context));
    }
    if (current === undefined && doc['current-context']) current = String(doc['current-context']);
  }
  if (read === 0) throw new KubeConfigError(`no kubeconfig found at ${paths.join(delimiter)}`);
  const name = options.context ?? current;
  if (!name) throw new KubeConfigError('the kubeconfig has no current-context (choose a context)');
  const ctx = contexts.get(name);
  if (!ctx) throw new KubeConfigError(`the kubeconfig has no context "${name}"`);
  const clusterName = String(ctx.cluster ?? '');
  const cl = clusters.get(clusterName);
  if (!cl) throw new KubeConfigError(`context "${name}" names cluster "${clusterName}", which the kubeconfig does not define`);
  const [cluster, clusterBase] = cl;
  const userName = ctx.user === undefined || ctx.user === null ? undefined : String(ctx.user);
  const us = userName === undefined ? undefined : users.get(userName);
  if (userName !== undefined && userName !== '' && !us) {
    throw new KubeConfigError(`context "${name}" names user "${userName}", which the kubeconfig does not define`);
  }
  const [user, userBase] = us ?? [{}, ''];
  const server = str(cluster.server);
  if (!server) throw new KubeConfigError(`cluster "${clusterName}" has no server`);

  const config: ClusterConfig = {
    server: server.replace(/\/+$/, ''),
    ca: dataOrFile(cluster, 'certificate-authority', clusterBase),
    cert: dataOrFile(user, 'client-certificate', userBase),
    key: dataOrFile(user, 'client-key', userBase),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true || cluster['insecure-skip-tls-verify'] === 'true',
    tlsServerName: str(cluster['tls-server-name']),
    namespace: str(ctx.namespace),
    source: `kubeconfig ${paths.join(delimiter)} context ${name}`,
  };
  if (Boolean(config.cert) !== Boolean(config.key)) {
    throw new KubeConfigError(`user "${userName}" has a client certificate without its key, or a key without its certificate`);
  }
  if (user.exec || user['auth-provider']) {
    // exec plugins run programs and auth providers are deprecated; the agent runs in-cluster anyway
    throw new KubeConfigError(`user "${userName}" authenticates with an exec plugin or auth provider, which logsieve does not run: use a token or a client certificate`);
  }
  const token = str(user.token);
  const tokenFile = str(user.tokenFile);
  const username = str(user.username);
  if (token) {
    config.authorization = async () => `Bearer ${token}`;
  } else if (tokenFile) {
    const path = isAbsolute(tokenFile) ? tokenFile : join(userBase, tokenFile);
    let last: string | undefined;
    config.authorization = async () => {
      try {
        last = (await readFile(path, 'utf8')).trim() || last;
      } catch (err) {
        if (last === undefined) throw new KubeConfigError(`cannot read tokenFile ${path}: ${(err as Error).message}`);
      }
      return last ? `Bearer ${last}` : undefined;
    };
  } else if (username) {
    const basic = `Basic ${Buffer.from(`${username}:${str(user.password) ?? ''}`).toString('base64')}`;
    config.authorization = async () => basic;
  }
  return config;
}

export interface ResolveOptions {
  /** A plain URL: no TLS settings, no credentials (tests, `kubectl proxy`). */
  server?: string;
  /** Use this kubeconfig (and optionally context) instead of the in-cluster service account. */
  kubeconfig?: string;
  context?: string;
  /** Options for the in-cluster service account. */
  inCluster?: InClusterOptions;
  env?: NodeJS.ProcessEnv;
}

/**
 * The configuration to use: a URL if one is given, else a named kubeconfig, else in-cluster when
 * `KUBERNETES_SERVICE_HOST` is set (a DaemonSet pod), else $KUBECONFIG or ~/.kube/config (a laptop).
 */
export function resolveClusterConfig(options: ResolveOptions = {}): ClusterConfig {
  const env = options.env ?? process.env;
  if (options.server) return { server: options.server.replace(/\/+$/, ''), source: 'url' };
  if (options.kubeconfig) return kubeconfigConfig({ path: options.kubeconfig, context: options.context, env });
  if (env.KUBERNETES_SERVICE_HOST) return inClusterConfig({ ...options.inCluster, env });
  return kubeconfigConfig({ context: options.context, env });
}

function asList(v: unknown): Named[] {
  return Array.isArray(v) ? v.filter((x): x is Named => x !== null && typeof x === 'object') : [];
}

function asObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {};
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/** `<key>-data` (base64 PEM) or `<key>` (a file, relative to the kubeconfig that names it). */
function dataOrFile(o: Record<string, unknown>, key: string, base: string): Buffer | undefined {
  const data = str(o[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const file = str(o[key]);
  if (!file) return undefined;
  const path = isAbsolute(file) ? file : join(base, file);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new KubeConfigError(`cannot read ${key} ${path}: ${(err as Error).message}`);
  }
}
