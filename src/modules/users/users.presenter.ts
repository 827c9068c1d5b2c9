import type { UserRow } from './users.repository.js';

/** A user as the API shows it: never the password hash or the TOTP secret. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  timeZone: string;
  role: UserRow['role'];
  totpEnabled: boolean;
  disabled: boolean;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

export function presentUser(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    timeZone: u.time_zone,
    role: u.role,
    totpEnabled: u.totp_enabled === 1,
    disabled: u.disabled === 1,
    isSample: u.is_sample === 1,
    createdAt: new Date(u.created_at).toISOString(),
    updatedAt: new Date(u.updated_at).toISOString(),
  };
}
