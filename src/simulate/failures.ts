/**
 * Calls that fail: a Terraform re-apply CREATEing what exists, DELETEs of
 * sets that are gone or have other values, a CNAME where an A lives (all
 * InvalidChangeBatch, decided by the zone's rules, not by fiat), and
 * AccessDenied / Throttling rejected before the batch is read.
 */
import { editable, ipv4, spell, type PlannedCall, type Workload } from './workloads.js';
import { makeSet, type SimChange } from './zones.js';

/** Plans a call meant to fail; the engine still validates it against the zone. */
export const failure: Workload = ({ rng, zone, sets, cast }) => {
  const kind = rng.weighted<string>([['create-existing', 4], ['delete-missing', 2], ['delete-mismatch', 2], ['cname-conflict', 1], ['access-denied', 2], ['throttling', 2]]);
  const existing = editable(sets, zone.name);
  const one = (actor: PlannedCall['actor'], c: SimChange): PlannedCall => ({ actor, changes: [c] });
  switch (kind) {
    case 'create-existing':
      if (existing.length === 0) break;
      {
        const s = rng.pick(existing);
        return one(cast.bob, { action: 'CREATE', set: s, spelled: spell(rng, s.name) });
      }
    case 'delete-mismatch':
      if (existing.length === 0) break;
      {
        const s = rng.pick(existing);
        const other = makeSet({ ...s, ttl: (s.ttl ?? 300) + 1 });
        return one(cast.alice, { action: 'DELETE', set: other, spelled: spell(rng, s.name) });
      }
    case 'cname-conflict': {
      const a = existing.filter((s) => s.type === 'A' && s.setIdentifier === undefined && s.name !== zone.name);
      if (a.length === 0) break;
      const s = rng.pick(a);
      const set = makeSet({ name: s.name, type: 'CNAME', ttl: 300, values: [`lb.${zone.name}`] });
      return one(cast.consoleSso, { action: 'CREATE', set, spelled: spell(rng, s.name) });
    }
    case 'access-denied': {
      const set = makeSet({ name: `test-${rng.lower(4)}.${zone.name}`, type: 'A', ttl: 300, values: [ipv4(rng)] });
      return {
        actor: cast.dave,
        changes: [{ action: 'UPSERT', set, spelled: spell(rng, set.name) }],
        forcedError: {
          code: 'AccessDenied',
          message: `User: ${cast.dave.arn} is not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/${zone.id} because no identity-based policy allows the route53:ChangeResourceRecordSets action`,
          noParameters: true,
        },
      };
    }
    case 'throttling': {
      const set = makeSet({ name: `web.${zone.name}`, type: 'A', ttl: 300, values: [ipv4(rng)] });
      return { actor: cast.externalDns, changes: [{ action: 'UPSERT', set, spelled: set.name }], forcedError: { code: 'Throttling', message: 'Rate exceeded' } };
    }
  }
  const gone = makeSet({ name: `old-${rng.lower(5)}.${zone.name}`, type: 'A', ttl: 300, values: [ipv4(rng)] });
  return one(cast.alice, { action: 'DELETE', set: gone, spelled: spell(rng, gone.name) });
};
