// The export format, shared by the server (writer) and the offline verifier (reader).
//
//   line 1:      {"type":"head", size, root_hash, timestamp, signature, public_key, block_level, blocks,
//                 cosignatures, witnessed?}
//   line 2+i:    {"index":i,"entry":<canonical JSON of entry i>}
//
// `blocks` is the skeleton of the tree: the hashes of consecutive blocks of 2^block_level leaves (the
// last may be partial), at most MAX_BLOCKS of them. Their Merkle root must equal the signed root, so
// they are as trustworthy as the signature; a verifier that compares each block as it streams can
// name the first bad entry exactly when blocks are single leaves (logs up to MAX_BLOCKS entries) and
// within one block of 2^block_level entries otherwise.
import type { Cosignature } from './cosign.ts';
import type { SignedHead } from './signing.ts';

export const MAX_BLOCKS = 4096;

export interface ExportHead extends Omit<SignedHead, 'signature'> {
  type: 'head';
  /** Null when the instance has no signing key configured: such an export does not verify. */
  signature: string | null;
  block_level: number;
  blocks: string[];
  /** Witness cosignatures of this head (docs/adr/0303). */
  cosignatures?: Cosignature[];
  /** The latest head witnesses cosigned, when that is an earlier one: the export must extend it. */
  witnessed?: SignedHead & { cosignatures: Cosignature[] };
}

/** The smallest level at which a tree of `size` leaves has at most MAX_BLOCKS blocks. */
export function blockLevel(size: number): number {
  let level = 0;
  while (Math.ceil(size / 2 ** level) > MAX_BLOCKS) level++;
  return level;
}

export function entryLine(index: number, canonicalEntry: string): string {
  return `{"index":${index},"entry":${canonicalEntry}}`;
}
