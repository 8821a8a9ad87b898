// What the proposals module's error codes mean over HTTP: status and English message. Field
// problems of a draft reuse the English catalog the pages use, so both say the same.
import { commonProblems, mergeCatalogs, type ProblemCatalog } from '../../web/domainProblems.ts';
import { I18n } from '../../web/i18n.ts';
import { proposalMessages } from './messages.ts';

// The field messages are this module's own words: it keeps its own English translator.
const en = new I18n([proposalMessages]).translator('en');

/** Codes of draft field problems, with the message key (in the proposals catalog) of each. */
export const FIELD_CODES = {
  'text-too-short': 'err.tooShort',
  'text-too-long': 'err.tooLong',
  'unknown-kind': 'err.unknownKind',
  'unknown-topic': 'err.unknownTopic',
  'unknown-scope': 'err.unknownScope',
  'unknown-language': 'err.unknownLanguage',
  'translation-same-language': 'err.sameLanguage',
} as const;

/** The code of a draft field problem, by its message key. */
export function fieldCode(key: string): string {
  const hit = Object.entries(FIELD_CODES).find(([, k]) => k === key);
  if (!hit) throw new Error(`no error code for the message key ${key}`);
  return hit[0];
}

// Looked up when a problem is rendered: the catalogs are registered by then.
const fieldProblems: ProblemCatalog = Object.fromEntries(
  Object.entries(FIELD_CODES).map(([code, key]) => [code, { status: 400, message: (p: Record<string, unknown>) => en(`proposals.${key}`, p as Record<string, string | number>) }]),
);

export const proposalsProblems: ProblemCatalog = {
  ...fieldProblems,
  'invalid-proposal': { status: 400, message: () => 'the proposal has invalid fields' },
  'no-invitation': { status: 404, message: () => 'no such invitation' },
  'kind-withdrawn': { status: 409, message: (p) => `the charter no longer has the kind "${p.kind}"` },
  'action-group-incomplete': {
    status: 409,
    message: (p) => `the action group needs ${p.min} members from every region; missing: ${(p.missing as { region: string; have: number; need: number }[]).map((m) => `${m.region} (${m.have}/${m.need})`).join(', ')}`,
    extra: (p) => ({ missingRegions: p.missing }),
  },
  'group-closed': { status: 409, message: () => 'the action group is closed: the proposal has been submitted' },
  'not-in-moderation': { status: 409, message: (p) => `the proposal is ${p.state}, not awaiting moderation` },
  'own-proposal': { status: 403, message: () => 'a moderator may not decide on their own proposal' },
  'explanation-required': { status: 400, message: () => 'required for a rejection or a return' },
  'unknown-reason': { status: 400, message: (p) => (p.kind ? `a ${p.kind} has no excluded subjects in the charter` : `must be one of ${p.known}`) },
  'region-already-declared': { status: 409, message: (p) => `already declared as ${p.region}; a region is declared only once` },
  'region-required': { status: 400, message: () => 'your sign-in did not say your region; declare it once' },
  'not-author': { status: 403, message: () => 'only the author may change or submit this proposal' },
  'not-translator': { status: 403, message: () => 'only the author, or the secretariat once the proposal is public, may translate it (a moderator may remove a translation)' },
  'texts-withheld': { status: 409, message: () => 'the texts of this proposal are withheld: they take no translation' },
  'not-editable': { status: 409, message: (p) => `the proposal is ${p.state}; only a draft or a returned proposal can be changed` },
};

/** What the module's own pages need to explain a refusal: its codes and the common ones. */
export const proposalsCatalog = mergeCatalogs(commonProblems, proposalsProblems);
