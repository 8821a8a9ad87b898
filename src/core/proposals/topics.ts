// Topics a proposal is filed under, for filtering. The charter does not fix them, so they are the
// platform's list; names live in the proposals message catalog (`topic.<id>`).
export const TOPICS = [
  'governance',
  'economy',
  'social',
  'health',
  'education',
  'environment',
  'infrastructure',
  'justice',
  'culture',
  'agriculture',
  'digital',
] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(v: unknown): v is Topic {
  return typeof v === 'string' && (TOPICS as readonly string[]).includes(v);
}
