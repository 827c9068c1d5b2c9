import type { Clock } from '../../../lib/clock.js';
import type { Actor, ServiceContext } from '../../../lib/context.js';
import { AppError } from '../../../http/errors.js';
import type { ChannelContext, MailSender } from '../channels/channel.js';
import { guardedFetch } from './outbound-guard.js';
import { leanPost } from './outbound-http.js';

/** What sending needs besides the service context: mail, and outbound HTTP (tests may narrow it). */
export interface SendDeps {
  mailer: MailSender;
  /**
   * Outbound HTTP for tests; always wrapped by the link-local guard. Without it, requests go
   * through leanPost (node:http, the same guard on the address connected to).
   */
  fetch?: typeof fetch;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export interface NotificationsContext extends ServiceContext {
  readonly send: SendDeps;
}

export function channelContext(deps: SendDeps, clock: Clock): ChannelContext {
  return {
    fetch: guardedFetch(deps.fetch ?? globalThis.fetch),
    ...(deps.fetch === undefined && { post: leanPost }),
    timeoutMs: deps.timeoutMs ?? 10_000,
    mailer: deps.mailer,
    clock,
  };
}

/** `me` → the actor; anyone else's only for admins and owners. */
export function ownerOf(actor: Actor, userId: string): string {
  const id = userId === 'me' ? actor.userId : userId;
  if (!id) throw new AppError('forbidden');
  if (id !== actor.userId && actor.role !== 'admin' && actor.role !== 'owner') {
    throw new AppError('forbidden', "Only admins can change someone else's notification settings.");
  }
  return id;
}
