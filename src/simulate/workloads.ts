/**
 * What people and tools do to a zone, each as a batch planned from the
 * zone's current state: external-dns churn, certbot challenges, ACM
 * validation, aliases to ELB / CloudFront, weighted blue/green, Cloud Map
 * multivalue sets and console edits. Each workload keeps to its own names
 * so their changes meet only where real ones would.
 */
import type { Actor, Cast } from './actors.js';
import type { CallError } from './route53-records.js';
import type { Rng } from './prng.js';
import { isDefaultSet, keyOf, makeSet, type SimChange, type SimSet, type ZoneSets, type ChangeAction } from './zones.js';
import type { ZonePlan } from './zone-plan.js';

/** A call the engine will make (and validate against the zone). */
export interface PlannedCall {
  readonly actor: Actor;
  readonly changes: readonly SimChange[];
  readonly comment?: string;
  /** AccessDenied / Throttling: rejected before Route 53 looks at the batch. */
  readonly forcedError?: CallError & { readonly noParameters?: boolean };
  /** Calls that follow this one after `delay` ms (certbot's DELETE). */
  readonly followUps?: readonly { readonly delay: number; readonly call: PlannedCall }[];
  /** The console lists the zone again after a change. */
  readonly relist?: boolean;
}

/** What a workload sees. */
export interface WorkloadContext {
  readonly rng: Rng;
  readonly zone: ZonePlan;
  readonly sets: ZoneSets;
  readonly cast: Cast;
}

/** A workload plans a call, or nothing when it has nothing to do. */
export type Workload = (ctx: WorkloadContext) => PlannedCall | undefined;

const K8S = ['web', 'shop', 'checkout', 'orders', 'payments', 'grafana', 'kibana', 'search', 'auth', 'inventory', 'status', 'metrics'];
const CONSOLE = ['admin', 'blog', 'docs', 'help', 'portal', 'vpn', 'jenkins', 'git', 'files', 'chat', 'reports', 'legacy'];
const ALIASES = ['', 'www.', 'static.', 'cdn.', 'app.'];
const ELB_ZONES: readonly (readonly [string, string])[] = [
  ['us-east-1', 'Z35SXDOTRQ7X7K'],
  ['us-west-2', 'Z1H1FL5HABSF5'],
  ['eu-west-1', 'Z32O12XQLNTSW2'],
  ['ap-southeast-2', 'Z1GM3OXH4ZPM65'],
];
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A public-looking IPv4 address. */
export function ipv4(rng: Rng): string {
  return `${rng.pick(['3', '18', '34', '35', '44', '52', '54'])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** The name as a caller writes it: `*` for `\052`, sometimes without the dot or in mixed case. */
export function spell(rng: Rng, name: string, style: 'dot' | 'nodot' | 'any' = 'any'): string {
  let text = rng.chance(0.9) ? name.replaceAll('\\052', '*') : name;
  const s = style === 'any' ? rng.weighted<'dot' | 'nodot' | 'upper'>([['dot', 7], ['nodot', 2], ['upper', 1]]) : style;
  if (s === 'nodot') text = text.slice(0, -1);
  if (s === 'upper') text = text.charAt(0).toUpperCase() + text.slice(1);
  return text;
}

function change(rng: Rng, action: ChangeAction, set: SimSet, style: 'dot' | 'nodot' | 'any' = 'any'): SimChange {
  return { action, set, spelled: spell(rng, set.name, style) };
}

function find(sets: ZoneSets, name: string, type: string, setIdentifier?: string): SimSet | undefined {
  return sets.get(keyOf({ name, type, ...(setIdentifier !== undefined ? { setIdentifier } : {}) }));
}

/** Sets a person may edit or delete: not the apex SOA/NS, not an alias. */
export function editable(sets: ZoneSets, zoneName: string): SimSet[] {
  return [...sets.values()].filter((s) => !isDefaultSet(s, zoneName) && s.aliasTarget === undefined);
}

/** external-dns: an A record plus its TXT ownership record, created, moved or removed together. */
export const externalDns: Workload = ({ rng, zone, sets, cast }) => {
  const owned = [...sets.values()].filter((s) => s.type === 'TXT' && s.values?.some((v) => v.includes('heritage=external-dns')));
  const owner = `"heritage=external-dns,external-dns/owner=${zone.name.split('.')[0]}-eks,external-dns/resource=service/default/`;
  if (owned.length < 3 || rng.chance(0.3)) {
    const name = `${rng.pick(K8S)}.${zone.name}`;
    if (find(sets, name, 'TXT') !== undefined) return undefined;
    const a = makeSet({ name, type: 'A', ttl: 300, values: [ipv4(rng), ipv4(rng)] });
    const txt = makeSet({ name, type: 'TXT', ttl: 300, values: [`${owner}${name.split('.')[0]}"`] });
    return { actor: cast.externalDns, changes: [change(rng, 'CREATE', a, 'dot'), change(rng, 'CREATE', txt, 'dot')] };
  }
  const txt = rng.pick(owned);
  const a = find(sets, txt.name, 'A');
  if (rng.chance(0.25) && a !== undefined) {
    return { actor: cast.externalDns, changes: [change(rng, 'DELETE', a, 'dot'), change(rng, 'DELETE', txt, 'dot')] };
  }
  const moved = makeSet({ name: txt.name, type: 'A', ttl: 300, values: rng.chance(0.5) ? [ipv4(rng)] : [ipv4(rng), ipv4(rng)] });
  return { actor: cast.externalDns, changes: [change(rng, 'UPSERT', moved, 'dot'), change(rng, 'UPSERT', txt, 'dot')] };
};

