// Output for benchmarks: every line goes to stdout and is kept for the results file; problems are
// collected so the exit status can say whether everything was measured.

export interface Report {
  readonly lines: string[];
  readonly problems: string[];
  say(line?: string): void;
  fail(message: string): void;
  table(headers: string[], rows: string[][], rightAlign?: boolean[]): void;
}

export function createReport(): Report {
  const lines: string[] = [];
  const problems: string[] = [];
  const say = (line = ''): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  return {
    lines,
    problems,
    say,
    fail(message) {
      problems.push(message);
      say(`! ${message}`);
    },
    table(headers, rows, rightAlign = []) {
      const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const cell = (s: string, i: number) => (rightAlign[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
      say(`  ${headers.map(cell).join('  ')}`.trimEnd());
      say(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
      for (const r of rows) say(`  ${r.map(cell).join('  ')}`.trimEnd());
    },
  };
}

export const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The q-quantile (0..1) of xs by nearest rank; null when empty. */
export const quantile = (xs: number[], q: number): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

export const fmt = (n: number | null, digits = 0): string =>
  n === null
    ? 'n/a'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const pct = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);

export const round = (n: number | null, digits: number): number | null =>
  n === null ? null : Number(n.toFixed(digits));

export const tail = (text: string, lines = 5): string => text.trim().split('\n').slice(-lines).join('\n');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
