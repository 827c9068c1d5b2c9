// `npm test`: every *.test.ts under src/ and test/, through Node's test runner (Node 20's --test
// does not expand globs, so the files are listed here). Extra arguments are passed to node --test.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildWeb, root } from './build.mjs';

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(name)) files.push(relative(root, p));
  }
};
walk(join(root, 'src'));
walk(join(root, 'test'));
files.sort();

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
// The browser tests serve dist/web: build it once here, before test files run two at a time
// (each would otherwise find it missing and build it, emptying it under the other's page).
if (selected.some((f) => f.startsWith(join('test', 'e2e')))) buildWeb();
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...flags, ...selected],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
