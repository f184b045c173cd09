// The bundled example tree (scripts/make-examples.mjs) contains what it advertises. Expected numbers come from how
// the script writes each file (which malformed lines it plants, which message it splits), not from an oracle run.
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracleRun } from './records.ts';
import { parseRfc3339 } from './time.ts';

const root = join(process.cwd(), 'examples', 'var');
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.log'))
  .map((e) => relative(process.cwd(), join(e.parentPath, e.name)));
const find = (part: string) => files.find((f) => f.includes(part))!;
const dec = new TextDecoder('utf-8', { ignoreBOM: true });
const lineCount = (b: Uint8Array) => b.reduce((n, x) => n + (x === 10 ? 1 : 0), 0) + (b.length > 0 && b[b.length - 1] !== 10 ? 1 : 0);

describe('examples/', () => {
  it('has three pod logs and one Docker json-file log, under 200 KB in total', () => {
    expect(files.filter((f) => f.includes('/var/log/pods/') && f.endsWith('/0.log'))).toHaveLength(3);
    const docker = files.filter((f) => /var\/lib\/docker\/containers\/([0-9a-f]{64})\/\1-json\.log$/.test(f));
    expect(docker).toHaveLength(1);
    const total = files.reduce((n, f) => n + readFileSync(f).length, 0);
    expect(total).toBeLessThan(200_000);
  });

  // [file, format, planted errors in order, pending partial at end of file, has split messages]
  for (const [part, format, errors, partialAtEnd, joins] of [
    ['checkout', 'cri', [], true, true],
    ['payments-api', 'cri', ['bad_timestamp', 'bad_stream', 'missing_tag', 'bad_timestamp'], false, false],
    ['coredns', 'cri', [], false, true],
    ['-json.log', 'docker', ['bad_json', 'bad_stream'], false, true],
  ] as const) {
    it(`${part}: format, planted errors, every line accounted for`, () => {
      const bytes = readFileSync(find(part));
      const rs = oracleRun({ chunks: [bytes] });
      expect(rs.every((r) => r.format === format)).toBe(true);
      expect(rs.filter((r) => r.error).map((r) => r.error)).toEqual(errors);
      expect(rs.reduce((n, r) => n + r.lines, 0)).toBe(lineCount(bytes));
      expect(rs.filter((r) => r.partial).length).toBe(partialAtEnd ? 1 : 0);
      expect(rs.some((r) => r.truncated)).toBe(false);
      // split messages were joined: fewer records than lines
      if (joins) expect(rs.length).toBeLessThan(lineCount(bytes));
      else expect(rs.length).toBe(lineCount(bytes));
      // both streams present
      expect(new Set(rs.map((r) => r.stream))).toContain('stderr');
    });
  }

  it('var/log/containers: one relative kubelet link per pod log, <pod>_<namespace>_<container>-<64 hex>.log', () => {
    const dir = join(root, 'log', 'containers');
    const links = readdirSync(dir).sort();
    expect(links).toHaveLength(3);
    const pods = files.filter((f) => f.includes('/var/log/pods/')).map((f) => realpathSync(f)).sort();
    const targets = links.map((name) => {
      const m = /^([^_]+)_([^_]+)_(.+)-([0-9a-f]{64})\.log$/.exec(name)!;
      expect(m, name).not.toBeNull();
      const [, pod, ns, container] = m;
      const p = join(dir, name);
      expect(lstatSync(p).isSymbolicLink()).toBe(true);
      const target = readlinkSync(p);
      expect(target).toMatch(new RegExp(`^\\.\\./pods/${ns}_${pod}_[0-9a-f-]{36}/${container}/0\\.log$`));
      return realpathSync(p);
    });
    expect(targets.sort()).toEqual(pods);
  });

  it('checkout: the 40 KiB line split in 16 KiB P pieces (inside an emoji) joins back', () => {
    const bytes = readFileSync(find('checkout'));
    const lines = dec.decode(bytes).split('\n');
    expect(lines.filter((l) => / stdout P /.test(l) && l.length > 16384).length).toBe(2);
    const big = oracleRun({ chunks: [bytes] }).find((r) => r.log.length > 40000)!;
    const text = dec.decode(big.log);
    expect(text.slice(16382, 16384)).toBe('🛒');
    expect(text).not.toContain('\ufffd');
    expect(text.startsWith('{"level":"debug","msg":"cart snapshot"')).toBe(true);
  });

  it('coredns: CRI-O timestamps (9 digits, +01:00) and a bare conmon terminator', () => {
    const bytes = readFileSync(find('coredns'));
    const lines = dec.decode(bytes).split('\n').filter((l) => l !== '');
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+01:00 /.test(l))).toBe(true);
    expect(lines.filter((l) => / stdout F$/.test(l))).toHaveLength(1);
    const rs = oracleRun({ chunks: [bytes] });
    expect(rs.map((r) => dec.decode(r.log))).toContain('[INFO] SIGTERM: Shutting down servers then terminating');
    const first = lines[0].split(' ')[0];
    expect(rs[0].time).toBe(parseRfc3339(first));
  });

  it('docker: a 20 KiB message in 16 KiB pieces sharing one time, HTML escapes, attrs', () => {
    const bytes = readFileSync(find('-json.log'));
    const text = dec.decode(bytes);
    expect(text).toContain('\\u003c');
    expect(text).toContain('\\u0026');
    const rs = oracleRun({ chunks: [bytes] });
    const big = rs.find((r) => r.log.length > 20000)!;
    expect(dec.decode(big.log).startsWith('X-Debug-Dump: ')).toBe(true);
    expect(rs.filter((r) => !r.error).every((r) => r.attrs !== undefined)).toBe(true);
    expect(rs.some((r) => dec.decode(r.log).includes('<html>'))).toBe(true);
  });
});
