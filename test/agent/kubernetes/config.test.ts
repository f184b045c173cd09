// Where the API server is and how we authenticate: kubeconfig files written here (current context, CA
// data and file, token and tokenFile, client certificate and key, insecure-skip-tls-verify, merged files,
// JSON), the in-cluster service account from a fake directory (token re-read when it changes), and the
// YAML subset kubeconfigs use. With openssl on the machine, a TLS server checks CA and client certificate.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ApiClient, KubeConfigError, PodCache, inClusterConfig, kubeconfigConfig, resolveClusterConfig,
} from '../../../bindings/agent/kubernetes/index.ts';
import { parseKubeconfigText } from '../../../bindings/agent/kubernetes/kubeconfig-yaml.ts';
import { FakeApiServer, until } from './fake-apiserver.ts';

const dir = mkdtempSync(join(tmpdir(), 'logsieve-kube-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const b64 = (s: string) => Buffer.from(s).toString('base64');
const write = (name: string, text: string) => {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

// as kubectl writes it, with two contexts, a comment and quoting
const KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64('CA-PEM-DATA')}
    server: https://10.0.0.1:6443
  name: prod
- cluster:
    certificate-authority: ca/dev-ca.crt   # relative to this file
    server: "https://dev.example:443/"
    tls-server-name: kubernetes.dev
  name: dev
- cluster:
    insecure-skip-tls-verify: true
    server: https://127.0.0.1:1
  name: lab
contexts:
- context:
    cluster: prod
    user: prod-admin
    namespace: shop
  name: prod
- context:
    cluster: dev
    user: 'dev-user'
  name: dev
- context:
    cluster: lab
    user: lab-user
  name: lab
current-context: prod
kind: Config
preferences: {}
users:
- name: prod-admin
  user:
    client-certificate-data: ${b64('CERT-PEM')}
    client-key-data: ${b64('KEY-PEM')}
- name: dev-user
  user:
    token: "dev-token-123"
- name: lab-user
  user:
    tokenFile: lab-token
`;

describe('kubeconfig', () => {
  write('ca/.keep', '');
  const caDir = join(dir, 'ca');
  writeFileSync(join(caDir, 'dev-ca.crt'), 'DEV-CA-FILE');
  write('lab-token', 'lab-token-1\n');
  const path = write('config', KUBECONFIG);

  it('current context: server, CA data, client certificate and key, namespace', () => {
    const c = kubeconfigConfig({ path });
    expect(c.server).toBe('https://10.0.0.1:6443');
    expect(c.ca?.toString()).toBe('CA-PEM-DATA');
    expect(c.cert?.toString()).toBe('CERT-PEM');
    expect(c.key?.toString()).toBe('KEY-PEM');
    expect(c.namespace).toBe('shop');
    expect(c.insecureSkipTlsVerify).toBe(false);
    expect(c.authorization).toBeUndefined();
    expect(c.source).toMatch(/context prod$/);
  });

  it('another context: CA file relative to the kubeconfig, token, tls-server-name, trailing slash dropped', async () => {
    const c = kubeconfigConfig({ path, context: 'dev' });
    expect(c.server).toBe('https://dev.example:443');
    expect(c.ca?.toString()).toBe('DEV-CA-FILE');
    expect(c.tlsServerName).toBe('kubernetes.dev');
    expect(c.cert).toBeUndefined();
    expect(await c.authorization!()).toBe('Bearer dev-token-123');
  });

  it('insecure-skip-tls-verify and a tokenFile re-read when it changes', async () => {
    const c = kubeconfigConfig({ path, context: 'lab' });
    expect(c.insecureSkipTlsVerify).toBe(true);
    expect(await c.authorization!()).toBe('Bearer lab-token-1');
    write('lab-token', 'lab-token-2');
    expect(await c.authorization!()).toBe('Bearer lab-token-2');
  });

  it('KUBECONFIG with several files merges them, the first to name a thing wins; JSON kubeconfigs', () => {
    const json = write('config.json', JSON.stringify({
      'current-context': 'j',
      contexts: [{ name: 'j', context: { cluster: 'prod', user: 'j-user' } }],
      clusters: [{ name: 'prod', cluster: { server: 'https://shadowed:1' } }],
      users: [{ name: 'j-user', user: { username: 'u', password: 'p' } }],
    }));
    const c = kubeconfigConfig({ env: { KUBECONFIG: [json, join(dir, 'missing'), path].join(delimiter) } });
    expect(c.server).toBe('https://shadowed:1'); // json names `prod` first
    return c.authorization!().then((a) => expect(a).toBe(`Basic ${b64('u:p')}`));
  });

  it('clear errors: unknown context, missing cluster, exec plugins, a lone certificate, unreadable files, bad YAML', () => {
    expect(() => kubeconfigConfig({ path, context: 'nope' })).toThrow(/no context "nope"/);
    const bad = (name: string, text: string) => () => kubeconfigConfig({ path: write(name, text) });
    expect(bad('k1', 'current-context: x\ncontexts:\n- name: x\n  context:\n    cluster: gone\n')).toThrow(/cluster "gone"/);
    expect(bad('k2', `current-context: x
contexts:
- name: x
  context: {cluster: c, user: u}
clusters:
- name: c
  cluster:
    server: https://a
users:
- name: u
  user:
    exec:
      command: aws
      args: ["eks", "get-token"]
`)).toThrow(/exec plugin/);
    expect(bad('k3', `current-context: x
contexts:
- name: x
  context:
    cluster: c
    user: u
clusters:
- name: c
  cluster:
    server: https://a
users:
- name: u
  user:
    client-certificate-data: ${b64('C')}
`)).toThrow(/without its key/);
    expect(bad('k4', 'clusters:\n- name: &a x\n')).toThrow(/line 2/);
    expect(() => kubeconfigConfig({ path: join(dir, 'nothing-here') })).toThrow(/cannot read kubeconfig/);
    expect(() => kubeconfigConfig({ path, context: 'dev', env: {} })).not.toThrow();
  });

  it('the YAML subset: quoting, escapes, comments, compact and indented sequences, flow scalars', () => {
    expect(parseKubeconfigText(`# top
a: "x # not a comment"   # a comment
b: 'it''s'
c: "tab\\tand \\u00e9"
d:
  - 1
  - "two"
  - [x, y]
e:
- k: v
  m:
    n: true
f: ~
h: {a: "1,2", b: c}
g: 'https://h:1/p#frag'
`)).toEqual({
      a: 'x # not a comment', b: "it's", c: 'tab\tand é', d: [1, 'two', ['x', 'y']],
      e: [{ k: 'v', m: { n: true } }], f: null, g: 'https://h:1/p#frag', h: { a: '1,2', b: 'c' },
    });
    // minikube's extensions: plain scalars with commas and colons, nested sequences of mappings
    expect(parseKubeconfigText(`clusters:
- cluster:
    extensions:
    - extension:
        last-update: Mon, 30 Nov 2026 10:00:00 UTC
        provider: minikube.sigs.k8s.io
      name: cluster_info
    server: https://192.168.49.2:8443
  name: minikube
`)).toEqual({ clusters: [{ name: 'minikube', cluster: {
      server: 'https://192.168.49.2:8443',
      extensions: [{ name: 'cluster_info', extension: { 'last-update': 'Mon, 30 Nov 2026 10:00:00 UTC', provider: 'minikube.sigs.k8s.io' } }],
    } }] });
    expect(() => parseKubeconfigText('a: |\n  x\n')).toThrow(/unsupported/);
    expect(() => parseKubeconfigText('a: 1\n---\nb: 2\n')).toThrow(/more than one/);
  });
});

describe('in-cluster', () => {
  const sa = join(dir, 'sa');
  write('sa/.keep', '');
  writeFileSync(join(sa, 'token'), 'tok-1\n');
  writeFileSync(join(sa, 'ca.crt'), 'CLUSTER-CA');
  writeFileSync(join(sa, 'namespace'), 'logging');
  const env = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', LOGSIEVE_SERVICE_ACCOUNT_DIR: sa };

  it('host and port from the environment, CA and namespace from the service-account directory', async () => {
    const c = inClusterConfig({ env });
    expect(c.server).toBe('https://10.96.0.1:443');
    expect(c.ca?.toString()).toBe('CLUSTER-CA');
    expect(c.namespace).toBe('logging');
    expect(await c.authorization!()).toBe('Bearer tok-1');
    expect(inClusterConfig({ env: { ...env, KUBERNETES_SERVICE_HOST: 'fd00::1' } }).server).toBe('https://[fd00::1]:443');
    expect(resolveClusterConfig({ env }).source).toBe('in-cluster');
    expect(resolveClusterConfig({ env, server: 'http://127.0.0.1:8001/' }).server).toBe('http://127.0.0.1:8001');
  });

  it('the token is re-read when kubelet rotates it, and the last good one kept if it cannot be read', async () => {
    const c = inClusterConfig({ env });
    writeFileSync(join(sa, 'token'), 'tok-2');
    expect(await c.authorization!()).toBe('Bearer tok-2');
    rmSync(join(sa, 'token'));
    expect(await c.authorization!()).toBe('Bearer tok-2');
    writeFileSync(join(sa, 'token'), 'tok-3');
  });

  it('a rotated token reaches the server on the next request', async () => {
    const server = await new FakeApiServer().listen();
    server.put(server.pod('a', 'p', 'u1', {}));
    const c = inClusterConfig({ env });
    writeFileSync(join(sa, 'token'), 'first');
    const cache = new PodCache({ client: new ApiClient({ ...c, server: server.url }), nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 50 } }).start();
    try {
      await until(() => server.openWatches === 1, 'a watch');
      writeFileSync(join(sa, 'token'), 'second');
      server.dropWatches();
      await until(() => server.requests.length >= 3, 'a new watch');
      expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer first', 'Bearer first', 'Bearer second']);
    } finally {
      await cache.stop();
      await server.close();
    }
  });

  it('outside a cluster, or without the files: a clear error', () => {
    expect(() => inClusterConfig({ env: {} })).toThrow(/KUBERNETES_SERVICE_HOST/);
    expect(() => inClusterConfig({ env, dir: join(dir, 'no-sa') })).toThrow(/service account/);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('TLS (certificates made with openssl)', () => {
  const t = join(dir, 'tls');
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: t, stdio: 'pipe' });
  const made = () => {
    write('tls/.keep', '');
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
    writeFileSync(join(t, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=apiserver');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=system:node:node-a');
    ssl('x509', '-req', '-in', 'client.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.crt', '-days', '2');
  };

  it('CA file and client certificate from a kubeconfig: the server is verified and knows the client', async () => {
    made();
    const read = (n: string) => readFileSync(join(t, n));
    const server = await new FakeApiServer({ key: read('server.key'), cert: read('server.crt'), ca: read('ca.crt') }).listen();
    server.put(server.pod('a', 'p', 'u1', { tls: 'yes' }));
    const kc = write('tls/kubeconfig', `apiVersion: v1
kind: Config
current-context: tls
contexts:
- context: {cluster: c, user: u}
  name: tls
clusters:
- cluster:
    server: ${server.url}
    certificate-authority: ca.crt
  name: c
users:
- name: u
  user:
    client-certificate-data: ${read('client.crt').toString('base64')}
    client-key: client.key
`);
    const retries: Error[] = [];
    const good = new PodCache({ config: kubeconfigConfig({ path: kc }), nodeName: 'node-a' }).start();
    // without the CA the server is not trusted: retried, never listed
    const untrusted = new PodCache({ config: { server: server.url, source: 'x' }, nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 50 } });
    untrusted.on('retry', (e: Error) => retries.push(e));
    untrusted.start();
    // insecure-skip-tls-verify accepts it
    const insecure = new PodCache({ config: { server: server.url, insecureSkipTlsVerify: true, source: 'x' }, nodeName: 'node-a' }).start();
    try {
      await until(() => good.synced && insecure.synced && retries.length >= 2, 'the TLS lists');
      expect(good.get('a', 'p')?.metadata.labels).toEqual({ tls: 'yes' });
      expect(untrusted.synced).toBe(false);
      expect(retries[0].message).toMatch(/certificate/i);
      expect(server.requests.some((r) => r.clientCN === 'system:node:node-a')).toBe(true);
    } finally {
      await Promise.all([good.stop(), untrusted.stop(), insecure.stop()]);
      await server.close();
    }
  });
});
