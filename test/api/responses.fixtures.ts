// Shared pieces of the responses tests: the default charter, Almaty instants, and a test database
// that closes cleanly on PostgreSQL.
import { loadCharter } from '../../src/core/charter/index.ts';
import { freshDb, type TestDb } from '../helpers/db.ts';

export const charter = loadCharter(new URL('../../charter/kz-default.json', import.meta.url).pathname);

/** The instant at an Almaty wall-clock time (UTC+5) on `date`. */
export function almaty(date: string, time = '11:00:00'): Date {
  return new Date(Date.parse(`${date}T${time}+05:00`));
}

/** Waits long enough for pg-pool's sockets to close: its end() resolves before they have. */
export function socketsClosed(): Promise<void> {
  return new Promise((r) => setTimeout(r, 250));
}

export type SettledDb = TestDb;

/** A fresh, migrated database whose drop lets the sockets close before a forced DROP DATABASE. */
export function settledDb(): Promise<SettledDb> {
  return freshDb({ beforeDrop: socketsClosed });
}
