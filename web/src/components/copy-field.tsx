import { useId, useState } from 'react';

/**
 * A read-only value (a new API key, an invite link, a TOTP secret) with a Copy button. The
 * input is selectable so people can copy by hand when the clipboard API is unavailable.
 */
export function CopyField({
  label,
  value,
  hint,
  multiline = false,
  maxRows = 4,
  code = false,
}: {
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
  /** A multi-line value grows to this many rows before it scrolls. */
  maxRows?: number;
  /** Code or config: keep lines as they are and scroll sideways instead of wrapping. */
  code?: boolean;
}) {
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    window.setTimeout(() => setCopied('idle'), 2500);
  };
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        {multiline ? (
          <textarea
            id={id}
            readOnly
            value={value}
            rows={Math.min(maxRows, code ? value.split('\n').length : visualRows(value))}
            className={`mono copy-multiline ${code ? 'copy-code' : ''}`}
            wrap={code ? 'off' : undefined}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby={hint ? `${id}-hint` : undefined}
          />
        ) : (
          <input
            id={id}
            readOnly
            value={value}
            className="mono"
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby={hint ? `${id}-hint` : undefined}
          />
        )}
        <button type="button" className="btn btn-secondary btn-md" onClick={() => void copy()}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <span className="visually-hidden" role="status">
        {copied === 'copied'
          ? `${label} copied to the clipboard`
          : copied === 'failed'
            ? 'Copy failed; select the text and copy it by hand'
            : ''}
      </span>
    </div>
  );
}

/** Rows a value needs in a ~56-character-wide box: its lines, each wrapped. */
function visualRows(value: string): number {
  return value.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 56)), 0);
}
