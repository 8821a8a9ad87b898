// "Verify it yourself" (/ledger/verify) and the in-browser check (/ledger/verify/browser). Every
// command uses the address the reader used and works as written from an empty folder: download the
// verifier from this server, compare its SHA-256 with the published one, run it with Node alone.
import type { FastifyInstance } from 'fastify';
import type { Charter } from '../../core/charter/types.ts';
import { DEMO_LEDGER_KEY } from '../../config.ts';
import type { AppContext } from '../../web/context.ts';
import { sendPage } from '../../web/layout.tsx';
import { publicBase } from './publicBase.ts';
import { keyFingerprint, loadSigningKey } from '../../core/ledger/signing.ts';
import { CHARTER_URL, RELEASES_URL, REPOSITORY_URL } from './sourceRepo.ts';
import { VERIFIER_PATH, verifierFile } from './verifierFile.ts';
import { charterWitnesses } from './witnesses.ts';

const DEMO_PUBLIC_KEY = loadSigningKey(DEMO_LEDGER_KEY).publicKeyBase64;

function Styles() {
  return <link rel="stylesheet" href="/ledger/static/ledger.css" />;
}

/** A command to copy; the tests run every one of these as written. */
function Cmd(props: { children: string }) {
  return (
    <pre class="ledger-cmd">
      <code>{props.children}</code>
    </pre>
  );
}

export function SourceLinks(props: { t: (k: string) => string }) {
  return (
    <p class="ledger-source">
      <a href={REPOSITORY_URL}>{props.t('ledger.source')}</a> · <a href="/api/v1/ledger/heads">{props.t('ledger.feed')}</a>
    </p>
  );
}

interface KeyFacts {
  server?: string;
  charter?: string;
  /** The key readers should pin: the charter's when it publishes one. */
  pin?: string;
  isDemo: (k: string) => boolean;
}

function keyFacts(ctx: AppContext): KeyFacts {
  let server: string | undefined;
  try {
    server = ctx.config.ledgerKey ? loadSigningKey(ctx.config.ledgerKey).publicKeyBase64 : undefined;
  } catch {
    server = undefined;
  }
  const rules = (ctx.charter as Charter | undefined)?.ledger;
  const charter = rules?.publicKey;
  return { server, charter, pin: charter ?? server, isDemo: (k) => k === DEMO_PUBLIC_KEY || (k === charter && rules?.publicKeyIsDemo === true) };
}

function KeyBlock(props: { t: (k: string, p?: Record<string, string>) => string; k: string; facts: KeyFacts; id?: string }) {
  const { t, k, facts } = props;
  return (
    <>
      <p>
        <code class="hash" id={props.id}>
          {k}
        </code>
      </p>
      <p>
        {t('ledger.verify.fingerprint')}: <code class="hash">{keyFingerprint(k)}</code>
      </p>
      {facts.isDemo(k) && (
        <p class="ledger-demo-key">
          <strong>{t('ledger.verify.demoKey')}</strong>
        </p>
      )}
    </>
  );
}

