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
function rootFromInclusionProof(leafHash, index, size, proof) {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (lsb(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}
function verifyInclusion(leafHash, index, size, proof, root) {
  const r = rootFromInclusionProof(leafHash, index, size, proof);
  return r?.equals(root) ?? false;
}
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
  let pinned2;
  if (args.pin) {
    try {
      pinned2 = readPublicKey(args.pin);
    } catch (e) {
      throw new CliError(e.message.replace(/^--key/, "--pin"), 2);
    }
  } else io.err("note: no --pin given: each head was checked against the key inside it; pin the platform key to detect a forged head");
  for (const [name, h] of [["OLD", a], ["NEW", b]]) {
    const k = pinned2 ?? embeddedKey(h.public_key);
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

// src/core/sortition/random.ts
import { createHash as createHash3 } from "node:crypto";
function sha256Hex(data) {
  return createHash3("sha256").update(data).digest("hex");
}
function canonicalEntropy(entropy) {
  return entropy.normalize("NFC").split(/\r\n|\r|\n/).map((line) => line.trim().replace(/\s+/g, " ")).filter((line) => line !== "").join("\n");
}
function seedFromEntropy(entropy) {
  const canonical = canonicalEntropy(entropy);
  if (canonical === "") throw new Error("the entropy string is empty");
  return sha256Hex(canonical);
}
var HashRng = class {
  constructor(seed, label) {
    this.seed = seed;
    this.label = label;
  }
  seed;
  label;
  counter = 0n;
  block() {
    const hex = sha256Hex(`${this.seed}|${this.label}|${this.counter}`);
    this.counter++;
    return BigInt(`0x${hex}`);
  }
  /** Uniform integer in [0, n), by rejection sampling on 256-bit blocks (no modulo bias). */
  below(n) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`cannot draw below ${n}`);
    const N = BigInt(n);
    const limit = (1n << 256n) - (1n << 256n) % N;
    for (; ; ) {
      const v = this.block();
      if (v < limit) return Number(v % N);
    }
  }
  /** `count` distinct items of `items`, uniformly, by a partial Fisher–Yates shuffle. */
  sample(items, count) {
    const a = items.slice();
    for (let i = 0; i < count; i++) {
      const j = i + this.below(a.length - i);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, count);
  }
};

// src/core/sortition/canonical.ts
var INPUT_FORMAT = "kenes-sortition-input/1";
function canonicalInputs(input, algorithm, lotterySize, distribution = "leximin") {
  return JSON.stringify({
    format: INPUT_FORMAT,
    algorithm,
    lotterySize,
    k: input.k,
    categories: input.categories,
    quotas: input.quotas.map((q) => [q.category, q.value, q.min, q.max, q.minFlex ?? null, q.maxFlex ?? null]),
    householdColumns: input.householdColumns ?? [],
    people: input.people.map((p) => [p.id, input.categories.map((c) => p.features[c]), p.household ?? null]),
    // Only when not the default, so the hashes of existing draws stay the same (ADR 0116).
    ...distribution === "leximin" ? {} : { distribution }
  });
}
function inputHash(input, algorithm, lotterySize, distribution = "leximin") {
  return sha256Hex(canonicalInputs(input, algorithm, lotterySize, distribution));
}

// src/core/sortition/lottery.ts
var SNAP = 1e-9;
function roundToLottery(inst, panels, probs, M) {
  const T = inst.types.length;
  const target = probs.map((p) => p * M);
  const value = target.map((a) => {
    const r = Math.round(a);
    return Math.abs(a - r) < SNAP ? r : a;
  });
  const deviation = new Float64Array(T);
  value.forEach((v, j) => {
    addDeviation(deviation, panels[j], v - target[j]);
  });
  const scale = Array.from({ length: T }, (_, t) => 1 / (M * inst.size[t]));
  const isFrac = (v) => Math.abs(v - Math.round(v)) >= SNAP;
  let carry = -1;
  for (let j = 0; j < value.length; j++) {
    if (!isFrac(value[j])) continue;
    if (carry < 0) {
      carry = j;
      continue;
    }
    const i = carry;
    const up = Math.min(Math.ceil(value[i]) - value[i], value[j] - Math.floor(value[j]));
    const down = Math.min(value[i] - Math.floor(value[i]), Math.ceil(value[j]) - value[j]);
    const costUp = worstAfter(deviation, scale, panels[i], panels[j], up);
    const costDown = worstAfter(deviation, scale, panels[i], panels[j], -down);
    const delta = costUp <= costDown ? up : -down;
    value[i] += delta;
    value[j] -= delta;
    addDeviation(deviation, panels[i], delta);
    addDeviation(deviation, panels[j], -delta);
    for (const x of [i, j]) if (!isFrac(value[x])) value[x] = Math.round(value[x]);
    carry = isFrac(value[i]) ? i : isFrac(value[j]) ? j : -1;
  }
  if (carry >= 0) value[carry] = Math.round(value[carry]);
  const tickets = value.map((v) => Math.round(v));
  fixTotal(tickets, target, M);
  const order = panels.map((_, j) => j).filter((j) => tickets[j] > 0);
  order.sort((a, b) => compareLex(panels[a], panels[b]));
  const outPanels = order.map((j) => panels[j]);
  const outTickets = order.map((j) => tickets[j]);
  const typeTickets = new Array(T).fill(0);
  outPanels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) typeTickets[t] += panel[t] * outTickets[j];
  });
  const exact = new Array(T).fill(0);
  panels.forEach((panel, j) => {
    for (let t = 0; t < T; t++) exact[t] += panel[t] * probs[j];
  });
  const typeProb = typeTickets.map((x, t) => x / (M * inst.size[t]));
  let maxChange = 0;
  for (let t = 0; t < T; t++) maxChange = Math.max(maxChange, Math.abs(typeProb[t] - exact[t] / inst.size[t]));
  return { panels: outPanels, tickets: outTickets, size: M, maxChange, typeProb, typeTickets };
}
function addDeviation(dev, panel, amount) {
  if (amount === 0) return;
  for (let t = 0; t < panel.length; t++) if (panel[t]) dev[t] += panel[t] * amount;
}
function worstAfter(dev, scale, a, b, delta) {
  let worst = 0;
  for (let t = 0; t < a.length; t++) {
    if (!a[t] && !b[t]) continue;
    const d = Math.abs((dev[t] + (a[t] - b[t]) * delta) * scale[t]);
    if (d > worst) worst = d;
  }
  return worst;
}
function fixTotal(tickets, target, M) {
  let diff = M - tickets.reduce((s, x) => s + x, 0);
  while (diff !== 0) {
    const step = diff > 0 ? 1 : -1;
    let best = -1;
    let bestGain = Number.NEGATIVE_INFINITY;
    tickets.forEach((x, j) => {
      if (x + step < 0) return;
      const gain = Math.abs(x - target[j]) - Math.abs(x + step - target[j]);
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    });
    tickets[best] += step;
    diff -= step;
  }
}
function compareLex(a, b) {
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return a[t] - b[t];
  return 0;
}
function panelOfTicket(lottery, ticket) {
  let start = 0;
  for (let j = 0; j < lottery.tickets.length; j++) {
    start += lottery.tickets[j];
    if (ticket < start) return j;
  }
  throw new Error(`ticket ${ticket} outside 0..${lottery.size - 1}`);
}

