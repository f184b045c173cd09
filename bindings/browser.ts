// logsieve for browsers (and Web Workers): `await init()` compiles the engine module once — from a URL
// (default: logsieve-simd.wasm beside this file, or the scalar build where SIMD is missing), a Response,
// bytes, or a compiled WebAssembly.Module — then `createEngine` works synchronously as in Node.
import { Engine, type EngineOptions, type Source, type SourceOptions, type Utf8Decoder } from './core/engine.ts';
import { type Build, type WasmHandle, engineImports, simdSupported, wrapInstance } from './core/wasm.ts';
import { compileRegexWith, type Regex, type RegexOptions } from './regex/index.ts';

export {
  Batch, COUNTER_NAMES, type Detector, Engine, type EngineOptions, LogRecord, type MultilineOptions, type RecordObject,
  Source, type SourceOptions, type ResumePoint, type SourceDone, type SourceOffsets, FilterSyntaxError, type FilterKind, type FilterOptions, type GrepRule, type GrepRules,
  type KubernetesMeta, type KubernetesPod, type PodInfo, type SourceKubernetes,
} from './core/engine.ts';
export type { Counters, ErrorReason, Format, Level, Stream } from './core/abi.ts';
export { PayloadBatch, PAYLOAD_KINDS, PAYLOAD_CONTENT_TYPES, type PayloadKind } from './core/payload.ts';
export { RecordStore, STORE_LEVELS, STORE_STREAMS, type SelectOptions, type Selection, type StoredRecord } from './core/store.ts';
export type { Build } from './core/wasm.ts';
export { MAX_PATTERN_BYTES, Regex, RegexSyntaxError, type RegexOptions, type Span } from './regex/index.ts';
export { MAX_INPUT_BYTES } from './regex/input.ts';

export type InitInput = string | URL | Response | BufferSource | WebAssembly.Module;

let compiled: WebAssembly.Module | null = null;
let compiledBuild: Build = 'simd';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const textDecode: Utf8Decoder = (mem, start, end) => decoder.decode(mem.subarray(start, end));

/** The URL `init()` fetches by default: the build's .wasm beside this script. */
export function defaultWasmUrl(build: Build = simdSupported() ? 'simd' : 'scalar'): URL {
  // One literal `new URL('./file', import.meta.url)` per build: the form Vite, webpack and Parcel recognise
  // (they then emit the .wasm and rewrite the URL). A template string would hide the file from them.
  try {
    return build === 'scalar'
      ? new URL('./logsieve-scalar.wasm', import.meta.url)
      : new URL('./logsieve-simd.wasm', import.meta.url);
  } catch (cause) {
    throw new Error(`logsieve: cannot place logsieve-${build}.wasm beside this script (import.meta.url is `
      + `${String(import.meta.url)}: not an ES module?); pass the .wasm's URL to init()`, { cause });
  }
}

/**
 * Compiles the engine module; call once before createEngine. `build` names what `input` is. Errors name the
 * URL that was tried.
 */
export async function init(input?: InitInput, build?: Build): Promise<void> {
  const b: Build = build ?? (simdSupported() ? 'simd' : 'scalar');
  let mod: WebAssembly.Module;
  if (input instanceof WebAssembly.Module) {
    mod = input;
  } else if (input === undefined || typeof input === 'string' || input instanceof URL) {
    const url = input ?? defaultWasmUrl(b);
    let res: Response;
    try {
      res = await fetch(url);
    } catch (cause) {
      throw new Error(`logsieve: could not fetch the engine from ${absolute(url)}: ${(cause as Error).message}`, { cause });
    }
    if (!res.ok) throw new Error(`logsieve: could not fetch the engine from ${res.url || absolute(url)} (${res.status} ${res.statusText})`);
    mod = await compileResponse(res, res.url || absolute(url));
  } else if (typeof Response !== 'undefined' && input instanceof Response) {
    mod = await compileResponse(input, input.url || 'a Response');
  } else {
    mod = await WebAssembly.compile(input as BufferSource);
  }
  compiled = mod;
  compiledBuild = b;
  regexInstance = null;
}

/** The URL as fetch resolves it (relative to the page where there is one). */
function absolute(url: string | URL): string {
  try {
    return new URL(url, (globalThis as { location?: { href: string } }).location?.href).href;
  } catch {
    return String(url);
  }
}

async function compileResponse(res: Response, where: string): Promise<WebAssembly.Module> {
  const type = res.headers.get('content-type');
  try {
    if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') {
      return await WebAssembly.compileStreaming(res);
    }
    return await WebAssembly.compile(await res.arrayBuffer());
  } catch (cause) {
    throw new Error(`logsieve: ${where} is not a WebAssembly module (content-type ${type ?? 'none'}): `
      + `${(cause as Error).message}`, { cause });
  }
}

function instance(): WasmHandle {
  if (!compiled) throw new Error('logsieve: call `await init()` before createEngine');
  return wrapInstance(new WebAssembly.Instance(compiled, engineImports()), compiledBuild);
}

let regexInstance: WasmHandle | null = null;

/** Compiles an RE2-syntax regex (after `await init()`); throws RegexSyntaxError with a byte `position`. */
export function compileRegex(pattern: string, options: RegexOptions = {}): Regex {
  regexInstance ??= instance();
  return compileRegexWith(regexInstance, pattern, options);
}

export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(instance(), textDecode, options);
}

export interface LogTransformOptions extends EngineOptions, Omit<SourceOptions, 'multiline'> {
  path?: string;
  engine?: Engine;
}

/** `cancel` is in the Streams standard and in browsers and Node ≥ 20, but not yet in TypeScript's DOM lib. */
type CancellableTransformer = Transformer<Uint8Array, Uint8Array> & { cancel?(reason: unknown): void };

/**
 * A WHATWG TransformStream: container log bytes in, NDJSON bytes out. Its source is closed when the stream
 * ends or is cancelled/aborted, so a shared `engine` does not keep dead sources.
 */
export function createTransformStream(options: LogTransformOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const engine = options.engine ?? createEngine(options);
  const source: Source = engine.source(options.path, { format: options.format, kubernetes: options.kubernetes });
  const transformer: CancellableTransformer = {
    transform(chunk, controller) {
      for (const part of source.pushNdjsonParts(chunk)) controller.enqueue(part);
    },
    flush(controller) {
      const out = source.closeNdjson();
      if (out.length) controller.enqueue(out);
    },
    // ended early (the reader cancelled or the writer aborted): drop held pieces, free the source's state
    cancel() {
      if (!source.isClosed) source.close();
    },
  };
  return new TransformStream<Uint8Array, Uint8Array>(transformer);
}
