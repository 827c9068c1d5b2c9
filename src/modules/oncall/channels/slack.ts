import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { factsLine, fitEscaped, headline, hostOf, isPage, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/** A Slack incoming webhook (https://hooks.slack.com/services/…): the URL is the secret. */
export const slackConfig = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }) });
export type SlackConfig = z.infer<typeof slackConfig>;

// Block Kit limits: header text 150, section text 3000, a field 2000, button text 75, button
// URL 3000, 50 blocks per message. The top-level `text` is the notification fallback.
const limits = { header: 150, section: 3000, field: 2000, button: 75, url: 3000, text: 3000 };

/** Slack's mrkdwn control characters; `<!channel>` would otherwise ping a whole channel. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(m: NotificationMessage): object {
  const field = (name: string, value: string) => ({
    type: 'mrkdwn',
    text: `*${name}*\n${fitEscaped(value, limits.field - name.length - 4, escapeSlack)}`,
  });
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline(m), limits.header), emoji: true } },
    {
      type: 'section',
      fields: [
        field('Service', m.serviceName),
        field('Severity', m.severity),
        field('Urgency', m.urgency),
        { type: 'mrkdwn', text: `*Incident*\n<${m.incidentUrl}|#${m.incidentNumber}>` },
      ],
    },
  ];
  if (m.summary) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: fitEscaped(m.summary, limits.section, escapeSlack) },
    });
  }
  const buttons = links(m).filter((l) => l.url.length <= limits.url);
  blocks.push({
    type: 'actions',
    elements: buttons.map((l) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncate(l.label, limits.button) },
      url: l.url,
      action_id: `keel-${l.label.toLowerCase().replace(/\W+/g, '-')}`,
      ...(l.label === 'Acknowledge' && isPage(m.kind) && { style: 'primary' }),
    })),
  });
  return {
    text: fitEscaped(`${headline(m)} (${factsLine(m)})`, limits.text, escapeSlack),
    blocks,
  };
}

export const slackChannel: Channel<'slack', SlackConfig> = {
  type: 'slack',
  label: 'Slack',
  configSchema: slackConfig,
  describe: (c) => `Slack incoming webhook (${hostOf(c.webhookUrl)})`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: config.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify(slackPayload(message)),
      secrets: urlSecrets(config.webhookUrl),
    });
  },
};