// src/core/sortition/publicCsv.ts
function readCsvRows(text) {
  const rows = [];
  let row = [];
  let cur = "";
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 65279 ? 1 : 0;
  let fieldStart = true;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        cur += ch;
      }
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (ch === '"') {
      throw new Error(`line ${line}: a quote inside an unquoted cell`);
    } else if (ch === ",") {
      row.push(cur);
      cur = "";
      fieldStart = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cur);
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      cur = "";
      fieldStart = true;
      line++;
    } else {
      cur += ch;
      fieldStart = false;
    }
  }
  if (quoted) throw new Error(`line ${line}: unterminated quoted cell`);
  row.push(cur);
  if (row.length > 1 || row[0] !== "") rows.push(row);
  return rows;
}

// src/core/sortition/types.ts
function buildTypes(input) {
  const quotaIdx = new Map(input.quotas.map((q, i) => [JSON.stringify([q.category, q.value]), i]));
  const householdSize = /* @__PURE__ */ new Map();
  for (const p of input.people) {
    if (p.household !== void 0) householdSize.set(p.household, (householdSize.get(p.household) ?? 0) + 1);
  }
  const byKey = /* @__PURE__ */ new Map();
  input.people.forEach((person, index) => {
    const values = input.categories.map((c) => person.features[c]);
    const tied = person.household !== void 0 && (householdSize.get(person.household) ?? 0) > 1;
    const key2 = JSON.stringify(tied ? [values, index] : [values]);
    let type = byKey.get(key2);
    if (!type) {
      const quotaIndex = input.categories.map((c, i) => quotaIdx.get(JSON.stringify([c, values[i]])));
      type = { members: [], quotaIndex, values };
      byKey.set(key2, type);
    }
    type.members.push(index);
  });
  const types = [...byKey.values()].sort((a, b) => {
    for (let i = 0; i < a.values.length; i++) {
      if (a.values[i] !== b.values[i]) return a.values[i] < b.values[i] ? -1 : 1;
    }
    return a.members[0] - b.members[0];
  });
  const quotaTypes = input.quotas.map(() => []);
  types.forEach((t, ti) => {
    for (const q of t.quotaIndex) quotaTypes[q].push(ti);
  });
  const groups = /* @__PURE__ */ new Map();
  types.forEach((t, ti) => {
    const h = input.people[t.members[0]].household;
    if (t.members.length === 1 && h !== void 0 && (householdSize.get(h) ?? 0) > 1) {
      const g = groups.get(h) ?? [];
      g.push(ti);
      groups.set(h, g);
    }
  });
  return {
    input,
    types,
    size: types.map((t) => t.members.length),
    quotaTypes,
    householdGroups: [...groups.values()]
  };
}

