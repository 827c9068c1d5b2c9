import { z } from 'zod';
import { actorOf } from '../../../http/actor.js';
import { notFound } from '../../../http/errors.js';
import { errors, type KeelApp } from '../../../http/route-types.js';
import type { ServiceContext } from '../../../lib/context.js';
import { issueScheduleFeed, issueUserFeed, renderFeed } from './ical.service.js';
import { icalTokenView, idParams } from './schedules.schema.js';
import type { IcalFeedKind } from './schedules.table.js';

const tags = ['schedules'];
const feedParams = z.object({ file: z.string().max(200) });

/** Secret calendar-feed URLs (made while signed in) and the public feeds they point at. */
export function registerIcalRoutes(app: KeelApp, ctx: ServiceContext): void {
  app.post('/api/v1/schedules/:id/ical-token', {
    config: { policy: 'ical_feed.create' },
    schema: {
      tags,
      summary: 'A secret calendar (.ics) URL for this schedule',
      description: 'Yours: making a new one ends your previous URL for this schedule.',
      params: idParams,
      response: { 200: icalTokenView, ...errors(401, 403, 404) },
    },
    handler: async (request) => issueScheduleFeed(ctx, actorOf(request), request.params.id),
  });

  app.post('/api/v1/me/ical-token', {
    config: { policy: 'ical_feed.create' },
    schema: {
      tags,
      summary: 'A secret calendar (.ics) URL for your shifts on every schedule',
      description: 'Making a new one ends your previous URL.',
      response: { 200: icalTokenView, ...errors(401, 403) },
    },
    handler: async (request) => issueUserFeed(ctx, actorOf(request)),
  });

  const feeds: [string, IcalFeedKind][] = [
    ['/ical/schedules/:file', 'schedule'],
    ['/ical/users/:file', 'user'],
  ];
  for (const [url, kind] of feeds) {
    app.get(url, {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      // Hidden from the OpenAPI document, as the probes are: it answers text/calendar, not JSON.
      schema: {
        hide: true,
        tags,
        summary: kind === 'schedule' ? "A schedule's calendar feed" : "A person's calendar feed",
        description:
          'RFC 5545 text/calendar: the final schedule from 30 days back to 90 days ahead, one event per shift. Unknown or replaced tokens answer 404.',
        params: feedParams,
      },
      handler: async (request, reply) => {
        const m = /^([\w-]{20,100})\.ics$/.exec(request.params.file);
        if (!m) throw notFound('Calendar feed');
        const text = await renderFeed(ctx, kind, m[1]!);
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header(
            'content-disposition',
            `inline; filename="${kind === 'schedule' ? 'schedule' : 'on-call'}.ics"`,
          )
          .header('cache-control', 'private, max-age=300')
          .send(text);
      },
    });
  }
}
