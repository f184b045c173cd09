// Where the API server is and how to prove who we are: in-cluster (the pod's service account), a kubeconfig
// file (its current context), or a plain URL (tests, `kubectl proxy`). The result is a ClusterConfig that
// the client (client.ts) turns into requests; nothing here opens a connection.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import {
  EXEC_API_VERSIONS, type ExecCluster, type ExecConfig, ExecCredentialPlugin, type ExecPluginOptions,
} from './exec-credential.ts';
import { KubeconfigSyntaxError, parseKubeconfigText } from './kubeconfig-yaml.ts';

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
  /**
   * A client certificate and key that can change (an exec credential plugin's): called before every request;
   * when it answers with another certificate, the client's connections are closed and new ones use it (as
   * client-go does). `cert`/`key` are the fixed ones.
   */
  clientCertificate?: () => Promise<{ cert: Buffer; key: Buffer } | undefined>;
  /** Told when the API server answers 401 to a request made with `authorization` (its value then): an exec
   *  plugin's credentials are fetched again for the next request. */
  unauthorized?: (authorization: string | undefined) => void;
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
  /** How `exec` credential plugins are run (timeout, clock); their environment is `env`. */
  exec?: Omit<ExecPluginOptions, 'env'>;
}

type Named = { name?: unknown; [k: string]: unknown };
type Doc = { clusters?: unknown; users?: unknown; contexts?: unknown; 'current-context'?: unknown };
/** A cluster, user or context and the file that defined it. */
type Entry = { value: Record<string, unknown>; file: string };

/**
 * A kubeconfig's context: its cluster's server, CA (data or file), `insecure-skip-tls-verify`,
 * `tls-server-name`; its user's token or token file, client certificate and key (data or file), basic auth,
 * or `exec` credential plugin. Several files merge as kubectl merges them: the first file to name a cluster,
 * user or context, or to set `current-context`, wins. Relative file paths are relative to the file that names
 * them. Nothing is run here: an exec plugin runs at the first request.
 */
export function kubeconfigConfig(options: KubeconfigOptions = {}): ClusterConfig {
  const env = options.env ?? process.env;
  const paths = (options.path ?? env.KUBECONFIG ?? join(homedir(), '.kube', 'config')).split(delimiter).filter(Boolean);
  const clusters = new Map<string, Entry>();
  const users = new Map<string, Entry>();
  const contexts = new Map<string, Entry>();
  let current: string | undefined;
  const read: string[] = [];
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (err) {
      if (paths.length > 1 && (err as NodeJS.ErrnoException).code === 'ENOENT') continue; // as kubectl does
      throw new KubeConfigError(`cannot read kubeconfig ${p}: ${(err as Error).message}`);
    }
    read.push(p);
    let parsed: unknown;
    try {
      parsed = parseKubeconfigText(text);
    } catch (err) {
      if (err instanceof KubeconfigSyntaxError) {
        throw new KubeConfigError(`kubeconfig ${p}${err.line > 0 ? `:${err.line}:${err.column}` : ''}: ${err.reason}`);
      }
      throw err;
    }
    if (parsed === null || parsed === undefined) continue; // an empty file
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new KubeConfigError(`kubeconfig ${p}: not a kubeconfig (its top level is not a mapping)`);
    const doc = parsed as Doc;
    for (const [list, key, into] of [[doc.clusters, 'cluster', clusters], [doc.users, 'user', users], [doc.contexts, 'context', contexts]] as const) {
      for (const item of asList(list)) {
        const name = String(item.name ?? '');
        if (!into.has(name)) into.set(name, { value: asObject(item[key]), file: p });
      }
    }
    if (current === undefined && str(doc['current-context'])) current = str(doc['current-context']);
  }
  const where = `kubeconfig ${read.length ? read.join(delimiter) : paths.join(delimiter)}`;
  if (read.length === 0) throw new KubeConfigError(`no kubeconfig found at ${paths.join(delimiter)}`);
  const name = options.context ?? current;
  if (!name) throw new KubeConfigError(`${where}: no current-context (name a context)`);
  const ctxEntry = contexts.get(name);
  if (!ctxEntry) throw new KubeConfigError(`${where}: no context "${name}"`);
  const ctx = ctxEntry.value;
  const clusterName = str(ctx.cluster);
  if (!clusterName) throw new KubeConfigError(`kubeconfig ${ctxEntry.file}: context "${name}" names no cluster`);
  const cl = clusters.get(clusterName);
  if (!cl) throw new KubeConfigError(`kubeconfig ${ctxEntry.file}: context "${name}" names cluster "${clusterName}", which ${where} does not define`);
  const cluster = cl.value;
  const clusterBase = dirname(resolve(cl.file));
  const userName = str(ctx.user);
  const us = userName === undefined ? undefined : users.get(userName);
  if (userName !== undefined && !us) {
    throw new KubeConfigError(`kubeconfig ${ctxEntry.file}: context "${name}" names user "${userName}", which ${where} does not define`);
  }
  const user = us?.value ?? {};
  const userBase = us ? dirname(resolve(us.file)) : '';
  const userWhere = us ? `kubeconfig ${us.file}: user "${userName}"` : '';
  const server = str(cluster.server);
  if (!server) throw new KubeConfigError(`kubeconfig ${cl.file}: cluster "${clusterName}" has no server`);

  const config: ClusterConfig = {
    server: server.replace(/\/+$/, ''),
    ca: dataOrFile(cluster, 'certificate-authority', clusterBase, `kubeconfig ${cl.file}: cluster "${clusterName}"`),
    cert: dataOrFile(user, 'client-certificate', userBase, userWhere),
    key: dataOrFile(user, 'client-key', userBase, userWhere),
    insecureSkipTlsVerify: bool(cluster['insecure-skip-tls-verify']),
    tlsServerName: str(cluster['tls-server-name']),
    namespace: str(ctx.namespace),
    source: `${where} context ${name}`,
  };
  if (Boolean(config.cert) !== Boolean(config.key)) {
    throw new KubeConfigError(`${userWhere} has a client certificate without its key, or a key without its certificate`);
  }
  const token = str(user.token);
  const tokenFile = str(user.tokenFile);
  const username = str(user.username);
  const hasExec = user.exec !== undefined && user.exec !== null;
  const provider = asObject(user['auth-provider']);
  if (user['auth-provider'] !== undefined && user['auth-provider'] !== null) {
    // client-go's in-tree providers are deprecated (gcp and azure were removed in Kubernetes 1.26)
    throw new KubeConfigError(`${userWhere} authenticates with auth-provider ${JSON.stringify(str(provider.name) ?? '?')}, which is ` +
      'deprecated in Kubernetes and not supported by logsieve: use its exec credential plugin (gke-gcloud-auth-plugin, ' +
      'kubelogin, aws eks get-token, …), a token or a client certificate');
  }
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
  } else if (hasExec && !config.cert) {
    // as client-go: a user's token, basic auth or client certificate is used before its exec plugin
    const exec = execConfig(user.exec, userWhere, userBase);
    const info: ExecCluster = { server: config.server };
    if (config.tlsServerName) info['tls-server-name'] = config.tlsServerName;
    if (config.insecureSkipTlsVerify) info['insecure-skip-tls-verify'] = true;
    if (config.ca) info['certificate-authority-data'] = config.ca.toString('base64');
    if (str(cluster['proxy-url'])) info['proxy-url'] = str(cluster['proxy-url']);
    if (bool(cluster['disable-compression'])) info['disable-compression'] = true;
    const ext = asList(cluster.extensions).find((e) => e.name === 'client.authentication.k8s.io/exec');
    if (ext && ext.extension !== undefined && ext.extension !== null) info.config = ext.extension;
    const plugin = new ExecCredentialPlugin(exec, info, `user "${userName}"`, { ...options.exec, env });
    config.authorization = async () => {
      const c = await plugin.credentials();
      return c.token ? `Bearer ${c.token}` : undefined;
    };
    config.clientCertificate = async () => {
      const c = await plugin.credentials();
      return c.cert && c.key ? { cert: c.cert, key: c.key } : undefined;
    };
    config.unauthorized = (authorization) => plugin.invalidate(authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined);
  }
  return config;
}

