// Kubeconfig `exec` credential plugins, with a small Node script as the plugin (written into a temporary
// directory): what it is given (args, env, the inherited environment, KUBERNETES_EXEC_INFO with and without
// the cluster), the token it prints and how long it is kept (until expirationTimestamp on an injected clock,
// or a 401), failures with their stderr, a plugin that hangs (killed after the timeout), bad answers, the
// kubeconfig checks, and the credentials reaching a local API server (token; with openssl, a client
// certificate that rotates). No timing is asserted; waits are bounded polls.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type KubeconfigOptions, PodCache, kubeconfigConfig } from '../../../bindings/agent/kubernetes/index.ts';
import { FakeApiServer, until } from './fake-apiserver.ts';
import { hasOpenssl, makeCerts } from './tls-certs.ts';

const root = mkdtempSync(join(tmpdir(), 'logsieve-kube-exec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The plugin (CommonJS, so it runs the same as `node plugin.cjs` and as an executable with a #! line). Its
// state directory (PLUGIN_STATE, given through the kubeconfig's `env`) says what to do (`mode`) and records
// each run: the count, KUBERNETES_EXEC_INFO, its argv, an inherited variable and its pid.
const PLUGIN = `
const fs = require('node:fs');
const path = require('node:path');
const state = process.env.PLUGIN_STATE;
const file = (n) => path.join(state, n);
const n = (fs.existsSync(file('runs')) ? Number(fs.readFileSync(file('runs'), 'utf8')) : 0) + 1;
fs.writeFileSync(file('runs'), String(n));
fs.writeFileSync(file('pid'), String(process.pid));
fs.writeFileSync(file('run-' + n + '.json'), JSON.stringify({
  info: JSON.parse(process.env.KUBERNETES_EXEC_INFO), argv: process.argv.slice(2), inherited: process.env.INHERITED ?? null,
}));
const mode = fs.existsSync(file('mode')) ? fs.readFileSync(file('mode'), 'utf8').trim() : 'token';
const apiVersion = JSON.parse(process.env.KUBERNETES_EXEC_INFO).apiVersion;
const answer = (status, extra = {}) => process.stdout.write(JSON.stringify({ apiVersion, kind: 'ExecCredential', status, ...extra }));
switch (mode) {
  case 'token': answer({ token: 'tok-' + n }); break;
  case 'expiring': answer({ token: 'tok-' + n, expirationTimestamp: process.env.PLUGIN_EXPIRES }); break;
  case 'cert': {
    const i = fs.readFileSync(file('cert-index'), 'utf8').trim();
    answer({ clientCertificateData: fs.readFileSync(file('client-' + i + '.crt'), 'utf8'),
      clientKeyData: fs.readFileSync(file('client-' + i + '.key'), 'utf8'), expirationTimestamp: fs.readFileSync(file('expires'), 'utf8') });
    break;
  }
  case 'fail': process.stderr.write('error: the session has expired; run \`cloud login\` again\\n'); process.exit(3); break;
  case 'hang': process.stderr.write('waiting for a browser login...\\n'); setInterval(() => {}, 1000); break;
  case 'not-json': process.stdout.write('token: sekret\\n'); break;
  case 'wrong-version': answer({ token: 'x' }, { apiVersion: 'client.authentication.k8s.io/v1alpha1' }); break;
  case 'no-credentials': answer({ expirationTimestamp: '2030-01-01T00:00:00Z' }); break;
  case 'lone-cert': answer({ clientCertificateData: 'CERT' }); break;
  case 'bad-time': answer({ token: 'x', expirationTimestamp: 'tomorrow' }); break;
}
`;

let cases = 0;

/** A directory with the plugin script, its state directory and a kubeconfig using `exec`. */
function setup(exec: string, opts: { server?: string; user?: string; cluster?: string } = {}) {
  const dir = join(root, `case-${++cases}`);
  const state = join(dir, 'state');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(state);
  writeFileSync(join(dir, 'plugin.cjs'), PLUGIN);
  writeFileSync(join(dir, 'bin', 'plugin'), `#!${process.execPath}\n${PLUGIN}`);
  chmodSync(join(dir, 'bin', 'plugin'), 0o755);
  const path = join(dir, 'kubeconfig');
  writeFileSync(path, `apiVersion: v1
kind: Config
current-context: x
contexts:
- name: x
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster:
    server: ${opts.server ?? 'https://10.0.0.1:6443'}
${opts.cluster ?? ''}users:
- name: u
  user:
${opts.user ?? ''}    exec:
${exec.replace(/^/gm, '      ').replaceAll('$DIR', dir).replaceAll('$STATE', state).replaceAll('$NODE', process.execPath)}
`);
  const mode = (m: string) => writeFileSync(join(state, 'mode'), m);
  const runs = () => (existsSync(join(state, 'runs')) ? Number(readFileSync(join(state, 'runs'), 'utf8')) : 0);
  const run = (n: number) => JSON.parse(readFileSync(join(state, `run-${n}.json`), 'utf8')) as { info: any; argv: string[]; inherited: string | null };
  return { dir, state, path, mode, runs, run };
}

const V1 = `apiVersion: client.authentication.k8s.io/v1
command: $NODE
args: [$DIR/plugin.cjs, get-token, --cluster, "prod"]
env:
- {name: PLUGIN_STATE, value: $STATE}
- {name: PLUGIN_EXPIRES, value: "2030-01-01T00:00:00Z"}
interactiveMode: Never`;

const EXPIRES = Date.parse('2030-01-01T00:00:00Z');

describe('exec credential plugins', () => {
  it('v1: runs the command with its args and env over the inherited environment; the token is kept (no expiry)', async () => {
    const t = setup(V1);
    const c = kubeconfigConfig({ path: t.path, env: { ...process.env, INHERITED: 'yes', PLUGIN_STATE: 'overridden by env' } });
    expect(t.runs()).toBe(0); // nothing runs until a request needs credentials
    expect(await c.authorization!()).toBe('Bearer tok-1');
    expect(await c.authorization!()).toBe('Bearer tok-1');
    expect(await c.clientCertificate!()).toBeUndefined();
    expect(t.runs()).toBe(1);
    const r = t.run(1);
    expect(r.argv).toEqual(['get-token', '--cluster', 'prod']);
    expect(r.inherited).toBe('yes');
    // no provideClusterInfo: no cluster
    expect(r.info).toEqual({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', spec: { interactive: false } });
  });

  it('v1beta1 with provideClusterInfo: KUBERNETES_EXEC_INFO carries the cluster; a relative command is relative to the kubeconfig', async () => {
    const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
    const t = setup(`apiVersion: client.authentication.k8s.io/v1beta1
command: ./bin/plugin
env: [{name: PLUGIN_STATE, value: $STATE}]
provideClusterInfo: true`, {
      cluster: `    certificate-authority-data: ${ca.toString('base64')}
    tls-server-name: api.internal
    extensions:
    - name: client.authentication.k8s.io/exec
      extension: {audience: logsieve, region: eu-1}
    - name: other
      extension: {x: y}
`,
    });
    const c = kubeconfigConfig({ path: t.path, env: {} });
    expect(await c.authorization!()).toBe('Bearer tok-1');
    expect(t.run(1).info).toEqual({
      kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://10.0.0.1:6443', 'tls-server-name': 'api.internal', 'certificate-authority-data': ca.toString('base64'),
          config: { audience: 'logsieve', region: 'eu-1' },
        },
      },
    });
  });

  it('expirationTimestamp: kept until it passes (an injected clock), then the plugin runs again; concurrent callers share a run', async () => {
    const t = setup(V1);
    t.mode('expiring');
    let now = EXPIRES - 60_000;
    const c = kubeconfigConfig({ path: t.path, exec: { now: () => now } });
    expect(await c.authorization!()).toBe('Bearer tok-1');
    now = EXPIRES; // not after it yet
    expect(await c.authorization!()).toBe('Bearer tok-1');
    expect(t.runs()).toBe(1);
    now = EXPIRES + 1;
    expect(await Promise.all([c.authorization!(), c.authorization!(), c.clientCertificate!(), c.authorization!()]))
      .toEqual(['Bearer tok-2', 'Bearer tok-2', undefined, 'Bearer tok-2']);
    expect(t.runs()).toBe(2);
  });

  it('a 401 with the token makes the next request run the plugin again; a 401 with an older token does not', async () => {
    const t = setup(V1);
    const c = kubeconfigConfig({ path: t.path });
    expect(await c.authorization!()).toBe('Bearer tok-1');
    c.unauthorized!('Bearer tok-1');
    expect(await c.authorization!()).toBe('Bearer tok-2');
    c.unauthorized!('Bearer tok-1'); // a request made before the refresh
    expect(await c.authorization!()).toBe('Bearer tok-2');
    expect(t.runs()).toBe(2);
  });

  it('a failing plugin: its exit status and stderr in the error; the next request tries again', async () => {
    const t = setup(V1);
    t.mode('fail');
    const c = kubeconfigConfig({ path: t.path });
    const err = await c.authorization!().then(() => undefined, (e: Error) => e);
    expect(err?.name).toBe('ExecPluginError');
    expect(err?.message).toMatch(/exec plugin ".*node.*" \(user "u"\) failed \(exit status 3\); its stderr: error: the session has expired; run `cloud login` again$/);
    t.mode('token');
    expect(await c.authorization!()).toBe('Bearer tok-2');
  });

  it('a plugin that does not finish is killed after the timeout, with what it said', async () => {
    const t = setup(V1);
    t.mode('hang');
    const c = kubeconfigConfig({ path: t.path, exec: { timeoutMs: 1_000 } });
    await expect(c.authorization!()).rejects.toThrow(/did not finish in 1000 ms and was killed/);
    // the process is gone (if it got as far as saying who it was before the timeout)
    if (existsSync(join(t.state, 'pid'))) {
      const pid = Number(readFileSync(join(t.state, 'pid'), 'utf8'));
      await until(() => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 'the plugin to be killed');
    }
  });

  it('bad answers: not JSON (not quoted), another apiVersion, no credentials, a lone certificate, a bad timestamp; a missing command with its installHint', async () => {
    const t = setup(V1);
    const c = kubeconfigConfig({ path: t.path });
    const failure = async (mode: string) => {
      t.mode(mode);
      return c.authorization!().then(() => 'no error', (e: Error) => e.message);
    };
    const notJson = await failure('not-json');
    expect(notJson).toMatch(/printed something that is not JSON/);
    expect(notJson).not.toMatch(/sekret/);
    expect(await failure('wrong-version')).toMatch(/configured for client.authentication.k8s.io\/v1 but answered with apiVersion "client.authentication.k8s.io\/v1alpha1"/);
    expect(await failure('no-credentials')).toMatch(/without a token or a client certificate and key/);
    expect(await failure('lone-cert')).toMatch(/certificate without its key/);
    expect(await failure('bad-time')).toMatch(/expirationTimestamp that is not an RFC 3339 time: "tomorrow"/);

    const missing = setup(`apiVersion: client.authentication.k8s.io/v1
command: logsieve-no-such-plugin
interactiveMode: IfAvailable
installHint: install it with \`brew install no-such-plugin\``);
    await expect(kubeconfigConfig({ path: missing.path }).authorization!())
      .rejects.toThrow(/exec plugin "logsieve-no-such-plugin" \(user "u"\) could not be started: .*ENOENT \(install it with `brew install no-such-plugin`\)/);
  });

  it('kubeconfig checks: apiVersion, command, interactiveMode, env; a token or certificate is used before the plugin', async () => {
    const bad = (exec: string) => () => kubeconfigConfig({ path: setup(exec).path });
    expect(bad('command: aws\nargs: [eks, get-token]')).toThrow(/kubeconfig .*: user "u": exec has no apiVersion/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1alpha1\ncommand: aws')).toThrow(/v1alpha1 was removed/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1\ninteractiveMode: Never')).toThrow(/exec has no command/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1\ncommand: aws')).toThrow(/needs an interactiveMode/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1\ncommand: aws\ninteractiveMode: Always')).toThrow(/interactiveMode Always .* without one/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1\ncommand: aws\ninteractiveMode: Sometimes')).toThrow(/"Sometimes" is not Never/);
    expect(bad('apiVersion: client.authentication.k8s.io/v1beta1\ncommand: aws\nenv: [{name: A}]')).toThrow(/env\[0\] needs a name and a value/);
    // `env: null` and `args: null`, as some tools write them, are empty lists
    expect(bad('apiVersion: client.authentication.k8s.io/v1beta1\ncommand: aws\nargs: null\nenv: null')).not.toThrow();

    const withToken = setup(V1, { user: '    token: static\n' });
    expect(await kubeconfigConfig({ path: withToken.path }).authorization!()).toBe('Bearer static');
    expect(withToken.runs()).toBe(0);
  });

  it('the token reaches the API server; a 401 after the server changes its token gets a new one and the watch resumes', async () => {
    const server = await new FakeApiServer().listen();
    server.token = 'tok-1';
    server.put(server.pod('a', 'p', 'u1', { app: 'x' }));
    const t = setup(V1, { server: server.url });
    const cache = new PodCache({ config: kubeconfigConfig({ path: t.path }), nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 50 } }).start();
    try {
      await until(() => cache.synced && server.openWatches === 1, 'the list and a watch');
      expect(t.runs()).toBe(1);
      server.token = 'tok-2'; // the plugin's next run prints tok-2
      server.dropWatches();
      await until(() => server.openWatches === 1 && server.requests.some((r) => r.headers.authorization === 'Bearer tok-2'), 'a watch with the new token');
      expect(t.runs()).toBe(2);
      const auths = server.requests.map((r) => r.headers.authorization);
      expect(auths.slice(0, 3)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']); // list, watch, the refused watch
      expect(auths.at(-1)).toBe('Bearer tok-2');
      expect(server.requests.filter((r) => !r.watch)).toHaveLength(1); // resumed, not listed again
    } finally {
      await cache.stop();
      await server.close();
    }
  });
});

describe.skipIf(!hasOpenssl())('exec plugin client certificates (made with openssl)', () => {
  it('the plugin\'s certificate authenticates; when it expires, the new one is used for the next connections', async () => {
    const t = setup(V1.replace('interactiveMode: Never', 'interactiveMode: Never\nprovideClusterInfo: true'));
    const certs = makeCerts(t.state, ['system:node:node-a', 'system:node:node-b']);
    t.mode('cert');
    writeFileSync(join(t.state, 'cert-index'), '0');
    writeFileSync(join(t.state, 'expires'), '2030-01-01T00:00:00Z');
    const server = await new FakeApiServer({ key: certs.serverKey, cert: certs.serverCert, ca: certs.ca }).listen();
    server.put(server.pod('a', 'p', 'u1', {}));
    // the kubeconfig points at the TLS server with its CA
    const kc = readFileSync(t.path, 'utf8').replace('server: https://10.0.0.1:6443', `server: ${server.url}\n    certificate-authority: state/ca.crt`);
    writeFileSync(t.path, kc);
    let now = EXPIRES - 60_000;
    const config = kubeconfigConfig({ path: t.path, exec: { now: () => now } } satisfies KubeconfigOptions);
    const cache = new PodCache({ config, nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 50 } }).start();
    try {
      await until(() => cache.synced && server.openWatches === 1, 'the list and a watch over TLS');
      expect(server.requests.map((r) => r.clientCN)).toEqual(['system:node:node-a', 'system:node:node-a']);
      expect(t.run(1).info.spec.cluster['certificate-authority-data']).toBe(certs.ca.toString('base64'));
      writeFileSync(join(t.state, 'cert-index'), '1');
      writeFileSync(join(t.state, 'expires'), '2030-01-01T01:00:00Z');
      now = EXPIRES + 1;
      server.dropWatches();
      await until(() => server.openWatches === 1 && server.requests.some((r) => r.clientCN === 'system:node:node-b'), 'a watch with the new certificate');
      expect(t.runs()).toBe(2);
      expect(server.requests.at(-1)?.clientCN).toBe('system:node:node-b');
    } finally {
      await cache.stop();
      await server.close();
    }
  });
});
