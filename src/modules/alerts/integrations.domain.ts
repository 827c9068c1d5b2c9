import { randomBytes } from 'node:crypto';
import type { IntegrationType } from './integrations.table.js';

/** 32 hexadecimal characters, like PagerDuty integration keys, so PagerDuty clients accept it. */
export function newIntegrationKey(): string {
  return randomBytes(16).toString('hex');
}

/** The address to paste into the sender. */
export function integrationUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/api/v1/ingest/${key}`;
}

/** A request people can copy to see the integration work, per sender format. */
export function exampleRequest(type: IntegrationType, publicUrl: string, key: string): string {
  const url = integrationUrl(publicUrl, key);
  const curl = (target: string, body: unknown, extra = '') =>
    `curl -X POST '${target}' -H 'Content-Type: application/json'${extra} -d '${JSON.stringify(body)}'`;
  switch (type) {
    case 'pagerduty':
      return curl(`${publicUrl}/v2/enqueue`, {
        routing_key: key,
        event_action: 'trigger',
        dedup_key: 'disk-full-db-1',
        payload: { summary: 'Disk 95% full on db-1', source: 'db-1', severity: 'critical' },
      });
    case 'alertmanager':
      return `# alertmanager.yml\nreceivers:\n  - name: keel\n    webhook_configs:\n      - url: '${url}'\n        send_resolved: true`;
    case 'grafana':
      return `# Grafana → Alerting → Contact points → New → Webhook\n# URL: ${url}\n# (optional) HMAC signature secret: the secret set on this integration`;
    case 'opsgenie':
      return `${curl(`${url}/v2/alerts`, { message: 'Disk 95% full on db-1', alias: 'disk-full-db-1', priority: 'P1' })}\n# Alertmanager: opsgenie_configs: [{ api_url: '${url}/', api_key: 'any' }]`;
    case 'webhook':
      return curl(url, { alert: { title: 'Disk 95% full on db-1', id: 'disk-full-db-1', state: 'firing' } });
    case 'keel':
      return curl(url, {
        action: 'trigger',
        dedupKey: 'disk-full-db-1',
        summary: 'Disk 95% full on db-1',
        severity: 'critical',
      });
    default: {
      const never: never = type;
      throw new Error(`unknown integration type ${String(never)}`);
    }
  }
}