// src/core/sortition/publicDraw.ts
var PUBLIC_DRAW_FORMAT = "kenes-public-draw/1";
var CANDIDATE_COLUMN = "candidate";
var HOUSEHOLD_COLUMN = "household_group";
function canonicalQuota(q) {
  return { category: q.category, value: q.value, min: q.min, max: q.max, minFlex: q.minFlex ?? null, maxFlex: q.maxFlex ?? null };
}
function canonicalPublicInputs(p) {
  return canonicalJson({
    format: p.format,
    engine: p.engine,
    algorithm: p.algorithm,
    lotterySize: p.lotterySize,
    k: p.k,
    categories: p.pool.categories,
    householdRule: p.pool.householdRule,
    pool: p.pool.candidates.map((c) => [c.number, ...c.values, c.household]),
    quotas: p.quotas.map(canonicalQuota),
    entropy: { sources: p.entropy.sources, after: p.entropy.after }
  });
}
function commitmentOf(publicInputs) {
  return sha256Hex(canonicalPublicInputs(publicInputs));
}
function selectionInputOf(p) {
  const { categories, householdRule, candidates } = p.pool;
  return {
    people: candidates.map((c) => ({
      id: c.number,
      features: Object.fromEntries(categories.map((cat, i) => [cat, c.values[i]])),
      ...c.household !== null ? { household: c.household } : {}
    })),
    categories: categories.slice(),
    quotas: p.quotas.map((q) => ({ category: q.category, value: q.value, min: q.min, max: q.max, ...q.minFlex != null ? { minFlex: q.minFlex } : {}, ...q.maxFlex != null ? { maxFlex: q.maxFlex } : {} })),
    k: p.k,
    ...householdRule ? { householdColumns: [HOUSEHOLD_COLUMN] } : {}
  };
}
function parsePoolCsv(text, categories, householdRule) {
  const rows = readCsvRows(text);
  const header = rows[0] ?? [];
  const want = [CANDIDATE_COLUMN, ...categories, ...householdRule ? [HOUSEHOLD_COLUMN] : []];
  if (header.join("\0") !== want.join("\0")) throw new Error(`pool file: header is "${header.join(",")}", expected "${want.join(",")}"`);
  const candidates = rows.slice(1).map((r, i) => {
    if (r.length !== want.length) throw new Error(`pool file: row ${i + 2} has ${r.length} cells, expected ${want.length}`);
    return { number: r[0], values: r.slice(1, 1 + categories.length), household: householdRule && r[want.length - 1] !== "" ? r[want.length - 1] : null };
  });
  return { categories: categories.slice(), householdRule, candidates };
}
function parseQuotasCsv(text) {
  const rows = readCsvRows(text);
  const want = "category,value,min,max,min_flex,max_flex";
  if ((rows[0] ?? []).join(",") !== want) throw new Error(`quotas file: header is "${(rows[0] ?? []).join(",")}", expected "${want}"`);
  const int = (s, where) => {
    if (!/^\d+$/.test(s)) throw new Error(`quotas file: ${where} is "${s}", not a non-negative integer`);
    return Number(s);
  };
  return rows.slice(1).map((r, i) => {
    const at = (c) => `row ${i + 2} column ${c}`;
    const q = { category: r[0], value: r[1], min: int(r[2], at("min")), max: int(r[3], at("max")) };
    if (r[4]) q.minFlex = int(r[4], at("min_flex"));
    if (r[5]) q.maxFlex = int(r[5], at("max_flex"));
    return q;
  });
}
var NOT_RERUN_NOTE = "The LEXIMIN (or other) optimisation is not rerun here: the report's distribution is taken as given, checked to meet the quotas, and the rounding to the lottery and the pick are redone bit for bit. `kenes select verify URL` also reruns the optimisation.";
function readEntries(list) {
  const out = [];
  for (const e of list) {
    try {
      const v = JSON.parse(e.entry);
      if (typeof v.kind === "string" && v.payload && typeof v.payload === "object") {
        out.push({ index: e.index, text: e.entry, kind: v.kind, subject: String(v.subject ?? ""), time: String(v.time ?? ""), payload: v.payload });
      }
    } catch {
    }
  }
  return out;
}
function sameLottery(a, r) {
  if (a.size !== r.size) return `size ${a.size} ≠ ${r.size}`;
  if (a.panels.length !== r.panels.length) return `${a.panels.length} panels after rounding, the report has ${r.panels.length}`;
  let first = 0;
  for (let j = 0; j < a.panels.length; j++) {
    const members = [];
    a.panels[j].forEach((c, t) => {
      if (c) members.push([t, c]);
    });
    const p = r.panels[j];
    if (p.tickets !== a.tickets[j] || p.firstTicket !== first || JSON.stringify(p.members) !== JSON.stringify(members)) return `panel ${j} differs`;
    first += a.tickets[j];
  }
  return null;
}
function panelBreaksQuotas(inst, counts) {
  let total = 0;
  for (let t = 0; t < counts.length; t++) {
    if (counts[t] < 0 || counts[t] > inst.size[t]) return `type ${t} has ${counts[t]} of ${inst.size[t]}`;
    total += counts[t];
  }
  if (total !== inst.input.k) return `${total} members, k is ${inst.input.k}`;
  for (let qi = 0; qi < inst.input.quotas.length; qi++) {
    const q = inst.input.quotas[qi];
    const n = inst.quotaTypes[qi].reduce((s, t) => s + counts[t], 0);
    if (n < q.min || n > q.max) return `${q.category}=${q.value}: ${n} outside ${q.min}..${q.max}`;
  }
  for (const g of inst.householdGroups) if (g.reduce((s, t) => s + counts[t], 0) > 1) return "two members of one household group";
  return null;
}
function toCounts(pairs, types) {
  const a = new Int32Array(types);
  for (const [t, c] of pairs) {
    if (!Number.isInteger(t) || t < 0 || t >= types) throw new Error(`type ${t} out of range`);
    a[t] = c;
  }
  return a;
}
function verifyPublicDraw(args) {
  const checks = [];
  const notes = [NOT_RERUN_NOTE];
  const add = (name, ok, detail) => checks.push({ name, ok, detail });
  const done = () => ({ ok: checks.length > 0 && checks.every((c2) => c2.ok), checks, notes });
  let c;
  let report;
  let pool;
  let quotas;
  try {
    c = typeof args.commitment === "string" ? JSON.parse(args.commitment) : args.commitment;
    report = typeof args.report === "string" ? JSON.parse(args.report) : args.report;
    if (c.format !== PUBLIC_DRAW_FORMAT) throw new Error(`commitment file format is ${String(c.format)}, expected ${PUBLIC_DRAW_FORMAT}`);
    pool = typeof args.publicPool === "string" ? parsePoolCsv(args.publicPool, c.categories, c.householdRule) : args.publicPool;
    quotas = typeof args.quotas === "string" ? parseQuotasCsv(args.quotas) : args.quotas;
  } catch (err) {
    add("files", false, `cannot read the published files: ${err.message}`);
    return done();
  }
  const inputs = { format: PUBLIC_DRAW_FORMAT, engine: c.engine, algorithm: c.algorithm, lotterySize: c.lotterySize, k: c.k, pool, quotas, entropy: c.entropy };
  const commitment = commitmentOf(inputs);
  add("commitment", commitment === c.commitment, commitment === c.commitment ? `SHA-256 of the canonical inputs is ${commitment}` : `the pool, quotas and commitment.json hash to ${commitment}, but commitment.json says ${c.commitment}`);
  const entries = readEntries(args.ledgerEntries);
  const committed = entries.find((e) => e.kind === "sortition.committed" && e.payload.commitment === commitment);
  if (!committed) {
    add("committed-entry", false, `no sortition.committed ledger entry carries the commitment ${commitment}`);
    return done();
  }
  const committedHash = hashLeaf(committed.text).toString("hex");
  add("committed-entry", true, `ledger entry ${committed.index} (${committed.subject}) commits to ${commitment}`);
  const cites = (e) => e.payload.commitmentIndex === committed.index && e.payload.commitmentEntryHash === committedHash;
  const after = Date.parse(c.entropy.after);
  const committedTime = Date.parse(committed.time);
  const covering = (args.heads ?? []).filter((h) => h.size > committed.index && Date.parse(h.timestamp) < after);
  const beforeOk = Number.isFinite(after) && committedTime < after && (args.heads === void 0 || covering.length > 0);
  add(
    "commitment-before-entropy",
    beforeOk,
    `committed at ${committed.time}, entropy sources (${c.entropy.sources.join("; ")}) exist after ${c.entropy.after}` + (args.heads === void 0 ? "; no signed heads given to date it" : covering.length ? `; signed head of size ${covering[0].size} at ${covering[0].timestamp} covers it` : "; no signed head covering the commitment was issued before that date")
  );
  const revealed = entries.find((e) => e.kind === "sortition.revealed" && e.payload.commitment === commitment && cites(e));
  if (!revealed) {
    add("reveal-entry", false, `no sortition.revealed ledger entry cites entry ${committed.index}`);
    return done();
  }
  const revealedAt = Date.parse(String(revealed.payload.revealedAt));
  const revealOk = revealed.index > committed.index && revealedAt >= after;
  add("reveal-after-commitment", revealOk, `entropy revealed in entry ${revealed.index} at ${String(revealed.payload.revealedAt)}${revealOk ? "" : ` — it must come after entry ${committed.index} and not before ${c.entropy.after}`}`);
  const entropyText = args.entropy ?? String(revealed.payload.entropy ?? "");
  let seed = "";
  try {
    seed = seedFromEntropy(entropyText);
  } catch (err) {
    add("seed", false, err.message);
    return done();
  }
  const canonical = canonicalEntropy(entropyText);
  const seedOk = seed === report.seed && report.entropy === canonical && revealed.payload.entropy === canonical && revealed.payload.seed === seed;
  add("seed", seedOk, seedOk ? `seed ${seed} = SHA-256 of the revealed entropy` : `SHA-256 of the entropy is ${seed}; the report's seed is ${report.seed}${revealed.payload.entropy === canonical ? "" : " and the ledger revealed other entropy"}`);
  const input = selectionInputOf(inputs);
  const hash2 = inputHash(input, c.algorithm, c.lotterySize);
  const same = report.inputHash === hash2 && report.k === c.k && report.algorithm === c.algorithm && report.lottery?.size === c.lotterySize && report.ceremony?.commitment === commitment;
  add("report-inputs", same, same ? `the report is of these inputs (input hash ${hash2})` : `the report's input hash, k, algorithm, lottery size or commitment differ from the published ones (input hash ${hash2})`);
  try {
    const inst = buildTypes(input);
    const types = report.lottery.types;
    const typesOk = types.length === inst.types.length && types.every((t, i) => t.size === inst.size[i] && JSON.stringify(t.values) === JSON.stringify(inst.types[i].values));
    if (!typesOk) {
      add("lottery", false, "the report's types are not those of the published pool");
      return done();
    }
    if (!report.distribution) {
      add("lottery", false, "the report has no distribution to round (a legacy-algorithm report cannot be a public draw)");
      return done();
    }
    const panels = report.distribution.panels.map((p) => toCounts(p, inst.types.length));
    const bad = panels.map((p, j) => [j, panelBreaksQuotas(inst, p)]).find(([, why]) => why !== null);
    const sum = report.distribution.probs.reduce((s, p) => s + p, 0);
    const distOk = !bad && report.distribution.probs.every((p) => p >= 0) && Math.abs(sum - 1) < 1e-6 && panels.length === report.distribution.probs.length;
    add("distribution", distOk, distOk ? `${panels.length} panels, each meeting the quotas, probabilities summing to 1` : bad ? `panel ${bad[0]} breaks the rules: ${bad[1]}` : `probabilities sum to ${sum}`);
    const lottery = roundToLottery(inst, panels, report.distribution.probs, c.lotterySize);
    const diff = sameLottery(lottery, report.lottery);
    add("lottery", diff === null, diff === null ? `rounding gives the report's lottery of ${lottery.size} tickets over ${lottery.panels.length} panels` : `rounding the distribution does not give the report's lottery: ${diff}`);
    if (diff !== null) return done();
    const ticket = new HashRng(seed, "ticket").below(lottery.size);
    const panel = panelOfTicket(lottery, ticket);
    const rng = new HashRng(seed, "members");
    const chosen = [];
    lottery.panels[panel].forEach((count, t) => {
      if (count) chosen.push(...rng.sample(inst.types[t].members, count));
    });
    chosen.sort((a, b) => a - b);
    const members = chosen.map((i) => input.people[i].id);
    const pickOk = report.draw.ticket === ticket && report.draw.panel === panel && JSON.stringify(report.draw.members) === JSON.stringify(members);
    add("panel", pickOk, pickOk ? `ticket ${ticket} → panel ${panel}: ${members.join(", ")}` : `with this seed the ticket is ${ticket} and the panel ${members.join(", ")}; the report says ticket ${report.draw.ticket}: ${report.draw.members.join(", ")}`);
  } catch (err) {
    add("lottery", false, `cannot redo the lottery from the report: ${err.message}`);
  }
  const reportHash = sha256Hex(canonicalJson(report));
  const drawn = entries.find((e) => e.kind === "sortition.drawn" && e.payload.commitment === commitment);
  if (!drawn) add("drawn-entry", false, `no sortition.drawn ledger entry for commitment ${commitment}`);
  else {
    const ok = drawn.payload.reportHash === reportHash && cites(drawn) && drawn.index > revealed.index;
    add("drawn-entry", ok, ok ? `ledger entry ${drawn.index} records this report (SHA-256 ${reportHash}) and cites entry ${committed.index}` : drawn.payload.reportHash !== reportHash ? `ledger entry ${drawn.index} records report ${String(drawn.payload.reportHash)}, this report hashes to ${reportHash}` : `ledger entry ${drawn.index} does not cite the commitment entry ${committed.index} (hash ${committedHash}) after the reveal`);
  }
  return done();
}

