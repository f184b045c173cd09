// Fluent Bit suite (issue 9, "Bench"): the logsieve filter_wasm module inside a real Fluent Bit, against Fluent
// Bit's native pipeline for the same job, measured in CPU seconds (user + sys of the fluent-bit process) on one
// deterministic CRI corpus (bench/group-corpus.mjs: ~31 % of records in Java/Python/Go/Node traces, some lines
// split into P pieces, both streams interleaved). 256 MiB, or 16 MiB with --quick.
//
// Cases (each a fresh `fluent-bit -c <conf>`: tail of one file named as kubelet names it, `Read_From_Head On`,
// `Exit_On_Eof On`, `Tag kube.*`, output `null`):
//   tail only      tail without a parser, no filter: what reading the file and making records costs
//   echo           tail without a parser + a wasm module returning its input unchanged (bench/echo.wat): tail
//                  plus everything Fluent Bit spends to hand a record to ANY wasm filter and take its answer back
//                  (msgpack → JSON, copies into and out of the module, JSON → msgpack)
//   native         tail with `multiline.parser cri` + filter `multiline` (`multiline.parser java,python,go`, the
//                  default buffered mode) + filter `grep` (`Exclude log healthz`)
//   native, buffer off   the same with the multiline filter's `buffer off` (joins only within a chunk; the
//                  cheaper native setting, shown so the comparison does not flatter the module)
//   logsieve       tail without a parser + the logsieve module (dist/logsieve-fluent-bit.wasm): CRI decode and
//                  P/F join, java/python/go exception grouping, path metadata from the tag, and the LogQL line
//                  filter `!= "healthz"` (the native grep rule)
//   logsieve, tagMetadata false   the same without `file` and the kubernetes map (the native pipeline's job:
//                  it adds no metadata either)
//   AOT cases      only with a `wamrc` (WAMRC or PATH: WAMR's ahead-of-time compiler, of the WAMR version inside
//                  the Fluent Bit, 2.4.1 for 5.1.1; built by hand, like Fluent Bit): the echo module and the logsieve
//                  module (both settings) compiled as the build compiles the shipped AOT file (scripts/aot.mjs),
//                  which Fluent Bit's wasm filter loads from Wasm_Path like a .wasm (docs/fluent-bit.md
//                  "Ahead-of-time compiled module"); the AOT floor and module work are taken against the echo AOT
//
// Figures: the median CPU seconds of ≥ 3 runs per case, cases interleaved (order rotated every round);
// MB/s = corpus bytes / CPU seconds (MB = 10⁶ bytes).
//   floor       = CPU(echo) − CPU(tail only): Fluent Bit's own cost of the wasm filter round trip (≈ µs a record)
//   module work = CPU(logsieve) − CPU(echo): what the module's code adds on top of that floor
// Targets (issue 9): throughput ≥ 1.0× native (CPU(native) / CPU(logsieve) ≥ 1), module work ≤ 50 % of the floor.
// A separate, smaller sanity run with the `file` output counts each case's records out and checks that no kept
// record contains "healthz".
//
// Fluent Bit is found through the FLUENT_BIT environment variable, else `fluent-bit` on PATH; without it the
// suite says so and is skipped. It must be built with its wasm filter (-DFLB_WASM=On) and the tail, multiline,
// grep, null and file plugins. Configs, the corpus and the echo module go to a temp dir, removed at the end.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';
import { makeGroupCorpus } from './group-corpus.mjs';
import { compileAot, findWamrc, isExecutable, onPath, wamrcVersion } from '../scripts/aot.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MODULE = join(root, 'dist', 'logsieve-fluent-bit.wasm');
/** The module's settings for the bench: the same job as the native pipeline. */
export const MODULE_CONFIG = { multiline: { detectors: ['java', 'python', 'go'] }, query: '!= "healthz"' };

/** FLUENT_BIT, else `fluent-bit` on PATH; null when neither is there. */
export function findFluentBit() {
  const env = process.env.FLUENT_BIT;
  if (env) return isExecutable(env) ? resolve(env) : null;
  return fluentBitOnPath();
}

/** `fluent-bit` on PATH (the tests use it too), or null. */
export function fluentBitOnPath() {
  return onPath('fluent-bit');
}

