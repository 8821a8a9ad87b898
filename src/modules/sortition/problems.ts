// What the sortition module's error codes mean over HTTP: status and English message.
import type { ProblemCatalog } from '../../web/domainProblems.ts';

export const sortitionProblems: ProblemCatalog = {
  'required-for-format': { status: 400, message: (p) => `required for format ${p.format}` },
  // The parser's message names the file, row and column (core/sortition/errors.ts).
  'sortition-input': { status: 400, message: (p) => String(p.message), extra: (p) => ({ location: p.location }) },
  // The public draw ceremony (ADR 0111).
  'ledger-unsigned': { status: 503, message: () => 'public draws need a signed ledger head at commit time: set KENES_LEDGER_KEY (kenes ledger keygen)' },
  'entropy-sources-missing': { status: 400, message: () => 'name at least one public entropy source whose value does not exist yet (e.g. "Lotto draw of 2026-10-15")' },
  'entropy-sources-too-many': { status: 400, message: (p) => `at most ${p.max} sources of at most ${p.maxLength} characters` },
  'entropy-after-invalid': { status: 400, message: (p) => `"${p.value}" is not a date and time like 2026-10-16T12:00Z` },
  'entropy-after-unreal': { status: 400, message: (p) => `"${p.value}" is not a real date` },
  'entropy-after-past': { status: 422, message: (p) => `${p.after} is not in the future: the commitment must be older than the entropy (now ${p.now})` },
  'reserved-category': { status: 400, message: (p) => `a category may not be named "${p.category}": the public pool file uses that column` },
  'operator-seed': {
    status: 400,
    message: (p) =>
      p.step === 'reveal'
        ? 'an operator-chosen seed is not accepted: the seed is SHA-256 of the revealed entropy'
        : 'an operator-chosen seed is not accepted for a public draw: name the entropy sources and reveal their values after their date (the CLI keeps --seed for private runs)',
  },
  'entropy-at-commit': { status: 400, message: () => "the entropy is given at the reveal step, after the sources' date; at commit name the sources (entropySources) and the date (entropyAfter)" },
  'no-commitment': { status: 409, message: () => 'this draw has no published commitment, so it cannot be revealed or drawn: commit the inputs first (POST /api/v1/sortition/draws)' },
  'already-revealed': { status: 409, message: (p) => `the entropy of this draw was already revealed (${p.revealedAt ?? 'earlier'}); a draw is revealed once` },
  'entropy-not-yet': { status: 409, message: (p) => `too early: the entropy sources' values exist only after ${p.entropyAfter} (now ${p.now})`, extra: (p) => ({ entropyAfter: p.entropyAfter }) },
  'entropy-missing': { status: 400, message: () => 'give the values of the named entropy sources' },
  'commitment-not-on-ledger': { status: 409, message: () => 'the commitment of this draw is not on the ledger yet, so it cannot be revealed: retry when the ledger has appended it' },
  'commitment-mismatch': {
    status: 409,
    message: (p) => `the stored inputs no longer match the published commitment (stored inputs hash to ${p.recomputed}, the row says ${p.stored}, ledger entry ${p.index} says ${p.onLedger}): the draw is refused`,
  },
};
