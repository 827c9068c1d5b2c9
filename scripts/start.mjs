// `npm start`: build what is missing or stale, then run Keel (replacing this process's role:
// signals are forwarded so SIGTERM/SIGINT still stop Keel gracefully).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildServer, buildWeb, root } from './build.mjs';

buildServer();
buildWeb();
const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/server/server.js')], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
