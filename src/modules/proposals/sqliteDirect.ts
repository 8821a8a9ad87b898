// The SQLite fast path of the signature writer: its own better-sqlite3 connection with prepared
// statements, one synchronous IMMEDIATE transaction per batch. Because the transaction never spans
// an await it never holds the write lock while other requests run; when another connection holds
// the lock it reports busy at once (busy_timeout 0) and the writer retries after a short wait.
import SQLite from 'better-sqlite3';
import type { DirectStore, SignOutcome, ThresholdState } from './signatureWriter.ts';

/** PRAGMA synchronous reads back as a number: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
export const SYNCHRONOUS_FULL = 2;

export function openDirectStore(file: string, signableStatuses: readonly string[]): DirectStore {
  const conn = new SQLite(file);
  conn.pragma('journal_mode = WAL');
  // A signature is acknowledged (201) when its batch commits: FULL syncs the WAL at every commit, so
  // an OS crash or power loss cannot undo an acknowledged signature (docs/adr/0705). Checked, not
  // assumed: a build of SQLite that ignores the setting stops the server here.
  conn.pragma('synchronous = FULL');
  if (conn.pragma('synchronous', { simple: true }) !== SYNCHRONOUS_FULL) {
    conn.close();
    throw new Error('SQLite refused synchronous = FULL on the signature writer connection');
  }
  conn.pragma('busy_timeout = 0');
  const proposal = conn.prepare<[number], { status: string; closes_at: string | null }>('select status, closes_at from proposals where id = ?');
  const insert = conn.prepare('insert into proposal_signatures (proposal_id, signer, region, public_name, signed_at) values (?, ?, ?, ?, ?) on conflict (proposal_id, signer) do nothing');
  const remove = conn.prepare<[number, string], { region: string }>('delete from proposal_signatures where proposal_id = ? and signer = ? returning region');
  const bumpRegion = conn.prepare('insert into proposal_signature_counts (proposal_id, region, shard, n) values (?, ?, 0, ?) on conflict (proposal_id, region, shard) do update set n = n + excluded.n');
  const bumpHour = conn.prepare('insert into proposal_signature_hours (proposal_id, hour, shard, n) values (?, ?, 0, ?) on conflict (proposal_id, hour, shard) do update set n = n + excluded.n');

  const state = conn.prepare<[number], Omit<ThresholdState, 'total' | 'byRegion'>>('select id, kind, status, listed_at, reached_at from proposals where id = ?');
  const counts = conn.prepare<[number], { region: string; n: number }>('select region, sum(n) as n from proposal_signature_counts where proposal_id = ? group by region');

  type Item = Parameters<DirectStore['write']>[0][number];
  const writeBatch = conn.transaction((batch: readonly Item[], now: Date): SignOutcome[] => {
    const nowIso = now.toISOString();
    const hour = nowIso.slice(0, 13);
    const open = new Map<number, boolean>();
    const isOpen = (id: number) => {
      let v = open.get(id);
      if (v === undefined) {
        const p = proposal.get(id);
        v = !!p && signableStatuses.includes(p.status) && p.closes_at !== null && p.closes_at > nowIso;
        open.set(id, v);
      }
      return v;
    };
    const byRegion = new Map<string, { id: number; region: string; n: number }>();
    const byHour = new Map<number, number>();
    const bump = (id: number, region: string, n: number) => {
      const k = `${id}\u0000${region}`;
      const e = byRegion.get(k) ?? { id, region, n: 0 };
      e.n += n;
      byRegion.set(k, e);
      byHour.set(id, (byHour.get(id) ?? 0) + n);
    };
    const out = batch.map((op): SignOutcome => {
      if (!isOpen(op.proposalId)) return 'closed';
      if (op.type === 'sign') {
        const r = insert.run(op.proposalId, op.signer, op.region, op.publicName ?? null, nowIso);
        if (r.changes === 0) return 'duplicate';
        bump(op.proposalId, op.region!, 1);
        return 'signed';
      }
      const gone = remove.get(op.proposalId, op.signer);
      if (!gone) return 'notSigned';
      bump(op.proposalId, gone.region, -1);
      return 'withdrawn';
    });
    for (const e of byRegion.values()) if (e.n !== 0) bumpRegion.run(e.id, e.region, e.n);
    for (const [id, n] of byHour) if (n !== 0) bumpHour.run(id, hour, n);
    return out;
  });

  return {
    write(batch, now) {
      try {
        return writeBatch.immediate(batch, now);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
        throw err;
      }
    },
    thresholdState(ids) {
      const out: ThresholdState[] = [];
      for (const id of ids) {
        const row = state.get(id);
        if (!row) continue;
        const byRegion: Record<string, number> = {};
        let total = 0;
        for (const c of counts.all(id)) {
          byRegion[c.region] = Number(c.n);
          total += Number(c.n);
        }
        out.push({ ...row, id: Number(row.id), total, byRegion });
      }
      return out;
    },
    synchronous() {
      return conn.pragma('synchronous', { simple: true }) as number;
    },
    close() {
      conn.close();
    },
  };
}
