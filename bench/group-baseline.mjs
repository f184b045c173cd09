// JavaScript baseline for the grouping benchmark (issue 7): what a good JS developer would write to turn a CRI log
// file into one record per stack trace, with the same detectors and grouping as logsieve's group stage (its naive
// oracle is test/oracle/group.ts; test/bench/group-baseline.test.ts checks that both give the same records).
//
//   groupBaseline(buf, { maxLines, maxBytes, output: 'objects' | 'ndjson' }) →
//     objects: [{ time, stream, log, lines, detector, truncated }]  (time: the first line's timestamp TEXT,
//              detector: language name or null)
//     ndjson:  one string, a JSON object per record and '\n' after each
//
// How it is made fast (honestly, not a strawman):
//   - CRI lines are split and P/F pieces joined once by the hand-optimised Buffer.indexOf parser of baselines.mjs;
//   - per stream, a state machine whose states each hold a short ordered list of RegExps (no per-line closures, no
//     string concatenation while a trace grows: its lines are collected and joined once);
//   - in the idle state, which most lines meet, one combined "could this start anything?" RegExp rejects a line in a
//     single scan before the ordered start rules run (they only run on candidates);
//   - byte sizes are only computed when maxBytes is set.
// It implements the detectors' rules and readings D1-D13, G3 and G6 of the oracle (no user rules and no flush by
// clock: the benchmark groups a whole file and releases what is held at the end, like close()).
import { criIndexOf } from './baselines.mjs';

const START = 'start';
const BLANK = /^[\t ]*$/;
const rule = (re, to) => ({ re, to, lang: null });

// ---- rules, state → ordered [{ re, to }] (the language is filled in below) ---------------------------------
const JAVA_HEADER = /(?:Exception|Error|Throwable)(?::|$)/;
const CS_INNER = /^[\t ]*(?:---> |--- End of inner exception stack trace ---$|--- End of stack trace from previous location\b.*---$)/;

