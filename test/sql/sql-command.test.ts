import { runMain, type MainResult } from '../support/run-main.js';
import { describe, expect, it, vi } from 'vitest';

// main() with only this command: the test does not depend on the other commands' modules.
vi.mock('../../src/cli/commands/index.js', async () => {
  const { registerSql } = await import('../../src/cli/commands/sql.js');
  const { commandsFor } = await vi.importActual<typeof import('../../src/cli/commands/index.js')>('../../src/cli/commands/index.js');
  const COMMANDS = [{ name: 'sql', load: async () => registerSql }];
  return { COMMANDS, commandsFor: (argv: readonly string[]) => commandsFor(argv, COMMANDS) };
});

async function run(args: string[]): Promise<MainResult> {
  return runMain(['sql', ...args]);
}

describe('zone-replay sql', () => {
  it('prints the Athena query with a one-line comment header', async () => {
    const r = await run(['--engine', 'athena', '--since', '2024-03-01', '--until', '2024-03-07', '--account', '111122223333', '444455556666']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^-- zone-replay: Route 53 zone-changing events .* run: zone-replay replay results\.csv$/);
    expect(lines[1]).toBe('SELECT');
    expect(r.out).toContain(`recipientaccountid IN ('111122223333', '444455556666')`);
    expect(r.out.endsWith(';\n')).toBe(true);
  });

  it('prints the manual-partition and Lake variants', async () => {
    const manual = await run(['--engine', 'athena', '--partitioning', 'manual', '--table', 'security.trail']);
    expect(manual.out).toContain('FROM security.trail\n');
    expect(manual.out).toContain(`region = 'us-east-1'`);
    const lake = await run(['--engine', 'cloudtrail-lake', '--event-data-store', 'EXAMPLE-f852-4e8f', '--since', '2024-03-01T00:00:00Z']);
    expect(lake.code).toBe(0);
    expect(lake.out).toContain('FROM EXAMPLE-f852-4e8f\n');
  });

  it('exits 2 with a clear message for bad values, without a stack', async () => {
    const cases: [string[], RegExp][] = [
      [['--engine', 'athena', '--account', '1234'], /^zone-replay: --account "1234": an AWS account id is 12 digits\n$/],
      [['--engine', 'athena', '--since', '03/01/2024'], /^zone-replay: --since "03\/01\/2024": expected an ISO date/],
      [['--engine', 'cloudtrail-lake'], /^zone-replay: --engine cloudtrail-lake needs --event-data-store ID\n$/],
      [['--engine', 'presto'], /argument 'presto' is invalid/],
      [[], /required option '--engine <engine>' not specified/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});
