/**
 * Records that are not what CloudTrail writes (fields missing, of another
 * type, repeated in another case, `__proto__` keys, hostile text) normalize
 * into an event or a problem, never an exception, and a trail of them
 * replays into snapshots: the run goes on past what it cannot read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { isRoute53Record, normalizeRecord } from '../../src/events/normalize.js';
import { isObject, type JsonObject } from '../../src/model/index.js';
import { replayEvents } from '../../src/replay/replay.js';
import { snapshotAt } from '../../src/views/snapshot.js';
import { zoneHistory } from '../../src/views/history.js';
import { smallTrail } from '../support/cloudtrail.js';
import { arbJsonMutation, jsonText, mutateJson } from '../support/mutations.js';
import { returnsOrRefuses } from '../support/user-errors.js';

const NO_INPUTS = { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0, regionsNotRead: [] };

/** The small trail mutated as JSON and read back as JSON.parse would give it (own `__proto__` keys included). */
const arbRecords: fc.Arbitrary<JsonObject[]> = fc.array(arbJsonMutation, { maxLength: 6 }).map((jm) => {
  const text = jsonText(mutateJson(smallTrail(), jm));
  const parsed: unknown = text === '' ? [] : JSON.parse(text);
  return (Array.isArray(parsed) ? parsed : [parsed]).filter(isObject);
});

describe('records that are not what CloudTrail writes', () => {
  it('normalize into an event or a problem, never an exception', () => {
    fc.assert(
      fc.property(arbRecords, (records) => {
        for (const [index, record] of records.entries()) {
          const r = returnsOrRefuses('normalizeRecord', () => normalizeRecord(record, { file: 'trail.json', index }), []);
          if (r.ok && 'message' in r.value) expect(r.value.message).not.toBe('');
          // A bug of ours read as a problem of the record (see recordSetProblem).
          if (r.ok && 'provenance' in r.value) expect(r.value.problems ?? []).not.toContainEqual(expect.stringMatching(/unexpected error/));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replay into snapshots and histories, the events that cannot be read left out and named', () => {
    fc.assert(
      fc.property(arbRecords, (records) => {
        const r = returnsOrRefuses(
          'replay',
          () => {
            const log = collectEvents(records.map((record, index) => ({ record, file: 'trail.json', index })));
            const replay = replayEvents(log.events);
            for (const timeline of replay.zones.values()) {
              for (const atMs of [Date.parse('2024-03-01T10:30:00Z'), Date.parse('2100-01-01T00:00:00Z')]) snapshotAt(timeline, atMs, NO_INPUTS);
              zoneHistory(timeline);
            }
            return log;
          },
          [],
        );
        // Every Route 53 record is an event, a problem or a duplicate: none is lost without a word.
        if (r.ok) expect(r.value.events.length + r.value.problems.length + r.value.duplicates).toBe(records.filter(isRoute53Record).length);
      }),
      { numRuns: 200 },
    );
  });
});
