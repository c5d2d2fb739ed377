#!/usr/bin/env node
// Replays many changes into a large zone, straight from events (no parsing),
// then times point-in-time queries. Usage:
//   node bench/replay-scale.js [--sets 100000] [--changes 1000000] [--batch 10]
import { parseArgs } from 'node:util';
import { replayZone, rrsetAt, stateAt, snapshotAt } from '../dist/index.js';

const { values } = parseArgs({ options: { sets: { type: 'string', default: '100000' }, changes: { type: 'string', default: '1000000' }, batch: { type: 'string', default: '10' } } });
const SETS = Number(values.sets);
const CHANGES = Number(values.changes);
const BATCH = Number(values.batch);
const ZONE = 'big.example.com.';
const T0 = Date.parse('2024-01-01T00:00:00Z');

// The process's peak resident memory so far (getrusage's maxrss: a true maximum, where sampling
// RSS would miss the peaks inside the synchronous replay and queries).
let peak = 0;
const sample = () => (peak = Math.max(peak, process.resourceUsage().maxRSS * 1024));

function provenance(i, t) {
  return { eventId: `ev-${i}`, eventTime: new Date(t).toISOString(), timeMs: t, eventName: 'ChangeResourceRecordSets', identity: { type: 'IAMUser', userName: 'bench' }, file: 'bench', index: i };
}
const rrset = (n, v, ttl = 300) => ({ name: `h${n}.${ZONE}`, type: 'A', ttl, values: [`10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`] });

const events = [];
let t = T0;
events.push({ provenance: provenance(0, t), action: { kind: 'create-zone', zoneId: 'ZBENCH', zoneName: ZONE, nameServers: ['ns-1.awsdns-01.com.', 'ns-2.awsdns-02.net.'], privateZone: false } });
let id = 1;
// Fill the zone: 1,000 CREATEs per batch.
for (let i = 0; i < SETS; i += 1000) {
  t += 1000;
  const changes = [];
  for (let j = i; j < Math.min(SETS, i + 1000); j++) changes.push({ action: 'CREATE', rrset: rrset(j, j) });
  events.push({ provenance: provenance(id++, t), action: { kind: 'change-rrsets', zoneId: 'ZBENCH', changes } });
}
const filled = t;
// Then CHANGES changes: UPSERTs of existing sets (distinct names within a batch), in batches of BATCH.
const current = new Int32Array(SETS).map((_, i) => i);
let done = 0;
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % SETS);
while (done < CHANGES) {
  t += 1000;
  const changes = [];
  const used = new Set();
  for (let k = 0; k < BATCH && done < CHANGES; k++, done++) {
    let n = rand();
    while (used.has(n)) n = (n + 1) % SETS;
    used.add(n);
    current[n] += 1;
    changes.push({ action: 'UPSERT', rrset: rrset(n, current[n]) });
  }
  events.push({ provenance: provenance(id++, t), action: { kind: 'change-rrsets', zoneId: 'ZBENCH', changes } });
}
sample();
const start = performance.now();
const timeline = replayZone('ZBENCH', events);
const replayMs = performance.now() - start;
sample();
const applied = timeline.steps.filter((s) => s.outcome.kind === 'applied').length;

// Point-in-time queries, walking forward through the timeline: one record set at an instant
// (rrsetAt: the nearest kept state and the logged edits after it, nothing built), then a whole
// snapshot. The peak so far is the replay's.
const QUERIES = 1000;
const instant = (i) => filled + Math.floor(((t - filled) * i) / QUERIES);
const keyOf = (i) => `h${i % SETS}.${ZONE} A`;
const q0 = performance.now();
let found = 0;
for (let i = 0; i < QUERIES; i++) if (rrsetAt(timeline, instant(i), keyOf(i)) !== undefined) found++;
const lookupMs = (performance.now() - q0) / QUERIES;
const s0 = performance.now();
const inputs = { span: {}, filesRead: 0, unreadable: [], duplicatesDropped: 0 };
const snap = snapshotAt(timeline, filled + Math.floor((t - filled) / 2), inputs);
const snapshotMs = performance.now() - s0;
sample();
const peakBeforeStates = peak;
// The same lookups through whole states (stateAt): each builds the state at its instant from the
// previous one. Those states are garbage once the next query moves on, and how much of it the old
// generation holds at once depends on when V8 runs a full collection: reported apart.
const w0 = performance.now();
let foundInStates = 0;
for (let i = 0; i < QUERIES; i++) if (stateAt(timeline, instant(i)).rrsets.get(keyOf(i)) !== undefined) foundInStates++;
const stateLookupMs = (performance.now() - w0) / QUERIES;
sample();
if (foundInStates !== found) throw new Error(`rrsetAt found ${found} sets, stateAt ${foundInStates}`);
process.stdout.write(
  JSON.stringify({
    sets: SETS,
    changes: CHANGES,
    batch: BATCH,
    events: events.length,
    applied,
    replayMs: Math.round(replayMs),
    peakRssMB: Math.round(peakBeforeStates / 1048576),
    lookupUs: Math.round(lookupMs * 1000),
    found,
    fullSnapshotMs: Math.round(snapshotMs),
    snapshotSets: snap.recordSets.length,
    stateLookupUs: Math.round(stateLookupMs * 1000),
    peakRssWithStateWalkMB: Math.round(peak / 1048576),
  }) + '\n',
);
