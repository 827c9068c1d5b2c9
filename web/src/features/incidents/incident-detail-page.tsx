import { useQuery } from '@tanstack/react-query';
import { Link } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { formatDateTime } from '../../lib/format.js';
import { Markdown } from '../../lib/markdown.js';
import { useLivePollMs } from '../../lib/live.js';
import { useNow } from '../../lib/use-now.js';
import { Badge, SampleBadge } from '../../components/badge.js';
import { LiveIndicator } from '../../components/live-indicator.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { RelativeTime } from '../../components/relative-time.js';
import { PriorityBadge, SeverityBadge, StatusBadge } from '../../components/status-badge.js';
import { IncidentNotifications } from '../deliveries/incident-notifications.js';
import { categoryLabel, useIncidentCategories } from '../incident-categories/incident-categories.api.js';
import { IncidentActions } from './incident-actions.js';
import { IncidentAlerts } from './incident-alerts.js';
import { IncidentClassification } from './incident-classification.js';
import { IncidentPeople } from './incident-people.js';
import { IncidentTimeline } from './incident-timeline.js';
import {
  impactLabels,
  incidentsApi,
  incidentsKey,
  urgencyLabels,
  type IncidentDetail,
} from './incidents.api.js';

function Time({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <>
      {formatDateTime(iso)}{' '}
      <span className="muted small">
        (<RelativeTime iso={iso} now={now} />)
      </span>
    </>
  );
}

/** The facts under the title: what it is, how bad, where, and when things happened. */
function Facts({ incident: i, now }: { incident: IncidentDetail; now: number }) {
  const categories = useIncidentCategories();
  return (
    <section className="card incident-facts" aria-label="Details">
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={i.status} />
          </dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={i.severity} />
          </dd>
        </div>
        <div>
          <dt>Urgency</dt>
          <dd>{urgencyLabels[i.urgency]}</dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>{impactLabels[i.impact]}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>
            <PriorityBadge priority={i.priority} byHand={i.priorityOverridden} />
            {i.priorityOverridden ? <span className="muted small"> (set by hand)</span> : null}
          </dd>
        </div>
        <div>
          <dt>Category</dt>
          <dd>{categoryLabel(categories.data, i.category) ?? <span className="muted">None</span>}</dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>
            {i.service ? (
              <Link to={`/services/${i.service.id}`}>{i.service.name}</Link>
            ) : (
              <span className="muted">None</span>
            )}
          </dd>
        </div>
      </dl>
      <dl className="facts facts-times">
        <div>
          <dt>Created</dt>
          <dd>
            <Time iso={i.createdAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>Acknowledged</dt>
          <dd>
            <Time iso={i.acknowledgedAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>
            <Time iso={i.resolvedAt} now={now} />
          </dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * One incident, by id or number (/incidents/42): what it is, what to do about it, who is on it,
 * its timeline and its alerts. It follows the live stream like the list.
 */
export function IncidentDetailPage({ id }: { id: string }) {
  const me = useMe();
  const editable = canRespond(me.role);
  const now = useNow();
  const incident = useQuery({
    queryKey: [incidentsKey, 'detail', id],
    queryFn: () => incidentsApi.get(id),
    refetchInterval: useLivePollMs(),
  });
  const back = (
    <Link to="/incidents" className="back-link">
      ← Incidents
    </Link>
  );
  if (incident.isPending)
    return (
      <>
        {back}
        <Loading />
      </>
    );
  if (incident.isError)
    return (
      <>
        {back}
        <LoadError error={incident.error} onRetry={() => void incident.refetch()} />
      </>
    );
  const i = incident.data;

  return (
    <>
      {back}
      <PageHeader
        title={`#${i.number} ${i.title}`}
        meta={
          <>
            <StatusBadge status={i.status} />
            <SeverityBadge severity={i.severity} />
            <PriorityBadge priority={i.priority} byHand={i.priorityOverridden} />
            {i.mergedIntoId ? <Badge>Merged</Badge> : null}
            <SampleBadge show={i.isSample} />
            <LiveIndicator />
          </>
        }
      />
      {editable ? <IncidentActions incident={i} routeId={id} now={now} /> : null}
      <div className="incident-layout">
        <div className="stack">
          <Facts incident={i} now={now} />
          {i.description ? (
            <section className="card" aria-labelledby="incident-description">
              <h2 id="incident-description">Description</h2>
              <Markdown text={i.description} />
            </section>
          ) : null}
          {editable ? <IncidentNotifications incidentId={i.id} now={now} /> : null}
          <IncidentTimeline incident={i} routeId={id} editable={editable} now={now} />
        </div>
        <div className="stack">
          <IncidentPeople incident={i} routeId={id} editable={editable} />
          <IncidentClassification incident={i} routeId={id} editable={editable} />
          <IncidentAlerts incidentId={i.id} now={now} />
        </div>
      </div>
    </>
  );
}
