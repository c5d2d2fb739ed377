/**
 * Everything else an account's trail holds: management events of other
 * services (S3, EC2, STS, KMS, IAM, Lambda, DynamoDB, CloudWatch Logs, SSM,
 * Secrets Manager, ECR, ELB) with plausible requestParameters. They make
 * Route 53 a needle in a haystack, as in a real trail.
 */
import { IAM_ID_ALPHABET, roleIdOf, type Actor, type Cast, type Json } from './actors.js';
import { HOUR, isoSeconds, javaDate } from './clock.js';
import type { Rng } from './prng.js';
import { buildRecord } from './record.js';

type JsonObject = { [key: string]: Json };

interface NoiseContext {
  readonly rng: Rng;
  readonly account: string;
  readonly region: string;
  readonly time: number;
}

interface Template {
  readonly source: string;
  readonly name: string;
  readonly readOnly: boolean;
  readonly weight: number;
  readonly version: string;
  /** IAM and STS-global calls are recorded in us-east-1 only. */
  readonly global?: boolean;
  readonly actor?: 'service' | 'any';
  readonly params: (c: NoiseContext) => Json;
  /** The response, from the same call's request (AssumeRole names the role and session asked for). */
  readonly response?: (c: NoiseContext, params: JsonObject) => Json;
  readonly s3RequestId?: boolean;
  /** The record's `resources`, from the request (AWS's examples log them for S3 bucket and KMS key calls). */
  readonly resources?: (c: NoiseContext, params: JsonObject) => Json;
}

const BUCKETS = ['app-assets', 'backups', 'terraform-state', 'logs-archive', 'data-lake-raw', 'cdn-origin'];
const TABLES = ['orders', 'sessions', 'users', 'inventory', 'feature-flags'];
const FUNCTIONS = ['image-resize', 'order-events', 'nightly-report', 'slack-notifier', 'cost-export'];
const ROLES = ['app-worker', 'github-actions-deploy', 'eks-node', 'lambda-basic-execution', 'data-pipeline'];

