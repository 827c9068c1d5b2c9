import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { escapeHtml, factsLine, headline, links, truncate } from './format.js';
import { jsonObject, postOnce } from './http.js';

/**
 * A Telegram chat through a bot (the Bot API's sendMessage). The bot token is the secret; the
 * API base URL is configurable for a local Bot API server (and for tests).
 */
export const telegramConfig = z.object({
  botToken: z.string().regex(/^\d{3,}:[\w-]{20,}$/, 'a bot token from @BotFather, like 123456:ABC-…'),
  chatId: z.string().regex(/^(-?\d{1,20}|@[A-Za-z][\w]{4,31})$/, 'a numeric chat id or @channelname'),
  apiBaseUrl: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
});
export type TelegramConfig = z.infer<typeof telegramConfig>;

// sendMessage takes at most 4096 characters after entities are parsed (the visible text);
// these caps keep the visible text under it whatever the incident says.
const limits = { title: 500, facts: 300, summary: 3000 };

/** The sendMessage text, in Telegram's HTML parse mode (only &, < and > need escaping). */
export function telegramText(m: NotificationMessage): string {
  const lines = [
    `<b>${escapeHtml(truncate(headline(m), limits.title))}</b>`,
    escapeHtml(truncate(factsLine(m), limits.facts)),
  ];
  if (m.summary) lines.push('', escapeHtml(truncate(m.summary, limits.summary)));
  lines.push(
    '',
    links(m)
      .map((l) => `<a href="${escapeHtml(l.url)}">${l.label}</a>`)
      .join(' · '),
  );
  return lines.join('\n');
}

export const telegramChannel: Channel<'telegram', TelegramConfig> = {
  type: 'telegram',
  label: 'Telegram',
  configSchema: telegramConfig,
  describe: (c) => `Telegram chat ${c.chatId}`,
  send(message, config, ctx) {
    const base = config.apiBaseUrl.replace(/\/+$/, '');
    return postOnce(ctx, {
      url: `${base}/bot${config.botToken}/sendMessage`,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify({
        chat_id: config.chatId,
        text: telegramText(message),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      }),
      secrets: [config.botToken],
      // {"ok":false,"error_code":400,"description":"Bad Request: chat not found"}
      errorDetail: (body) => {
        const d = jsonObject(body)?.description;
        return typeof d === 'string' ? d : undefined;
      },
      // A 429 says {"parameters":{"retry_after":<seconds>}}.
      retryAfterFromBody: (body) => {
        const p = jsonObject(body)?.parameters;
        const s = p && typeof p === 'object' ? (p as Record<string, unknown>).retry_after : undefined;
        return typeof s === 'number' ? s * 1000 : undefined;
      },
    });
  },
};
