import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/events/normalize.js';
import { TextEvents } from '../../src/sources/text-events.js';

const record = (over: Record<string, unknown>) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: '2024-03-01T10:00:00Z',
    eventSource: 'route53.amazonaws.com',
    eventName: 'ChangeResourceRecordSets',
    userIdentity: { type: 'IAMUser', userName: 'ops' },
    requestParameters: { hostedZoneId: 'Z1', changeBatch: { changes: [{ action: 'UPSERT', resourceRecordSet: { name: 'www.example.com', type: 'A', tTL: 60, resourceRecords: [{ value: '192.0.2.1' }] } }] } },
    ...over,
  });

const TEXTS = [
  record({ eventID: 'e1' }),
  record({ eventID: 'e2', eventTime: '2024-03-01T11:00:00Z' }),
  record({}), // no eventID: identified by where it was read
  record({ eventID: 'e3', eventTime: 'yesterday' }), // not an event: a problem
];

describe('TextEvents', () => {
  it('gives every copy, in any arrival order, exactly what normalizeRecord gives for it', () => {
    const copy = fc.record({ text: fc.constantFrom(...TEXTS), file: fc.constantFrom('a.json.gz', 'b.json.gz', 'c.json.gz'), index: fc.nat(5) });
    fc.assert(
      fc.property(fc.array(copy, { minLength: 1, maxLength: 12 }), (copies) => {
        const texts = new TextEvents();
        // Files arrive in a shuffled order: the first copy normalized differs from the first in input order.
        const keys = new Map([...copies].reverse().map((c) => [c, texts.add(c.file, [{ text: c.text, index: c.index }]).keys[0]!.key]));
        for (const c of copies) expect(texts.eventOf(keys.get(c)!, c.file, c.index)).toEqual(normalizeRecord(JSON.parse(c.text), { file: c.file, index: c.index }));
      }),
    );
  });

  it('normalizes an identical copy only once', () => {
    const texts = new TextEvents();
    const [ka] = texts.add('a.json.gz', [{ text: TEXTS[0]!, index: 3 }]).keys;
    const [kb] = texts.add('b.json.gz', [{ text: TEXTS[0]!, index: 7 }]).keys;
    expect(kb!.key).toBe(ka!.key);
    expect(texts.add('c.json.gz', [{ text: TEXTS[1]!, index: 0 }]).keys[0]!.key).not.toBe(ka!.key);
    const a = texts.eventOf(ka!.key, 'a.json.gz', 3);
    const b = texts.eventOf(kb!.key, 'b.json.gz', 7);
    expect('provenance' in b && b.provenance.file).toBe('b.json.gz');
    // The copy shares the first one's action: it was not normalized again.
    expect('action' in a && 'action' in b && a.action === b.action).toBe(true);
  });

  it('drops what only mentions Route 53, every copy of it, and stops at a text that does not parse', () => {
    const texts = new TextEvents();
    const other = JSON.stringify({ eventVersion: '1.08', eventSource: 'iam.amazonaws.com', eventID: 'o', requestParameters: { awsServiceName: 'route53.amazonaws.com' } });
    expect(texts.add('a', [{ text: other, index: 0 }, { text: TEXTS[0]!, index: 1 }]).keys.map((k) => k.index)).toEqual([1]);
    expect(texts.add('b', [{ text: other, index: 4 }]).keys).toEqual([]);
    const added = texts.add('c', [{ text: TEXTS[1]!, index: 2 }, { text: '{"eventSource":"route53.amazonaws.com",]', index: 5 }, { text: TEXTS[2]!, index: 9 }]);
    expect(added.keys.map((k) => k.index)).toEqual([2]);
    expect(added.problem).toMatchObject({ index: 5, message: expect.stringMatching(/^record 6 is not valid JSON \(/) as unknown });
  });
});
