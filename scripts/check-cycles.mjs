// Fails when runtime imports under src/ or web/src/ form a cycle (type-only imports are erased
// and do not count). Run by `npm run lint`, so CI fails on a new cycle.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { root } from './build.mjs';

const files = [];
const walk = (dir) => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name) && !/\.d\.ts$/.test(name)) files.push(p);
  }
};
walk(join(root, 'src'));
walk(join(root, 'web', 'src'));

const importRe = /^\s*(import|export)\s+(type\s+)?([^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const graph = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of text.matchAll(importRe)) {
    if (m[2]) continue; // import type / export type
    const clause = m[3] ?? '';
    // `import { type A, type B } from` is erased too when every name is a type.
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    if (
      names &&
      !/^\s*\*|^[^{]*\w+\s*,/.test(clause) &&
      names.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()))
    )
      continue;
    const base = resolve(dirname(file), m[4]).replace(/\.js$/, '');
    const target = ['.ts', '.tsx', '/index.ts', '/index.tsx']
      .map((ext) => base + ext)
      .find((p) => existsSync(p));
    if (target) deps.push(target);
  }
  graph.set(file, deps);
}

const state = new Map(); // 1 = on stack, 2 = done
const stack = [];
const cycles = [];
const visit = (node) => {
  state.set(node, 1);
  stack.push(node);
  for (const dep of graph.get(node) ?? []) {
    if (state.get(dep) === 1) cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
    else if (!state.has(dep)) visit(dep);
  }
  stack.pop();
  state.set(node, 2);
};
for (const file of files) if (!state.has(file)) visit(file);

if (cycles.length) {
  console.error(`Import cycles (${cycles.length}):`);
  for (const c of cycles.slice(0, 20)) console.error('  ' + c.map((f) => relative(root, f)).join(' → '));
  process.exit(1);
}
console.log(`No import cycles in ${files.length} files.`);
