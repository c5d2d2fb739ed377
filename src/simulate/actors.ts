/**
 * Who calls AWS in the simulated account: IAM users, a CI role session, the
 * external-dns role (IRSA web identity), certbot, console users (SSO and
 * IAM), an AWS service acting through `invokedBy`, and a user without
 * Route 53 rights. Each builds the `userIdentity`, source IP and user agent
 * of its events the way real CloudTrail records show them.
 */
import { HOUR, SECOND, isoSeconds } from './clock.js';
import { hash32, type Rng } from './prng.js';

/** JSON as built for a record (plain, known keys only). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One caller. */
export interface Actor {
  /** Short handle used by the scenario (`alice`, `ci`, `external-dns`, …). */
  readonly handle: string;
  /** The ARN printed in AccessDenied messages: an IAM user's, a role's as IAM names it, a service's name. */
  readonly arn: string;
  /** `userIdentity` of an event at `time`. */
  identity(time: number): Json;
  readonly sourceIPAddress: string;
  /** The userAgent of a call to `eventName` of `source` (CLIs and SDKs name the command or service called). */
  userAgent(source: string, eventName: string): string;
  /** Calls made from the AWS console (sessionCredentialFromConsole). */
  readonly console: boolean;
  /** AWS services calling on a user's behalf carry no tlsDetails. */
  readonly tls: boolean;
}

/** The simulated account and its callers. */
export interface Cast {
  readonly account: string;
  readonly alice: Actor;
  readonly bob: Actor;
  readonly dave: Actor;
  readonly ci: Actor;
  readonly externalDns: Actor;
  readonly certbot: Actor;
  readonly consoleSso: Actor;
  readonly consoleIam: Actor;
  readonly lambdaService: Actor;
  readonly cloudMap: Actor;
  /** Everyone, for the noise of other services. */
  readonly all: readonly Actor[];
}

