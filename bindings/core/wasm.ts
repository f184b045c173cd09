// One instantiated logsieve engine module (SIMD or scalar build) and the raw views over its memory.
// Views over `memory.buffer` must be re-made after any call that may grow memory: use `u8()` each time.
// Only `Build` is public. Whatever names `WebAssembly` is marked internal: the declarations must type-check in Node
// projects without the DOM lib (@types/node has no WebAssembly namespace).

export type Build = 'simd' | 'scalar';

export interface WasmHandle {
  readonly build: Build;
  readonly exports: Record<string, any>;
  /** @internal */ readonly memory: WebAssembly.Memory;
  /** A Uint8Array over the whole current memory (re-made when memory has grown). */
  u8(): Uint8Array;
  /** A DataView over the whole current memory (re-made when memory has grown). */
  view(): DataView;
}

/** @internal The imports the module needs: none but what the AssemblyScript runtime may ask for. */
export function engineImports(): WebAssembly.Imports {
  return {
    env: {
      abort(_msg: number, _file: number, line: number, col: number) {
        throw new Error(`logsieve wasm abort at ${line}:${col}`);
      },
      seed: () => Date.now(),
    },
  };
}

/** @internal */
export function wrapInstance(instance: WebAssembly.Instance, build: Build): WasmHandle {
  const exports = instance.exports as Record<string, any>;
  const memory = exports.memory as WebAssembly.Memory;
  let u8 = new Uint8Array(memory.buffer);
  let dv = new DataView(memory.buffer);
  return {
    build,
    exports,
    memory,
    u8() {
      if (u8.buffer !== memory.buffer) u8 = new Uint8Array(memory.buffer);
      return u8;
    },
    view() {
      if (dv.buffer !== memory.buffer) dv = new DataView(memory.buffer);
      return dv;
    },
  };
}

/** Does this JS engine run wasm SIMD? (Node ≥ 16 and current browsers do.) */
export function simdSupported(): boolean {
  // (module (func (result v128) i32.const 0 i8x16.splat))
  const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0,
    65, 0, 253, 15, 11]);
  try {
    return WebAssembly.validate(probe);
  } catch {
    return false;
  }
}
