// Where a redirect may go: only a path on this site. The target is resolved exactly as a browser
// would resolve it (WHATWG URL: tabs and newlines dropped, `\` read as `/`), against a placeholder
// origin; anything that lands on another origin is refused. What is returned is the parser's own
// serialisation, percent-encoded ASCII, so it is always a valid Location header.
const PLACEHOLDER = 'https://kenes.invalid';

export function sameOriginPath(value: unknown, maxLength = 2048): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > maxLength) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
