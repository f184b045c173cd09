// A trap inside a wasm call, as the host reports it (ARCHITECTURE.md "Memory": the allocator's failed
// memory.grow is the only trap the engine has by design).

/** @internal Turns a trap (wasm memory could not grow) into an error that says what happened; rethrows others. */
export function memoryFailure(err: unknown, what: string): unknown {
  if (!(err instanceof WebAssembly.RuntimeError)) return err;
  // the allocator's only trap is `unreachable` when memory.grow fails; any other trap would be a bug
  if (!/unreachable/.test(err.message)) return new Error(`logsieve: ${what} failed: engine trap (${err.message})`, { cause: err });
  return new Error(
    `logsieve: ${what} failed because wasm memory could not grow (${err.message}); the records of this call are `
      + 'lost, the engine is still usable: other sources can be pushed, flushed and closed', { cause: err },
  );
}
