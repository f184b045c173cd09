// logsieve for Node: the engine module is read from the .wasm file beside this file and instantiated
// synchronously at first use; `createEngine` gives an engine with its own wasm instance and memory.
import { Transform, type TransformCallback } from 'node:stream';
import {
  type ByteCopier, Engine, type EngineOptions, type Source, type SourceOptions, type Utf8Decoder,
} from './core/engine.ts';
import type { Build } from './core/wasm.ts';
import { defaultBuild, instantiate, sharedInstance } from './node-wasm.ts';
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

// Buffer#utf8Slice is Node's fastest UTF-8 → string path; one Buffer over memory, re-made when memory grows
let memBuf: Buffer & { utf8Slice(start: number, end: number): string } = Buffer.alloc(0) as any;
const utf8Slice: Utf8Decoder = (mem, start, end) => {
  if (memBuf.buffer !== mem.buffer) memBuf = Buffer.from(mem.buffer, mem.byteOffset, mem.byteLength) as any;
  return memBuf.utf8Slice(start, end);
};

// NDJSON comes out as a Buffer, allocated without the zero-fill that Uint8Array#slice pays for
const bufferCopy: ByteCopier = (mem, start, end) => {
  const out = Buffer.allocUnsafeSlow(end - start);
  out.set(mem.subarray(start, end));
  return out;
};

export interface NodeEngineOptions extends EngineOptions {
  /** `simd` (default where supported) or `scalar` (the build Fluent Bit runs). */
  build?: Build;
}

export function createEngine(options: NodeEngineOptions = {}): Engine {
  return new Engine(instantiate(options.build ?? defaultBuild()), utf8Slice, options, bufferCopy);
}


/**
 * Compiles an RE2-syntax regex into the engine's linear-time matcher (one shared wasm instance per build).
 * Throws RegexSyntaxError (with `position`, a byte offset) for invalid or unsupported patterns.
 */
export function compileRegex(pattern: string, options: RegexOptions & { build?: Build } = {}): Regex {
  return compileRegexWith(sharedInstance(options.build ?? defaultBuild()), pattern, options);
}

export interface LogStreamOptions extends NodeEngineOptions, Omit<SourceOptions, 'multiline'> {
  /** Path of the file the bytes come from (added to each record as `file`). */
  path?: string;
  /** Emit record objects instead of NDJSON bytes. */
  objectMode?: boolean;
  /** Use this engine instead of a new one. */
  engine?: Engine;
  /** With multiline detectors on: how often (ms) held groups are checked for idleness (default 1000). */
  flushEveryMs?: number;
}

/**
 * A Transform: container log bytes in; NDJSON bytes (or record objects in object mode) out. Its source is
 * closed when the stream ends, fails or is destroyed, so a shared `engine` does not keep dead sources.
 */
export function createLogStream(options: LogStreamOptions = {}): Transform {
  const engine = options.engine ?? createEngine(options);
  const source: Source = engine.source(options.path, { format: options.format, kubernetes: options.kubernetes });
  const objectMode = options.objectMode === true;
  // the engine's options say whether it groups (also for a shared `engine`, and for rules without detectors)
  const grouping = engine.multilineOn;
  let timer: ReturnType<typeof setInterval> | undefined;
  const stopTimer = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const stream = new Transform({
    readableObjectMode: objectMode,
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      try {
        if (objectMode) {
          for (const r of source.push(chunk)) this.push(r.toJSON());
        } else {
          for (const part of source.pushNdjsonParts(chunk)) this.push(part);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      stopTimer();
      try {
        if (objectMode) {
          for (const r of source.close()) this.push(r.toJSON());
        } else {
          const out = source.closeNdjson();
          if (out.length) this.push(out);
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    destroy(err: Error | null, done: (err: Error | null) => void) {
      stopTimer();
      // ended early: drop the held pieces and free the source's state in wasm memory
      try {
        if (!source.isClosed) source.close();
      } catch {
        // the stream's own error (err) is the one to report
      }
      done(err);
    },
  });
  if (grouping) {
    // the engine has no clock: a quiet container's last trace comes out when this timer finds it idle
    timer = setInterval(() => {
      if (source.isClosed) return stopTimer();
      try {
        if (objectMode) {
          for (const r of source.flush(engine.clock())) stream.push(r.toJSON());
        } else {
          const out = source.flushNdjson(engine.clock());
          if (out.length) stream.push(out);
        }
      } catch (err) {
        stream.destroy(err as Error);
      }
    }, options.flushEveryMs ?? 1000);
    timer.unref?.();
  }
  return stream;
}
