// The naive oracle of the exception detectors (issue 7): one state machine per rule set, driven line by line
// exactly as upstream fluent-plugin-detect-exceptions' ExceptionDetector#update is documented to work
// (../shared/conformance/detect-exceptions/README.md): try the rules of the current state in order; on a match
// move to the rule's target (INSIDE, or END when the target is the start state); otherwise fall back to the start
// state and try the start rules once more (START on a match, NO_TRACE otherwise).
//
// The rules are transcribed from the detector spec docs/multiline.md (its tables, in its order), one readable
// RegExp per rule; no code or table is shared with the engine (assembly/group/detect), whose byte matchers are
// written from the same spec: test/group/detect/agreement.test.ts checks that both give the same actions. It is an
// oracle: clear, not fast. The grouping that acts on the actions lives in group.ts.
//
// A line is matched as a BYTE string (one char per byte, D2), without the record's '\n' (CRI/Docker content has
// none), and with ONE trailing '\r' removed. Every RegExp has the `s` flag (`.` is any byte) and no `u` flag, and
// uses the ASCII classes below instead of \s (JavaScript's \s would also take U+00A0, i.e. byte 0xA0).
//
// AMBIGUITY RESOLVED (docs/multiline.md is the spec; these readings are written into it):
//  D1  End of content is end of line: `$` means the end of the line's content, so CRI content (no '\n') groups JS
//      `Error` / `V8 errors stack trace` traces like Docker content (README: assert `expected_groups` for both).
//  D2  Rules see bytes: bytes >= 0x80 only match "any byte" positions; one trailing '\r' is ignored (CRLF); a
//      record keeps its bytes unchanged. "blank" is the EMPTY line (a line of spaces is not blank).
//  D3  Start rules are tried in the spec's priority order, first match wins: PHP, Ruby standard, Python, Go, Ruby
//      Rails, Dart, then the JVM family (Java / JS / C#) LAST: its header rule ("…Exception:" anywhere in the line)
//      is the most general, so it only takes what no other language recognises (`panic: Error: x` is Go's).
//  D4  java / js / csharp share ONE rule set (as upstream, and as the spec): any of the three bits enables it; the
//      JS-only rules (coded `Error [X]:` headers, Node's origin block, inspected objects, `Emitted … at:`) need the
//      js bit, the C#-only ones (`Unhandled exception.`, `---> `) the csharp bit. The record's language among the
//      three (D13) is a label only: csharp for `Unhandled exception.`, `---> ` or a Capitalised dotted namespace
//      before `…Exception` (`System.IO.IOException:`); js for the JS-only rules or a header line that starts with an
//      identifier ending in `Error` (`TypeError: x`, `Uncaught RangeError`) or is `V8 errors stack trace`; else java;
//      when the label's language is not enabled, the first enabled of java, js, csharp.
//  D5  Blank lines continue a trace only where the spec's tables say so (after a JVM header, JS tail, Python final /
//      chain, PHP frames before `Next`, Go before a goroutine header, Dart type/format errors).
//  D6  Python: the final `Type: message` line does NOT end the record: a blank line, a chain line and the next
//      `Traceback` may follow in the SAME record; the next line that matches nothing ends it.
//  D7  Go / Ruby / PHP / Dart: as the spec's tables, including its departures (Go `fatal error:`, goroutine fields,
//      re-panics; Ruby standard backtraces and Rails headers of any constant; PHP `Fatal error: Uncaught` without
//      the `PHP ` prefix, chained `Next`; Dart: any error line after `Unhandled exception:`).
//  D12 Lead line (docs/multiline.md "Lead line"): a line that starts no trace but isLeadLine (an upper-case level
//      word ERROR, FATAL, SEVERE or CRITICAL as a whole word, or a klog/glog `E`/`F` header `Lmmdd hh:mm:ss`) is
//      held; if the very next line of its stream STARTS a trace, the header joins that trace's record (which names
//      that language); otherwise it is released alone (no detector). Option `leadLine`, default true. The engine
//      implements this in the GROUP stage (assembly/group/detect/lead.ts's isLeadLine + one held line), not in its
//      per-line detector; here it is a pseudo state `lead` of the Detector, so compare the detectors with
//      `leadLine: false`.
//  D13 A record's `detector` is the language of the first language rule that put a line into it; a record holding
//      only a lead line, or a line no rule matched, has none.

