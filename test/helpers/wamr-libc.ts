// The WAMR libc builtins the interpreted build imports (assembly/scan/host.ts), in JS with C's meaning, for
// hosts that load that build outside WAMR (the Fluent Bit module's Node harness, the scan tests).
export function wamrLibc(memory: () => WebAssembly.Memory) {
  const bytes = () => new Uint8Array(memory().buffer);
  return {
    /** The address of the first byte equal to c & 0xff in [p, p+n), or 0 (NULL). */
    memchr: (p: number, c: number, n: number) => {
      const i = bytes().subarray(p, p + n).indexOf(c & 0xff);
      return i < 0 ? 0 : p + i;
    },
    /** <0, 0, >0 as the first differing byte (unsigned) of [a, a+n) is below, none, above that of [b, b+n). */
    memcmp: (a: number, b: number, n: number) => {
      const m = bytes();
      for (let i = 0; i < n; i++) if (m[a + i] !== m[b + i]) return m[a + i] - m[b + i];
      return 0;
    },
  };
}
