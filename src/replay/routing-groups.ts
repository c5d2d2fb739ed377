/**
 * Route 53's rules within a routing group: the sets of one name and type,
 * which share one routing policy and, for some policies, may not share a
 * slot (a Region, a failover role, a location).
 */
import type { Change } from '../events/types.js';
import { routingPolicy, type RecordSet } from '../model/record-set.js';

/**
 * Route 53's words for a set the batch wrote into a group of another routing
 * policy, where they are known: a simple set beside others (chef-boneyard/route53
 * #100), a latency set beside non-latency ones (quoted from a public script;
 * reportedly aws/aws-cli #8241), a multivalue answer set beside others
 * (cert-manager/cert-manager #5388). Other pairs keep the simulator's wording.
 */
export function mixedGroupErrors(group: readonly RecordSet[], changes: readonly Change[]): string[] {
  const out: string[] = [];
  for (const s of group) {
    if (!changes.some((c) => c.action !== 'DELETE' && c.rrset === s)) continue;
    const policy = routingPolicy(s);
    const others = group.filter((o) => o !== s);
    if (!others.some((o) => policy === 'simple' || routingPolicy(o) !== policy)) continue;
    if (policy === 'simple') out.push(`RRSet with DNS name ${s.name}, type ${s.type} cannot be created as other RRSets exist with the same name and type.`);
    else if (policy === 'latency') out.push(`RRSet with DNS name ${s.name}, type ${s.type}, SetIdentifier ${s.setIdentifier ?? 'null'}, and Region Name=${s.region ?? ''} cannot be created because a non-latency RRSet with the same name and type already exists.`);
    else if (policy === 'multivalue') out.push(`RRSet with DNS name ${s.name}, type ${s.type}, SetIdentifier ${s.setIdentifier ?? 'null'} cannot be created because a non multivalue answer rrset exists with the same name and type.`);
  }
  return out;
}
