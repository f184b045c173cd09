// Kubeconfig `exec` credential plugins (client-go's "credential plugins"): a command that prints an
// ExecCredential (client.authentication.k8s.io/v1 or v1beta1) whose status holds a bearer token and/or a
// client certificate and key. As client-go runs them: the process's environment plus the plugin's `env`,
// plus KUBERNETES_EXEC_INFO (an ExecCredential with `spec.interactive` and, with `provideClusterInfo`, the
// cluster); the answer is kept until its `expirationTimestamp` passes (for ever without one) or the API
// server answers 401 with it; concurrent callers share one run. Unlike client-go: never interactive (no
// stdin: the agent runs unattended), and a run that takes longer than a timeout is killed.
import { spawn } from 'node:child_process';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] as const;
export type ExecApiVersion = typeof EXEC_API_VERSIONS[number];

/** A user's `exec` as the kubeconfig gives it (checked and with the command's path resolved: config.ts). */
export interface ExecConfig {
  apiVersion: ExecApiVersion;
  /** A name looked up in PATH, or a path (a relative one is relative to the kubeconfig that names it). */
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  /** `Never` or `IfAvailable`: the plugin is never given a terminal. (`Always` is refused by config.ts.) */
  interactiveMode: 'Never' | 'IfAvailable';
  provideClusterInfo: boolean;
  installHint?: string;
}

/** `spec.cluster` of KUBERNETES_EXEC_INFO (given when `provideClusterInfo` is true). */
export interface ExecCluster {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** base64 of the PEM bundle (from `certificate-authority-data` or the file `certificate-authority` names). */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  /** The cluster's `extensions` entry named `client.authentication.k8s.io/exec`. */
  config?: unknown;
}

export interface ExecPluginOptions {
  /** Kill a run that has not exited in this time (default 30 000 ms). */
  timeoutMs?: number;
  /** The environment the plugin inherits (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The clock expiration timestamps are compared with (ms since the epoch; default Date.now). */
  now?: () => number;
  /** The most the plugin may print on stdout (default 1 MiB). */
  maxOutputBytes?: number;
}

export interface ExecCredentials {
  token?: string;
  /** PEM client certificate and key, both or neither. */
  cert?: Buffer;
  key?: Buffer;
  /** `status.expirationTimestamp` in ms since the epoch; undefined: until the server refuses it. */
  expiresAt?: number;
}

export class ExecPluginError extends Error {
  /** What the plugin wrote on stderr (its last 8 KiB), if it ran. */
  readonly stderr: string;

  constructor(message: string, stderr = '') {
    const tail = stderr.trim().slice(-2000);
    super(`logsieve: ${message}${tail ? `; its stderr: ${tail}` : ''}`);
    this.name = 'ExecPluginError';
    this.stderr = stderr;
  }
}

const STDERR_KEPT = 8 * 1024;

/** One user's plugin: runs it when there are no credentials or they expired, else answers from memory. */
export class ExecCredentialPlugin {
  /** How many times the plugin has been started. */
  runs = 0;
  private cached: ExecCredentials | undefined;
  private running: Promise<ExecCredentials> | undefined;
  private readonly now: () => number;

