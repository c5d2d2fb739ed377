/**
 * Groups zone-file records into record sets by (name, type, set identifier),
 * as Route 53 does: values of one set are merged and sorted; a TTL or
 * routing that differs from the set's first line is reported and the first
 * one kept.
 */
import {
  bareZoneId,
  canonicalName,
  canonicalValue,
  compareRecordSets,
  decodeCharString,
  describeInvalidValue,
  describeRecordSet,
  inputProblem,
  NameError,
  recordKey,
  ROUTE53_TYPES,
  sortValues,
  stableJson,
  TokenError,
  type AliasTarget,
  type InvalidValue,
  type RecordSet,
} from '../../model/index.js';
import type { Routing } from './aws-routing.js';
import type { RawToken } from './lexer.js';

interface Group {
  readonly line: number;
  readonly name: string;
  readonly type: string;
  readonly routing: Routing;
  readonly ttl: number | undefined;
  readonly values: string[];
  readonly invalid: InvalidValue[];
  alias?: AliasTarget;
}

/** Collects records line by line; `build()` returns the sets. */
export class RecordSetBuilder {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly problem: (line: number, message: string) => void) {}

  /** Adds one value line. */
  addValue(line: number, name: string, type: string, ttl: number | undefined, text: string, origin: string | undefined, routing: Routing): void {
    const group = this.group(line, name, type, ttl, routing, false);
    if (group === undefined) return;
    const c = canonicalValue(type, text, origin === undefined ? { dialect: 'zonefile' } : { dialect: 'zonefile', origin });
    if (!c.ok) {
      this.problem(line, describeInvalidValue(group, { value: c.value, reason: c.reason }));
      if (!group.invalid.some((v) => v.value === c.value)) group.invalid.push({ value: c.value, reason: c.reason });
    }
    group.values.push(c.value);
  }

  /** Adds one cli53 `AWS ALIAS <type> <target> <zone id|$self> <evaluate>` line. */
  addAlias(line: number, name: string, words: readonly RawToken[], origin: string | undefined, selfZoneId: string | undefined, routing: Routing): void {
    if (words.length !== 4) {
      this.problem(line, `AWS ALIAS needs type, target, zone id and evaluate-target-health, found ${words.length} fields; skipped`);
      return;
    }
    const [typeTok, targetTok, zoneTok, evalTok] = words as [RawToken, RawToken, RawToken, RawToken];
    const type = typeTok.text.toUpperCase();
    if (!ROUTE53_TYPES.includes(type)) {
      this.problem(line, `AWS ALIAS of type ${type}, which Route 53 does not support; skipped`);
      return;
    }
    let dnsName: string;
    try {
      dnsName = canonicalName(targetTok.text, 'zonefile', origin);
    } catch (err) {
      this.problem(line, `AWS ALIAS target: ${inputProblem(err, [NameError], 'the target')}; skipped`);
      return;
    }
    let zoneText = zoneTok.text;
    if (zoneTok.quoted) {
      try {
        zoneText = Buffer.from(decodeCharString(zoneTok.text, 'zonefile'), 'latin1').toString('utf8');
      } catch (err) {
        // decodeCharString throws TokenError (`\256`, a lone backslash): a problem of this line, not of the file.
        this.problem(line, `AWS ALIAS zone id: ${inputProblem(err, [TokenError], 'the zone id')}; skipped`);
        return;
      }
    }
    const hostedZoneId = zoneText === '$self' && selfZoneId !== undefined ? bareZoneId(selfZoneId) : bareZoneId(zoneText);
    const evalText = evalTok.text.toLowerCase();
    if (evalText !== 'true' && evalText !== 'false') {
      this.problem(line, `AWS ALIAS evaluate-target-health ${JSON.stringify(evalTok.text)} is not true or false; taken as false`);
    }
    const group = this.group(line, name, type, undefined, routing, true);
    if (group === undefined) return;
    group.alias = { hostedZoneId, dnsName, evaluateTargetHealth: evalText === 'true' };
  }

  /** The record sets, in Route 53 order. */
  build(): RecordSet[] {
    const out: RecordSet[] = [];
    for (const g of this.groups.values()) {
      const rs: Record<string, unknown> = { name: g.name, type: g.type, ...g.routing };
      if (g.alias !== undefined) {
        rs.aliasTarget = g.alias;
      } else {
        if (g.ttl !== undefined) rs.ttl = g.ttl;
        rs.values = sortValues(g.values);
        if (g.invalid.length > 0) rs.invalidValues = g.invalid;
      }
      out.push(rs as unknown as RecordSet);
    }
    return out.sort(compareRecordSets);
  }

  /** The group a line belongs to, or undefined when the line conflicts with it and is skipped. */
  private group(line: number, name: string, type: string, ttl: number | undefined, routing: Routing, alias: boolean): Group | undefined {
    const key = recordKey({ name, type, setIdentifier: routing.setIdentifier });
    const existing = this.groups.get(key);
    if (existing === undefined) {
      const g: Group = { line, name, type, routing, ttl: alias ? undefined : ttl, values: [], invalid: [] };
      this.groups.set(key, g);
      return g;
    }
    const what = describeRecordSet(existing);
    if (alias || existing.alias !== undefined) {
      this.problem(line, `${what} is already ${existing.alias !== undefined ? 'an alias' : 'a set of values'} (line ${existing.line}); this line is skipped`);
      return undefined;
    }
    if (ttl !== existing.ttl) {
      this.problem(line, `${what}: TTL ${ttl ?? 'none'} differs from TTL ${existing.ttl ?? 'none'} on line ${existing.line}; keeping ${existing.ttl ?? 'none'}`);
    }
    if (stableJson(routing) !== stableJson(existing.routing)) {
      this.problem(line, `${what}: routing differs from line ${existing.line}; keeping the first`);
    }
    return existing;
  }
}
