import type { z } from 'zod';
import type { Channel, ChannelContext, DeliveryResult, NotificationMessage } from './channel.js';
import { discordChannel } from './discord.js';
import { emailChannel } from './email.js';
import { gotifyChannel } from './gotify.js';
import { googleChatChannel } from './google-chat.js';
import { redact } from './http.js';
import { mattermostChannel } from './mattermost.js';
import { ntfyChannel } from './ntfy.js';
import { slackChannel } from './slack.js';
import { smsChannel } from './sms.js';
import { teamsChannel } from './teams.js';
import { telegramChannel } from './telegram.js';
import { voiceChannel } from './voice.js';
import { webhookChannel } from './webhook.js';

/**
 * A channel as the rest of Keel sees it: config arrives as stored JSON (unknown) and is
 * validated here, once, before the channel sees it. send() never throws.
 */
export interface RegisteredChannel<T extends string = string> {
  readonly type: T;
  readonly label: string;
  readonly configSchema: z.ZodType;
  describe(config: unknown): string;
  send(message: NotificationMessage, config: unknown, ctx: ChannelContext): Promise<DeliveryResult>;
}

function register<T extends string, C>(channel: Channel<T, C>): RegisteredChannel<T> {
  return {
    type: channel.type,
    label: channel.label,
    configSchema: channel.configSchema,
    describe(config) {
      const parsed = channel.configSchema.safeParse(config);
      return parsed.success ? channel.describe(parsed.data) : `${channel.label} (invalid configuration)`;
    },
    async send(message, config, ctx) {
      const parsed = channel.configSchema.safeParse(config);
      if (!parsed.success) {
        // Only the field names: zod's messages can quote the (secret) values.
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
        return {
          ok: false,
          retryable: false,
          latencyMs: 0,
          error: `invalid ${channel.label} configuration: ${fields}`,
        };
      }
      try {
        return await channel.send(message, parsed.data, ctx);
      } catch (err) {
        // A bug in a channel: retried (it may be transient), with every config value masked.
        const text = err instanceof Error ? err.message : String(err);
        return { ok: false, retryable: true, latencyMs: 0, error: redact(text, stringValues(parsed.data)) };
      }
    },
  };
}

function stringValues(config: unknown): string[] {
  if (typeof config !== 'object' || config === null) return [];
  return Object.values(config).filter((v): v is string => typeof v === 'string');
}

/**
 * Every channel, in the order a user picks from. Adding one is a new file beside this one and
 * one line here (and a sample in registry.test.ts, which the type checker asks for).
 */
export const channels = [
  register(emailChannel),
  register(smsChannel),
  register(voiceChannel),
  register(slackChannel),
  register(teamsChannel),
  register(discordChannel),
  register(mattermostChannel),
  register(googleChatChannel),
  register(telegramChannel),
  register(ntfyChannel),
  register(gotifyChannel),
  register(webhookChannel),
] as const;

export type ChannelType = (typeof channels)[number]['type'];

/** The types, for a zod enum on stored contact methods. */
export const channelTypes = channels.map((c) => c.type) as [ChannelType, ...ChannelType[]];

const byType = new Map<string, RegisteredChannel<ChannelType>>(channels.map((c) => [c.type, c]));

export function channelFor(type: string): RegisteredChannel<ChannelType> | undefined {
  return byType.get(type);
}
