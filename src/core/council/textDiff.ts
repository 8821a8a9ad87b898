// The difference between two versions of a motion's text, word by word, for the version history:
// runs of kept, removed and added text that join back into either version.

export type DiffOp = 'same' | 'removed' | 'added';
export interface DiffRun {
  op: DiffOp;
  text: string;
}

/** Words, single punctuation marks and the white space between them, as tokens, so runs join back exactly. */
export function tokens(s: string): string[] {
  return s.match(/\s+|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? [];
}

/** Above this many cells the middle is shown as removed then added, not searched for common words. */
const MAX_CELLS = 4_000_000;

export function diffWords(before: string, after: string): DiffRun[] {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffRun[] = [];
  const push = (op: DiffOp, text: string) => {
    if (!text) return;
    const last = ops[ops.length - 1];
    if (last?.op === op) last.text += text;
    else ops.push({ op, text });
  };
  push('same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    push('removed', midA.join(''));
    push('added', midB.join(''));
  } else {
    // lcs[i][j]: length of the longest common subsequence of midA[i..] and midB[j..].
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) lcs[i]![j] = midA[i] === midB[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        push('same', midA[i++]!);
        j++;
      } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) push('removed', midA[i++]!);
      else push('added', midB[j++]!);
    }
  }
  push('same', a.slice(endA).join(''));
  return ops;
}

/** The two versions back from the runs (what the tests check). */
export function sides(runs: readonly DiffRun[]): { before: string; after: string } {
  return {
    before: runs.filter((r) => r.op !== 'added').map((r) => r.text).join(''),
    after: runs.filter((r) => r.op !== 'removed').map((r) => r.text).join(''),
  };
}
