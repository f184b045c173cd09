// The command line's metadata and filter options (bindings/cli/options.ts, run.ts): --pods, -l/--selector,
// --query, --grep, --grep-file. Records keep what the filters keep, the summary counts what they dropped, and a
// bad filter or pods file is exit 2 with the position (a caret line under the filter's text).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const records = (stdout: string) => stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l));

describe('logsieve CLI filters', () => {
  it('--pods adds the pods\' labels to the kubernetes map of every record of their files', () => {
    const r = runCli(['-q', '--pods', 'examples/pods.json', 'examples/var/log/pods']);
    expect(r.code).toBe(0);
    const recs = records(r.stdout);
    const apps = new Set(recs.map((x) => x.kubernetes?.labels?.app ?? x.kubernetes?.labels?.['k8s-app']));
    expect(apps).toEqual(new Set(['checkout', 'payments-api', 'kube-dns']));
    for (const x of recs) expect(x.kubernetes.namespace_name).toMatch(/^(shop|kube-system)$/);
  });

  it('-l keeps the records of the pods it selects; the summary says how many were dropped', () => {
    const all = records(runCli(['-q', 'examples/var/log/pods']).stdout).length;
    const r = runCli(['--pods', 'examples/pods.json', '-l', 'app.kubernetes.io/part-of=shop,tier in (web)', 'examples/var/log/pods']);
    expect(r.code).toBe(0);
    const recs = records(r.stdout);
    expect(recs.length).toBeGreaterThan(0);
    expect(new Set(recs.map((x) => x.kubernetes.pod_name))).toEqual(new Set(['checkout-7d9f8b6c5d-x2x4q']));
    const m = /dropped=(\d+) \(selector=(\d+)\)/.exec(r.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + recs.length).toBe(all);
  });

  it('--selector given twice, and a bad selector: exit 2 with the text and a caret under the error', () => {
    const twice = runCli(['-l', 'a', '--selector', 'b', 'examples/']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/given twice/);
    const r = runCli(['-l', 'app in (a', 'examples/']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^logsieve: --selector: .* at position 9$/);
    expect(lines[1]).toBe('app in (a');
    expect(lines[2].indexOf('^')).toBe(9);
  });

  it('--pods with a missing file or bad JSON: exit 2, one message naming the option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsieve-pods-'));
    writeFileSync(join(dir, 'bad.json'), '{"items": [');
    writeFileSync(join(dir, 'wrong.json'), '{"kind": "Nope"}');
    for (const [file, re] of [[join(dir, 'missing.json'), /--pods .*missing\.json: /], [join(dir, 'bad.json'), /not JSON/], [join(dir, 'wrong.json'), /PodList/]] as const) {
      const r = runCli(['--pods', file, 'examples/']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    }
  });
});
