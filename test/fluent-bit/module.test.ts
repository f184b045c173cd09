// The Fluent Bit module in a Node host that loads it as WAMR does (harness.ts): what it imports and contains,
// and that records through it are the records of the library's NDJSON path for the same lines.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import binaryen from 'binaryen';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../dist/node.js';
import {
  WAMR_ENV_BUILTINS, type FbModule, fbDelivered, flbString, modulePath, modulesPerTest, rawRecord, root, tagOf,
} from './harness.ts';

const dec = new TextDecoder();
const enc = new TextEncoder();
const load = modulesPerTest();

/** Lines of a file's bytes (without their '\n'). */
function linesOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      out.push(bytes.subarray(s, i));
      s = i + 1;
    }
  }
  if (s < bytes.length) out.push(bytes.subarray(s));
  return out;
}

/** The module's path for a tag (what `file` shows): the path without its leading '/' unless it starts var/. */
const fbPath = (path: string) => (path.startsWith('/var/') ? path : path.replace(/^\//, ''));

/** The library's records for these lines of one file (NDJSON path, closed at the end), as objects. */
function libraryRecords(path: string, lines: Uint8Array[], options: Parameters<typeof createEngine>[0] | ReturnType<typeof createEngine>): unknown[] {
  return libraryLines(path, lines, options).map((x) => JSON.parse(x));
}

/** The same as NDJSON lines: the exact text of each record. */
function libraryLines(path: string, lines: Uint8Array[], options: Parameters<typeof createEngine>[0] | ReturnType<typeof createEngine>): string[] {
  const engine = options !== undefined && 'source' in options ? options : createEngine({ build: 'scalar', ...options });
  const s = engine.source(path);
  const parts: Uint8Array[] = [];
  for (const l of lines) {
    const b = new Uint8Array(l.length + 1);
    b.set(l);
    b[l.length] = 0x0a;
    parts.push(s.pushNdjson(b));
  }
  parts.push(s.closeNdjson());
  return parts.flatMap((p) => dec.decode(p).split('\n').filter((x) => x !== ''));
}

/** Every record the module gives for the lines (a record per call, or ""), then what ticks release once the tag
 *  has been idle longer than tagIdleMs (its close releases held pieces and groups). */
function moduleRecords(m: FbModule, tag: string, records: string[], idleMs: number): unknown[] {
  return moduleLines(m, tag, records, idleMs).map((x) => JSON.parse(x));
}

/** The same as the module's answers: the exact text of each record. */
function moduleLines(m: FbModule, tag: string, records: string[], idleMs: number): string[] {
  const out: string[] = [];
  const take = (a: string) => {
    if (a !== '') out.push(a);
  };
  for (const r of records) take(m.call(tag, r));
  m.advance(idleMs + 1);
  for (let i = 0; i < 100_000; i++) {
    const a = m.tick();
    if (a === '' && m.stats().waiting === 0) break;
    take(a);
  }
  return out;
}

describe('the Fluent Bit module as WAMR loads it', () => {
  const bytes = readFileSync(modulePath);

  it('imports nothing but WASI preview1 and WAMR libc builtins (no env.abort, seed or trace)', () => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
    expect(imports.length).toBeGreaterThan(0);
    for (const i of imports) {
      const ok = i.module === 'wasi_snapshot_preview1' || (i.module === 'env' && WAMR_ENV_BUILTINS.has(i.name) && i.name !== 'abort');
      expect(ok, `${i.module}.${i.name}`).toBe(true);
    }
    // the host scan backend (assembly/scan/host.ts): memchr and memcmp, with the signatures WAMR registers them
    // under ("(*ii)i" and "(**~)i": three i32 in, one out); never the str* builtins, whose NUL-terminated
    // arguments WAMR validates byte by byte
    const mod = binaryen.readBinary(bytes);
    try {
      const envImports: string[] = [];
      for (let f = 0; f < mod.getNumFunctions(); f++) {
        const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(f));
        if (info.module !== 'env') continue;
        envImports.push(info.base);
        expect(binaryen.expandType(info.params), info.base).toEqual([binaryen.i32, binaryen.i32, binaryen.i32]);
        expect(info.results, info.base).toBe(binaryen.i32);
      }
      expect(envImports.sort()).toEqual(['memchr', 'memcmp']);
    } finally {
      mod.dispose();
    }
  });

  it('the SIMD and scalar builds import nothing from env (the host backend is the interpreted build\'s alone)', () => {
    for (const name of ['logsieve-simd.wasm', 'logsieve-scalar.wasm']) {
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(root, 'dist', name))));
      expect(imports.filter((i) => i.module === 'env').map((i) => i.name), name).toEqual([]);
    }
  });

  it('exports the filter, an allocator WAMR recognises (malloc/free), _initialize and memory', () => {
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    for (const n of ['logsieve_filter', 'malloc', 'free', '_initialize', 'memory']) expect(names).toContain(n);
    expect(names).not.toContain('__new'); // no AssemblyScript runtime exports: WAMR would take __new/__pin instead
  });

  it('validates without SIMD and contains no v128 instruction; no shadow stack global (trap-safe)', () => {
    const m = binaryen.readBinary(bytes);
    try {
      m.setFeatures(binaryen.Features.All & ~binaryen.Features.SIMD128);
      expect(m.validate()).toBeTruthy();
      const text = m.emitText();
      expect(text.match(/\b(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\b/g)).toBeNull();
    } finally {
      m.dispose();
    }
    // the minimal runtime keeps no shadow stack: a trap cannot leak stack space (facts: fluent-bit-wasm.md)
    const wat = readFileSync(join(root, 'build/logsieve-fluent-bit.wat'), 'utf8');
    expect(wat).not.toContain('__stack_pointer');
  });

  it('has no recursion: the call graph from its exports is acyclic, and its deepest chain fits a small stack', () => {
    const wat = readFileSync(join(root, 'build/logsieve-fluent-bit.wat'), 'utf8');
    // functions: `(func $name (param …) (result …)` then `(local …)` lines, then the body up to the next (func
    const funcs = new Map<string, { calls: Set<string>; slots: number }>();
    // call_indirect may reach any function of the table (function pointers: the budget's hook, a sort comparator)
    const table = (wat.match(/\n \(elem [^\n]*/)?.[0] ?? '').match(/\$[^\s)]+/g)?.filter((n) => n !== '$0') ?? [];
    expect(table.length).toBeGreaterThan(0);
    const parts = wat.split(/\n \(func /).slice(1);
    for (const p of parts) {
      const name = p.match(/^(\$\S+)/)![1];
      const head = p.split('\n')[0];
      const params = (head.match(/\(param [^)]*\)/g) ?? []).reduce((n, s) => n + s.split(' ').length - 1, 0);
      const locals = (p.match(/\n  \(local [^\n]*/g) ?? []).reduce((n, s) => n + s.trim().split(' ').length - 2, 0);
      const calls = new Set([...p.matchAll(/\bcall (\$[^\s)]+)/g)].map((m) => m[1]));
      if (p.includes('call_indirect')) for (const t of table) calls.add(t);
      funcs.set(name, { calls, slots: params + locals });
    }
    expect(funcs.size).toBeGreaterThan(100);
    expect(funcs.get('$assembly/fluent-bit/logsieve_filter')!.calls.size).toBeGreaterThan(0);
    // The engine's graph has cycles only through two guarded functions: the sink's drain (engine/sink.ts), not
    // re-entrant per queue (mem/record-queue.ts: a drain that starts while its queue drains returns at once;
    // two queues, join's and group's), and the budget's releaseOldest (engine/budget.ts: `releasing`). So:
    // without them the graph must be acyclic, and on any chain drain is active at most twice and releaseOldest
    // once (a call beyond that returns at once). The bound below counts exactly that.
    const GUARDED: Record<string, number> = { '$assembly/engine/sink/drain': 2, '$assembly/engine/budget/releaseOldest': 1 };
    for (const g of Object.keys(GUARDED)) expect(funcs.has(g), g).toBe(true);
    const colour = new Map<string, number>();
    const cycle: string[] = [];
    for (const start of funcs.keys()) {
      if (colour.get(start) || start in GUARDED) continue;
      const stack: [string, string[]][] = [[start, [...funcs.get(start)!.calls]]];
      colour.set(start, 1);
      while (stack.length) {
        const [f, todo] = stack[stack.length - 1];
        const next = todo.pop();
        if (next === undefined) {
          colour.set(f, 2);
          stack.pop();
          continue;
        }
        if (next in GUARDED || !funcs.has(next)) continue;
        const c = colour.get(next) ?? 0;
        if (c === 1) cycle.push(`${f} → ${next}`);
        if (c !== 0) continue;
        colour.set(next, 1);
        stack.push([next, [...funcs.get(next)!.calls]]);
      }
    }
    expect(cycle).toEqual([]);
    // deepest chain in slots (+ 4 fixed cells a frame); `left` = activations each guarded function still has
    const memo = new Map<string, number>();
    const names = Object.keys(GUARDED);
    const depth = (f: string, left: number[]): number => {
      const key = `${f}|${left.join(',')}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      const own = (funcs.get(f)?.slots ?? 0) + 4;
      const g = names.indexOf(f);
      let next = left;
      if (g >= 0) {
        if (left[g] === 0) return own; // re-entered: returns at once
        next = left.map((v, i) => (i === g ? v - 1 : v));
      }
      let most = 0;
      for (const c of funcs.get(f)?.calls ?? []) if (funcs.has(c)) most = Math.max(most, depth(c, next));
      memo.set(key, own + most);
      return own + most;
    };
    const start = names.map((n) => GUARDED[n]);
    const d = new Map([['$assembly/fluent-bit/logsieve_filter', 0], ['$assembly/fluent-bit/_initialize', 0]]
      .map(([f]) => [f as string, depth(f as string, start)]));
    const filterDepth = d.get('$assembly/fluent-bit/logsieve_filter')!;
    const initDepth = d.get('$assembly/fluent-bit/_initialize')!;
    expect(filterDepth).toBeGreaterThan(50);
    // 8 bytes a slot (i64 cells) on WAMR's interpreter stack: both stay far below the 256 KiB the README sets
    // (wasm_stack_size); operand stacks are small next to locals in this code
    expect(filterDepth * 8).toBeLessThan(64 * 1024);
    expect(initDepth * 8).toBeLessThan(64 * 1024);
  });
});

describe('records through the module are the NDJSON path\'s records', () => {
  const example = join(root, 'examples/var/log/pods');
  const files: string[] = [];
  for (const e of readdirSync(example, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.log')) files.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  }

  it.each(files.map((f) => [f.slice(root.length)]))('raw tail records of %s, every detector on', (rel) => {
    const path = `/var/log/pods/${rel.split('/var/log/pods/')[1]}`;
    // the module reads what Fluent Bit's JSON conversion delivers of each line (fbDelivered): the library reads
    // those bytes too
    const raw = linesOf(readFileSync(join(root, rel)));
    const m = load({ multiline: 'all', tagIdleMs: 60_000 });
    const got = moduleRecords(m, tagOf(path), raw.map(rawRecord), 60_000);
    expect(got.length).toBeGreaterThan(10);
    expect(got).toEqual(libraryRecords(path, raw.map(fbDelivered), { multiline: { detectors: 'all' } }));
    expect(m.stats().passthrough).toBe(false);
  });

  it('records Fluent Bit parsed (multiline.parser cri: time, stream, _p, log) give the same records', () => {
    const rel = files[0].slice(root.length);
    const path = `/var/log/pods/${rel.split('/var/log/pods/')[1]}`;
    const lines = linesOf(readFileSync(join(root, rel)));
    const records = lines.map((l) => {
      const t = dec.decode(l);
      const [time, stream, p] = t.split(' ', 3);
      const log = l.subarray(enc.encode(`${time} ${stream} ${p} `).length);
      return `{"time":${flbString(enc.encode(time))},"stream":${flbString(enc.encode(stream))},"_p":"${p}","log":${flbString(log)}}`;
    });
    const m = load({ multiline: 'all' });
    const got = moduleRecords(m, tagOf(path), records, 300_000);
    expect(got).toEqual(libraryRecords(path, lines.map(fbDelivered), { multiline: { detectors: 'all' } }));
  });

  it('property: any CRI/Docker lines of one file (invalid UTF-8, control bytes, pieces) give the library\'s records', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      // JSON-ish text long enough for whole words and the host's memchr: quotes, backslashes and slashes Fluent
      // Bit escapes, tabs and DEL, controls and non-ASCII that it writes as \uXXXX (the escaped twin's cases)
      fc.array(fc.constantFrom('{"level":"info","msg":"ok"}', '\\', '/', '\t', '\x7f', '\x01', 'é', ' plain words here ', 'a\\"b', '\r', '\b\f'), { maxLength: 14 })
        .map((a) => a.join('')),
      fc.constantFrom('Exception in thread "main" java.lang.IllegalStateException: boom', '\tat com.x.Y.z(Y.java:1)',
        'Traceback (most recent call last):', '  File "a.py", line 1, in <module>', 'ValueError: x', 'ERROR failed'),
    );
    const criLine = fc.tuple(fc.constantFrom('stdout', 'stderr'), fc.constantFrom('P', 'F', 'F', 'F'), text)
      .map(([s, p, t]) => enc.encode(`2026-11-24T10:00:00.123456789Z ${s} ${p} ${t}`));
    const junk = fc.uint8Array({ maxLength: 60 }).map((b) => b.filter((c) => c !== 0x0a));
    const line = fc.oneof({ weight: 4, arbitrary: criLine }, { weight: 1, arbitrary: junk });
    // one module and one engine for every run (fresh instances per run would pile up wasm memories): each run
    // is a new file, and ends with its tag closed by idleness, so runs cannot see each other's state
    const m = load({ multiline: 'all', tagIdleMs: 60_000 });
    const engine = createEngine({ build: 'scalar', multiline: { detectors: 'all' } });
    let run = 0;
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (raw) => {
      const path = `/var/log/containers/app-7d9f8b6c5d-x2x4q_shop_app${run++}-${'a'.repeat(64)}.log`;
      // byte for byte: the module writes a record's text from Fluent Bit's own escaped string when that string is
      // exactly what the encoder would write (emit/escaped-twin.ts), and must then give the same bytes
      const got = moduleLines(m, tagOf(path), raw.map(rawRecord), 60_000);
      expect(got).toEqual(libraryLines(path, raw.map(fbDelivered), engine));
      expect(m.stats().tagsOpen).toBe(0);
    }), { numRuns: 60, seed: 0x7b17 });
  });

  it('property: records cut at maxRecordBytes are written from their own bytes (a cut text is no suffix of the line)', () => {
    // 48-byte records: most lines here are longer, so most records are cut; a cut text starts where the line's
    // text starts but ends before the line does, and must not be written from Fluent Bit's escaped string
    const text = fc.array(fc.constantFrom('{"level":"info"}', '\\', '/', '\t', 'é', ' plain words here ', 'a\\"b'), { minLength: 1, maxLength: 10 })
      .map((a) => a.join(''));
    const line = fc.tuple(fc.constantFrom('stdout', 'stderr'), fc.constantFrom('P', 'F', 'F'), text)
      .map(([st, p, t]) => enc.encode(`2026-11-24T10:00:00.123456789Z ${st} ${p} ${t}`));
    const m = load({ multiline: 'none', maxRecordBytes: 48, tagIdleMs: 60_000 });
    const engine = createEngine({ build: 'scalar', maxRecordBytes: 48 });
    let run = 0;
    let cut = 0;
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (raw) => {
      const path = `/var/log/containers/app-7d9f8b6c5d-x2x4q_shop_cut${run++}-${'b'.repeat(64)}.log`;
      const got = moduleLines(m, tagOf(path), raw.map(rawRecord), 60_000);
      expect(got).toEqual(libraryLines(path, raw.map(fbDelivered), engine));
      cut += got.filter((r) => r.includes('"truncated":true')).length;
    }), { numRuns: 40, seed: 0x7b18 });
    expect(cut).toBeGreaterThan(20); // the runs did cut records
  });
});
