import type { Channel, NotificationMessage } from './channel.js';
import { escapeHtml, fitEscaped, kindLabel, truncate } from './format.js';
import { describeTwilio, twilioConfig, twilioPost, type TwilioConfig } from './twilio.js';

/** Twilio refuses a Twiml parameter over 4000 characters. */
export const twimlMaxLength = 4000;

/** What the call says: kind, number, severity, urgency, service, title. */
export function spokenText(m: NotificationMessage): string {
  const severity = m.severity.replace('SEV', 'severity ');
  return truncate(
    `Keel alert. ${kindLabel(m.kind)} incident ${m.incidentNumber}, ${severity}, ${m.urgency} urgency, ` +
      `on service ${truncate(m.serviceName, 100)}. ${m.title}.`,
    1500,
  );
}

/** The call's TwiML: the message, a pause, the message again (people pick up mid-sentence). */
export function voiceTwiml(m: NotificationMessage): string {
  // Escaping can lengthen the text; two copies of at most 1900 stay under Twilio's 4000.
  const text = fitEscaped(spokenText(m), 1900, escapeHtml);
  return `<Response><Say>${text}</Say><Pause length="1"/><Say>Again. ${text}</Say></Response>`;
}

export const voiceChannel: Channel<'voice', TwilioConfig> = {
  type: 'voice',
  label: 'Voice call',
  configSchema: twilioConfig,
  describe: (c) => describeTwilio('Voice call', c),
  send(message, config, ctx) {
    return twilioPost(
      ctx,
      config,
      'Calls',
      { To: config.to, From: config.from, Twiml: voiceTwiml(message) },
      message.idempotencyKey,
    );
  },
};
