import type { ChannelType } from '../channels/registry.js';

/**
 * The config fields of each channel that are safe to show again (an address, a phone number,
 * a server URL), so an edit form can pre-fill them. Everything else is a secret and is never
 * answered. Webhook URLs are secrets (the path or query is the credential), and so is the ntfy
 * topic (anyone who knows it can subscribe). A new channel must be listed here: the type
 * checker asks for every channel type.
 */
export const publicFields: Record<ChannelType, readonly string[]> = {
  email: ['address'],
  sms: ['baseUrl', 'accountSid', 'from', 'to'],
  voice: ['baseUrl', 'accountSid', 'from', 'to'],
  slack: [],
  teams: [],
  discord: [],
  mattermost: [],
  'google-chat': [],
  telegram: ['chatId', 'apiBaseUrl'],
  ntfy: ['serverUrl'],
  gotify: ['serverUrl'],
  webhook: [],
};

/** The public part of a (validated) config; {} for an unknown type or a config that is not an object. */
export function publicConfig(type: string, config: unknown): Record<string, unknown> {
  const fields = (publicFields as Record<string, readonly string[] | undefined>)[type];
  if (!fields || typeof config !== 'object' || config === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of fields) {
    const value = (config as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * A PATCH's config over the stored one: keys given replace, a key given as null is removed,
 * keys left out are kept (so secrets stay unless re-entered).
 */
export function mergeConfig(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
