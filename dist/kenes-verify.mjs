#!/usr/bin/env node
// kenes-verify.mjs 0.1.0: the Kenes stand-alone verifier. Generated from the Kenes source
// (src/verifier/) by `npm run build:verifier`; do not edit. Needs only Node.js >= 20, no packages.
// Run `node kenes-verify.mjs --help`.

// src/cli/errors.ts
var CliError = class extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
  exitCode;
};

// src/verifier/consistency.ts
import { readFileSync as readFileSync3 } from "node:fs";

// src/core/merkle/hash.ts
import * as crypto from "node:crypto";
import { createHash } from "node:crypto";
var LEAF_PREFIX = Buffer.from([0]);
var NODE_PREFIX = Buffer.from([1]);
var oneShot = crypto.hash;
var sha256 = oneShot ? (d) => oneShot("sha256", d, "buffer") : (d) => createHash("sha256").update(d).digest();
function hashLeaf(entry) {
  return typeof entry === "string" ? sha256(`\0${entry}`) : sha256(Buffer.concat([LEAF_PREFIX, entry]));
}
var pair = Buffer.alloc(65);
pair[0] = 1;
function hashChildren(left, right) {
  if (left.length !== 32 || right.length !== 32) return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
  pair.set(left, 1);
  pair.set(right, 33);
  return sha256(pair);
}
var EMPTY_ROOT = createHash("sha256").digest();
function isPowerOfTwo(n) {
  return n >= 1 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
}
function fromHex(s) {
  if (!/^[0-9a-f]{64}$/.test(s)) throw new Error(`not a SHA-256 hex hash: "${s.slice(0, 80)}"`);
  return Buffer.from(s, "hex");
}

