// A tiny grouping driver over the wasm export group_detect_step (assembly/group/detect/exports.ts): feeds lines
// (content without '\n') through the detector and turns the actions into groups of line indexes, as the group
// stage does: INSIDE → append; END → append, flush; START → flush, begin with the line; NO_TRACE → flush, the
// line alone. Line bytes are staged in wasm memory with regex_alloc / regex_dealloc. isLeadLine wraps the
// lead-line matcher (group_is_lead_line).
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import type { Build } from '../../../bindings/core/wasm.ts';

export const LANG = { java: 1, js: 2, csharp: 4, python: 8, go: 16, ruby: 32, php: 64, dart: 128, all: 255 } as const;
export const ACT = { NO_TRACE: 0, INSIDE: 1, END: 2, START: 3 } as const;
export const ACT_NAME = ['no_trace', 'inside_trace', 'end_trace', 'start_trace'] as const;
export const STATE_COUNT = 38;

export type Group = [number, number];
const enc = new TextEncoder();

export class Detector {
  private readonly w;
  private buf = 0;
  private cap = 0;
  state = 0;

  constructor(build: Build, readonly languages: number) {
    this.w = sharedInstance(build);
  }

  /** One step: returns the raw (action << 16) | newState and keeps newState. */
  stepRaw(line: Uint8Array): number {
    const e = this.w.exports;
    if (line.length > this.cap) {
      if (this.buf) e.regex_dealloc(this.buf);
      this.cap = Math.max(64, line.length * 2);
      this.buf = e.regex_alloc(this.cap);
    }
    this.w.u8().set(line, this.buf);
    const r = e.group_detect_step(this.languages, this.state, this.buf, line.length) >>> 0;
    this.state = r & 0xffff;
    return r;
  }

  step(line: string | Uint8Array): number {
    return this.stepRaw(typeof line === 'string' ? enc.encode(line) : line) >>> 16;
  }

  dispose(): void {
    if (this.buf) this.w.exports.regex_dealloc(this.buf);
    this.buf = 0;
    this.cap = 0;
  }
}

/** Per-line actions of a fresh detector. */
export function actions(build: Build, languages: number, lines: readonly (string | Uint8Array)[]): number[] {
  const d = new Detector(build, languages);
  const out = lines.map((l) => d.step(l));
  d.dispose();
  return out;
}

/** Groups (inclusive [first, last] line ranges) from per-line actions. */
export function groupsOf(acts: readonly number[]): Group[] {
  const out: Group[] = [];
  let open = -1;
  const flush = (end: number) => {
    if (open >= 0) out.push([open, end]);
    open = -1;
  };
  acts.forEach((a, i) => {
    if (a === ACT.INSIDE) {
      if (open < 0) open = i;
    } else if (a === ACT.END) {
      if (open < 0) open = i;
      flush(i);
    } else if (a === ACT.START) {
      flush(i - 1);
      open = i;
    } else {
      flush(i - 1);
      out.push([i, i]);
    }
  });
  flush(acts.length - 1);
  return out;
}

export function group(build: Build, languages: number, lines: readonly (string | Uint8Array)[]): Group[] {
  return groupsOf(actions(build, languages, lines));
}

/** Groups as text blocks (lines joined with '\n'), for readable hand-written expectations. */
export function groupText(build: Build, languages: number, text: string): string[] {
  const lines = text.split('\n');
  return group(build, languages, lines).map(([a, b]) => lines.slice(a, b + 1).join('\n'));
}

/** The lead-line matcher (group_is_lead_line over isLeadLine, assembly/group/detect/lead.ts) on one line. */
export function isLeadLine(build: Build, line: string | Uint8Array): boolean {
  const w = sharedInstance(build);
  const bytes = typeof line === 'string' ? enc.encode(line) : line;
  const p = w.exports.regex_alloc(Math.max(1, bytes.length));
  w.u8().set(bytes, p);
  const r = w.exports.group_is_lead_line(p, bytes.length) >>> 0;
  w.exports.regex_dealloc(p);
  return r === 1;
}
