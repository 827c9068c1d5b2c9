import { useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage } from './api.js';
import type { Errors } from './validate.js';
import { hasErrors } from './validate.js';

/** Server messages read "must be an email address"; under a labelled field, make it a sentence. */
function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const s = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * The form field an issue belongs to: the longest prefix of its path, joined with dots, that names
 * a field (after `rename`). So `['settings', 'grouping', 'windowMinutes']` lands on a field named
 * `settings.grouping.windowMinutes` when the form has one, else on `settings` when it has that.
 */
function fieldFor(
  path: readonly (string | number)[],
  fields: readonly string[],
  rename: Record<string, string>,
): string | null {
  for (let n = path.length; n >= 1; n--) {
    const key = path.slice(0, n).join('.');
    const field = rename[key] ?? key;
    if (fields.includes(field)) return field;
  }
  return null;
}

/**
 * Error state for one form: per-field messages (from client checks or from the server's
 * `details.issues`) and one form-level message for anything that fits no field. After a failed
 * submit, focus moves to the first invalid field, or to the form message.
 */
export function useFormErrors(fields: readonly string[]) {
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const focusFirst = useCallback(() => {
    window.requestAnimationFrame(() => {
      const bad = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      if (bad) bad.focus();
      else alertRef.current?.focus();
    });
  }, []);

  /** Shows client-side errors; returns true when there are none. */
  const check = useCallback(
    (found: Errors): boolean => {
      setErrors(found);
      setFormError(null);
      if (!hasErrors(found)) return true;
      focusFirst();
      return false;
    },
    [focusFirst],
  );

  /** Maps a failed request onto the fields it names; the rest becomes the form message. */
  const fromServer = useCallback(
    (err: unknown, rename: Record<string, string> = {}): void => {
      const found: Errors = {};
      const rest: string[] = [];
      if (err instanceof ApiError && err.issues.length > 0) {
        for (const issue of err.issues) {
          const field = fieldFor(issue.path, fields, rename);
          if (field !== null && !found[field]) found[field] = sentence(issue.message);
          else rest.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
        }
      }
      setErrors(found);
      setFormError(
        hasErrors(found) && rest.length === 0 ? null : rest.length ? rest.join(' ') : errorMessage(err),
      );
      focusFirst();
    },
    [fields, focusFirst],
  );

  const clear = useCallback((field: string) => {
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e));
  }, []);

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  return { errors, formError, setFormError, formRef, alertRef, check, fromServer, clear, reset };
}
