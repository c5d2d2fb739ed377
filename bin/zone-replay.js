#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// `prepare` script). Only this file calls process.exit.
import { main } from '../dist/cli/main.js';

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
