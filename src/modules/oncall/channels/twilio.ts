import { z } from 'zod';
import type { ChannelContext, DeliveryResult } from './channel.js';
import { hostOf } from './format.js';
import { jsonObject, postOnce } from './http.js';

/**
 * The account and numbers for SMS and voice through Twilio's REST API or a compatible one
 * (the base URL is configurable). The auth token is the secret.
 */
export const twilioConfig = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
  accountSid: z.string().regex(/^[\w-]{8,64}$/, 'the account SID'),
  authToken: z.string().min(8).max(200),
  from: z
    .string()
    .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, 'an E.164 number or an alphanumeric sender id'),
  to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, like +14155550100'),
});
export type TwilioConfig = z.infer<typeof twilioConfig>;

/**
 * POSTs a form to {baseUrl}/2010-04-01/Accounts/{sid}/{resource}.json with basic auth. The
 * idempotency key goes in a header too (Twilio ignores it; compatible gateways may use it).
 */
export function twilioPost(
  ctx: ChannelContext,
  config: TwilioConfig,
  resource: 'Messages' | 'Calls',
  params: Record<string, string>,
  idempotencyKey: string,
): Promise<DeliveryResult> {
  const base = config.baseUrl.replace(/\/+$/, '');
  const basic = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  return postOnce(ctx, {
    url: `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/${resource}.json`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic}`,
      'idempotency-key': idempotencyKey,
    },
    body: new URLSearchParams(params).toString(),
    secrets: [config.authToken, basic],
    // {"code": 21211, "message": "The 'To' number … is not a valid phone number.", "status": 400}
    errorDetail: (body) => {
      const json = jsonObject(body);
      if (typeof json?.message !== 'string') return undefined;
      return typeof json.code === 'number' ? `${json.message} (code ${json.code})` : json.message;
    },
  });
}

export function describeTwilio(what: string, c: TwilioConfig): string {
  return `${what} to ${c.to} via ${hostOf(c.baseUrl)}`;
}
