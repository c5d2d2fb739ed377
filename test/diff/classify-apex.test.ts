import { describe, expect, it } from 'vitest';
import { classifyAgainstLive } from '../../src/diff/classify.js';
import { diffRecordSets } from '../../src/diff/record-diff.js';
import { recordKey, type RecordSet } from '../../src/model/record-set.js';
import { defaultApexSets, PRIVATE_ZONE_NAME_SERVERS } from '../../src/replay/reducer.js';
import type { SetOrigin } from '../../src/replay/state.js';

const ZONE = 'example.com.';
const SERVERS = ['ns-1222.awsdns-24.org.', 'ns-1536.awsdns-00.co.uk.', 'ns-51.awsdns-06.com.', 'ns-919.awsdns-50.net.'];

/** The classification of each apex difference between `replay` (with its sets' origins) and `live`. */
function classify(replay: RecordSet[], live: RecordSet[], origin: SetOrigin | undefined, genesis: 'in-logs' | 'before-logs' = 'in-logs'): Record<string, string> {
  const origins = new Map(origin === undefined ? [] : replay.map((rs) => [recordKey(rs), origin] as const));
  const diffs = diffRecordSets(replay, live, ZONE);
  const out: Record<string, string> = {};
  for (const d of classifyAgainstLive(diffs, { history: new Map(), upTo: Infinity, genesis, origins })) out[d.key] = d.classification;
  return out;
}

const swapServer = (sets: RecordSet[]): RecordSet[] => sets.map((rs) => (rs.type === 'NS' ? { ...rs, values: [...rs.values!.slice(0, 3), 'ns1.attacker.example.'].sort() } : rs));
const otherSoa = (sets: RecordSet[]): RecordSet[] => sets.map((rs) => (rs.type === 'SOA' ? { ...rs, values: [rs.values![0]!.replace(/^\S+/, 'ns-51.awsdns-06.com.')] } : rs));

describe('apex differences against live', () => {
  it('are drift when the logs know the set: the name servers of a logged creation, or a logged change', () => {
    const created = defaultApexSets(ZONE, SERVERS, false);
    expect(classify(created, swapServer(created), 'synthesized')).toEqual({ [`${ZONE} NS`]: 'changed-out-of-band' });
    expect(classify(created, swapServer(created), 'logged')).toEqual({ [`${ZONE} NS`]: 'changed-out-of-band' });
    expect(classify(created, otherSoa(created), 'logged')).toEqual({ [`${ZONE} SOA`]: 'changed-out-of-band' });
    expect(classify(created, created.filter((rs) => rs.type !== 'NS'), 'synthesized')).toEqual({ [`${ZONE} NS`]: 'missing-live' });
  });

  it('are reported apart when the logs cannot tell: a guessed SOA primary, assumed private-zone servers, sets made before the logs', () => {
    const created = defaultApexSets(ZONE, SERVERS, false);
    expect(classify(created, otherSoa(created), 'synthesized')).toEqual({ [`${ZONE} SOA`]: 'apex' });
    const privateZone = defaultApexSets(ZONE, [], true);
    expect(privateZone.find((rs) => rs.type === 'NS')!.values).toHaveLength(PRIVATE_ZONE_NAME_SERVERS.length);
    expect(classify(privateZone, swapServer(privateZone), 'synthesized')).toEqual({ [`${ZONE} NS`]: 'apex' });
    // The zone is older than the logs: the replay has no apex sets, live has Route 53's.
    expect(classify([], created, undefined, 'before-logs')).toEqual({ [`${ZONE} NS`]: 'apex', [`${ZONE} SOA`]: 'apex' });
  });
});
