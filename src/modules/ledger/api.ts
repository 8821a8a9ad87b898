// What other modules may use of the ledger: sealing at once (append and sign a head now), reading
// entries about a subject, and the head and export verifiers a public verifier needs.
export { firstHeadCovering, ledgerEntriesAbout, ledgerEntryOf, type SealedEntry, sealNow } from './seal.ts';
export { headSignatureValid, parsePublicKey, type SignedHead } from '../../core/ledger/signing.ts';
export { linesOf, verifyExport } from '../../core/ledger/verifyExport.ts';
