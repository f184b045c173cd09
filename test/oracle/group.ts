// The naive oracle of the "group" stage (issue 7): after the partial-line join, the lines of one source are joined
// into one record per exception stack trace (detect.ts) or per user-defined record (start/continue/end regexes),
// per (source, stream). One call = one source; a pure function over the ordered input of that source.
//
//   groupOracle(inputs, options) → GroupRecord[]
//     inputs: lines { time: bigint ns, stream: 'stdout'|'stderr', log: Uint8Array }, and ops
//             { flush: nowNs } (release groups idle longer than idleNs or older than maxAgeNs) and { close: true }
//             (release everything). Groups still held after the last input are NOT returned (end the list with
//             close to get every line back).
//     output: { time, stream, log, lines, detector?, truncated } in release order.
//
// The accumulator follows upstream's TraceAccumulator on the detector's actions (detect.ts): inside_trace appends;
// end_trace appends then releases; start_trace releases then begins a record with the line; no_trace releases then
// emits the line alone. A record's log is its lines joined with '\n' (no trailing '\n'); it keeps its first
// line's time and stream.
//
// AMBIGUITY RESOLVED (besides D1-D13 in detect.ts):
//  G1  Precedence with user rules: while a user-rule record is held, the user rules decide (a `start` line begins a
//      new user record, a line that continues — every line when `continue` is absent, else a `continue` match —
//      appends, an `end` match appends and releases); a line that does not continue releases it and is then
//      treated as in the idle state. While a trace is held, the detector's rules decide first; a line that does
//      not continue the trace releases it and is treated as in the idle state. In the idle state the user
//      `start` regex is tried BEFORE the detectors' start rules. So user rules win whenever they claim a line.
//  G2  User rules without a held record: a line that is neither a `start` line nor a detector start is emitted
//      alone (Alloy/Promtail pass such lines through); a `start` line that also matches `end` is a one-line record
//      released at once. User-rule records name the detector 'custom'. Regexes are JavaScript RegExps (or pattern
//      strings compiled with the `u` flag) searched anywhere in the line's text (as detect.ts's text: D1, D2);
//      anchor them with ^ / $ to match at the line's start / end.
//  G3  Limits count the record being built: `lines` = lines held, bytes = the log's length (lines + '\n'
//      separators). A line that would make the record exceed maxLines or maxBytes cuts it BEFORE the line: the
//      held record is released flagged `truncated`, and the line begins the next record WITHOUT resetting the
//      detector (or user rule) state, so the rest of the trace is grouped as a continuation (upstream resets and
//      goes line by line). A record is cut only when a line that would continue it arrives: a trace of exactly
//      maxLines lines is not truncated. A single line longer than maxBytes is never split (the join stage caps
//      line size); it is held alone and cut only if a continuation follows. The continuation record's time is its
//      own first line's time (every record's time is its first line's) and it is flagged only if cut in turn.
//  G4  flush(nowNs) compares the host clock with the host clock of the pushes that brought the lines (`at`, which
//      defaults to the line's own time): a held record is released if nowNs - (its last line's `at`) > idleNs, or
//      nowNs - (its first line's `at`) > maxAgeNs (strictly greater, as the engine, which stamps each push;
//      an absent limit never releases). Released records are not flagged truncated. The detector / user-rule state
//      is KEPT, so a line that continues the trace after a flush begins a continuation record (the next record
//      continues the same trace, not line by line). Lines never trigger time-based releases themselves; only
//      flush does.
//  G5  Several records released by one flush or close come out in the order of their first lines in the input;
//      a close resets every state (a line after close starts fresh).
//  G6  Each stream has its own detector and record: a line of the other stream never continues, cuts or releases
//      a held record.
//  G7  The line text for every rule is the log decoded as UTF-8 (invalid bytes → U+FFFD); the record's log keeps
//      the original bytes.

import { Detector, type Language, type LanguageSet } from './detect.ts';

export type Stream = 'stdout' | 'stderr';

export interface GroupLine {
  /** ns since the epoch */
  time: bigint;
  stream: Stream;
  /** content without the trailing '\n' */
  log: Uint8Array;
  /** host clock (ns) of the push that brought the line (G4); defaults to `time` */
  at?: bigint;
}
export type GroupInput = GroupLine | { flush: bigint } | { close: true };

export interface UserRules {
  start: RegExp | string;
  continue?: RegExp | string;
  end?: RegExp | string;
}

export interface GroupOptions {
  /** languages whose detectors run; default 'all'; [] or 0 turns the detectors off */
  detectors?: LanguageSet;
  /** D12 / docs/multiline.md "Lead line": join a logger header line to the trace that starts on the very next
   *  line of its stream; default true. (The engine does this in its group stage with isLeadLine, not in the
   *  per-line detector; the oracle's Detector has it as a pseudo state.) */
  leadLine?: boolean;
  rules?: UserRules;
  maxLines?: number;
  maxBytes?: number;
  idleNs?: bigint;
  maxAgeNs?: bigint;
}

export type DetectorName = Language | 'custom';

export interface GroupRecord {
  time: bigint;
  stream: Stream;
  log: Uint8Array;
  lines: number;
  detector?: DetectorName;
  truncated: boolean;
}

interface Held {
  order: number;
  time: bigint;
  firstAt: bigint;
  lastAt: bigint;
  stream: Stream;
  parts: Uint8Array[];
  bytes: number;
  detector?: DetectorName;
}

