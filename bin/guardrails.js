#!/usr/bin/env node
// The operator command. An installed package runs the compiled CLI (dist/); a checkout of the
// repository, which has the TypeScript sources, runs them through tsx so an edit applies at once.
const { existsSync } = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'cli', 'main.ts');
let cli;
if (existsSync(source)) {
  require('tsx/cjs/api').register();
  cli = require(source);
} else {
  cli = require('../dist/cli/main.js');
}

cli.run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