export function verifyPages(app: FastifyInstance, ctx: AppContext) {
  app.get('/ledger/verify', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const base = publicBase(req, ctx.config);
    const facts = keyFacts(ctx);
    const file = verifierFile();
    const witnesses = charterWitnesses(ctx);
    const pin = facts.pin ?? 'PUBLIC_KEY';
    const witnessFlags = witnesses.map((w) => ` --witness ${w.publicKey}`).join('');
    const quorum = witnesses.length ? ` --quorum ${Math.floor(witnesses.length / 2) + 1}` : '';
    return sendPage(
      reply,
      t('ledger.verify.title'),
      <section class="ledger-verify">
        <Styles />
        <h1>{t('ledger.verify.title')}</h1>
        <p>{t('ledger.verify.intro')}</p>
        <h2>{t('ledger.verify.key')}</h2>
        {facts.server ? <KeyBlock t={t} k={facts.server} facts={facts} id="ledger-public-key" /> : <p>{t('ledger.verify.noKey')}</p>}
        {facts.charter ? (
          <>
            <p>
              <a href={CHARTER_URL}>{t('ledger.verify.charterKey')}</a>
            </p>
            {facts.charter !== facts.server && <KeyBlock t={t} k={facts.charter} facts={facts} id="ledger-charter-key" />}
            {facts.server && <p class={facts.charter === facts.server ? 'ledger-ok' : 'ledger-warning'}>{facts.charter === facts.server ? t('ledger.verify.keyMatches') : t('ledger.verify.keyDiffers')}</p>}
          </>
        ) : (
          <p>{t('ledger.verify.noCharterKey')}</p>
        )}
        <p>{t('ledger.verify.cmdIntro')}</p>
        {file ? (
          <>
            <p>
              {t('ledger.verify.cmd1', { sha: file.sha256 })} <a href={RELEASES_URL}>docs/releases.md</a>
            </p>
            <Cmd>{`curl -fsSO ${base}${VERIFIER_PATH}`}</Cmd>
            <Cmd>{`echo "${file.sha256}  kenes-verify.mjs" | sha256sum -c`}</Cmd>
          </>
        ) : (
          <p>{t('ledger.verify.noVerifier')}</p>
        )}
        <p>{t('ledger.verify.cmd2')}</p>
        <Cmd>{`node kenes-verify.mjs ledger ${base} --pin ${pin} --head-dir heads${witnessFlags}${quorum}`}</Cmd>
        <p>{t('ledger.verify.cmd3')}</p>
        <Cmd>{`node kenes-verify.mjs consistency heads/0001.json heads/0002.json --pin ${pin}`}</Cmd>
        <h2>{t('ledger.verify.witnesses')}</h2>
        {witnesses.length ? (
          <>
            <p>{t('ledger.verify.witnessesIntro')}</p>
            <ul>
              {witnesses.map((w) => (
                <li key={w.publicKey}>
                  {w.name}: <code class="hash">{w.publicKey}</code> ({t('ledger.verify.fingerprint')} <code class="hash">{keyFingerprint(w.publicKey)}</code>)
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('ledger.verify.noWitnesses')}</p>
        )}
        <p>
          <a href="/ledger/verify/browser">{t('ledger.verify.browserLink')}</a>
        </p>
        <p>{t('ledger.verify.reproduce')}</p>
        <pre>
          <code>{`git clone ${REPOSITORY_URL} && cd kenes && npm ci && npm run build:verifier && sha256sum dist/kenes-verify.mjs`}</code>
        </pre>
        <p>
          {t('ledger.verify.oneEntry')} <code>{`${base}/api/v1/ledger/entries/INDEX`}</code>.
        </p>
        <h2>{t('ledger.verify.formatTitle')}</h2>
        <p>{t('ledger.verify.format')}</p>
        <p>{t('ledger.verify.canonical')}</p>
        <p>{t('ledger.verify.rules')}</p>
        <SourceLinks t={t} />
      </section>,
    );
  });

  app.get('/ledger/verify/browser', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const t = req.t;
    const base = publicBase(req, ctx.config);
    const facts = keyFacts(ctx);
    const fileUrl = `${base}${VERIFIER_PATH}`;
    return sendPage(
      reply,
      t('ledger.browser.title'),
      <section
        class="ledger-verify"
        id="ledger-browser-verify"
        data-msg-ok={t('ledger.browser.ok')}
        data-msg-failed={t('ledger.browser.failed')}
        data-msg-unsupported={t('ledger.browser.unsupported', { url: fileUrl })}
        data-msg-working={t('ledger.browser.working')}
      >
        <Styles />
        <h1>{t('ledger.browser.title')}</h1>
        <p>{t('ledger.browser.intro')}</p>
        {facts.pin && facts.isDemo(facts.pin) && (
          <p class="ledger-demo-key">
            <strong>{t('ledger.verify.demoKey')}</strong>
          </p>
        )}
        <form id="ledger-browser-form" class="ledger-filter">
          <label for="ledger-browser-key">{t('ledger.browser.keyLabel')}</label>
          <input id="ledger-browser-key" name="key" type="text" size={64} value={facts.pin ?? ''} autocomplete="off" spellcheck={false} />{' '}
          <button type="submit">{t('ledger.browser.start')}</button>
        </form>
        <p>
          <a href={CHARTER_URL}>{t('ledger.verify.charterKey')}</a>
        </p>
        <output id="ledger-browser-result" aria-live="polite" />
        <noscript>
          <p>
            {t('ledger.browser.noScript')} <a href={VERIFIER_PATH}>{fileUrl}</a>
          </p>
        </noscript>
        <script type="module" src="/static/ledger-verify.js" />
        <SourceLinks t={t} />
      </section>,
    );
  });
}