/** What is being grouped on a stream: nothing (idle), a trace (the detector's state), or a user-rule record. */
type Mode = 'idle' | 'trace' | 'user';

interface StreamState {
  mode: Mode;
  detector: Detector;
  held: Held | null;
}

const compile = (re: RegExp | string | undefined) => (re === undefined ? undefined : typeof re === 'string' ? new RegExp(re, 'u') : re);

function joinLines(parts: Uint8Array[]): Uint8Array {
  let n = parts.length > 0 ? parts.length - 1 : 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  parts.forEach((p, i) => {
    if (i > 0) out[o++] = 0x0a;
    out.set(p, o);
    o += p.length;
  });
  return out;
}

export function isLine(x: GroupInput): x is GroupLine {
  return 'log' in x;
}

export function groupOracle(inputs: GroupInput[], options: GroupOptions = {}): GroupRecord[] {
  const languages = options.detectors ?? 'all';
  const leadLine = options.leadLine ?? true;
  const start = compile(options.rules?.start);
  const cont = compile(options.rules?.continue);
  const end = compile(options.rules?.end);
  const maxLines = options.maxLines ?? Infinity;
  const maxBytes = options.maxBytes ?? Infinity;
  const out: GroupRecord[] = [];
  let order = 0;

  const fresh = (): StreamState => ({ mode: 'idle', detector: new Detector(languages, { leadLine }), held: null });
  let streams: Record<Stream, StreamState> = { stdout: fresh(), stderr: fresh() };

  const release = (st: StreamState, truncated = false) => {
    const h = st.held;
    if (h === null) return;
    st.held = null;
    const rec: GroupRecord = { time: h.time, stream: h.stream, log: joinLines(h.parts), lines: h.parts.length, truncated };
    if (h.detector !== undefined) rec.detector = h.detector;
    out.push(rec);
  };

  /** Appends a line to the stream's record (beginning one if none is held), cutting first at the limits (G3). */
  const append = (st: StreamState, line: GroupLine, detector: DetectorName | undefined) => {
    const h = st.held;
    if (h !== null && (h.parts.length + 1 > maxLines || h.bytes + 1 + line.log.length > maxBytes)) release(st, true);
    if (st.held === null) {
      const at = line.at ?? line.time;
      st.held = { order: order, time: line.time, firstAt: at, lastAt: at, stream: line.stream, parts: [line.log], bytes: line.log.length };
    } else {
      st.held.parts.push(line.log);
      st.held.bytes += 1 + line.log.length;
      st.held.lastAt = line.at ?? line.time;
    }
    if (st.held.detector === undefined && detector !== undefined) st.held.detector = detector;
  };

  const emitAlone = (line: GroupLine) => {
    out.push({ time: line.time, stream: line.stream, log: line.log, lines: 1, truncated: false });
  };

  /** The idle state (G1): user start first, then the detector's start rules (its state is START here). */
  const idleLine = (st: StreamState, line: GroupLine, text: string) => {
    if (start !== undefined && start.test(text)) {
      st.mode = 'user';
      append(st, line, 'custom');
      if (end !== undefined && end.test(text)) {
        release(st);
        st.mode = 'idle';
      }
      return;
    }
    st.detector.reset();
    const { action, language } = st.detector.update(line.log);
    if (action === 'no_trace') {
      emitAlone(line);
      return;
    }
    // from the start state the only other outcome is inside_trace (no start rule leads back to START)
    st.mode = 'trace';
    append(st, line, language);
  };

  const onLine = (line: GroupLine) => {
    const st = streams[line.stream];
    const text = Detector.text(line.log);
    if (st.mode === 'user') {
      if (start!.test(text)) {
        release(st);
        append(st, line, 'custom');
        if (end !== undefined && end.test(text)) {
          release(st);
          st.mode = 'idle';
        }
        return;
      }
      if (cont === undefined || cont.test(text)) {
        append(st, line, 'custom');
        if (end !== undefined && end.test(text)) {
          release(st);
          st.mode = 'idle';
        }
        return;
      }
      release(st);
      st.mode = 'idle';
      idleLine(st, line, text);
      return;
    }
    if (st.mode === 'trace') {
      const { action, language } = st.detector.update(line.log);
      if (action === 'inside_trace' || action === 'end_trace') {
        append(st, line, language);
        if (action === 'end_trace') {
          release(st);
          st.mode = 'idle';
        }
        return;
      }
      // the line does not continue the trace: release it, then the line is seen from the idle state (G1), where
      // the user `start` regex comes before the detectors' start rules (so undo the detector's own retry)
      release(st);
      st.mode = 'idle';
      idleLine(st, line, text);
      return;
    }
    idleLine(st, line, text);
  };

  const heldInOrder = () =>
    (['stdout', 'stderr'] as Stream[]).map((s) => streams[s]).filter((st) => st.held !== null).sort((a, b) => a.held!.order - b.held!.order);

  for (const input of inputs) {
    if (isLine(input)) {
      onLine(input);
      order++;
    } else if ('flush' in input) {
      const now = input.flush;
      for (const st of heldInOrder()) {
        const h = st.held!;
        const idle = options.idleNs !== undefined && now - h.lastAt > options.idleNs;
        const old = options.maxAgeNs !== undefined && now - h.firstAt > options.maxAgeNs;
        if (idle || old) release(st);
      }
    } else {
      for (const st of heldInOrder()) release(st);
      streams = { stdout: fresh(), stderr: fresh() };
    }
  }
  return out;
}
