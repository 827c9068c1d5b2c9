import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { escapeHtml, fitEscaped, headline, hostOf, kindLabel, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/** A Google Chat space webhook (…/v1/spaces/<id>/messages?key=…&token=…): the URL is the secret. */
export const googleChatConfig = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }) });
export type GoogleChatConfig = z.infer<typeof googleChatConfig>;

// A message's text is at most 4096 characters and the whole message 32,000 bytes; card text
// takes a small HTML subset, so incident text is escaped there.
const limits = { text: 4096, header: 200, summary: 2000, field: 300 };

/** `text` (the notification line) and one card (cardsV2) with the facts and link buttons. */
export function googleChatPayload(m: NotificationMessage): object {
  const fact = (label: string, value: string) => ({
    decoratedText: { topLabel: label, text: fitEscaped(value, limits.field, escapeHtml) },
  });
  const widgets: object[] = [
    fact('Service', m.serviceName),
    fact('Severity', m.severity),
    fact('Urgency', m.urgency),
  ];
  if (m.summary) widgets.push({ textParagraph: { text: fitEscaped(m.summary, limits.summary, escapeHtml) } });
  widgets.push({
    buttonList: {
      buttons: links(m).map((l) => ({ text: l.label, onClick: { openLink: { url: l.url } } })),
    },
  });
  return {
    text: truncate(headline(m), limits.text),
    cardsV2: [
      {
        cardId: `incident-${m.incidentNumber}`,
        card: {
          header: {
            title: truncate(`#${m.incidentNumber} ${m.title}`, limits.header),
            subtitle: `${kindLabel(m.kind)} · ${m.severity} · ${truncate(m.serviceName, 100)}`,
          },
          sections: [{ widgets }],
        },
      },
    ],
  };
}

export const googleChatChannel: Channel<'google-chat', GoogleChatConfig> = {
  type: 'google-chat',
  label: 'Google Chat',
  configSchema: googleChatConfig,
  describe: (c) => `Google Chat space webhook (${hostOf(c.webhookUrl)})`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: config.webhookUrl,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'idempotency-key': message.idempotencyKey,
      },
      body: JSON.stringify(googleChatPayload(message)),
      secrets: urlSecrets(config.webhookUrl),
    });
  },
};
