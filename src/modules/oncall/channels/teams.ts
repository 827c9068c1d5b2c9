import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { hostOf, kindLabel, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/**
 * A Microsoft Teams channel through a Workflows "Post to a channel when a webhook request is
 * received" URL (or a legacy incoming webhook): the URL is the secret.
 */
export const teamsConfig = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }) });
export type TeamsConfig = z.infer<typeof teamsConfig>;

/** Teams rejects messages over 28 KB; these keep a card well under it. */
const limits = { title: 300, summary: 4000, fact: 300 };

/**
 * The message Microsoft documents for webhooks: `type: "message"` with one attachment whose
 * contentType is application/vnd.microsoft.card.adaptive and whose content is the Adaptive Card.
 */
export function teamsPayload(m: NotificationMessage): object {
  const body: object[] = [
    {
      type: 'TextBlock',
      text: truncate(`${kindLabel(m.kind)} #${m.incidentNumber}: ${m.title}`, limits.title),
      size: 'Large',
      weight: 'Bolder',
      wrap: true,
      color: m.kind === 'resolved' ? 'Good' : m.severity === 'SEV1' ? 'Attention' : 'Default',
    },
    {
      type: 'FactSet',
      facts: [
        { title: 'Service', value: truncate(m.serviceName, limits.fact) },
        { title: 'Severity', value: m.severity },
        { title: 'Urgency', value: m.urgency },
        { title: 'Status', value: kindLabel(m.kind) },
      ],
    },
  ];
  if (m.summary) body.push({ type: 'TextBlock', text: truncate(m.summary, limits.summary), wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: links(m).map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export const teamsChannel: Channel<'teams', TeamsConfig> = {
  type: 'teams',
  label: 'Microsoft Teams',
  configSchema: teamsConfig,
  describe: (c) => `Microsoft Teams webhook (${hostOf(c.webhookUrl)})`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: config.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify(teamsPayload(message)),
      secrets: urlSecrets(config.webhookUrl),
    });
  },
};
