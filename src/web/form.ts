// Reading an HTML form post (application/x-www-form-urlencoded): a field is a string, or an array when
// the form sends the name more than once (a multiple select, checkboxes).
export type FormBody = Record<string, string | string[] | undefined>;

/** The field's text; the first value of a repeated field; '' when absent. */
export function formText(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
}

/** Every value of a field, without empty ones (a multiple select sends one per choice). */
export function formList(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []).filter(Boolean);
}

/** All fields as text (repeated ones joined by commas): what to show again in a refused form. */
export function formValues(body: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((body ?? {}) as FormBody).map(([k, x]) => [k, Array.isArray(x) ? x.join(',') : (x ?? '')]));
}
