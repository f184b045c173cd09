// Path metadata (assembly/enrich/path.ts, docs/enrich.md "Paths"): a table of real kubelet / containerd / Docker
// paths, rotated files and near-misses, then fast-check properties against the RegExp oracle
// (test/oracle/enrich.ts), both builds.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePathOracle, SHAPE, type PathMeta } from '../oracle/enrich.ts';
import { BUILDS, Enrich } from './driver.ts';

const ID = '3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899';
const UID = '0c4f4e8a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const STATIC = '5c7f8e9a0b1c2d3e4f5a6b7c8d9e0f1a'; // a static pod's config hash

const pods = (ns: string, pod: string, uid: string, c: string, r: number | string): PathMeta =>
  ({ shape: SHAPE.pods, namespace: ns, pod, podId: uid, container: c, restart: Number(r) });
const containers = (pod: string, ns: string, c: string, id = ID): PathMeta =>
  ({ shape: SHAPE.containers, pod, namespace: ns, container: c, dockerId: id, restart: -1 });
const docker = (id = ID): PathMeta => ({ shape: SHAPE.docker, dockerId: id, restart: -1 });
const none: PathMeta = { shape: SHAPE.none, restart: -1 };

const TABLE: Array<[string, PathMeta]> = [
  // kubelet's /var/log/pods (containerd, CRI-O)
  [`/var/log/pods/default_web-7d9f8b6c5d-x2k4p_${UID}/nginx/0.log`, pods('default', 'web-7d9f8b6c5d-x2k4p', UID, 'nginx', 0)],
  [`/var/log/pods/kube-system_coredns-5d78c9869d-abcde_${UID}/coredns/12.log`, pods('kube-system', 'coredns-5d78c9869d-abcde', UID, 'coredns', 12)],
  [`/var/log/pods/kube-system_kube-apiserver-node1.example.com_${STATIC}/kube-apiserver/3.log`,
    pods('kube-system', 'kube-apiserver-node1.example.com', STATIC, 'kube-apiserver', 3)],
  [`/var/log/pods/default_web-0_${UID}/app/0.log.20260310-081400`, pods('default', 'web-0', UID, 'app', 0)],
  [`/var/log/pods/default_web-0_${UID}/app/1.log.20260310-081400.gz`, pods('default', 'web-0', UID, 'app', 1)],
  [`/var/log/pods/default_web-0_${UID}/istio-proxy/0.log`, pods('default', 'web-0', UID, 'istio-proxy', 0)],
  // copied trees, relative paths, support bundles
  [`./node1/var/log/pods/default_web-0_${UID}/app/0.log`, pods('default', 'web-0', UID, 'app', 0)],
  [`bundle/nodes/n1/logs/pods/default_web-0_${UID}/app/2.log`, pods('default', 'web-0', UID, 'app', 2)],
  [`pods/default_web-0_${UID}/app/0.log`, pods('default', 'web-0', UID, 'app', 0)],
  // /var/log/containers symlinks
  [`/var/log/containers/web-7d9f8b6c5d-x2k4p_default_nginx-${ID}.log`, containers('web-7d9f8b6c5d-x2k4p', 'default', 'nginx')],
  [`/var/log/containers/coredns-5d78c9869d-abcde_kube-system_coredns-${ID}.log`, containers('coredns-5d78c9869d-abcde', 'kube-system', 'coredns')],
  [`/var/log/containers/web-0_prod_istio-proxy-${ID}.log`, containers('web-0', 'prod', 'istio-proxy')],
  [`/var/log/containers/etcd-node1.example.com_kube-system_etcd-${ID}.log`, containers('etcd-node1.example.com', 'kube-system', 'etcd')],
  [`containers/a_b_c-${ID}.log`, containers('a', 'b', 'c')],
  // Docker json-file
  [`/var/lib/docker/containers/${ID}/${ID}-json.log`, docker()],
  [`/var/lib/docker/containers/${ID}/${ID}-json.log.1`, docker()],
  [`/mnt/backup/var/lib/docker/containers/${ID}/${ID}-json.log.12`, docker()],
  // near-misses
  [`/var/log/pods/default_web-0_${UID}/app/0.log.tmp`, none],
  [`/var/log/pods/default_web-0_${UID}/app/0.log.20260310-081400.tmp`, none],
  [`/var/log/pods/default_web-0_${UID}/app/0.log.2026031-081400`, none],
  [`/var/log/pods/default_web-0_${UID}/app/01.log`, none],
  [`/var/log/pods/default_web-0_${UID}/app/x.log`, none],
  [`/var/log/pods/default_web-0_${UID}/app/1234567890.log`, none],
  [`/var/log/pods/default_web_0_${UID}/app/0.log`, none],
  [`/var/log/pods/Default_web-0_${UID}/app/0.log`, none],
  [`/var/log/pods/default_web-0_${UID.toUpperCase()}/app/0.log`, none],
  [`/var/log/pods/default_web-0_${UID.slice(1)}/app/0.log`, none],
  [`/var/log/pods/default_web-0_${UID}/App/0.log`, none],
  [`/var/log/pods/default_web-0_${UID}/app/sub/0.log`, none],
  [`/var/log/xpods/default_web-0_${UID}/app/0.log`, none],
  [`/var/log/pods/default_-web_${UID}/app/0.log`, none],
  [`/var/log/pods/default_web..0_${UID}/app/0.log`, none],
  [`/var/log/pods/${'n'.repeat(64)}_web-0_${UID}/app/0.log`, none],
  [`/var/log/containers/web_0_default_nginx-${ID}.log`, none],
  [`/var/log/containers/web-0_default_nginx-${ID.slice(1)}.log`, none],
  [`/var/log/containers/web-0_default_nginx_${ID}.log`, none],
  [`/var/log/containers/web-0_default_nginx-${ID.toUpperCase()}.log`, none],
  [`/var/log/containers/web-0_default_nginx-${ID}.log.1`, none],
  [`/var/log/containers/web-0_default_-${ID}.log`, none],
  [`/var/log/other/web-0_default_nginx-${ID}.log`, none],
  [`/var/lib/docker/containers/${ID}/${ID.replace('3', '4')}-json.log`, none],
  [`/var/lib/docker/containers/${ID}/${ID}-json.log.`, none],
  [`/var/lib/docker/containers/${ID}/${ID}-json.log.x`, none],
  [`/var/lib/docker/volumes/${ID}/${ID}-json.log`, none],
  ['', none],
  ['/', none],
  ['0.log', none],
];

