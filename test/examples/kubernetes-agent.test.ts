// examples/kubernetes/agent/: the manifests parse, the DaemonSet mounts what the agent reads and writes, RBAC
// grants exactly get/list/watch on pods, the ConfigMap's agent.yaml passes the agent's own parser, and the
// Dockerfile builds on node:20-slim with the package inside. Not run against a cluster.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseAgentArgs } from '../../bindings/cli/agent.ts';

const DIR = join(__dirname, '..', '..', 'examples', 'kubernetes', 'agent');
const docs = (name: string) => parseAllDocuments(readFileSync(join(DIR, name), 'utf8')).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as any;
});

describe('examples/kubernetes/agent', () => {
  const [ds] = docs('daemonset.yaml');
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];

  it('the DaemonSet reads /var/log read-only, keeps checkpoints on the node, watches its own node\'s pods', () => {
    expect(ds.kind).toBe('DaemonSet');
    const vol = (name: string) => pod.volumes.find((v: any) => v.name === name);
    const mount = (name: string) => c.volumeMounts.find((m: any) => m.name === name);
    expect(vol('varlog').hostPath.path).toBe('/var/log');
    expect(mount('varlog')).toMatchObject({ mountPath: '/var/log', readOnly: true });
    expect(vol('checkpoints').hostPath).toMatchObject({ path: '/var/lib/logsieve', type: 'DirectoryOrCreate' });
    expect(mount('checkpoints').mountPath).toBe('/var/lib/logsieve');
    expect(mount('checkpoints').readOnly).toBeFalsy();
    expect(c.env.find((e: any) => e.name === 'NODE_NAME').valueFrom.fieldRef.fieldPath).toBe('spec.nodeName');
    expect(c.resources.requests).toHaveProperty('cpu');
    expect(c.resources.requests).toHaveProperty('memory');
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(pod.serviceAccountName).toBe('logsieve');
  });

  it('RBAC: get, list and watch on pods, bound to the ServiceAccount the DaemonSet uses', () => {
    const all = docs('rbac.yaml');
    const role = all.find((d) => d.kind === 'ClusterRole');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = all.find((d) => d.kind === 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe(role.metadata.name);
    expect(binding.subjects[0]).toMatchObject({ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: ds.metadata.namespace });
  });

  it('the ConfigMap\'s agent.yaml passes the agent\'s parser, and its checkpoint dir is the mounted one', () => {
    const [cm] = docs('configmap.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'logsieve-k8s-'));
    try {
      const file = join(dir, 'agent.yaml');
      writeFileSync(file, cm.data['agent.yaml']);
      const cmd = parseAgentArgs(['--config', file], { NODE_NAME: 'node-1' });
      if (cmd === 'help') throw new Error('help');
      expect(cmd.options.checkpointDir).toBe('/var/lib/logsieve');
      expect(cmd.options.outputs[0].spec).toMatch(/^loki:/);
      expect(cmd.metricsHost).toBe('0.0.0.0');
      expect(cmd.metricsPort).toBe(c.ports[0].containerPort);
      expect(pod.volumes.find((v: any) => v.name === 'config').configMap.name).toBe(cm.metadata.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Dockerfile: node:20-slim, the packed package installed, logsieve agent as entrypoint', () => {
    const text = readFileSync(join(DIR, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/^FROM node:20-slim$/m);
    expect(text).toMatch(/npm install --global --omit=dev \/tmp\/logsieve-\*\.tgz/);
    expect(text).toMatch(/^ENTRYPOINT \["logsieve", "agent"\]$/m);
  });
});