// src/verifier/drawSource.ts
import { readFileSync as readFileSync4 } from "node:fs";

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
      let parsed2;
      try {
        parsed2 = JSON.parse(line);
      } catch {
        problem(`entry ${p}: line ${p + 2} is not JSON`, p);
        builder.push(hashLeaf(line), checkBlock);
        return;
      }
      if (parsed2.index !== p) problem(`entry ${p}: expected index ${p}, found ${JSON.stringify(parsed2.index)} — an entry was removed, inserted or reordered here`, p);
      leaf = hashLeaf(canonicalJson(parsed2.entry ?? null));
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

// src/verifier/drawSource.ts
async function getText(url) {
  let res;
  try {
    res = await fetch(url, { headers: { accept: "application/json, text/csv" } });
  } catch (err) {
    throw new CliError(`${url}: ${err.message}`, 2);
  }
  if (!res.ok) throw new CliError(`${url}: HTTP ${res.status}`, 2);
  return res.text();
}
function runPageUrl(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw new CliError(`${raw}: not a URL`, 2);
  }
  const m = u.pathname.match(/^(.*?)\/(?:api\/v1\/)?sortition\/(?:runs|draws)\/([0-9a-f-]{36})/);
  if (!m) throw new CliError(`${raw}: not the address of a draw (…/sortition/runs/ID)`, 2);
  const base = `${u.origin}${m[1]}`;
  return { origin: base, page: `${base}/sortition/runs/${m[2]}` };
}
function checkHead(head, key2, notes, what) {
  const k = key2 ?? parsePublicKey(head.public_key);
  if (!headSignatureValid(head, k)) throw new CliError(`verification failed: the signed head of size ${head.size} (${what}) has a bad signature`, 1);
  const note = "signed heads were checked with the key the server sent: pin the platform key to detect a forged head";
  if (!key2 && !notes.includes(note)) notes.push(note);
}
function parsed(text, url) {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${url}: not JSON`, 1);
  }
}
async function fetchRunInputs(url, key2) {
  const { origin, page } = runPageUrl(url);
  const names = ["commitment.json", "pool.csv", "quotas.csv", "report.json", "ledger.json"];
  const [commitment, publicPool, quotas, report, ledgerText] = await Promise.all(names.map((f) => getText(`${page}/${f}`)));
  const ledger = parsed(ledgerText, `${page}/ledger.json`);
  if (!Array.isArray(ledger.entries)) throw new CliError(`${page}/ledger.json: no entries list`, 1);
  const notes = [];
  for (const e of ledger.entries) {
    const proofUrl = `${origin}/api/v1/ledger/entries/${e.index}`;
    const p = parsed(await getText(proofUrl), proofUrl);
    if (p.entry !== e.entry) throw new CliError(`verification failed: ledger entry ${e.index} differs from the one the draw's page lists`, 1);
    if (!p.head) throw new CliError(`verification failed: ledger entry ${e.index} is not under a signed head yet`, 1);
    checkHead(p.head, key2, notes, `entry ${e.index}`);
    if (!verifyInclusion(hashLeaf(p.entry), e.index, p.head.size, p.inclusion_proof.map(fromHex), fromHex(p.head.root_hash))) {
      throw new CliError(`verification failed: the inclusion proof of ledger entry ${e.index} does not match the signed head of size ${p.head.size}`, 1);
    }
  }
  const heads = [];
  if (ledger.commitHead) {
    checkHead(ledger.commitHead, key2, notes, "the commitment");
    const committed = ledger.entries.find((e) => parsed(e.entry, "ledger.json").kind === "sortition.committed");
    if (committed) {
      const proofUrl = `${origin}/api/v1/ledger/entries/${committed.index}?size=${ledger.commitHead.size}`;
      const p = parsed(await getText(proofUrl), proofUrl);
      if (p.entry === committed.entry && verifyInclusion(hashLeaf(p.entry), committed.index, ledger.commitHead.size, p.inclusion_proof.map(fromHex), fromHex(ledger.commitHead.root_hash))) heads.push(ledger.commitHead);
      else notes.push(`the commitment entry ${committed.index} is not proved inside the signed head of size ${ledger.commitHead.size}`);
    }
  }
  notes.push(`${ledger.entries.length} ledger entries proved included under signed heads`);
  return { commitment, publicPool, quotas, report, ledgerEntries: ledger.entries, heads, notes };
}
function readText(file, flag) {
  try {
    return readFileSync4(file, "utf8");
  } catch (err) {
    throw new CliError(`${flag} ${file}: cannot read (${err.code ?? err.message})`, 2);
  }
}
async function exportedDrawEntries(chunks, key2) {
  const entries = [];
  async function* tap(batches) {
    for await (const batch of batches) {
      for (const line of batch) {
        if (!line.includes('"kind":"sortition.')) continue;
        const v = JSON.parse(line);
        if (typeof v.index === "number") entries.push({ index: v.index, entry: canonicalJson(v.entry) });
      }
      yield batch;
    }
  }
  const exported = await verifyExport(tap(linesOf(chunks)), { publicKey: key2 });
  if (!exported.ok) throw new CliError(`verification failed: the ledger export does not verify: ${exported.problems[0] ?? "unknown problem"}`, 1);
  return { entries, notes: [`ledger export of ${exported.entries} entries verified (tree and signature)`, ...exported.notes] };
}

