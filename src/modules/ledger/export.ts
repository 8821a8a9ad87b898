// Streams the ledger as JSON lines up to the latest signed head (see exportFormat.ts).
import { type Hash, rangeHash, toHex, treeRoot } from '../../core/merkle/index.ts';
import { blockLevel, entryLine, type ExportHead } from '../../core/ledger/exportFormat.ts';
import { cosignaturesOf, latestWitnessedHead } from './witnesses.ts';
import { entryRange, latestHead, type LedgerDb, levelHashes, treeSize, withNodes } from './repository.ts';

const PAGE = 5000;

/** The head line: the latest signed head, or (no key configured) the current tree, unsigned. */
export async function exportHead(db: LedgerDb): Promise<ExportHead> {
  const signed = await latestHead(db);
  const size = signed?.size ?? (await treeSize(db));
  const level = blockLevel(size);
  const span = 2 ** level;
  const full = Math.floor(size / span);
  const blocks: Hash[] = await levelHashes(db, level, full);
  if (size % span) blocks.push(await withNodes(db, (read) => rangeHash(read, full * span, size)));
  const head = signed ?? {
    size,
    root_hash: toHex(await withNodes(db, (read) => treeRoot(read, size))),
    timestamp: new Date().toISOString(),
    signature: null,
    public_key: '',
  };
  const cosignatures = signed ? ((await cosignaturesOf(db, [signed.size])).get(signed.size) ?? []) : [];
  const witnessed = signed ? await latestWitnessedHead(db, signed.size) : undefined;
  return { type: 'head', ...head, block_level: level, blocks: blocks.map(toHex), cosignatures, ...(witnessed ? { witnessed } : {}) };
}

/** Every line of the export, each ending in a newline. */
export async function* exportLines(db: LedgerDb): AsyncGenerator<string> {
  const head = await exportHead(db);
  yield `${JSON.stringify(head)}\n`;
  for (let from = 0; from < head.size; from += PAGE) {
    const rows = await entryRange(db, from, Math.min(from + PAGE, head.size));
    let chunk = '';
    for (const r of rows) chunk += `${entryLine(r.index, r.entry)}\n`;
    yield chunk;
  }
}
