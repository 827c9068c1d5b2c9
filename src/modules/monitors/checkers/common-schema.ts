import { isIP } from 'node:net';
import { z } from 'zod';

/** Shared config fields of the socket-level checkers (tls, tcp, ping). */

// RFC 1123 labels, or an IP literal (IPv6 with or without brackets).
const hostnamePattern =
  /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;

export const monitorHost = z
  .string({ message: 'host is required' })
  .trim()
  .min(1, 'host is required')
  .superRefine((h, ctx) => {
    if (isIP(h.replace(/^\[|\]$/g, '')) !== 0 || hostnamePattern.test(h)) return;
    ctx.addIssue({
      code: 'custom',
      message: `"${h.slice(0, 100)}" is not a host name or IP address (no scheme, path or port here)`,
    });
  })
  .transform((h) => h.replace(/^\[|\]$/g, ''));

export const monitorPort = z
  .number({ message: 'port must be a number' })
  .int('port must be a whole number')
  .min(1, 'port must be 1–65535')
  .max(65535, 'port must be 1–65535');
