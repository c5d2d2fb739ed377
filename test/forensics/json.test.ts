import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forensicsJson, safeJson } from '../../src/cli/render/json-report.js';

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const text = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x2ff }), fc.constantFrom(0x9b, 0x202e, 0x2028, 0x2066)), { maxLength: 30 }).map((c) => String.fromCharCode(...c));

describe('safeJson', () => {
  it('property: reads back as the same value, with no raw control or bidi character', () => {
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.integer(), fc.array(text, { maxLength: 3 }))), (v) => {
        const out = safeJson(v);
        expect(RAW.test(out)).toBe(false);
        expect(JSON.parse(out)).toEqual(v);
      }),
    );
  });

  it('wraps a report in the zoneReplay header', () => {
    expect(JSON.parse(forensicsJson('log', { log: { x: '\u009b31m' } }))).toMatchObject({ zoneReplay: { reportVersion: 1, report: 'log' }, log: { x: '\u009b31m' } });
    expect(forensicsJson('log', { x: '\u009b' })).toContain('"x": "\\u009b"');
  });
});
