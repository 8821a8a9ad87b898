// A strict XML 1.0 well-formedness parser for the tests of the exports: it reads a document back into
// a tree and throws on anything a conforming parser would refuse (unbalanced or crossed tags, a bare
// `&` or `<`, an unknown entity, an unquoted or repeated attribute, text outside the root, a character
// XML does not allow). No DTDs, CDATA or processing instructions beyond the declaration: the writer
// produces none, so meeting one is an error too.

export interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: (XNode | string)[];
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (BAD_CHAR.test(raw)) throw new Error(`character not allowed in XML near offset ${at}`);
  return raw.replace(/&([^;\s&<]*);|&/g, (_m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & near offset ${at}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; near offset ${at}`);
    const cp = num[1]!.startsWith('x') ? Number.parseInt(num[1]!.slice(1), 16) : Number(num[1]);
    const ch = String.fromCodePoint(cp);
    if (BAD_CHAR.test(ch)) throw new Error(`character reference &${ref}; is not an XML character`);
    return ch;
  });
}

export function parseXml(doc: string): XNode {
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][\w.-]*")?( standalone="(yes|no)")?\s*\?>$/.test(doc.slice(0, end + 2))) throw new Error('bad XML declaration');
    i = end + 2;
  }
  const stack: XNode[] = [];
  let root: XNode | null = null;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (text) {
      if (text.includes('>') && text.includes(']]>')) throw new Error(']]> in text');
      const value = decode(text, i);
      if (stack.length === 0) {
        if (value.trim() !== '') throw new Error(`text outside the root element at offset ${i}`);
      } else stack[stack.length - 1]!.children.push(value);
    }
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('</', i)) {
      const m = NAME.exec(doc.slice(i + 2));
      if (!m) throw new Error(`bad end tag at offset ${i}`);
      const close = doc.indexOf('>', i);
      if (close < 0 || doc.slice(i + 2 + m[0].length, close).trim() !== '') throw new Error(`bad end tag at offset ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> closes <${open?.name ?? 'nothing'}> at offset ${i}`);
      i = close + 1;
      continue;
    }
    if (doc.startsWith('<!', i) || doc.startsWith('<?', i)) throw new Error(`unexpected markup at offset ${i}`);
    const m = NAME.exec(doc.slice(i + 1));
    if (!m) throw new Error(`bad start tag at offset ${i}`);
    const node: XNode = { name: m[0], attrs: {}, children: [] };
    i += 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(i))![0];
      i += ws.length;
      if (doc.startsWith('/>', i) || doc.startsWith('>', i)) break;
      if (!ws) throw new Error(`attributes must be separated by white space at offset ${i}`);
      const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(i));
      if (!a) throw new Error(`bad attribute at offset ${i}`);
      if (a[1]! in node.attrs) throw new Error(`attribute ${a[1]} twice at offset ${i}`);
      node.attrs[a[1]!] = decode(a[3] ?? a[4] ?? '', i);
      i += a[0].length;
    }
    if (stack.length === 0) {
      if (root) throw new Error(`a second root element <${node.name}> at offset ${i}`);
      root = node;
    } else stack[stack.length - 1]!.children.push(node);
    if (doc.startsWith('/>', i)) i += 2;
    else {
      i += 1;
      stack.push(node);
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element under `n` (itself included) with this name, in document order. */
export function findAll(n: XNode, name: string): XNode[] {
  return [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => (typeof c === 'string' ? [] : findAll(c, name)))];
}

export function find(n: XNode, name: string): XNode {
  const hit = findAll(n, name)[0];
  if (!hit) throw new Error(`no <${name}> under <${n.name}>`);
  return hit;
}

/** The element's text content, descendants included. */
export function textOf(n: XNode): string {
  return n.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
