/**
 * Arbitrary callers of Route 53 as CloudTrail records them: principals of
 * each identity type (IAM user, assumed-role session with its issuer, the
 * account's root) in two accounts, source addresses (IPv4, IPv6, a service
 * acting for the principal) and user agents, some attacker-shaped: the
 * caller chooses its user agent, so it may carry ANSI escapes, C1
 * controls, line breaks and bidi overrides.
 */
import fc from 'fast-check';
import type { Caller, Json } from './cloudtrail.js';

const ACCOUNTS = ['111122223333', '444455556666'] as const;

/**
 * A user, role or session name, with the characters IAM allows; often a
 * common one, so principals of two accounts (or two roles) share names.
 */
const arbIamName = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('alice', 'deploy', 'ci-run-42', 'admin@example.com') },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789+=,.@_-'.split('')), { minLength: 2, maxLength: 16 }).map((cs) => cs.join('')) },
);
/** The 16 characters after an id's prefix (AIDA, AROA, AKIA, ASIA). */
const arbIdTail = fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('')), { minLength: 16, maxLength: 16 }).map((cs) => cs.join(''));

const arbIamUser: fc.Arbitrary<Json> = fc.tuple(fc.constantFrom(...ACCOUNTS), arbIamName, arbIdTail).map(([account, name, tail]) => ({
  type: 'IAMUser',
  principalId: `AIDA${tail}`,
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  accessKeyId: `AKIA${tail}`,
  userName: name,
}));

const arbAssumedRole: fc.Arbitrary<Json> = fc.tuple(fc.constantFrom(...ACCOUNTS), arbIamName, arbIamName, arbIdTail).map(([account, role, session, tail]) => ({
  type: 'AssumedRole',
  principalId: `AROA${tail}:${session}`,
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
  accountId: account,
  accessKeyId: `ASIA${tail}`,
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: `AROA${tail}`, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
    webIdFederationData: {},
    attributes: { creationDate: '2024-03-01T00:00:00Z', mfaAuthenticated: 'false' },
  },
}));

const arbRoot: fc.Arbitrary<Json> = fc.tuple(fc.constantFrom(...ACCOUNTS), arbIdTail).map(([account, tail]) => ({
  type: 'Root',
  principalId: account,
  arn: `arn:aws:iam::${account}:root`,
  accountId: account,
  accessKeyId: `ASIA${tail}`,
}));

/** One principal: an IAM user, an assumed-role session or the root of an account. */
export const arbPrincipal: fc.Arbitrary<Json> = fc.oneof({ weight: 3, arbitrary: arbIamUser }, { weight: 3, arbitrary: arbAssumedRole }, { weight: 1, arbitrary: arbRoot });

/** Where a call came from: an address, or the service that made it for the principal. */
export const arbSourceAddress: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.ipV4() },
  { weight: 2, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.constantFrom('cloudformation.amazonaws.com', 'servicediscovery.amazonaws.com') },
);

const AGENTS = [
  'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/route53.change-resource-record-sets',
  'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.1 cfg/retry-mode#legacy Botocore/1.34.0',
  'console.amazonaws.com',
  'APN/1.0 HashiCorp/1.0 Terraform/1.6.6 (+https://www.terraform.io) terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/route53#1.36.0',
  'cloudformation.amazonaws.com',
];

/**
 * Characters a terminal acts on (C0 and C1 controls, DEL, line and
 * paragraph separators, bidi overrides and isolates), and pieces of
 * escape sequences built from them.
 */
const arbActing = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'),
  fc.constantFrom('\u001b[31m', '\u001b[2J\u001b[H', '\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007', '\u009b31m', '\r\n2024-03-01T00:00:00Z by root from 10.0.0.1'),
);

/** An attacker-shaped user agent: a real one with acting characters, quotes and markup inside. */
export const arbHostileAgent: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...AGENTS), fc.array(fc.oneof({ weight: 3, arbitrary: arbActing }, { weight: 1, arbitrary: fc.constantFrom('"', '\\', '<script>', ' & ') }), { minLength: 1, maxLength: 4 }), fc.nat())
  .map(([agent, pieces, at]) => {
    const cut = at % (agent.length + 1);
    return agent.slice(0, cut) + pieces.join('') + agent.slice(cut);
  });

/** A user agent: one that tools send, or an attacker-shaped one. */
export const arbUserAgent: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...AGENTS) }, { weight: 2, arbitrary: arbHostileAgent });

/** True when `text` holds a character a terminal acts on. */
export const hasActingCharacter = (text: string): boolean => /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text);

/**
 * The callers of a trail: 2 to 4 distinct principals, addresses and user
 * agents, which each call combines as it likes (`callerOf`), so a view that
 * takes one field from the wrong event is caught.
 */
export interface Callers {
  readonly principals: readonly Json[];
  readonly addresses: readonly string[];
  readonly agents: readonly string[];
}

const distinct = <T>(arb: fc.Arbitrary<T>, by: (t: T) => string) => fc.uniqueArray(arb, { minLength: 2, maxLength: 4, selector: by });

/** Callers with distinct principals (by ARN), addresses and user agents. */
export const arbCallers: fc.Arbitrary<Callers> = fc.record({
  principals: distinct(arbPrincipal, (p) => String(p.arn)),
  addresses: distinct(arbSourceAddress, (a) => a),
  agents: distinct(arbUserAgent, (a) => a),
});

/** The caller made of the `pick`-th principal, address and user agent. */
export function callerOf(c: Callers, pick: readonly [number, number, number]): Caller {
  return { identity: c.principals[pick[0] % c.principals.length]!, sourceIPAddress: c.addresses[pick[1] % c.addresses.length]!, userAgent: c.agents[pick[2] % c.agents.length]! };
}
