// The Fluent Bit module (dist/logsieve-fluent-bit.wasm) inside a real Fluent Bit with its wasm filter, found through
// $FLUENT_BIT or `fluent-bit` on PATH (build one by hand, outside the repository: -DFLB_WASM=On). Without one these
// tests are skipped, loudly. Fluent Bit runs from the repository root (or a scratch directory) on the example
// configurations or temporary ones, prints json_lines on stdout, and is stopped at the end of each run.
// Every test runs twice when a wamrc is at hand (WAMRC or PATH): with the .wasm (WAMR's interpreter) and with the
// module compiled ahead of time as the build compiles the shipped AOT file (scripts/aot.mjs); without wamrc the
// AOT round is skipped, loudly.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MODULE, byFile, classicConfig, cliRecords, fileDiffs, findFluentBit, fluentBitProblem, recordDiffs, root, runFluentBit, scratchDir } from './run-fluent-bit.ts';
import { seeded } from '../helpers/seeded.ts';
import { AOT_MAGIC, compileAot, findWamrc } from '../../scripts/aot.mjs';

const FLUENT_BIT = findFluentBit();
const PROBLEM = FLUENT_BIT === undefined ? 'no Fluent Bit (set FLUENT_BIT=/path/to/fluent-bit or put fluent-bit on PATH)' : fluentBitProblem(FLUENT_BIT);
const WASM = PROBLEM === '';
if (!WASM) console.warn(`\n*** SKIPPED: ${PROBLEM}: the tests of the module inside a real Fluent Bit did not run ***\n`);
const WAMRC = findWamrc();
if (WASM && !WAMRC) console.warn('\n*** SKIPPED: no wamrc (set WAMRC=/path/to/wamrc or put wamrc on PATH): the module compiled ahead of time was not tried in Fluent Bit ***\n');
/** The module builds each test runs with: the .wasm, and the AOT compile of it when a wamrc is at hand. */
const KINDS = WAMRC ? ['wasm', 'aot'] : ['wasm'];

// a Fluent Bit named explicitly must be usable: a typo in FLUENT_BIT fails instead of skipping quietly
describe.runIf(process.env.FLUENT_BIT)('FLUENT_BIT', () => {
  it('names a Fluent Bit that runs and has the wasm filter', () => {
    expect(PROBLEM).toBe('');
  });
});

const CONTAINERS = 'examples/var/log/containers';
const containerLogs = () => readdirSync(join(root, CONTAINERS)).filter((n) => n.endsWith('.log')).sort().map((n) => `${CONTAINERS}/${n}`);
const dockerLogs = () => {
  const dir = 'examples/var/lib/docker/containers';
  return readdirSync(join(root, dir)).flatMap((id) => readdirSync(join(root, dir, id)).filter((n) => n.endsWith('-json.log')).map((n) => `${dir}/${id}/${n}`)).sort();
};
const isTick = (r: any) => r.logsieve === 'tick';
const notTicks = (rs: any[]) => rs.filter((r) => !isTick(r));
const hex64 = (s: string) => createHash('sha256').update(s).digest('hex');

