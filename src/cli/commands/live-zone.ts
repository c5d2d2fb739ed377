/**
 * `route53://ZONE_ID` as a zone export: the live zone read with
 * ListResourceRecordSets (all pages), for `diff --against` and `apply --to`.
 */
import { apexOf, type ZoneExport } from '../../formats/zone-export.js';
import { UsageError } from '../io.js';

/** Reads the live zone; AWS errors become messages (exit 2). */
export async function readLiveZone(url: string, endpoint?: string): Promise<ZoneExport> {
  const zoneId = url.replace(/^route53:\/\//, '').replace(/^\/?hostedzone\//i, '');
  // Loaded on use: the AWS SDK costs half a second at start-up.
  const { fetchLiveZone, Route53LiveError } = await import('../../sources/route53-live.js');
  let live: Awaited<ReturnType<typeof fetchLiveZone>>;
  try {
    live = await fetchLiveZone(zoneId, endpoint !== undefined ? { endpoint } : {});
  } catch (err) {
    // Every failure of the zone or the service is a Route53LiveError (AWS's errors included); the rest are bugs.
    if (!(err instanceof Route53LiveError)) throw err;
    throw new UsageError(`cannot read ${url}: ${err.message}`, { cause: err });
  }
  const zoneName = apexOf(live.recordSets);
  return { file: url, kind: 'route53', zoneId, ...(zoneName !== undefined ? { zoneName } : {}), recordSets: live.recordSets, native: live.native, problems: [] };
}
