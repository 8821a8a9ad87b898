// Users, roles and sessions: the identity module's rules and queries. Other modules call this service
// (through `identityService(ctx)`) and never read the identity tables themselves.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import type { AppContext, SessionUser } from '../../web/context.ts';
import { emit } from '../outbox/api.ts';
import { isRole, roleNeedsAgency } from './roles.ts';
import { preparedSessionLookup, preparedSessionToucher, type SessionRow, type SessionRowsLookup, type SessionToucher } from './sessionLookup.ts';
import type { UserOrigin } from './tables.ts';

export class IdentityError extends Error {
  constructor(
    message: string,
    /** Which input was wrong, for problem details and CLI messages. */
    readonly field: string,
  ) {
    super(message);
  }
}

export interface UserRecord extends SessionUser {
  origin: UserOrigin;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface NewUser {
  pseudonym: string;
  displayName: string;
  region?: string | null;
  origin: UserOrigin;
  /** Fixed id (demo data is deterministic); a random UUID otherwise. */
  id?: string;
}

type UserRow = Database['identity_users'];
type RoleRow = Database['identity_roles'];

export class IdentityService {
  private readonly db: Kysely<Database>;
  /** The prepared session look-up, or null to go through Kysely (an in-memory database, or a test of the slow path). */
  private readonly sessionRows: SessionRowsLookup | null;
  /** Its prepared (on SQLite group-committed) idle-expiry write, or null for Kysely. */
  private readonly touchSession: SessionToucher | null;

  constructor(
    handle: Db,
    private readonly config: Pick<Config, 'session'>,
    opts: { preparedSessionLookup?: boolean } = {},
  ) {
    this.db = handle.db;
    this.sessionRows = opts.preparedSessionLookup === false ? null : preparedSessionLookup(handle);
    this.touchSession = opts.preparedSessionLookup === false ? null : preparedSessionToucher(handle);
  }

  // ---- users ----

