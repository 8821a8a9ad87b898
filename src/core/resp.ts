// RESP2, the Redis wire protocol: encoding commands and decoding replies, with no I/O. Replies arrive
// in arbitrary pieces, so the decoder keeps what it has not parsed yet and returns only whole replies.

/** An error reply (`-ERR …`): a value, not a thrown exception, so the caller decides. */
export class RespError {
  constructor(readonly message: string) {}
}

export type RespValue = string | number | null | RespError | RespValue[];

/** One command as RESP: an array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(String(a), 'utf8');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

export class RespProtocolError extends Error {}

const INCOMPLETE = Symbol('incomplete');

export class RespDecoder {
  private buf: Buffer = Buffer.alloc(0);

  /** Adds received bytes; returns every reply now complete, in order. */
  push(chunk: Buffer): RespValue[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: RespValue[] = [];
    let at = 0;
    for (;;) {
      const r = this.parse(at);
      if (r === INCOMPLETE) break;
      out.push(r.value);
      at = r.next;
    }
    this.buf = this.buf.subarray(at);
    return out;
  }

  private line(at: number): { text: string; next: number } | typeof INCOMPLETE {
    const end = this.buf.indexOf('\r\n', at);
    if (end < 0) return INCOMPLETE;
    return { text: this.buf.toString('utf8', at, end), next: end + 2 };
  }

  private parse(at: number): { value: RespValue; next: number } | typeof INCOMPLETE {
    if (at >= this.buf.length) return INCOMPLETE;
    const type = String.fromCharCode(this.buf[at]!);
    const l = this.line(at + 1);
    if (l === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case '+':
        return { value: l.text, next: l.next };
      case '-':
        return { value: new RespError(l.text), next: l.next };
      case ':':
        return { value: toInt(l.text), next: l.next };
      case '$': {
        const len = toInt(l.text);
        if (len < 0) return { value: null, next: l.next };
        if (this.buf.length < l.next + len + 2) return INCOMPLETE;
        if (this.buf[l.next + len] !== 13 || this.buf[l.next + len + 1] !== 10) throw new RespProtocolError('bulk string not followed by CRLF');
        return { value: this.buf.toString('utf8', l.next, l.next + len), next: l.next + len + 2 };
      }
      case '*': {
        const n = toInt(l.text);
        if (n < 0) return { value: null, next: l.next };
        const items: RespValue[] = [];
        let next = l.next;
        for (let i = 0; i < n; i++) {
          const r = this.parse(next);
          if (r === INCOMPLETE) return INCOMPLETE;
          items.push(r.value);
          next = r.next;
        }
        return { value: items, next };
      }
      default:
        throw new RespProtocolError(`unknown reply type byte 0x${this.buf[at]!.toString(16)}`);
    }
  }
}

function toInt(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespProtocolError(`not an integer: ${JSON.stringify(text.slice(0, 40))}`);
  return Number(text);
}
