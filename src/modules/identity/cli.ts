// `kenes users grant|revoke|list`: role administration from the command line. A person can be named
// by user id or by IIN; an IIN is turned into its pseudonym at once and never printed or stored.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseIin } from '../../core/iin.ts';
import { pseudonymize } from '../../core/pseudonym.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { isRole, roleNeedsAgency } from './roles.ts';
import { IdentityError, identityService, type UserRecord } from './service.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import type { AppContext } from '../../web/context.ts';
import { loadContext } from '../../cli/context.ts';
import { CliError } from '../../cli/errors.ts';

interface WhoFlags {
  user?: string;
  iin?: string;
  db?: string;
}

async function withContext<T>(flags: { db?: string }, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await loadContext({ db: flags.db });
  try {
    await migrateToLatest(ctx.db);
    return await fn(ctx);
  } catch (e) {
    if (e instanceof IdentityError) throw new CliError(e.message, 2);
    throw e;
  } finally {
    await ctx.db.close();
  }
}

function roleArg(value: string): Role {
  if (!isRole(value)) throw new CliError(`unknown role "${value}"; roles: ${ROLES.join(', ')}`, 2);
  return value;
}

/** `--iin -` reads the IIN from standard input, keeping it out of the process list and shell history. */
function readIin(value: string): string {
  const raw = value === '-' ? (readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '') : value;
  const parsed = parseIin(raw);
  if (!parsed.valid) throw new CliError(`--iin: not a valid IIN (${parsed.reason.message.en})`, 2);
  return parsed.iin;
}

/** Finds the person; with --iin and `create`, makes an account so roles can be given before first sign-in. */
async function resolveUser(ctx: AppContext, flags: WhoFlags, create: boolean): Promise<UserRecord> {
  const svc = identityService(ctx);
  if (!!flags.user === !!flags.iin) throw new CliError('name the person with exactly one of --user ID or --iin IIN', 2);
  if (flags.user) {
    const u = await svc.findById(flags.user);
    if (!u) throw new CliError(`no user with id "${flags.user}"`, 2);
    return u;
  }
  const pseudonym = pseudonymize(ctx.config.pepper, readIin(flags.iin!));
  const found = await svc.findByPseudonym(pseudonym);
  if (found) return found;
  if (!create) throw new CliError('no user with this IIN has signed in or been granted a role', 2);
  // The name arrives from the identity provider at the person's first sign-in.
  return svc.ensureUser({ pseudonym, displayName: '', origin: 'cli' });
}

function describe(u: UserRecord): string {
  const roles = u.roles.map((r) => (r === 'agency_officer' && u.agencyId ? `${r}(${u.agencyId})` : r)).join(',') || '-';
  return `${u.id}  ${roles}  ${u.region ?? '-'}  ${u.displayName || '(not signed in yet)'}`;
}

export function registerUsers(program: Command) {
  const users = program.command('users').description('list users and grant or revoke roles');

  users
    .command('grant')
    .description(`give a role (${ROLES.join(', ')}); agency_officer needs --agency`)
    .argument('<role>', 'role to grant')
    .option('--user <id>', 'user id (see `kenes users list`)')
    .option('--iin <iin>', 'IIN of the person ("-" reads it from stdin); never stored')
    .option('--agency <id>', 'agency the officer acts for (agency_officer only)')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (roleName: string, flags: WhoFlags & { agency?: string }) => {
      const role = roleArg(roleName);
      if (roleNeedsAgency(role) && !flags.agency) throw new CliError('agency_officer needs --agency ID', 2);
      if (!roleNeedsAgency(role) && flags.agency) throw new CliError(`--agency applies only to agency_officer, not ${role}`, 2);
      await withContext(flags, async (ctx) => {
        const user = await resolveUser(ctx, flags, true);
        const updated = await identityService(ctx).grantRole(user.id, role, { agencyId: flags.agency ?? null, by: 'cli' });
        console.log(`granted ${role}${flags.agency ? ` for agency ${flags.agency}` : ''}: ${describe(updated)}`);
      });
    });

  users
    .command('revoke')
    .description('take a role away; it takes effect on the next request of any open session')
    .argument('<role>', 'role to revoke')
    .option('--user <id>', 'user id')
    .option('--iin <iin>', 'IIN of the person ("-" reads it from stdin)')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (roleName: string, flags: WhoFlags) => {
      const role = roleArg(roleName);
      await withContext(flags, async (ctx) => {
        const user = await resolveUser(ctx, flags, false);
        const removed = await identityService(ctx).revokeRole(user.id, role, { by: 'cli' });
        if (!removed) throw new CliError(`user ${user.id} does not have the role ${role}`, 1);
        console.log(`revoked ${role}: ${describe((await identityService(ctx).findById(user.id))!)}`);
      });
    });

  users
    .command('list')
    .description('list users: id, roles, region, name')
    .option('--role <role>', 'only users with this role')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .option('--db <url>', 'database (env DATABASE_URL)')
    .action(async (flags: { role?: string; limit: string; json?: boolean; db?: string }) => {
      const role = flags.role === undefined ? undefined : roleArg(flags.role);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit: must be a positive integer', 2);
      await withContext(flags, async (ctx) => {
        const list = await identityService(ctx).list({ role, limit });
        if (flags.json) {
          console.log(JSON.stringify(list.map(({ pseudonym: _p, ...u }) => u), null, 2));
          return;
        }
        for (const u of list) console.log(describe(u));
        console.log(`${list.length} user${list.length === 1 ? '' : 's'}`);
      });
    });
}
