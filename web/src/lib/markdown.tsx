import type { ReactNode } from 'react';

/**
 * A deliberately small markdown renderer for notes people write on incidents. It builds React
 * elements, never an HTML string, so every character people typed reaches the page as text:
 * `<script>` shows as `<script>`. Supported: paragraphs (a line break stays a line break),
 * **bold**, *italic* / _italic_, `code`, fenced ``` code blocks, [links](https://…) and bare
 * http(s) addresses, "- " / "1. " lists, "> " quotes and "#" headings (shown as bold lines).
 * Links go to http(s) addresses only; anything else is shown as the text that was written.
 */

/** An absolute http(s) URL, normalised; null for anything else (javascript:, data:, relative…). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

interface InlineRule {
  re: RegExp;
  render: (m: RegExpExecArray, key: string, inLink: boolean) => ReactNode | null;
}

const inlineRules: InlineRule[] = [
  { re: /`([^`\n]+)`/, render: (m, key) => <code key={key}>{m[1]}</code> },
  {
    re: /\[([^\]\n]+)\]\(([^)\s]+)\)/,
    render: (m, key, inLink) => {
      const href = safeHref(m[2] ?? '');
      if (!href || inLink) return null;
      return (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {inline(m[1] ?? '', `${key}.`, true)}
        </a>
      );
    },
  },
  {
    re: /\bhttps?:\/\/[^\s<>()[\]]*[^\s<>()[\].,;:!?'"*_]/,
    render: (m, key, inLink) => {
      const href = safeHref(m[0]);
      if (!href || inLink) return null;
      return (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {m[0]}
        </a>
      );
    },
  },
  {
    re: /\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__/,
    render: (m, key, inLink) => <strong key={key}>{inline(m[1] ?? m[2] ?? '', `${key}.`, inLink)}</strong>,
  },
  {
    re: /\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/u,
    render: (m, key, inLink) => <em key={key}>{inline(m[1] ?? m[2] ?? '', `${key}.`, inLink)}</em>,
  },
];

/** Inline markup of one line: the earliest match wins; what no rule takes is plain text. */
function inline(text: string, keyPrefix: string, inLink = false): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    let best: { m: RegExpExecArray; rule: InlineRule } | null = null;
    for (const rule of inlineRules) {
      const m = rule.re.exec(rest);
      if (m && (!best || m.index < best.m.index)) best = { m, rule };
    }
    if (!best) {
      out.push(rest);
      break;
    }
    const { m, rule } = best;
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const node = rule.render(m, `${keyPrefix}${n++}`, inLink);
    // A rule that declines (e.g. a javascript: link) leaves its first character as text and
    // scanning goes on after it, so the rest of the match can still hold markup.
    if (node === null) {
      out.push(m[0].charAt(0));
      rest = rest.slice(m.index + 1);
    } else {
      out.push(node);
      rest = rest.slice(m.index + m[0].length);
    }
  }
  return out;
}

/** Lines joined with <br>, each with its inline markup. */
function lines(ls: string[], key: string): ReactNode[] {
  return ls.flatMap((l, i) => [
    ...(i > 0 ? [<br key={`${key}br${i}`} />] : []),
    ...inline(l, `${key}l${i}.`),
  ]);
}

const fence = /^\s{0,3}(```|~~~)/;
const bullet = /^\s{0,3}[-*+]\s+(.*)$/;
const ordered = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const quote = /^\s{0,3}>\s?(.*)$/;
const startsBlock = (l: string): boolean =>
  fence.test(l) || bullet.test(l) || ordered.test(l) || heading.test(l) || quote.test(l);

export function renderMarkdown(source: string): ReactNode[] {
  const src = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  while (i < src.length) {
    const line = src[i] ?? '';
    const key = `b${blocks.length}`;
    const open = fence.exec(line);
    if (open) {
      const marker = open[1] ?? '```';
      const code: string[] = [];
      i++;
      while (i < src.length && !(src[i] ?? '').trim().startsWith(marker)) code.push(src[i++] ?? '');
      i++; // the closing fence (or the end of the note)
      blocks.push(
        <pre key={key} className="md-pre">
          <code>{code.join('\n')}</code>
        </pre>,
      );
    } else if (!line.trim()) {
      i++;
    } else if (bullet.test(line) || ordered.test(line)) {
      const isOrdered = !bullet.test(line);
      const re = isOrdered ? ordered : bullet;
      const items: string[][] = [];
      const start = isOrdered ? Number(ordered.exec(line)?.[1] ?? 1) : 1;
      while (i < src.length) {
        const l = src[i] ?? '';
        const m = re.exec(l);
        if (m) items.push([(isOrdered ? m[2] : m[1]) ?? '']);
        else if (l.trim() && /^\s{2,}/.test(l) && items.length) items[items.length - 1]?.push(l.trim());
        else break;
        i++;
      }
      const lis = items.map((it, j) => <li key={j}>{lines(it, `${key}i${j}`)}</li>);
      blocks.push(
        isOrdered ? (
          <ol key={key} start={start === 1 ? undefined : start}>
            {lis}
          </ol>
        ) : (
          <ul key={key}>{lis}</ul>
        ),
      );
    } else if (heading.test(line)) {
      blocks.push(
        <p key={key} className="md-heading">
          {inline(heading.exec(line)?.[1] ?? '', `${key}.`)}
        </p>,
      );
      i++;
    } else if (quote.test(line)) {
      const q: string[] = [];
      while (i < src.length && quote.test(src[i] ?? '')) q.push(quote.exec(src[i++] ?? '')?.[1] ?? '');
      blocks.push(<blockquote key={key}>{lines(q, key)}</blockquote>);
    } else {
      const para: string[] = [];
      while (i < src.length && (src[i] ?? '').trim() && (para.length === 0 || !startsBlock(src[i] ?? '')))
        para.push(src[i++] ?? '');
      blocks.push(<p key={key}>{lines(para, key)}</p>);
    }
  }
  return blocks;
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  return <div className={`markdown ${className ?? ''}`}>{renderMarkdown(text)}</div>;
}
