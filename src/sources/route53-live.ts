/**
 * The live state of a hosted zone, read with ListResourceRecordSets (every
 * page), as canonical record sets plus each set's native API object (kept so
 * a DELETE can repeat it exactly).
 */
import { ListResourceRecordSetsCommand, Route53Client, type ListResourceRecordSetsCommandOutput, type RRType } from '@aws-sdk/client-route-53';
import { readResourceRecordSet, recordKey, recordSetProblem, compareRecordSets, type RecordSet } from '../model/index.js';
import { describeAwsError } from './aws-errors.js';

/** A zone that cannot be read: names the zone and says why. */
export class Route53LiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Route53LiveError';
  }
}

/** Safety stop for a server that never ends its listing. */
const MAX_PAGES = 100_000;

/** The bare zone id of `Z123`, `/hostedzone/Z123` or `route53://Z123`. Throws Route53LiveError. */
export function parseZoneId(text: string): string {
  const id = text
    .trim()
    .replace(/^route53:\/\//i, '')
    .replace(/^\/?hostedzone\//i, '');
  if (!/^[A-Z0-9]{1,32}$/i.test(id)) {
    throw new Route53LiveError(`${JSON.stringify(text)} is not a hosted zone id (expected Z…, /hostedzone/Z… or route53://Z…)`);
  }
  return id.toUpperCase();
}

/** A Route 53 client: us-east-1 (Route 53 is global), default credential chain, optional endpoint. */
export function makeRoute53Client(endpoint?: string, env: Readonly<Record<string, string | undefined>> = process.env): Route53Client {
  const ep = endpoint ?? env.AWS_ENDPOINT_URL_ROUTE_53 ?? env.AWS_ENDPOINT_URL;
  return new Route53Client({ region: 'us-east-1', ...(ep !== undefined && ep !== '' ? { endpoint: ep } : {}) });
}

/**
 * Reads every record set of a hosted zone. `recordSets` are canonical and in
 * Route 53's order; `native` maps each set's key (recordKey) to the
 * ResourceRecordSet object as the API returned it (PascalCase).
 */
export async function fetchLiveZone(
  zoneId: string,
  opts: { client?: Route53Client; endpoint?: string } = {},
): Promise<{ recordSets: RecordSet[]; native: Map<string, Record<string, unknown>> }> {
  const id = parseZoneId(zoneId);
  const client = opts.client ?? makeRoute53Client(opts.endpoint);
  const recordSets: RecordSet[] = [];
  const native = new Map<string, Record<string, unknown>>();
  let start: { name: string; type: string; identifier?: string } | undefined;
  // Every page's start: a server sending the listing round a loop (a → b → a) is stopped at once.
  const starts = new Set<string>();
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new Route53LiveError(`hosted zone ${id}: the listing did not end after ${MAX_PAGES} pages`);
    const out = await listPage(client, id, start);
    // Route 53 always says whether a page is the last: without it, this is not its answer (a proxy's page, say).
    if (typeof out.IsTruncated !== 'boolean') {
      throw new Route53LiveError(`hosted zone ${id}: page ${page} is not a ListResourceRecordSets response (it has no IsTruncated)`);
    }
    for (const raw of out.ResourceRecordSets ?? []) {
      let rs: RecordSet;
      try {
        rs = readResourceRecordSet(raw);
      } catch (err) {
        throw new Route53LiveError(`hosted zone ${id}, page ${page}: ${recordSetProblem(err)}`, { cause: err });
      }
      const key = recordKey(rs);
      if (native.has(key)) continue; // a server repeating the boundary set across pages
      recordSets.push(rs);
      native.set(key, plainCopy(raw));
    }
    if (!out.IsTruncated) break;
    if (out.NextRecordName === undefined || out.NextRecordName === '') {
      throw new Route53LiveError(`hosted zone ${id}: page ${page} is truncated but has no NextRecordName`);
    }
    const next = {
      name: out.NextRecordName,
      type: out.NextRecordType ?? '',
      ...(out.NextRecordIdentifier !== undefined ? { identifier: out.NextRecordIdentifier } : {}),
    };
    const startKey = JSON.stringify([next.name, next.type, next.identifier ?? null]);
    if (starts.has(startKey)) {
      throw new Route53LiveError(`hosted zone ${id}: page ${page} points back at a page already read (NextRecordName ${next.name})`);
    }
    starts.add(startKey);
    start = next;
  }
  recordSets.sort(compareRecordSets);
  return { recordSets, native };
}

async function listPage(
  client: Route53Client,
  id: string,
  start: { name: string; type: string; identifier?: string } | undefined,
): Promise<ListResourceRecordSetsCommandOutput> {
  try {
    return await client.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: id,
        ...(start !== undefined
          ? {
              StartRecordName: start.name,
              ...(start.type !== '' ? { StartRecordType: start.type as RRType } : {}),
              ...(start.identifier !== undefined ? { StartRecordIdentifier: start.identifier } : {}),
            }
          : {}),
      }),
    );
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'NoSuchHostedZone') {
      throw new Route53LiveError(`hosted zone ${id} does not exist (NoSuchHostedZone: ${(err as Error).message})`, { cause: err });
    }
    throw new Route53LiveError(`listing hosted zone ${id}: ${describeAwsError(err)}`, { cause: err });
  }
}

/** The SDK's object as plain data: own enumerable members that are set, nested likewise. */
function plainCopy(v: unknown): Record<string, unknown> {
  return copy(v) as Record<string, unknown>;
}

function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val !== undefined) Object.defineProperty(out, k, { value: copy(val), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
