import { escapeHtml } from '../channels/format.js';

/**
 * The small self-contained pages of an action link: no script, no external resource (the
 * app's CSP allows inline styles only), a form that POSTs back to the same URL. A GET never
 * acts: mail scanners and chat previews follow links.
 */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Keel</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#111}
h1{font-size:1.3rem}button{font-size:1rem;padding:.6rem 1.2rem;border:1px solid #333;border-radius:4px;background:#111;color:#fff;cursor:pointer}
.muted{color:#555;font-size:.9rem}</style></head>
<body>${body}</body></html>`;
}

const verb = { acknowledge: 'Acknowledge', resolve: 'Resolve' } as const;

export function confirmPage(v: {
  action: 'acknowledge' | 'resolve';
  number: number;
  title: string;
  status: string;
  userName: string;
}): string {
  const heading = `${verb[v.action]} incident #${v.number}?`;
  return page(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p><strong>#${v.number} ${escapeHtml(v.title)}</strong><br><span class="muted">Now ${escapeHtml(v.status)}</span></p>
<form method="post"><button type="submit">${verb[v.action]} as ${escapeHtml(v.userName)}</button></form>
<p class="muted">This is recorded on the incident's timeline with your name.</p>`,
  );
}

export function donePage(v: {
  action: 'acknowledge' | 'resolve';
  number: number;
  status: string;
  done: boolean;
}): string {
  const heading = v.done
    ? `Incident #${v.number} ${v.action === 'acknowledge' ? 'acknowledged' : 'resolved'}`
    : `Incident #${v.number} is already ${v.status}`;
  return page(heading, `<h1>${escapeHtml(heading)}</h1><p class="muted">You can close this page.</p>`);
}

export function errorPage(message: string): string {
  return page('Link not valid', `<h1>This link cannot be used</h1><p>${escapeHtml(message)}</p>`);
}