/** A user's `exec`, checked as kubectl checks it; a relative command with a slash is relative to `base`. */
function execConfig(raw: unknown, where: string, base: string): ExecConfig {
  const e = asObject(raw);
  const apiVersion = str(e.apiVersion);
  if (!apiVersion) throw new KubeConfigError(`${where}: exec has no apiVersion (client.authentication.k8s.io/v1 or v1beta1)`);
  if (!(EXEC_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new KubeConfigError(`${where}: exec apiVersion "${apiVersion}" is not supported (client.authentication.k8s.io/v1 or v1beta1` +
      `${apiVersion.endsWith('/v1alpha1') ? '; v1alpha1 was removed in Kubernetes 1.24' : ''})`);
  }
  let command = str(e.command);
  if (!command) throw new KubeConfigError(`${where}: exec has no command`);
  // as client-go: a bare name is looked up in PATH; a path relative to the kubeconfig's directory
  if (command.includes(sep) && !isAbsolute(command)) command = join(base, command);
  const args = e.args === undefined || e.args === null ? [] : e.args;
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string' || typeof a === 'boolean')) {
    throw new KubeConfigError(`${where}: exec args must be a list of strings`);
  }
  const envList = e.env === undefined || e.env === null ? [] : e.env;
  if (!Array.isArray(envList)) throw new KubeConfigError(`${where}: exec env must be a list of {name, value}`);
  const execEnv = envList.map((v, i) => {
    const o = asObject(v);
    const n = str(o.name);
    if (!n || o.value === undefined || o.value === null) throw new KubeConfigError(`${where}: exec env[${i}] needs a name and a value`);
    return { name: n, value: String(o.value) };
  });
  let mode = str(e.interactiveMode);
  if (mode === undefined) {
    if (apiVersion.endsWith('/v1')) throw new KubeConfigError(`${where}: exec needs an interactiveMode with apiVersion ${apiVersion} (as kubectl requires)`);
    mode = 'IfAvailable'; // v1beta1's default
  }
  if (mode === 'Always') {
    throw new KubeConfigError(`${where}: exec has interactiveMode Always (the plugin needs a terminal), but logsieve runs plugins without one`);
  }
  if (mode !== 'Never' && mode !== 'IfAvailable') throw new KubeConfigError(`${where}: exec interactiveMode "${mode}" is not Never, IfAvailable or Always`);
  return {
    apiVersion: apiVersion as ExecConfig['apiVersion'],
    command,
    args: args.map(String),
    env: execEnv,
    interactiveMode: mode,
    provideClusterInfo: bool(e.provideClusterInfo),
    installHint: str(e.installHint),
  };
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

/** A boolean field: YAML `true`, or the string "true" (a quoted one, as Go's YAML reader takes it too). */
function bool(v: unknown): boolean {
  return v === true || v === 'true';
}

/** `<key>-data` (base64 PEM) or `<key>` (a file, relative to the kubeconfig that names it). */
function dataOrFile(o: Record<string, unknown>, key: string, base: string, where: string): Buffer | undefined {
  const data = str(o[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const file = str(o[key]);
  if (!file) return undefined;
  const path = isAbsolute(file) ? file : join(base, file);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new KubeConfigError(`${where}: cannot read ${key} ${path}: ${(err as Error).message}`);
  }
}
