/**
 * Which zones of a loaded trail a command works on, with the mistakes a user
 * can make (no events, an unknown or ambiguous --zone) turned into UsageErrors.
 */
import { selectZones, ZoneSelectionError, type LoadedTrail } from '../load.js';
import type { ZoneTimeline } from '../replay/replay.js';
import { UsageError } from './io.js';
import { safeText } from './terminal-text.js';

/** How many input paths a message names before it counts the rest. */
const PATHS_NAMED = 3;

/**
 * Says the inputs (`paths`, as given) hold no hosted-zone event, naming them
 * and how many files were read: the likely mistake is the path (given one
 * file of other services' records, the user learns which file that was).
 */
export function noEventsMessage(trail: LoadedTrail, paths: readonly string[]): string {
  const more = paths.length - PATHS_NAMED;
  const named = paths.slice(0, PATHS_NAMED).join(', ') + (more > 0 ? ` and ${more} more` : '');
  return `no Route 53 hosted-zone events in ${named} (${trail.ingest.filesRead} file(s) read, ${trail.inputs.unreadable.length} unreadable)`;
}

/** noEventsMessage as a line of a listing's output, where an empty list is an answer, not an error; escaped as stderr's refusal is. */
export function noEventsLine(trail: LoadedTrail, paths: readonly string[]): string {
  const said = noEventsMessage(trail, paths);
  return `${safeText(said.charAt(0).toUpperCase() + said.slice(1))}.\n`;
}

/** Throws when the inputs hold no hosted-zone event: there is nothing to `what`. */
export function requireEvents(trail: LoadedTrail, what: string, paths: readonly string[]): void {
  if (trail.replay.zones.size > 0) return;
  throw new UsageError(`${noEventsMessage(trail, paths)}; nothing to ${what}`);
}

/** The zones --zone picks (every zone without it). */
export function chooseZones(trail: LoadedTrail, selector: string | undefined): ZoneTimeline[] {
  try {
    return selectZones(trail.replay, selector);
  } catch (err) {
    if (err instanceof ZoneSelectionError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * The zones to show at an instant: without --zone, zones whose first event
 * comes after it are left out (unless sets older than the logs are known).
 */
export function zonesAt(trail: LoadedTrail, selector: string | undefined, atMs: number): ZoneTimeline[] {
  const zones = chooseZones(trail, selector);
  if (selector !== undefined) return zones;
  return zones.filter((z) => (z.steps[0]?.event.provenance.timeMs ?? Infinity) <= atMs || z.initial.rrsets.size > 0);
}

/** The latest instant the trail speaks for: its last event or its span's end. */
export function lastInstant(trail: LoadedTrail): number {
  const events = trail.log.events;
  const lastEvent = events.length > 0 ? events[events.length - 1]!.provenance.timeMs : 0;
  const spanEnd = trail.inputs.span.last !== undefined ? Date.parse(trail.inputs.span.last) : 0;
  return Math.max(lastEvent, Number.isNaN(spanEnd) ? 0 : spanEnd);
}
