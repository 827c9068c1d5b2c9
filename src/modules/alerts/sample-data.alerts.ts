/**
 * The sample alerts' contents (sample-data.ts loads them): which sample service and incident each
 * belongs to, when its events came, and the bodies the real senders would have posted.
 */
export const minute = 60_000;
export const hour = 60 * minute;
export type Step = { at: number; action: 'trigger' | 'resolve' };

export interface SampleAlert {
  service: 'Checkout API' | 'Payments gateway' | 'Search';
  /** The sample incident's group key (incidents/sample-data.ts), or null: it paged nobody. */
  incident: string | null;
  steps: Step[];
  body(step: Step, now: number): { format: 'alertmanager' | 'pagerduty'; payload: object };
  quiet?: 'silence' | 'rule' | 'maintenance';
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** An Alertmanager webhook (version 4) carrying one alert of a group, firing or resolved. */
function alertmanager(
  labels: Record<string, string>,
  summary: string,
  fingerprint: string,
  startsAt: number,
) {
  return (step: Step) => {
    const status = step.action === 'resolve' ? 'resolved' : 'firing';
    const annotations = {
      summary: `Sample · ${summary}`,
      runbook_url: 'https://wiki.example.com/runbooks/sample',
    };
    const alert = {
      status,
      labels,
      annotations,
      startsAt: iso(startsAt),
      endsAt: status === 'resolved' ? iso(step.at) : '0001-01-01T00:00:00Z',
      generatorURL: `https://prometheus.example.com/graph?g0.expr=${encodeURIComponent(labels.alertname ?? '')}`,
      fingerprint,
    };
    const groupLabels = { alertname: labels.alertname ?? '' };
    return {
      format: 'alertmanager' as const,
      payload: {
        version: '4',
        groupKey: `{}:{alertname="${groupLabels.alertname}"}`,
        truncatedAlerts: 0,
        status,
        receiver: 'keel',
        groupLabels,
        commonLabels: labels,
        commonAnnotations: annotations,
        externalURL: 'https://alertmanager.example.com',
        alerts: [alert],
      },
    };
  };
}

/** A PagerDuty Events API v2 event as Datadog's PagerDuty integration sends it. */
function pagerduty(
  dedupKey: string,
  summary: string,
  severity: string,
  details: object,
  source = 'pay-gw-1.eu-west-1',
) {
  return (step: Step) => ({
    format: 'pagerduty' as const,
    payload: {
      routing_key: 'sample0000000000000000000000000000',
      event_action: step.action,
      dedup_key: dedupKey,
      client: 'Datadog',
      client_url: 'https://app.datadoghq.example/monitors/4242',
      ...(step.action === 'trigger' && {
        payload: {
          summary: `Sample · ${summary}`,
          source,
          severity,
          timestamp: iso(step.at),
          component: 'payments-gateway',
          custom_details: details,
        },
      }),
    },
  });
}

export function sampleAlerts(now: number): SampleAlert[] {
  const triggers = (from: number, every: number, n: number): Step[] =>
    Array.from({ length: n }, (_, i) => ({ at: now + from + i * every, action: 'trigger' as const }));
  const prod = { env: 'production', team: 'payments' };
  return [
    {
      service: 'Checkout API',
      incident: 'sample-checkout-latency',
      steps: triggers(-12 * minute, 5 * minute, 3),
      body: alertmanager(
        { ...prod, alertname: 'CheckoutLatencyHigh', route: 'POST /checkout', severity: 'error' },
        'Checkout p95 latency above 2 s',
        '6f1c2d9a0b3e4f57',
        now - 14 * minute,
      ),
    },
    {
      service: 'Search',
      incident: 'sample-search-lag',
      steps: triggers(-50 * minute, 10 * minute, 5),
      body: alertmanager(
        { env: 'production', team: 'platform', alertname: 'SearchIndexLag', severity: 'warning' },
        'Search index lagging behind by 40 minutes',
        'a41f0c7e92d3b851',
        now - 52 * minute,
      ),
    },
    {
      service: 'Payments gateway',
      incident: 'sample-card-failures',
      steps: triggers(-95 * minute, 15 * minute, 6),
      body: pagerduty('sample-visa-502', 'Visa authorisations failing: processor answers 502', 'critical', {
        monitor: 'Authorisation error rate by card network',
        network: 'visa',
        error_rate: '31 %',
      }),
    },
    {
      service: 'Payments gateway',
      incident: 'sample-card-failures',
      steps: triggers(-93 * minute, 15 * minute, 6),
      body: pagerduty('sample-processor-errors', 'Processor error rate above 20 %', 'error', {
        monitor: 'Processor 5xx rate',
        error_rate: '24 %',
      }),
    },
    {
      service: 'Checkout API',
      incident: 'sample-payment-timeouts',
      steps: triggers(-80 * minute, 5 * minute, 2),
      body: alertmanager(
        { ...prod, alertname: 'PaymentTimeouts', route: 'POST /checkout/pay', severity: 'error' },
        'Payment timeouts at checkout',
        '0c9b7e5d3a1f2468',
        now - 81 * minute,
      ),
    },
    {
      service: 'Search',
      incident: 'sample-disk-full',
      steps: [
        { at: now - 2 * 1440 * minute, action: 'trigger' },
        { at: now - 2 * 1440 * minute + 33 * minute, action: 'resolve' },
      ],
      body: alertmanager(
        {
          env: 'production',
          team: 'platform',
          alertname: 'DiskFull',
          instance: 'search-db-2',
          severity: 'critical',
        },
        'Disk full on search-db-2',
        'd15cf011e0b2a7c3',
        now - 2 * 1440 * minute - minute,
      ),
    },
    {
      service: 'Search',
      incident: null,
      quiet: 'silence',
      steps: triggers(-18 * minute, 6 * minute, 3),
      body: alertmanager(
        {
          env: 'production',
          team: 'platform',
          alertname: 'DiskUsageHigh',
          instance: 'search-db-3',
          severity: 'warning',
        },
        'Disk usage above 85 % on search-db-3',
        '5e3d1b9f7a6c0428',
        now - 19 * minute,
      ),
    },
    {
      service: 'Checkout API',
      incident: null,
      quiet: 'rule',
      steps: triggers(-35 * minute, 10 * minute, 4),
      body: alertmanager(
        { env: 'staging', team: 'payments', alertname: 'CheckoutErrorRate', severity: 'error' },
        'Checkout error rate above 5 % (staging)',
        'b7a9c1e3f5d70246',
        now - 36 * minute,
      ),
    },
    {
      service: 'Payments gateway',
      incident: null,
      quiet: 'maintenance',
      // During the window's first occurrence (see maintenanceStart).
      steps: [
        { at: maintenanceStart(now) + 10 * minute, action: 'trigger' },
        { at: maintenanceStart(now) + 24 * minute, action: 'resolve' },
      ],
      body: pagerduty(
        'sample-pay-2-down',
        'Host pay-gw-2 unreachable',
        'critical',
        {
          monitor: 'Host check',
          host: 'pay-gw-2.eu-west-1',
        },
        'pay-gw-2.eu-west-1',
      ),
    },
  ];
}

/** The weekly patching window's first occurrence: six days ago, on the hour. */
export const maintenanceStart = (now: number) => Math.floor((now - 6 * 1440 * minute) / hour) * hour;
