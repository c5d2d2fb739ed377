/**
 * A realistic multi-zone, multi-actor trail for the forensics tests, built
 * with the shared CloudTrail builders, and helpers to write it as gzipped
 * log files in the S3 layout and run the CLI on it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ctChange, ctChangeBatch, ctCreateZone, ctDeleteZone, ctRrset, type Json } from '../support/cloudtrail.js';

/** An IAM user (console sign-in). */
export const BOB_CONSOLE: Json = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLEBOB000001',
  arn: 'arn:aws:iam::111122223333:user/bob',
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLEBOB000001',
  userName: 'bob',
  sessionContext: { attributes: { creationDate: '2024-03-02T07:55:00Z', mfaAuthenticated: 'true' } },
};

/** A CI pipeline's assumed-role session. */
export const DEPLOY_SESSION: Json = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEDEPLOY001:ci-run-42',
  arn: 'arn:aws:sts::111122223333:assumed-role/deploy/ci-run-42',
  accountId: '111122223333',
  accessKeyId: 'ASIAEXAMPLEDEPLOY001',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEDEPLOY001', arn: 'arn:aws:iam::111122223333:role/deploy', accountId: '111122223333', userName: 'deploy' },
    attributes: { creationDate: '2024-03-01T13:59:00Z', mfaAuthenticated: 'false' },
  },
};

/** Cloud Map acting on the account's behalf. */
export const CLOUD_MAP: Json = { type: 'AWSService', invokedBy: 'servicediscovery.amazonaws.com' };

/** A user agent that tries to colour the terminal and inject markup. */
export const EVIL_AGENT = 'aws-cli/2.15.0 \u001b[31mRED\u001b[0m <script>alert("x")</script> & more';

function from(rec: Json, ip: string, agent: string): Json {
  rec.sourceIPAddress = ip;
  rec.userAgent = agent;
  return rec;
}

const www = (ttl: number, v: string) => ctRrset('www.example.com', 'A', ttl, [v]);