/** The echo module (bench/echo.wat) as wasm bytes, validated. */
export function echoModule() {
  const mod = binaryen.parseText(readFileSync(join(root, 'bench', 'echo.wat'), 'utf8'));
  try {
    mod.setFeatures(binaryen.Features.MVP); // no SIMD, nothing WAMR's interpreter lacks
    if (!mod.validate()) throw new Error('bench/echo.wat does not validate');
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

const tailInput = (file, extra = []) => section('INPUT', [
  ['Name', 'tail'], ['Path', file], ['Tag', 'kube.*'], ['Read_From_Head', 'On'], ['Exit_On_Eof', 'On'], ...extra]);
const wasmFilter = (path, fn, dir) => section('FILTER', [
  ['Name', 'wasm'], ['Match', 'kube.*'], ['Wasm_Path', path], ['Function_Name', fn], ['Accessible_Paths', dir],
  ['Wasm_Stack_Size', '256k']]);
function section(name, pairs) {
  return `[${name}]\n${pairs.map(([k, v]) => `    ${k.padEnd(24)} ${v}`).join('\n')}\n`;
}
function config(input, filters, output) {
  // Grace 1: Exit_On_Eof stops the engine and it waits up to Grace seconds for pending flushes (idle time)
  return [section('SERVICE', [['Flush', '1'], ['Grace', '1'], ['Log_Level', 'warn'], ['HTTP_Server', 'Off']]),
    input, ...filters, output].join('\n');
}

/** The cases: name → { label, conf(output) } (conf text for a given [OUTPUT] section). */
function cases({ file, echoPath, tmp, withModule, aot }) {
  const native = (buffer) => (out) => config(tailInput(file, [['multiline.parser', 'cri']]), [
    section('FILTER', [['Name', 'multiline'], ['Match', 'kube.*'], ['multiline.key_content', 'log'],
      ['multiline.parser', 'java,python,go'], ...(buffer ? [] : [['buffer', 'off']])]),
    section('FILTER', [['Name', 'grep'], ['Match', 'kube.*'], ['Exclude', 'log healthz']]),
  ], out);
  const all = {
    tail: { label: 'tail only (no parser, no filter)', conf: (out) => config(tailInput(file), [], out) },
    echo: { label: 'tail + echo module', conf: (out) => config(tailInput(file), [wasmFilter(echoPath, 'echo', tmp)], out) },
    native: { label: 'native: tail cri + multiline filter + grep', conf: native(true) },
    nativeNoBuf: { label: 'native, multiline filter buffer off', conf: native(false) },
  };
  if (withModule) {
    all.logsieve = { label: 'tail + logsieve module', conf: (out) => config(tailInput(file), [wasmFilter(MODULE, 'logsieve_filter', join(tmp, 'cfg'))], out) };
    all.logsieveBare = {
      label: 'tail + logsieve module, tagMetadata false',
      conf: (out) => config(tailInput(file), [wasmFilter(MODULE, 'logsieve_filter', join(tmp, 'cfg-bare'))], out),
    };
  }
  if (aot) {
    all.echoAot = { label: 'tail + echo module, AOT', conf: (out) => config(tailInput(file), [wasmFilter(aot.echo, 'echo', tmp)], out) };
    if (withModule) {
      all.logsieveAot = { label: 'tail + logsieve module, AOT', conf: (out) => config(tailInput(file), [wasmFilter(aot.module, 'logsieve_filter', join(tmp, 'cfg'))], out) };
      all.logsieveAotBare = {
        label: 'tail + logsieve AOT, tagMetadata false',
        conf: (out) => config(tailInput(file), [wasmFilter(aot.module, 'logsieve_filter', join(tmp, 'cfg-bare'))], out),
      };
    }
  }
  return all;
}

const NULL_OUT = section('OUTPUT', [['Name', 'null'], ['Match', '*']]);
const fileOut = (dir, name) => section('OUTPUT', [['Name', 'file'], ['Match', '*'], ['Path', dir], ['File', name], ['Format', 'plain']]);

/** Runs fluent-bit on conf; returns { cpu, user, sys, wall, rc, log }. CPU = the child's user + sys (bash `times`). */
function runFluentBit(fb, confPath, logPath) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', '"$FB" -c "$CONF" >"$LOG" 2>&1; rc=$?; times; exit $rc'], {
    env: { ...process.env, FB: fb, CONF: confPath, LOG: logPath }, encoding: 'utf8', maxBuffer: 1 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  // `times`: line 1 = the shell's own user/sys, line 2 = its children's (fluent-bit), as "XmY.YYYs XmY.YYYs"
  const lines = r.stdout.trim().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1] ?? '');
  if (!m) throw new Error(`cannot read the CPU time of fluent-bit: ${r.stdout}${r.stderr}`);
  const user = 60 * Number(m[1]) + Number(m[2]);
  const sys = 60 * Number(m[3]) + Number(m[4]);
  const log = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
  return { cpu: user + sys, user, sys, wall, rc: r.status, log };
}

