import { describe, expect, it } from 'vitest';
import { readResourceRecordSet, recordSetProblem, RecordSetError } from '../../src/model/read-rrset.js';

describe('recordSetProblem', () => {
  it("says a set's own problem as readResourceRecordSet words it", () => {
    let thrown: unknown;
    try {
      readResourceRecordSet({ Type: 'A', TTL: 60 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(RecordSetError);
    expect(recordSetProblem(thrown)).toBe('resource record set has no name');
  });

  it('marks anything else as unexpected: a bug of ours, which the bad-input laws look for', () => {
    expect(recordSetProblem(new TypeError("Cannot read properties of undefined (reading 'trim')"))).toBe(
      "unexpected error reading the record set: Cannot read properties of undefined (reading 'trim')",
    );
    expect(recordSetProblem('thrown text')).toBe('unexpected error reading the record set: thrown text');
  });
});
