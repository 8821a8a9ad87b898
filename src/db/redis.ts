// A small Redis client over node:net (no client library is installed): pipelined commands on one
// connection, replies matched in order, a timeout per command, and a fresh connection after a failure.
// It speaks RESP2 (src/core/resp.ts) and supports what Kenes needs: AUTH, SELECT and any command.
import { connect, type Socket } from 'node:net';
import { encodeCommand, RespDecoder, RespError, type RespValue } from '../core/resp.ts';

export class RedisError extends Error {}

interface Pending {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export interface RedisOptions {
  /** Milliseconds to wait for a connection or a reply before failing the command. */
  timeoutMs?: number;
}

export class RedisClient {
  private socket: Socket | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending[] = [];
  private decoder = new RespDecoder();
  private closed = false;
  private readonly host: string;
  private readonly port: number;
  private readonly auth: string[] | null;
  private readonly dbIndex: number;
  private readonly timeoutMs: number;

  constructor(url: string, opts: RedisOptions = {}) {
    const u = new URL(url);
    if (u.protocol !== 'redis:') throw new RedisError(`REDIS_URL must start with redis:// (TLS rediss:// is not supported): ${u.protocol}`);
    this.host = u.hostname || '127.0.0.1';
    this.port = Number(u.port || 6379);
    const user = decodeURIComponent(u.username);
    const pass = decodeURIComponent(u.password);
    this.auth = pass ? (user ? [user, pass] : [pass]) : null;
    const db = u.pathname.replace(/^\//, '');
    if (db && !/^\d+$/.test(db)) throw new RedisError(`REDIS_URL database must be a number: ${db}`);
    this.dbIndex = db ? Number(db) : 0;
    this.timeoutMs = opts.timeoutMs ?? 1000;
  }

  /** Sends one command; resolves with its reply, rejects on an error reply, a timeout or a lost connection. */
  async command(...args: (string | number)[]): Promise<RespValue> {
    if (this.closed) throw new RedisError('the Redis client is closed');
    await this.connected();
    return this.send(args);
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.socket;
    this.socket = null;
    this.ready = null;
    this.failAll(new RedisError('the Redis client is closed'));
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 200).unref();
      });
    }
  }

  private send(args: (string | number)[]): Promise<RespValue> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new RedisError('not connected to Redis'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(socket, new RedisError(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending.push({
        resolve: (v) => (v instanceof RespError ? reject(new RedisError(v.message)) : resolve(v)),
        reject,
        timer,
      });
      socket.write(encodeCommand(args));
    });
  }

  private connected(): Promise<void> {
    if (this.ready) return this.ready;
    this.ready = new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      this.socket = socket;
      this.decoder = new RespDecoder();
      const timer = setTimeout(() => socket.destroy(new Error(`no connection within ${this.timeoutMs} ms`)), this.timeoutMs);
      socket.on('data', (chunk) => {
        let replies: RespValue[];
        try {
          replies = this.decoder.push(chunk);
        } catch (e) {
          this.fail(socket, new RedisError(`bad reply from Redis: ${(e as Error).message}`));
          return;
        }
        for (const r of replies) {
          const p = this.pending.shift();
          if (!p) continue;
          clearTimeout(p.timer);
          p.resolve(r);
        }
      });
      socket.on('error', (e) => {
        clearTimeout(timer);
        this.fail(socket, new RedisError(`Redis at ${this.host}:${this.port}: ${e.message}`));
        reject(new RedisError(`cannot connect to Redis at ${this.host}:${this.port}: ${e.message}`));
      });
      socket.on('close', () => this.fail(socket, new RedisError('the connection to Redis was closed')));
      socket.once('connect', async () => {
        clearTimeout(timer);
        try {
          if (this.auth) await this.send(['AUTH', ...this.auth]);
          if (this.dbIndex) await this.send(['SELECT', this.dbIndex]);
          resolve();
        } catch (e) {
          this.fail(socket, e as Error);
          reject(e);
        }
      });
    });
    // A failed connection is forgotten, so the next command tries again.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** Fails every waiting command and drops the connection: replies can no longer be matched. */
  private fail(socket: Socket, err: Error): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.ready = null;
    socket.destroy();
    this.failAll(err);
  }

  private failAll(err: Error): void {
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }
}