/** Error/warning lines of a Fluent Bit log (info lines and Exit_On_Eof's own shutdown notice left out). */
function problems(log) {
  return log.split('\n').filter((l) => /\[\s*(error|warn)\]|error|abort|double free|Segmentation/i.test(l) &&
    !/\[\s*info\]/.test(l) && !/service will shutdown in max/.test(l));
}

/** Records the logsieve CLI writes for `file` with the module's bench settings (null without dist/cli.js). */
function cliRecords(file) {
  if (!existsSync(join(root, 'dist', 'cli.js'))) return null;
  const r = spawnSync(process.execPath, [join(root, 'bin', 'logsieve.js'), '--multiline', MODULE_CONFIG.multiline.detectors.join(','),
    '--query', MODULE_CONFIG.query, '--quiet', file], { maxBuffer: 1 << 30 });
  if (r.status !== 0) return null;
  let n = 0;
  for (const b of r.stdout) if (b === 10) n++;
  return n;
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export default async function run({ quick, rounds = quick ? 3 : 5 } = {}) {
  const fb = findFluentBit();
  if (!fb) {
    const why = process.env.FLUENT_BIT ? ` (FLUENT_BIT=${process.env.FLUENT_BIT} is not an executable file)` : '';
    console.log(`[fluent-bit] skipped: no Fluent Bit (set FLUENT_BIT or put fluent-bit on PATH)${why}`);
    return;
  }
  const version = spawnSync(fb, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const withModule = existsSync(MODULE);
  console.log(`Fluent Bit: ${fb} (${version})`);
  if (!withModule) console.log(`NOTE: ${MODULE} is not built (npm run build): the logsieve case is skipped`);

  const size = quick ? 16 << 20 : 256 << 20;
  const tmp = mkdtempSync(join(os.tmpdir(), 'logsieve-fb-'));
  try {
    // the file name kubelet gives a container's log, so the tag (kube.<path with dots>) carries pod/ns/container
    const id = createHash('sha256').update('logsieve fluent-bit bench').digest('hex');
    const dir = join(tmp, 'var', 'log', 'containers');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(tmp, 'cfg'));
    mkdirSync(join(tmp, 'out'));
    writeFileSync(join(tmp, 'cfg', 'logsieve.json'), JSON.stringify(MODULE_CONFIG));
    // the native pipeline's very job: no `file` and no kubernetes map from the path (Fluent Bit then parses
    // records about as large as its own instead of ~3× larger)
    mkdirSync(join(tmp, 'cfg-bare'));
    writeFileSync(join(tmp, 'cfg-bare', 'logsieve.json'), JSON.stringify({ ...MODULE_CONFIG, tagMetadata: false }));
    const echoPath = join(tmp, 'echo.wasm');
    writeFileSync(echoPath, echoModule());
    const wamrc = findWamrc();
    let aot = null;
    if (wamrc) {
      aot = { echo: join(tmp, 'echo.aot'), module: join(tmp, 'logsieve-fluent-bit.aot') };
      compileAot(wamrc, echoPath, aot.echo);
      if (withModule) compileAot(wamrc, MODULE, aot.module);
      console.log(`AOT cases: ${wamrc} (${wamrcVersion(wamrc)})`);
    } else {
      console.log('AOT cases: skipped (no wamrc: set WAMRC to a wamrc of the WAMR inside this Fluent Bit to add them)');
    }

    const name = `app-6d4f9b7c8d-x7k2p_shop_app-${id}.log`;
    const corpus = makeGroupCorpus(size);
    const file = join(dir, name);
    writeFileSync(file, corpus.bytes);
    const bytes = corpus.bytes.length;
    const info = { lines: corpus.lines, records: corpus.records, traces: corpus.traces, traceRecords: corpus.traceRecords };
    corpus.bytes = null;
    console.log(`corpus: ${(bytes / 2 ** 20).toFixed(1)} MiB CRI (bench/group-corpus.mjs), ${info.lines} lines, ` +
      `${info.records} records after the P/F join, ${info.traces} traces (${((100 * info.traceRecords) / info.records).toFixed(0)} % of records)`);
    console.log(`module settings (logsieve.json): ${JSON.stringify(MODULE_CONFIG)}`);

    // ---- sanity: a smaller run per case with the file output, counting what comes out ----
    const sanityFile = quick ? file : join(tmp, 'sanity', 'var', 'log', 'containers', name);
    let sanityInfo = info;
    if (!quick) {
      mkdirSync(join(tmp, 'sanity', 'var', 'log', 'containers'), { recursive: true });
      const small = makeGroupCorpus(16 << 20);
      writeFileSync(sanityFile, small.bytes);
      sanityInfo = { lines: small.lines, records: small.records };
    }
    const sanityCases = cases({ file: sanityFile, echoPath, tmp, withModule, aot });
    const cli = cliRecords(sanityFile);
    console.log(`\n--- sanity (${quick ? 'the same corpus' : 'a 16 MiB corpus of the same generator'}, output file): records out ---`);
    console.log(`(corpus: ${sanityInfo.lines} lines, ${sanityInfo.records} records after the P/F join; the logsieve CLI with the ` +
      `module's settings writes ${cli ?? '?'} records)`);
    for (const [key, c] of Object.entries(sanityCases)) {
      const conf = join(tmp, `sanity-${key}.conf`);
      writeFileSync(conf, c.conf(fileOut(join(tmp, 'out'), `${key}.out`)));
      const r = runFluentBit(fb, conf, join(tmp, `sanity-${key}.log`));
      const outPath = join(tmp, 'out', `${key}.out`);
      const out = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
      rmSync(outPath, { force: true });
      const recs = out ? out.split('\n').filter(Boolean) : [];
      const healthz = recs.filter((l) => l.includes('healthz')).length;
      const bad = problems(r.log);
      console.log(`${c.label.padEnd(46)} ${String(recs.length).padStart(9)} records out` +
        `${key === 'tail' || key.startsWith('echo') ? '' : `, ${healthz} with "healthz"`}  (exit ${r.rc})` +
        `${bad.length ? `\n    ${bad.length} error/warning lines, first: ${bad[0]}` : ''}`);
      if ((key === 'tail' || key.startsWith('echo')) && recs.length !== sanityInfo.lines) {
        console.log(`    NOTE: ${recs.length} records out, the file has ${sanityInfo.lines} lines`);
      }
    }

    // ---- timed runs, output null ----
    const timed = cases({ file, echoPath, tmp, withModule, aot });
    const keys = Object.keys(timed);
    for (const key of keys) writeFileSync(join(tmp, `${key}.conf`), timed[key].conf(NULL_OUT));
    const runs = Object.fromEntries(keys.map((k) => [k, []]));
    console.log(`\n--- timed: ${rounds} rounds, cases interleaved, output null (CPU s = user + sys of fluent-bit) ---`);
    for (let round = 0; round < rounds; round++) {
      const order = keys.map((_, i) => keys[(i + round) % keys.length]);
      const parts = [];
      for (const key of order) {
        const r = runFluentBit(fb, join(tmp, `${key}.conf`), join(tmp, `${key}.log`));
        const bad = problems(r.log);
        if (r.rc !== 0 || bad.length) console.log(`    ${key}: exit ${r.rc}${bad.length ? `, ${bad.length} error/warning lines, first: ${bad[0]}` : ''}`);
        runs[key].push(r);
        parts.push(`${key} ${r.cpu.toFixed(2)}`);
      }
      console.log(`round ${round + 1}: ${parts.join(', ')} s`);
    }

    const cpu = Object.fromEntries(keys.map((k) => [k, median(runs[k].map((r) => r.cpu))]));
    const recordsIn = Object.fromEntries(keys.map((k) => [k, info.lines]));
    console.log(`\n${'case'.padEnd(46)} ${'CPU s'.padStart(7)} ${'user'.padStart(6)} ${'sys'.padStart(6)} ${'MB/s'.padStart(7)}  ${'records in'.padStart(10)}  vs native`);
    for (const key of keys) {
      const rs = runs[key];
      const mbps = bytes / cpu[key] / 1e6;
      const vs = key === 'tail' || key.startsWith('echo') ? '' : `${(cpu.native / cpu[key]).toFixed(2)}×`;
      console.log(`${timed[key].label.padEnd(46)} ${cpu[key].toFixed(2).padStart(7)} ${median(rs.map((r) => r.user)).toFixed(2).padStart(6)} ` +
        `${median(rs.map((r) => r.sys)).toFixed(2).padStart(6)} ${mbps.toFixed(1).padStart(7)}  ${String(recordsIn[key]).padStart(10)}  ${vs}` +
        `   (runs: ${rs.map((r) => r.cpu.toFixed(2)).join(' ')})`);
    }
    const floor = cpu.echo - cpu.tail;
    console.log(`\nfloor = CPU(echo) − CPU(tail only) = ${floor.toFixed(2)} s = ${((1e6 * floor) / info.lines).toFixed(2)} µs per record ` +
      `(${info.lines} records): Fluent Bit's own cost of handing each record to a wasm filter and back`);
    if (withModule) {
      const work = cpu.logsieve - cpu.echo;
      const best = Math.min(cpu.native, cpu.nativeNoBuf);
      console.log(`module work = CPU(logsieve) − CPU(echo) = ${work.toFixed(2)} s = ${((1e6 * work) / info.lines).toFixed(2)} µs per record = ` +
        `${((100 * work) / floor).toFixed(0)} % of the floor (target ≤ 50 %: ${work <= 0.5 * floor ? 'met' : 'MISSED'})`);
      console.log(`throughput vs native = CPU(native) / CPU(logsieve) = ${(cpu.native / cpu.logsieve).toFixed(2)}× ` +
        `(target ≥ 1.0×: ${cpu.logsieve <= cpu.native ? 'met' : 'MISSED'}); vs the cheaper native setting: ${(best / cpu.logsieve).toFixed(2)}×`);
      const bare = cpu.logsieveBare - cpu.echo;
      console.log(`with tagMetadata false (the native job: no metadata): module work ${((1e6 * bare) / info.lines).toFixed(2)} µs per record = ` +
        `${((100 * bare) / floor).toFixed(0)} % of the floor (${bare <= 0.5 * floor ? 'met' : 'MISSED'}); throughput ${(cpu.native / cpu.logsieveBare).toFixed(2)}× native ` +
        `(${cpu.logsieveBare <= cpu.native ? 'met' : 'MISSED'}), ${(best / cpu.logsieveBare).toFixed(2)}× the cheaper setting`);
    } else {
      console.log('module work and the ratio to native: not measured (no dist/logsieve-fluent-bit.wasm)');
    }
    if (aot && withModule) {
      const aotFloor = cpu.echoAot - cpu.tail;
      const best = Math.min(cpu.native, cpu.nativeNoBuf);
      for (const [key, what] of [['logsieveAot', 'AOT'], ['logsieveAotBare', 'AOT, tagMetadata false']]) {
        const work = cpu[key] - cpu.echoAot;
        console.log(`${what}: module work = CPU(${key}) − CPU(echo AOT) = ${((1e6 * work) / info.lines).toFixed(2)} µs per record = ` +
          `${((100 * work) / aotFloor).toFixed(0)} % of the AOT floor ${((1e6 * aotFloor) / info.lines).toFixed(2)} µs ` +
          `(${work <= 0.5 * aotFloor ? 'met' : 'MISSED'}); throughput ${(cpu.native / cpu[key]).toFixed(2)}× native ` +
          `(${cpu[key] <= cpu.native ? 'met' : 'MISSED'}), ${(best / cpu[key]).toFixed(2)}× the cheaper setting`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
