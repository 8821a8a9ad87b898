// Issuing signed tree heads from the stored tree.
import { toHex, treeRoot } from '../../core/merkle/index.ts';
import type { Db } from '../../db/connection.ts';
import { latestHead, saveHead, treeSize, withNodes } from './repository.ts';
import { type SignedHead, type SigningKey, signHead } from '../../core/ledger/signing.ts';

/** Signs the current tree (if it grew since the last head; otherwise returns the last head). */
export async function issueHead(handle: Db, key: SigningKey): Promise<SignedHead> {
  const size = await treeSize(handle.db);
  const last = await latestHead(handle.db);
  if (last && last.size >= size) return last;
  const root = await withNodes(handle.db, (read) => treeRoot(read, size));
  return saveHead(handle.db, signHead(key, { size, root_hash: toHex(root), timestamp: new Date().toISOString() }));
}
