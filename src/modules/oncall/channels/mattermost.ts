import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { colourFor, factsLine, headline, hexColour, hostOf, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/** A Mattermost incoming webhook (https://<server>/hooks/<key>): the URL is the secret. */
export const mattermostConfig = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }) });
export type MattermostConfig = z.infer<typeof mattermostConfig>;

// Mattermost takes Slack's attachment shape. A post is at most 16383 characters, and older
// servers refuse attachments over 7900 characters in all; these keep well within both.
const limits = { text: 4000, title: 300, attachmentText: 3000, field: 300 };

/** Markdown characters escaped so incident text shows as written. */
export function escapeMattermost(text: string): string {
  return text.replace(/([\\*_~`|#[\]()<>@])/g, '\\$1');
}

export function mattermostPayload(m: NotificationMessage): object {
  const linkLine = links(m)
    .map((l) => `[${l.label}](${l.url})`)
    .join(' · ');
  const summary = m.summary ? `${truncate(escapeMattermost(m.summary), limits.attachmentText)}\n\n` : '';
  return {
    text: `**${truncate(escapeMattermost(headline(m)), limits.text - 4)}**`,
    attachments: [
      {
        fallback: truncate(`${headline(m)} (${factsLine(m)})`, limits.title),
        color: hexColour(colourFor(m)),
        title: truncate(headline(m), limits.title),
        title_link: m.incidentUrl,
        text: `${summary}${linkLine}`,
        fields: [
          { short: true, title: 'Service', value: truncate(escapeMattermost(m.serviceName), limits.field) },
          { short: true, title: 'Severity', value: m.severity },
          { short: true, title: 'Urgency', value: m.urgency },
        ],
      },
    ],
  };
}

export const mattermostChannel: Channel<'mattermost', MattermostConfig> = {
  type: 'mattermost',
  label: 'Mattermost',
  configSchema: mattermostConfig,
  describe: (c) => `Mattermost webhook on ${hostOf(c.webhookUrl)}`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: config.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify(mattermostPayload(message)),
      secrets: urlSecrets(config.webhookUrl),
    });
  },
};
