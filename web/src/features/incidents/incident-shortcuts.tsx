import { Dialog } from '../../components/dialog.js';

/** The incidents list's keyboard shortcuts; "?" opens this. */
export const listShortcuts: [string[], string][] = [
  [['j'], 'Move to the next incident'],
  [['k'], 'Move to the previous incident'],
  [['o', 'Enter'], 'Open the focused incident'],
  [['x'], 'Select or unselect the focused incident'],
  [['a'], 'Acknowledge the selected incidents, or the focused one'],
  [['r'], 'Resolve the selected incidents, or the focused one'],
  [['/'], 'Search'],
  [['Esc'], 'Clear the selection'],
  [['?'], 'Show these shortcuts'],
];

export function ShortcutsDialog({
  open,
  onClose,
  canAct,
}: {
  open: boolean;
  onClose: () => void;
  canAct: boolean;
}) {
  const shown = canAct
    ? listShortcuts
    : listShortcuts.filter(([keys]) => !['x', 'a', 'r'].includes(keys[0] ?? ''));
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
      <table className="table table-compact shortcut-table">
        <caption className="visually-hidden">Keyboard shortcuts on the incidents list</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(([keys, what]) => (
            <tr key={what}>
              <td className="nowrap">
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small shortcut-note">Shortcuts are off while you type in a field.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-md" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
