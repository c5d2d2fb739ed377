import { BUILT, runCli } from '../cli/run-cli.js';
import { runMain, type MainResult } from '../support/run-main.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZONE_ID, startFakeRoute53, type FakeRoute53 } from './route53-server.js';

// main() with only this command: the test does not depend on the other commands' modules.
vi.mock('../../src/cli/commands/index.js', async () => {
  const { registerExport } = await import('../../src/cli/commands/export.js');
  const { commandsFor } = await vi.importActual<typeof import('../../src/cli/commands/index.js')>('../../src/cli/commands/index.js');
  const COMMANDS = [{ name: 'export', load: async () => registerExport }];
  return { COMMANDS, commandsFor: (argv: readonly string[]) => commandsFor(argv, COMMANDS) };
});

let fake: FakeRoute53;
beforeAll(async () => {
  fake = await startFakeRoute53();
});
afterAll(async () => {
  await fake?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function fakeCredentials(): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLETESTONLY');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret-not-real');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
}

async function run(args: string[], env: Record<string, string> = {}): Promise<MainResult> {
  return runMain(['export', ...args], { env });
}

describe('zone-replay export', () => {
  it('prints the live zone as list-resource-record-sets JSON', async () => {
    fakeCredentials();
    const r = await run([ZONE_ID, '--endpoint', fake.endpoint]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { ResourceRecordSets: { Name: string; Type: string; SetIdentifier?: string }[] };
    expect(doc.ResourceRecordSets.map((s) => `${s.Name} ${s.Type}${s.SetIdentifier ? ' ' + s.SetIdentifier : ''}`)).toEqual([
      'example.net. NS',
      'example.net. SOA',
      'example.net. TXT',
      '\\052.example.net. CNAME',
      'api.example.net. A blue',
      'api.example.net. A green',
      'cdn.example.net. A',
    ]);
  });

  it('prints a BIND zone file, the endpoint taken from AWS_ENDPOINT_URL', async () => {
    fakeCredentials();
    const r = await run([`route53://${ZONE_ID}`, '--format', 'bind'], { AWS_ENDPOINT_URL: fake.endpoint });
    expect(r.code).toBe(0);
    expect(r.out).toContain('$ORIGIN example.net.');
    expect(r.out).toMatch(/AWS ALIAS A d111111abcdef8\.cloudfront\.net\. Z2FDTNDATAQYW2 false/);
  });

  it('exits 2 with a one-line message for zone, endpoint and credential errors', async () => {
    fakeCredentials();
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['ZNOSUCHZONE1', '--endpoint', fake.endpoint], /^zone-replay: hosted zone ZNOSUCHZONE1 does not exist \(NoSuchHostedZone: No hosted zone found with ID: ZNOSUCHZONE1\)\n$/],
      [['example.com', '--endpoint', fake.endpoint], /^zone-replay: "example.com" is not a hosted zone id/],
      [[ZONE_ID, '--endpoint', 'not a url'], /^zone-replay: --endpoint "not a url" is not a URL/],
      [[ZONE_ID, '--endpoint', fake.endpoint, '--format', 'yaml'], /^zone-replay: --format must be one of route53, bind, not "yaml"\n$/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
  });

  it('says when no credentials are found', async () => {
    fakeCredentials();
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/zone-replay-test/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/zone-replay-test/credentials');
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', undefined);
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
    vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', undefined);
    const r = await run([ZONE_ID, '--endpoint', fake.endpoint]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^zone-replay: listing hosted zone Z0418273EXAMPLE1QWE2: no AWS credentials found/);
  });

  it.runIf(BUILT)('prints the zone and nothing else on stderr when run as the installed command', async () => {
    // The AWS SDK prints a nine-line notice about Node versions on every run under Node 20
    // (addressed to whoever picks the SDK's version); the CLI leaves it out unless asked.
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLETESTONLY', AWS_SECRET_ACCESS_KEY: 'test-secret-not-real', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1' };
    const r = await runCli(['export', ZONE_ID, '--endpoint', fake.endpoint], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('ResourceRecordSets');
    // A user who sets the SDK's own switch keeps their choice.
    const asked = await runCli(['export', ZONE_ID, '--endpoint', fake.endpoint], { env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' } });
    expect(asked.code).toBe(0);
    if (Number(process.versions.node.split('.')[0]) < 22) expect(asked.stderr).toMatch(/NodeVersionSupportWarning/);
  });
});
