import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { EmptyState } from '../../components/empty-state.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadError, Loading } from '../../components/query-state.js';
import { CategoryAddForm } from './category-add-form.js';
import { CategoryRow } from './category-row.js';
import {
  categoriesApi,
  categoriesKey,
  useIncidentCategories,
  type IncidentCategory,
} from './incident-categories.api.js';

/**
 * Settings → Incident categories (owners and admins): the list in the order pickers show it; add,
 * rename, move up or down, archive or unarchive. There is no delete: incidents keep their
 * category, so an unused one is archived.
 */
export function IncidentCategoriesPage() {
  const client = useQueryClient();
  const categories = useIncidentCategories();
  const key = [categoriesKey];
  const refresh = (): void => void client.invalidateQueries({ queryKey: key });

  const reorder = useMutation({
    mutationFn: (ids: string[]) => categoriesApi.reorder(ids),
    // Shown moved at once; put back if the server refuses.
    onMutate: (ids) => {
      const before = client.getQueryData<IncidentCategory[]>(key);
      if (before) {
        const byId = new Map(before.map((c) => [c.id, c]));
        client.setQueryData(
          key,
          ids.map((id) => byId.get(id)).filter((c): c is IncidentCategory => c !== undefined),
        );
      }
      return { before };
    },
    onError: (_err, _ids, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSettled: refresh,
  });
  const archive = useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      categoriesApi.update(id, { archived }),
    onSettled: refresh,
  });
  const move = (list: IncidentCategory[], i: number, by: -1 | 1): void => {
    const ids = list.map((c) => c.id);
    const [id] = ids.splice(i, 1);
    ids.splice(i + by, 0, id!);
    reorder.mutate(ids);
  };
  const failure = reorder.error ?? archive.error;
  const list = categories.data;
  const busy = reorder.isPending || archive.isPending;

  return (
    <>
      <PageHeader
        title="Incident categories"
        description="What an incident is about, for triage and reports. Incidents store a category’s id, so renaming one is safe; archive a category nobody should choose any more."
        meta={list ? `${list.length} ${list.length === 1 ? 'category' : 'categories'}` : null}
      />
      <div className="stack">
        <CategoryAddForm />
        {failure ? <Alert tone="error">{errorMessage(failure)}</Alert> : null}
        {categories.isPending ? (
          <Loading />
        ) : categories.isError ? (
          <LoadError error={categories.error} onRetry={() => void categories.refetch()} />
        ) : !list || list.length === 0 ? (
          <EmptyState title="No incident categories">
            Add the categories your team sorts incidents into, such as Software bug or Configuration. Until
            then, incidents have no category.
          </EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Incident categories">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    #
                  </th>
                  <th scope="col">Label</th>
                  <th scope="col">Id</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="cell-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody aria-busy={busy || undefined}>
                {list.map((c, i) => (
                  <CategoryRow
                    key={c.id}
                    category={c}
                    index={i}
                    count={list.length}
                    busy={busy}
                    onMove={(by) => move(list, i, by)}
                    onArchive={(archived) => archive.mutate({ id: c.id, archived })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
