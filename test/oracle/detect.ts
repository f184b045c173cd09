// The naive oracle of the exception detectors (issue 7): one state machine per language, driven line by line
// exactly as upstream fluent-plugin-detect-exceptions' ExceptionDetector#update is documented to work
// (../shared/conformance/detect-exceptions/README.md): try the rules of the current state in order; on a match
// move to the rule's target (INSIDE, or END when the target is the start state); otherwise fall back to the start
// state and try the start rules once more (START on a match, NO_TRACE otherwise).
//
// The rules are written here from the trace formats themselves (the conformance samples, the runtimes' documented
// output, ../shared/facts/multiline.md), one readable RegExp per rule; no upstream code was copied. It is an
// oracle: clear, not fast. The grouping that acts on the actions lives in group.ts.
//
// A line is matched as text: its bytes decoded as UTF-8 (invalid bytes → U+FFFD), without the record's '\n'
// (CRI/Docker content has none), and with ONE trailing '\r' removed for matching only (see D2).
//
// AMBIGUITY RESOLVED (the engine's docs/multiline.md must agree, or the lead reconciles one with the other):
//  D1  End of content is end of line: `$` in every rule means the end of the line's content, so CRI content (no
//      '\n') groups JS `Error` / `V8 errors stack trace` traces like Docker content (README: assert
//      `expected_groups` for the chomped feed too).
//  D2  One trailing '\r' is ignored by the rules (CRLF programs); the record keeps its bytes unchanged.
//  D3  Start rules are tried in this fixed language order, first match wins, whatever order the caller enabled
//      them in: python, go, ruby, php, dart, csharp, js, java, then the lead-line rule (D12). More specific rules
//      come first so that the most general one (Java's "…Exception:" anywhere in the line) only takes what no other
//      language recognises. The record's `detector` is the language whose start rule matched.
//  D4  java / js / csharp are separate rule sets (upstream uses the Java rules for all three):
//        csharp starts on `Unhandled exception. ` or a header whose namespaces are Capitalised (`System.X.YException:`);
//        js starts on a bare identifier ending in `Error` at the line start (`Error`, `TypeError: …`, `Uncaught …`),
//        `V8 errors stack trace`, or Node's `file:line` / `node:internal/…:line` source header;
//        java starts on `Exception`, `Error` or `Throwable` followed by `:` or end of line ANYWHERE in the line.
//      The java state also accepts C#'s `---> ` / `--- End of … ---` lines, because a C# header without a
//      namespace (`MyException: x`) or a C# trace read with only `java` enabled lands in the java state.
//  D5  Blank lines (only spaces/tabs) continue Java, JS, C#, Rails and Go traces (Go: a blank leads to the next
//      goroutine); a trailing blank line therefore stays in the trace's record.
//  D6  Python: the final `Type: message` line does NOT end the record at once: it may be followed by a blank line
//      and "During handling of the above exception, another exception occurred:" or "The above exception was the
//      direct cause of the following exception:", a blank line and the next `Traceback`, all in the SAME record.
//      So a Python record is released by the next line that does not continue it (or by flush/close), and a blank
//      line right after the final line joins the record. The final line is `Name` or `dotted.Name` alone or
//      followed by `:` (`KeyboardInterrupt`, `ValueError: x`, `mod.Err: x`). Caret/tilde lines of 3.11+
//      (`    ~~~^^^`) and `[Previous line repeated N more times]` continue the trace.
//  D7  Go: `panic: ` with a word boundary anywhere (`2026/01/02 … panic: x`), `http: panic serving` anywhere,
//      `fatal error: ` at the line start. Inside: `[signal …`, an indented `panic: ` (re-panic after
//      `[recovered]`), blank lines, `goroutine N [state]:` with any `key=value` fields before the bracket
//      (Go 1.21+ `gp=… m=… mp=…`), function lines `pkg.fn(args)`, tab-indented file lines, `created by …`,
//      `runtime stack:`, `...additional frames elided...`. No rule ends a Go trace.
//  D8  Ruby: Rails `[ws]Some::ClassName (message):` then blank, indented `…:N:in ` or `file.rb:N:in ` lines;
//      standard `file:N:in 'm': message (Class)` then `<ws>from file:N:in ` and `<ws>... N levels...` lines.
//      A second `file:N:in … (Class)` header (Ruby's `cause`) starts a NEW record: it cannot be told from a new
//      error printed right after.
//  D9  PHP: `PHP Notice|Parse error|Fatal error|Warning|Deprecated:`, `[PHP ]Fatal error: Uncaught `, or
//      `exception '…' with message '` anywhere; then `Stack trace:` / `PHP Stack trace:`, `#N ` frames,
//      `PHP   N. ` (xdebug) frames, `Next Class: …` (chained) headers; `<ws>thrown in ` ENDS the record.
//  D10 Dart: `Unhandled exception:` then ANY one non-blank line (the error kind: the ~15 kinds, `Instance of 'X'`,
//      `'file': malformed type…`), then message lines (blank, indented, carets, `Receiver:`, `Tried calling:`,
//      `Found:`, `Arguments:`) with at most one unindented free line before a caret line (FormatException's
//      source excerpt), then `#N  fn (loc)` frames and `<asynchronous suspension>`.
//  D11 JS (Node): after the source header come the code line, a caret line `^^^`, an optional blank, the thrown
//      value (any non-blank line), `    at …` frames, `Emitted 'x' event … at:`, an inspected object opened by a
//      line ending in ` {` and closed by `}` at column 0 (its indented lines are kept), blank lines, and the
//      `Node.js vN.N.N` footer, which ENDS the record.
//  D12 Lead line ("a logger header line before the exception stays a separate record" — facts gap): a line that
//      is not itself a trace start but carries an uppercase level word ERROR, FATAL, SEVERE or CRITICAL is held;
//      if the next line of its stream STARTS a trace of an enabled language, the header joins that trace's record
//      (which then names that language). Otherwise the header is released alone (no detector). Enabled whenever
//      at least one language is, unless `leadLine: false`.
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

