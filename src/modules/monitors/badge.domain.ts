/**
 * The SVG badge, pure (shields.io look: a grey label, a coloured value). Text is escaped; widths
 * are estimated from character counts (Verdana 11 px ≈ 7 px per character), so no font metrics.
 */

const colours = {
  green: '#4c1',
  yellow: '#dfb317',
  red: '#e05d44',
  grey: '#9f9f9f',
  blue: '#007ec6',
} as const;
export type BadgeColour = keyof typeof colours;

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const width = (s: string) => Math.round(s.length * 7 + 10);

export function badgeSvg(label: string, value: string, colour: BadgeColour): string {
  const l = escape(label.slice(0, 60));
  const v = escape(value.slice(0, 40));
  const lw = width(label.slice(0, 60));
  const vw = width(value.slice(0, 40));
  const w = lw + vw;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${v}"><title>${l}: ${v}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${colours[colour]}"/><rect width="${w}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${lw / 2}" y="14">${l}</text><text x="${lw + vw / 2}" y="14">${v}</text></g></svg>`;
}

/** Colour for an uptime share: ≥ 99.9 % green, ≥ 99 % yellow, else red; grey without data. */
export function uptimeColour(u: number | null): BadgeColour {
  if (u === null) return 'grey';
  return u >= 0.999 ? 'green' : u >= 0.99 ? 'yellow' : 'red';
}

export function formatUptime(u: number | null): string {
  if (u === null) return 'no data';
  const pct = u * 100;
  return `${pct === 100 ? '100' : pct.toFixed(2)}%`;
}