export const LANGUAGES = {
  java: 1,
  js: 2,
  csharp: 4,
  python: 8,
  go: 16,
  ruby: 32,
  php: 64,
  dart: 128,
} as const;
export type Language = keyof typeof LANGUAGES;
export const ALL_LANGUAGES = 255;
const { java: JAVA, js: JS, csharp: CS, python: PY, go: GO, ruby: RB, php: PHP, dart: DART } = LANGUAGES;
/** The JVM family: enabled by any of java, js, csharp (D4). */
const JVM = JAVA | JS | CS;

export const START = 'start';
export const LEAD = 'lead';

export interface Rule {
  re: RegExp;
  /** target state; START means the rule ends the trace */
  to: string;
  /** language bits of which at least one must be enabled for the rule to apply (besides its state's) */
  needs?: number;
  /** the record label (D4, D13) of a JVM-family start rule; other rules take their state's language */
  label?: (text: string, mask: number) => Language;
}
export interface StateRules {
  /** language bits of which at least one must be enabled for the state to have rules */
  gate: number;
  /** the language named in records (JVM-family states: the trace's label, D4) */
  language: Language | 'jvm';
  rules: Rule[];
}

// ASCII classes (D2): \s is Ruby's/the spec's \s, [\t ] is the spec's `ws`.
const S = '[\\t\\n\\v\\f\\r ]';
const NS = '[^\\t\\n\\v\\f\\r ]';
const re = (src: string) => new RegExp(src, 's');
const r = (rx: RegExp | string, to: string, needs?: number): Rule => ({ re: typeof rx === 'string' ? re(rx) : new RegExp(rx.source, 's'), to, needs });

const BLANK = /^$/;
const JVM_HEADER = /(?:Exception|Error|Throwable|V8 errors stack trace)(?::|\r|$)/;
const JS_CODED = re(`(?:Error|Exception) \\[[^\\[\\]\\t\\n\\v\\f\\r ]{1,64}\\]:`);
const ENDS_BRACE = /\{$/;

/** D4: the label of a JVM-family trace, from its first line. */
function jvmLabel(prefer: Language | null) {
  return (text: string, mask: number): Language => {
    let want: Language = prefer ?? 'java';
    if (prefer === null) {
      // in the order of docs/multiline.md "Record names": a JS-only start, then `Unhandled exception.`, then the header
      if (JS_CODED.test(text)) want = 'js';
      else if (/^Unhandled exception\./.test(text)) want = 'csharp';
      else if (/^(?:[A-Z]\w*\.)+[A-Z]\w*Exception\b/.test(text)) want = 'csharp';
      else if (/^(?:Uncaught )?(?:[A-Za-z_$][\w$]*)?Error\b/.test(text) || /^V8 errors stack trace/.test(text)) want = 'js';
    }
    if (mask & LANGUAGES[want]) return want;
    return (['java', 'js', 'csharp'] as Language[]).find((l) => mask & LANGUAGES[l])!;
  };
}
const labelled = (rule: Rule, prefer: Language | null): Rule => ({ ...rule, label: jvmLabel(prefer) });

/** Start rules in priority order (docs/multiline.md "Start rules"; D3). `needs` gates each one. */
export const START_RULES: Array<Rule & { language: Language | 'jvm' }> = [
  { ...r(/PHP (?:Notice|Parse error|Fatal error|Warning):/, 'php.begin', PHP), language: 'php' },
  { ...r(/exception '[^']+' with message '/, 'php.begin', PHP), language: 'php' },
  { ...r(/^Fatal error: +Uncaught /, 'php.begin', PHP), language: 'php' },
  { ...r(`^${NS}+:\\d+:in [\`']`, 'rb.std', RB), language: 'ruby' },
  { ...r(/^Traceback \(most recent call last\):$/, 'py.tb', PY), language: 'python' },
  { ...r(/(?<![A-Za-z0-9_])panic: /, 'go.after_panic', GO), language: 'go' },
  { ...r(/http: panic serving/, 'go.goroutine', GO), language: 'go' },
  { ...r(/^fatal error: /, 'go.after_panic', GO), language: 'go' },
  { ...r(/Error \(.*\):$/, 'rb.rails_before', RB), language: 'ruby' },
  { ...r(/^[\t ]*[A-Z][A-Za-z0-9_]*(?:::[A-Z][A-Za-z0-9_]*)* \(.*\):$/, 'rb.rails_before', RB), language: 'ruby' },
  { ...r(/^Unhandled exception:$/, 'dart.exc', DART), language: 'dart' },
  // JVM family last (D3); a header line ending in '{' opens a JS inspected object (JS only)
  { ...labelled({ re: re(`${JVM_HEADER.source}.*\\{$`), to: 'js.obj', needs: JS }, null), language: 'jvm' },
  { ...labelled({ re: re(`${JS_CODED.source}.*\\{$`), to: 'js.obj', needs: JS }, 'js'), language: 'jvm' },
  { ...labelled(r(JVM_HEADER, 'j.after_exc', JVM), null), language: 'jvm' },
  { ...labelled({ re: JS_CODED, to: 'j.after_exc', needs: JS }, 'js'), language: 'jvm' },
  { ...labelled(r(/^Unhandled exception\./, 'j.after_exc', CS), 'csharp'), language: 'jvm' },
  { ...labelled(r(/^(?:node:[^\t ]*|[^\t ]*\.(?:js|mjs|cjs)):\d+$/, 'js.src1', JS), 'js'), language: 'jvm' },
];

