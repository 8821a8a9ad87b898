// A throwaway PostgreSQL 15 primary and its streaming replica on this machine, for the read-replica
// tests (docs/adr/1801): initdb on a free port, pg_basebackup -R from it, the replica started on
// another port; `stop()` kills both and removes their directories. Nothing touches the server the rest
// of the suite uses. Run as root, the PostgreSQL programs run as the `postgres` user (they refuse root).
import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The directory of PostgreSQL 15's programs (Debian's layout), or null when they are not installed. */
export function pgBinDir(): string | null {
  for (const dir of ['/usr/lib/postgresql/15/bin', ...listVersions()]) {
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_basebackup')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

function listVersions(): string[] {
  try {
    return readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    return [];
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Waits until the replica has replayed everything the primary had written when called. */
  caughtUp(timeoutMs?: number): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the replica only (the primary keeps running). */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplicaPair(dbName = 'kenes'): Promise<ReplicaPair> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const root = process.getuid?.() === 0;
  const exec = (cmd: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]) : run(join(bin, cmd), args));
  const dir = mkdtempSync(join(tmpdir(), 'kenes-replica-'));
  if (root) chownSync(dir, ...idsOf('postgres'));
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const [pp, rp] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stopOne = async (d: string) => {
    await exec('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  };
  const stop = async () => {
    for (const d of started.splice(0).reverse()) await stopOne(d);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await exec('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']);
    // Fast and small: a test cluster needs no durability (fsync off) and little memory.
    const common = ["listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dir}'`, 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'shared_buffers = 16MB', 'max_connections = 40', 'hot_standby = on', 'max_standby_streaming_delay = 1s'];
    appendFileSync(join(primaryDir, 'postgresql.conf'), [...common, `port = ${pp}`, 'wal_level = replica', 'max_wal_senders = 4', ''].join('\n'));
    await exec('pg_ctl', ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', '-t', '30', 'start']);
    started.push(primaryDir);
    await exec('pg_basebackup', ['-h', '127.0.0.1', '-p', String(pp), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
    appendFileSync(join(replicaDir, 'postgresql.conf'), `\nport = ${rp}\n`);
    await exec('pg_ctl', ['-D', replicaDir, '-l', join(dir, 'replica.log'), '-w', '-t', '30', 'start']);
    started.push(replicaDir);
    const primaryUrl = `postgres://postgres@127.0.0.1:${pp}/${dbName}`;
    const replicaUrl = `postgres://postgres@127.0.0.1:${rp}/${dbName}`;
    await query(`postgres://postgres@127.0.0.1:${pp}/postgres`, `create database ${dbName}`);
    const pair: ReplicaPair = {
      primaryUrl,
      replicaUrl,
      async caughtUp(timeoutMs = 15_000) {
        const [{ lsn }] = await query(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
        const until = Date.now() + timeoutMs;
        for (;;) {
          const [{ ok }] = await query(replicaUrl, `select coalesce(pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn, false) as ok`).catch(() => [{ ok: false }]);
          if (ok) return;
          if (Date.now() > until) throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      pauseReplay: async () => void (await query(replicaUrl, 'select pg_wal_replay_pause()')),
      resumeReplay: async () => void (await query(replicaUrl, 'select pg_wal_replay_resume()')),
      async stopReplica() {
        const i = started.indexOf(replicaDir);
        if (i >= 0) started.splice(i, 1);
        await stopOne(replicaDir);
      },
      stop,
    };
    await pair.caughtUp();
    return pair;
  } catch (err) {
    const logs = ['primary.log', 'replica.log'].map((f) => join(dir, f)).filter(existsSync);
    await stop();
    throw new Error(`could not set up the primary and replica: ${(err as Error).message}${logs.length ? ` (logs were in ${logs.join(', ')})` : ''}`);
  }
}

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

/** The uid and gid of a local user, from /etc/passwd. */
function idsOf(user: string): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[0] === user);
  if (!line) throw new Error(`no user ${user} (Debian's postgresql package creates it)`);
  const f = line.split(':');
  return [Number(f[2]), Number(f[3])];
}
