import { Button } from '../../components/button.js';
import { usePeople } from '../incidents/use-people.js';
import { PersonSearch } from './person-search.js';

/** A layer's members in hand-off order: move up or down, remove, and add people found by search. */
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
        <p className="muted small">No members yet. Find people below; the first one is on call first.</p>
      ) : (
        <ol className="member-list" aria-label="Members">
          {members.map((id, i) => (
            <li key={`${id}-${i}`} className="member-row">
              <span className="member-pos">{i + 1}.</span>
              <span className="member-name">{people.name(id)}</span>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move ${people.name(id)} up`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move ${people.name(id)} down`}
                disabled={i === members.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove ${people.name(id)}`}
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
        onPick={(u) => onChange([...members, u.id])}
      />
    </fieldset>
  );
}
