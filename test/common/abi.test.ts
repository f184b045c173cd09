// The bindings' copies of the ABI constants (bindings/core/abi.ts) agree with the engine's one definition
// (assembly/common/), read back from the module itself: error reasons, counter slots, flags, streams, formats,
// the row size, and the counters' slots as readCounters uses them.
import { describe, expect, it } from 'vitest';
import {
  COUNTER_NAMES, DETECTORS, ERROR_REASONS, LEVEL_LAZY, LEVELS, FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED, FORMATS, ROW_SIZE, STREAMS,
} from '../../bindings/core/abi.ts';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const text = new TextDecoder();

describe.each(BUILDS)('ABI constants (%s)', (build) => {
  const w = sharedInstance(build);
  const x = w.exports as Record<string, (...a: number[]) => number>;
  const bytes = (ptr: number, len: number) => text.decode(new Uint8Array(w.memory.buffer, ptr, len));

  it('error reasons: the same names in the same code order', () => {
    const names = [''];
    for (let code = 1; code < x.abi_reason_count(); code++) names.push(bytes(x.abi_reason_name_ptr(code), x.abi_reason_name_len(code)));
    expect(names).toEqual([...ERROR_REASONS]);
  });

  it('detectors: the same names in the same code order', () => {
    const names = [''];
    for (let code = 1; code < x.abi_detector_count(); code++) names.push(bytes(x.abi_detector_name_ptr(code), x.abi_detector_name_len(code)));
    expect(names).toEqual([...DETECTORS]);
  });

  it('levels: the same names in the same code order', () => {
    const names = [''];
    for (let code = 1; code < x.abi_level_count(); code++) names.push(bytes(x.abi_level_name_ptr(code), x.abi_level_name_len(code)));
    expect(names).toEqual([...LEVELS]);
    expect(x.abi_level_lazy()).toBe(LEVEL_LAZY);
  });

  it('counters: the same slot names in the same order, error slots at base + code', () => {
    const names = bytes(x.abi_counter_names_ptr(), x.abi_counter_names_len()).split(',');
    expect(names.length).toBe(x.abi_counter_count());
    expect(names).toEqual([...COUNTER_NAMES]);
    for (let code = 1; code < ERROR_REASONS.length; code++) expect(names[x.abi_counter_error_base() + code]).toBe(ERROR_REASONS[code]);
  });

  it('row size, flags, streams and formats', () => {
    expect([0, 1, 2, 3].map((i) => x.abi_constant(i))).toEqual([ROW_SIZE, FLAG_TRUNCATED, FLAG_ERROR, FLAG_PARTIAL]);
    expect([4, 5, 6].map((i) => STREAMS[x.abi_constant(i)])).toEqual(['stdout', 'stderr', 'unknown']);
    expect([7, 8, 9].map((i) => x.abi_constant(i))).toEqual([FORMATS.auto, FORMATS.cri, FORMATS.docker]);
  });

  it('readCounters reads each counter from its own slot', () => {
    const e = createEngine({ build });
    const s = e.source('a.log');
    s.pushCount('bad\n{"log":1}\n2024-01-01T00:00:00Z stdout P a\n');
    const c = e.counters();
    expect(c).toMatchObject({ linesIn: 3, records: 2, errorRecords: 2, piecesJoined: 1, sourcesOpen: 1 });
    expect(c.errors).toMatchObject({ bad_timestamp: 1, missing_log: 1, bad_json: 0 });
  });
});
