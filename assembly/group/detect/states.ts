// The detector's states. A state is a u32 whose bits 0..7 are the state id below and bits 8..31 are zero
// (reserved: no rule needs a counter). Id 0 is the start state. Each non-start state belongs to exactly one
// rule set (language), so the state alone says which rules apply next; ids are contiguous per language.
// Any value ≥ STATE_COUNT (or with reserved bits set) is not a valid state: detectStep treats it as 0.

export const S_START: u32 = 0;

// JVM family (upstream's "java" rules, used for Java, JavaScript and C#)
export const S_J_AFTER_EXC: u32 = 1; // after a header line or `Caused by:`: blank lines allowed
export const S_J_FRAMES: u32 = 2; // after an `at` frame
export const S_J_START_EXC: u32 = 3; // after `nested exception is:`: only a header line continues

// JavaScript / Node only
export const S_JS_SRC1: u32 = 4; // after the origin line (`node:internal/…:N`, `/app/x.js:N`): a code line
export const S_JS_SRC2: u32 = 5; // after the code line: the caret line
export const S_JS_SRC3: u32 = 6; // after the caret line: blank lines, then the error header
export const S_JS_OBJ: u32 = 7; // inside an inspected object opened by a line ending in '{'
export const S_JS_TAIL: u32 = 8; // after the frames or the object's closing '}': blank lines, `Node.js vNN`

// Python
export const S_PY_TB: u32 = 9; // after `Traceback …:` or a code line
export const S_PY_CODE: u32 = 10; // after a `File` line: its code line
export const S_PY_FINAL: u32 = 11; // after the final `Type: message` line: a chain may follow
export const S_PY_FINAL_BLANK: u32 = 12; // after the blank line that follows the final line
export const S_PY_CHAIN: u32 = 13; // after "During handling …" / "The above exception …"
export const S_PY_CHAIN_BLANK: u32 = 14; // after the blank line that follows the chain line

// PHP
export const S_PHP_BEGIN: u32 = 15; // after the error line: `Stack trace:`
export const S_PHP_FRAMES: u32 = 16; // after `Stack trace:` or a `#N` frame
export const S_PHP_BLANK: u32 = 17; // after a blank line following frames: `Next …` (chained exception)

// Go
export const S_GO_AFTER_PANIC: u32 = 18;
export const S_GO_AFTER_SIGNAL: u32 = 19;
export const S_GO_GOROUTINE: u32 = 20; // expecting a goroutine header
export const S_GO_FRAME1: u32 = 21; // expecting a function line (or blank / created by)
export const S_GO_FRAME2: u32 = 22; // expecting the indented file line

// Ruby
export const S_RB_RAILS_BEFORE: u32 = 23; // after a Rails `… Error (…):` line
export const S_RB_RAILS: u32 = 24; // inside a Rails backtrace
export const S_RB_STD: u32 = 25; // inside a standard `file:N:in` + `from` backtrace

// Dart
export const S_DART_EXC: u32 = 26; // after `Unhandled exception:`: the error line
export const S_DART_STACK: u32 = 27;
export const S_DART_TYPE1: u32 = 28;
export const S_DART_TYPE2: u32 = 29;
export const S_DART_TYPE3: u32 = 30;
export const S_DART_TYPE4: u32 = 31;
export const S_DART_FMT1: u32 = 32;
export const S_DART_FMT2: u32 = 33;
export const S_DART_FMT3: u32 = 34;
export const S_DART_NSM1: u32 = 35;
export const S_DART_NSM2: u32 = 36;
export const S_DART_NSM3: u32 = 37;

export const STATE_COUNT: u32 = 38;

/** "No rule matched": what the per-language step functions return instead of a state. */
export const NO_MATCH: i32 = -1;