/** Every log file of the example node tree (examples/var/…) parses with a shape. */
const EXAMPLES = readdirSync(fileURLToPath(new URL('../../examples/var', import.meta.url)), { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => `${d.parentPath ?? d.path}/${d.name}`);

for (const build of BUILDS) {
  describe(`parsePath (${build})`, () => {
    const e = new Enrich(build);
    it.each(TABLE)('%s', (path, want) => {
      expect(e.parsePath(path)).toEqual(want);
      expect(parsePathOracle(path)).toEqual(want);
    });

    it('the example tree: every file parses, and as the oracle parses it', () => {
      expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
      for (const p of EXAMPLES) {
        const got = e.parsePath(p);
        expect(got.shape, p).not.toBe(SHAPE.none);
        expect(got).toEqual(parsePathOracle(p));
      }
    });

    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
    const sub = fc.array(label, { minLength: 1, maxLength: 3 }).map((a) => a.join('.'));
    const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
    const uid = fc.oneof(
      fc.uuid().map((u) => u.toLowerCase()),
      hex(32),
    );
    const prefix = fc.constantFrom('/var/log/', './node1/var/log/', '', 'a/', '/x/var/lib/docker/');
    const rot = fc.constantFrom('', '.20260310-081400', '.20260310-081400.gz');
    const podsPath = fc.tuple(prefix, label, sub, uid, label, fc.nat(99999), rot)
      .map(([pre, ns, pod, u, c, r, s]) => `${pre}pods/${ns}_${pod}_${u}/${c}/${r}.log${s}`);
    const containersPath = fc.tuple(prefix, sub, label, label, hex(64))
      .map(([pre, pod, ns, c, id]) => `${pre}containers/${pod}_${ns}_${c}-${id}.log`);
    const dockerPath = fc.tuple(prefix, hex(64), fc.constantFrom('', '.1', '.25'))
      .map(([pre, id, s]) => `${pre}containers/${id}/${id}-json.log${s}`);
    const valid = fc.oneof(podsPath, containersPath, dockerPath);
    // near-misses: one byte of a valid path deleted, replaced or doubled
    const mutated = fc.tuple(valid, fc.nat(), fc.constantFrom('_', '-', '/', '.', 'A', '0', 'x', '', '\u00e9', '..'), fc.boolean())
      .map(([p, i, ch, insert]) => {
        const k = i % (p.length + 1);
        return insert ? p.slice(0, k) + ch + p.slice(k) : p.slice(0, k) + ch + p.slice(k + 1);
      });

    it('valid generated paths parse as the oracle parses them', () => {
      fc.assert(fc.property(valid, (p) => {
        const got = e.parsePath(p);
        expect(got.shape).not.toBe(SHAPE.none);
        expect(got).toEqual(parsePathOracle(p));
      }), { numRuns: 2000 });
    });

    it('near-misses agree with the oracle', () => {
      fc.assert(fc.property(mutated, (p) => {
        const b = new TextEncoder().encode(p);
        expect(e.parsePath(b)).toEqual(parsePathOracle(b));
      }), { numRuns: 4000 });
    });

    it('arbitrary bytes never trap and agree with the oracle', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(e.parsePath(b)).toEqual(parsePathOracle(b));
      }), { numRuns: 2000 });
    });
  });
}

describe('test-facing exports', () => {
  it('enrich_kube_new refuses a malformed encoding; labels_build marks one with all ones', async () => {
    const { sharedInstance } = await import('../../bindings/node-wasm.ts');
    for (const build of BUILDS) {
      const w = sharedInstance(build);
      const e = w.exports;
      const p = e.regex_alloc(64) >>> 0;
      const u8 = w.u8();
      u8.fill(0, p, p + 64);
      // five absent fields and a restart: 24 bytes
      new DataView(u8.buffer).setUint32(p, 0xffffffff, true);
      for (let i = 0; i < 5; i++) new DataView(w.u8().buffer).setUint32(p + 4 * i, 0xffffffff, true);
      const k = e.enrich_kube_new(p, 24, 0, 0) >>> 0;
      expect(k).not.toBe(0);
      e.enrich_kube_free(k);
      expect(e.enrich_kube_new(p, 23, 0, 0) >>> 0).toBe(0);
      expect(e.enrich_kube_new(p, 25, 0, 0) >>> 0).toBe(0);
      new DataView(w.u8().buffer).setUint32(p, 1000, true);
      expect(e.enrich_kube_new(p, 24, 0, 0) >>> 0).toBe(0);
      expect(e.labels_build(p, 4) >>> 0).toBe(0xffffffff);
      expect(e.labels_build(p, 0) >>> 0).toBe(0);
      e.regex_dealloc(p);
    }
  });
});
