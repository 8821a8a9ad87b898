// A small XML writer for the Council's exports: every text and attribute value is escaped, and
// characters XML 1.0 does not allow (control characters, lone surrogates, U+FFFE/U+FFFF) are dropped,
// so whatever a member typed, the document stays well-formed.

/** An element: name, attributes (undefined ones left out), children (strings are text). */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: `&`, `<`, `>` escaped, characters XML cannot hold removed. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also `"` escaped, and tab / line breaks kept as references. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

export function el(name: string, attrs?: XmlElement['attrs'], ...children: (XmlNode | null | undefined | false)[]): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlNode => c !== null && c !== undefined && c !== false) };
}

/** Serialises with two-space indentation for elements that hold only elements; mixed content stays inline. */
export function serialize(node: XmlNode, depth = 0): string {
  if (typeof node === 'string') return xmlText(node);
  if (!NAME.test(node.name)) throw new Error(`not an XML name: ${node.name}`);
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (!NAME.test(k)) throw new Error(`not an XML attribute name: ${k}`);
      return ` ${k}="${xmlAttr(String(v))}"`;
    })
    .join('');
  const kids = node.children ?? [];
  if (kids.length === 0) return `<${node.name}${attrs}/>`;
  const elementsOnly = kids.every((k) => typeof k !== 'string');
  if (!elementsOnly) return `<${node.name}${attrs}>${kids.map((k) => serialize(k, depth + 1)).join('')}</${node.name}>`;
  const pad = '  '.repeat(depth + 1);
  return `<${node.name}${attrs}>\n${kids.map((k) => `${pad}${serialize(k, depth + 1)}`).join('\n')}\n${'  '.repeat(depth)}</${node.name}>`;
}

/** A whole document with its XML declaration. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(root)}\n`;
}
