#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the
// `prepare` script). Only this file calls process.exit.
import { main } from '../dist/cli/main.js';

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