  async findById(id: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('identity_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.withRoles(row) : null;
  }

  async findByPseudonym(pseudonym: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('identity_users').selectAll().where('pseudonym', '=', pseudonym).executeTakeFirst();
    return row ? this.withRoles(row) : null;
  }

  /** Display data for many users at once (for lists); missing ids are left out. */
  async findMany(ids: string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('identity_users').selectAll().where('id', 'in', ids).execute();
    const roles = await this.db.selectFrom('identity_roles').selectAll().where('user_id', 'in', ids).execute();
    return rows.map((r) => toRecord(r, roles.filter((x) => x.user_id === r.id)));
  }

  /**
   * Creates the user for a pseudonym, or returns the existing one. A new user gets the citizen role.
   * Display name and region are refreshed when given, since the provider is the source of truth.
   */
  async ensureUser(input: NewUser, refresh = false): Promise<UserRecord> {
    const existing = await this.findByPseudonym(input.pseudonym);
    if (existing) {
      if (refresh) {
        await this.db
          .updateTable('identity_users')
          .set({ display_name: input.displayName || existing.displayName, region: input.region ?? existing.region })
          .where('id', '=', existing.id)
          .execute();
        return (await this.findById(existing.id))!;
      }
      return existing;
    }
    const now = new Date().toISOString();
    const id = input.id ?? randomUUID();
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('identity_users')
          .values({ id, pseudonym: input.pseudonym, display_name: input.displayName, region: input.region ?? null, origin: input.origin, created_at: now, last_sign_in_at: null })
          .execute();
        await trx.insertInto('identity_roles').values({ user_id: id, role: 'citizen', agency_id: null, granted_at: now, granted_by: input.origin }).execute();
      });
    } catch (err) {
      // Two first sign-ins of one person at once: the unique pseudonym lets one win; use it.
      const winner = await this.findByPseudonym(input.pseudonym);
      if (winner) return winner;
      throw err;
    }
    return (await this.findById(id))!;
  }

  async list(filter: { role?: Role; origin?: UserOrigin; region?: string; limit?: number } = {}): Promise<UserRecord[]> {
    let q = this.db.selectFrom('identity_users').selectAll('identity_users');
    if (filter.role) {
      q = q.where('identity_users.id', 'in', this.db.selectFrom('identity_roles').select('user_id').where('role', '=', filter.role));
    }
    if (filter.origin) q = q.where('origin', '=', filter.origin);
    if (filter.region) q = q.where('region', '=', filter.region);
    const rows = await q.orderBy('created_at').orderBy('id').limit(filter.limit ?? 1000).execute();
    const ids = rows.map((r) => r.id);
    const roles = ids.length ? await this.db.selectFrom('identity_roles').selectAll().where('user_id', 'in', ids).execute() : [];
    return rows.map((r) => toRecord(r, roles.filter((x) => x.user_id === r.id)));
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('identity_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // ---- roles ----

  /**
   * Grants a role (idempotent). An agency officer acts for exactly one agency: granting again with
   * another agency moves the officer. Records an outbox event so the change is auditable.
   */
  async grantRole(userId: string, role: Role, opts: { agencyId?: string | null; by: string }): Promise<UserRecord> {
    if (!isRole(role)) throw new IdentityError(`unknown role "${role}"`, 'role');
    const agencyId = opts.agencyId?.trim() || null;
    if (roleNeedsAgency(role) && !agencyId) throw new IdentityError('agency_officer needs an agency (--agency ID)', 'agencyId');
    if (!roleNeedsAgency(role) && agencyId) throw new IdentityError(`role ${role} is not scoped to an agency`, 'agencyId');
    const user = await this.findById(userId);
    if (!user) throw new IdentityError(`no user with id "${userId}"`, 'user');
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('identity_roles').where('user_id', '=', userId).where('role', '=', role).execute();
      await trx.insertInto('identity_roles').values({ user_id: userId, role, agency_id: agencyId, granted_at: now, granted_by: opts.by }).execute();
      await emit(trx, { kind: 'identity.role_granted', subject: `user/${userId}`, payload: { role, agencyId, by: opts.by }, occurredAt: now });
    });
    return (await this.findById(userId))!;
  }

  /** Removes a role; returns false when the user did not have it. */
  async revokeRole(userId: string, role: Role, opts: { by: string }): Promise<boolean> {
    if (!isRole(role)) throw new IdentityError(`unknown role "${role}"`, 'role');
    const user = await this.findById(userId);
    if (!user) throw new IdentityError(`no user with id "${userId}"`, 'user');
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('identity_roles').where('user_id', '=', userId).where('role', '=', role).executeTakeFirst();
      const removed = Number(r.numDeletedRows) > 0;
      if (removed) await emit(trx, { kind: 'identity.role_revoked', subject: `user/${userId}`, payload: { role, by: opts.by } });
      return removed;
    });
  }

  // ---- sessions ----

  /** Starts a session and returns the secret token for the cookie; only its hash is stored. */
  async createSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const { idleMinutes, maxHours } = this.config.session;
    const max = new Date(now.getTime() + maxHours * 3600_000);
    const idle = new Date(Math.min(now.getTime() + idleMinutes * 60_000, max.getTime()));
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('identity_sessions')
        .values({ id: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: idle.toISOString(), max_expires_at: max.toISOString(), last_seen_at: now.toISOString() })
        .execute();
      await trx.updateTable('identity_users').set({ last_sign_in_at: now.toISOString() }).where('id', '=', userId).execute();
    });
    return token;
  }

  /** Whether the per-request session look-up runs as a prepared statement (else through Kysely). */
  get preparedSessionLookup(): boolean {
    return this.sessionRows !== null;
  }

  /** The signed-in user for a session token, with current roles; null when unknown or expired. */
  async userForSession(token: string): Promise<SessionUser | null> {
    const id = hashToken(token);
    // One round trip on every request: the session, its user and the user's roles (one row per role).
    // Signing requests do little else, so this is a prepared statement outside Kysely where the
    // database allows (docs/adr/0704); both paths read the same columns and share what follows.
    const rows = this.sessionRows ? await this.sessionRows(id) : await this.sessionRowsKysely(id);
    const row = rows[0];
    if (!row) return null;
    const now = Date.now();
    if (Date.parse(row.expires_at) <= now) {
      await this.db.deleteFrom('identity_sessions').where('id', '=', id).execute();
      return null;
    }
    // Slide the idle expiry, but write at most once a minute per session to keep reads cheap, and at
    // least every quarter of the idle timeout, so that a short timeout never signs out someone active.
    const idleMs = this.config.session.idleMinutes * 60_000;
    if (now - Date.parse(row.last_seen_at) > Math.min(60_000, idleMs / 4)) {
      const idle = Math.min(now + idleMs, Date.parse(row.max_expires_at));
      const lastSeenAt = new Date(now).toISOString();
      const expiresAt = new Date(idle).toISOString();
      if (this.touchSession) await this.touchSession(id, lastSeenAt, expiresAt);
      else await this.db.updateTable('identity_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
    }
    return sessionUserOfRows(rows);
  }

  /** The session look-up through Kysely: the reference for the prepared statements in sessionLookup.ts. */
  private sessionRowsKysely(id: string): Promise<SessionRow[]> {
    return this.db
      .selectFrom('identity_sessions as s')
      .innerJoin('identity_users as u', 'u.id', 's.user_id')
      .leftJoin('identity_roles as r', 'r.user_id', 'u.id')
      .select(['u.id', 'u.pseudonym', 'u.display_name', 'u.region', 's.expires_at', 's.max_expires_at', 's.last_seen_at', 'r.role', 'r.agency_id'])
      .where('s.id', '=', id)
      .execute();
  }

  async endSession(token: string): Promise<void> {
    await this.db.deleteFrom('identity_sessions').where('id', '=', hashToken(token)).execute();
  }

  /** Signs a user out everywhere (e.g. after a role is revoked for cause). */
  async endAllSessions(userId: string): Promise<number> {
    const r = await this.db.deleteFrom('identity_sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async purgeExpiredSessions(): Promise<number> {
    const r = await this.db.deleteFrom('identity_sessions').where('expires_at', '<=', new Date().toISOString()).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async withRoles(row: UserRow): Promise<UserRecord> {
    const roles = await this.db.selectFrom('identity_roles').selectAll().where('user_id', '=', row.id).execute();
    return toRecord(row, roles);
  }
}

/**
 * The signed-in user from the session look-up's rows (one per role, or one with null role). Same
 * result as `sessionUserOf(toRecord(...))`, without the intermediate record.
 */
function sessionUserOfRows(rows: SessionRow[]): SessionUser {
  const row = rows[0]!;
  const roles: Role[] = [];
  let agencyId: string | null = null;
  // Stable order (the ROLES order) so pages and tests see the same list every time.
  for (const r of ROLES) {
    for (const x of rows) {
      if (x.role !== r) continue;
      roles.push(r);
      if (r === 'agency_officer' && agencyId === null) agencyId = x.agency_id;
      break;
    }
  }
  return { id: row.id, pseudonym: row.pseudonym, displayName: row.display_name, roles, agencyId, region: row.region };
}

/** The `req.user` shape of a user record (what services that act "as" a user take). */
export function sessionUserOf(record: UserRecord): SessionUser {
  const { origin: _o, createdAt: _c, lastSignInAt: _l, ...user } = record;
  return user;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toRecord(row: Pick<UserRow, 'id' | 'pseudonym' | 'display_name' | 'region' | 'origin' | 'created_at' | 'last_sign_in_at'>, roles: RoleRow[]): UserRecord {
  const roleNames = roles.map((r) => r.role).filter(isRole);
  // Stable order (the ROLES order) so pages and tests see the same list every time.
  const ordered = ROLES.filter((r) => roleNames.includes(r));
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    displayName: row.display_name,
    region: row.region,
    roles: ordered,
    agencyId: roles.find((r) => r.role === 'agency_officer')?.agency_id ?? null,
    origin: row.origin,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

const services = new WeakMap<Db, IdentityService>();

/**
 * The identity service for an app or CLI context (one per database handle). `opts` apply when the
 * first call for a handle creates it (tests build an app on the Kysely session look-up this way).
 */
export function identityService(ctx: Pick<AppContext, 'db' | 'config'>, opts?: { preparedSessionLookup?: boolean }): IdentityService {
  let s = services.get(ctx.db);
  if (!s) {
    s = new IdentityService(ctx.db, ctx.config, opts);
    services.set(ctx.db, s);
  }
  return s;
}
