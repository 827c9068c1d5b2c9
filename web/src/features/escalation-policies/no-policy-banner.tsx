import { Link } from '../../app/router.js';
import { Alert } from '../../components/alert.js';
import { useAllPolicies } from './escalation-policies.api.js';

/**
 * On the services list: when no escalation policy exists at all, no incident on any service pages
 * anyone. (Each service's page says who its policy would page now.)
 */
export function NoPolicyBanner() {
  const policies = useAllPolicies();
  if (!policies.data || policies.data.length > 0) return null;
  return (
    <Alert tone="warn" title="Nobody is paged for any service yet">
      <p>
        There is no escalation policy. <Link to="/escalation-policies">Create one</Link>: the first becomes
        the default for every service that names none.
      </p>
    </Alert>
  );
}
