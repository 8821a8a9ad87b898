// The in-browser ledger check of /ledger/verify/browser (docs/adr/0304). The same rules as
// kenes-verify.mjs, with the browser's own WebCrypto: RFC 9162 leaf and node hashes over the export,
// the root against the head, the head's Ed25519 signature against the key in the form, and the log
// against the heads this browser verified before (kept in localStorage, never overwritten).
const section = document.getElementById('ledger-browser-verify');
const form = document.getElementById('ledger-browser-form');
const result = document.getElementById('ledger-browser-result');
const STORE = 'kenes-ledger-heads';

function msg(name, params = {}) {
  const text = section.dataset[`msg${name}`] || name;
  return text.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

const encoder = new TextEncoder();
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromBase64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

async function leafHash(text) {
  const body = encoder.encode(text);
  const buf = new Uint8Array(body.length + 1);
  buf.set(body, 1);
  return sha256(buf);
}

async function nodeHash(left, right) {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 33);
  return sha256(buf);
}

// Canonical JSON (RFC 8785 for the values the ledger holds): sorted keys, no whitespace.
function canonical(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// The frontier of the tree: one complete subtree per set bit of the size.
class Builder {
  constructor() {
    this.peaks = [];
    this.size = 0;
  }
  async push(leaf) {
    this.size++;
    let top = { level: 0, hash: leaf };
    while (this.peaks.length && this.peaks[this.peaks.length - 1].level === top.level) {
      const left = this.peaks.pop();
      top = { level: top.level + 1, hash: await nodeHash(left.hash, top.hash) };
    }
    this.peaks.push(top);
  }
  async root() {
    if (!this.peaks.length) return sha256(new Uint8Array(0));
    let r = this.peaks[this.peaks.length - 1].hash;
    for (let i = this.peaks.length - 2; i >= 0; i--) r = await nodeHash(this.peaks[i].hash, r);
    return r;
  }
}

function savedHeads() {
  try {
    return JSON.parse(localStorage.getItem(STORE) || '[]');
  } catch {
    return [];
  }
}

async function check(keyText) {
  let key;
  try {
    key = await crypto.subtle.importKey('spki', fromBase64(keyText.trim()), { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e && e.name === 'NotSupportedError') return { unsupported: true };
    return { fail: 'the key is not a base64 Ed25519 public key' };
  }
  const res = await fetch('/api/v1/ledger/export');
  if (!res.ok) return { fail: `the export answered HTTP ${res.status}` };
  const lines = (await res.text()).split('\n').filter((l) => l !== '');
  const head = JSON.parse(lines[0]);
  if (head.type !== 'head' || head.signature === null) return { fail: 'the export has no signed head' };
  const message = encoder.encode(canonical({ log: 'kenes-ledger-v1', root_hash: head.root_hash, size: head.size, timestamp: head.timestamp }));
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(head.signature), message))) return { fail: 'the head signature does not verify with this key' };
  const saved = savedHeads().filter((h) => h.key === keyText.trim());
  const last = saved[saved.length - 1];
  if (last && last.size > head.size) return { fail: `the log shrank from ${last.size} to ${head.size} entries since you last checked` };
  const b = new Builder();
  for (let i = 1; i < lines.length; i++) {
    const p = i - 1;
    const prefix = `{"index":${p},"entry":`;
    const line = lines[i];
    let entry;
    if (line.startsWith(prefix) && line.endsWith('}')) entry = line.slice(prefix.length, -1);
    else {
      const parsed = JSON.parse(line);
      if (parsed.index !== p) return { fail: `entry ${p}: found index ${parsed.index}` };
      entry = canonical(parsed.entry);
    }
    await b.push(await leafHash(entry));
    if (last && b.size === last.size && hex(await b.root()) !== last.root_hash) return { fail: `the first ${last.size} entries no longer match the head you verified before: history was rewritten` };
  }
  if (b.size !== head.size) return { fail: `the export has ${b.size} entries, the head signs ${head.size}` };
  if (hex(await b.root()) !== head.root_hash) return { fail: 'the entries do not hash to the signed root' };
  if (!last || last.size !== head.size || last.root_hash !== head.root_hash) {
    localStorage.setItem(STORE, JSON.stringify([...savedHeads(), { key: keyText.trim(), size: head.size, root_hash: head.root_hash, timestamp: head.timestamp, signature: head.signature }]));
  }
  return { ok: true, size: head.size, root: head.root_hash };
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  result.textContent = msg('Working');
  result.className = '';
  let r;
  try {
    r = await check(form.elements.key.value);
  } catch (e) {
    r = { fail: String(e && e.message ? e.message : e) };
  }
  if (r.unsupported) {
    result.textContent = msg('Unsupported');
    result.className = 'ledger-warning';
  } else if (r.ok) {
    result.textContent = msg('Ok', { size: r.size, root: r.root });
    result.className = 'ledger-ok';
  } else {
    result.textContent = msg('Failed', { reason: r.fail });
    result.className = 'ledger-warning';
  }
});
