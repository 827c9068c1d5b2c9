import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { factsLine, headline, hostOf, isPage, links, truncate } from './format.js';
import { postOnce } from './http.js';

/** A Gotify application: messages go to POST <server>/message with the app token in X-Gotify-Key. */
export const gotifyConfig = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }),
  appToken: z.string().min(8).max(200),
});
export type GotifyConfig = z.infer<typeof gotifyConfig>;

/**
 * Gotify priorities run 0–10; its Android app pops up 8 and above, plays a sound from 4 and
 * is silent below. High-urgency pages pop up; follow-ups are quiet.
 */
export function gotifyPriority(m: NotificationMessage): number {
  if (isPage(m.kind)) return m.urgency === 'high' ? 8 : 5;
  return m.kind === 'test' ? 5 : 2;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|#[\]()<>])/g, '\\$1');
}

export function gotifyPayload(m: NotificationMessage): object {
  const parts = [escapeMarkdown(factsLine(m))];
  if (m.summary) parts.push(escapeMarkdown(truncate(m.summary, 4000)));
  parts.push(
    links(m)
      .map((l) => `[${l.label}](${l.url})`)
      .join(' · '),
  );
  return {
    title: truncate(headline(m), 250),
    message: parts.join('\n\n'),
    priority: gotifyPriority(m),
    extras: {
      'client::display': { contentType: 'text/markdown' },
      'client::notification': { click: { url: m.incidentUrl } },
    },
  };
}

export const gotifyChannel: Channel<'gotify', GotifyConfig> = {
  type: 'gotify',
  label: 'Gotify',
  configSchema: gotifyConfig,
  describe: (c) => `Gotify on ${hostOf(c.serverUrl)}`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: `${config.serverUrl.replace(/\/+$/, '')}/message`,
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
        'x-gotify-key': config.appToken,
      },
      body: JSON.stringify(gotifyPayload(message)),
      secrets: [config.appToken],
    });
  },
};
