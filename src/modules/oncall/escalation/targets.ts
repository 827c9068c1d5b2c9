import type { Db } from '../../../db/database.js';
import { onCallUserIds, scheduleNames } from './deps.js';
import type { EscalationLevel } from './escalation.domain.js';
import { activeUsers, teamMemberIds } from './escalation.repository.js';

export interface ResolvedLevel {
  /** Who the level pages at `at`: each once, in target order; disabled users left out. */
  users: { id: string; name: string }[];
  /** Schedule targets with nobody on call at `at`. */
  nobodyOnCall: { id: string; name: string }[];
}

/**
 * The people a level pages at instant `at`: users as named, schedules' on-call people at `at`
 * (overrides included), all members of teams. Policy targets page nobody here (they hand over).
 */
export async function resolveLevel(db: Db, level: EscalationLevel, at: number): Promise<ResolvedLevel> {
  const ordered: string[] = [];
  const nobody: string[] = [];
  const teams = await teamMemberIds(
    db,
    level.targets.filter((t) => t.type === 'team').map((t) => t.id),
  );
  for (const t of level.targets) {
    switch (t.type) {
      case 'user':
        ordered.push(t.id);
        break;
      case 'schedule': {
        const ids = await onCallUserIds(db, t.id, at);
        if (!ids.length) nobody.push(t.id);
        ordered.push(...ids);
        break;
      }
      case 'team':
        ordered.push(...(teams.get(t.id) ?? []));
        break;
      case 'policy':
        break;
      default: {
        const never: never = t.type;
        throw new Error(`unknown target type ${String(never)}`);
      }
    }
  }
  const users = await activeUsers(db, ordered);
  const seen = new Set<string>();
  const out: { id: string; name: string }[] = [];
  for (const id of ordered) {
    const u = users.get(id);
    if (!u || seen.has(id)) continue;
    seen.add(id);
    out.push({ id, name: u.name });
  }
  const names = await scheduleNames(db, nobody);
  return {
    users: out,
    nobodyOnCall: nobody.map((id) => ({ id, name: names.get(id) ?? 'a deleted schedule' })),
  };
}
