/**
 * Route 53's rules on routing: a SetIdentifier goes with a routing policy,
 * and a routing group — the sets of one name and type — shares one policy
 * and, for some policies, never puts two sets in one slot (a Region, a
 * failover role, a location).
 */
import type { Change } from '../events/types.js';
import { routingPolicy, type GeoLocation, type RecordSet } from '../model/record-set.js';

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

/** A set of a routing group that Route 53 refuses beside the group's others. */
export interface GroupConflict {
  /** The set the batch wrote (CREATE or UPSERT). */
  readonly set: RecordSet;
  /** The sets it clashes with: the group's sets from before the batch, or written before it in the batch. */
  readonly others: readonly RecordSet[];
  readonly message: string;
}

/**
 * Weighted sets one name and type may have (API reference, ResourceRecordSet.Weight:
 * "a maximum of 100 weighted resource record sets that have the same values for the
 * Name and Type elements"; Developer Guide, "Managing over 100 weighted records").
 */
export const MAX_WEIGHTED_SETS = 100;

/**
 * The slot a set holds in its group where its policy allows one set per slot
 * (API reference, ResourceRecordSet): one latency set per Region ("You can only
 * create one latency resource record set for each Amazon EC2 Region"), one
 * PRIMARY and one SECONDARY failover set ("For one resource record set, you
 * specify PRIMARY ...; for the other ..., SECONDARY"; boto/boto3 #1347 quotes the
 * console refusing a second one), one geolocation set per location, the default
 * `*` included ("You can't create two geolocation resource record sets that
 * specify the same geographic location").
 */
function slotOf(rs: RecordSet): string | undefined {
  switch (routingPolicy(rs)) {
    case 'latency':
      return `latency ${rs.region ?? ''}`;
    case 'failover':
      return `failover ${rs.failover ?? ''}`;
    case 'geolocation':
      return `geolocation ${geoLabel(rs.geoLocation ?? {})}`;
    default:
      return undefined;
  }
}

/** A location as the API names its fields: `CountryCode=US, SubdivisionCode=CA`. */
function geoLabel(geo: GeoLocation): string {
  const parts: [string, string | undefined][] = [['ContinentCode', geo.continentCode], ['CountryCode', geo.countryCode], ['SubdivisionCode', geo.subdivisionCode]];
  return parts.flatMap(([k, v]) => (v !== undefined ? [`${k}=${v}`] : [])).join(', ');
}

/**
 * Why Route 53 refuses `s` in a slot already held. The latency wording is
 * Route 53's (kubernetes-sigs/external-dns #3945, hashicorp/terraform-provider-aws
 * #1668); no public wording was found for the failover and geolocation
 * cases, so those are ours.
 */
function slotMessage(s: RecordSet): string {
  const id = `RRSet with DNS name ${s.name}, type ${s.type}, SetIdentifier ${s.setIdentifier ?? 'null'}`;
  if (routingPolicy(s) === 'latency') return `${id}, and Region Name=${s.region ?? ''} cannot be created because a latency RRSet with the same name, type and region already exists.`;
  if (routingPolicy(s) === 'failover') return `${id} is a second ${s.failover ?? ''} failover set of that name and type; Route 53 allows one PRIMARY and one SECONDARY`;
  return `${id} has the geographic location (${geoLabel(s.geoLocation ?? {})}) of another geolocation set of that name and type; Route 53 allows one set per location`;
}

/**
 * The sets of one name and type's group (the batch's end state) that Route 53
 * refuses: the second set in a slot, and weighted sets past the limit. Only
 * sets the batch wrote are blamed; `writtenAt` gives a set's index among the
 * batch's changes, or -1 for a set from before the batch. Judging the end
 * state lets a batch move a set within a slot (a DELETE then a CREATE under
 * another SetIdentifier, two UPSERTs that swap PRIMARY and SECONDARY).
 */
export function groupConflicts(group: readonly RecordSet[], writtenAt: (rs: RecordSet) => number): GroupConflict[] {
  const out: GroupConflict[] = [];
  const bySlot = new Map<string, RecordSet[]>();
  for (const s of group) {
    const slot = slotOf(s);
    if (slot !== undefined) bySlot.set(slot, [...(bySlot.get(slot) ?? []), s]);
  }
  for (const held of bySlot.values()) {
    if (held.length < 2) continue;
    // Sets from before the batch hold the slot first, then the batch's in its order.
    const inOrder = [...held].sort((a, b) => writtenAt(a) - writtenAt(b));
    inOrder.forEach((s, i) => {
      if (i > 0 && writtenAt(s) >= 0) out.push({ set: s, others: inOrder.slice(0, i), message: slotMessage(s) });
    });
  }
  const weighted = group.filter((s) => routingPolicy(s) === 'weighted');
  if (weighted.length > MAX_WEIGHTED_SETS) {
    // The batch's last weighted set is the one too many (if the batch wrote one). The wording is ours: none was found.
    const last = [...weighted].sort((a, b) => writtenAt(a) - writtenAt(b)).at(-1)!;
    const message = `RRSet with DNS name ${last.name}, type ${last.type} would make ${weighted.length} weighted sets of that name and type; Route 53 allows ${MAX_WEIGHTED_SETS}`;
    if (writtenAt(last) >= 0) out.push({ set: last, others: weighted.filter((s) => s !== last), message });
  }
  return out;
}

/** The index of the change that wrote each set, for the sets a batch CREATEs or UPSERTs (see groupConflicts). */
export function writtenIndex(changes: readonly Change[]): Map<RecordSet, number> {
  const out = new Map<RecordSet, number>();
  changes.forEach((c, i) => {
    if (c.action !== 'DELETE') out.set(c.rrset, i);
  });
  return out;
}
