import type { Channel, NotificationMessage } from './channel.js';
import { isPage, kindLabel, truncate } from './format.js';
import { describeTwilio, twilioConfig, twilioPost, type TwilioConfig } from './twilio.js';

/** Twilio's Body limit: 1600 characters (longer is refused, not split). */
export const smsMaxLength = 1600;

/**
 * "[Keel] Triggered #42 SEV1 checkout-api: <title>" then the links; the title is cut so the
 * links always fit (they are how the page gets acknowledged from a phone).
 */
export function smsBody(m: NotificationMessage): string {
  const lines: string[] = [];
  if (m.ackUrl && isPage(m.kind)) lines.push(`Ack: ${m.ackUrl}`);
  if (m.resolveUrl && m.kind !== 'resolved') lines.push(`Resolve: ${m.resolveUrl}`);
  lines.push(m.incidentUrl);
  const tail = `\n${lines.join('\n')}`;
  const head = `[Keel] ${kindLabel(m.kind)} #${m.incidentNumber} ${m.severity} ${m.serviceName}: ${m.title}`;
  return truncate(`${truncate(head, Math.max(40, smsMaxLength - tail.length))}${tail}`, smsMaxLength);
}

export const smsChannel: Channel<'sms', TwilioConfig> = {
  type: 'sms',
  label: 'SMS',
  configSchema: twilioConfig,
  describe: (c) => describeTwilio('SMS', c),
  send(message, config, ctx) {
    return twilioPost(
      ctx,
      config,
      'Messages',
      { To: config.to, From: config.from, Body: smsBody(message) },
      message.idempotencyKey,
    );
  },
};
