// Discovery (bindings/agent/files/discover.ts, glob.ts): globs, include/exclude, symlinks resolved to their
// targets, each real file once, only regular files; and the Tailer opening new files on its next rescan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Discovery } from '../../../bindings/agent/files/discover.ts';
import { compileGlob } from '../../../bindings/agent/files/glob.ts';
import { Tailer } from '../../../bindings/agent/files/tail.ts';
import { Recorder, scratchDir } from './helpers.ts';

describe('globs', () => {
  const matches = (pattern: string, path: string) => compileGlob(pattern).regexp.test(path);

  it('*, ?, classes, alternatives and ** match as in a shell (with globstar)', () => {
    expect(matches('/var/log/containers/*.log', '/var/log/containers/a_b_c-1.log')).toBe(true);
    expect(matches('/var/log/containers/*.log', '/var/log/containers/sub/a.log')).toBe(false); // * stays in a segment
    expect(matches('/var/log/containers/*.log', '/var/log/containers/a.log.1')).toBe(false);
    expect(matches('/l/?.log', '/l/a.log')).toBe(true);
    expect(matches('/l/?.log', '/l/ab.log')).toBe(false);
    expect(matches('/l/[ab].log', '/l/b.log')).toBe(true);
    expect(matches('/l/[!ab].log', '/l/b.log')).toBe(false);
    expect(matches('/l/[!ab].log', '/l/c.log')).toBe(true);
    expect(matches('/l/{web,api}_*.log', '/l/api_x.log')).toBe(true);
    expect(matches('/l/{web,api}_*.log', '/l/db_x.log')).toBe(false);
    expect(matches('/var/log/pods/**/*.log', '/var/log/pods/ns_p_u/c/0.log')).toBe(true);
    expect(matches('/var/log/pods/**/*.log', '/var/log/pods/0.log')).toBe(true); // ** is zero or more directories
    expect(matches('/var/log/pods/kube-system_*/**', '/var/log/pods/kube-system_dns_1/c/0.log')).toBe(true);
    expect(matches('/l/a.b', '/l/aXb')).toBe(false); // regexp characters are literal
    expect(compileGlob('/var/log/containers/*.log').base).toBe('/var/log/containers');
    expect(compileGlob('/var/log/pods/**/*.log').base).toBe('/var/log/pods');
    expect(compileGlob('/a/b.log').base).toBe('/a');
  });

  it('property: `<dir>/*.log` matches exactly the names in <dir> that end in .log', () => {
    const name = fc.stringMatching(/^[a-z0-9._/-]{0,12}$/);
    fc.assert(
      fc.property(name, (n) => {
        expect(matches('/d/*.log', `/d/${n}`)).toBe(n.endsWith('.log') && !n.includes('/'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('discovery', () => {
  let dir: ReturnType<typeof scratchDir>;
  let tailer: Tailer | undefined;
  afterEach(async () => {
    await tailer?.stop();
    tailer = undefined;
    dir?.remove();
  });

  /** containers/*.log symlinks into pods/<ns>_<pod>_<uid>/<container>/0.log, as kubelet lays them out. */
  function nodeLogs(pods: [ns: string, pod: string, container: string][]): { containers: string; targets: string[] } {
    const containers = join(dir.path, 'containers');
    mkdirSync(containers);
    const targets = pods.map(([ns, pod, container]) => {
      const d = join(dir.path, 'pods', `${ns}_${pod}_uid-${pod}`, container);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, '0.log'), `${ns}/${pod}/${container}\n`);
      symlinkSync(join(d, '0.log'), join(containers, `${pod}_${ns}_${container}-0123.log`));
      return join(d, '0.log');
    });
    return { containers, targets };
  }

  it('symlinks in containers/ are resolved to their pods/ targets; each real file once', async () => {
    dir = scratchDir();
    const { containers, targets } = nodeLogs([['default', 'web', 'app'], ['kube-system', 'dns', 'coredns']]);
    symlinkSync(join(dir.path, 'nowhere.log'), join(containers, 'dangling.log')); // skipped
    const found = await new Discovery({ globs: [join(containers, '*.log'), join(dir.path, 'pods/**/*.log')] }).scan();
    expect(found.map((f) => f.path)).toEqual([targets[1], targets[0]]); // containers/ names sort dns_… first
    expect(found.map((f) => f.route)).toEqual([join(containers, 'dns_kube-system_coredns-0123.log'), join(containers, 'web_default_app-0123.log')]);
  });

  it('include and exclude globs match the path a glob found or its resolved target', async () => {
    dir = scratchDir();
    const { containers, targets } = nodeLogs([['default', 'web', 'app'], ['default', 'api', 'app'], ['kube-system', 'dns', 'coredns']]);
    const globs = [join(containers, '*.log')];
    const paths = async (o: { include?: string[]; exclude?: string[] }) => (await new Discovery({ globs, ...o }).scan()).map((f) => f.path);
    expect(await paths({ exclude: [join(dir.path, 'pods/kube-system_*/**')] })).toEqual([targets[1], targets[0]]); // by target
    expect(await paths({ exclude: [join(containers, 'web_*')] })).toEqual([targets[1], targets[2]]); // by route
    expect(await paths({ include: [join(containers, '{web,dns}_*')] })).toEqual([targets[2], targets[0]]);
    expect(await paths({ include: [join(dir.path, 'pods/default_*/**')], exclude: [join(containers, 'api_*')] })).toEqual([targets[0]]);
  });

  it('only regular files: a FIFO and a directory named *.log are skipped', async () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, 'a.log'), 'a\n');
    execFileSync('mkfifo', [join(dir.path, 'fifo.log')]);
    mkdirSync(join(dir.path, 'dir.log'));
    const found = await new Discovery({ globs: [join(dir.path, '*.log')] }).scan();
    expect(found.map((f) => f.path)).toEqual([join(dir.path, 'a.log')]);
  });

  it('a symlinked directory loop under ** ends', async () => {
    dir = scratchDir();
    mkdirSync(join(dir.path, 'sub'));
    writeFileSync(join(dir.path, 'sub/a.log'), 'a\n');
    symlinkSync('..', join(dir.path, 'sub/up'));
    const found = await new Discovery({ globs: [join(dir.path, '**/*.log')] }).scan();
    expect(found.map((f) => f.path)).toEqual([join(dir.path, 'sub/a.log')]);
  });

  it('a file created after start is opened by the next rescan (within the rescan interval)', async () => {
    dir = scratchDir();
    const { containers } = nodeLogs([['default', 'web', 'app']]);
    tailer = new Tailer({ globs: [join(containers, '*.log')], rescanIntervalMs: 200 });
    const scan = vi.spyOn(tailer, 'scan');
    const rec = new Recorder(tailer);
    await tailer.start();
    expect(rec.opened).toHaveLength(1);
    await rec.until(() => scan.mock.calls.length >= 1, 'the first timed rescan');

    // the pod directory and its symlink appear between two rescans
    const scansBefore = scan.mock.calls.length;
    const d = join(dir.path, 'pods/default_new_uid/app');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, '0.log'), 'new\n');
    symlinkSync(join(d, '0.log'), join(containers, 'new_default_app-0123.log'));
    await rec.until(() => rec.opened.length === 2, 'the new file opened');
    // a rescan under way when the file appeared may have listed the directory already: at most the next one
    expect(scan.mock.calls.length - scansBefore).toBeLessThanOrEqual(2);
    expect(rec.opened[1].file.path).toBe(join(d, '0.log'));
    await rec.until(() => rec.opened[1].chunks.length === 1, 'its bytes');
    expect(rec.bytesOf(rec.opened[1]).toString()).toBe('new\n');
  });
});
