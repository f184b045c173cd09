// ReadSlots (bindings/agent/files/read-slots.ts): at most `size` reads in flight, granted in arrival order.
import { describe, expect, it } from 'vitest';
import { ReadSlots } from '../../../bindings/agent/files/read-slots.ts';

describe('ReadSlots', () => {
  it('never more than its size in flight; waiting reads start in arrival order; a failed read frees its slot', async () => {
    const slots = new ReadSlots(3);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const runs = Array.from({ length: 10 }, (_, i) =>
      slots.run(async () => {
        started.push(i);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        if (i === 4) throw new Error('read failed');
        return i;
      }).then(
        (value) => ({ value }),
        (error: Error) => ({ error }), // caught at once: a rejection nobody awaits yet is an unhandled one
      ),
    );
    // let each started read finish in turn, oldest first
    for (let done = 0; done < 10; done++) {
      while (release.length <= done) await new Promise((r) => setImmediate(r));
      release[done]();
    }
    const results = await Promise.all(runs);
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.filter((r) => 'error' in r)).toEqual([{ error: new Error('read failed') }]);
    expect(await slots.run(async () => 'free again')).toBe('free again');
  });
});
