import { Button } from '../../components/button.js';
import { usePeople } from '../incidents/use-people.js';
import { PersonSearch } from './person-search.js';

/**
 * A layer's members in hand-off order: move up or down, remove, and add people found by search.
 * The same person may be listed more than once (the API allows it): their turns come round at
 * each position. Buttons of a repeated person name the position, so each is told apart.
 */
export function MemberList({
  members,
  error,
  onChange,
}: {
  members: string[];
  error?: string | undefined;
  onChange: (next: string[]) => void;
}) {
  const people = usePeople(members);
  const who = (id: string, i: number): string =>
    members.indexOf(id) !== members.lastIndexOf(id)
      ? `${people.name(id)} (position ${i + 1})`
      : people.name(id);
  const move = (i: number, by: -1 | 1): void => {
    const next = [...members];
    const [id] = next.splice(i, 1);
    next.splice(i + by, 0, id as string);
    onChange(next);
  };
  return (
    <fieldset className="fieldset">
      <legend>Members, in hand-off order</legend>
      {members.length === 0 ? (
        <p className="muted small">
          No members yet. Find people below; the first one is on call first. A person may be added more than
          once.
        </p>
      ) : (
        <ol className="member-list" aria-label="Members">
          {members.map((id, i) => (
            <li key={`${id}-${i}`} className="member-row">
              <span className="member-pos">{i + 1}.</span>
              <span className="member-name">{people.name(id)}</span>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move ${who(id, i)} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move ${who(id, i)} down`}
                disabled={i === members.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove ${who(id, i)}`}
                onClick={() => onChange(members.filter((_, j) => j !== i))}
              >
                Remove
              </Button>
            </li>
          ))}
        </ol>
      )}
      {error ? (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <PersonSearch
        label="Find people to add"
        picked={members}
        allowRepeat
        onPick={(u) => onChange([...members, u.id])}
      />
    </fieldset>
  );
}
