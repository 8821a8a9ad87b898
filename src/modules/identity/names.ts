// How a person's name may appear in public: first name and surname initial at most (APPC art. 90-5).

/**
 * "Айгерим Сейткали" → "Айгерим С."; "Иванов Иван Петрович" is ambiguous, so the first word is
 * taken as the first name only when the name has two words or is given as "First Last".
 * Callers that know the parts should pass them to `publicNameFromParts` instead.
 */
export function publicName(displayName: string): string {
  const parts = displayName.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0];
  return `${parts[0]} ${initial(parts[1])}`;
}

export function publicNameFromParts(firstName: string, surname: string): string {
  const first = firstName.trim();
  const last = surname.trim();
  return last ? `${first} ${initial(last)}` : first;
}

function initial(word: string): string {
  // Take the first user-perceived character, so combining marks stay with their letter.
  const first = [...new Intl.Segmenter().segment(word)][0]?.segment ?? '';
  return `${first.toUpperCase()}.`;
}
