// The host picks the SIMD build where the JS engine runs wasm SIMD (Node 20 does), else the scalar one.
import { describe, expect, it } from 'vitest';
import { simdSupported } from '../../bindings/core/wasm.ts';
import { defaultBuild, instantiate } from '../../bindings/node-wasm.ts';
import { createEngine } from '../../bindings/node.ts';

describe('build selection', () => {
  it('detects SIMD support in Node', () => {
    expect(simdSupported()).toBe(true);
    expect(defaultBuild()).toBe('simd');
  });
  it('createEngine() without options runs the SIMD build', () => {
    expect((createEngine() as any).wasm.build).toBe('simd');
    expect(instantiate().build).toBe('simd');
  });
});
