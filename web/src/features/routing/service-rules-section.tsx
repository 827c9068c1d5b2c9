import { Link } from '../../app/router.js';
import { RuleList } from './rule-list.js';

/** On a service's page: its own routing rules, which run after the global ones. */
export function ServiceRulesSection({ serviceId, editable }: { serviceId: string; editable: boolean }) {
  return (
    <section className="card" aria-labelledby="service-rules">
      <div className="card-header">
        <h2 id="service-rules">Routing rules</h2>
        <Link to="/routing-rules" className="small">
          Global rules
        </Link>
      </div>
      <p className="muted small">Run on this service’s alerts after the global rules, top to bottom.</p>
      <RuleList serviceId={serviceId} editable={editable} />
    </section>
  );
}
