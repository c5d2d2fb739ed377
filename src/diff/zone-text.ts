/**
 * The canonical zone text: one line per value, in Route 53 order, with
 * routing fields spelled out. Both sides of a diff are written this way, so
 * the unified diff (made with the `diff` package) shows only real changes.
 */
import { createTwoFilesPatch } from 'diff/lib/patch/create.js'; // the one module used: the package index loads them all
import { compareRecordSets, type RecordSet } from '../model/record-set.js';

function routing(rs: RecordSet): string {
  const parts: string[] = [];
  if (rs.setIdentifier !== undefined) parts.push(`id=${JSON.stringify(rs.setIdentifier)}`);
  if (rs.weight !== undefined) parts.push(`weight=${rs.weight}`);
  if (rs.region !== undefined) parts.push(`region=${rs.region}`);
  if (rs.failover !== undefined) parts.push(`failover=${rs.failover}`);
  if (rs.geoLocation !== undefined) parts.push(`geo=${[rs.geoLocation.continentCode, rs.geoLocation.countryCode, rs.geoLocation.subdivisionCode].map((x) => x ?? '').join('/')}`);
  if (rs.geoProximityLocation !== undefined) parts.push(`geoproximity=${JSON.stringify(rs.geoProximityLocation)}`);
  if (rs.cidrRoutingConfig !== undefined) parts.push(`cidr=${rs.cidrRoutingConfig.collectionId}/${rs.cidrRoutingConfig.locationName}`);
  if (rs.multiValueAnswer !== undefined) parts.push(`multivalue=${rs.multiValueAnswer}`);
  if (rs.healthCheckId !== undefined) parts.push(`healthcheck=${rs.healthCheckId}`);
  if (rs.trafficPolicyInstanceId !== undefined) parts.push(`trafficpolicy=${rs.trafficPolicyInstanceId}`);
  return parts.length > 0 ? ` ; ${parts.join(' ')}` : '';
}

/** Lines of the canonical zone text of one set. */
export function recordSetLines(rs: RecordSet): string[] {
  const tail = routing(rs);
  if (rs.aliasTarget !== undefined) {
    const a = rs.aliasTarget;
    return [`${rs.name} ALIAS ${rs.type} ${a.dnsName} ${a.hostedZoneId} evaluate-target-health=${a.evaluateTargetHealth}${tail}`];
  }
  return (rs.values ?? []).map((v) => `${rs.name} ${rs.ttl ?? '-'} ${rs.type} ${v === '' ? '""' : oneLineValue(v)}${tail}`);
}

/**
 * A value on one line. Canonical values hold no control character, but one
 * kept as logged (an invalid value) may, and a line end in it would split its
 * line of the text, and of the diff, in two.
 */
function oneLineValue(v: string): string {
  return v.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The canonical zone text of a list of sets. */
export function canonicalZoneText(sets: readonly RecordSet[]): string {
  return [...sets].sort(compareRecordSets).flatMap(recordSetLines).map((l) => l + '\n').join('');
}

/** A unified diff of the canonical texts of two sides. */
export function unifiedZoneDiff(fromLabel: string, from: readonly RecordSet[], toLabel: string, to: readonly RecordSet[]): string {
  return createTwoFilesPatch(fromLabel, toLabel, canonicalZoneText(from), canonicalZoneText(to), undefined, undefined, { context: 2 });
}
