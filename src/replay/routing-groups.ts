/**
 * Route 53's rules on routing: a SetIdentifier goes with a routing policy,
 * and a routing group — the sets of one name and type — shares one policy.
 */
import type { Change } from '../events/types.js';
import { routingPolicy, type RecordSet } from '../model/record-set.js';

/**
 * A written set's routing fields against its SetIdentifier: Route 53 wants a
 * SetIdentifier exactly on sets with a routing policy other than simple
 * (API reference, ResourceRecordSet.SetIdentifier). Not for DELETEs, which
 * Route 53 matches without every routing field (Terraform omits
 * MultiValueAnswer), nor for a traffic policy instance's sets.
 */
export function routingProblem(action: Change['action'], rs: RecordSet): string | undefined {
  if (action === 'DELETE' || rs.trafficPolicyInstanceId !== undefined) return undefined;
  const policy = routingPolicy(rs);
  if (rs.setIdentifier !== undefined && policy === 'simple') {
    return `RRSet with DNS name ${rs.name}, type ${rs.type} has SetIdentifier ${rs.setIdentifier} but no routing policy (Weight, Region, Failover, GeoLocation, GeoProximityLocation, CidrRoutingConfig or MultiValueAnswer)`;
  }
  if (rs.setIdentifier === undefined && policy !== 'simple') return `RRSet with DNS name ${rs.name}, type ${rs.type} has a ${policy} routing policy but no SetIdentifier`;
  return undefined;
}

/**
 * Why Route 53 refuses a name and type's group that mixes routing policies
 * (or holds a simple set beside another): none when it does not.
 */
export function mixedPolicyErrors(group: readonly RecordSet[], changes: readonly Change[]): string[] {
  const policies = new Set(group.map(routingPolicy));
  if (policies.size < 2 && !(group.length > 1 && policies.has('simple'))) return [];
  const said = mixedGroupErrors(group, changes);
  if (said.length > 0) return said;
  const { name, type } = group[0]!;
  return [`RRSet with DNS name ${name}, type ${type} mixes routing policies (${[...policies].sort().join(', ')}); Route 53 requires one per name and type`];
}

/**
 * Route 53's words for a set the batch wrote into a group of another routing
 * policy, where they are known: a simple set beside others (chef-boneyard/route53
 * #100), a latency set beside non-latency ones (quoted from a public script;
 * reportedly aws/aws-cli #8241), a multivalue answer set beside others
 * (cert-manager/cert-manager #5388). Other pairs keep the simulator's wording.
 */
function mixedGroupErrors(group: readonly RecordSet[], changes: readonly Change[]): string[] {
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
