import type { z } from 'zod';

/** Most messages a parser returns; a body with more problems than this is wrong enough already. */
const maxMessages = 20;

/** `payload.summary`, `alerts[0].labels`, `details['load avg']`. */
export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      const shown = key.length > 64 ? `${key.slice(0, 61)}...` : key;
      if (/^[A-Za-z_$][\w$-]*$/.test(shown)) out += out === '' ? shown : `.${shown}`;
      else out += `[${JSON.stringify(shown)}]`;
    }
  }
  return out;
}

/**
 * Turns zod issues into short sentences a sender's operator can act on, e.g.
 * "payload.summary is required", "event_action must be one of trigger, acknowledge, resolve".
 * Parse with `{ reportInput: true }` so a missing field reads as "is required". Paths are named
 * from the body's top (`payload.summary`); any other root is named (`mapping.title`).
 */
export function issueMessages(issues: readonly z.core.$ZodIssue[], root = 'body'): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const message = issueMessage(issue, root);
    if (!out.includes(message)) out.push(message);
    if (out.length >= maxMessages) break;
  }
  return out;
}

function issueMessage(issue: z.core.$ZodIssue, root: string): string {
  const path = issue.path;
  const name = path.length === 0 ? root : formatPath(path, root === 'body' ? '' : root);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined && path.length > 0) return `${name} is required`;
      return `${name} must be ${article(issue.expected)}`;
    case 'invalid_value':
      if (issue.input === undefined && path.length > 0) return `${name} is required`;
      if (issue.values.length === 1) return `${name} must be ${JSON.stringify(issue.values[0])}`;
      return `${name} must be one of ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      if (!unit(issue.origin)) return `${name} must be at most ${String(issue.maximum)}`;
      return `${name} must have at most ${String(issue.maximum)} ${unit(issue.origin)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      if (issue.origin === 'array' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      if (!unit(issue.origin)) return `${name} must be at least ${String(issue.minimum)}`;
      return `${name} must have at least ${String(issue.minimum)} ${unit(issue.origin)}`;
    case 'unrecognized_keys':
      return `${name} has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => formatPath([k])).join(', ')}`;
    case 'invalid_union':
      return /^Invalid/.test(issue.message) ? `${name} is not valid` : `${name} ${issue.message}`;
    case 'invalid_key':
      return `${name} has an invalid key`;
    case 'invalid_format':
    case 'custom':
      return /^Invalid/.test(issue.message) ? `${name} is not valid` : `${name} ${issue.message}`;
    case 'invalid_element':
    case 'not_multiple_of':
      return `${name} is not valid`;
    default: {
      const never: never = issue;
      return `${name} is not valid (${(never as { code?: string }).code ?? 'unknown'})`;
    }
  }
}

function article(expected: string): string {
  switch (expected) {
    case 'object':
    case 'array':
      return `an ${expected}`;
    case 'record':
      return 'an object';
    case 'int':
      return 'an integer';
    default:
      return `a ${expected}`;
  }
}

function unit(origin: string): string {
  switch (origin) {
    case 'string':
      return 'characters';
    case 'array':
    case 'set':
      return 'items';
    default:
      return '';
  }
}
