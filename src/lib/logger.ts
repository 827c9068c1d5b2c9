import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Structured JSON logs. `file` sends them to a file instead of stdout (benchmarks, tests). */
export function createLogger(level: string, file?: string): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'keel' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password'],
      censor: '[redacted]',
    },
  };
  if (file) return pino(options, pino.destination({ dest: file, sync: false, mkdir: true }));
  return pino(options);
}
