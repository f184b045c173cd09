// A Node host that runs dist/logsieve-fluent-bit.wasm the way Fluent Bit 5.1.1's filter_wasm does (WAMR 2.4.1,
// ../shared/facts/fluent-bit-wasm.md): only WASI preview1 and WAMR's `env` builtins may be imported; the module's
// exported malloc/free hold the tag and record copies (NUL-terminated) around each call; the call takes six i32
// (tag, tag length, seconds cut to 32 bits, ns, record, record length) and returns a pointer to a NUL-terminated
// answer that the host copies; records are JSON written the way Fluent Bit writes them (flbJson below).
// The clock the module reads (WASI clock_time_get) is the test's, so idle times need no waiting.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { wamrLibc } from '../helpers/wamr-libc.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const modulePath = join(root, 'dist/logsieve-fluent-bit.wasm');

/** WAMR 2.4.1's libc builtins (core/iwasm/libraries/libc-builtin): what `env` imports could link to. */
export const WAMR_ENV_BUILTINS = new Set([
  'printf', 'sprintf', 'snprintf', 'vprintf', 'vsprintf', 'vsnprintf', 'puts', 'putchar', 'memcmp', 'memcpy',
  'memmove', 'memset', 'strchr', 'strcmp', 'strcpy', 'strlen', 'strncmp', 'strncpy', 'malloc', 'realloc',
  'calloc', 'strdup', '_strdup', 'free', 'atoi', 'exit', 'strtol', 'strtoul', 'memchr', 'strncasecmp', 'strspn',
  'strcspn', 'strstr', 'isupper', 'isalpha', 'isspace', 'isgraph', 'isprint', 'isdigit', 'isxdigit', 'tolower',
  'toupper', 'isalnum', 'emscripten_memcpy_big', 'abort', 'abortStackOverflow', 'nullFunc_X', '__cxa_allocate_exception',
  '__cxa_begin_catch', '__cxa_throw', 'clock_gettime', 'clock',
]);

export interface FbModule {
  /** One record through the filter, as Fluent Bit passes it; the answer text ("" = dropped). */
  call(tag: string, record: Uint8Array | string, sec?: number, nsec?: number): string;
  /** One tick record ({"logsieve":"tick"}) under `tag`. */
  tick(tag?: string): string;
  /** Advances the module's clock (ms). */
  advance(ms: number): void;
  stats(): Record<string, number | boolean>;
  memoryBytes(): number;
  /** What the module wrote to stderr so far. */
  stderr(): string;
  dispose(): void;
}

/**
 * Instantiates the module with `settings` as logsieve.json in its only accessible path (none when undefined; a
 * string is written as is, so tests can pass malformed files).
 */
