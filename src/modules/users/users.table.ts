/** Row shapes of the people tables. Times are epoch milliseconds; flags are 0/1 integers. */
export const roles = ['owner', 'admin', 'responder', 'stakeholder', 'viewer'] as const;
export type Role = (typeof roles)[number];

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  time_zone: string;
  role: Role;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_step: number | null;
  disabled: number;
  is_sample: number;
  created_at: number;
  updated_at: number;
}

export interface TeamsTable {
  id: string;
  name: string;
  description: string;
  is_sample: number;
  created_at: number;
  updated_at: number;
}

export const teamRoles = ['member', 'manager'] as const;
export type TeamRole = (typeof teamRoles)[number];

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: TeamRole;
  created_at: number;
}
