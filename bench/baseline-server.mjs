// The baseline for `npm run bench:http`: a bare Fastify 5 hello-world (one GET route, logger off).
// Keel's /healthz throughput is reported as a ratio of this server's, measured in the same run.
// PORT and HOST come from the environment (default 127.0.0.1:0); it prints nothing.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => void app.close().then(() => process.exit(0)));
