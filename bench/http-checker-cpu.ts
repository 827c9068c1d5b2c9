// CPU time per HTTP check, measured in this process only: the target is a keep-alive server in
// a child process (its CPU is not counted). Not a timed test; run by hand:
//   node --import tsx bench/http-checker-cpu.ts [checks] [concurrency]
// Last line: {"checks","concurrency","cpu_ms_per_check","user_ms_per_check","system_ms_per_check","checks_per_s"}
import { fork } from 'node:child_process';
import { httpChecker, httpConfig } from '../src/modules/monitors/checkers/http.js';
import { createTargetPolicy } from '../src/modules/monitors/checkers/target-policy.js';

if (process.argv[2] === '--serve') {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.(typeof address === 'object' && address ? address.port : 0);
  });
} else {
  const checks = Number(process.argv[2] ?? 5000);
  const concurrency = Number(process.argv[3] ?? 20);
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  const config = httpConfig.parse({
    url: `http://127.0.0.1:${port}/health`,
    match: { kind: 'keyword', value: 'ok' },
  });
  const ctx = {
    timeoutMs: 5000,
    signal: new AbortController().signal,
    now: () => Date.now(),
    targets: createTargetPolicy(),
  };
  const run = async (n: number) => {
    let next = 0;
    let down = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < n) if ((await httpChecker.check(config, ctx)).status !== 'up') down++;
      }),
    );
    if (down) throw new Error(`${down} checks were not up`);
  };
  await run(1000); // warm-up: JIT, sockets opened
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(checks);
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  child.kill();
  const per = (us: number) => Number((us / 1000 / checks).toFixed(4));
  console.log(
    JSON.stringify({
      checks,
      concurrency,
      cpu_ms_per_check: per(used.user + used.system),
      user_ms_per_check: per(used.user),
      system_ms_per_check: per(used.system),
      checks_per_s: Math.round(checks / seconds),
    }),
  );
}