/** certbot-dns-route53: UPSERT `_acme-challenge` TXT (TTL 10), DELETE it a minute later. */
export const certbot: Workload = ({ rng, zone, sets, cast }) => {
  const targets = [zone.name, 'www.' + zone.name, ...[...sets.values()].filter((s) => s.type === 'A' && !s.name.startsWith('_')).map((s) => s.name)];
  const name = '_acme-challenge.' + rng.pick(targets);
  const set = makeSet({ name, type: 'TXT', ttl: 10, values: [`"${rng.chars(B64URL, 43)}"`] });
  const del: PlannedCall = {
    actor: cast.certbot,
    changes: [change(rng, 'DELETE', set, 'nodot')],
    comment: 'certbot-dns-route53 certificate validation DELETE',
  };
  return {
    actor: cast.certbot,
    changes: [change(rng, 'UPSERT', set, 'nodot')],
    comment: 'certbot-dns-route53 certificate validation UPSERT',
    followUps: [{ delay: rng.int(15, 75) * 1000, call: del }],
  };
};

/** ACM DNS validation: `_<hash>.name.` CNAME `_<hash>.<x>.acm-validations.aws.` (Terraform UPSERTs, the console CREATEs). */
export const acmValidation: Workload = ({ rng, zone, cast }) => {
  const target = rng.pick(ALIASES) + zone.name;
  const set = makeSet({ name: `_${rng.hex(32)}.${target}`, type: 'CNAME', ttl: 300, values: [`_${rng.hex(32)}.${rng.lower(10)}.acm-validations.aws.`] });
  const byCi = rng.chance(0.6);
  return { actor: byCi ? cast.ci : cast.consoleSso, changes: [change(rng, byCi ? 'UPSERT' : 'CREATE', set)], relist: !byCi };
};

/** An alias to an ELB (dualstack, region's zone id) or to CloudFront (A + AAAA); replaces a CNAME in the same batch. */
export const alias: Workload = ({ rng, zone, sets, cast }) => {
  const name = rng.pick(ALIASES) + zone.name;
  const changes: SimChange[] = [];
  const cname = find(sets, name, 'CNAME');
  if (cname !== undefined) changes.push(change(rng, 'DELETE', cname, 'dot'));
  const action: ChangeAction = cname !== undefined ? 'CREATE' : 'UPSERT';
  if (rng.chance(0.6)) {
    const [region, elbZone] = rng.pick(ELB_ZONES);
    const dnsName = `dualstack.k8s-default-${rng.lower(8)}-${rng.hex(10)}-${rng.chars('0123456789', 10)}.${region}.elb.amazonaws.com.`;
    const target = { hostedZoneId: elbZone, dnsName, evaluateTargetHealth: true };
    changes.push(change(rng, action, makeSet({ name, type: 'A', aliasTarget: target }), 'dot'));
  } else {
    const target = { hostedZoneId: 'Z2FDTNDATAQYW2', dnsName: `d${rng.lower(13)}.cloudfront.net.`, evaluateTargetHealth: false };
    changes.push(change(rng, action, makeSet({ name, type: 'A', aliasTarget: target }), 'dot'));
    changes.push(change(rng, action, makeSet({ name, type: 'AAAA', aliasTarget: target }), 'dot'));
  }
  return { actor: rng.chance(0.5) ? cast.ci : cast.bob, changes };
};

