import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { navigate, useLocation } from '../../app/router.js';
import { canRespond, useMe } from '../../app/session.js';
import { errorMessage } from '../../lib/api.js';
import { useNow } from '../../lib/use-now.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { alertsKey } from '../alerts/alerts.api.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ListFooter } from '../../components/list-footer.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { StateTabs } from '../../components/state-tabs.js';
import { useAllServices } from '../services/services.api.js';
import { SilenceFormDialog } from './silence-form-dialog.js';
import { SilencesTable } from './silences-table.js';
import {
  describeMatchers,
  silencesApi,
  silencesKey,
  silenceStates,
  stateLabels,
  type Silence,
  type SilenceState,
} from './silences.api.js';

const emptyText: Record<SilenceState, string> = {
  active:
    'Nothing is silenced right now. Create a silence before planned work, or use “Silence similar” on an alert that keeps paging.',
  pending: 'No silences are scheduled to start later. Tick “Start later” when you create one.',
  expired: 'Silences that ended or were expired show up here.',
};

function stateOf(search: URLSearchParams): SilenceState {
  const s = search.get('state');
  return silenceStates.find((x) => x === s) ?? 'active';
}

/**
 * Silences: label matchers that keep matching alerts from paging for a while. Tabs (in the URL)
 * show active, pending and expired ones, newest first, paged by the server.
 */
export function SilencesPage() {
  const me = useMe();
  const responder = canRespond(me.role);
  const client = useQueryClient();
  const { search } = useLocation();
  const state = stateOf(search);
  const now = useNow();
  const services = useAllServices();
  const [creating, setCreating] = useState(false);
  const [expiring, setExpiring] = useState<Silence | null>(null);
  const list = usePagedList<Silence>(silencesKey, '/api/v1/silences', { state });
  const expire = useMutation({
    mutationFn: (s: Silence) => silencesApi.expire(s.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [silencesKey] });
      void client.invalidateQueries({ queryKey: [alertsKey] });
      setExpiring(null);
    },
  });
  const add = responder ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      New silence
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Silences"
        description="A silence keeps matching alerts from paging anyone until it ends. The alerts are still recorded and marked silenced."
        actions={add}
      />
      <StateTabs
        label="Silence state"
        tabs={silenceStates.map((s) => ({ value: s, label: stateLabels[s] }))}
        current={state}
        hrefFor={(s) => (s === 'active' ? '/silences' : `/silences?state=${s}`)}
      />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <EmptyState
          title={`No ${stateLabels[state].toLowerCase()} silences`}
          action={state === 'active' ? add : null}
        >
          {emptyText[state]}
        </EmptyState>
      ) : (
        <SilencesTable
          items={list.items}
          services={services.data}
          now={now}
          busy={list.isPlaceholder}
          onExpire={responder ? setExpiring : null}
        />
      )}
      <ListFooter
        shown={list.items.length}
        total={list.total}
        hasMore={list.hasMore}
        loading={list.isLoadingMore}
        onMore={list.loadMore}
        noun="silences"
      />
      <SilenceFormDialog
        key={creating ? 'open' : 'closed'}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => navigate(s.state === 'pending' ? '/silences?state=pending' : '/silences')}
      />
      <ConfirmDialog
        open={expiring !== null}
        title="Expire this silence?"
        confirmLabel="Expire silence"
        pendingLabel="Expiring…"
        pending={expire.isPending}
        error={expire.isError ? errorMessage(expire.error) : null}
        onConfirm={() => expiring && expire.mutate(expiring)}
        onClose={() => {
          setExpiring(null);
          expire.reset();
        }}
      >
        <p>
          Alerts matching <code>{expiring ? describeMatchers(expiring.matchers) : ''}</code> will page again
          from now on. The silence is kept in the Expired tab.
        </p>
      </ConfirmDialog>
    </>
  );
}