/** D3: the order in which languages' start rules are tried. */
export const START_ORDER: Language[] = ['python', 'go', 'ruby', 'php', 'dart', 'csharp', 'js', 'java'];

export const START = 'start';
export const LEAD = 'lead';

export interface Rule {
  re: RegExp;
  /** target state; START means the rule ends the trace */
  to: string;
}
export interface LanguageRules {
  start: Rule[];
  /** state name → rules tried in that state, in order */
  states: Record<string, Rule[]>;
}

const BLANK = /^[\t ]*$/;
const r = (re: RegExp, to: string): Rule => ({ re, to });

const JAVA_HEADER = /(?:Exception|Error|Throwable)(?::|$)/;
const CSHARP_MARKERS = [
  r(/^[\t ]*---> /, 'java.trace'),
  r(/^[\t ]*--- End of inner exception stack trace ---$/, 'java.trace'),
  r(/^[\t ]*--- End of stack trace from previous location\b.*---$/, 'java.trace'),
];

export const RULES: Record<Language, LanguageRules> = {
  java: {
    start: [r(JAVA_HEADER, 'java.trace')],
    states: {
      'java.trace': [
        r(/^[\t ]+at /, 'java.trace'),
        r(/^[\t ]*Caused by:/, 'java.trace'),
        r(/^[\t ]*Suppressed:/, 'java.trace'),
        r(/^[\t ]*\.\.\. \d+ (?:more|common frames omitted)$/, 'java.trace'),
        r(/^[\t ]*nested exception is:$/, 'java.nested'),
        r(BLANK, 'java.trace'),
        ...CSHARP_MARKERS,
      ],
      'java.nested': [r(JAVA_HEADER, 'java.trace'), r(BLANK, 'java.nested')],
    },
  },
  csharp: {
    start: [
      r(/^Unhandled exception\. /, 'cs.trace'),
      r(/^(?:[A-Z]\w*\.)+[A-Z]\w*Exception(?::|$| --->)/, 'cs.trace'),
    ],
    states: {
      'cs.trace': [
        r(/^[\t ]+at /, 'cs.trace'),
        r(/^[\t ]*---> /, 'cs.trace'),
        r(/^[\t ]*--- End of inner exception stack trace ---$/, 'cs.trace'),
        r(/^[\t ]*--- End of stack trace from previous location\b.*---$/, 'cs.trace'),
        r(BLANK, 'cs.trace'),
      ],
    },
  },
  js: {
    start: [
      r(/^(?:Uncaught )?(?:[A-Z][\w$]*)?Error(?::|$)/, 'js.trace'),
      r(/^V8 errors stack trace$/, 'js.trace'),
      r(/^(?:node:[\w/]+|\S+\.(?:[cm]?js|[cm]?ts|jsx|tsx)):\d+$/, 'js.src'),
    ],
    states: {
      'js.src': [r(/\S/, 'js.code')],
      'js.code': [r(/^[\t ]*\^+[\t ]*$/, 'js.caret')],
      'js.caret': [r(BLANK, 'js.thrown'), r(/ \{$/, 'js.obj'), r(/\S/, 'js.trace')],
      'js.thrown': [r(/ \{$/, 'js.obj'), r(/\S/, 'js.trace')],
      'js.trace': [
        r(/^[\t ]+at .* \{$/, 'js.obj'),
        r(/^[\t ]+(?:eval )?at /, 'js.trace'),
        r(/^Emitted '[^']+' event .*at:$/, 'js.trace'),
        r(/^\(Use `node --trace-/, 'js.trace'),
        r(BLANK, 'js.tail'),
      ],
      'js.obj': [r(/^\}$/, 'js.trace'), r(/^[\t ]+\S/, 'js.obj')],
      'js.tail': [r(/^Node\.js v\d+(?:\.\d+)*$/, START), r(/^\(Use `node --trace-/, 'js.tail'), r(BLANK, 'js.tail')],
    },
  },
  python: {
    start: [r(/^Traceback \(most recent call last\):$/, 'py.tb')],
    states: (() => {
      const frame = r(/^[\t ]+File "/, 'py.frame');
      const repeated = r(/^[\t ]+\[Previous line repeated \d+ more times?\]$/, 'py.code');
      const final = r(/^[A-Za-z_][\w.]*(?::.*)?$/, 'py.final');
      return {
        'py.tb': [frame, repeated],
        'py.frame': [frame, r(/^[\t ]+\S/, 'py.code'), final],
        'py.code': [frame, r(/^[\t ]+[~^][\t ~^]*$/, 'py.code'), repeated, final],
        'py.final': [r(BLANK, 'py.final_blank')],
        'py.final_blank': [
          r(/^During handling of the above exception, another exception occurred:$/, 'py.chain'),
          r(/^The above exception was the direct cause of the following exception:$/, 'py.chain'),
        ],
        'py.chain': [r(BLANK, 'py.chain'), r(/^Traceback \(most recent call last\):$/, 'py.tb')],
      };
    })(),
  },
  go: {
    start: [
      r(/\bpanic: /, 'go.panic'),
      r(/\bhttp: panic serving\b/, 'go.panic'),
      r(/^fatal error: /, 'go.panic'),
    ],
    states: (() => {
      const goroutine = r(/^goroutine \d+(?: \S+)* \[[^\]]*\]:$/, 'go.frames');
      return {
        'go.panic': [r(/^\[signal /, 'go.panic'), r(/^[\t ]+panic: /, 'go.panic'), r(BLANK, 'go.blank'), goroutine, r(/^runtime stack:$/, 'go.frames')],
        'go.blank': [goroutine, r(/^\[signal /, 'go.panic'), r(BLANK, 'go.blank'), r(/^runtime stack:$/, 'go.frames')],
        'go.frames': [
          r(/^[^\s(]\S*\(.*\)$/, 'go.frames'),
          r(/^\t\S/, 'go.frames'),
          r(/^created by /, 'go.frames'),
          r(/^\.\.\.additional frames elided\.\.\.$/, 'go.frames'),
          r(BLANK, 'go.blank'),
        ],
      };
    })(),
  },
  ruby: {
    start: [
      r(/^[\t ]*(?:[A-Z]\w*::)*[A-Z]\w* \(.*\):$/, 'rb.rails'),
      r(/^\S+:\d+:in [`'].*?': .* \([A-Z][\w:]*\)$/, 'rb.std'),
    ],
    states: {
      'rb.rails': [r(BLANK, 'rb.rails'), r(/^[\t ]+\S.*:\d+:in /, 'rb.rails'), r(/^\S+\.rb:\d+:in /, 'rb.rails')],
      'rb.std': [r(/^[\t ]+from \S+:\d+:in /, 'rb.std'), r(/^[\t ]+\.\.\. \d+ levels\.\.\.$/, 'rb.std')],
    },
  },
  php: {
    start: [
      r(/^PHP (?:Notice|Parse error|Fatal error|Warning|Deprecated):/, 'php.head'),
      r(/^(?:PHP )?Fatal error: +Uncaught /, 'php.head'),
      r(/exception '[^']+' with message '/, 'php.head'),
    ],
    states: (() => {
      const frame = r(/^#\d+ /, 'php.trace');
      const xdebug = r(/^PHP +\d+\. /, 'php.trace');
      const next = r(/^Next [\w\\]+(?::|$)/, 'php.head');
      return {
        'php.head': [r(/^(?:PHP )?Stack trace:$/, 'php.trace'), frame, xdebug],
        'php.trace': [frame, xdebug, next, r(/^[\t ]+thrown in /, START)],
      };
    })(),
  },
  dart: {
    start: [r(/^Unhandled exception:$/, 'dart.head')],
    states: (() => {
      const frame = r(/^#\d+ +\S.*$/, 'dart.frames');
      return {
        'dart.head': [r(/\S/, 'dart.msg')],
        'dart.msg': [
          frame,
          r(BLANK, 'dart.msg'),
          r(/^[\t ]/, 'dart.msg'),
          r(/^(?:Receiver|Tried calling|Found|Arguments): /, 'dart.msg'),
          r(/\S/, 'dart.src'),
        ],
        'dart.src': [r(/^[\t ]*\^+[\t ]*$/, 'dart.msg'), frame],
        'dart.frames': [frame, r(/^<asynchronous suspension>$/, 'dart.frames')],
      };
    })(),
  },
};

/** D12: the lead line's pattern (tried after every start rule). */
export const LEAD_LINE = /\b(?:ERROR|FATAL|SEVERE|CRITICAL)\b/;

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

interface Transition {
  to: string;
  /** undefined for the lead rule */
  language?: Language;
}

/**
 * One detector (one per (source, stream)). `update(line)` returns upstream's action and the language of the
 * rule that matched (none for NO_TRACE and for the lead rule).
 */
export class Detector {
  state = START;
  private readonly start: Array<Rule & { language?: Language }> = [];
  private readonly states = new Map<string, Array<Rule & { language: Language }>>();

  constructor(languages: LanguageSet = 'all', { leadLine = true }: { leadLine?: boolean } = {}) {
    const mask = languageMask(languages);
    for (const lang of START_ORDER) {
      if ((mask & LANGUAGES[lang]) === 0) continue;
      for (const rule of RULES[lang].start) this.start.push({ ...rule, language: lang });
      for (const [name, rules] of Object.entries(RULES[lang].states)) {
        this.states.set(name, rules.map((rule) => ({ ...rule, language: lang })));
      }
    }
    if (leadLine && this.start.length > 0) {
      // the lead state accepts every enabled start rule as a continuation (D12)
      this.states.set(LEAD, this.start.map((rule) => ({ ...rule, language: rule.language as Language })));
      this.start.push({ re: LEAD_LINE, to: LEAD });
    }
  }

  /** The text the rules see (D1, D2). */
  static text(line: Uint8Array | string): string {
    const s = typeof line === 'string' ? line : new TextDecoder().decode(line);
    return s.endsWith('\r') ? s.slice(0, -1) : s;
  }

  private tryRules(rules: Array<Rule & { language?: Language }>, text: string): Transition | null {
    for (const rule of rules) if (rule.re.test(text)) return { to: rule.to, language: rule.language };
    return null;
  }

  update(line: Uint8Array | string): { action: Action; language?: Language } {
    const text = Detector.text(line);
    const from = this.state;
    const first = this.tryRules(from === START ? this.start : (this.states.get(from) ?? []), text);
    if (first !== null) {
      this.state = first.to;
      return { action: first.to === START ? 'end_trace' : 'inside_trace', language: first.language };
    }
    this.state = START;
    if (from !== START) {
      const second = this.tryRules(this.start, text);
      if (second !== null) {
        this.state = second.to;
        // a start rule that led straight back to the start state would be a one-line trace: none exists
        return { action: 'start_trace', language: second.language };
      }
    }
    return { action: 'no_trace' };
  }

  reset(): void {
    this.state = START;
  }
}
