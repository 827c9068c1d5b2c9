import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../../lib/api.js';
import { Alert } from '../../components/alert.js';
import { Button } from '../../components/button.js';
import { Dialog } from '../../components/dialog.js';
import { TextAreaField } from '../../components/field.js';
import { csvExample, issuesByRow, previewImport } from './import-model.js';
import { monitorsApi, monitorsKey } from './monitors.api.js';

/**
 * Bulk import: paste a JSON array of monitors or CSV with a header row, check the preview, import.
 * All or nothing: when any row is wrong, nothing is created and each row shows its problems.
 */
export function ImportMonitorsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [pasted, setPasted] = useState('');
  const preview = pasted.trim() ? previewImport(pasted) : null;
  const run = useMutation({
    mutationFn: () => monitorsApi.import(preview!.body),
    onSuccess: () => void client.invalidateQueries({ queryKey: [monitorsKey] }),
  });
  const rowIssues =
    run.error instanceof ApiError ? issuesByRow(run.error.issues) : new Map<number, string[]>();
  const general = rowIssues.get(-1);
  const count = preview?.rows.length ?? 0;

  return (
    <Dialog open={open} title="Import monitors" onClose={onClose} busy={run.isPending} wide>
      {run.isSuccess ? (
        <>
          <Alert tone="success">
            Imported {run.data.items.length} monitors. Their first checks run within one interval.
          </Alert>
          <div className="form-actions">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </>
      ) : (
        <div className="form">
          <TextAreaField
            label="JSON or CSV"
            name="import"
            rows={8}
            className="mono"
            value={pasted}
            placeholder={csvExample}
            hint={
              <>
                A JSON array of monitors as <code>POST /api/v1/monitors</code> takes them, or CSV with columns
                name, type, serviceId, intervalSeconds, timeoutMs, retries, degradedAboveMs, inverted, paused,
                dependsOn, config (JSON) and the shortcuts url, host, port, method.
              </>
            }
            onChange={(e) => {
              setPasted(e.target.value);
              run.reset();
            }}
          />
          {preview?.error ? <Alert tone="error">{preview.error}</Alert> : null}
          {run.isError && rowIssues.size === 0 ? <Alert tone="error">{errorMessage(run.error)}</Alert> : null}
          {general ? <Alert tone="error">{general.join(' ')}</Alert> : null}
          {run.isError && rowIssues.size > 0 ? (
            <Alert tone="error">Nothing was imported: fix the rows marked below and import again.</Alert>
          ) : null}
          {count > 0 ? (
            <div className="table-wrap import-preview">
              <table className="table">
                <caption className="muted small">
                  {count} {preview?.format.toUpperCase()} rows
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Row
                    </th>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Service</th>
                    <th scope="col">Target</th>
                    <th scope="col">Problems</th>
                  </tr>
                </thead>
                <tbody>
                  {preview!.rows.slice(0, 200).map((r, i) => {
                    const problems = rowIssues.get(i);
                    return (
                      <tr key={i} className={problems ? 'row-invalid' : undefined}>
                        <td className="num">{i + 1}</td>
                        <td>{r.name || <span className="muted">—</span>}</td>
                        <td>{r.type}</td>
                        <td className="mono-soft">{r.service}</td>
                        <td className="mono-soft">{r.target}</td>
                        <td>
                          {problems ? (
                            <ul className="field-error plain-list">
                              {problems.map((p) => (
                                <li key={p}>{p}</li>
                              ))}
                            </ul>
                          ) : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {count > 200 ? <p className="muted small">Showing the first 200 of {count} rows.</p> : null}
            </div>
          ) : null}
          <div className="form-actions">
            <Button onClick={onClose} disabled={run.isPending}>
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={count === 0 || preview?.error !== null}
              pending={run.isPending}
              pendingLabel="Importing…"
              onClick={() => run.mutate()}
            >
              {count ? `Import ${count} monitors` : 'Import'}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
