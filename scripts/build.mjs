// Builds what is missing or stale: the server bundle (esbuild) and the web UI (Vite).
// `node scripts/build.mjs` builds what is stale; `--force` builds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') walk(join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) walk(join(root, p));
  return newest;
}

function stale(output, inputs) {
  const out = join(root, output);
  return !existsSync(out) || statSync(out).mtimeMs < newestMtime(inputs);
}

function run(label, command, args) {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`keel: ${label} failed\n`);
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`keel: built ${label} in ${Date.now() - started} ms\n`);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

export function buildServer(force = false) {
  if (!force && !stale('dist/server/server.js', ['src', 'package.json', 'package-lock.json'])) return;
  // Two bundles: the server, and the ingest writer thread it starts (src/modules/alerts/ingest-thread.ts).
  run('server', bin('esbuild'), [
    'server=src/main/server.ts',
    'ingest-worker=src/main/ingest-worker.ts',
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node20',
    '--packages=external',
    '--sourcemap',
    '--outdir=dist/server',
    '--log-level=warning',
  ]);
}

export function buildWeb(force = false) {
  if (!force && !stale('dist/web/index.html', ['web', 'package.json', 'package-lock.json'])) return;
  run('web UI', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  buildServer(force);
  buildWeb(force);
}
