import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

/**
 * Form fields with a bound label, an optional hint, and an inline error wired up through
 * aria-invalid and aria-describedby, so screen readers announce the error with the field.
 */
interface Common {
  label: ReactNode;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
}

function useField(name: string, id: string | undefined, error: string | undefined, hint: ReactNode) {
  const auto = useId();
  const inputId = id ?? `${auto}${name}`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return { inputId, hintId, errorId, describedBy, invalid: error ? true : undefined };
}

function Help({
  hint,
  error,
  hintId,
  errorId,
}: {
  hint: ReactNode;
  error?: string | undefined;
  hintId: string;
  errorId: string;
}) {
  return (
    <>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

type TextProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

export function TextField({ label, name, error, hint, id, className, ...rest }: TextProps) {
  const f = useField(name, id, error, hint);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={f.inputId}>{label}</label>
      <input id={f.inputId} name={name} aria-invalid={f.invalid} aria-describedby={f.describedBy} {...rest} />
      <Help hint={hint} error={error} hintId={f.hintId} errorId={f.errorId} />
    </div>
  );
}

type AreaProps = Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>;

export function TextAreaField({ label, name, error, hint, id, ...rest }: AreaProps) {
  const f = useField(name, id, error, hint);
  return (
    <div className="field">
      <label htmlFor={f.inputId}>{label}</label>
      <textarea
        id={f.inputId}
        name={name}
        aria-invalid={f.invalid}
        aria-describedby={f.describedBy}
        {...rest}
      />
      <Help hint={hint} error={error} hintId={f.hintId} errorId={f.errorId} />
    </div>
  );
}

type SelectProps = Common &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & {
    options: readonly (string | { value: string; label: string })[];
  };

export function SelectField({ label, name, error, hint, id, options, ...rest }: SelectProps) {
  const f = useField(name, id, error, hint);
  return (
    <div className="field">
      <label htmlFor={f.inputId}>{label}</label>
      <select id={f.inputId} name={name} aria-invalid={f.invalid} aria-describedby={f.describedBy} {...rest}>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
      <Help hint={hint} error={error} hintId={f.hintId} errorId={f.errorId} />
    </div>
  );
}

type CheckProps = Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'type'>;

export function CheckboxField({ label, name, error, hint, id, ...rest }: CheckProps) {
  const f = useField(name, id, error, hint);
  return (
    <div className="field field-check">
      <input
        id={f.inputId}
        type="checkbox"
        name={name}
        aria-invalid={f.invalid}
        aria-describedby={f.describedBy}
        {...rest}
      />
      <div>
        <label htmlFor={f.inputId}>{label}</label>
        <Help hint={hint} error={error} hintId={f.hintId} errorId={f.errorId} />
      </div>
    </div>
  );
}
