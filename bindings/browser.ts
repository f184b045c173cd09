// logsieve for browsers (and Web Workers): `await init()` compiles the engine module once — from a URL
// (default: logsieve-simd.wasm beside this file, or the scalar build where SIMD is missing), a Response,
// bytes, or a compiled WebAssembly.Module — then `createEngine` works synchronously as in Node.
import { Engine, type EngineOptions, type Source, type SourceOptions, type Utf8Decoder } from './core/engine.ts';
import { type Build, type WasmHandle, engineImports, simdSupported, wrapInstance } from './core/wasm.ts';
import { compileRegexWith, type Regex, type RegexOptions } from './regex/index.ts';

export * from './core/engine.ts';
export type { Counters, ErrorReason, Format, Stream } from './core/abi.ts';
export type { Build } from './core/wasm.ts';
export { Regex, RegexSyntaxError, type RegexOptions, type Span } from './regex/index.ts';

export type InitInput = string | URL | Response | BufferSource | WebAssembly.Module;

let compiled: WebAssembly.Module | null = null;
let compiledBuild: Build = 'simd';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const textDecode: Utf8Decoder = (mem, start, end) => decoder.decode(mem.subarray(start, end));

export function defaultWasmUrl(build: Build = simdSupported() ? 'simd' : 'scalar'): URL {
  return new URL(`./logsieve-${build}.wasm`, import.meta.url);
}

/** Compiles the engine module; call once before createEngine. `build` names what `input` is. */
export async function init(input?: InitInput, build?: Build): Promise<void> {
  const b: Build = build ?? (simdSupported() ? 'simd' : 'scalar');
  let mod: WebAssembly.Module;
  if (input instanceof WebAssembly.Module) {
    mod = input;
  } else if (input === undefined || typeof input === 'string' || input instanceof URL) {
    const res = await fetch(input ?? defaultWasmUrl(b));
    if (!res.ok) throw new Error(`logsieve: could not fetch the engine (${res.status} ${res.statusText})`);
    mod = await compileResponse(res);
  } else if (typeof Response !== 'undefined' && input instanceof Response) {
    mod = await compileResponse(input);
  } else {
    mod = await WebAssembly.compile(input as BufferSource);
  }
  compiled = mod;
  compiledBuild = b;
  regexInstance = null;
}

async function compileResponse(res: Response): Promise<WebAssembly.Module> {
  if (typeof WebAssembly.compileStreaming === 'function' && res.headers.get('content-type') === 'application/wasm') {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
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

export interface LogTransformOptions extends EngineOptions, SourceOptions {
  path?: string;
  engine?: Engine;
}

/**
 * A WHATWG TransformStream: container log bytes in, NDJSON bytes out. Its source is closed when the stream
 * ends or is cancelled/aborted, so a shared `engine` does not keep dead sources.
 */
/** `cancel` is in the Streams standard and in browsers and Node ≥ 20, but not yet in TypeScript's DOM lib. */
type CancellableTransformer = Transformer<Uint8Array, Uint8Array> & { cancel?(reason: unknown): void };

export function createTransformStream(options: LogTransformOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const engine = options.engine ?? createEngine(options);
  const source: Source = engine.source(options.path, { format: options.format });
  const transformer: CancellableTransformer = {
    transform(chunk, controller) {
      const out = source.pushNdjson(chunk);
      if (out.length) controller.enqueue(out);
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