const bucket = (c: NoiseContext) => `${c.account}-${c.rng.pick(BUCKETS)}`;
const s3Params = (c: NoiseContext, subresource: string): Json => {
  const name = bucket(c);
  return { bucketName: name, Host: `${name}.s3.${c.region}.amazonaws.com`, [subresource]: '' };
};
const instanceId = (c: NoiseContext) => `i-0${c.rng.hex(16)}`;
const keyArn = (c: NoiseContext) => `arn:aws:kms:${c.region}:${c.account}:key/${c.rng.uuid()}`;
/** A bucket call's resource: the bucket named in the request. */
const bucketResource = (c: NoiseContext, params: JsonObject): Json => [{ accountId: c.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${String(params.bucketName)}` }];
/** A key call's resource: the key the request names (Decrypt logs it even when the caller left it out). */
const keyResource = (c: NoiseContext, params: JsonObject): Json => [{ accountId: c.account, type: 'AWS::KMS::Key', ARN: String(params.keyId) }];

const TEMPLATES: readonly Template[] = [
  // S3's `Host` is the endpoint the client called: the bucket's virtual host, as in tlsDetails.clientProvidedHostHeader.
  { source: 's3.amazonaws.com', name: 'GetBucketAcl', readOnly: true, weight: 8, version: '1.09', s3RequestId: true, params: (c) => s3Params(c, 'acl'), resources: bucketResource },
  { source: 's3.amazonaws.com', name: 'GetBucketLocation', readOnly: true, weight: 6, version: '1.09', s3RequestId: true, params: (c) => s3Params(c, 'location'), resources: bucketResource },
  { source: 's3.amazonaws.com', name: 'ListBuckets', readOnly: true, weight: 4, version: '1.09', s3RequestId: true, params: (c) => ({ Host: `s3.${c.region}.amazonaws.com` }) },
  { source: 's3.amazonaws.com', name: 'GetBucketEncryption', readOnly: true, weight: 3, version: '1.09', s3RequestId: true, params: (c) => s3Params(c, 'encryption'), resources: bucketResource },
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances', readOnly: true, weight: 10, version: '1.10', params: (c) => ({ instancesSet: { items: [{ instanceId: instanceId(c) }] }, filterSet: {} }) },
  { source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups', readOnly: true, weight: 5, version: '1.10', params: (c) => ({ securityGroupSet: {}, securityGroupIdSet: { items: [{ groupId: `sg-0${c.rng.hex(16)}` }] }, filterSet: {} }) },
  { source: 'ec2.amazonaws.com', name: 'DescribeVolumes', readOnly: true, weight: 3, version: '1.10', params: () => ({ volumeSet: {}, filterSet: {} }) },
  {
    source: 'ec2.amazonaws.com',
    name: 'CreateTags',
    readOnly: false,
    weight: 2,
    version: '1.10',
    params: (c) => ({ resourcesSet: { items: [{ resourceId: instanceId(c) }] }, tagSet: { items: [{ key: 'Name', value: `worker-${c.rng.lower(5)}` }] } }),
    response: (c) => ({ requestId: c.rng.uuid(), _return: true }),
  },
  {
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    readOnly: true,
    weight: 9,
    version: '1.08',
    actor: 'service',
    params: (c) => ({ roleArn: `arn:aws:iam::${c.account}:role/${c.rng.pick(ROLES)}`, roleSessionName: c.rng.chars('0123456789', 13), durationSeconds: 3600 }),
    response: (c, p) => {
      const role = String(p.roleArn).split('/').pop()!;
      const credentials = { accessKeyId: 'ASIA' + c.rng.chars(IAM_ID_ALPHABET, 16), sessionToken: c.rng.alnum(64), expiration: javaDate(c.time + HOUR).replace(/ (\d{4}) /, ' $1, ') };
      // As many draws as the response made when it invented its own role and session: a seed's later noise stays as it was.
      c.rng.chars(IAM_ID_ALPHABET, 38);
      return {
        credentials,
        assumedRoleUser: { assumedRoleId: `${roleIdOf(c.account, role)}:${String(p.roleSessionName)}`, arn: `arn:aws:sts::${c.account}:assumed-role/${role}/${String(p.roleSessionName)}` },
      };
    },
  },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true, weight: 4, version: '1.08', params: () => null },
  {
    source: 'kms.amazonaws.com',
    name: 'Decrypt',
    readOnly: true,
    weight: 9,
    version: '1.08',
    actor: 'service',
    params: (c) => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', keyId: keyArn(c), encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${c.region}:${c.account}:function:${c.rng.pick(FUNCTIONS)}` } }),
    resources: keyResource,
  },
  { source: 'kms.amazonaws.com', name: 'GenerateDataKey', readOnly: true, weight: 5, version: '1.08', params: (c) => ({ keyId: keyArn(c), keySpec: 'AES_256', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${bucket(c)}` } }), resources: keyResource },
  { source: 'iam.amazonaws.com', name: 'GetRole', readOnly: true, weight: 3, version: '1.08', global: true, params: (c) => ({ roleName: c.rng.pick(ROLES) }) },
  { source: 'iam.amazonaws.com', name: 'ListAttachedRolePolicies', readOnly: true, weight: 2, version: '1.08', global: true, params: (c) => ({ roleName: c.rng.pick(ROLES) }) },
  { source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', readOnly: true, weight: 3, version: '1.08', params: (c) => ({ functionName: c.rng.pick(FUNCTIONS) }) },
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', readOnly: true, weight: 2, version: '1.08', params: () => null },
  { source: 'dynamodb.amazonaws.com', name: 'DescribeTable', readOnly: true, weight: 5, version: '1.08', params: (c) => ({ tableName: c.rng.pick(TABLES) }) },
  { source: 'dynamodb.amazonaws.com', name: 'ListTables', readOnly: true, weight: 2, version: '1.08', params: () => null },
  {
    source: 'logs.amazonaws.com',
    name: 'CreateLogStream',
    readOnly: false,
    weight: 6,
    version: '1.08',
    actor: 'service',
    params: (c) => ({ logGroupName: `/aws/lambda/${c.rng.pick(FUNCTIONS)}`, logStreamName: `${isoSeconds(c.time).slice(0, 10).replaceAll('-', '/')}/[$LATEST]${c.rng.hex(32)}` }),
  },
  { source: 'ssm.amazonaws.com', name: 'GetParameter', readOnly: true, weight: 4, version: '1.08', params: (c) => ({ name: `/prod/${c.rng.pick(TABLES)}/db-password`, withDecryption: true }) },
  { source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', readOnly: true, weight: 3, version: '1.08', params: (c) => ({ secretId: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:prod/api-key-${c.rng.alnum(6)}` }) },
  { source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', readOnly: true, weight: 3, version: '1.08', params: () => ({ registryIds: [] }) },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'DescribeTargetHealth',
    readOnly: true,
    weight: 3,
    version: '1.08',
    params: (c) => ({ targetGroupArn: `arn:aws:elasticloadbalancing:${c.region}:${c.account}:targetgroup/k8s-default-${c.rng.lower(8)}/${c.rng.hex(16)}` }),
  },
];

const PICKER: readonly (readonly [Template, number])[] = TEMPLATES.map((t) => [t, t.weight] as const);

/** Makes the noise records for one account. */
export class NoiseMaker {
  private readonly humans: readonly Actor[];
  private readonly services: readonly Actor[];

  constructor(
    private readonly rng: Rng,
    private readonly cast: Cast,
  ) {
    this.humans = cast.all.filter((a) => a.tls);
    this.services = cast.all.filter((a) => !a.tls);
  }

  /** One record of another service, at `time` in `region`. */
  make(time: number, region: string): { [key: string]: Json } {
    const rng = this.rng;
    const t = rng.weighted(PICKER);
    const where = t.global === true ? 'us-east-1' : region;
    const c: NoiseContext = { rng, account: this.cast.account, region: where, time };
    const actor = t.actor === 'service' && rng.chance(0.6) ? rng.pick(this.services) : rng.pick(this.humans);
    const params = t.params(c);
    const fields: JsonObject = params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {};
    const host = typeof fields.Host === 'string' ? fields.Host : t.global === true ? t.source : undefined;
    return buildRecord(
      {
        eventVersion: t.version,
        actor,
        time,
        source: t.source,
        name: t.name,
        region: where,
        account: this.cast.account,
        requestParameters: params,
        responseElements: t.response?.(c, fields) ?? null,
        readOnly: t.readOnly,
        ...(t.s3RequestId === true ? { requestId: rng.upper(16) } : {}),
        ...(host !== undefined ? { host } : {}),
        ...(t.resources !== undefined ? { resources: t.resources(c, fields) } : {}),
      },
      rng,
    );
  }
}
