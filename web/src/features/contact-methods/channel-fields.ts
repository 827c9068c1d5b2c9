/**
 * What each channel asks for, mirroring the server's channel schemas
 * (src/modules/oncall/channels/*.ts). Secret fields are never shown again: an edit form pre-fills
 * only what the server returns in `config` (src/modules/oncall/notifications/public-config.ts);
 * defaults are filled in and may be changed (self-hosted servers).
 */
export interface ChannelField {
  key: string;
  label: string;
  type?: 'email' | 'url' | 'tel' | 'text' | 'password';
  hint?: string;
  placeholder?: string;
  optional?: boolean;
  initial?: string;
}

export interface ChannelDef {
  type: string;
  label: string;
  help: string;
  fields: ChannelField[];
}

const webhookUrl = (what: string): ChannelField[] => [
  {
    key: 'webhookUrl',
    label: 'Incoming webhook URL',
    type: 'password',
    hint: `From ${what}. It works like a password, so it is not shown again.`,
    placeholder: 'https://…',
  },
];

const twilio: ChannelField[] = [
  {
    key: 'to',
    label: 'Your phone number',
    type: 'tel',
    placeholder: '+14155550100',
    hint: 'E.164: + country code and number.',
  },
  { key: 'from', label: 'Sender number or id', placeholder: '+14155550199' },
  { key: 'accountSid', label: 'Account SID' },
  { key: 'authToken', label: 'Auth token', type: 'password' },
  {
    key: 'baseUrl',
    label: 'API base URL',
    type: 'url',
    initial: 'https://api.twilio.com',
    hint: 'Twilio, or a compatible gateway.',
  },
];

export const channelDefs: ChannelDef[] = [
  {
    type: 'email',
    label: 'E-mail',
    help: 'Mail with the incident and acknowledge / resolve links.',
    fields: [{ key: 'address', label: 'Address', type: 'email', placeholder: 'you@example.com' }],
  },
  { type: 'sms', label: 'SMS', help: 'A text message through Twilio or a compatible API.', fields: twilio },
  {
    type: 'voice',
    label: 'Voice call',
    help: 'A phone call that reads the incident out, through Twilio or a compatible API.',
    fields: twilio,
  },
  {
    type: 'slack',
    label: 'Slack',
    help: 'A message in a Slack channel.',
    fields: webhookUrl('Slack → Apps → Incoming Webhooks'),
  },
  {
    type: 'teams',
    label: 'Microsoft Teams',
    help: 'A card in a Teams channel.',
    fields: webhookUrl('Teams → channel → Workflows / Incoming webhook'),
  },
  {
    type: 'discord',
    label: 'Discord',
    help: 'A message in a Discord channel.',
    fields: webhookUrl('Discord → channel settings → Integrations → Webhooks'),
  },
  {
    type: 'mattermost',
    label: 'Mattermost',
    help: 'A message in a Mattermost channel.',
    fields: webhookUrl('Mattermost → Integrations → Incoming Webhooks'),
  },
  {
    type: 'google-chat',
    label: 'Google Chat',
    help: 'A message in a Google Chat space.',
    fields: webhookUrl('Google Chat → space → Apps & integrations → Webhooks'),
  },
  {
    type: 'telegram',
    label: 'Telegram',
    help: 'A message from your bot.',
    fields: [
      { key: 'botToken', label: 'Bot token', type: 'password', hint: 'From @BotFather, like 123456:ABC-…' },
      { key: 'chatId', label: 'Chat id', hint: 'A numeric chat id or @channelname.' },
      { key: 'apiBaseUrl', label: 'Bot API base URL', type: 'url', initial: 'https://api.telegram.org' },
    ],
  },
  {
    type: 'ntfy',
    label: 'ntfy',
    help: 'A push notification to the ntfy app.',
    fields: [
      { key: 'serverUrl', label: 'Server URL', type: 'url', initial: 'https://ntfy.sh' },
      { key: 'topic', label: 'Topic', hint: 'Letters, digits, - and _; choose one nobody can guess.' },
      {
        key: 'token',
        label: 'Access token',
        type: 'password',
        optional: true,
        hint: 'Only for protected topics.',
      },
    ],
  },
  {
    type: 'gotify',
    label: 'Gotify',
    help: 'A push notification from your Gotify server.',
    fields: [
      { key: 'serverUrl', label: 'Server URL', type: 'url', placeholder: 'https://gotify.example.com' },
      { key: 'appToken', label: 'Application token', type: 'password' },
    ],
  },
  {
    type: 'webhook',
    label: 'Webhook',
    help: 'A signed JSON POST to your own endpoint (docs/oncall.md shows the body and how to verify it).',
    fields: [
      { key: 'url', label: 'URL', type: 'url', placeholder: 'https://…' },
      {
        key: 'secret',
        label: 'Signing secret',
        type: 'password',
        hint: 'At least 16 characters; used for the HMAC-SHA256 signature.',
      },
    ],
  },
];

export function channelDef(type: string): ChannelDef | undefined {
  return channelDefs.find((c) => c.type === type);
}

export function channelLabel(type: string): string {
  return channelDef(type)?.label ?? type;
}

/** The config to send: filled-in fields, trimmed; empty optional fields left out. */
export function configOf(def: ChannelDef, values: Record<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = (values[f.key] ?? '').trim();
    if (v) config[f.key] = v;
  }
  return config;
}

/** An edit form's start: the settings the server shows; the rest (secrets) blank. */
export function editValues(def: ChannelDef, shown: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    def.fields.map((f) => {
      const v = shown[f.key];
      return [f.key, typeof v === 'string' || typeof v === 'number' ? String(v) : ''];
    }),
  );
}

/**
 * What an edit sends: the fields that differ from the start, trimmed. A blank field is left out
 * (a blank secret keeps the stored one); an optional shown field that was emptied is sent as null
 * (removed).
 */
export function changedConfigOf(
  def: ChannelDef,
  start: Record<string, string>,
  values: Record<string, string>,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = (values[f.key] ?? '').trim();
    const was = (start[f.key] ?? '').trim();
    if (v === was) continue;
    if (v) config[f.key] = v;
    else if (f.optional && was) config[f.key] = null;
  }
  return config;
}

export function initialValues(def: ChannelDef): Record<string, string> {
  return Object.fromEntries(def.fields.map((f) => [f.key, f.initial ?? '']));
}