export function loadModule(settings?: object | string): FbModule {
  const dir = mkdtempSync(join(tmpdir(), 'logsieve-fb-'));
  if (settings !== undefined) {
    writeFileSync(join(dir, 'logsieve.json'), typeof settings === 'string' ? settings : JSON.stringify(settings));
  }
  // The WASI calls the module imports (assembly/fluent-bit/wasi.ts), served here rather than by node:wasi: one
  // preopened directory (fd 3) holding logsieve.json, files read whole, stderr captured, the test's clock. No
  // host file descriptor is involved (uvwasi closes the descriptors it holds when it is collected, which made
  // the test runner's worker exit now and then).
  const EBADF = 8, ENOENT = 44, PREOPEN = 3;
  const dirName = Buffer.from(dir);
  const files = new Map<number, { data: Uint8Array; pos: number }>();
  let nextFd = PREOPEN + 1;
  let stderr = '';
  let nowNs = 1_000_000_000n;
  let memory: WebAssembly.Memory | undefined;
  const view = () => new DataView(memory!.buffer);
  const iovecs = (iovs: number, n: number) =>
    Array.from({ length: n }, (_, i) => [view().getUint32(iovs + i * 8, true), view().getUint32(iovs + i * 8 + 4, true)]);
  const imports = {
    env: wamrLibc(() => memory!), // the libc builtins the module's host scan backend uses
    wasi_snapshot_preview1: {
      fd_prestat_get: (fd: number, buf: number) => {
        if (fd !== PREOPEN) return EBADF;
        view().setUint8(buf, 0); // a directory
        view().setUint32(buf + 4, dirName.length, true);
        return 0;
      },
      fd_prestat_dir_name: (fd: number, path: number, len: number) => {
        if (fd !== PREOPEN) return EBADF;
        new Uint8Array(memory!.buffer).set(dirName.subarray(0, len), path);
        return 0;
      },
      path_open: (dirFd: number, _dirFlags: number, path: number, pathLen: number, ..._rest: unknown[]) => {
        if (dirFd !== PREOPEN) return EBADF;
        const fdOut = _rest[_rest.length - 1] as number;
        const name = Buffer.from(memory!.buffer, path, pathLen).toString('utf8');
        let data: Uint8Array;
        try {
          data = readFileSync(join(dir, name));
        } catch {
          return ENOENT;
        }
        files.set(nextFd, { data, pos: 0 });
        view().setUint32(fdOut, nextFd++, true);
        return 0;
      },
      fd_read: (fd: number, iovs: number, n: number, nread: number) => {
        const f = files.get(fd);
        if (!f) return EBADF;
        let total = 0;
        for (const [p, len] of iovecs(iovs, n)) {
          const part = f.data.subarray(f.pos, f.pos + len);
          new Uint8Array(memory!.buffer).set(part, p);
          f.pos += part.length;
          total += part.length;
        }
        view().setUint32(nread, total, true);
        return 0;
      },
      fd_close: (fd: number) => (files.delete(fd) ? 0 : EBADF),
      fd_write: (fd: number, iovs: number, n: number, written: number) => {
        if (fd !== 2) return EBADF;
        let total = 0;
        for (const [p, len] of iovecs(iovs, n)) {
          stderr += Buffer.from(memory!.buffer, p, len).toString('utf8');
          total += len;
        }
        view().setUint32(written, total, true);
        return 0;
      },
      clock_time_get: (_id: number, _precision: bigint, out: number) => {
        view().setBigUint64(out, nowNs, true);
        return 0;
      },
    },
  };
  const mod = new WebAssembly.Module(readFileSync(modulePath));
  const inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
  const x = inst.exports as Record<string, CallableFunction> & { memory: WebAssembly.Memory };
  memory = x.memory;
  // WAMR: start section at instantiation, then `_initialize` (the module imports WASI)
  (x._initialize as () => void)();
  const enc = new TextEncoder();
  const dup = (bytes: Uint8Array): number => {
    const p = (x.malloc as (n: number) => number)(bytes.length + 1);
    const u8 = new Uint8Array(x.memory.buffer);
    u8.set(bytes, p);
    u8[p + bytes.length] = 0;
    return p;
  };
  const cString = (p: number): string => {
    const u8 = new Uint8Array(x.memory.buffer);
    let e = p;
    while (u8[e] !== 0) e++;
    return Buffer.from(u8.subarray(p, e)).toString('utf8');
  };
  const call = (tag: string, record: Uint8Array | string, sec = 1_764_000_000, nsec = 0): string => {
    const t = enc.encode(tag);
    const r = typeof record === 'string' ? enc.encode(record) : record;
    const tp = dup(t);
    const rp = dup(r);
    const ret = (x.logsieve_filter as (...a: number[]) => number)(tp, t.length, sec >>> 0, nsec, rp, r.length);
    const answer = ret === 0 ? '' : cString(ret); // Fluent Bit strdup's the answer before freeing its copies
    (x.free as (p: number) => void)(tp);
    (x.free as (p: number) => void)(rp);
    return answer;
  };
  return {
    call,
    tick: (tag = 'kube.logsieve.tick') => call(tag, '{"logsieve":"tick"}'),
    advance: (ms) => {
      nowNs += BigInt(Math.round(ms * 1e6));
    },
    stats: () => JSON.parse(cString((x.logsieve_stats as () => number)())),
    memoryBytes: () => x.memory.buffer.byteLength,
    stderr: () => stderr,
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loader for one test file: modules it loads are disposed after each test. */
export function modulesPerTest(): (settings?: object | string) => FbModule {
  let open: FbModule[] = [];
  afterEach(() => {
    for (const m of open) m.dispose();
    open = [];
  });
  return (settings) => {
    const m = loadModule(settings);
    open.push(m);
    return m;
  };
}

/**
 * A string as Fluent Bit's JSON writer (flb_utils_write_str, json.escape_unicode on) writes it from raw bytes:
 * `"` `\` and control bytes escaped, valid non-ASCII as \uXXXX (surrogate pairs above U+FFFF), each byte of an
 * invalid sequence as \ue0XX (its private-use fragment code point), and the lead byte of a sequence the string
 * cuts short dropped (Fluent Bit loses that byte; see fbDelivered).
 */
export function flbString(bytes: Uint8Array): string {
  let s = '"';
  const hex = (n: number) => '\\u' + n.toString(16).padStart(4, '0');
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    if (c < 0x80) {
      if (c === 0x22) s += '\\"';
      else if (c === 0x5c) s += '\\\\';
      else if (c === 0x0a) s += '\\n';
      else if (c === 0x0d) s += '\\r';
      else if (c === 0x09) s += '\\t';
      else if (c === 0x08) s += '\\b';
      else if (c === 0x0c) s += '\\f';
      else if (c < 0x20 || c === 0x7f) s += hex(c);
      else s += String.fromCharCode(c);
      i++;
      continue;
    }
    // the sequence length Fluent Bit reads from a lead byte; it decodes overlong forms (C0 8A is U+000A)
    const len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 && c < 0xe0 ? 2 : 0;
    if (len !== 0 && i + len > bytes.length) {
      i++; // a lead byte whose sequence the string cuts short: dropped (its continuation bytes become fragments)
      continue;
    }
    const cp = len === 0 ? -1 : decodeOne(bytes, i, len);
    if (cp < 0) {
      s += hex(0xe000 | c); // one invalid byte
      i++;
      continue;
    }
    if (cp > 0xffff) s += hex(0xd800 + ((cp - 0x10000) >> 10)) + hex(0xdc00 + ((cp - 0x10000) & 0x3ff));
    else s += hex(cp);
    i += len;
  }
  return s + '"';
}

function decodeOne(b: Uint8Array, i: number, len: number): number {
  let cp = b[i] & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
  for (let k = 1; k < len; k++) {
    if ((b[i + k] & 0xc0) !== 0x80) return -1;
    cp = (cp << 6) | (b[i + k] & 0x3f);
  }
  if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return -1; // overlong forms are accepted
  return cp;
}

/**
 * The line as the module reads it: what flbString delivers, fragments turned back into their bytes, and a
 * newline (only an overlong encoding delivers one: a line from tail has none) as U+FFFD (docs/fluent-bit.md).
 */
export function fbDelivered(bytes: Uint8Array): Uint8Array {
  const s = JSON.parse(flbString(bytes)) as string;
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe000 && cp <= 0xe0ff) out.push(cp & 0xff);
    else if (cp === 0x0a) out.push(0xef, 0xbf, 0xbd);
    else out.push(...new TextEncoder().encode(ch));
  }
  return Uint8Array.from(out);
}

/** A raw `tail` record (no parser) for a line's bytes, as Fluent Bit's JSON. */
export function rawRecord(line: Uint8Array): string {
  return `{"log":${flbString(line)}}`;
}

/** The tag `tail` with `Tag kube.*` gives a file: its path, '/' → '.', the leading '/' dropped. */
export function tagOf(path: string, prefix = 'kube.'): string {
  return prefix + path.replace(/^\//, '').replace(/\//g, '.');
}
