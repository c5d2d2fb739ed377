/**
 * The shell around the pure core: read the inputs (sources/), turn records
 * into ordered events (events/), replay them (replay/). Everything a command
 * needs for snapshots, diffs and forensics comes out of here.
 */
import { collectEvents, orderEvents, type EventLog } from './events/collect.js';
import { NO_EVENT_ID, ROUTE53_EVENT_REGION } from './events/normalize.js';
import { replayEvents, type Replay, type ZoneTimeline } from './replay/replay.js';
import { holdsNoRoute53Events, ingestEvents, regionsOf, type IngestOptions, type IngestReport, type InputFile, type NormalizedRecord } from './sources/index.js';
import type { InputSummary } from './views/completeness.js';

/** A loaded trail: the events, their replay, and what the inputs were. */
export interface LoadedTrail {
  readonly log: EventLog;
  readonly replay: Replay;
  readonly inputs: InputSummary;
  readonly ingest: IngestReport;
}

/** How to load: ingest options, and whether to validate digest files found among the inputs. */
export interface LoadOptions extends IngestOptions {
  /** Validate the CloudTrail digest files among local inputs (default true): the completeness report then says what coverage is proved. */
  readonly verify?: boolean;
}

/** Reads inputs (paths, `-`, or InputFiles) and replays every zone in them. */
export async function loadTrail(inputs: readonly (string | InputFile)[], options: LoadOptions = {}): Promise<LoadedTrail> {
  // Log files with digests beside them are hashed as they are inflated: validation then need not read them again.
  const { events, report, logHashes } = await ingestEvents(inputs, options.verify === false ? options : { ...options, hashLogFiles: true });
  const trail = fromEvents(events, report);
  const local = inputs.filter((i): i is string => typeof i === 'string' && i !== '-' && !i.includes('://'));
  if (options.verify === false || report.digestFiles.length === 0 || local.length === 0) return trail;
  // Digest files came with the logs: what they prove goes into every completeness report.
  // (Loaded only then: hashing and signature checks are start-up time most runs do not need.)
  const { NoDigestFilesError, VerifyInputError, partialTrails, provedCoverage, verifyTrail } = await import('./verify/index.js');
  // Only the regions read: the other regions' files say nothing of Route 53 events, and verifying inflates every file.
  let v;
  try {
    v = await verifyTrail(local, {
      knownLogHashes: logHashes,
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
      ...(options.regions === 'all' ? {} : { regions: (region: string) => !holdsNoRoute53Events(region) }),
    });
  } catch (err) {
    if (err instanceof NoDigestFilesError) return trail; // digests only for regions not read: nothing proved for Route 53
    // Inputs verify cannot place (a digest file outside the S3 layout, say): the replay stands, unproved.
    if (err instanceof VerifyInputError) {
      const unreadable = [...trail.inputs.unreadable, { file: 'digest validation', message: `not done: ${err.message}` }];
      return { ...trail, inputs: { ...trail.inputs, unreadable } };
    }
    throw err;
  }
  const verification = { ok: v.ok, signed: v.signed, failures: v.logFiles.filter((f) => f.status !== 'ok').length + v.digests.filter((d) => d.status === 'broken-chain' || d.status === 'bad-signature').length };
  // Trails shown to leave out Route 53 changes other logs hold prove nothing for them.
  const partial = partialTrails(v, changeSightings(events), { region: ROUTE53_EVENT_REGION });
  const proved = provedCoverage(v, { region: ROUTE53_EVENT_REGION, exclude: partial });
  return { ...trail, inputs: { ...trail.inputs, provedCoverage: proved, verification, ...(partial.length > 0 ? { trailsNotCounted: partial } : {}) } };
}

/**
 * Where each copy of a zone-changing call was read (read-only calls are left
 * out: a trail that logs only writes records every change). Events without
 * an eventID cannot be matched between trails.
 */
function* changeSightings(events: readonly NormalizedRecord[]): Generator<{ eventId: string; file: string }> {
  for (const e of events) {
    if (!('provenance' in e) || e.problems?.includes(NO_EVENT_ID) === true) continue;
    const kind = e.action.kind;
    if (kind === 'change-rrsets' || kind === 'create-zone' || kind === 'delete-zone' || kind === 'gap') yield { eventId: e.provenance.eventId, file: e.provenance.file };
  }
}

/** Replays records already read (for callers with their own sources). */
export function fromRecords(records: Parameters<typeof collectEvents>[0], report: IngestReport): LoadedTrail {
  return fromLog(collectEvents(records), report);
}

/** Replays events already normalized (ingestEvents' output). */
export function fromEvents(events: Iterable<NormalizedRecord>, report: IngestReport): LoadedTrail {
  return fromLog(orderEvents(events), report);
}

function fromLog(log: EventLog, report: IngestReport): LoadedTrail {
  const replay = replayEvents(log.events);
  const unreadable = [
    ...report.problems.map((p) => ({ file: p.file, message: p.message })),
    ...log.problems.map((p) => ({ file: `${p.file}#${p.index}`, message: p.message })),
  ];
  const inputs: InputSummary = {
    span: report.span,
    filesRead: report.filesRead,
    unreadable,
    duplicatesDropped: log.duplicates,
    regionsNotRead: regionsOf(report.foldersSkipped),
    ...(log.contradictoryCopies.length > 0 ? { contradictoryCopies: log.contradictoryCopies } : {}),
  };
  return { log, replay, inputs, ingest: report };
}

/** Why a --zone argument did not pick exactly one zone. */
export class ZoneSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneSelectionError';
  }
}

/**
 * The zones matching `selector`: a hosted zone id (`Z1PA6795UKMFR9` or
 * `/hostedzone/Z1PA6795UKMFR9`) or a name. An ambiguous or unknown name is an
 * error listing the candidates. Without a selector, every zone.
 */
export function selectZones(replay: Replay, selector?: string): ZoneTimeline[] {
  const all = [...replay.zones.values()];
  if (selector === undefined) return all;
  const id = selector.trim().replace(/^\/?hostedzone\//i, '');
  const byId = replay.zones.get(id);
  if (byId !== undefined) return [byId];
  const name = selector.trim().toLowerCase().replace(/\.?$/, '.').replace(/^\*\./, '\\052.');
  const matches = all.filter((z) => z.zoneName === name);
  if (matches.length === 1) return matches;
  const list = (zs: ZoneTimeline[]) => zs.map((z) => `${z.zoneId} (${z.zoneName ?? 'name unknown'}${z.nameSource === 'inferred' ? ', inferred' : ''})`).join(', ');
  if (matches.length > 1) throw new ZoneSelectionError(`--zone ${selector} is ambiguous: ${matches.length} zones have that name: ${list(matches)}; give a hosted zone id`);
  throw new ZoneSelectionError(`no zone ${selector} in the inputs; zones found: ${all.length > 0 ? list(all) : 'none'}`);
}
