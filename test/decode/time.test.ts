// RFC 3339 timestamps → int64 ns (ARCHITECTURE.md: uppercase T/Z, fields range-checked, years 1678–2261).
// Expected values are computed by hand with BigInt arithmetic from Date.UTC, never by the engine or the oracle.
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../helpers/engine.ts';
import { one, utcNs } from './util.ts';

describe.each(BUILDS)('timestamps (%s)', (build) => {
  const cri = (ts: string) => one(`${ts} stdout F x\n`, { build, format: 'cri' });
  const docker = (ts: string) => one(`{"log":"x\\n","stream":"stdout","time":"${ts}"}\n`, { build, format: 'docker' });

  const valid: Array<[string, bigint]> = [
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T00:00:00.000000001Z', 1n],
    ['1969-12-31T23:59:59.5Z', -500_000_000n],
    ['1969-12-31T23:59:59.999999999Z', -1n],
    ['2000-02-29T12:00:00Z', utcNs(2000, 2, 29, 12)], // divisible by 400: leap
    ['2024-02-29T00:00:00Z', utcNs(2024, 2, 29)],
    ['2023-12-31T23:59:59.999999999Z', 1704067199_999_999_999n],
    ['2026-11-24T10:00:00.123456789Z', utcNs(2026, 11, 24, 10, 0, 0, 123456789n)],
    ['2016-10-20T18:39:20.57606443Z', 1476988760_576_064_430n],
    ['1678-01-01T00:00:00Z', utcNs(1678, 1, 1)],
    ['2261-12-31T23:59:59.999999999Z', utcNs(2261, 12, 31, 23, 59, 59, 999_999_999n)],
    ['1900-03-01T00:00:00Z', utcNs(1900, 3, 1)],
    ['2020-06-30T23:59:59+23:59', utcNs(2020, 6, 30, 0, 0, 59)],
    ['2020-01-01T00:30:00+01:00', utcNs(2019, 12, 31, 23, 30)], // crosses the year backwards
    ['2019-12-31T23:30:00-01:00', utcNs(2020, 1, 1, 0, 30)], // crosses the year forwards
    ['2024-03-01T00:00:00+00:01', utcNs(2024, 2, 29, 23, 59)], // back into Feb 29
  ];

  it('the hand-written constants agree with the Date.UTC helper', () => {
    expect(utcNs(2023, 12, 31, 23, 59, 59, 999_999_999n)).toBe(1704067199_999_999_999n);
    expect(utcNs(2016, 10, 20, 18, 39, 20, 576064430n)).toBe(1476988760_576_064_430n);
    expect(utcNs(1678, 1, 1)).toBe(-9214560000n * 1_000_000_000n);
  });

  it.each(valid)('%s → %s ns (CRI and Docker)', (ts, ns) => {
    expect(cri(ts)).toMatchObject({ timeNs: ns, error: undefined });
    expect(docker(ts)).toMatchObject({ timeNs: ns, error: undefined });
  });

  const invalid: Array<[string, string]> = [
    ['2023-02-29T00:00:00Z', 'Feb 29 of a common year'],
    ['1900-02-29T00:00:00Z', 'Feb 29 of 1900 (century, not leap)'],
    ['2024-02-30T00:00:00Z', 'Feb 30'],
    ['2024-04-31T00:00:00Z', 'April 31'],
    ['2024-00-10T00:00:00Z', 'month 0'],
    ['2024-13-10T00:00:00Z', 'month 13'],
    ['2024-01-00T00:00:00Z', 'day 0'],
    ['2024-01-32T00:00:00Z', 'day 32'],
    ['2024-01-01T24:00:00Z', 'hour 24'],
    ['2024-01-01T00:60:00Z', 'minute 60'],
    ['2016-12-31T23:59:60Z', 'second 60 (leap second)'],
    ['1677-12-31T23:59:59Z', 'year 1677'],
    ['2262-01-01T00:00:00Z', 'year 2262'],
    ['0000-01-01T00:00:00Z', 'year 0'],
    ['9999-12-31T23:59:59Z', 'year 9999'],
    ['2024-01-01t00:00:00Z', 'lowercase t'],
    ['2024-01-01T00:00:00z', 'lowercase z'],
    ['2024-01-01T00:00:00', 'no zone'],
    ['2024-01-01T00:00Z', 'no seconds'],
    ['2024-1-01T00:00:00Z', 'one-digit month'],
    ['24-01-01T00:00:00Z', 'two-digit year'],
    ['2024-01-01T00:00:00.Z', 'dot without digits'],
    ['2024-01-01T00:00:00.1234567890Z', '10 fraction digits'],
    ['2024-01-01T00:00:00ZZ', 'trailing byte'],
    ['2024-01-01T00:00:00+01:00Z', 'offset then Z'],
    ['2024-01-01T00:00:00+0100', 'offset without colon'],
    ['2024-01-01T00:00:00+24:00', 'offset hour 24'],
    ['2024-01-01T00:00:00+01:60', 'offset minute 60'],
    ['2024-01-01T0a:00:00Z', 'letter in hour'],
    ['2024/01/01T00:00:00Z', 'slashes'],
    ['', 'empty'],
  ];

  it.each(invalid)('%s is rejected (%s)', (ts) => {
    expect(docker(ts)).toMatchObject({ error: 'bad_timestamp', stream: 'unknown' });
    if (ts !== '') expect(cri(ts)).toMatchObject({ error: 'bad_timestamp', stream: 'unknown' });
  });

  it('the NDJSON time is UTC with nine digits, also before 1970', () => {
    expect(cri('1969-12-31T23:59:59.5Z').time).toBe('1969-12-31T23:59:59.500000000Z');
    expect(cri('1678-01-01T00:00:00Z').time).toBe('1678-01-01T00:00:00.000000000Z');
    expect(cri('2261-12-31T23:59:59.999999999Z').time).toBe('2261-12-31T23:59:59.999999999Z');
    expect(cri('2020-01-01T00:30:00.25+01:00').time).toBe('2019-12-31T23:30:00.250000000Z');
  });
});
