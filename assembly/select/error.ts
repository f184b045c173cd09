// The last filter compile error (label selector, LogQL, Fluent Bit grep rules): a byte offset into the text
// the host passed and a one-line message. Compilers set it and return 0; the host reads it through the
// exports below right after the failing call (the CLI prints the text, a caret under `pos` and the message).
//
// Invariant: after a successful compile the error is cleared (pos -1, empty message).

let errPos: i32 = -1;
let errBytes: ArrayBuffer = new ArrayBuffer(0);

/** Records an error at byte `pos` of the filter text; always returns 0 (the failed compile's handle). */
export function filterFail(pos: i32, message: string): usize {
  errPos = pos;
  errBytes = String.UTF8.encode(message);
  return 0;
}

export function filterOk(): void {
  errPos = -1;
  errBytes = new ArrayBuffer(0);
}

export function filter_error_pos(): i32 {
  return errPos;
}

export function filter_error_message_ptr(): usize {
  return changetype<usize>(errBytes);
}

export function filter_error_message_len(): u32 {
  return <u32>errBytes.byteLength;
}