/** The trail: example.com (created in the logs), legacy.org (created before), temp.example.net (created and deleted). */
export function forensicTrail(): Json[] {
  return [
    // --- Z1EXAMPLE: example.com, created in the logs by alice (IAM user, aws-cli).
    ctCreateZone({ id: 'ev-c0', time: '2024-03-01T09:00:00Z', zone: 'Z1EXAMPLE', name: 'example.com' }),
    ctChangeBatch({
      id: 'ev-e1',
      time: '2024-03-01T10:00:00Z',
      zone: 'Z1EXAMPLE',
      comment: 'initial records',
      changes: [ctChange('CREATE', www(300, '192.0.2.10')), ctChange('CREATE', ctRrset('mail.example.com', 'A', 300, ['192.0.2.25']))],
    }),
    from(
      ctChangeBatch({ id: 'ev-e2', time: '2024-03-01T14:00:00Z', zone: 'Z1EXAMPLE', identity: DEPLOY_SESSION, changes: [ctChange('UPSERT', ctRrset('www.example.com.', 'A', 60, ['192.0.2.11']))] }),
      '203.0.113.40',
      'Boto3/1.34.0 md/Botocore#1.34.0 Python/3.12.1 Linux/5.10 exec-env/AWS_ECS_FARGATE',
    ),
    // A console CREATE of www that already exists: Route 53 refuses the batch.
    from(
      ctChangeBatch({ id: 'ev-e3', time: '2024-03-02T08:00:00Z', zone: 'Z1EXAMPLE', identity: BOB_CONSOLE, changes: [ctChange('CREATE', ctRrset('WWW.Example.COM', 'A', 300, ['192.0.2.99']))] }),
      '192.0.2.200',
      'console.amazonaws.com',
    ),
    from(
      ctChangeBatch({ id: 'ev-e4', time: '2024-03-02T09:00:00Z', zone: 'Z1EXAMPLE', identity: BOB_CONSOLE, changes: [ctChange('UPSERT', ctRrset('WWW.Example.COM', 'A', 60, ['192.0.2.12']))] }),
      '192.0.2.200',
      EVIL_AGENT,
    ),
    // A failed call (AccessDenied) from the deploy session.
    from(
      ctChangeBatch({
        id: 'ev-e5',
        time: '2024-03-02T10:00:00Z',
        zone: 'Z1EXAMPLE',
        identity: DEPLOY_SESSION,
        error: { code: 'AccessDenied', message: 'User is not authorized to perform: route53:ChangeResourceRecordSets' },
        changes: [ctChange('UPSERT', www(60, '192.0.2.66'))],
      }),
      '203.0.113.40',
      'Boto3/1.34.0',
    ),
    from(
      ctChangeBatch({ id: 'ev-e6', time: '2024-03-03T12:00:00Z', zone: 'Z1EXAMPLE', identity: CLOUD_MAP, changes: [ctChange('CREATE', ctRrset('_http._tcp.svc.example.com', 'SRV', 60, ['1 1 80 web.example.com']))] }),
      'servicediscovery.amazonaws.com',
      'servicediscovery.amazonaws.com',
    ),
    ctChangeBatch({ id: 'ev-e7', time: '2024-03-03T13:00:00Z', zone: 'Z1EXAMPLE', changes: [ctChange('DELETE', ctRrset('mail.example.com', 'A', 300, ['192.0.2.25']))] }),

    // --- Z2LEGACY: legacy.org, created before the logs.
    from(
      ctChangeBatch({ id: 'ev-f1', time: '2024-03-02T11:00:00Z', zone: 'Z2LEGACY', identity: DEPLOY_SESSION, changes: [ctChange('UPSERT', ctRrset('www.legacy.org', 'A', 300, ['198.51.100.5']))] }),
      '203.0.113.40',
      'Boto3/1.34.0',
    ),
    from(
      ctChangeBatch({ id: 'ev-f2', time: '2024-03-02T12:00:00Z', zone: 'Z2LEGACY', identity: DEPLOY_SESSION, changes: [ctChange('DELETE', ctRrset('old.legacy.org', 'TXT', 3600, ['"v=legacy"']))] }),
      '203.0.113.40',
      'Boto3/1.34.0',
    ),
    from(
      ctChangeBatch({ id: 'ev-f3', time: '2024-03-02T12:30:00Z', zone: 'Z2LEGACY', identity: DEPLOY_SESSION, changes: [ctChange('DELETE', ctRrset('api.legacy.org', 'CNAME', 300, ['lb.legacy.org']))] }),
      '203.0.113.40',
      'Boto3/1.34.0',
    ),

    // --- Z3TEMP: temp.example.net, created and deleted in the logs.
    ctCreateZone({ id: 'ev-t0', time: '2024-03-03T09:00:00Z', zone: 'Z3TEMP', name: 'temp.example.net', nameServers: ['ns-1.awsdns-01.com', 'ns-2.awsdns-02.net', 'ns-3.awsdns-03.org', 'ns-4.awsdns-04.co.uk'] }),
    ctChangeBatch({ id: 'ev-t1', time: '2024-03-03T09:05:00Z', zone: 'Z3TEMP', changes: [ctChange('CREATE', ctRrset('test.temp.example.net', 'TXT', 60, ['"hello"']))] }),
    ctChangeBatch({ id: 'ev-t2', time: '2024-03-04T09:55:00Z', zone: 'Z3TEMP', changes: [ctChange('DELETE', ctRrset('test.temp.example.net', 'TXT', 60, ['"hello"']))] }),
    ctDeleteZone({ id: 'ev-t3', time: '2024-03-04T10:00:00Z', zone: 'Z3TEMP' }),
  ];
}

/** Writes records as gzipped `{"Records":[…]}` files in the S3 layout, one file per UTC day. Returns the root. */
export function writeTrail(root: string, records: readonly Json[]): string {
  const byDay = new Map<string, Json[]>();
  for (const r of records) {
    const day = String(r.eventTime).slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  for (const [day, list] of byDay) {
    const [y, m, d] = day.split('-');
    const dir = join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', y!, m!, d!);
    mkdirSync(dir, { recursive: true });
    const name = `111122223333_CloudTrail_us-east-1_${y}${m}${d}T2355Z_${day.replace(/-/g, '')}abcdEFGH.json.gz`;
    writeFileSync(join(dir, name), gzipSync(JSON.stringify({ Records: list })));
  }
  return root;
}

/** A CliIO that collects output. */
export function fakeIO(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      stdin: Readable.from([]),
      color: false,
      progress: false,
      env: {},
      cwd,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
