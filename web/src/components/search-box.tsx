import { useEffect, useId, useRef, useState } from 'react';

/**
 * A search input that reports its value after typing pauses (300 ms), so each keystroke does not
 * send a request to the server.
 */
export function SearchBox({
  label,
  placeholder,
  onSearch,
  initial = '',
}: {
  label: string;
  placeholder?: string;
  onSearch: (q: string) => void;
  initial?: string;
}) {
  const id = useId();
  const [value, setValue] = useState(initial);
  const latest = useRef(onSearch);
  latest.current = onSearch;
  useEffect(() => {
    const t = window.setTimeout(() => latest.current(value.trim()), 300);
    return () => window.clearTimeout(t);
  }, [value]);
  return (
    <div className="search-box">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <svg aria-hidden="true" viewBox="0 0 16 16" className="search-icon">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <input
        id={id}
        type="search"
        value={value}
        placeholder={placeholder ?? label}
        onChange={(e) => setValue(e.target.value)}
      />
    </div>
  );
}
