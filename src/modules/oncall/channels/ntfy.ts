import { z } from 'zod';
import type { Channel, NotificationMessage } from './channel.js';
import { hostOf, isPage, kindLabel, links, truncate } from './format.js';
import { postOnce, urlSecrets } from './http.js';

/**
 * An ntfy topic (ntfy.sh or a self-hosted server). On a public server the topic name works
 * like a password, so it is treated as a secret, as is the optional access token.
 */
export const ntfyConfig = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }).default('https://ntfy.sh'),
  topic: z.string().regex(/^[\w-]{1,64}$/, 'letters, digits, - and _ (at most 64)'),
  token: z.string().min(1).max(200).optional(),
});
export type NtfyConfig = z.infer<typeof ntfyConfig>;

/** ntfy turns a body over 4096 bytes into an attachment; the message stays under it. */
const maxBodyBytes = 4000;

/** 1 (min) … 5 (max/urgent). High-urgency pages are urgent; follow-ups are quiet. */
export function ntfyPriority(m: NotificationMessage): number {
  if (isPage(m.kind)) return m.urgency === 'high' ? 5 : 3;
  return m.kind === 'test' ? 3 : 2;
}

function tags(m: NotificationMessage): string {
  const emoji =
    m.kind === 'resolved'
      ? 'white_check_mark'
      : m.kind === 'acknowledged'
        ? 'eyes'
        : m.kind === 'test'
          ? 'test_tube'
          : m.severity === 'SEV1' || m.severity === 'SEV2'
            ? 'rotating_light'
            : 'warning';
  return `${emoji},${m.severity.toLowerCase()}`;
}

/** A header value: as is when ASCII, else an RFC 2047 encoded word (ntfy decodes them). */
export function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The Actions header: up to three "view" buttons; values with , or ; are quoted. */
export function ntfyActions(m: NotificationMessage): string {
  const quote = (v: string) => (/[,;"]/.test(v) ? `"${v.replace(/"/g, '%22')}"` : v);
  return links(m)
    .slice(0, 3)
    .map((l) => `view, ${l.label}, ${quote(l.url)}${l.label === 'Open incident' ? '' : ', clear=true'}`)
    .join('; ');
}

/** Cuts text to at most maxBytes of UTF-8, on a character boundary. */
function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}

export function ntfyBody(m: NotificationMessage): string {
  const facts = `${m.severity} · ${m.urgency} urgency · ${m.serviceName}`;
  return truncateBytes(m.summary ? `${facts}\n${m.summary}` : facts, maxBodyBytes);
}

export const ntfyChannel: Channel<'ntfy', NtfyConfig> = {
  type: 'ntfy',
  label: 'ntfy',
  configSchema: ntfyConfig,
  // The topic is a secret: at most its first two letters, and only of a long one.
  describe: (c) =>
    `ntfy topic ${c.topic.length >= 8 ? `${c.topic.slice(0, 2)}…` : '…'} on ${hostOf(c.serverUrl)}` +
    (c.token ? ' (with a token)' : ''),
  send(message, config, ctx) {
    const base = config.serverUrl.replace(/\/+$/, '');
    return postOnce(ctx, {
      url: `${base}/${config.topic}`,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'idempotency-key': message.idempotencyKey,
        title: headerText(
          truncate(`${kindLabel(message.kind)} #${message.incidentNumber}: ${message.title}`, 250),
        ),
        priority: String(ntfyPriority(message)),
        tags: tags(message),
        click: message.incidentUrl,
        actions: ntfyActions(message),
        ...(config.token && { authorization: `Bearer ${config.token}` }),
      },
      body: ntfyBody(message),
      secrets: [
        config.topic,
        ...(config.token ? [config.token] : []),
        ...urlSecrets(`${base}/${config.topic}`),
      ],
    });
  },
};