// src/core/merkle/canonical.ts
function canonicalJson(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON has no NaN or Infinity");
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const obj = value;
      const keys = Object.keys(obj).filter((k) => obj[k] !== void 0).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

// src/core/merkle/verify.ts
var lsb = (x) => x % 2 === 1;
var half = (x) => Math.floor(x / 2);
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (!(first > 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (lsb(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

// src/core/merkle/builder.ts
var TreeBuilder = class _TreeBuilder {
  peaks = [];
  count = 0;
  /** Resume a tree of `size` leaves from its frontier hashes, in the order `frontierOf(size)` lists them. */
  static resume(size, frontier) {
    const refs = frontierOf(size);
    if (refs.length !== frontier.length) throw new Error(`a tree of ${size} leaves has ${refs.length} frontier nodes, got ${frontier.length}`);
    const b = new _TreeBuilder();
    b.peaks = refs.map((r, i) => ({ level: r.level, hash: frontier[i] }));
    b.count = size;
    return b;
  }
  get size() {
    return this.count;
  }
  /** Adds a leaf hash; `sink` receives the leaf itself and every subtree it completes. */
  push(leaf, sink) {
    const index = this.count++;
    sink?.(0, index, leaf);
    let top = { level: 0, hash: leaf };
    while (this.peaks.length && this.peaks[this.peaks.length - 1].level === top.level) {
      const left = this.peaks.pop();
      top = { level: top.level + 1, hash: hashChildren(left.hash, top.hash) };
      sink?.(top.level, Math.floor(index / 2 ** top.level), top.hash);
    }
    this.peaks.push(top);
  }
  /** MTH of all leaves so far. */
  root() {
    return fold(this.peaks) ?? EMPTY_ROOT;
  }
  /** MTH of the unfinished trailing block of 2^level leaves, or null when the last block is complete. */
  trailingBelow(level) {
    return fold(this.peaks.filter((p) => p.level < level));
  }
};
function fold(peaks) {
  if (!peaks.length) return null;
  let r = peaks[peaks.length - 1].hash;
  for (let i = peaks.length - 2; i >= 0; i--) r = hashChildren(peaks[i].hash, r);
  return r;
}
function frontierOf(size) {
  const refs = [];
  let start = 0;
  for (let level = Math.floor(Math.log2(Math.max(size, 1))); level >= 0; level--) {
    const span = 2 ** level;
    if (Math.floor(size / span) % 2 === 1) {
      refs.push({ level, index: start / span });
      start += span;
    }
  }
  return refs;
}
function rootOfHashes(hashes) {
  const b = new TreeBuilder();
  for (const h of hashes) b.push(h);
  return b.root();
}

// src/core/ledger/signing.ts
import { createHash as createHash2, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
var LOG_ID = "kenes-ledger-v1";
function headMessage(h) {
  return Buffer.from(canonicalJson({ log: LOG_ID, root_hash: h.root_hash, size: h.size, timestamp: h.timestamp }));
}
function parsePublicKey(text) {
  const t = text.trim();
  try {
    const key2 = t.startsWith("-----") ? createPublicKey(t) : createPublicKey({ key: Buffer.from(t, "base64"), format: "der", type: "spki" });
    if (key2.asymmetricKeyType !== "ed25519") throw new Error("not Ed25519");
    return key2;
  } catch {
    throw new Error("--key: not an Ed25519 public key (base64 SPKI DER or PEM)");
  }
}
function headSignatureValid(h, key2) {
  try {
    return verify(null, headMessage(h), key2, Buffer.from(h.signature, "base64"));
  } catch {
    return false;
  }
}
function keyFingerprint(publicKeyBase642) {
  return createHash2("sha256").update(Buffer.from(publicKeyBase642, "base64")).digest("hex");
}
function publicKeyBase64(key2) {
  return key2.export({ format: "der", type: "spki" }).toString("base64");
}

// src/verifier/keyFile.ts
import { readFileSync } from "node:fs";
function readPublicKey(spec) {
  let text = spec.trim();
  if (!/^[A-Za-z0-9+/=]+$/.test(text) && !text.startsWith("-----")) {
    try {
      text = readFileSync(text, "utf8").trim();
    } catch {
      throw new Error(`--key: "${spec}" is neither a base64 public key nor a readable file`);
    }
  }
  return parsePublicKey(text);
}

// src/verifier/savedHeads.ts
import { mkdirSync, readdirSync, readFileSync as readFileSync2, writeFileSync } from "node:fs";
import { join } from "node:path";
var NAME = /^(\d{4,})\.json$/;
function readHeadFile(file, flag = "--head") {
  let h;
  try {
    h = JSON.parse(readFileSync2(file, "utf8"));
  } catch (e) {
    throw new CliError(`${flag} ${file}: cannot read a saved head (${e.message})`, 2);
  }
  if (!Number.isSafeInteger(h?.size) || typeof h.root_hash !== "string" || typeof h.signature !== "string" || typeof h.timestamp !== "string") {
    throw new CliError(`${flag} ${file}: not a signed tree head (size, root_hash, timestamp, signature)`, 2);
  }
  return h;
}
function savedHeadFiles(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => NAME.test(n)).sort((a, b) => Number(NAME.exec(a)[1]) - Number(NAME.exec(b)[1])).map((n) => join(dir, n));
}
function lastSavedHead(dir) {
  const files = savedHeadFiles(dir);
  const file = files.at(-1);
  return file ? { file, head: readHeadFile(file, "--head-dir") } : void 0;
}
function keepHead(dir, head) {
  const last = lastSavedHead(dir);
  if (last && last.head.size === head.size && last.head.root_hash === head.root_hash) return void 0;
  mkdirSync(dir, { recursive: true });
  const next = last ? Number(NAME.exec(last.file.split(/[\\/]/).pop())[1]) + 1 : 1;
  const file = join(dir, `${String(next).padStart(4, "0")}.json`);
  writeFileSync(file, `${JSON.stringify(head, null, 2)}
`, { flag: "wx" });
  return file;
}

// src/verifier/source.ts
import { createReadStream } from "node:fs";
function instanceBase(source) {
  const u = new URL(source);
  const path = u.pathname.replace(/\/api\/v1\/ledger(\/.*)?$/, "").replace(/\/ledger(\/.*)?$/, "").replace(/\/kenes-verify\.mjs$/, "").replace(/\/$/, "");
  return `${u.origin}${path}`;
}
function exportUrl(source) {
  const u = new URL(source);
  if (u.pathname.endsWith("/api/v1/ledger/export")) return u.toString();
  return `${instanceBase(source)}/api/v1/ledger/export`;
}
var isUrl = (s) => /^https?:\/\//.test(s);
async function fetchJson(url) {
  let res;
  try {
    res = await fetch(url, { headers: { accept: "application/json" } });
  } catch (e) {
    throw new CliError(`cannot fetch ${url}: ${e.message}`, 1);
  }
  if (!res.ok) throw new CliError(`cannot fetch ${url}: HTTP ${res.status}`, 1);
  return await res.json();
}
async function* fromUrl(url) {
  let res;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new CliError(`cannot fetch ${url}: ${e.message}`, 1);
  }
  if (!res.ok || !res.body) throw new CliError(`cannot fetch ${url}: HTTP ${res.status}`, 1);
  const reader = res.body.getReader();
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}
async function exportChunks(source) {
  if (isUrl(source)) return fromUrl(exportUrl(source));
  if (source === "-") return process.stdin;
  const stream = createReadStream(source, { highWaterMark: 1 << 20 });
  await new Promise((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", (e) => reject(new CliError(`cannot read ${source}: ${e.message}`, 2)));
  });
  return stream;
}

// src/verifier/consistency.ts
function embeddedKey(b64) {
  try {
    return parsePublicKey(b64);
  } catch {
    return void 0;
  }
}
async function checkConsistency(args, io) {
  const a = readHeadFile(args.oldFile, "OLD");
  const b = readHeadFile(args.newFile, "NEW");
  let pinned;
  if (args.pin) {
    try {
      pinned = readPublicKey(args.pin);
    } catch (e) {
      throw new CliError(e.message.replace(/^--key/, "--pin"), 2);
    }
  } else io.err("note: no --pin given: each head was checked against the key inside it; pin the platform key to detect a forged head");
  for (const [name, h] of [["OLD", a], ["NEW", b]]) {
    const k = pinned ?? embeddedKey(h.public_key);
    if (!k || !headSignatureValid(h, k)) throw new CliError(`consistency FAILED: ${name} head: signature does not verify`, 1);
  }
  if (b.size < a.size) throw new CliError(`consistency FAILED: NEW has ${b.size} entries, fewer than OLD's ${a.size}: the log lost entries`, 1);
  if (a.size === b.size || a.size === 0) {
    if (a.size === b.size && a.root_hash !== b.root_hash) throw new CliError(`consistency FAILED: two different roots signed for ${a.size} entries: a split view`, 1);
    io.out(`ok: the head of ${b.size} entries extends the head of ${a.size}`);
    return;
  }
  let body;
  if (args.proof) {
    try {
      body = JSON.parse(readFileSync3(args.proof, "utf8"));
    } catch (e) {
      throw new CliError(`--proof ${args.proof}: cannot read (${e.message})`, 2);
    }
  } else {
    const from = args.url ?? b.source;
    if (!from) throw new CliError("no consistency proof: give --proof FILE or --url of the instance (NEW.json records no source)", 2);
    body = await fetchJson(`${instanceBase(from)}/api/v1/ledger/consistency?first=${a.size}&second=${b.size}`);
  }
  let ok = false;
  try {
    ok = body.first === a.size && body.second === b.size && verifyConsistency(a.size, b.size, fromHex(a.root_hash), fromHex(b.root_hash), body.proof.map(fromHex));
  } catch {
    ok = false;
  }
  if (!ok) throw new CliError(`consistency FAILED: the head of ${b.size} entries does not extend the head of ${a.size}: history was rewritten`, 1);
  io.out(`ok: the head of ${b.size} entries extends the head of ${a.size} (RFC 9162 consistency proof, ${body.proof.length} hashes)`);
}

// src/verifier/draw.ts
import { readFileSync as readFileSync4 } from "node:fs";

// src/core/sortition/publicDraw.ts
function verifyPublicDraw(_inputs) {
  throw new Error("draw verification not available in this build");
}

// src/core/ledger/verifyExport.ts
import { createPublicKey as createPublicKey3 } from "node:crypto";

// src/core/ledger/cosign.ts
import { sign as sign2, verify as verify2 } from "node:crypto";
var COSIGNATURE_TYPE = "kenes-cosignature-v1";
function cosignatureMessage(h, cosignedAt) {
  return Buffer.from(canonicalJson({ cosigned_at: cosignedAt, log: LOG_ID, root_hash: h.root_hash, size: h.size, timestamp: h.timestamp, type: COSIGNATURE_TYPE }));
}
function cosignatureValid(h, c, key2) {
  try {
    return typeof c.cosigned_at === "string" && typeof c.signature === "string" && verify2(null, cosignatureMessage(h, c.cosigned_at), key2, Buffer.from(c.signature, "base64"));
  } catch {
    return false;
  }
}
function quorumCount(h, cosignatures, witnessKeys) {
  if (!cosignatures?.length) return 0;
  let n = 0;
  for (const key2 of witnessKeys) if (cosignatures.some((c) => cosignatureValid(h, c, key2))) n++;
  return n;
}

// src/core/ledger/rotation.ts
import { createPublicKey as createPublicKey2, sign as sign3, verify as verify3 } from "node:crypto";
var ROTATION_KIND = "ledger.key_rotated";
var ROTATION_TYPE = "kenes-key-rotation-v1";
function rotationMessage(s) {
  return Buffer.from(canonicalJson({ log: s.log, new_public_key: s.new_public_key, old_public_key: s.old_public_key, rotated_at: s.rotated_at, type: s.type }));
}
function keyOf(b64) {
  try {
    return createPublicKey2({ key: Buffer.from(b64, "base64"), format: "der", type: "spki" });
  } catch {
    return void 0;
  }
}
function rotationValid(p) {
  if (p?.type !== ROTATION_TYPE || p.log !== LOG_ID || typeof p.old_public_key !== "string" || typeof p.new_public_key !== "string" || typeof p.rotated_at !== "string") return false;
  const oldKey = keyOf(p.old_public_key);
  const newKey = keyOf(p.new_public_key);
  if (!oldKey || !newKey) return false;
  const m = rotationMessage(p);
  try {
    return verify3(null, m, oldKey, Buffer.from(p.old_signature, "base64")) && verify3(null, m, newKey, Buffer.from(p.new_signature, "base64"));
  } catch {
    return false;
  }
}
function rotationChain(trusted, rotations) {
  const chain = [trusted];
  for (const r of rotations) if (chain.includes(r.old_public_key) && !chain.includes(r.new_public_key) && rotationValid(r)) chain.push(r.new_public_key);
  return chain;
}

// src/core/ledger/verifyExport.ts
var MAX_PROBLEMS = 20;
async function verifyExport(batches, opts = {}) {
  const report = { ok: false, entries: 0, problems: [], notes: [] };
  const problem = (text, entry) => {
    if (entry !== void 0 && (report.firstBadEntry === void 0 || entry < report.firstBadEntry)) report.firstBadEntry = entry;
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(text);
  };
  const it = batches[Symbol.asyncIterator]();
  let batch = [];
  let at = 0;
  const nextLine = async () => {
    while (at >= batch.length) {
      const n = await it.next();
      if (n.done) return void 0;
      batch = n.value;
      at = 0;
    }
    return batch[at++];
  };
  const firstLine = await nextLine();
  const head = firstLine === void 0 ? void 0 : parseHead(firstLine);
  if (!head) {
    problem("line 1: not a ledger head");
    return report;
  }
  report.head = head;
  let key2 = opts.publicKey;
  if (!key2) {
    report.notes.push("no --key given: the signature was checked against the key inside the export; pin the platform key to detect a forged head");
    try {
      key2 = createPublicKey3({ key: Buffer.from(head.public_key, "base64"), format: "der", type: "spki" });
    } catch {
      key2 = void 0;
    }
  }
  const pendingSignatures = [];
  const checkSignature = (h, text) => {
    if (!key2 || !headSignatureValid(h, key2)) pendingSignatures.push({ h, text });
  };
  if (head.signature === null) problem("head: not signed (the instance has no ledger key configured)");
  else checkSignature(head, "head: signature does not verify — the head is forged or altered");
  const saved = opts.savedHead;
  if (saved) {
    checkSignature(saved, "saved head: signature does not verify");
    if (saved.size > head.size) problem(`saved head has ${saved.size} entries but this export only ${head.size}: the log lost entries`, head.size);
  }
  const prefixes = [];
  if (saved) prefixes.push({ size: saved.size, root: safeHex(saved.root_hash), problem: `the first ${saved.size} entries do not match the saved head: history was rewritten` });
  if (opts.witnessKeys?.length) {
    const keys = opts.witnessKeys;
    const quorum = opts.quorum ?? keys.length;
    const candidates = [head, head.witnessed].filter((c) => !!c && c.size <= head.size && c.signature !== null);
    const chosen = candidates.find((c) => quorumCount(c, c.cosignatures, keys) >= quorum);
    if (!chosen) {
      problem(`witnesses: no head in this export is cosigned by ${quorum} of the ${keys.length} pinned witnesses — this log may be a view shown only to you (split view)`);
    } else {
      report.witnessed = { size: chosen.size, cosigners: quorumCount(chosen, chosen.cosignatures, keys) };
      if (chosen !== head) {
        checkSignature(chosen, "witnessed head: signature does not verify");
        prefixes.push({ size: chosen.size, root: safeHex(chosen.root_hash), problem: `the first ${chosen.size} entries do not match the head the witnesses cosigned: history was rewritten after they saw it` });
        report.notes.push(`the witnesses' quorum covers the first ${chosen.size} of ${head.size} entries; the rest is signed by the platform alone so far`);
      }
    }
  }
  const span = 2 ** head.block_level;
  let blocks = null;
  try {
    const b = head.blocks.map(fromHex);
    if (b.length === Math.ceil(head.size / span) && rootOfHashes(b).equals(fromHex(head.root_hash))) blocks = b;
  } catch {
    blocks = null;
  }
  if (!blocks) problem("head: block hashes do not match the signed root");
  const builder = new TreeBuilder();
  const level = head.block_level;
  let position = 0;
  const checkBlock = (lvl, idx, hash2) => {
    if (lvl !== level || !blocks) return;
    if (idx < blocks.length && !blocks[idx].equals(hash2)) {
      problem(blockProblem(idx * span, Math.min((idx + 1) * span, head.size), span), idx * span);
    }
  };
  let lastLogTime = "";
  const rotations = [];
  const consume = (line) => {
    if (line === "") return;
    const p = position++;
    if (p >= head.size) problem(`entry ${p}: beyond the ${head.size} entries the head signs — inserted`, p);
    const prefix = `{"index":${p},"entry":`;
    let leaf;
    if (line.startsWith(prefix) && line.endsWith("}")) {
      leaf = hashLeaf(line.slice(prefix.length, -1));
    } else {
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        problem(`entry ${p}: line ${p + 2} is not JSON`, p);
        builder.push(hashLeaf(line), checkBlock);
        return;
      }
      if (parsed.index !== p) problem(`entry ${p}: expected index ${p}, found ${JSON.stringify(parsed.index)} — an entry was removed, inserted or reordered here`, p);
      leaf = hashLeaf(canonicalJson(parsed.entry ?? null));
    }
    builder.push(leaf, checkBlock);
    for (const x of prefixes) if (builder.size === x.size && !builder.root().equals(x.root)) problem(x.problem);
    if (line.includes(`"kind":"${ROTATION_KIND}"`)) {
      try {
        const e = JSON.parse(line).entry;
        if (e?.kind === ROTATION_KIND && e.payload) rotations.push(e.payload);
      } catch {
      }
    }
    if (line.startsWith('{"event_time":"', line.indexOf('"entry":') + 8)) {
      const at2 = line.lastIndexOf(',"time":"');
      if (at2 > 0) {
        const time = line.slice(at2 + 9, line.indexOf('"', at2 + 9));
        if (time < lastLogTime) problem(`entry ${p}: log time ${time} is earlier than the previous entry's ${lastLogTime}`, p);
        lastLogTime = time;
      }
    }
  };
  for (; ; ) {
    if (at < batch.length) {
      for (; at < batch.length; at++) consume(batch[at]);
      continue;
    }
    const n = await it.next();
    if (n.done) break;
    batch = n.value;
    at = 0;
  }
  report.entries = position;
  if (position < head.size) problem(`entry ${position}: missing — the export ends after ${position} of ${head.size} entries`, position);
  if (blocks && position === head.size && head.size % span) {
    const last = blocks.length - 1;
    const trailing = builder.trailingBelow(level);
    if (!trailing?.equals(blocks[last])) problem(blockProblem(last * span, head.size, span), last * span);
  }
  if (!builder.root().equals(safeHex(head.root_hash))) problem(`root: the ${position} entries hash to ${builder.root().toString("hex")}, the head signs ${head.root_hash}`);
  if (saved && saved.size === 0 && position === 0) report.notes.push("saved head is the empty tree");
  if (pendingSignatures.length) {
    const chain = key2 ? rotationChain(publicKeyBase64(key2), rotations) : [];
    const failed = [];
    for (const c of pendingSignatures) {
      const by = chain.slice(1).find((k) => headSignatureValid(c.h, createPublicKey3({ key: Buffer.from(k, "base64"), format: "der", type: "spki" })));
      if (by) report.notes.push(`${c.text.split(":")[0]}: signed by key ${keyFingerprint(by).slice(0, 16)}…, which the trusted key handed over to in a ledger.key_rotated entry`);
      else failed.push(c.text);
    }
    report.problems.unshift(...failed);
    report.problems.splice(MAX_PROBLEMS);
  }
  report.ok = report.problems.length === 0;
  return report;
}
function blockProblem(from, to, span) {
  return span === 1 ? `entry ${from}: does not match the signed log — altered, inserted, removed or reordered` : `entries ${from}–${to - 1}: do not match the signed log — the first bad entry is among them`;
}
function safeHex(s) {
  try {
    return fromHex(s);
  } catch {
    return Buffer.alloc(32);
  }
}
function parseHead(line) {
  try {
    const h = JSON.parse(line);
    if (h.type !== "head" || !Number.isSafeInteger(h.size) || h.size < 0 || typeof h.root_hash !== "string" || typeof h.timestamp !== "string") return void 0;
    if (!Number.isInteger(h.block_level) || h.block_level < 0 || h.block_level > 52 || !Array.isArray(h.blocks)) return void 0;
    if (h.signature !== null && typeof h.signature !== "string") return void 0;
    if (typeof h.public_key !== "string") return void 0;
    return h;
  } catch {
    return void 0;
  }
}
async function* linesOf(chunks) {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    const lines = text.split("\n");
    rest = lines.pop();
    if (lines.length) yield lines;
  }
  rest += decoder.decode();
  if (rest) yield [rest];
}

// src/verifier/draw.ts
function readInput(file, flag) {
  let text;
  try {
    text = readFileSync4(file, "utf8");
  } catch (e) {
    throw new CliError(`--${flag} ${file}: cannot read (${e.message})`, 2);
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
async function ledgerEntriesOf(source, pin) {
  const publicKey = pin ? readPublicKey(pin) : void 0;
  const report = await verifyExport(linesOf(await exportChunks(source)), { publicKey });
  if (!report.ok) throw new CliError(`draw FAILED: the ledger export does not verify: ${report.problems[0]}`, 1);
  const out = [];
  let first = true;
  for await (const batch of linesOf(await exportChunks(source))) {
    for (const line of batch) {
      if (first || !line) {
        first = false;
        continue;
      }
      if (!line.includes('"kind":"sortition.')) continue;
      out.push(JSON.parse(line));
    }
  }
  return out;
}
async function checkDraw(args, io) {
  let inputs;
  let ledgerSource;
  if (args.url) {
    if (!isUrl(args.url)) throw new CliError(`draw: ${args.url} is not an http(s) URL; name the files with --commitment, --pool, --quotas, --report, --entropy`, 2);
    inputs = await fetchJson(args.url);
    ledgerSource = args.files.ledger ?? instanceBase(args.url);
  } else {
    const need = ["commitment", "pool", "quotas", "report", "entropy"];
    const missing = need.filter((n) => !args.files[n]);
    if (missing.length) throw new CliError(`draw: missing ${missing.map((m) => `--${m}`).join(", ")} (or give the run's URL)`, 2);
    inputs = {
      commitment: readInput(args.files.commitment, "commitment"),
      publicPool: readInput(args.files.pool, "pool"),
      quotas: readInput(args.files.quotas, "quotas"),
      report: readInput(args.files.report, "report"),
      entropy: readInput(args.files.entropy, "entropy")
    };
    ledgerSource = args.files.ledger;
  }
  if (!ledgerSource) throw new CliError("draw: --ledger EXPORT (a file or the instance URL) is needed to anchor the draw", 2);
  const ledgerEntries = await ledgerEntriesOf(ledgerSource, args.pin);
  let result;
  try {
    result = verifyPublicDraw({
      commitment: inputs.commitment,
      publicPool: inputs.publicPool,
      quotas: inputs.quotas,
      report: inputs.report,
      entropy: inputs.entropy,
      ledgerEntries
    });
  } catch (e) {
    throw new CliError(`draw: ${e.message}`, 2);
  }
  for (const c of result.checks) io.out(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  if (!result.ok) throw new CliError("draw verify FAILED", 1);
  io.out("ok: the draw reruns bit for bit and matches its ledger entries");
}

// src/verifier/ledger.ts
function key(spec, flag) {
  try {
    return readPublicKey(spec);
  } catch (e) {
    throw new CliError(e.message.replace(/^--key/, flag), 2);
  }
}
async function checkLedger(args, io) {
  const publicKey = args.pin ? key(args.pin, "--pin") : void 0;
  const witnessKeys = (args.witnesses ?? []).map((w) => key(w, "--witness"));
  if (args.quorum !== void 0) {
    if (!witnessKeys.length) throw new CliError("--quorum needs at least one --witness key", 2);
    if (!Number.isInteger(args.quorum) || args.quorum < 1 || args.quorum > witnessKeys.length) {
      throw new CliError(`--quorum: must be a whole number from 1 to ${witnessKeys.length} (the number of --witness keys)`, 2);
    }
  }
  if (args.head && args.headDir) throw new CliError("give either --head or --head-dir, not both", 2);
  let saved;
  let savedFrom;
  if (args.head) {
    saved = readHeadFile(args.head);
    savedFrom = args.head;
  } else if (args.headDir) {
    const last = lastSavedHead(args.headDir);
    saved = last?.head;
    savedFrom = last?.file;
  }
  const report = await verifyExport(linesOf(await exportChunks(args.source)), { publicKey, savedHead: saved, witnessKeys, quorum: args.quorum });
  for (const note of report.notes) io.err(`note: ${note}`);
  if (!report.ok) {
    for (const p of report.problems.slice(1)) io.err(`  also: ${p}`);
    const where = report.firstBadEntry !== void 0 ? `first bad entry ${report.firstBadEntry}: ` : "";
    throw new CliError(`ledger verify FAILED: ${where}${report.problems[0]}`, 1);
  }
  const h = report.head;
  const signer = publicKey ? publicKeyBase64(publicKey) : h.public_key;
  const parts = [`ok: ${report.entries} entries, root ${h.root_hash}, signed ${h.timestamp} by key ${keyFingerprint(signer).slice(0, 16)}…`];
  if (saved) parts.push(`consistent with the saved head of ${saved.size} entries${savedFrom && args.headDir ? ` (${savedFrom})` : ""}`);
  if (report.witnessed) parts.push(`cosigned by ${report.witnessed.cosigners} of ${witnessKeys.length} witnesses at ${report.witnessed.size} entries`);
  io.out(parts.join(", "));
  if (args.headDir && h.signature !== null) {
    const { type: _type, block_level: _level, blocks: _blocks, witnessed: _witnessed, ...head } = h;
    const file = keepHead(args.headDir, { ...head, signature: h.signature, source: isUrl(args.source) ? exportUrl(args.source) : void 0 });
    io.out(file ? `saved this head as ${file}` : `this head is already saved (${savedFrom})`);
  }
}

// src/verifier/main.ts
var USAGE = `kenes-verify ${true ? "0.1.0" : "dev"}: check a Kenes public ledger and its draws yourself

  node kenes-verify.mjs ledger URL|export.jsonl [--head-dir heads/] [--pin KEY] [--witness KEY …] [--quorum N]
      recompute the Merkle tree, check the head signature (pin the published key), check that the log
      extends the last head saved in --head-dir and add the new head there as the next NNNN.json,
      and require a quorum of witness cosignatures
  node kenes-verify.mjs consistency OLD.json NEW.json [--pin KEY] [--url URL] [--proof FILE]
      check that NEW extends OLD (both signatures and an RFC 9162 consistency proof)
  node kenes-verify.mjs draw RUN_URL | --commitment F --pool F --quotas F --report F --entropy F --ledger EXPORT [--pin KEY]
      rerun a public draw and check it against its ledger entries

KEY: base64 SPKI DER, PEM, or a file holding either. Exit 0: verified; 1: verification failed; 2: bad input.`;
function parseArgs(argv, repeatable, known) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--") || a === "-") {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (!known.includes(name)) throw new CliError(`unknown option --${name}`, 2);
    const value = inline ?? argv[++i];
    if (value === void 0) throw new CliError(`--${name} needs a value`, 2);
    if (!repeatable.includes(name) && flags[name]) throw new CliError(`--${name} given twice`, 2);
    const list = flags[name] ?? [];
    list.push(value);
    flags[name] = list;
  }
  return { positional, flags };
}
async function main(argv, io) {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return;
  }
  if (command === "ledger") {
    const { positional, flags } = parseArgs(rest, ["witness"], ["head-dir", "head", "pin", "key", "witness", "quorum"]);
    if (positional.length !== 1) throw new CliError("ledger: give one source (the instance URL or an export file)", 2);
    const quorum = flags.quorum?.[0];
    if (quorum !== void 0 && !/^\d+$/.test(quorum)) throw new CliError("--quorum: must be a whole number", 2);
    await checkLedger(
      {
        source: positional[0],
        pin: flags.pin?.[0] ?? flags.key?.[0],
        head: flags.head?.[0],
        headDir: flags["head-dir"]?.[0],
        witnesses: flags.witness,
        quorum: quorum === void 0 ? void 0 : Number(quorum)
      },
      io
    );
    return;
  }
  if (command === "consistency") {
    const { positional, flags } = parseArgs(rest, [], ["pin", "key", "url", "proof"]);
    if (positional.length !== 2) throw new CliError("consistency: give OLD.json and NEW.json", 2);
    await checkConsistency({ oldFile: positional[0], newFile: positional[1], pin: flags.pin?.[0] ?? flags.key?.[0], url: flags.url?.[0], proof: flags.proof?.[0] }, io);
    return;
  }
  if (command === "draw") {
    const names = ["commitment", "pool", "quotas", "report", "entropy", "ledger"];
    const { positional, flags } = parseArgs(rest, [], [...names, "pin", "key"]);
    if (positional.length > 1) throw new CliError("draw: give one run URL, or name the files with flags", 2);
    const files = {};
    for (const n of names) if (flags[n]) files[n] = flags[n][0];
    await checkDraw({ url: positional[0], files, pin: flags.pin?.[0] ?? flags.key?.[0] }, io);
    return;
  }
  throw new CliError(`unknown command "${command}" (ledger, consistency, draw; --help)`, 2);
}

// src/verifier/bin.ts
try {
  await main(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}
`), err: (l) => process.stderr.write(`${l}
`) });
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`kenes-verify: ${err.message}
`);
    process.exit(err.exitCode);
  }
  throw err;
}