/** Weighted blue/green on `api.`: one value per set, same TTL, weights shifted 25 at a time. */
export const weighted: Workload = ({ rng, zone, sets, cast }) => {
  const name = 'api.' + zone.name;
  const blue = find(sets, name, 'A', 'blue');
  const green = find(sets, name, 'A', 'green');
  const make = (id: string, weight: number, old?: SimSet) =>
    makeSet({ name, type: 'A', setIdentifier: id, weight, ttl: 60, values: old?.values !== undefined && rng.chance(0.7) ? old.values : [ipv4(rng)] });
  if (blue === undefined || green === undefined) {
    const action: ChangeAction = blue === undefined && green === undefined ? 'CREATE' : 'UPSERT';
    return { actor: cast.ci, changes: [change(rng, action, make('blue', 100, blue)), change(rng, action, make('green', 0, green))] };
  }
  const step = rng.chance(0.5) ? 25 : -25;
  const w = Math.min(100, Math.max(0, (blue.weight ?? 0) + step));
  return { actor: cast.ci, changes: [change(rng, 'UPSERT', make('blue', w, blue)), change(rng, 'UPSERT', make('green', 100 - w, green))], comment: `shift blue to ${w}%` };
};

/** Cloud Map (an AWS service, invokedBy): multivalue A sets per instance under `svc.`. */
export const cloudMap: Workload = ({ rng, zone, sets, cast }) => {
  const mine = [...sets.values()].filter((s) => s.multiValueAnswer === true);
  if (mine.length > 0 && rng.chance(0.4)) return { actor: cast.cloudMap, changes: [change(rng, 'DELETE', rng.pick(mine), 'dot')] };
  const name = `${rng.pick(['orders', 'billing', 'worker'])}.svc.${zone.name}`;
  const set = makeSet({ name, type: 'A', setIdentifier: rng.hex(32), multiValueAnswer: true, ttl: 60, values: [`10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`] });
  return { actor: cast.cloudMap, changes: [change(rng, 'UPSERT', set, 'dot')] };
};

/** A person in the console or the CLI: create, edit, re-TTL, delete. */
export const console_: Workload = ({ rng, zone, sets, cast }) => {
  const actor = rng.pick([cast.consoleSso, cast.consoleIam, cast.alice]);
  const relist = actor !== cast.alice;
  const ownNames = editable(sets, zone.name).filter((s) => CONSOLE.some((w) => s.name.startsWith(w + '.') || s.name.includes(`.${w}.`)));
  const kind = rng.weighted<string>([['create', 4], ['cname', 2], ['wildcard', 1], ['txt', 1], ['ttl', 2], ['delete', 2], ['caa', 1]]);
  const name = `${rng.pick(CONSOLE)}.${zone.name}`;
  const comment = actor === cast.alice && rng.chance(0.5) ? 'manual change' : undefined;
  const one = (action: ChangeAction, set: SimSet): PlannedCall => ({ actor, changes: [change(rng, action, set)], relist, ...(comment !== undefined ? { comment } : {}) });
  switch (kind) {
    case 'cname':
      return one('UPSERT', makeSet({ name, type: 'CNAME', ttl: 300, values: [rng.pick(['proxy.herokudns.com.', `${rng.lower(8)}.netlify.app.`, `${rng.lower(6)}.github.io.`])] }));
    case 'wildcard':
      return one('CREATE', makeSet({ name: `*.${name}`, type: 'CNAME', ttl: 300, values: [name] }));
    case 'txt': {
      const cur = find(sets, zone.name, 'TXT');
      const values = [...(cur?.values ?? []), `"google-site-verification=${rng.chars(B64URL, 43)}"`];
      return one('UPSERT', makeSet({ name: zone.name, type: 'TXT', ttl: cur?.ttl ?? 300, values }));
    }
    case 'caa':
      return one('UPSERT', makeSet({ name: zone.name, type: 'CAA', ttl: 3600, values: ['0 issue "amazon.com"', '0 issue "letsencrypt.org"'] }));
    case 'ttl': {
      if (ownNames.length === 0) break;
      const s = rng.pick(ownNames);
      return one('UPSERT', makeSet({ ...s, ttl: s.ttl === 60 ? 300 : 60 }));
    }
    case 'delete':
      if (ownNames.length === 0) break;
      return one('DELETE', rng.pick(ownNames));
  }
  const type = rng.chance(0.8) ? 'A' : 'AAAA';
  const values = type === 'A' ? [ipv4(rng)] : [`2600:1f18:${rng.hex(3)}:${rng.hex(4)}::${rng.int(1, 9)}`];
  return one('CREATE', makeSet({ name, type, ttl: 300, values }));
};
