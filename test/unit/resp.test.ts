// The RESP2 codec: commands encode as arrays of bulk strings (byte lengths, not character counts), and
// the decoder returns exactly the whole replies however the bytes are split.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encodeCommand, RespDecoder, RespError, RespProtocolError, type RespValue } from '../../src/core/resp.ts';

test('a command is an array of bulk strings with byte lengths', () => {
  assert.equal(encodeCommand(['SET', 'k', 'қала', 60]).toString('utf8'), '*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$8\r\nқала\r\n$2\r\n60\r\n');
});

const WIRE = '+OK\r\n-ERR unknown command\r\n:42\r\n:-7\r\n$5\r\nhe\r\nl\r\n$-1\r\n$0\r\n\r\n*2\r\n:1\r\n*1\r\n$4\r\nкз\r\n*-1\r\n*0\r\n';
const VALUES: RespValue[] = ['OK', new RespError('ERR unknown command'), 42, -7, 'he\r\nl', null, '', [1, ['кз']], null, []];

test('every reply type decodes', () => {
  assert.deepEqual(new RespDecoder().push(Buffer.from(WIRE)), VALUES);
});

test('split anywhere, byte by byte or in random pieces, the same replies come out in order', () => {
  const bytes = Buffer.from(WIRE);
  const d = new RespDecoder();
  const one: RespValue[] = [];
  for (const b of bytes) one.push(...d.push(Buffer.from([b])));
  assert.deepEqual(one, VALUES);
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
      const at = [...new Set(cuts)].sort((x, y) => x - y);
      const dec = new RespDecoder();
      const out: RespValue[] = [];
      let from = 0;
      for (const c of [...at, bytes.length]) {
        out.push(...dec.push(bytes.subarray(from, c)));
        from = c;
      }
      assert.deepEqual(out, VALUES);
    }),
  );
});

test('an incomplete reply yields nothing until it is whole', () => {
  const d = new RespDecoder();
  assert.deepEqual(d.push(Buffer.from('*2\r\n:1\r\n$3\r\nab')), []);
  assert.deepEqual(d.push(Buffer.from('c\r\n')), [[1, 'abc']]);
});

test('a malformed stream is a protocol error, not a wrong value', () => {
  assert.throws(() => new RespDecoder().push(Buffer.from('?what\r\n')), RespProtocolError);
  assert.throws(() => new RespDecoder().push(Buffer.from(':12x\r\n')), RespProtocolError);
  assert.throws(() => new RespDecoder().push(Buffer.from('$2\r\nabcd\r\n')), RespProtocolError);
});
