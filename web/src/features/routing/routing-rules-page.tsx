import { canRespond, useMe } from '../../app/session.js';
import { PageHeader } from '../../components/page-header.js';
import { RuleList } from './rule-list.js';

/** Global routing rules: they see every alert first, before the rules of the service it belongs to. */
export function RoutingRulesPage() {
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Routing rules"
        description="Global rules run on every alert, top to bottom; the first that matches applies and evaluation stops, unless the rule continues. Then the rules of the alert’s service run the same way (on each service’s page)."
      />
      <section className="card" aria-labelledby="global-rules">
        <h2 id="global-rules">Global rules</h2>
        <RuleList serviceId={null} editable={canRespond(me.role)} />
      </section>
    </>
  );
}
