// The regex limits the package exports are the engine's own (defined once in assembly/regex/limits.ts).
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES, MAX_PATTERN_BYTES, compileRegex } from '../../bindings/node.ts';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { BUILDS } from '../helpers/engine.ts';

describe.each(BUILDS)('regex limits (%s)', (build) => {
  it('MAX_PATTERN_BYTES is the wasm limit, and a pattern of that size is accepted, one byte more refused', () => {
    expect(MAX_PATTERN_BYTES).toBe(sharedInstance(build).exports.regex_max_pattern_bytes());
    expect(() => compileRegex('a'.repeat(MAX_PATTERN_BYTES + 1), { build })).toThrow(/position/i);
    expect(MAX_INPUT_BYTES).toBe(2 ** 30 - 2 ** 20);
  });
});
