#!/usr/bin/env node
// `npx dla …` (and a global install): runs the TypeScript command line through tsx, in this
// process, so that exit codes, signals and the terminal are the command's own.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');

void (async () => {
  await import('tsx/esm');
  require('tsx/cjs/api').register();
  await import(pathToFileURL(path.join(__dirname, '..', 'scripts', 'dla.ts')).href);
})();