/** An AWS CLI v2 user agent: it ends with the command run (`command/route53.change-resource-record-sets`). */
function cliAgent(source: string, eventName: string): string {
  const service = source.replace('.amazonaws.com', '');
  const command = CLI_COMMANDS[service] ?? service;
  // Lambda's event names carry the API version (`GetFunction20150331v2`); the command does not.
  const operation = eventName.replace(/\d{8}(v\d+)?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `aws-cli/2.15.10 Python/3.11.6 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off command/${command}.${operation}`;
}

/** CLI command groups whose name is not the endpoint's. */
const CLI_COMMANDS: Readonly<Record<string, string>> = { s3: 's3api', elasticloadbalancing: 'elbv2' };

/** Terraform's AWS provider (aws-sdk-go-v2): the user agent ends with the service client and its version (`api/route53#1.40.1`). */
function terraformAgent(source: string): string {
  const service = source.replace('.amazonaws.com', '');
  const api = SDK_V2_CLIENTS[service] ?? `${service}#1.0.0`;
  return `APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.38.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64 api/${api}`;
}

/** aws-sdk-go-v2 service clients (module name and version of early 2024) by endpoint. */
const SDK_V2_CLIENTS: Readonly<Record<string, string>> = {
  route53: 'route53#1.40.1',
  ec2: 'ec2#1.148.1',
  s3: 's3#1.51.1',
  sts: 'sts#1.28.1',
  kms: 'kms#1.29.1',
  iam: 'iam#1.30.1',
  lambda: 'lambda#1.53.1',
  dynamodb: 'dynamodb#1.30.1',
  logs: 'cloudwatchlogs#1.34.1',
  ssm: 'ssm#1.49.1',
  secretsmanager: 'secretsmanager#1.28.1',
  ecr: 'ecr#1.27.1',
  elasticloadbalancing: 'elasticloadbalancingv2#1.30.1',
};

/** Clients whose user agent does not depend on the call. */
const UA = {
  externalDns: 'aws-sdk-go/1.44.311 (go1.20.6; linux; amd64) ExternalDNS/v0.13.6',
  certbot:
    'Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#6.1.0-18-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.51',
  console: 'console.amazonaws.com',
  // boto3 before 1.31 (no `ua/2.0` fields); `exe/` belongs to the AWS CLI v2 only.
  boto: 'Boto3/1.26.90 Python/3.9.16 Linux/5.10.209-198.858.amzn2.x86_64 Botocore/1.29.90',
} as const;

/** How a caller's client writes its user agent. */
type Agent = (source: string, eventName: string) => string;

const fixed =
  (text: string): Agent =>
  () =>
    text;

const AGENT = {
  cli: cliAgent,
  terraform: terraformAgent,
  externalDns: fixed(UA.externalDns),
  certbot: fixed(UA.certbot),
  console: fixed(UA.console),
  boto: fixed(UA.boto),
} satisfies Record<string, Agent>;

/** IAM unique ids and access key ids are base32: upper-case letters and the digits 2–7, never 0, 1, 8 or 9. */
export const IAM_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `prefix` and `n` base32 characters that are a pure function of `parts`. */
function hashedId(prefix: string, n: number, ...parts: readonly (string | number)[]): string {
  let id = prefix;
  for (let i = 0; i < n; i++) id += IAM_ID_ALPHABET[hash32(...parts, i) % IAM_ID_ALPHABET.length];
  return id;
}

/** A role's unique id (`AROA` + 17), the same in every session of the role and in AssumeRole responses. */
export function roleIdOf(account: string, role: string): string {
  return hashedId('AROA', 17, 'role id', account, role);
}

/**
 * When the session in use at `time` began. Temporary credentials last an hour and are renewed when
 * they run out, so a caller's sessions start each hour at a minute and second of its own (not on
 * the hour), and a session's creationDate, name and access key hold for all of its calls.
 */
export function sessionStart(handle: string, time: number): number {
  const offset = (hash32('session offset', handle) % 3600) * SECOND;
  return Math.floor((time - offset) / HOUR) * HOUR + offset;
}

/** How an assumed-role session is named: always the same, or from its start (SDKs that name it by the clock). */
type SessionName = string | ((start: number, handle: string) => string);

/** aws-sdk-go v1 names web-identity sessions by the clock in nanoseconds (`strconv.FormatInt(now().UnixNano(), 10)`). */
const unixNanoSession: SessionName = (start, handle) => `${Math.floor(start / SECOND)}${String(hash32('ns', handle, start) % 1_000_000_000).padStart(9, '0')}`;

/** botocore's AssumeRoleProvider names sessions `botocore-session-<unix seconds>`. */
const botocoreSession: SessionName = (start) => `botocore-session-${Math.floor(start / SECOND)}`;

/** A 12-digit account id that does not start with 0. */
export function makeAccountId(rng: Rng): string {
  return String(rng.int(1, 9)) + rng.chars('0123456789', 11);
}

function iamUser(rng: Rng, account: string, handle: string, userName: string, ip: string, userAgent: Agent, console = false): Actor {
  const principalId = 'AIDA' + rng.chars(IAM_ID_ALPHABET, 17);
  const keyId = (console ? 'ASIA' : 'AKIA') + rng.chars(IAM_ID_ALPHABET, 16);
  const arn = `arn:aws:iam::${account}:user/${userName}`;
  return {
    handle,
    arn,
    sourceIPAddress: ip,
    userAgent,
    console,
    tls: true,
    identity(time): Json {
      if (!console) return { type: 'IAMUser', principalId, arn, accountId: account, accessKeyId: keyId, userName };
      // A console sign-in gets temporary credentials (ASIA…), new with each session.
      const start = sessionStart(handle, time);
      return {
        type: 'IAMUser',
        principalId,
        arn,
        accountId: account,
        accessKeyId: hashedId('ASIA', 16, 'session key', account, handle, start),
        userName,
        sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: isoSeconds(start), mfaAuthenticated: 'true' } },
      };
    },
  };
}

