// An independent witness (docs/adr/0303): polls an instance's latest signed head, checks that it is
// signed by the log key it trusts and consistent with the last head it cosigned (an RFC 9162 proof
// fetched from the instance, checked here), and only then cosigns. It never cosigns two different
// roots for one size or a smaller tree, so an instance cannot show two histories to two audiences
// without the witnesses' keys.
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { fromHex, hashLeaf, rootFromInclusionProof, toHex, verifyConsistency } from '../core/merkle/index.ts';
import { ROTATION_KIND, type RotationPayload, rotationChain } from '../core/ledger/rotation.ts';
import { type Cosignature, cosign } from '../core/ledger/cosign.ts';
import { headSignatureValid, type SignedHead } from '../core/ledger/signing.ts';
import { type Refusal, readState, type WitnessState, writeState } from './state.ts';

export interface WitnessOptions {
  /** The instance's base URL. */
  url: string;
  privateKey: KeyObject;
  publicKeyBase64: string;
  stateFile: string;
  /** Pinned log key (base64 SPKI DER); without it the first key seen is kept. */
  logKey?: string;
  log: (line: string) => void;
  /** POST each new cosignature to the instance (default true). */
  submit?: boolean;
}

export type PollOutcome = { kind: 'cosigned' | 'unchanged' | 'no-head'; head?: SignedHead } | { kind: 'refused'; refusal: Refusal } | { kind: 'error'; message: string };

const MAX_REFUSALS = 50;

function isHead(h: unknown): h is SignedHead {
  const x = h as SignedHead;
  return !!x && Number.isSafeInteger(x.size) && x.size >= 0 && typeof x.root_hash === 'string' && /^[0-9a-f]{64}$/.test(x.root_hash) && typeof x.timestamp === 'string' && typeof x.signature === 'string' && typeof x.public_key === 'string';
}

export class Witness {
  state: WitnessState;
  /** The head size whose cosignature the instance has acknowledged (memory only: re-posting is harmless). */
  private acked = -1;
  /** The last submission failure, logged once rather than on every poll. */
  private lastSubmitError = '';
  constructor(readonly opts: WitnessOptions) {
    this.state = readState(opts.stateFile);
    // Once the witness has cosigned, its state decides which key it trusts (it follows rotations);
    // --log-key only pins the key before the first cosignature.
    if (opts.logKey && this.state.log_key && this.state.log_key !== opts.logKey) {
      opts.log(`the state trusts log key ${this.state.log_key.slice(0, 24)}… (after a rotation); --log-key is not used`);
    }
  }

  private base(): string {
    return this.opts.url.replace(/\/$/, '');
  }

  private refuse(head: SignedHead, reason: string): PollOutcome {
    const refusal: Refusal = { at: new Date().toISOString(), size: head.size, root_hash: head.root_hash, reason };
    const last = this.state.refusals.at(-1);
    // The same bad head seen again on every poll is one refusal, not a flood.
    if (!(last && last.size === refusal.size && last.root_hash === refusal.root_hash && last.reason === reason)) {
      this.state.refusals = [...this.state.refusals, refusal].slice(-MAX_REFUSALS);
      writeState(this.opts.stateFile, this.state);
      this.opts.log(`refused head ${head.size} ${head.root_hash}: ${reason}`);
    }
    return { kind: 'refused', refusal };
  }

  async pollOnce(): Promise<PollOutcome> {
    let head: unknown;
    try {
      const res = await fetch(`${this.base()}/api/v1/ledger/heads/latest`, { signal: AbortSignal.timeout(10_000) });
      if (res.status === 404) return { kind: 'no-head' };
      if (!res.ok) return { kind: 'error', message: `HTTP ${res.status} from the instance` };
      head = await res.json();
    } catch (e) {
      return { kind: 'error', message: (e as Error).message };
    }
    if (!isHead(head)) return { kind: 'error', message: 'the instance answered something that is not a signed head' };
    return this.consider(head);
  }

