/** Client-side checks that mirror the server's rules, so errors show before a round trip. */
export type Errors = Record<string, string | undefined>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function required(value: string, label: string): string | undefined {
  return value.trim() ? undefined : `${label} is required.`;
}

export function email(value: string): string | undefined {
  if (!value.trim()) return 'Email is required.';
  return emailPattern.test(value.trim()) ? undefined : 'Enter an email address like name@example.com.';
}

export const minPasswordLength = 10;

export function password(value: string, label = 'Password'): string | undefined {
  if (!value) return `${label} is required.`;
  return value.length >= minPasswordLength
    ? undefined
    : `${label} must be at least ${minPasswordLength} characters.`;
}

export function hasErrors(errors: Errors): boolean {
  return Object.values(errors).some((e) => e !== undefined);
}
