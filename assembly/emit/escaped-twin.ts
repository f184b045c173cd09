// The escaped twin: a record text whose JSON-escaped form the host already holds, so the encoder copies it
// instead of escaping the bytes again. Only the interpreted build (the Fluent Bit module) sets one: Fluent Bit
// hands each line over as a JSON string, and when that string is exactly what escapeJson would write for the
// decoded line (decode/json-string.ts decodedRoundTrips), a record whose text is a suffix of the line can be
// written from the string's own bytes. In WAMR's interpreter that saves a word loop over every byte of the text.
//
// State: one twin, set by the host for one call (before the engine runs the line) and cleared after it:
//   raw   [rawPtr, rawPtr + rawLen)   the decoded line as the engine reads it (without the '\n' the host adds)
//   text  [textPtr, textPtr + textLen) its escaped form; the first `plain` bytes of both are the same bytes
// A record text [p, p+n) has a twin when it ends where the line ends and starts inside the plain prefix: its
// escaped form is then text[p - rawPtr, textLen). Anything else (a joined or grouped record, a text the engine
// cut or rewrote) fails the test and is escaped as usual, so a stale or missing twin can never change the output.

let rawPtr: usize = 0;
let rawLen: usize = 0;
let plain: usize = 0;
let textPtr: usize = 0;
let textLen: usize = 0;

/** Sets the twin for the current call (see the header). */
export function setEscapedTwin(raw: usize, rawN: usize, plainN: usize, text: usize, textN: usize): void {
  rawPtr = raw;
  rawLen = rawN;
  plain = plainN;
  textPtr = text;
  textLen = textN;
}

/** Forgets the twin (its bytes are about to change). */
export function clearEscapedTwin(): void {
  rawPtr = 0;
}

/** Where the escaped form of the record text [p, p+n) starts in the twin, or 0 (no twin: escape it). Its length
 *  is twinEnd() - result. */
// @ts-ignore: decorator
@inline export function escapedTwinOf(p: usize, n: usize): usize {
  const d = p - rawPtr; // wraps for p < rawPtr: then d > plain
  return rawPtr != 0 && d <= plain && p + n == rawPtr + rawLen ? textPtr + d : 0;
}

/** The end of the twin's escaped text. */
// @ts-ignore: decorator
@inline export function twinEnd(): usize {
  return textPtr + textLen;
}
