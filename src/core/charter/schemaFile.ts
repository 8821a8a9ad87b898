// The text of charter/schema.json, generated from definition.ts. Pure, so the build script writes it
// and a unit test compares it with the committed file.
import { charterJsonSchema } from './definition.ts';

const WIDTH = 120;

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const entries = Object.entries(value);
  return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
}

/** JSON with two-space indents; an object or list stays on one line when that line fits in WIDTH. */
export function formatJson(value: unknown, indent = '', prefix = 0): string {
  const flat = oneLine(value);
  if (typeof value !== 'object' || value === null || indent.length + prefix + flat.length <= WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  const lines = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner, JSON.stringify(k).length + 2)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

export function charterSchemaText(): string {
  return `${formatJson(charterJsonSchema())}\n`;
}
