import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { errorMessage } from '../../lib/api.js';
import type { Service } from '../../lib/types.js';
import { Alert } from '../../components/alert.js';
import { Badge } from '../../components/badge.js';
import { SelectField } from '../../components/field.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { servicesApi, servicesKey } from '../services/services.api.js';
import { policiesApi, policiesKey, useAllPolicies } from './escalation-policies.api.js';

/** The server's reason without its "Nobody would be paged:" lead, which the title already says. */
function reasonText(reason: string | undefined): string {
  const r = (reason ?? 'the escalation policy reaches nobody right now.').replace(
    /^Nobody would be paged:\s*/i,
    '',
  );
  return r.charAt(0).toUpperCase() + r.slice(1);
}

/**
 * Who a new incident on this service would page: its escalation policy (or the default), who is
 * on call at each level right now, and a warning when nobody would be paged.
 */
export function ServicePagingSection({ service, editable }: { service: Service; editable: boolean }) {
  const client = useQueryClient();
  const policies = useAllPolicies();
  const paging = useQuery({
    queryKey: [policiesKey, 'paging', service.id, service.escalationPolicyId],
    queryFn: () => policiesApi.paging(service.id),
    refetchInterval: 60_000,
  });
  const change = useMutation({
    mutationFn: (id: string | null) => servicesApi.update(service.id, { escalationPolicyId: id }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [servicesKey] });
      void client.invalidateQueries({ queryKey: [policiesKey] });
    },
  });
  const def = policies.data?.find((p) => p.isDefault);

  return (
    <section className="card" aria-labelledby="service-paging">
      <h2 id="service-paging">Paging</h2>
      {paging.isPending ? (
        <Loading />
      ) : paging.isError ? (
        <LoadError error={paging.error} onRetry={() => void paging.refetch()} />
      ) : (
        <>
          {!paging.data.wouldPage ? (
            <Alert tone="warn" title="Nobody would be paged for a new incident on this service">
              <p>{reasonText(paging.data.reason)}</p>
              <p>
                {paging.data.policy ? (
                  <>
                    Check <Link to="/escalation-policies">the policy’s levels</Link> and{' '}
                    <Link to="/schedules">who is on call</Link>, and that those people have{' '}
                    <Link to="/account">contact methods</Link>.
                  </>
                ) : (
                  <>
                    <Link to="/escalation-policies">Create an escalation policy</Link>: the first becomes the
                    default.
                  </>
                )}
              </p>
            </Alert>
          ) : null}
          <p>
            Escalation policy:{' '}
            {paging.data.policy ? (
              <>
                <Link to="/escalation-policies">{paging.data.policy.name}</Link>{' '}
                {service.escalationPolicyId ? null : <Badge>Default</Badge>}
              </>
            ) : (
              <span className="muted">none</span>
            )}
          </p>
          {paging.data.onCallNow.length > 0 ? (
            <ul className="plain-list span-list" aria-label="Who would be paged now">
              {paging.data.onCallNow.map((l) => (
                <li key={`${l.policy.id}-${l.level}`} className="span-item">
                  <span>
                    Level {l.level}
                    {l.policy.id !== paging.data.policy?.id ? ` (${l.policy.name})` : ''}
                  </span>
                  <span>
                    {l.users.map((u, i) => (
                      <span key={u.id}>
                        {i > 0 ? ', ' : ''}
                        {u.name}
                        {u.reachable ? null : <span className="text-bad small"> (no contact method)</span>}
                      </span>
                    ))}
                    {l.nobodyOnCall.map((s) => (
                      <span key={s.id} className="text-bad small">
                        {' '}
                        Nobody on call in {s.name}.
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      {editable ? (
        <SelectField
          label="Policy for this service"
          name="escalationPolicyId"
          value={service.escalationPolicyId ?? ''}
          disabled={change.isPending}
          options={[
            { value: '', label: def ? `The default (${def.name})` : 'The default (none yet)' },
            ...(policies.data ?? []).map((p) => ({ value: p.id, label: p.name })),
          ]}
          onChange={(e) => change.mutate(e.target.value || null)}
        />
      ) : null}
      {change.isError ? <Alert tone="error">{errorMessage(change.error)}</Alert> : null}
    </section>
  );
}
