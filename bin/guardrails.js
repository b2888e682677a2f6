#!/usr/bin/env node
// The operator command. Runs the TypeScript sources directly through tsx's require hook.
require('tsx/cjs/api').register();
const { run } = require('../cli/main.ts');

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
