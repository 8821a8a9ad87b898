// Pure parts of notifications: which addresses a webhook may reach (SSRF), and Atom escaping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atom } from '../../../src/modules/notifications/feeds.ts';
import { checkWebhookUrl, isPublicAddress } from '../../../src/modules/notifications/ssrf.ts';
import { unsubscribeToken, unsubscribeTokenOk, webhookSignature } from '../../../src/modules/notifications/tokens.ts';

test('private, loopback, link-local, CGNAT, unique-local, multicast and mapped addresses are not public', () => {
  for (const a of ['127.0.0.1', '127.8.9.1', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '192.0.0.8', '198.18.0.1', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.1.2.3', '[::1]', 'not-an-ip']) {
    assert.equal(isPublicAddress(a), false, a);
  }
  for (const a of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450:4001:82a::200e', '::ffff:8.8.8.8']) assert.equal(isPublicAddress(a), true, a);
});

test('a webhook host is resolved and every address checked', async () => {
  const resolve = async (h: string) => (h === 'mixed.example' ? ['93.184.216.34', '10.0.0.5'] : ['93.184.216.34']);
  await assert.rejects(checkWebhookUrl('https://mixed.example/h', { allowLoopback: false, resolve }), (e: Error & { code?: string }) => e.code === 'webhook-private-address');
  await assert.rejects(checkWebhookUrl('https://user:pw@ok.example/h', { allowLoopback: false, resolve }), (e: Error & { code?: string }) => e.code === 'webhook-url-invalid');
  await assert.rejects(checkWebhookUrl('ftp://ok.example/h', { allowLoopback: true, resolve }), (e: Error & { code?: string }) => e.code === 'webhook-not-https');
  await assert.rejects(checkWebhookUrl('https://nx.example/h', { allowLoopback: false, resolve: async () => [] }), (e: Error & { code?: string }) => e.code === 'webhook-unresolvable');
  const ok = await checkWebhookUrl('https://ok.example/h', { allowLoopback: false, resolve });
  assert.equal(ok.address, '93.184.216.34');
});

test('Atom: valid shape, every text escaped', () => {
  const xml = atom({ id: 'urn:x', title: 'A <b>&</b> "q"', self: 'http://h/f?a=1&b=2', alternate: 'http://h/', updated: '2026-01-01T00:00:00Z', lang: 'en', entries: [{ id: 'urn:e', title: '<script>x</script>', updated: '2026-01-01T00:00:00Z', link: 'http://h/e', summary: "it's" }] });
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="en">/);
  assert.ok(xml.includes('<title>A &lt;b&gt;&amp;&lt;/b&gt; &quot;q&quot;</title>'));
  assert.ok(xml.includes('href="http://h/f?a=1&amp;b=2"'));
  assert.ok(!xml.includes('<script>'));
  for (const tag of ['id', 'title', 'updated']) assert.ok(xml.includes(`<${tag}>`), `feed has <${tag}>`);
});

test('unsubscribe tokens: only the exact values pass; webhook signatures are HMAC-SHA-256 of timestamp.body', () => {
  const t = unsubscribeToken('secret', 'u1', 'proposal', 'abc');
  assert.ok(unsubscribeTokenOk('secret', 'u1', 'proposal', 'abc', t));
  assert.ok(!unsubscribeTokenOk('secret', 'u2', 'proposal', 'abc', t));
  assert.ok(!unsubscribeTokenOk('secret', 'u1', 'proposal', 'abd', t));
  assert.ok(!unsubscribeTokenOk('other', 'u1', 'proposal', 'abc', t));
  assert.ok(!unsubscribeTokenOk('secret', 'u1', 'proposal', 'abc', `${t}x`));
  // echo -n '1700000000.{}' | openssl dgst -sha256 -hmac k
  assert.equal(webhookSignature('k', '1700000000', '{}'), 'v1=c6ef4734033cee2367414a0939385eca0397754aa7a59716da7463a9298b5146');
});
