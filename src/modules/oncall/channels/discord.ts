import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { charLength, colourFor, headline, hostOf, kindLabel, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/** A Discord channel webhook (https://discord.com/api/webhooks/<id>/<token>): the URL is the secret. */
export const discordConfig = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }) });
export type DiscordConfig = z.infer<typeof discordConfig>;

/**
 * Discord's documented limits: content 2000; an embed's title 256, description 4096, field
 * name 256, value 1024, footer 2048; and 6000 characters across all of an embed's text.
 */
export const discordLimits = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};

/** Backslash-escapes Discord markdown so incident text shows as written. */
export function escapeDiscord(text: string): string {
  return text.replace(/([\\*_~`|>[\]])/g, '\\$1');
}

export function discordPayload(m: NotificationMessage): object {
  const title = truncate(headline(m), discordLimits.title);
  const fields = [
    {
      name: 'Service',
      value: truncate(escapeDiscord(m.serviceName), discordLimits.fieldValue),
      inline: true,
    },
    { name: 'Severity', value: m.severity, inline: true },
    { name: 'Urgency', value: m.urgency, inline: true },
  ];
  const footer = truncate(`Keel · ${kindLabel(m.kind)}`, discordLimits.footer);
  const linkLine = links(m)
    .map((l) => `[${l.label}](${l.url})`)
    .join(' · ');
  // What the description may use so the embed stays within the 6000 total.
  const used =
    charLength(title) +
    charLength(footer) +
    fields.reduce((n, f) => n + f.name.length + charLength(f.value), 0);
  const room = Math.min(discordLimits.description, discordLimits.total - used) - charLength(linkLine) - 2;
  const summary = m.summary ? truncate(escapeDiscord(m.summary), Math.max(0, room)) : '';
  const description = truncate(summary ? `${summary}\n\n${linkLine}` : linkLine, discordLimits.description);
  return {
    content: `**${truncate(escapeDiscord(headline(m)), discordLimits.content - 4)}**`,
    embeds: [
      { title, url: m.incidentUrl, description, color: colourFor(m), fields, footer: { text: footer } },
    ],
    // Incident text must never ping @everyone or a role.
    allowed_mentions: { parse: [] },
  };
}

export const discordChannel: Channel<'discord', DiscordConfig> = {
  type: 'discord',
  label: 'Discord',
  configSchema: discordConfig,
  describe: (c) => `Discord webhook (${hostOf(c.webhookUrl)})`,
  send(message, config, ctx) {
    return postOnce(ctx, {
      url: config.webhookUrl,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify(discordPayload(message)),
      secrets: urlSecrets(config.webhookUrl),
    });
  },
};