const LANGS = {
  python: {
    start: [rule(/^Traceback \(most recent call last\):$/, 'py.tb')],
    states: {
      'py.tb': [rule(/^[\t ]+File "/, 'py.frame'), rule(/^[\t ]+\[Previous line repeated \d+ more times?\]$/, 'py.code')],
      'py.frame': [rule(/^[\t ]+File "/, 'py.frame'), rule(/^[\t ]+\S/, 'py.code'), rule(/^[A-Za-z_][\w.]*(?::.*)?$/, 'py.final')],
      'py.code': [rule(/^[\t ]+File "/, 'py.frame'), rule(/^[\t ]+[~^][\t ~^]*$/, 'py.code'),
        rule(/^[\t ]+\[Previous line repeated \d+ more times?\]$/, 'py.code'), rule(/^[A-Za-z_][\w.]*(?::.*)?$/, 'py.final')],
      'py.final': [rule(BLANK, 'py.final_blank')],
      'py.final_blank': [rule(/^(?:During handling of the above exception, another exception occurred|The above exception was the direct cause of the following exception):$/, 'py.chain')],
      'py.chain': [rule(BLANK, 'py.chain'), rule(/^Traceback \(most recent call last\):$/, 'py.tb')],
    },
  },
  go: {
    start: [rule(/\bpanic: /, 'go.panic'), rule(/\bhttp: panic serving\b/, 'go.panic'), rule(/^fatal error: /, 'go.panic')],
    states: {
      'go.panic': [rule(/^\[signal /, 'go.panic'), rule(/^[\t ]+panic: /, 'go.panic'), rule(BLANK, 'go.blank'),
        rule(/^goroutine \d+(?: \S+)* \[[^\]]*\]:$/, 'go.frames'), rule(/^runtime stack:$/, 'go.frames')],
      'go.blank': [rule(/^goroutine \d+(?: \S+)* \[[^\]]*\]:$/, 'go.frames'), rule(/^\[signal /, 'go.panic'), rule(BLANK, 'go.blank'),
        rule(/^runtime stack:$/, 'go.frames')],
      // the commonest lines first: tab-indented file lines, then function lines
      'go.frames': [rule(/^\t\S/, 'go.frames'), rule(/^[^\s(]\S*\(.*\)$/, 'go.frames'), rule(/^created by /, 'go.frames'),
        rule(/^\.\.\.additional frames elided\.\.\.$/, 'go.frames'), rule(BLANK, 'go.blank')],
    },
  },
  ruby: {
    start: [rule(/^[\t ]*(?:[A-Z]\w*::)*[A-Z]\w* \(.*\):$/, 'rb.rails'), rule(/^\S+:\d+:in [`'].*?': .* \([A-Z][\w:]*\)$/, 'rb.std')],
    states: {
      'rb.rails': [rule(BLANK, 'rb.rails'), rule(/^[\t ]+\S.*:\d+:in /, 'rb.rails'), rule(/^\S+\.rb:\d+:in /, 'rb.rails')],
      'rb.std': [rule(/^[\t ]+from \S+:\d+:in /, 'rb.std'), rule(/^[\t ]+\.\.\. \d+ levels\.\.\.$/, 'rb.std')],
    },
  },
  php: {
    start: [rule(/^PHP (?:Notice|Parse error|Fatal error|Warning|Deprecated):/, 'php.head'), rule(/^(?:PHP )?Fatal error: +Uncaught /, 'php.head'),
      rule(/exception '[^']+' with message '/, 'php.head')],
    states: {
      'php.head': [rule(/^(?:PHP )?Stack trace:$/, 'php.trace'), rule(/^#\d+ /, 'php.trace'), rule(/^PHP +\d+\. /, 'php.trace')],
      'php.trace': [rule(/^#\d+ /, 'php.trace'), rule(/^PHP +\d+\. /, 'php.trace'), rule(/^Next [\w\\]+(?::|$)/, 'php.head'),
        rule(/^[\t ]+thrown in /, START)],
    },
  },
  dart: {
    start: [rule(/^Unhandled exception:$/, 'dart.head')],
    states: {
      'dart.head': [rule(/\S/, 'dart.msg')],
      'dart.msg': [rule(/^#\d+ +\S/, 'dart.frames'), rule(BLANK, 'dart.msg'), rule(/^[\t ]/, 'dart.msg'),
        rule(/^(?:Receiver|Tried calling|Found|Arguments): /, 'dart.msg'), rule(/\S/, 'dart.src')],
      'dart.src': [rule(/^[\t ]*\^+[\t ]*$/, 'dart.msg'), rule(/^#\d+ +\S/, 'dart.frames')],
      'dart.frames': [rule(/^#\d+ +\S/, 'dart.frames'), rule(/^<asynchronous suspension>$/, 'dart.frames')],
    },
  },
  csharp: {
    start: [rule(/^Unhandled exception\. /, 'cs.trace'), rule(/^(?:[A-Z]\w*\.)+[A-Z]\w*Exception(?::|$| --->)/, 'cs.trace')],
    states: { 'cs.trace': [rule(/^[\t ]+at /, 'cs.trace'), rule(CS_INNER, 'cs.trace'), rule(BLANK, 'cs.trace')] },
  },
  js: {
    start: [rule(/^(?:Uncaught )?(?:[A-Z][\w$]*)?Error(?::|$)/, 'js.trace'), rule(/^V8 errors stack trace$/, 'js.trace'),
      rule(/^(?:node:[\w/]+|\S+\.(?:[cm]?js|[cm]?ts|jsx|tsx)):\d+$/, 'js.src')],
    states: {
      'js.src': [rule(/\S/, 'js.code')],
      'js.code': [rule(/^[\t ]*\^+[\t ]*$/, 'js.caret')],
      'js.caret': [rule(BLANK, 'js.thrown'), rule(/ \{$/, 'js.obj'), rule(/\S/, 'js.trace')],
      'js.thrown': [rule(/ \{$/, 'js.obj'), rule(/\S/, 'js.trace')],
      'js.trace': [rule(/^[\t ]+at .* \{$/, 'js.obj'), rule(/^[\t ]+(?:eval )?at /, 'js.trace'), rule(/^Emitted '[^']+' event .*at:$/, 'js.trace'),
        rule(/^\(Use `node --trace-/, 'js.trace'), rule(BLANK, 'js.tail')],
      'js.obj': [rule(/^\}$/, 'js.trace'), rule(/^[\t ]+\S/, 'js.obj')],
      'js.tail': [rule(/^Node\.js v\d+(?:\.\d+)*$/, START), rule(/^\(Use `node --trace-/, 'js.tail'), rule(BLANK, 'js.tail')],
    },
  },
  java: {
    start: [rule(JAVA_HEADER, 'java.trace')],
    states: {
      'java.trace': [rule(/^[\t ]+at /, 'java.trace'), rule(/^[\t ]*(?:Caused by|Suppressed):/, 'java.trace'),
        rule(/^[\t ]*\.\.\. \d+ (?:more|common frames omitted)$/, 'java.trace'), rule(/^[\t ]*nested exception is:$/, 'java.nested'),
        rule(BLANK, 'java.trace'), rule(CS_INNER, 'java.trace')],
      'java.nested': [rule(JAVA_HEADER, 'java.trace'), rule(BLANK, 'java.nested')],
    },
  },
};
// start rules in the oracle's order (D3); each rule knows its language
const START_RULES = [];
const STATES = new Map();
for (const [lang, { start, states }] of Object.entries(LANGS)) {
  for (const r of start) START_RULES.push({ ...r, lang });
  for (const [name, rules] of Object.entries(states)) STATES.set(name, rules.map((r) => ({ ...r, lang })));
}
const LEAD_STATE = 'lead';
const LEAD_LINE = /\b(?:ERROR|FATAL|SEVERE|CRITICAL)\b/;
STATES.set(LEAD_STATE, START_RULES);
/** A superset of every start rule and the lead line: a line it rejects starts nothing. */
const MAYBE_START =
  /Exception|Error|Throwable|panic|exception '|ERROR|FATAL|SEVERE|CRITICAL|^(?:Traceback|fatal error|Fatal error|Unhandled exception|PHP |V8 |node:)|\):$|:\d+:in |\.[cm]?[jt]sx?:\d+$/;

/** Per-stream grouping state. */
class StreamGrouper {
  constructor(out, stream, maxLines, maxBytes) {
    this.out = out;
    this.stream = stream;
    this.maxLines = maxLines;
    this.maxBytes = maxBytes;
    this.state = null; // null = idle, else the detector state name
    this.time = null;
    this.parts = [];
    this.bytes = 0;
    this.detector = null;
    this.first = 0; // input index of the held record's first line (close releases in that order)
  }

  release(truncated) {
    const n = this.parts.length;
    if (n === 0) return;
    this.out.push({ time: this.time, stream: this.stream, log: n === 1 ? this.parts[0] : this.parts.join('\n'), lines: n, detector: this.detector, truncated });
    this.parts = [];
    this.detector = null;
  }

  append(time, log, lang, index) {
    const n = this.parts.length;
    let size = 0;
    if (this.maxBytes !== Infinity) size = Buffer.byteLength(log);
    if (n > 0 && (n + 1 > this.maxLines || this.bytes + 1 + size > this.maxBytes)) this.release(true);
    if (this.parts.length === 0) {
      this.time = time;
      this.first = index;
      this.bytes = size;
    } else this.bytes += 1 + size;
    this.parts.push(log);
    if (this.detector === null) this.detector = lang;
  }

  line(time, log, index) {
    const text = log.charCodeAt(log.length - 1) === 13 ? log.slice(0, -1) : log;
    if (this.state !== null) {
      const rules = STATES.get(this.state);
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if (r.re.test(text)) {
          this.append(time, log, r.lang, index);
          if (r.to === START) {
            this.release(false);
            this.state = null;
          } else this.state = r.to;
          return;
        }
      }
      this.release(false);
      this.state = null;
    }
    if (MAYBE_START.test(text)) {
      for (let i = 0; i < START_RULES.length; i++) {
        const r = START_RULES[i];
        if (r.re.test(text)) {
          this.state = r.to;
          this.append(time, log, r.lang, index);
          return;
        }
      }
      if (LEAD_LINE.test(text)) {
        this.state = LEAD_STATE;
        this.append(time, log, null, index);
        return;
      }
    }
    this.out.push({ time, stream: this.stream, log, lines: 1, detector: null, truncated: false });
  }
}

export function groupBaseline(buf, { maxLines = Infinity, maxBytes = Infinity, output = 'objects' } = {}) {
  const out = [];
  const stdout = new StreamGrouper(out, 'stdout', maxLines, maxBytes);
  const stderr = new StreamGrouper(out, 'stderr', maxLines, maxBytes);
  const records = criIndexOf(buf);
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    (rec.stream === 'stdout' ? stdout : stderr).line(rec.time, rec.log, i);
  }
  // end of input = close: release what is held, in the order of the held records' first lines
  const held = [stdout, stderr].filter((g) => g.parts.length > 0);
  if (held.length === 2 && held[1].first < held[0].first) held.reverse();
  for (const g of held) g.release(false);
  if (output === 'ndjson') {
    let s = '';
    for (const r of out) s += JSON.stringify(r) + '\n';
    return s;
  }
  return out;
}