// src/verifier/draw.ts
var DRAW_FILES = ["commitment", "pool", "quotas", "report", "entropy", "ledger"];
function pinned(spec) {
  if (!spec) return void 0;
  try {
    return readPublicKey(spec);
  } catch (e) {
    throw new CliError(e.message.replace(/^--key/, "--pin"), 2);
  }
}
async function fromFiles(files, key2) {
  const need = ["commitment", "pool", "quotas", "report", "entropy", "ledger"];
  const missing = need.filter((n) => !files[n]);
  if (missing.length) throw new CliError(`draw: missing ${missing.map((m) => `--${m}`).join(", ")} (or give the run's URL)`, 2);
  const commitment = readText(files.commitment, "--commitment");
  const publicPool = readText(files.pool, "--pool");
  const quotas = readText(files.quotas, "--quotas");
  const report = readText(files.report, "--report");
  const entropy = readText(files.entropy, "--entropy");
  const { entries, notes } = await exportedDrawEntries(await exportChunks(files.ledger), key2);
  return { commitment, publicPool, quotas, report, entropy, ledgerEntries: entries, notes };
}
async function checkDraw(args, io) {
  const key2 = pinned(args.pin);
  let inputs;
  if (args.url) {
    if (!isUrl(args.url)) throw new CliError(`draw: ${args.url} is not an http(s) URL; name the files with --commitment, --pool, --quotas, --report, --ledger`, 2);
    const named = Object.keys(args.files);
    if (named.length) throw new CliError(`draw: give either the run's URL or the files, not both (--${named[0]})`, 2);
    inputs = await fetchRunInputs(args.url, key2);
  } else {
    inputs = await fromFiles(args.files, key2);
  }
  const { notes, ...drawArgs } = inputs;
  const verdict = verifyPublicDraw(drawArgs);
  for (const c of verdict.checks) io.out(`${c.ok ? "ok  " : "FAIL"} ${c.name}: ${c.detail}`);
  for (const n of [...verdict.notes, ...notes]) io.out(`note: ${n}`);
  if (!verdict.ok) {
    const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
    throw new CliError(`draw verify FAILED: ${failed.join(", ")}`, 1);
  }
  io.out(`ok: all ${verdict.checks.length} checks pass; the draw's rounding, lottery and pick rerun bit for bit and match its ledger entries (the LEXIMIN optimisation itself is not rerun)`);
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
      redo a public draw's rounding, lottery and pick and check them against its ledger entries (proved
      under signed heads); the LEXIMIN optimisation is not rerun (\`kenes select verify\` does that)

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
    const { positional, flags } = parseArgs(rest, [], [...DRAW_FILES, "pin", "key"]);
    if (positional.length > 1) throw new CliError("draw: give one run URL, or name the files with flags", 2);
    const files = {};
    for (const n of DRAW_FILES) if (flags[n]) files[n] = flags[n][0];
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
