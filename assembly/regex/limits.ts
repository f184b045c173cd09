// Size limits of the regex compiler (documented in docs/regex.md, "Limits"). Like RE2's max_mem and Rust's
// size_limit, they keep compile time and memory linear in the pattern whatever it is: every limit is checked as
// soon as it is crossed, and the pattern is rejected with a RegexSyntaxError at the offending byte position.

/** Longest pattern, in UTF-8 bytes (checked before parsing). */
export const MAX_PATTERN_BYTES: i32 = 128 * 1024;

/** Most capture groups, as PCRE2 (checked at the opening parenthesis of the first group over it). Fewer fit
 *  when the program is large: see MAX_CAPTURE_WORDS. */
export const MAX_GROUPS: i32 = 65535;

/** Largest repetition count in {n}, {n,}, {n,m}. */
export const MAX_REPEAT: i32 = 1000;

/** Most NFA instructions (counted repetition expanded); the compiler stops as soon as it is reached. */
export const MAX_INST: i32 = 100000;

/** Bound on the Pike VM's capture slots per thread list (u32 words): consuming instructions × slots. */
export const MAX_CAPTURE_WORDS: u64 = 1 << 22;

/** Longest string tracked by literal analysis (longer runs are split; a longer literal is not "exact"). */
export const MAX_LITERAL_BYTES: i32 = 4096;

/** Literal analysis work allowed per pattern byte (plus LITERAL_WORK_BASE): past it the analysis stops
 *  tracking literals (no prefilter, no literal-only path) instead of taking superlinear time. */
export const LITERAL_WORK_PER_BYTE: i32 = 64;
export const LITERAL_WORK_BASE: i32 = 1 << 20;
