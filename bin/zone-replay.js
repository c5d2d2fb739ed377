#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// `prepare` script). Only this file calls process.exit.
import { prestartFor } from '../dist/cli/prestart.js';

// Scan workers first: they start while the CLI loads (see src/cli/prestart.ts), hence main is imported after.
prestartFor(process.argv.slice(2));
const { main } = await import('../dist/cli/main.js');

// Under Node 20 the AWS SDK prints a nine-line notice on every run: its releases after January 2027
// will need Node 22. That is addressed to whoever picks the SDK's version (this project: the lockfile,
// and the README's dependency table says so); to someone reading S3 or Route 53 it is noise before
// every answer. A user who set the SDK's own switch keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A reader that stops early (`zone-replay … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // A bug, not a user mistake: user mistakes are turned into messages and exit 2 inside main().
    process.stderr.write(`zone-replay: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
