// What a host passes when it makes an engine or opens a source, and how it reads bytes out of wasm memory.
import type { Format } from './abi.ts';
import type { FilterOptions } from './filters.ts';
import type { KubernetesPod, PodInfo, SourceKubernetes } from './kubernetes.ts';

export interface EngineOptions extends FilterOptions {
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
  /** Exception stack traces as one record (off by default): see MultilineOptions. */
  multiline?: MultilineOptions;
  /**
   * Whether records show their `level` (default true). Detecting it reads each record's first bytes when the
   * record is written as NDJSON or `record.level` is read; a host that never shows levels saves that (filters
   * that read levels detect them either way).
   */
  levels?: boolean;
  /** The host clock in ms (default Date.now): a push is stamped with it, and groups idle or age by it. */
  clock?: () => number;
  /**
   * Pods whose labels and annotations records carry (matched by namespace + pod name, and uid when the path
   * has one): a PodList (`kubectl get pods -A -o json`), or an array of Pod objects or PodInfo.
   */
  pods?: { items: readonly KubernetesPod[] } | ReadonlyArray<PodInfo | KubernetesPod>;
}

/** A detector's name (docs/multiline.md). */
export type Detector = 'java' | 'js' | 'csharp' | 'python' | 'go' | 'ruby' | 'php' | 'dart';

export interface MultilineOptions {
  /** Which detectors run: `all`, `none` (default) or a list. */
  detectors?: 'all' | 'none' | readonly Detector[];
  /** Most lines in one group; more are cut, the first part flagged `truncated` (default 1000). */
  maxLines?: number;
  /** Most bytes in one group's log: its lines and the '\n' between them (default maxRecordBytes). */
  maxBytes?: number;
  /** `flush(now)` releases a group idle (no line added) longer than this, in ms (default 3000). */
  idleMs?: number;
  /** `flush(now)` releases a group begun longer ago than this, in ms (default 30000). */
  maxAgeMs?: number;
  /** A logger line with ERROR/FATAL/SEVERE/CRITICAL right before a trace joins it (default true). */
  leadLine?: boolean;
  /**
   * The user's rules, RE2 syntax, matched anywhere in a line (anchor with ^ and $): a `start` line begins a
   * record; with `continue`, only matching lines append (otherwise every line does); an `end` line appends and
   * ends it. Lines joined with '\n'. Precedence with the detectors: README "Multiline", docs/multiline.md.
   */
  rules?: { start: string; continue?: string; end?: string };
}

export interface SourceOptions {
  /** `auto` (default) decides from the first valid line: `{` → docker, else cri. */
  format?: Format;
  /** This source's detectors, overriding the engine's `multiline.detectors`. */
  multiline?: Pick<MultilineOptions, 'detectors'>;
  /** What the host knows about this source's pod and container (overrides its path; labels merge over the pod's). */
  kubernetes?: SourceKubernetes;
  /**
   * Start at input offset `at` (the file offset the host reads from), skipping the lines whose records were
   * already done before a restart: see `Source.offsets()` and docs/offsets.md.
   */
  resume?: ResumePoint;
}

/** Where a source restarts: its input offset, and per stream the offset its records were done through. */
export interface ResumePoint {
  at: number;
  done: SourceDone;
}

/** Per stream: every line ending at or before this offset belongs to a record already handed on. */
export interface SourceDone {
  stdout: number;
  stderr: number;
  /** error lines (malformed: stream unknown) */
  errors: number;
}

/** A source's input offsets (docs/offsets.md). */
export interface SourceOffsets {
  /** after the last byte given to the source */
  consumed: number;
  /** the first byte of anything the engine still holds (reading again from here loses nothing) */
  heldFrom: number;
  done: SourceDone;
}

/** Decodes UTF-8 bytes of wasm memory to a string (Buffer#utf8Slice in Node, TextDecoder in browsers). */
export type Utf8Decoder = (memory: Uint8Array, start: number, end: number) => string;

/** Copies bytes out of wasm memory into a new array (a Buffer in Node, without zero-filling first). */
export type ByteCopier = (memory: Uint8Array, start: number, end: number) => Uint8Array;