  /** `who` names the plugin in messages (`user "u"`). */
  constructor(readonly exec: ExecConfig, private readonly cluster: ExecCluster | undefined, private readonly who: string,
    private readonly options: ExecPluginOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The credentials to use now: the cached ones until they expire, else a new run's. */
  credentials(): Promise<ExecCredentials> {
    const c = this.cached;
    if (c && !(c.expiresAt !== undefined && this.now() > c.expiresAt)) return Promise.resolve(c);
    if (!this.running) {
      this.running = this.run().then((creds) => {
        this.cached = creds;
        return creds;
      }).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  /** The API server refused `token` (401): the next `credentials()` runs the plugin again, unless it already
   *  has since that token was handed out. */
  invalidate(token: string | undefined): void {
    if (this.cached && this.cached.token === token) this.cached = undefined;
  }

  /** KUBERNETES_EXEC_INFO's value for a run. */
  execInfo(): string {
    const spec: { interactive: boolean; cluster?: ExecCluster } = { interactive: false };
    if (this.exec.provideClusterInfo && this.cluster) spec.cluster = this.cluster;
    return JSON.stringify({ kind: 'ExecCredential', apiVersion: this.exec.apiVersion, spec });
  }

  private run(): Promise<ExecCredentials> {
    const { command, args } = this.exec;
    const name = `exec plugin ${JSON.stringify(command)} (${this.who})`;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const maxOut = this.options.maxOutputBytes ?? 1024 * 1024;
    const env: NodeJS.ProcessEnv = { ...(this.options.env ?? process.env) };
    for (const e of this.exec.env) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = this.execInfo();
    this.runs++;
    return new Promise<ExecCredentials>((resolveRun, rejectRun) => {
      let done = false;
      const out: Buffer[] = [];
      let outBytes = 0;
      let stderr = '';
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      // a plugin that hangs, or that prints without end, is killed; we do not wait for its pipes to close
      // (a child of the plugin may hold them open)
      const finish = (err: ExecPluginError | undefined, creds?: ExecCredentials) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
          rejectRun(err);
        } else {
          resolveRun(creds!);
        }
      };
      const timer = setTimeout(() => finish(new ExecPluginError(`${name} did not finish in ${timeoutMs} ms and was killed`, stderr)), timeoutMs);
      child.stdout!.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > maxOut) finish(new ExecPluginError(`${name} printed more than ${maxOut} bytes`, stderr));
        else out.push(chunk);
      });
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (s: string) => {
        stderr = (stderr + s).slice(-STDERR_KEPT);
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        const hint = err.code === 'ENOENT' && this.exec.installHint ? ` (${this.exec.installHint.trim()})` : '';
        finish(new ExecPluginError(`${name} could not be started: ${err.message}${hint}`, stderr));
      });
      // 'close': the process has exited and its stdout and stderr are read to their end
      child.on('close', (code, signal) => {
        if (done) return;
        if (code !== 0) {
          finish(new ExecPluginError(`${name} failed (${signal ? `killed by ${signal}` : `exit status ${code}`})`, stderr));
          return;
        }
        try {
          finish(undefined, this.parse(Buffer.concat(out).toString('utf8'), name));
        } catch (err) {
          finish(err instanceof ExecPluginError ? err : new ExecPluginError(`${name}: ${(err as Error).message}`, stderr));
        }
      });
    });
  }

  /** The credentials of the ExecCredential the plugin printed, checked as client-go checks them. */
  private parse(stdout: string, name: string): ExecCredentials {
    let doc: { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> | null };
    try {
      doc = JSON.parse(stdout);
    } catch {
      // (not quoted: the output may hold a secret)
      throw new ExecPluginError(`${name} printed ${stdout.trim() ? 'something that is not JSON' : 'nothing'} (an ExecCredential was expected)`);
    }
    if (!doc || typeof doc !== 'object') throw new ExecPluginError(`${name} printed JSON that is not an ExecCredential`);
    if (doc.kind !== 'ExecCredential') throw new ExecPluginError(`${name} printed kind ${JSON.stringify(doc.kind)}, not ExecCredential`);
    if (doc.apiVersion !== this.exec.apiVersion) {
      throw new ExecPluginError(`${name} is configured for ${this.exec.apiVersion} but answered with apiVersion ${JSON.stringify(doc.apiVersion)}`);
    }
    const s = doc.status;
    if (!s || typeof s !== 'object') throw new ExecPluginError(`${name} answered without a status`);
    const text = (k: string): string | undefined => {
      const v = s[k];
      if (v === undefined || v === null || v === '') return undefined;
      if (typeof v !== 'string') throw new ExecPluginError(`${name} answered with a status.${k} that is not a string`);
      return v;
    };
    const token = text('token');
    const cert = text('clientCertificateData');
    const key = text('clientKeyData');
    if (!token && !cert && !key) throw new ExecPluginError(`${name} answered without a token or a client certificate and key`);
    if (Boolean(cert) !== Boolean(key)) throw new ExecPluginError(`${name} answered with a client certificate without its key, or a key without its certificate`);
    const exp = text('expirationTimestamp');
    let expiresAt: number | undefined;
    if (exp !== undefined) {
      expiresAt = Date.parse(exp);
      if (!/^\d{4}-\d\d-\d\dT/.test(exp) || Number.isNaN(expiresAt)) {
        throw new ExecPluginError(`${name} answered with an expirationTimestamp that is not an RFC 3339 time: ${JSON.stringify(exp)}`);
      }
    }
    return {
      token,
      cert: cert === undefined ? undefined : Buffer.from(cert),
      key: key === undefined ? undefined : Buffer.from(key),
      expiresAt,
    };
  }
}
