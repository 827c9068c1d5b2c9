// Prometheus Alertmanager (the Debian package `prometheus-alertmanager`) as a reference server:
// its own temporary storage, a configuration that routes everything to a receiver with no
// notifier, no clustering, listening on 127.0.0.1 only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Processes, Server } from './processes.js';

export const alertmanagerBinary = 'prometheus-alertmanager';

const nullReceiverConfig = `route:
  receiver: "null"
  group_by: ["alertname"]
receivers:
  - name: "null"
`;

export function spawnAlertmanager(procs: Processes, dir: string, port: number, pinTo: string | null): Server {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, nullReceiverConfig);
  return procs.spawnServer(
    'alertmanager',
    [
      alertmanagerBinary,
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    port,
    '/-/ready',
    pinTo,
  );
}
