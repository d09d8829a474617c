#!/usr/bin/env -S node --max-semi-space-size=2 --max-old-space-size=1536
// The command line entry: the compiled CLI lives in dist/ (built by `npm install` through `prepare`).
import('../dist/app/cli.js')
  .then((m) => m.main(process.argv.slice(2)))
  .catch((err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
  });