// JVM frame rules F1-F7, shared by j.after_exc and j.frames (docs/multiline.md "JVM family").
const FRAME_RULES: Rule[] = [
  r(/^[\t ]+(?:eval )?at .*\{$/, 'js.obj', JS),
  r(/^[\t ]+(?:eval )?at /, 'j.frames'),
  r(/^[\t ]*--- End of inner exception stack trace ---$/, 'j.frames'),
  r(/^[\t ]*--- End of stack trace from previous location.* ---$/, 'j.frames'),
  r(/^[\t ]*---> /, 'j.after_exc', CS),
  r(/^[\t ]*(?:Caused by:|Suppressed:)/, 'j.after_exc'),
  r(/^[\t ]*\.\.\. \d+ (?:more|common frames omitted)/, 'j.frames'),
  r(/^Emitted '.* at:$/, 'j.after_exc', JS),
];
const headerTo = (plain: string): Rule[] => [
  { re: re(`${JVM_HEADER.source}.*\\{$`), to: 'js.obj', needs: JS },
  { re: re(`${JS_CODED.source}.*\\{$`), to: 'js.obj', needs: JS },
  r(JVM_HEADER, plain),
  { re: JS_CODED, to: plain, needs: JS },
];

const PY_FINAL = re(`^(?:[^\\t\\n\\v\\f\\r .():]+\\.)*[^\\t\\n\\v\\f\\r .():]+(?::|$)`);
const PY_CHAIN = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)$/;
const PY_TRACEBACK = /^Traceback \(most recent call last\):$/;
const GO_HEADER = /^goroutine \d+ (?:.* )?\[[^\[\]]+\]:$/;
const GO_FUNC = re(`^(?:[^\\t\\n\\v\\f\\r .:]+\\.)*[^\\t\\n\\v\\f\\r .:()]+\\(`);
const RB_RAILS_FRAME = /^[\t ].*\.rb:\d+:in [`']/;
const DART_FRAME = re(`^#\\d+${S}.+\\(.+\\)$`);

export const STATES: Record<string, StateRules> = {
  // JVM family (Java, JavaScript, C#)
  'j.after_exc': { gate: JVM, language: 'jvm', rules: [r(/^[\t ]*nested exception is:/, 'j.start_exc'), r(BLANK, 'j.after_exc'), ...FRAME_RULES] },
  'j.frames': { gate: JVM, language: 'jvm', rules: [...FRAME_RULES, r(BLANK, 'js.tail', JS)] },
  'j.start_exc': { gate: JVM, language: 'jvm', rules: headerTo('j.after_exc') },
  // JavaScript / Node
  'js.src1': { gate: JS, language: 'jvm', rules: [r(/^./, 'js.src2')] },
  'js.src2': { gate: JS, language: 'jvm', rules: [r(/^[\t ]*\^[\^\t ]*$/, 'js.src3')] },
  'js.src3': { gate: JS, language: 'jvm', rules: [r(BLANK, 'js.src3'), r(/^\[.*\{$/, 'js.obj'), r(/^\[/, 'j.after_exc'), ...headerTo('j.after_exc')] },
  'js.obj': { gate: JS, language: 'jvm', rules: [r(/^\}$/, 'js.tail'), r(/^[\t ]+[^\t ]/, 'js.obj')] },
  'js.tail': { gate: JS, language: 'jvm', rules: [r(BLANK, 'js.tail'), r(/^Node\.js v\d/, START)] },
  // Python
  'py.tb': {
    gate: PY, language: 'python',
    rules: [r(/^[\t ]+File /, 'py.code'), r(/^[\t ]+[\^~][\^~\t ]*$/, 'py.tb'), r(/^ {4}[\t ]*[^\t ]/, 'py.tb'),
      r(/^[\t ]+\[Previous line repeated /, 'py.tb'), { re: PY_FINAL, to: 'py.final' }],
  },
  'py.code': {
    gate: PY, language: 'python',
    rules: [r(/^[\t ]+File /, 'py.code'), { re: re(`^(?=[^\\t ])${PY_FINAL.source.slice(1)}`), to: 'py.final' }, r(/[^\t ]/, 'py.tb')],
  },
  'py.final': { gate: PY, language: 'python', rules: [r(BLANK, 'py.final_blank'), r(PY_CHAIN, 'py.chain')] },
  'py.final_blank': { gate: PY, language: 'python', rules: [r(PY_CHAIN, 'py.chain')] },
  'py.chain': { gate: PY, language: 'python', rules: [r(BLANK, 'py.chain_blank'), r(PY_TRACEBACK, 'py.tb')] },
  'py.chain_blank': { gate: PY, language: 'python', rules: [r(PY_TRACEBACK, 'py.tb')] },
  // PHP
  'php.begin': { gate: PHP, language: 'php', rules: [r(/^Stack trace:/, 'php.frames')] },
  'php.frames': { gate: PHP, language: 'php', rules: [r(/^#\d/, 'php.frames'), r(`^${S}+thrown in `, START), r(BLANK, 'php.blank')] },
  'php.blank': { gate: PHP, language: 'php', rules: [r(/^Next /, 'php.begin')] },
  // Go
  'go.after_panic': {
    gate: GO, language: 'go',
    rules: [r(BLANK, 'go.goroutine'), r(/^\[signal /, 'go.after_signal'), r(/^[\t ]+panic: /, 'go.after_panic'), r(GO_HEADER, 'go.frame1')],
  },
  'go.after_signal': { gate: GO, language: 'go', rules: [r(BLANK, 'go.goroutine'), r(GO_HEADER, 'go.frame1')] },
  'go.goroutine': { gate: GO, language: 'go', rules: [r(GO_HEADER, 'go.frame1'), r(/^runtime stack:$/, 'go.frame1')] },
  'go.frame1': {
    gate: GO, language: 'go',
    rules: [r(BLANK, 'go.goroutine'), { re: GO_FUNC, to: 'go.frame2' }, r(/^created by /, 'go.frame2'), r(/^\.\.\.additional frames elided\.\.\.$/, 'go.frame1')],
  },
  'go.frame2': { gate: GO, language: 'go', rules: [r(`^${S}`, 'go.frame1')] },
  // Ruby
  'rb.rails_before': { gate: RB, language: 'ruby', rules: [r(/^ {2}$/, 'rb.rails'), r(RB_RAILS_FRAME, 'rb.rails')] },
  'rb.rails': { gate: RB, language: 'ruby', rules: [r(RB_RAILS_FRAME, 'rb.rails')] },
  'rb.std': { gate: RB, language: 'ruby', rules: [r(`^[\\t ]+from ${NS}*:\\d`, 'rb.std'), r(/^[\t ]+\.\.\. \d+ levels\.\.\.$/, 'rb.std')] },
  // Dart
  'dart.exc': {
    gate: DART, language: 'dart',
    rules: [
      r(/^(?:Instance of|Exception|Bad state|IntegerDivisionByZeroException|Invalid argument|RangeError|Assertion failed|Cannot instantiate|Reading static variable|UnimplementedError|Unsupported operation|Concurrent modification|Out of Memory|Stack Overflow)/, 'dart.stack'),
      r(/^'.+':./, 'dart.type1'), r(/^FormatException/, 'dart.fmt1'), r(/^NoSuchMethodError:/, 'dart.nsm1'), r(/^./, 'dart.stack'),
    ],
  },
  'dart.stack': { gate: DART, language: 'dart', rules: [{ re: DART_FRAME, to: 'dart.stack' }, r(/^<asynchronous suspension>$/, 'dart.stack')] },
  'dart.type1': { gate: DART, language: 'dart', rules: [{ re: DART_FRAME, to: 'dart.stack' }, r(/^./, 'dart.type2')] },
  'dart.type2': { gate: DART, language: 'dart', rules: [r(/\^/, 'dart.type3')] },
  'dart.type3': { gate: DART, language: 'dart', rules: [r(BLANK, 'dart.type4')] },
  'dart.type4': { gate: DART, language: 'dart', rules: [r(BLANK, 'dart.stack')] },
  'dart.fmt1': { gate: DART, language: 'dart', rules: [{ re: DART_FRAME, to: 'dart.stack' }, r(/^./, 'dart.fmt2')] },
  'dart.fmt2': { gate: DART, language: 'dart', rules: [r(/\^/, 'dart.fmt3')] },
  'dart.fmt3': { gate: DART, language: 'dart', rules: [r(BLANK, 'dart.stack')] },
  'dart.nsm1': { gate: DART, language: 'dart', rules: [r(/^Receiver:/, 'dart.nsm2')] },
  'dart.nsm2': { gate: DART, language: 'dart', rules: [r(/^Tried calling:/, 'dart.nsm3')] },
  'dart.nsm3': { gate: DART, language: 'dart', rules: [r(/^Found:/, 'dart.stack'), { re: DART_FRAME, to: 'dart.stack' }] },
};

/**
 * D12: a lead line (docs/multiline.md "Lead line"): an upper-case level word ERROR, FATAL, SEVERE or CRITICAL as a
 * whole word (no ASCII letter, digit or '_' on either side), or a klog/glog header: `E` or `F`, four digits, a
 * space, `hh:mm:ss` at the line start. Tried only on a line that starts no trace.
 */
export const LEAD_LINE = /(?<![A-Za-z0-9_])(?:ERROR|FATAL|SEVERE|CRITICAL)(?![A-Za-z0-9_])|^[EF]\d{4} \d\d:\d\d:\d\d/;

export type Action = 'inside_trace' | 'end_trace' | 'start_trace' | 'no_trace';

/** Which languages a detector runs: a LANGUAGES bit mask, 'all', or a list of names. */
export type LanguageSet = number | 'all' | Language[];

export function languageMask(set: LanguageSet): number {
  if (set === 'all') return ALL_LANGUAGES;
  if (typeof set === 'number') return set & ALL_LANGUAGES;
  let m = 0;
  for (const l of set) {
    if (!(l in LANGUAGES)) throw new Error(`unknown language ${l}`);
    m |= LANGUAGES[l];
  }
  return m;
}

/** The bytes of a line as a byte string, without one trailing '\r' (D1, D2). */
function byteText(line: Uint8Array | string): string {
  const b = typeof line === 'string' ? new TextEncoder().encode(line) : line;
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/**
 * One detector (one per (source, stream)). `update(line)` returns upstream's action and the language of the
 * rule that matched (none for NO_TRACE and for the lead rule).
 */
export class Detector {
  state = START;
  /** the current JVM-family trace's label (D4) */
  private label: Language = 'java';
  private readonly mask: number;
  private readonly leadLine: boolean;

  constructor(languages: LanguageSet = 'all', { leadLine = true }: { leadLine?: boolean } = {}) {
    this.mask = languageMask(languages);
    this.leadLine = leadLine && this.mask !== 0;
  }

  /** The text user rules see (group.ts G7): UTF-8 decoded, one trailing '\r' removed. */
  static text(line: Uint8Array | string): string {
    const s = typeof line === 'string' ? line : new TextDecoder().decode(line);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }

  private applies(rule: Rule): boolean {
    return rule.needs === undefined || (this.mask & rule.needs) !== 0;
  }

  /** The start rules (then the lead rule when `withLead`): the target state and language, or null. */
  private tryStart(text: string, withLead: boolean): { to: string; language?: Language } | null {
    for (const rule of START_RULES) {
      if (!this.applies(rule) || !rule.re.test(text)) continue;
      if (rule.language === 'jvm') {
        this.label = rule.label!(text, this.mask);
        return { to: rule.to, language: this.label };
      }
      return { to: rule.to, language: rule.language };
    }
    if (withLead && this.leadLine && LEAD_LINE.test(text)) return { to: LEAD };
    return null;
  }

  update(line: Uint8Array | string): { action: Action; language?: Language } {
    const text = byteText(line);
    const from = this.state;
    if (from === LEAD) {
      // the held lead line joins only a trace that STARTS on the very next line (D12)
      const t = this.tryStart(text, false);
      if (t !== null) {
        this.state = t.to;
        return { action: 'inside_trace', language: t.language };
      }
    } else if (from !== START) {
      const st = STATES[from];
      if ((this.mask & st.gate) !== 0) {
        for (const rule of st.rules) {
          if (!this.applies(rule) || !rule.re.test(text)) continue;
          this.state = rule.to;
          if (rule.to === 'js.obj' || rule.to === 'js.src1') this.label = (this.mask & JS) !== 0 ? 'js' : this.label;
          if (rule.re.source.startsWith('^[\\t ]*---> ')) this.label = 'csharp';
          const language = st.language === 'jvm' ? this.label : st.language;
          return { action: rule.to === START ? 'end_trace' : 'inside_trace', language };
        }
      }
    }
    this.state = START;
    const second = this.tryStart(text, true);
    if (second === null) return { action: 'no_trace' };
    this.state = second.to;
    // no start rule leads straight back to the start state
    return { action: from === START ? 'inside_trace' : 'start_trace', language: second.language };
  }

  reset(): void {
    this.state = START;
  }
}
