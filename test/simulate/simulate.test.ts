import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simulate, type GroundTruth, type SimulationSummary } from '../../src/simulate/index.js';
import { verifyTrail } from '../../src/verify/index.js';
import { loadTrail } from '../../src/load.js';
import { asMap, differingKeys, hashTree, readTrail, replayRecords, walk, type LogFile } from './helpers.js';

const SMALL = { seed: 7, zones: 5, days: 4, events: 120, route53Share: 0.2, drift: 4 };
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'zr-sim-'));
  dirs.push(d);
  return d;
};

let out: string;
let summary: SimulationSummary;
let truth: GroundTruth;
let files: LogFile[];
let records: Record<string, unknown>[];

beforeAll(async () => {
  out = fresh();
  summary = await simulate({ out, ...SMALL });
  truth = JSON.parse(readFileSync(join(out, 'ground-truth.json'), 'utf8')) as GroundTruth;
  files = readTrail(out);
  records = files.flatMap((f) => f.records);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const isRoute53 = (r: Record<string, unknown>) => r.eventSource === 'route53.amazonaws.com';
const KEY = /^(trail2?)\/AWSLogs\/(\d{12})\/CloudTrail\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{12})_CloudTrail_([a-z]{2}-[a-z]+-\d)_(\d{8}T\d{4}Z)_([A-Za-z0-9]{16})\.json\.gz$/;

describe('simulate: determinism', () => {
  test('same seed gives byte-identical files; another seed does not', async () => {
    const again = fresh();
    await simulate({ out: again, ...SMALL });
    expect(hashTree(again)).toBe(hashTree(out));
    const other = fresh();
    await simulate({ out: other, ...SMALL, seed: 8 });
    expect(hashTree(other)).not.toBe(hashTree(out));
  });
});

describe('simulate: the trail', () => {
  test('every file is {"Records":[...]} under the S3 key layout, delivered after its events', () => {
    expect(files.length).toBe(summary.files);
    for (const f of files) {
      const m = KEY.exec(f.key);
      expect(m, f.key).not.toBeNull();
      const [, , acct, region, y, mo, d, acct2, region2, stamp] = m!;
      expect(acct2).toBe(acct);
      expect(region2).toBe(region);
      expect(stamp!.slice(0, 8)).toBe(`${y}${mo}${d}`);
      const delivery = Date.parse(`${stamp!.slice(0, 4)}-${stamp!.slice(4, 6)}-${stamp!.slice(6, 8)}T${stamp!.slice(9, 11)}:${stamp!.slice(11, 13)}:00Z`);
      expect(f.records.length).toBeGreaterThan(0);
      for (const r of f.records) {
        expect(r.awsRegion).toBe(region);
        expect(Date.parse(r.eventTime as string)).toBeLessThanOrEqual(delivery);
      }
    }
    const days = new Set(files.map((f) => f.key.split('/').slice(5, 8).join('-')));
    expect(days.has(truth.missingDay!)).toBe(false);
  });

  test('records carry the fields of real management events', () => {
    for (const r of records) {
      for (const k of ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory']) {
        expect(Object.hasOwn(r, k), `${k} in ${r.eventName as string}`).toBe(true);
      }
      expect(r.eventVersion).toMatch(/^1\.(08|09|10|11)$/);
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(r.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.eventType).toBe('AwsApiCall');
      expect(r.eventCategory).toBe('Management');
      expect(r.recipientAccountId).toBe(truth.account);
      expect(['IAMUser', 'AssumedRole', 'AWSService']).toContain((r.userIdentity as { type: string }).type);
    }
    const kinds = new Set(records.map((r) => (r.userIdentity as { type: string }).type));
    expect(kinds).toEqual(new Set(['IAMUser', 'AssumedRole', 'AWSService']));
    expect(new Set(records.map((r) => r.eventSource)).size).toBeGreaterThan(8);
  });

  test('Route 53 records are us-east-1 with CloudTrail casing', () => {
    const r53 = records.filter(isRoute53);
    expect(r53.length).toBe(truth.counts.route53);
    let changes = 0;
    for (const r of r53) {
      expect(r.awsRegion).toBe('us-east-1');
      expect(r.apiVersion).toBe('2013-04-01');
      if (r.eventName !== 'ChangeResourceRecordSets' || r.requestParameters === null) continue;
      const p = r.requestParameters as { hostedZoneId: string; changeBatch: { changes: { action: string; resourceRecordSet: Record<string, unknown> }[] } };
      expect(p.hostedZoneId).toMatch(/^Z[0-9A-Z]+$/);
      for (const c of p.changeBatch.changes) {
        changes++;
        expect(['CREATE', 'DELETE', 'UPSERT']).toContain(c.action);
        const rs = c.resourceRecordSet;
        expect(Object.keys(rs).filter((k) => /^[A-Z]/.test(k))).toEqual([]);
        if ('aliasTarget' in rs) expect(Object.keys(rs.aliasTarget as object).sort()).toEqual(['dNSName', 'evaluateTargetHealth', 'hostedZoneId']);
        else expect(typeof rs.tTL).toBe('number');
      }
      if (r.errorCode === undefined) {
        const info = (r.responseElements as { changeInfo: Record<string, string> }).changeInfo;
        expect(Object.keys(info)).toEqual(['status', 'id', ...('comment' in info ? ['comment'] : []), 'submittedAt']);
        expect(info.submittedAt).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
        expect(info.id).toMatch(/^\/change\/C[0-9A-Z]+$/);
        expect(r.additionalEventData).toEqual({ Note: 'Do not use to reconstruct hosted zone' });
      }
    }
    expect(changes).toBeGreaterThan(50);
    const names = new Set(r53.map((r) => r.eventName));
    for (const n of ['ChangeResourceRecordSets', 'CreateHostedZone', 'DeleteHostedZone', 'ListResourceRecordSets']) expect(names).toContain(n);
  });

  test('failed calls have errorCode, errorMessage and no responseElements; counts match', () => {
    const failed = new Map<string, Record<string, unknown>>();
    for (const r of records.filter(isRoute53)) if (r.errorCode !== undefined) failed.set(r.eventID as string, r);
    expect(failed.size).toBe(truth.counts.failed);
    expect(failed.size).toBeGreaterThan(0);
    for (const r of failed.values()) {
      expect(typeof r.errorMessage).toBe('string');
      expect(r.responseElements).toBeNull();
      if (r.errorCode === 'InvalidChangeBatch') expect(r.errorMessage).toMatch(/^\[(Tried to (create|delete) resource record set \[name='|RRSet )/);
    }
  });

  test('duplicates are the same record delivered twice, in another file', () => {
    const where = new Map<string, { text: string; keys: string[] }>();
    for (const f of files) {
      for (const r of f.records) {
        const e = where.get(r.eventID as string);
        if (e === undefined) where.set(r.eventID as string, { text: JSON.stringify(r), keys: [f.key] });
        else {
          expect(JSON.stringify(r)).toBe(e.text);
          e.keys.push(f.key);
        }
      }
    }
    const dups = [...where.values()].filter((e) => e.keys.length > 1);
    expect(dups.reduce((n, e) => n + e.keys.length - 1, 0)).toBe(truth.counts.duplicates);
    expect(dups.length).toBeGreaterThan(0);
    for (const d of dups) expect(new Set(d.keys).size).toBe(d.keys.length);
  });

  test('Route 53 share is near the requested one', () => {
    const share = truth.counts.route53 / truth.counts.total;
    expect(truth.counts.total).toBe(records.length);
    expect(share).toBeGreaterThan(SMALL.route53Share * 0.7);
    expect(share).toBeLessThan(SMALL.route53Share * 1.3);
  });
});

describe('simulate: details a reader of real trails checks', () => {
  const service = (r: Record<string, unknown>) => (r.eventSource as string).replace('.amazonaws.com', '');

  test('user agents name the call: the CLI its command, the Terraform SDK its service client; boto3 without the CLI`s exe/', () => {
    const cliGroup: Record<string, string> = { s3: 's3api', elasticloadbalancing: 'elbv2' };
    const sdkClient: Record<string, string> = { logs: 'cloudwatchlogs', elasticloadbalancing: 'elasticloadbalancingv2' };
    let cli = 0;
    let terraform = 0;
    for (const r of records) {
      const ua = r.userAgent as string;
      const op = (r.eventName as string).replace(/\d{8}(v\d+)?$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      if (ua.startsWith('aws-cli/')) {
        cli++;
        expect(ua, `${r.eventSource as string} ${r.eventName as string}`).toMatch(new RegExp(` command/${cliGroup[service(r)] ?? service(r)}\\.${op}$`));
      } else if (ua.includes('Terraform/')) {
        terraform++;
        expect(ua, `${r.eventSource as string} ${r.eventName as string}`).toMatch(new RegExp(` api/${sdkClient[service(r)] ?? service(r)}#[0-9.]+$`));
      } else if (ua.startsWith('Boto3/')) {
        expect(ua).not.toMatch(/ exe\//);
      }
    }
    expect(cli).toBeGreaterThan(10);
    expect(terraform).toBeGreaterThan(10);
  });

  test('S3 requests name the host they called, the same as tlsDetails; AssumeRole answers with the role and session asked for', () => {
    let s3 = 0;
    let assume = 0;
    const roleIds = new Map<string, string>();
    for (const r of records) {
      const issuer = (r.userIdentity as { sessionContext?: { sessionIssuer?: { userName?: string; principalId?: string } } }).sessionContext?.sessionIssuer;
      if (issuer?.userName !== undefined) roleIds.set(issuer.userName, issuer.principalId!);
    }
    for (const r of records) {
      const p = r.requestParameters as Record<string, string> | null;
      const host = p?.Host ?? '';
      if (r.eventSource === 's3.amazonaws.com') {
        s3++;
        if (p!.bucketName !== undefined) expect(host.startsWith(`${p!.bucketName}.s3.`), host).toBe(true);
        const tls = r.tlsDetails as { clientProvidedHostHeader: string } | undefined;
        if (tls !== undefined) expect(tls.clientProvidedHostHeader).toBe(host);
      }
      if (r.eventName === 'AssumeRole') {
        assume++;
        const role = p!.roleArn!.split('/').pop()!;
        const user = (r.responseElements as { assumedRoleUser: { arn: string; assumedRoleId: string } }).assumedRoleUser;
        expect(user.arn).toBe(`arn:aws:sts::${truth.account}:assumed-role/${role}/${p!.roleSessionName}`);
        expect(user.assumedRoleId.endsWith(`:${p!.roleSessionName}`)).toBe(true);
        if (roleIds.has(role)) expect(user.assumedRoleId.split(':')[0]).toBe(roleIds.get(role));
      }
    }
    expect(s3).toBeGreaterThan(10);
    expect(assume).toBeGreaterThan(5);
  });

  test('sessions: created before their calls at no round hour, named the way their SDK names them, one access key each', () => {
    type Identity = { type: string; arn: string; accessKeyId?: string; sessionContext?: { attributes: { creationDate: string }; ec2RoleDelivery?: string } };
    const keyOf = new Map<string, string>();
    const sessionOfKey = new Map<string, string>();
    let onTheHour = 0;
    let sessions = 0;
    for (const r of records) {
      const id = r.userIdentity as Identity;
      if (id.sessionContext === undefined) continue;
      sessions++;
      const created = id.sessionContext.attributes.creationDate;
      const t = Date.parse(r.eventTime as string);
      expect(Date.parse(created)).toBeLessThanOrEqual(t);
      expect(Date.parse(created)).toBeGreaterThan(t - 3_600_000);
      if (created.endsWith(':00:00Z')) onTheHour++;
      const session = `${id.arn} ${created}`;
      expect(keyOf.get(session) ?? id.accessKeyId, session).toBe(id.accessKeyId);
      keyOf.set(session, id.accessKeyId!);
      expect(sessionOfKey.get(id.accessKeyId!) ?? session).toBe(session);
      sessionOfKey.set(id.accessKeyId!, session);
      const seconds = String(Date.parse(created) / 1000);
      // aws-sdk-go v1 (external-dns, web identity): UnixNano; botocore: botocore-session-<unix seconds>.
      if (id.arn.includes('/eks-external-dns/')) expect(id.arn).toMatch(new RegExp(`/${seconds}\\d{9}$`));
      if (id.arn.includes('/certbot-dns-route53/')) expect(id.arn.endsWith(`/botocore-session-${seconds}`)).toBe(true);
      if (id.arn.includes('/app-worker/i-0')) expect(id.sessionContext.ec2RoleDelivery).toBe('2.0');
    }
    expect(sessions).toBeGreaterThan(100);
    expect(onTheHour).toBeLessThan(sessions / 10);
  });

  test('IAM ids are base32 (no 0, 1, 8, 9), and the external-dns role calls nothing but Route 53', () => {
    for (const r of records) {
      const id = r.userIdentity as { principalId?: string; accessKeyId?: string; arn?: string };
      if (id.principalId !== undefined) expect(id.principalId).toMatch(/^(AIDA|AROA)[A-Z2-7]{17}(:|$)/);
      if (id.accessKeyId !== undefined) expect(id.accessKeyId).toMatch(/^(AKIA|ASIA)[A-Z2-7]{16}$/);
      if (id.arn?.includes(':assumed-role/eks-external-dns/') === true) expect(r.eventSource).toBe('route53.amazonaws.com');
    }
  });
});

describe('simulate: ground truth', () => {
  test('replaying the written files (own applier) gives `logged` and the checkpoints', () => {
    expect(truth.zones.length).toBe(SMALL.zones);
    for (const z of truth.zones) {
      const end = replayRecords(records, z.id, z.preWindow);
      expect(end.exists).toBe(!z.deleted);
      if (z.logged !== null) expect(end.sets).toEqual(asMap(z.logged));
      for (const c of z.checkpoints) {
        const at = replayRecords(records, z.id, z.preWindow, Date.parse(c.at));
        expect(at.exists, `${z.name} at ${c.at}`).toBe(c.exists);
        expect(at.sets, `${z.name} at ${c.at}`).toEqual(asMap(c.recordSets));
      }
    }
    expect(truth.zones.some((z) => z.createdInWindow)).toBe(true);
    expect(truth.zones.some((z) => !z.createdInWindow && z.preWindow !== null)).toBe(true);
    expect(truth.zones.some((z) => z.deleted)).toBe(true);
  });

  test('live exports are the truth`s live, and differ from logged exactly by the drift', () => {
    const liveFiles = walk(join(out, 'live'));
    expect(liveFiles.sort()).toEqual(truth.zones.filter((z) => !z.deleted).map((z) => `${z.id}.json`).sort());
    let oob = 0;
    for (const z of truth.zones.filter((x) => !x.deleted)) {
      const text = readFileSync(join(out, 'live', `${z.id}.json`), 'utf8');
      expect(text).toBe(JSON.stringify({ ResourceRecordSets: z.live }, null, 4) + '\n');
      const keys = z.drift.map((d) => `${d.name} ${d.type}${d.setIdentifier !== undefined ? ' ' + JSON.stringify(d.setIdentifier) : ''}`).sort();
      expect(new Set(keys).size).toBe(keys.length);
      expect(differingKeys(asMap(z.live!), asMap(z.logged!))).toEqual(keys);
      oob += z.drift.filter((d) => d.kind !== 'unlogged-day').length;
      const names = z.live!.map((rs) => (rs as { Name: string }).Name);
      for (const n of names) expect(n).toBe(n.toLowerCase());
      const soa = z.live!.find((rs) => (rs as { Type: string }).Type === 'SOA') as { TTL: number; ResourceRecords: { Value: string }[] };
      expect(soa.TTL).toBe(900);
      expect(soa.ResourceRecords[0]!.Value).toMatch(/ awsdns-hostmaster\.amazon\.com\. 1 7200 900 1209600 86400$/);
    }
    expect(oob).toBe(SMALL.drift);
    expect(truth.zones.flatMap((z) => z.drift).some((d) => d.kind === 'unlogged-day')).toBe(true);
  });
});

describe('simulate: digests', () => {
  /** Every digest file of the simulation, parsed, with the trail folder it is in. */
  const digests = () =>
    walk(out)
      .filter((f) => f.includes('/CloudTrail-Digest/'))
      .map((f) => ({ trail: f.split('/')[0]!, json: JSON.parse(gunzipSync(readFileSync(join(out, f))).toString('utf8')) as { logFiles: { s3Object: string; hashValue: string }[]; digestStartTime: string } }));

  test('list every written log file once, with the SHA-256 of its uncompressed bytes, and the missing day`s files', () => {
    const listed = new Map<string, string>();
    for (const d of digests()) for (const l of d.json.logFiles) {
      const path = `${d.trail}/${l.s3Object}`;
      expect(listed.has(path), path).toBe(false);
      listed.set(path, l.hashValue);
    }
    const written = walk(out).filter((f) => f.endsWith('.json.gz') && !f.includes('/CloudTrail-Digest/'));
    for (const f of written) expect(listed.get(f), f).toBe(createHash('sha256').update(gunzipSync(readFileSync(join(out, f)))).digest('hex'));
    const notWritten = [...listed.keys()].filter((f) => !written.includes(f));
    expect(notWritten.length).toBe(summary.droppedFiles);
    expect(summary.droppedFiles).toBeGreaterThan(0);
    for (const f of notWritten) expect(f).toContain(`/${truth.missingDay!.replaceAll('-', '/')}/`);
  });

  test("give each log file the eventTimes of its own oldest and newest records, and signatures as long as RSA-2048's", () => {
    const written = new Map(files.map((f) => [f.key, f.records.map((r) => r.eventTime as string).sort()]));
    let checked = 0;
    for (const d of walk(out).filter((f) => f.includes('/CloudTrail-Digest/'))) {
      const json = JSON.parse(gunzipSync(readFileSync(join(out, d))).toString('utf8')) as {
        previousDigestSignature: string | null;
        logFiles: { s3Object: string; oldestEventTime: string; newestEventTime: string }[];
      };
      if (json.previousDigestSignature !== null) expect(json.previousDigestSignature).toMatch(/^[0-9a-f]{512}$/);
      for (const l of json.logFiles) {
        const times = written.get(`${d.split('/')[0]!}/${l.s3Object}`);
        if (times === undefined) continue; // lost with the missing day
        expect([l.oldestEventTime, l.newestEventTime], l.s3Object).toEqual([times[0], times[times.length - 1]]);
        checked++;
      }
    }
    expect(checked).toBe(summary.files);
  });

  test('verify finds the trail whole but for the missing day, whose files it names as missing', async () => {
    const report = await verifyTrail([join(out, 'trail'), join(out, 'trail2')]);
    const count = (s: string) => report.logFiles.filter((l) => l.status === s).length;
    expect(count('missing')).toBe(summary.droppedFiles);
    expect(count('ok')).toBe(summary.files);
    expect(count('altered') + count('unlisted')).toBe(0);
    expect(report.digests.filter((d) => d.status === 'broken-chain')).toEqual([]);
    const day = truth.missingDay!;
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    // Holes only in the digest hours that reach into that day (an hour whose digest lists no file is
    // proved, lost or not; each trail and region's hours start at its own minute); us-east-1, where the
    // first trail delivers every five minutes, has one hole: the whole day, and less than an hour each side.
    const rows = report.coverage;
    expect(rows.length).toBe(5); // four regions of the first trail, us-east-1 of the second
    const hourBefore = new Date(Date.parse(day) - 3_600_000).toISOString().replace('.000', '');
    const hourAfter = new Date(Date.parse(next) + 3_600_000).toISOString().replace('.000', '');
    for (const row of rows) for (const h of row.holes) expect(h.start > hourBefore && h.end < hourAfter, `${row.region} ${h.start}`).toBe(true);
    const east = rows.find((c) => c.trail === 'management-events' && c.region === 'us-east-1')!;
    expect(east.holes).toHaveLength(1);
    // The digest hours with a lost file: all of that day's but the edges, where a digest hour may hold only the next or last day's files.
    const holeHours = (Date.parse(east.holes[0]!.end) - Date.parse(east.holes[0]!.start)) / 3_600_000;
    expect(holeHours >= 23 && holeHours <= 25, JSON.stringify(east.holes)).toBe(true);
    expect(report.signed).toBe('none');
  });

  test("leave the second trail's digests out of the replay's proof: its logs hold only some Route 53 calls", async () => {
    // The second trail repeats a few of the first one's Route 53 events. Its digests prove its own files
    // whole on the missing day; counting them (a union over trails) proved most of a day the first lost.
    const { inputs } = await loadTrail([join(out, 'trail'), join(out, 'trail2')], { jobs: 1 });
    const day = truth.missingDay!;
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    expect(inputs.trailsNotCounted?.map((t) => t.trail)).toEqual(['route53-audit']);
    expect(inputs.trailsNotCounted![0]!.missing).toBeGreaterThan(0);
    const proved = inputs.provedCoverage!;
    // Digest hours start past the hour, so the proof may reach into the day's first or last hour; not further.
    const dayInside = [new Date(Date.parse(day) + 3_600_000).toISOString(), new Date(Date.parse(next) - 3_600_000).toISOString()];
    expect(proved.some((p) => Date.parse(p.start) < Date.parse(dayInside[1]!) && Date.parse(p.end) > Date.parse(dayInside[0]!)), JSON.stringify(proved)).toBe(false);
    expect(proved.length).toBe(2); // before the missing day, and after it
  });

  test('make a trail without a missing day verify whole', async () => {
    const whole = fresh();
    await simulate({ out: whole, ...SMALL, drift: 0 });
    const report = await verifyTrail([join(whole, 'trail'), join(whole, 'trail2')]);
    expect(report.ok).toBe(true);
    expect(report.logFiles.every((l) => l.status === 'ok')).toBe(true);
  });
});
