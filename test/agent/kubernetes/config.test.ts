// Where the API server is and how we authenticate: kubeconfig files written here (current context, CA
// data and file, token and tokenFile, client certificate and key, insecure-skip-tls-verify, merged files,
// JSON), the in-cluster service account from a fake directory (token re-read when it changes), and what the
// `yaml` package makes of kubeconfig text. With openssl on the machine, a TLS server checks CA and client
// certificate. (Exec credential plugins: exec.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ApiClient, KubeConfigError, PodCache, inClusterConfig, kubeconfigConfig, resolveClusterConfig,
} from '../../../bindings/agent/kubernetes/index.ts';
import { KubeconfigSyntaxError, parseKubeconfigText } from '../../../bindings/agent/kubernetes/kubeconfig-yaml.ts';
import { FakeApiServer, until } from './fake-apiserver.ts';
import { hasOpenssl, makeCerts } from './tls-certs.ts';

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

  it('clear errors name the file and what is missing: context, cluster, user, server, key, unreadable files', () => {
    expect(() => kubeconfigConfig({ path, context: 'nope' })).toThrow(`kubeconfig ${path}: no context "nope"`);
    const bad = (name: string, text: string) => () => kubeconfigConfig({ path: write(name, text) });
    const k1 = join(dir, 'k1');
    expect(bad('k1', 'current-context: x\ncontexts:\n- name: x\n  context:\n    cluster: gone\n'))
      .toThrow(`kubeconfig ${k1}: context "x" names cluster "gone", which kubeconfig ${k1} does not define`);
    expect(bad('k1b', 'contexts:\n- name: x\n  context: {cluster: c}\n')).toThrow(/k1b: no current-context/);
    expect(bad('k1c', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c, user: who}\nclusters:\n- name: c\n  cluster: {server: "https://a"}\n'))
      .toThrow(/k1c: context "x" names user "who", which .* does not define/);
    expect(bad('k1d', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {}\n'))
      .toThrow(/k1d: cluster "c" has no server/);
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
`)).toThrow(/k3: user "u" has a client certificate without its key/);
    expect(bad('k5', 'current-context: x\ncontexts:\n- name: x\n  context: {cluster: c}\nclusters:\n- name: c\n  cluster: {server: "https://a", certificate-authority: no-such-ca.crt}\n'))
      .toThrow(/k5: cluster "c": cannot read certificate-authority .*no-such-ca\.crt/);
    expect(bad('k6', '- just\n- a list\n')).toThrow(/k6: not a kubeconfig/);
    expect(() => kubeconfigConfig({ path: join(dir, 'nothing-here') })).toThrow(/cannot read kubeconfig/);
    expect(() => kubeconfigConfig({ path, context: 'dev', env: {} })).not.toThrow();
  });

  it('YAML syntax errors: the file, line and column, and what is wrong', () => {
    const bad = (name: string, text: string) => () => kubeconfigConfig({ path: write(name, text) });
    expect(bad('y1', 'clusters:\n- name: "x\n')).toThrow(new RegExp(`kubeconfig ${join(dir, 'y1')}:3:1: Missing closing "quote$`));
    expect(bad('y2', 'users:\n  - name: a\n - name: b\n')).toThrow(/y2:3:\d+: /);
    expect(bad('y3', 'current-context: a\n---\ncurrent-context: b\n')).toThrow(/y3:2:1: Source contains multiple documents/);
    expect(bad('y4', 'users:\n\t- name: a\n')).toThrow(/y4:2:1: Tabs are not allowed as indentation/);
    expect(bad('y5', '{"current-context": "a",\n "users": [}\n')).toThrow(/y5:2:\d+: /);
  });

  it('auth-provider is refused with what to use instead', () => {
    const p = write('ap', `current-context: x
contexts: [{name: x, context: {cluster: c, user: u}}]
clusters: [{name: c, cluster: {server: "https://a"}}]
users:
- name: u
  user:
    auth-provider:
      name: gcp
      config: {cmd-path: /usr/bin/gcloud}
`);
    expect(() => kubeconfigConfig({ path: p })).toThrow(/ap: user "u" authenticates with auth-provider "gcp", which is deprecated .* use its exec credential plugin/);
  });

  it('kubeconfig text through `yaml`: quoting, comments, anchors, block scalars; numbers keep their text', () => {
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
g: 'https://h:1/p#frag'
h: {a: "1,2", b: c}
password: 0012
token: 123456.1234567890123456
hex: 0x1F
no: false
empty:
`)).toEqual({
      a: 'x # not a comment', b: "it's", c: 'tab\tand é', d: ['1', 'two', ['x', 'y']],
      e: [{ k: 'v', m: { n: true } }], f: null, g: 'https://h:1/p#frag', h: { a: '1,2', b: 'c' },
      password: '0012', token: '123456.1234567890123456', hex: '0x1F', no: false, empty: null,
    });
    // what the old hand-written reader refused: anchors and aliases, block scalars, tags
    expect(parseKubeconfigText('base: &b {server: "https://a"}\nclusters:\n- name: x\n  cluster: *b\nnote: |\n  two\n  lines\ns: !!str 12\n'))
      .toEqual({ base: { server: 'https://a' }, clusters: [{ name: 'x', cluster: { server: 'https://a' } }], note: 'two\nlines\n', s: '12' });
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
    expect(parseKubeconfigText('')).toBeNull();
    expect(parseKubeconfigText('{"a": [1, true, null]}')).toEqual({ a: ['1', true, null] });
    // an alias bomb is stopped
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) bomb.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10).fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`).join(', ')}]`);
    expect(() => parseKubeconfigText(bomb.join('\n'))).toThrow(KubeconfigSyntaxError);
    // a repeated key: the last wins, as kubectl reads it
    expect(parseKubeconfigText('a: 1\na: 2\n')).toEqual({ a: '2' });
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

describe.skipIf(!hasOpenssl())('TLS (certificates made with openssl)', () => {
  it('CA file and client certificate from a kubeconfig: the server is verified and knows the client', async () => {
    const c = makeCerts(join(dir, 'tls'), ['system:node:node-a']);
    const server = await new FakeApiServer({ key: c.serverKey, cert: c.serverCert, ca: c.ca }).listen();
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
    client-certificate-data: ${c.clients[0].cert.toString('base64')}
    client-key: client-0.key
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