  /** Decides about one head; cosigns it only when every check holds. */
  async consider(head: SignedHead): Promise<PollOutcome> {
    let trusted = this.state.log_key ?? this.opts.logKey ?? head.public_key;
    if (head.public_key !== trusted) {
      // Only a rotation signed by the trusted key and included in this very head hands over trust.
      if (!(await this.rotatedTo(trusted, head))) return this.refuse(head, `signed by an unknown key (${head.public_key.slice(0, 24)}…), not the log key this witness trusts`);
      trusted = head.public_key;
    }
    let key: KeyObject;
    try {
      key = createPublicKey({ key: Buffer.from(trusted, 'base64'), format: 'der', type: 'spki' });
    } catch {
      return this.refuse(head, 'the log key is not a valid public key');
    }
    if (!headSignatureValid(head, key)) return this.refuse(head, 'the head signature does not verify with the log key');

    const last = this.state.last?.head;
    if (last) {
      if (head.size === last.size && head.root_hash === last.root_hash) {
        if (this.acked !== head.size) await this.submit(head, this.state.last!.cosignature);
        return { kind: 'unchanged', head };
      }
      if (head.size < last.size) return this.refuse(head, `the tree shrank from ${last.size} to ${head.size} entries`);
      if (head.size === last.size) return this.refuse(head, `a second root for ${head.size} entries (cosigned ${last.root_hash}): a split view`);
      if (last.size > 0) {
        let proof: { first: number; second: number; proof: string[] };
        try {
          const res = await fetch(`${this.base()}/api/v1/ledger/consistency?first=${last.size}&second=${head.size}`, { signal: AbortSignal.timeout(10_000) });
          if (!res.ok) return this.refuse(head, `no consistency proof from ${last.size} to ${head.size} (HTTP ${res.status})`);
          proof = (await res.json()) as typeof proof;
        } catch (e) {
          return { kind: 'error', message: `consistency proof: ${(e as Error).message}` };
        }
        let ok = false;
        try {
          ok = verifyConsistency(last.size, head.size, fromHex(last.root_hash), fromHex(head.root_hash), proof.proof.map(fromHex));
        } catch {
          ok = false;
        }
        if (!ok) return this.refuse(head, `not consistent with the head of ${last.size} entries this witness cosigned (root ${last.root_hash}): history was rewritten`);
      }
    }
    const cosignature: Cosignature = cosign(this.opts.privateKey, this.opts.publicKeyBase64, head);
    // State first: once written, this witness never cosigns a conflicting head, even after a crash.
    this.state = { ...this.state, log_key: trusted, last: { head, cosignature } };
    writeState(this.opts.stateFile, this.state);
    this.opts.log(`cosigned head ${head.size} ${head.root_hash}`);
    await this.submit(head, cosignature);
    return { kind: 'cosigned', head };
  }

  /** Whether the instance's ledger holds, inside `head`, a valid rotation from `trusted` to the head's key. */
  private async rotatedTo(trusted: string, head: SignedHead): Promise<boolean> {
    try {
      const list = (await (await fetch(`${this.base()}/api/v1/ledger/entries?kind=${ROTATION_KIND}&limit=500`, { signal: AbortSignal.timeout(10_000) })).json()) as { entries: { index: number; entry: string }[] };
      const ordered = [...list.entries].sort((a, b) => a.index - b.index).filter((e) => e.index < head.size);
      if (!rotationChain(trusted, ordered.map((e) => JSON.parse(e.entry).payload as RotationPayload)).includes(head.public_key)) return false;
      for (const e of ordered) {
        const p = await (await fetch(`${this.base()}/api/v1/ledger/entries/${e.index}?size=${head.size}`, { signal: AbortSignal.timeout(10_000) })).json();
        const got = rootFromInclusionProof(hashLeaf(p.entry), e.index, head.size, (p.inclusion_proof as string[]).map(fromHex));
        if (!got || toHex(got) !== head.root_hash) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  private async submit(head: SignedHead, c: Cosignature): Promise<void> {
    if (this.opts.submit === false) return;
    try {
      const res = await fetch(`${this.base()}/api/v1/ledger/cosignatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ size: head.size, root_hash: head.root_hash, witness_key: c.witness_key, cosigned_at: c.cosigned_at, signature: c.signature }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        this.acked = head.size;
        this.lastSubmitError = '';
      } else this.submitFailed(`the instance did not take the cosignature of ${head.size}: HTTP ${res.status}`);
    } catch (e) {
      this.submitFailed(`could not post the cosignature of ${head.size}: ${(e as Error).message}`);
    }
  }

  private submitFailed(message: string): void {
    if (message !== this.lastSubmitError) this.opts.log(message);
    this.lastSubmitError = message;
  }
}
