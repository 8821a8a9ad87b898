// Redirect targets: only paths on this site, whatever tricks a browser's URL parser would accept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameOriginPath } from '../../src/core/localPath.ts';

test('local paths are kept (with their query and fragment)', () => {
  assert.equal(sameOriginPath('/'), '/');
  assert.equal(sameOriginPath('/proposals/ab-12?lang=ru#sign'), '/proposals/ab-12?lang=ru#sign');
});

test('anything a browser would send to another origin is refused', () => {
  for (const v of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '\\/evil.example', 'https://evil.example/', 'evil.example', ' /x', '', null, 42]) {
    assert.equal(sameOriginPath(v), null, JSON.stringify(v));
  }
});

test('what comes back is always a valid Location header (ASCII, no CR/LF)', () => {
  for (const v of ['/ok\r\nSet-Cookie: x=1', '/Қазақша?q=Алматы', '/a b', '/%0d%0a']) {
    const out = sameOriginPath(v);
    assert.ok(out !== null && /^[\x21-\x7e]+$/.test(out), `${JSON.stringify(v)} -> ${out}`);
  }
  assert.equal(sameOriginPath(`/${'x'.repeat(3000)}`), null);
});
