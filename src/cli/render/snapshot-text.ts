/**
 * A snapshot as text for people: one block per record set with the change
 * that last set it (who, when, from where), then the completeness report.
 */
import { actorName } from '../../events/normalize.js';
import type { Provenance } from '../../events/types.js';
import { describeRecordSet, type RecordSet } from '../../model/record-set.js';
import type { ZoneStatus } from '../../replay/state.js';
import type { Snapshot, ZoneDeletion } from '../../views/snapshot.js';
import { safeText, type Paint } from '../terminal-text.js';
import { completenessText } from './completeness-text.js';

/** Content of a set on one line: TTL and values, or the alias target, and routing. */
export function contentText(rs: RecordSet): string {
  const parts: string[] = [];
  if (rs.aliasTarget !== undefined) {
    parts.push(`ALIAS ${rs.aliasTarget.dnsName} (zone ${rs.aliasTarget.hostedZoneId}${rs.aliasTarget.evaluateTargetHealth ? ', evaluate target health' : ''})`);
  } else {
    parts.push(`${rs.ttl ?? '?'} ${(rs.values ?? []).map((v) => (v === '' ? '""' : v)).join(' | ')}`);
  }
  if (rs.weight !== undefined) parts.push(`weight=${rs.weight}`);
  if (rs.region !== undefined) parts.push(`region=${rs.region}`);
  if (rs.failover !== undefined) parts.push(`failover=${rs.failover}`);
  if (rs.geoLocation !== undefined) parts.push(`geo=${Object.values(rs.geoLocation).join('/')}`);
  if (rs.geoProximityLocation !== undefined) parts.push(`geoproximity=${JSON.stringify(rs.geoProximityLocation)}`);
  if (rs.cidrRoutingConfig !== undefined) parts.push(`cidr=${rs.cidrRoutingConfig.collectionId}/${rs.cidrRoutingConfig.locationName}`);
  if (rs.multiValueAnswer !== undefined) parts.push(`multivalue=${rs.multiValueAnswer}`);
  if (rs.healthCheckId !== undefined) parts.push(`healthcheck=${rs.healthCheckId}`);
  if (rs.trafficPolicyInstanceId !== undefined) parts.push(`traffic-policy-instance=${rs.trafficPolicyInstanceId}`);
  return safeText(parts.join('  '));
}

/**
 * Since when a set proved by a later DELETE is known: before the logs, or
 * since the gap before that DELETE (which may have made it). Escaped.
 */
export function provedText(e: { readonly since?: Pick<Provenance, 'eventName' | 'eventTime'> | null }): string {
  const gap = e.since ?? undefined;
  return gap === undefined ? 'existed before the logs' : safeText(`since ${gap.eventName} at ${gap.eventTime}, made by it or older`);
}

/** Who, when, from where: one line. */
export function provenanceText(p: Provenance): string {
  const id = p.identity;
  const who = `${actorName(id)}${id.type !== undefined ? ` (${id.type}${id.arn !== undefined ? ` ${id.arn}` : ''})` : ''}`;
  const via = id.invokedBy !== undefined ? ` invoked by ${id.invokedBy}` : '';
  const from = p.sourceIPAddress ? ` from ${p.sourceIPAddress}` : '';
  const ua = p.userAgent ? ` with ${JSON.stringify(p.userAgent)}` : '';
  return safeText(`${p.eventTime} ${p.eventName} by ${who}${via}${from}${ua}, event ${p.eventId}`);
}

/**
 * Where the zone stands at the instant, and what that rests on. A zone whose
 * CreateHostedZone is in the logs has no state before it: at an instant
 * before, it did not exist yet (not "existed before the logs").
 */
export function zoneStatusText(status: ZoneStatus, genesis: 'in-logs' | 'before-logs', p: Paint): string {
  if (status === 'unknown' && genesis === 'in-logs') return 'not created yet at this instant (its CreateHostedZone is later in the logs)';
  const existence = status === 'deleted' ? p.red('deleted') : status === 'exists' ? 'exists' : 'existed before the logs';
  return `${existence} (${genesis === 'in-logs' ? 'created in the logs' : p.yellow('creation not in the logs: a lower bound')})`;
}

/** Who deleted the zone, and how to see it as it was just before: two lines. */
export function deletionText(d: ZoneDeletion): string[] {
  const lines = [`deleted: ${provenanceText(d.by)}`, `just before: ${d.recordSetsBefore} record set(s); --at ${d.lastInstantBefore} shows them`];
  const e = d.beforeEmptied;
  if (e !== undefined) lines.push(`before the ${e.batches} batch(es) of DELETEs that emptied it: ${e.recordSetsBefore} record set(s); --at ${e.lastInstantBefore} shows them`);
  return lines;
}

/** The whole snapshot. */
export function snapshotText(s: Snapshot, p: Paint): string {
  const out: string[] = [];
  const name = s.zoneName !== undefined ? safeText(s.zoneName) : '(name unknown)';
  out.push(p.bold(`Zone ${name} ${safeText(s.zoneId)} at ${s.at}`) + p.dim(' — reconstructed from CloudTrail, best effort'));
  out.push(`status: ${zoneStatusText(s.status, s.completeness.genesis, p)}; ${s.recordSets.length} record set(s)`);
  if (s.deletion !== undefined) out.push(...deletionText(s.deletion));
  out.push('');
  for (const e of s.recordSets) {
    const tag = e.origin === 'logged' ? e.action : e.origin === 'synthesized' ? 'synthesized (Route 53 default)' : `inferred (${provedText(e)})`;
    out.push(`${p.cyan(safeText(describeRecordSet(e.rrset)))}  ${contentText(e.rrset)}`);
    if (e.rrset.invalidValues !== undefined) {
      out.push(`    ${p.yellow('values not readable')}: ${e.rrset.invalidValues.map((v) => `${JSON.stringify(safeText(v.value))} (${safeText(v.reason)})`).join(', ')}`);
    }
    out.push(p.dim(`    ${tag}: ${provenanceText(e.setBy)}`));
  }
  if (s.recordSets.length === 0) out.push(p.dim('(no record sets known at this instant)'));
  out.push('');
  out.push(completenessText(s.completeness, p));
  return out.join('\n');
}