function assumedRole(
  rng: Rng,
  account: string,
  handle: string,
  role: string,
  session: SessionName,
  ip: string,
  userAgent: Agent,
  extra: { readonly webIdentityProvider?: string; readonly ec2Instance?: boolean } = {},
): Actor {
  rng.upper(17); // drawn as before, so the other ids of a seed stay as they were
  rng.upper(16); // the access key, now one per session
  const roleName = role.split('/').pop()!;
  const roleId = roleIdOf(account, roleName);
  const nameAt = (start: number) => (typeof session === 'string' ? session : session(start, handle));
  return {
    handle,
    // The role as IAM names it: the session part changes with each session.
    arn: `arn:aws:iam::${account}:role/${role}`,
    sourceIPAddress: ip,
    userAgent,
    console: userAgent === AGENT.console,
    tls: true,
    identity(time) {
      const start = sessionStart(handle, time);
      const name = nameAt(start);
      const webId: { [key: string]: Json } =
        extra.webIdentityProvider === undefined ? {} : { federatedProvider: extra.webIdentityProvider, attributes: {} };
      const context: { [key: string]: Json } = {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: roleName },
        webIdFederationData: webId,
        attributes: { creationDate: isoSeconds(start), mfaAuthenticated: 'false' },
      };
      // Instance-profile credentials fetched through IMDSv2.
      if (extra.ec2Instance === true) context.ec2RoleDelivery = '2.0';
      return {
        type: 'AssumedRole',
        principalId: `${roleId}:${name}`,
        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${name}`,
        accountId: account,
        accessKeyId: hashedId('ASIA', 16, 'session key', account, handle, start),
        sessionContext: context,
      };
    },
  };
}

function awsService(handle: string, service: string): Actor {
  return {
    handle,
    arn: service,
    sourceIPAddress: service,
    userAgent: () => service,
    console: false,
    tls: false,
    identity: () => ({ type: 'AWSService', invokedBy: service }),
  };
}

/** Builds the account and its callers from `rng`. */
export function makeCast(rng: Rng): Cast {
  const account = makeAccountId(rng);
  const ip = (prefix: string) => `${prefix}.${rng.int(2, 254)}`;
  const oidc = `arn:aws:iam::${account}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${rng.hex(32).toUpperCase()}`;
  const alice = iamUser(rng, account, 'alice', 'alice', ip('203.0.113'), AGENT.cli);
  const bob = iamUser(rng, account, 'bob', 'bob.terraform', ip('198.51.100'), AGENT.terraform);
  const dave = iamUser(rng, account, 'dave', 'dave', ip('203.0.113'), AGENT.cli);
  const ci = assumedRole(rng, account, 'ci', 'github-actions-deploy', `GitHubActions-${rng.int(1000000000, 9999999999)}`, ip('192.0.2'), AGENT.terraform);
  rng.int(1700000000000, 1799999999999); // the fixed session name once drawn here
  const externalDns = assumedRole(rng, account, 'external-dns', 'eks-external-dns', unixNanoSession, ip('198.51.100'), AGENT.externalDns, { webIdentityProvider: oidc });
  rng.int(1700000000, 1799999999); // the fixed session name once drawn here
  const certbot = assumedRole(rng, account, 'certbot', 'certbot-dns-route53', botocoreSession, ip('192.0.2'), AGENT.certbot);
  const consoleSso = assumedRole(
    rng,
    account,
    'console-sso',
    `aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_${rng.hex(16)}`,
    'jane.doe@example.com',
    ip('203.0.113'),
    AGENT.console,
  );
  const consoleIam = iamUser(rng, account, 'console-iam', 'carol', ip('198.51.100'), AGENT.console, true);
  const lambdaService = awsService('lambda', 'lambda.amazonaws.com');
  const cloudMap = awsService('cloudmap', 'servicediscovery.amazonaws.com');
  const worker = assumedRole(rng, account, 'worker', 'app-worker', `i-0${rng.hex(16)}`, ip('198.51.100'), AGENT.boto, { ec2Instance: true });
  return {
    account,
    alice,
    bob,
    dave,
    ci,
    externalDns,
    certbot,
    consoleSso,
    consoleIam,
    lambdaService,
    cloudMap,
    // external-dns only ever calls Route 53, so it is no caller of the other services' noise.
    all: [alice, bob, ci, consoleSso, consoleIam, lambdaService, worker, worker, worker, worker],
  };
}
