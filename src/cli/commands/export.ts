/**
 * `zone-replay export <zone-id>`: the live zone from Route 53
 * (ListResourceRecordSets, every page) as list-resource-record-sets JSON or
 * a BIND zone file. Credentials come from the standard AWS chain.
 */
import { printZoneFile } from '../../formats/bind/index.js';
import { printListResourceRecordSets } from '../../formats/route53-json.js';
import type { fetchLiveZone } from '../../sources/route53-live.js';
import type { RegisterCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../io.js';
import { terminalSafeJson } from '../terminal-text.js';
import { formatOption } from '../trail-options.js';

interface ExportFlags {
  endpoint?: string;
  format?: string;
}

/** Registers `export`. */
export const registerExport: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('print a live hosted zone (Route 53 ListResourceRecordSets) as list-resource-record-sets JSON or a BIND zone file')
    .argument('<zone-id>', 'hosted zone id: Z…, /hostedzone/Z… or route53://Z…')
    .option('--endpoint <url>', 'Route 53 endpoint (default: AWS_ENDPOINT_URL_ROUTE_53, AWS_ENDPOINT_URL, or AWS)')
    .option('--format <format>', 'route53 (JSON, default) or bind')
    .action(async (zoneArg: string, flags: ExportFlags) => {
      const format = formatOption(flags.format, ['route53', 'bind'] as const, 'route53');
      if (flags.endpoint !== undefined && !URL.canParse(flags.endpoint)) {
        throw new UsageError(`--endpoint ${JSON.stringify(flags.endpoint)} is not a URL (like https://route53.amazonaws.com)`);
      }
      let zone: Awaited<ReturnType<typeof fetchLiveZone>>;
      let liveErrorClass: (new (...args: never[]) => Error) | undefined;
      let zoneId: string;
      try {
        // The AWS SDK loads only when a live zone is read (it costs half a second at start-up).
        const { Route53LiveError, fetchLiveZone, makeRoute53Client, parseZoneId } = await import('../../sources/route53-live.js');
        liveErrorClass = Route53LiveError;
        zoneId = parseZoneId(zoneArg);
        zone = await fetchLiveZone(zoneId, { client: makeRoute53Client(flags.endpoint, ctx.io.env) });
      } catch (err) {
        if (liveErrorClass !== undefined && err instanceof liveErrorClass) throw new UsageError(err.message, { cause: err });
        throw err;
      }
      if (format === 'route53') {
        ctx.io.stdout.write(terminalSafeJson(printListResourceRecordSets(zone.recordSets)));
      } else {
        const soa = zone.recordSets.find((rs) => rs.type === 'SOA');
        if (soa === undefined) throw new UsageError(`hosted zone ${zoneArg} has no SOA record set: cannot tell its origin for --format bind`);
        ctx.io.stdout.write(printZoneFile(zone.recordSets, { origin: soa.name, header: [`zone-replay export ${zoneId}`] }));
      }
      ctx.exit(EXIT_OK);
    });
};
