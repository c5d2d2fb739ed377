import { describe, expect, it } from 'vitest';
import { tuneJitForBusyCores } from '../../src/cli/jit-tuning.js';

describe('tuneJitForBusyCores', () => {
  it('leaves V8 alone while a core is spare, tunes once when every core scans', () => {
    expect(tuneJitForBusyCores(1, 2)).toBe(false);
    expect(tuneJitForBusyCores(3, 4)).toBe(false);
    // The default (one thread per core) keeps every core busy.
    expect(tuneJitForBusyCores(undefined, 2)).toBe(true);
    // Process-wide and set once: later runs in the same process do not set it again.
    expect(tuneJitForBusyCores(8, 2)).toBe(false);
  });
});
