/**
 * Descriptions in the OpenAPI document use `backticks` for code; show those as <code>. Nothing
 * else is interpreted, and everything is rendered as text (never as HTML).
 */
export function RichText({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`)/g);
  return (
    <>
      {parts.map((part, i) =>
        part.length > 2 && part.startsWith('`') && part.endsWith('`') ? (
          <code key={i}>{part.slice(1, -1)}</code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** "api keys" → "API keys". */
export function tagLabel(tag: string): string {
  const s = tag.replace(/\bapi\b/gi, 'API');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
