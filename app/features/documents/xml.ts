/**
 * A small XML writer, hand-written on purpose: documents need elements, text and a few attributes, nothing
 * a library would add. Every text and attribute value goes through escapeXml, the one place that escapes.
 */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string>;
  content: string | XmlElement[];
}

const NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;
// Characters XML 1.0 cannot carry at all, even escaped.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Escapes &, <, >, " and ' for text and attribute values; refuses characters XML 1.0 cannot carry. */
export function escapeXml(value: string): string {
  if (FORBIDDEN.test(value)) throw new Error(`text contains a character XML cannot carry: ${JSON.stringify(value)}`);
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An element; `undefined` content means "leave the element out", so optional fields read as plain calls. */
export function el(name: string, content: string | (XmlElement | null)[] | undefined, attributes?: Record<string, string>): XmlElement | null {
  if (content === undefined) return null;
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  const children = typeof content === 'string' ? content : content.filter((c): c is XmlElement => c !== null);
  return { name, attributes, content: children };
}

/** The document with its UTF-8 declaration, indented two spaces per level, one element per line. */
export function renderXml(root: XmlElement | null): string {
  if (!root) throw new Error('an XML document needs a root element');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${renderElement(root, '')}\n`;
}

function renderElement(element: XmlElement, indent: string): string {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (typeof element.content === 'string') return `${open}>${escapeXml(element.content)}</${element.name}>`;
  if (element.content.length === 0) return `${open}/>`;
  const inner = element.content.map((child) => renderElement(child, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${element.name}>`;
}
