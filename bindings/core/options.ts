// What a host passes when it makes an engine or opens a source, and how it reads bytes out of wasm memory.
import type { Format } from './abi.ts';

export interface EngineOptions {
  /** Largest record in bytes; a longer joined record is cut and flagged `truncated` (default 1 MiB). */
  maxRecordBytes?: number;
  /** Longest physical line kept whole in memory (default maxRecordBytes + 64 KiB). */
  maxLineBytes?: number;
  /**
   * Engine-wide budget for held bytes: carried partial lines and held pieces of all sources together
   * (default 64 MiB, at most 1 GiB). When full, the oldest held record is released early, flagged
   * `partial` (counted in `budgetReleases`), instead of growing memory.
   */
  maxHeldBytes?: number;
}

export interface SourceOptions {
  /** `auto` (default) decides from the first line: `{` → docker, else cri. */
  format?: Format;
}

/** Decodes UTF-8 bytes of wasm memory to a string (Buffer#utf8Slice in Node, TextDecoder in browsers). */
export type Utf8Decoder = (memory: Uint8Array, start: number, end: number) => string;

/** Copies bytes out of wasm memory into a new array (a Buffer in Node, without zero-filling first). */
export type ByteCopier = (memory: Uint8Array, start: number, end: number) => Uint8Array;