/** What went wrong, for a failed expectation: Fluent Bit's stderr tail and stdout noise. */
const context = (run: { stderr: string; noise: string[] }) => {
  const log = run.stderr.split('\n').filter((l) => /\[(error|warn|logsieve)|logsieve|wasm|signal/i.test(l));
  return `Fluent Bit's errors and warnings:\n${log.slice(-30).join('\n')}\nstdout noise:\n${run.noise.slice(0, 10).join('\n').slice(0, 2000)}`;
};

describe.skipIf(!WASM).each(KINDS)(`real Fluent Bit (${FLUENT_BIT ?? 'none'}), module %s`, (kind) => {
  const bin = FLUENT_BIT!;
  let dir: ReturnType<typeof scratchDir> | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });
  // the module file Wasm_Path names: dist's .wasm, or its AOT compile in a directory of this round's own
  let modulePath = join(root, MODULE);
  let aotDir = '';
  beforeAll(() => {
    if (kind !== 'aot' || !existsSync(join(root, MODULE))) return;
    aotDir = mkdtempSync(join(tmpdir(), 'logsieve-aot-'));
    modulePath = join(aotDir, 'logsieve-fluent-bit.aot');
    compileAot(WAMRC!, join(root, MODULE), modulePath);
    expect([...readFileSync(modulePath).subarray(0, 4)], 'an AOT file, not a .wasm').toEqual(AOT_MAGIC);
  });
  afterAll(() => {
    if (aotDir) rmSync(aotDir, { recursive: true, force: true });
  });
  /** classicConfig naming this round's module. */
  const moduleConfig = (parts: Parameters<typeof classicConfig>[0]) => classicConfig({ module: modulePath, ...parts });
  /** An example configuration (under examples/fluent-bit/) as this round runs it: as written for the .wasm, a copy
   *  naming the AOT file otherwise (relative paths in it stay relative to the repository root, Fluent Bit's cwd). */
  const example = (name: string): string => {
    if (kind === 'wasm') return `examples/fluent-bit/${name}`;
    const text = readFileSync(join(root, 'examples/fluent-bit', name), 'utf8');
    const swapped = text.replace(/^(\s+(?:Wasm_Path|wasm_path:)\s+)dist\/logsieve-fluent-bit\.wasm$/m, `$1${modulePath}`);
    expect(swapped, `${name} names dist/logsieve-fluent-bit.wasm`).not.toBe(text);
    const copy = join(aotDir, name);
    writeFileSync(copy, swapped);
    return copy;
  };

  it('the module has been built', () => {
    expect(existsSync(join(root, MODULE)), `${MODULE}: run npm run build`).toBe(true);
  });

  // (a) the quick start, as written: records identical to the CLI's --multiline all for the same files
  it.each(['fluent-bit.conf', 'fluent-bit.yaml'])('examples/fluent-bit/%s: the same records as the CLI (--multiline all), per file, in order', async (name) => {
    const files = containerLogs();
    expect(files).toHaveLength(3);
    const want = byFile(cliRecords(['--multiline', 'all', ...files]));
    // One byte is lost on the way in, by Fluent Bit: its JSON encoder (flb_utils_write_str) drops the first byte
    // of a UTF-8 sequence cut by the end of a string. The checkout pod's 40 KiB line is split by containerd
    // inside a 🛒 (F0 9F | 9B 92): the module gets 9F 9B 92 and the join cannot give back the F0, so that record
    // has three U+FFFD where the CLI, reading the file, has the 🛒. Every other record is the CLI's.
    const checkout = [...want.keys()].find((f) => f.includes('checkout'))!;
    const cut = want.get(checkout)!.findIndex((r) => r.log.length > 40_000 && r.log.includes('🛒'));
    expect(cut).toBeGreaterThanOrEqual(0);
    want.get(checkout)![cut] = { ...want.get(checkout)![cut], log: want.get(checkout)![cut].log.replace('🛒', '\ufffd\ufffd\ufffd') };
    const total = [...want.values()].reduce((n, rs) => n + rs.length, 0);
    const run = await runFluentBit(bin, example(name), {
      // the last traces come out with the ticks (idleMs 3 s), the checkout pod's last piece (a P line the file
      // ends with, released flagged "partial" as the CLI does at the end of the file) when its tag has been idle
      // for tagIdleMs (5 s in examples/fluent-bit/logsieve.json)
      until: (rs) => notTicks(rs).length >= total,
      timeoutMs: 40_000,
      settleMs: 1_500,
    });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(run.records.filter(isTick), 'tick records never come out').toEqual([]);
    expect(fileDiffs(byFile(run.records), want), context(run)).toEqual([]);
  });

  // (a') pipeline (b) as written: Fluent Bit's multiline.parser cri joins the pieces (by its own rules: it does not
  // keep streams apart, so its records are not the CLI's), the module groups the traces. Every record has the
  // record schema with the file and pod from the tag, and the payments pod's Java trace is one record, the CLI's.
  it('examples/fluent-bit/fluent-bit-parsed.conf: records Fluent Bit parsed, traces grouped by the module', async () => {
    const files = containerLogs();
    const want = byFile(cliRecords(['--multiline', 'all', ...files]));
    const payments = files.find((f) => f.includes('payments-api'))!;
    const trace = want.get(payments)!.find((r) => r.multiline === 'java');
    expect(trace.logLines).toBeGreaterThan(10);
    const run = await runFluentBit(bin, example('fluent-bit-parsed.conf'), {
      until: (rs) => rs.some((r) => r.multiline === 'java' && r.file === payments),
      timeoutMs: 40_000,
      settleMs: 1_500,
    });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(run.records.filter(isTick)).toEqual([]);
    const got = byFile(run.records);
    expect([...got.keys()].sort()).toEqual(files);
    for (const r of run.records) {
      expect(r.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(['stdout', 'stderr', 'unknown']).toContain(r.stream);
      expect(typeof r.log).toBe('string');
      expect(r.kubernetes).toEqual(want.get(r.file)![0].kubernetes);
    }
    const { file: _f, ...traceRest } = trace;
    expect(got.get(payments)!.filter((r) => r.multiline === 'java').map(({ file: _g, ...rest }) => rest)).toEqual([traceRest]);
  });

  // The DaemonSet's configuration (examples/kubernetes/fluent-bit/configmap.yaml), run outside a cluster: the node's
  // /var/log/containers is a scratch directory linking to the example pod logs, the paths point into the scratch
  // directory and the repository, the kubernetes filter (it needs the API server) and the HTTP server are left out,
  // and tail reads the files from their start (on a node, files found at the first start are read from their end).
  // Fluent Bit 5.1.1 takes every other setting as written, the module its logsieve.json, and the records are the
  // CLI's (--multiline all) but for what the module still holds: the checkout pod's last piece (released when its
  // tag has been idle for tagIdleMs, 5 minutes by default) and the 🛒 Fluent Bit cuts (see the quick start test).
  it('examples/kubernetes/fluent-bit/configmap.yaml: its fluent-bit.conf and logsieve.json work in Fluent Bit', async () => {
    dir = scratchDir();
    const yaml = readFileSync(join(root, 'examples/kubernetes/fluent-bit/configmap.yaml'), 'utf8');
    const settings = join(dir.path, 'etc');
    mkdirSync(settings);
    const settingsText = literalBlock(yaml, 'logsieve.json');
    expect(JSON.parse(settingsText)).toMatchObject({ multiline: 'all' });
    writeFileSync(join(settings, 'logsieve.json'), settingsText);
    let conf = literalBlock(yaml, 'fluent-bit.conf');
    expect(conf).toMatch(/^\s+Name\s+kubernetes$/m);
    expect(conf).toMatch(/^\s+Wasm_Stack_Size\s+256k$/m);
    conf = conf
      .replace(/\[FILTER\]\n[ \t]+Name[ \t]+kubernetes\n([ \t]+\S.*\n)*/, '')
      .replace(/^(\s+HTTP_Server\s+)On$/m, '$1Off')
      .replaceAll('/var/log/containers/', 'var/log/containers/')
      .replace(/^(\s+DB\s+).*$/m, `$1${join(dir.path, 'tail.db')}\n    Read_From_Head     On`)
      .replace(/^(\s+Wasm_Path\s+).*$/m, `$1${modulePath}`)
      .replace(/^(\s+Accessible_Paths\s+).*$/m, `$1${settings}`);
    expect(conf).not.toMatch(/kubernetes|\/fluent-bit\//);
    writeFileSync(join(dir.path, 'fluent-bit.conf'), conf);
    mkdirSync(join(dir.path, 'var/log/containers'), { recursive: true });
    const files = containerLogs();
    for (const f of files) symlinkSync(realpathSync(join(root, f)), join(dir.path, 'var/log/containers', basename(f)));
    const rels = files.map((f) => `var/log/containers/${basename(f)}`);
    const want = byFile(cliRecords(['--multiline', 'all', ...rels], dir.path).map((r) => ({ ...r, file: `/${r.file}` })));
    const checkout = [...want.keys()].find((f) => f.includes('checkout'))!;
    const held = want.get(checkout)!.pop();
    expect(held.partial).toBe(true);
    const cut = want.get(checkout)!.findIndex((r) => r.log.includes('🛒'));
    want.get(checkout)![cut] = { ...want.get(checkout)![cut], log: want.get(checkout)![cut].log.replace('🛒', '\ufffd\ufffd\ufffd') };
    const total = [...want.values()].reduce((n, rs) => n + rs.length, 0);
    const run = await runFluentBit(bin, join(dir.path, 'fluent-bit.conf'), { cwd: dir.path, until: (rs) => rs.length >= total, timeoutMs: 40_000, settleMs: 1_500 });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(run.stderr).toContain(`[logsieve] settings from ${settings}/logsieve.json`);
    expect(run.stderr, context(run)).not.toMatch(/\[\s*error\]/);
    expect(fileDiffs(byFile(run.records), want), context(run)).toEqual([]);
  });

  // (b) a Docker json-file tree through tail: the same records as the CLI
  it('a Docker json-file tree via tail (raw lines): the same records as the CLI', async () => {
    dir = scratchDir();
    const files = dockerLogs();
    expect(files).toHaveLength(1);
    const want = byFile(cliRecords(['--multiline', 'all', ...files]));
    const total = [...want.values()].reduce((n, rs) => n + rs.length, 0);
    const config = join(dir.path, 'fluent-bit.conf');
    writeFileSync(config, moduleConfig({ path: 'examples/var/lib/docker/containers/*/*-json.log', tick: true, settingsDir: 'examples/fluent-bit' }));
    const run = await runFluentBit(bin, config, { until: (rs) => notTicks(rs).length >= total, timeoutMs: 40_000, settleMs: 1_500 });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(fileDiffs(byFile(notTicks(run.records)), want), context(run)).toEqual([]);
  });

  // (c) garbage: 10,000 malformed lines (random bytes, near-miss CRI lines, JSON in a CRI file, blank lines) mixed
  // with valid CRI lines, some split into P + F pieces. Fluent Bit keeps running and every record the CLI gives
  // comes out, in order. Invalid UTF-8 does not reach the module as it is in the file: Fluent Bit's JSON encoder
  // writes each invalid byte as a private-use character (which the module turns back into the byte), but it also
  // decodes overlong sequences as the characters they encode (C1 87 → "G") and drops the first byte of a sequence
  // cut by the end of the string. So for records from invalid UTF-8 only the kind of record is compared (time,
  // stream, error, file); all the others must be the CLI's exactly.
  it('10,000 malformed lines and random bytes among valid CRI lines: still running, no record lost', async () => {
    dir = scratchDir();
    const name = `garbage-7c9d_fuzz_app-${hex64('garbage')}.log`;
    const rel = `var/log/containers/${name}`;
    mkdirSync(join(dir.path, 'var/log/containers'), { recursive: true });
    const { bytes, invalidUtf8Lines } = garbageFile(10_000);
    writeFileSync(join(dir.path, rel), bytes);
    const settings = join(dir.path, 'settings');
    mkdirSync(settings);
    writeFileSync(join(settings, 'logsieve.json'), '{}\n');
    const config = join(dir.path, 'fluent-bit.conf');
    writeFileSync(config, moduleConfig({ path: rel, tick: false, settingsDir: settings }));

    const want = cliRecords([rel], dir.path);
    expect(want.filter((r) => r.error).length).toBe(10_000);
    const run = await runFluentBit(bin, config, { cwd: dir.path, until: (rs) => rs.length >= want.length, timeoutMs: 90_000, settleMs: 1_500 });
    expect(run.stillRunning, context(run)).toBe(true);
    const got = run.records;
    // the tag kube.var.log.containers.<name> rebuilds as the absolute path /var/log/containers/<name>
    const wantHere = want.map((w) => ({ ...w, file: `/${rel}` }));
    // a record read from invalid UTF-8: the same kind of record at the same place (the bytes changed on the way in)
    const kind = (o: any) => ({ time: o?.time, stream: o?.stream, error: o?.error, log: typeof o?.log, file: o?.file });
    const fuzzy = wantHere.map((w) => invalidUtf8Lines.size > 0 && !isValidUtf8Record(w));
    const exact = fuzzy.filter((f) => !f).length;
    expect(exact).toBeGreaterThan(want.length / 2);
    expect(recordDiffs('garbage', got.map((g, i) => (fuzzy[i] ? kind(g) : g)), wantHere.map((w, i) => (fuzzy[i] ? kind(w) : w))), context(run)).toEqual([]);
  });

  // (c') malformed records: shapes tail + a JSON parser can hand the filter (log not a string, no log, nested maps,
  // odd kubernetes maps, huge strings); Fluent Bit keeps running, every output is one JSON object, and a valid
  // CRI line after them all still comes out as its record.
  it('malformed record shapes through a JSON parser: still running, the pipeline still works after them', async () => {
    dir = scratchDir();
    const rel = `var/log/containers/shapes-1a2b_fuzz_app-${hex64('shapes')}.log`;
    mkdirSync(join(dir.path, 'var/log/containers'), { recursive: true });
    const shapes = recordShapes();
    const sentinel = '2026-11-30T10:00:00.5Z stdout F the last line';
    writeFileSync(join(dir.path, rel), `${[...shapes, JSON.stringify({ log: sentinel })].join('\n')}\n`);
    writeFileSync(join(dir.path, 'parsers.conf'), '[PARSER]\n    Name   json\n    Format json\n');
    const settings = join(dir.path, 'settings');
    mkdirSync(settings);
    writeFileSync(join(settings, 'logsieve.json'), '{}\n');
    const config = join(dir.path, 'fluent-bit.conf');
    writeFileSync(
      config,
      moduleConfig({ path: rel, settingsDir: settings })
        .replace('[SERVICE]\n', `[SERVICE]\n    Parsers_File ${join(dir.path, 'parsers.conf')}\n`)
        .replace('    Refresh_Interval  1\n', '    Refresh_Interval  1\n    Parser            json\n'),
    );
    const run = await runFluentBit(bin, config, { cwd: dir.path, until: (rs) => rs.some((r) => r.log === 'the last line'), timeoutMs: 60_000, settleMs: 1_000 });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(run.records.length).toBeLessThanOrEqual(shapes.length + 1);
    const last = run.records.find((r) => r.log === 'the last line');
    expect(last, context(run)).toEqual({ time: '2026-11-30T10:00:00.500000000Z', stream: 'stdout', log: 'the last line', file: `/${rel}`, kubernetes: { namespace_name: 'fuzz', pod_name: 'shapes-1a2b', container_name: 'app', docker_id: hex64('shapes') } });
  });

  // (d) a quiet container: its file ends with a Java trace. Without the tick the trace stays held; with the tick it
  // comes out within idleMs + the tick period (+ slack), and the records are the CLI's.
  it('a quiet container\'s last trace comes out only through the tick', async () => {
    dir = scratchDir();
    mkdirSync(join(dir.path, 'var/log/containers'), { recursive: true });
    const rels = ['quiet-a', 'quiet-b'].map((pod) => `var/log/containers/${pod}_shop_api-${hex64(pod)}.log`);
    rels.forEach((rel, k) => writeFileSync(join(dir!.path, rel), quietFile(k)));
    const idleMs = 1000;
    const settings = join(dir.path, 'settings');
    mkdirSync(settings);
    writeFileSync(join(settings, 'logsieve.json'), JSON.stringify({ multiline: { detectors: ['java'], idleMs } }));
    const want = cliRecords(['--multiline', 'java', ...rels], dir.path).map((r) => ({ ...r, file: `/${r.file}` }));
    const traces = want.filter((r) => r.multiline === 'java');
    expect(traces).toHaveLength(2);
    for (const rel of rels) expect(want.filter((r) => r.file === `/${rel}`).at(-1).multiline).toBe('java'); // the last record of each file

    // no tick: everything but the two traces, and then nothing more however long it waits
    const noTick = join(dir.path, 'no-tick.conf');
    writeFileSync(noTick, moduleConfig({ path: 'var/log/containers/*.log', tick: false, settingsDir: settings }));
    const quiet = await runFluentBit(bin, noTick, { cwd: dir.path, until: (rs) => rs.length >= want.length - 2, timeoutMs: 30_000, settleMs: idleMs + 3_000 });
    expect(quiet.stillRunning, context(quiet)).toBe(true);
    expect(fileDiffs(byFile(quiet.records), byFile(want.filter((r) => r.multiline !== 'java'))), context(quiet)).toEqual([]);

    // with the tick: all of them, the traces last
    const withTick = join(dir.path, 'tick.conf');
    writeFileSync(withTick, moduleConfig({ path: 'var/log/containers/*.log', tick: true, settingsDir: settings }));
    const run = await runFluentBit(bin, withTick, { cwd: dir.path, until: (rs) => notTicks(rs).length >= want.length, timeoutMs: 30_000, settleMs: 1_000 });
    expect(run.stillRunning, context(run)).toBe(true);
    expect(run.records.filter(isTick)).toEqual([]);
    expect(fileDiffs(byFile(run.records), byFile(want)), context(run)).toEqual([]);
    // latency: from the arrival of the files' other records to the arrival of each trace (generous bound)
    const others = run.records.map((r, i) => (r.multiline === 'java' ? -1 : run.arrivals[i]));
    const lastOther = Math.max(...others);
    const traceAt = run.records.map((r, i) => (r.multiline === 'java' ? run.arrivals[i] : -1)).filter((t) => t >= 0);
    const latency = Math.max(...traceAt) - lastOther;
    console.log(`quiet-container trace latency after the other records: ${latency} ms (idleMs ${idleMs}, tick every 100 ms)`);
    expect(latency).toBeLessThan(idleMs + 100 + 5_000);
  });

  // (e) a bad logsieve.json: reported on stderr with its position; records pass through unchanged (the same records
  // as the same pipeline without the wasm filter)
  // [what, file text, line and column (1-based) of the mistake: the byte, the value, the member (its key) for a
  // word the option does not know, or the start of a filter's string (the message then has the place inside it)]
  it.each([
    ['a JSON syntax error', '{\n  "multiline": "all",\n  "format": "cri",,\n  "levels": true\n}\n', 3, 19],
    ['a format it does not know', '{\n  "multiline": "all",\n  "format": "xml"\n}\n', 3, 3],
    ['an option it does not know', '{\n  "multiline": "all",\n  "formt": "cri"\n}\n', 3, 3],
    ['a number out of range', '{\n  "multiline": "all",\n  "maxTags": 0\n}\n', 3, 14],
    ['an unknown detector', '{\n  "levels": true,\n  "multiline": ["java", "cobol"]\n}\n', 3, 25],
    ['a LogQL query that does not parse', '{\n  "multiline": "all",\n  "query": "{namespace=\\"shop\\"} |= "\n}\n', 3, 12],
  ])('a bad logsieve.json (%s): [logsieve] error with line:col on stderr, records unchanged', async (_what, text, line, col) => {
    dir = scratchDir();
    const settings = join(dir.path, 'settings');
    mkdirSync(settings);
    writeFileSync(join(settings, 'logsieve.json'), text);
    const path = containerLogs().find((f) => f.includes('payments-api'))!;
    const lines = readFileSync(join(root, path), 'utf8').split('\n').filter((l) => l !== '').length;

    const plainConf = join(dir.path, 'plain.conf');
    writeFileSync(plainConf, moduleConfig({ path }));
    const plain = await runFluentBit(bin, plainConf, { until: (rs) => rs.length >= lines, timeoutMs: 20_000, settleMs: 500 });
    expect(plain.records).toHaveLength(lines);

    const badConf = join(dir.path, 'bad.conf');
    writeFileSync(badConf, moduleConfig({ path, settingsDir: settings }));
    const run = await runFluentBit(bin, badConf, { until: (rs) => rs.length >= lines, timeoutMs: 20_000, settleMs: 1_000 });
    expect(run.stillRunning, context(run)).toBe(true);
    // [logsieve] <accessible path>/logsieve.json:LINE:COL: message — on the line of the mistake
    const m = /\[logsieve\] (\S*\/)?logsieve\.json:(\d+):(\d+): (.+)/.exec(run.stderr);
    expect(m, context(run)).not.toBeNull();
    expect(m![1]).toBe(`${settings}/`);
    expect([Number(m![2]), Number(m![3])], m![0]).toEqual([line, col]);
    expect(m![4]).toMatch(/records pass through unchanged/);
    expect(recordDiffs('records', run.records, plain.records)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------- inputs

/** The text of a literal block scalar (`key: |`) in a YAML file, without its indentation. */
function literalBlock(yaml: string, key: string): string {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key.replace(/[.]/g, '\\.')}: \\|$`).test(l));
  if (at < 0) throw new Error(`no literal block ${key}`);
  const keyIndent = lines[at].search(/\S/);
  const body: string[] = [];
  let indent = -1;
  for (const l of lines.slice(at + 1)) {
    if (l.trim() === '') {
      body.push('');
      continue;
    }
    const n = l.search(/\S/);
    if (n <= keyIndent) break;
    if (indent < 0) indent = n;
    body.push(l.slice(indent));
  }
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  return `${body.join('\n')}\n`;
}


const enc = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const isValidUtf8 = (b: Uint8Array) => {
  try {
    strictUtf8.decode(b);
    return true;
  } catch {
    return false;
  }
};
/** A CLI record whose text came from valid UTF-8 (the CLI writes U+FFFD for invalid bytes). */
const isValidUtf8Record = (r: any) => !String(r.log).includes('\ufffd');

/**
 * `malformed` bad lines mixed with valid CRI lines (about one valid line or P + F pair per four bad ones). No line
 * is longer than 1 KiB (tail's default buffer limit is 32 KiB); no line contains '\n' or ends with '\r' (tail
 * strips a '\r' before '\n', the CLI keeps it: a difference of the reader, not of the module).
 */
function garbageFile(malformed: number): { bytes: Buffer; invalidUtf8Lines: Set<number> } {
  const r = seeded(0x9a7ba9e);
  const int = (n: number) => Math.floor(r() * n);
  const lines: Uint8Array[] = [];
  const invalidUtf8Lines = new Set<number>();
  let t = Date.UTC(2026, 10, 30, 10, 0, 0) * 1000; // µs
  const stamp = () => {
    t += 1 + int(5000);
    return `${new Date(Math.floor(t / 1000)).toISOString().slice(0, 19)}.${String(t % 1_000_000).padStart(6, '0')}Z`;
  };
  const push = (b: Uint8Array | string) => {
    const bytes = typeof b === 'string' ? enc.encode(b) : b;
    if (!isValidUtf8(bytes)) invalidUtf8Lines.add(lines.length);
    lines.push(bytes);
  };
  const randomBytes = () => {
    const b = new Uint8Array(1 + int(300));
    for (let i = 0; i < b.length; i++) {
      let x = int(256);
      while (x === 0x0a) x = int(256);
      b[i] = x;
    }
    if (b[b.length - 1] === 0x0d) b[b.length - 1] = 0x20;
    return b;
  };
  const text = () => {
    const words = ['timeout', 'GET /api/v1/orders', 'café', 'naïve', '東京', 'ошибка', '🚀', 'x=1', '"quoted"', '\\back\\slash', '\ttab', '\u0001ctl', '{"a":1}'];
    let s = '';
    for (let i = 1 + int(12); i > 0; i--) s += `${words[int(words.length)]} `;
    return s.trimEnd();
  };
  const valid = () => {
    const stream = r() < 0.7 ? 'stdout' : 'stderr';
    if (r() < 0.2) {
      push(`${stamp()} ${stream} P ${text()} `);
      push(`${stamp()} ${stream} F ${text()}`);
    } else push(`${stamp()} ${stream} F ${text()}`);
  };
  valid(); // the first line decides the format: CRI
  for (let n = 0; n < malformed; n++) {
    const k = int(12);
    if (k === 0 || k === 1 || k === 2) push(randomBytes());
    else if (k === 3) push(`${stamp().replace('T', 't')} stdout F lowercase t`);
    else if (k === 4) push(`${stamp()} stdin F bad stream ${text()}`);
    else if (k === 5) push(`${stamp()} stdout `);
    else if (k === 6) {
      push(`${stamp()} stdout X unknown tag`); // read as a full line, as kubelet reads a tag it does not know
      n--;
    }
    else if (k === 7) push(JSON.stringify({ log: `${text()}\n`, stream: 'stdout', time: '2026-11-30T10:00:00Z' }));
    else if (k === 8) push(r() < 0.5 ? '' : ' '.repeat(1 + int(4))); // blank: an error record once the format is known
    else if (k === 9) push(`${stamp().slice(0, 10 + int(15))}`);
    else if (k === 10) {
      // a valid header with raw invalid UTF-8 content: a record, not an error
      const b = randomBytes();
      push(Buffer.concat([enc.encode(`${stamp()} stdout F `), b]));
      n--; // not a malformed line
    } else push(text());
    if (r() < 0.25) valid();
  }
  valid();
  const parts: Uint8Array[] = [];
  for (const l of lines) parts.push(l, enc.encode('\n'));
  return { bytes: Buffer.concat(parts), invalidUtf8Lines };
}

/** Record shapes a JSON parser can produce that are not what the module expects, one JSON object a line. */
function recordShapes(): string[] {
  const r = seeded(0x5a9e5);
  const cri = '2026-11-30T10:00:00Z stdout F hello';
  const out: string[] = [];
  const big = 'y'.repeat(20_000);
  let nested: any = { log: cri };
  for (let i = 0; i < 60; i++) nested = { a: nested };
  const base = [
    {}, { log: 5 }, { log: null }, { log: true }, { log: 1e300 }, { log: -0.5 }, { log: ['a', 'b'] }, { log: { a: 1 } }, { log: '' },
    { msg: cri }, { LOG: cri }, { log: cri, kubernetes: 'not a map' }, { log: cri, kubernetes: { labels: 5 } },
    { log: cri, kubernetes: { labels: { app: ['x'] }, namespace_name: 7 } }, { log: cri, kubernetes: {} },
    { time: 5, stream: 'stdout', _p: 'F', log: 'x' }, { time: 'soon', stream: 'stdout', _p: 'F', log: 'x' },
    { time: '2026-11-30T10:00:00Z', stream: 'stdin', _p: 'F', log: 'x' }, { time: '2026-11-30T10:00:00Z', stream: 'stdout', _p: 'Q', log: 'x' },
    { time: '2026-11-30T10:00:00Z', stream: 'stdout', _p: 'P', log: 7 }, { time: '2026-11-30T10:00:00Z', stream: 3, _p: 'P', log: 'x' },
    { log: cri, log2: cri, extra: { deep: [1, 2, { x: null }] } }, nested,
    { log: '{"log":"x","stream":"stdout","time":"2026-11-30T10:00:00Z"}' }, { log: '{"log":5,"stream":"stdout","time":"2026-11-30T10:00:00Z"}' },
    { log: '\u0000\u0001\u001f' }, { log: '\ud83d' }, { log: 'é\u2028\u2029' }, { logsieve: 'tick' }, { logsieve: 'tock', log: cri },
  ];
  for (let i = 0; i < 2000; i++) {
    const s: any = base[Math.floor(r() * base.length)];
    out.push(JSON.stringify(s));
  }
  out.splice(1000, 0, JSON.stringify({ log: big }), JSON.stringify({ log: `${cri} ${big}` }));
  return out;
}

/** A container that writes a few lines and then a Java stack trace on stderr, and then nothing. */
function quietFile(k: number): string {
  const lines: string[] = [];
  let s = 0;
  const at = () => `2026-11-30T10:00:${String(s++).padStart(2, '0')}.${k}Z`;
  for (let i = 0; i < 5; i++) lines.push(`${at()} stdout F 2026-11-30 10:00:0${i}.000  INFO 1 --- [main] c.e.Api : request ${i} served`);
  const trace = [
    '2026-11-30 10:00:09.000 ERROR 1 --- [main] c.e.Api : request failed',
    'java.lang.IllegalStateException: quiet container ' + k,
    '\tat com.example.Api.handle(Api.java:42)',
    '\tat com.example.Server.run(Server.java:7)',
    'Caused by: java.io.IOException: gone',
    '\tat com.example.Db.read(Db.java:3)',
    '\t... 2 more',
  ];
  for (const l of trace) lines.push(`${at()} stderr F ${l}`);
  return `${lines.join('\n')}\n`;
}
