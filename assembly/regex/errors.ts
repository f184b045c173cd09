// Compile errors of the regex engine.
//
// Invariants:
// - Compiling never traps: every failure is recorded here (a code, a message and the byte position in the
//   pattern) and the compiler returns 0. The host reads the error with regex_error_* after a failed compile.
// - Only the first error of a compile is kept (setError does nothing once an error is pending); clearError()
//   is called at the start of every compile.

let errPending: bool = false;
let errPos: i32 = 0;
let errMsg: string = "";

export function clearError(): void {
  errPending = false;
  errPos = 0;
  errMsg = "";
}

export function setError(pos: i32, msg: string): void {
  if (errPending) return;
  errPending = true;
  errPos = pos;
  errMsg = msg;
}

export function hasError(): bool {
  return errPending;
}

export function errorPos(): i32 {
  return errPos;
}

export function errorMessage(): string {
  return errMsg;
}
