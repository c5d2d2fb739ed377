import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { checkXml } from './xml-check.js';
import { fakeIO, forensicTrail, writeTrail } from './trail.js';

let tmp: string;
let trail: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'zr-forensics-'));
  trail = writeTrail(join(tmp, 'trail'), forensicTrail());
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  const f = fakeIO(tmp);
  // One job: no worker threads for a handful of small files (keeps the suite fast).
  const code = await main([...argv, '--jobs', '1'], f.io);
  return { code, out: f.stdout(), err: f.stderr() };
}

const sorted = (o: object) => Object.keys(o).sort();
const EVENT_KEYS = ['actor', 'changeId', 'eventId', 'eventName', 'eventTime', 'file', 'index', 'requestId', 'sourceIPAddress', 'userAgent'];
const ACTOR_KEYS = ['accessKeyId', 'accountId', 'arn', 'invokedBy', 'name', 'principalId', 'sessionIssuer', 'sessionName', 'type', 'userName'];

describe('zone-replay log', () => {
  it('lists the changes to a name oldest first, with before/after, actors and the rejected and failed attempts', async () => {
    const r = await cli('log', trail, '--zone', 'example.com', '--name', 'WWW.Example.COM');
    expect(r.code).toBe(0);
    const ids = [...r.out.matchAll(/event: +(ev-\w+)/g)].map((m) => m[1]);
    expect(ids).toEqual(['ev-e1', 'ev-e2', 'ev-e3', 'ev-e4', 'ev-e5']);
    expect(r.out).toContain('Changes to name www.example.com. in zone example.com. Z1EXAMPLE');
    expect(r.out).toMatch(/2024-03-01T14:00:00Z {2}UPSERT www\.example\.com\. A {2}applied\n {4}before: +300 192\.0\.2\.10\n {4}after: +60 192\.0\.2\.11\n {4}by: +deploy\/ci-run-42 \(AssumedRole arn:aws:sts::111122223333:assumed-role\/deploy\/ci-run-42\); session ci-run-42 issued by Role arn:aws:iam::111122223333:role\/deploy\n {4}from: +203\.0\.113\.40 with "Boto3/);
    expect(r.out).toMatch(/CREATE www\.example\.com\. A {2}REJECTED \(not applied\)\n.*\n {4}requested: 300 192\.0\.2\.99\n {4}reason: +Tried to create resource record set/);
    expect(r.out).toMatch(/UPSERT www\.example\.com\. A {2}FAILED \(not applied\)[\s\S]*reason: +AccessDenied: User is not authorized/);
    expect(r.out).toContain('comment "initial records"');
  });

  it('escapes a user agent with ANSI escapes in text output', async () => {
    const r = await cli('log', trail, '--zone', 'Z1EXAMPLE', '--name', 'www.example.com');
    expect(r.out).not.toContain('\u001b');
    // Quoted as JSON, so the ESC shows as \u001b instead of colouring the terminal.
    expect(r.out).toContain('with "aws-cli/2.15.0 \\u001b[31mRED\\u001b[0m <script>alert(\\"x\\")</script> & more"');
  });

  it('filters with --since/--until (a date means the whole UTC day)', async () => {
    const r = await cli('log', trail, '--zone', 'example.com', '--since', '2024-03-02', '--until', '2024-03-02', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.zoneReplay).toMatchObject({ report: 'log', reportVersion: 1 });
    expect(doc.log.entries.map((e: { event: { eventId: string } }) => e.event.eventId)).toEqual(['ev-e3', 'ev-e4', 'ev-e5']);
    expect(doc.log.query).toEqual({ name: null, type: null, since: '2024-03-02T00:00:00.000Z', until: '2024-03-02T23:59:59.999Z' });
  });

  it('writes JSON with the documented fields', async () => {
    const out = (await cli('log', trail, '-z', 'Z1EXAMPLE', '-n', 'www.example.com.', '-f', 'json')).out;
    expect(out).not.toContain('\u001b');
    const doc = JSON.parse(out);
    expect(doc.log.entries[3].event.userAgent).toContain('\u001b[31mRED');
    expect(sorted(doc.log)).toEqual(['entries', 'gaps', 'genesis', 'lowerBound', 'nameSource', 'note', 'query', 'zoneId', 'zoneName']);
    const e = doc.log.entries[1];
    expect(sorted(e)).toEqual(['action', 'after', 'before', 'beforeOrigin', 'beforeSince', 'comment', 'event', 'key', 'name', 'reasons', 'requested', 'setIdentifier', 'status', 'type']);
    expect(sorted(e.event)).toEqual(EVENT_KEYS);
    expect(sorted(e.event.actor)).toEqual(ACTOR_KEYS);
    expect(e.event.actor.sessionIssuer).toEqual({ type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy', userName: 'deploy', accountId: '111122223333' });
    expect(e.before).toMatchObject({ name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.10'] });
  });

  it('asks for --zone when the inputs hold several zones, listing them', async () => {
    const r = await cli('log', trail, '--name', 'www.example.com');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Z1EXAMPLE \(example\.com\.\).*Z2LEGACY.*Z3TEMP \(temp\.example\.net\.\).*--zone/);
    const unknown = await cli('log', trail, '--zone', 'nope.example');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/no zone nope\.example/);
  });

  it('rejects bad options with exit 2', async () => {
    for (const argv of [
      ['log', trail, '-z', 'Z1EXAMPLE', '--since', 'yesterday'],
      ['log', trail, '-z', 'Z1EXAMPLE', '--since', '2024-03-03', '--until', '2024-03-01'],
      ['log', trail, '-z', 'Z1EXAMPLE', '--name', 'a..b'],
      ['log', trail, '-z', 'Z1EXAMPLE', '--type', 'A;B'],
      ['log', trail, '-z', 'Z1EXAMPLE', '--format', 'xml'],
      ['blame', trail, '--at', 'soon'],
      ['timeline', trail, '--chart', join(tmp, 'chart.png')],
      ['log', join(tmp, 'missing')],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^zone-replay: /);
    }
  });
});

describe('zone-replay blame', () => {
  it('annotates each set with its last setter, Route 53 defaults, and carries the completeness report', async () => {
    const r = await cli('blame', trail, '--zone', 'example.com');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/www\.example\.com\. A {2}60 192\.0\.2\.12\n {4}UPSERT 2024-03-02T09:00:00Z by bob \(IAMUser arn:aws:iam::111122223333:user\/bob\) from 192\.0\.2\.200 with "aws-cli\/2\.15\.0 \\u001b\[31mRED/);
    expect(r.out).toMatch(/ {4}before: 60 192\.0\.2\.11; 3 applied change\(s\) in the logs/);
    expect(r.out).toMatch(/example\.com\. SOA .*\n {4}Route 53 default \(synthesized\): 2024-03-01T09:00:00Z by alice/);
    expect(r.out).toMatch(/_http\._tcp\.svc\.example\.com\. SRV .*\n {4}CREATE .* by servicediscovery\.amazonaws\.com \(AWSService\); invoked by servicediscovery\.amazonaws\.com/);
    expect(r.out).toContain('Completeness (best effort, never authoritative)');
    expect(r.out).toMatch(/batches Route 53 would have rejected \(not applied\) \(1\)/);
    expect(r.out).not.toContain('\u001b');
  });

  it('says "older than the logs" for sets that existed before them', async () => {
    const r = await cli('blame', trail, '--zone', 'legacy.org', '--at', '2024-03-02T11:30:00Z');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/old\.legacy\.org\. TXT {2}3600 "v=legacy"\n {4}older than the logs: who set it is unknown; proved by 2024-03-02T12:00:00Z by deploy\/ci-run-42/);
    expect(r.out).toMatch(/api\.legacy\.org\. CNAME .*\n {4}older than the logs/);
    expect(r.out).toMatch(/www\.legacy\.org\. A .*\n {4}UPSERT .*\n {4}before: \(none known: it may have replaced a set from before the logs\)/);
    expect(r.out).toContain('LOWER BOUND');
  });

  it('writes JSON with the documented fields', async () => {
    const doc = JSON.parse((await cli('blame', trail, '--format', 'json', '--at', '2024-03-02T11:30:00Z')).out);
    expect(doc.zoneReplay.report).toBe('blame');
    expect(doc.zones.map((z: { zoneId: string }) => z.zoneId)).toEqual(['Z1EXAMPLE', 'Z2LEGACY']); // temp.example.net does not exist yet
    const z = doc.zones[1];
    expect(sorted(z)).toEqual(['at', 'completeness', 'lines', 'nameSource', 'status', 'zoneId', 'zoneName']);
    for (const l of z.lines) expect(sorted(l)).toEqual(['attribution', 'changes', 'evidence', 'key', 'label', 'lastChange', 'origin', 'previous', 'previousOrigin', 'previousSince', 'rrset', 'since']);
    expect(z.lines.find((l: { key: string }) => l.key === 'old.legacy.org. TXT')).toMatchObject({ attribution: 'older-than-logs', lastChange: null, evidence: { eventId: 'ev-f2' } });
    expect(z.completeness.lowerBound).toBe(true);
  });
});

describe('zone-replay timeline', () => {
  it('shows per zone creation, deletion, a table per actor, per-day bars and a sparkline', async () => {
    const r = await cli('timeline', trail);
    expect(r.code).toBe(0);
    const z1 = r.out.slice(r.out.indexOf('Zone example.com.'), r.out.indexOf('Zone legacy.org.'));
    expect(z1).toMatch(/created: 2024-03-01T09:00:00Z by alice/);
    expect(z1).toMatch(/deleted: no/);
    expect(z1).toMatch(/5 change batch\(es\) applied \(6 change\(s\)\), 1 zone call\(s\); 1 rejected, 1 failed, 0 gap\(s\)/);
    expect(z1).toMatch(/\n {2}alice +IAMUser +2 +3 +0 +0 +0 +1 /);
    expect(z1).toMatch(/\n {2}bob +IAMUser +1 +1 +1 +0 +0 +0 /);
    expect(z1).toMatch(/\n {2}2024-03-01 {2}#+ +3 {2}alice 2, deploy\/ci-run-42 1\n/);
    expect(z1).toMatch(/\n {2}2024-03-02 {2}#+ +1 {2}bob 1 {2}\(1 rejected, 1 failed\)\n/);
    expect(z1).toContain('2024-03-01 [@=#] 2024-03-03'); // 3, 1 and 2 changes
    const z3 = r.out.slice(r.out.indexOf('Zone temp.example.net.'));
    expect(z3).toMatch(/deleted: 2024-03-04T10:00:00Z by alice/);
    expect(r.out).toMatch(/Zone legacy\.org\. \(name inferred\) Z2LEGACY[\s\S]*created: before the logs/);
    expect(r.out).not.toContain('\u001b');
  });

  it('writes JSON with the documented fields', async () => {
    const doc = JSON.parse((await cli('timeline', trail, '--zone', 'example.com', '--format', 'json')).out);
    expect(doc.zoneReplay.report).toBe('timeline');
    expect(sorted(doc.timeline)).toEqual(['actors', 'firstDay', 'lastDay', 'zones']);
    const z = doc.timeline.zones[0];
    expect(sorted(z)).toEqual(['actors', 'anomalies', 'created', 'days', 'deleted', 'events', 'failedCalls', 'firstEvent', 'gaps', 'genesis', 'lastEvent', 'nameSource', 'rejectedBatches', 'totals', 'zoneId', 'zoneName']);
    expect(sorted(z.actors[0])).toEqual(['actor', 'arn', 'batches', 'changes', 'failed', 'first', 'gaps', 'identityType', 'invokedBy', 'last', 'rejected', 'sourceIPs', 'userAgents', 'zoneCalls']);
    expect(sorted(z.days[0])).toEqual(['actors', 'batches', 'changes', 'day', 'failed', 'gaps', 'rejected', 'zoneCalls']);
  });

  it('writes an SVG or HTML chart, refusing to overwrite without --force', async () => {
    const svgPath = join(tmp, 'chart.svg');
    const first = await cli('timeline', trail, '--chart', svgPath);
    expect(first.code).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    expect(checkXml(svg).root).toBe('svg');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('\u001b');
    writeFileSync(svgPath, 'keep me');
    const again = await cli('timeline', trail, '--chart', svgPath);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/exists; give --force/);
    expect(readFileSync(svgPath, 'utf8')).toBe('keep me');
    expect((await cli('timeline', trail, '--chart', svgPath, '--force')).code).toBe(0);
    expect(readFileSync(svgPath, 'utf8')).toBe(svg);
    const html = await cli('timeline', trail, '--chart', 'chart.html', '--format', 'json');
    expect(html.code).toBe(0);
    expect(JSON.parse(html.out).timeline.zones).toHaveLength(3);
    expect(checkXml(readFileSync(join(tmp, 'chart.html'), 'utf8'), { html: true }).root).toBe('html');
    expect(existsSync(join(tmp, 'chart.png'))).toBe(false);
  });

  it('refuses a --chart it could not write before reading the trail', async () => {
    // A trail whose reading warns: the refusal must be all that is said.
    const noisy = join(tmp, 'noisy');
    mkdirSync(noisy, { recursive: true });
    writeFileSync(join(noisy, 'bad.json'), 'not json');
    writeFileSync(join(tmp, 'taken.svg'), 'keep me');
    for (const [chart, why] of [
      ['taken.svg', /^zone-replay: --chart .*taken\.svg exists; give --force to replace it\n$/],
      ['no/such/folder/c.svg', /^zone-replay: --chart .*c\.svg: no such folder .*folder\n$/],
    ] as const) {
      const r = await cli('timeline', noisy, '--chart', chart);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
    }
    expect(readFileSync(join(tmp, 'taken.svg'), 'utf8')).toBe('keep me');
  });
});

describe('done when: questions answered from the CLI alone', () => {
  it('"who last changed www.example.com, and what was it before?"', async () => {
    const doc = JSON.parse((await cli('blame', trail, '--zone', 'example.com', '--format', 'json')).out);
    const www = doc.zones[0].lines.find((l: { key: string }) => l.key === 'www.example.com. A');
    expect(www.lastChange.actor.name).toBe('bob');
    expect(www.lastChange.actor.arn).toBe('arn:aws:iam::111122223333:user/bob');
    expect(www.lastChange.eventTime).toBe('2024-03-02T09:00:00Z');
    expect(www.lastChange.sourceIPAddress).toBe('192.0.2.200');
    expect(www.rrset.values).toEqual(['192.0.2.12']);
    expect(www.previous).toMatchObject({ ttl: 60, values: ['192.0.2.11'] });
    // The log says the same, and that a later attempt failed.
    const log = JSON.parse((await cli('log', trail, '--zone', 'example.com', '--name', 'www.example.com', '--format', 'json')).out).log;
    const applied = log.entries.filter((e: { status: string }) => e.status === 'applied');
    expect(applied[applied.length - 1].event.eventId).toBe(www.lastChange.eventId);
    expect(log.entries[log.entries.length - 1]).toMatchObject({ status: 'failed', event: { eventId: 'ev-e5' } });
  });

  it('"what changed in zone example.com on 2024-03-02?"', async () => {
    const r = await cli('log', trail, '--zone', 'example.com', '--since', '2024-03-02', '--until', '2024-03-02');
    expect(r.code).toBe(0);
    expect([...r.out.matchAll(/^(\S+) {2}(\w+) (\S+ \w+) {2}(.+)$/gm)].map((m) => [m[1], m[2], m[3], m[4]])).toEqual([
      ['2024-03-02T08:00:00Z', 'CREATE', 'www.example.com. A', 'REJECTED (not applied)'],
      ['2024-03-02T09:00:00Z', 'UPSERT', 'www.example.com. A', 'applied'],
      ['2024-03-02T10:00:00Z', 'UPSERT', 'www.example.com. A', 'FAILED (not applied)'],
    ]);
    const t = JSON.parse((await cli('timeline', trail, '--zone', 'example.com', '--format', 'json')).out);
    expect(t.timeline.zones[0].days.find((d: { day: string }) => d.day === '2024-03-02')).toMatchObject({ batches: 1, rejected: 1, failed: 1 });
  });
});
