// The secretariat's console for the Council's selection (ADR 0803), and the pages of candidates and
// representatives: plain POST forms with their CSRF token, working without JavaScript. A refused form
// comes back with its problem summarised at the top and each field's message inline, in the reader's
// language, and nothing written; a person without the secretariat role gets 403 on every console route.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, DomainErrors } from '../../core/errors.ts';
import { type FormProblem, FormField, PostForm, type ViewRequest } from '../../web/components/index.ts';
import type { SessionUser } from '../../web/context.ts';
import { type ProblemCatalog, problemOf } from '../../web/domainProblems.ts';
import { type FormBody, formList, formText, formValues } from '../../web/form.ts';
import type { Translate } from '../../web/i18n.ts';
import { sendPage } from '../../web/layout.tsx';
import { requireRole, requireUser } from '../identity/api.ts';
import { DEPARTURE_REASONS } from './confirmations.ts';
import type { MembershipService } from './service.ts';

/** A refused form: which one, its problem in the reader's language, and what was typed. */
interface FormError extends FormProblem {
  form: string;
  values: Record<string, string>;
}

/** A problem's text in the reader's language: `council.problem.CODE`, or the API's English as a last resort. */
function localMessage(t: Translate, e: DomainError, catalog: ProblemCatalog): string {
  const key = `council.problem.${e.code}`;
  const params = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
  const text = t(key, params);
  return text === key ? (catalog[e.code]?.message(e.params ?? {}) ?? e.code) : text;
}

function formError(req: FastifyRequest, form: string, err: unknown, body: FormBody): { error: FormError; status: number } | null {
  // The app's whole catalog: a step may be refused by the ceremony (sortition's codes) as well.
  const catalog = req.server.kenes.problems;
  const p = problemOf(err, catalog);
  if (!p || p.status >= 500 || p.status === 404 || p.status === 401) return null;
  const list = err instanceof DomainErrors ? err.list : err instanceof DomainError ? [err] : [];
  const fields = list.filter((e) => e.field).map((e) => ({ field: e.field!.replace(/^body\./, ''), message: localMessage(req.t, e, catalog) }));
  const detail = err instanceof DomainError && fields.length === 0 ? localMessage(req.t, err, catalog) : err instanceof DomainErrors ? localMessage(req.t, err, catalog) : undefined;
  return { error: { form, detail: detail ?? (fields.length ? undefined : p.message), errors: fields, values: formValues(body) }, status: p.status };
}

const fieldError = (error: FormError | null, form: string, field: string) => (error?.form === form ? (error.errors.find((e) => e.field === field)?.message ?? null) : null);
const typed = (error: FormError | null, form: string, field: string, dflt = '') => (error?.form === form ? (error.values[field] ?? dflt) : dflt);

interface ConsoleData {
  svc: MembershipService;
  req: FastifyRequest;
  error: FormError | null;
}

async function consolePage({ svc, req, error }: ConsoleData) {
  const t = req.t;
  const charter = req.server.ctx.charter;
  const lang = req.lang;
  const orgs = await svc.organisations();
  const cycles = await svc.cycles();
  const current = cycles.at(-1) ?? null;
  const cycle = current ? await svc.cycle(current.number) : null;
  // The relaxations the draws were committed under that wait for the secretariat's acceptance (ADR 0809).
  const pendingRelaxation = (cycle?.blocks ?? []).flatMap((b) => (b.draw?.relaxation && !b.draw.relaxationAcceptedAt ? b.draw.relaxation.map((c) => ({ block: b.id, ...c })) : []));
  const candidates = current ? await svc.candidates(current.number) : [];
  const selections = current ? await svc.selections(current.number) : [];
  const vacancies = await svc.vacancies();
  const sitting = await svc.membersOn();
  const blocks = charter.bodies.council.blocks.map((b) => ({ value: b.id, label: b.name[lang] }));
  const regions = charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }));
  const blockName = (id: string) => charter.bodies.council.blocks.find((b) => b.id === id)?.name[lang] ?? id;
  const p = (form: string) => (error?.form === form ? error : null);
  const f = (form: string, field: string) => fieldError(error, form, field);
  const v = (form: string, field: string, d = '') => typed(error, form, field, d);
  const n = current?.number ?? 0;
  const view = req as ViewRequest;
  const stepButton = (event: string, label: string) => (
    <PostForm req={view} action={`/council/console/cycles/${n}/transition`} problem={p(`step-${event}`)}>
      <input type="hidden" name="event" value={event} />
      <button type="submit">{label}</button>
    </PostForm>
  );
  return (
    <section class="council-console">
      <h1>{t('council.console.title')}</h1>
      <p>{t('council.console.intro')}</p>

      <h2 id="organisations">{t('council.console.organisations')}</h2>
      {orgs.length === 0 ? (
        <p>{t('council.empty')}</p>
      ) : (
        <table>
          <caption>{t('council.console.organisations')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.console.org.name')}</th>
              <th scope="col">{t('council.console.org.bin')}</th>
              <th scope="col">{t('council.col.block')}</th>
              <th scope="col">{t('council.col.region')}</th>
              <th scope="col">{t('council.console.org.representatives')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.map((o) => (
              <tr key={o.id}>
                <td>{o.name[lang]}</td>
                <td>{o.bin}</td>
                <td>{blockName(o.block)}</td>
                <td>{o.region}</td>
                <td>{o.representatives.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PostForm req={view} action="/council/console/organisations" id="form-org" heading={<h3>{t('council.console.org.register')}</h3>} problem={p('org')} idPrefix="org" novalidate>
        <FormField idPrefix="org" name="bin" label={t('council.console.org.bin')} hint={t('council.console.org.binHint')} value={v('org', 'bin')} error={f('org', 'bin')} required attrs={{ inputMode: 'numeric', maxLength: 12 }} />
        <FormField idPrefix="org" name="name.kk" label={t('council.console.org.nameKk')} value={v('org', 'name.kk')} error={f('org', 'name.kk')} required />
        <FormField idPrefix="org" name="name.ru" label={t('council.console.org.nameRu')} value={v('org', 'name.ru')} error={f('org', 'name.ru')} required />
        <FormField idPrefix="org" name="name.en" label={t('council.console.org.nameEn')} value={v('org', 'name.en')} error={f('org', 'name.en')} required />
        <FormField idPrefix="org" name="region" type="select" label={t('council.col.region')} options={[{ value: '', label: '—' }, ...regions]} value={v('org', 'region')} error={f('org', 'region')} required />
        <FormField idPrefix="org" name="block" type="select" label={t('council.col.block')} options={[{ value: '', label: '—' }, ...blocks]} value={v('org', 'block')} error={f('org', 'block')} required />
        <button type="submit">{t('council.console.org.register')}</button>
      </PostForm>
      {orgs.length > 0 && (
        <PostForm req={view} action="/council/console/representatives" id="form-rep" heading={<h3>{t('council.console.rep.link')}</h3>} problem={p('rep')} idPrefix="rep" novalidate>
          <FormField idPrefix="rep" name="organisationId" type="select" label={t('council.console.org.name')} options={orgs.map((o) => ({ value: o.id, label: o.name[lang] }))} value={v('rep', 'organisationId')} error={f('rep', 'organisationId')} />
          <FormField idPrefix="rep" name="userId" label={t('council.console.rep.userId')} hint={t('council.console.rep.userIdHint')} value={v('rep', 'userId')} error={f('rep', 'userId')} required />
          <button type="submit">{t('council.console.rep.link')}</button>
        </PostForm>
      )}

      <h2 id="cycle">{t('council.console.cycle')}</h2>
      {current ? <p>{t('council.console.cycleNow', { n: current.number, state: t(`council.state.${current.status}`) })}</p> : <p>{t('council.noCycles')}</p>}
      {(!current || current.status === 'seated') && (
        <PostForm req={view} action="/council/console/cycles" problem={p('open')}>
          <button type="submit">{t('council.console.openCycle')}</button>
        </PostForm>
      )}
      {current?.status === 'announced' && stepButton('council.nominationsOpened', t('council.console.openNominations'))}
      {current?.status === 'nominationsOpen' && stepButton('council.nominationsClosed', t('council.console.closeNominations'))}
      {current?.status === 'drawn' && stepButton('council.confirmationsClosed', t('council.console.closeConfirmations'))}

      {current && (
        <>
          <h3 id="eligibility">{t('council.console.eligibility')}</h3>
          {candidates.length === 0 ? (
            <p>{t('council.empty')}</p>
          ) : (
            <table>
              <caption>{t('council.console.eligibility')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('council.col.name')}</th>
                  <th scope="col">{t('council.col.block')}</th>
                  <th scope="col">{t('council.console.org.name')}</th>
                  <th scope="col">{t('council.console.eligible')}</th>
                  <th scope="col">{t('council.console.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {candidates.map((c) => (
                  <tr key={c.id}>
                    <td>{c.name}</td>
                    <td>{blockName(c.block)}</td>
                    <td>{c.organisation ?? t('council.console.selfNominated')}</td>
                    <td>{c.eligible ? t('council.console.yes') : t('council.console.no')}</td>
                    <td>{(c.reasons as { code: string }[]).map((r) => t(`council.reason.${r.code}`)).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {cycle && (
            <p>
              {cycle.blocks.map((b) => t('council.console.poolOf', { block: blockName(b.id), eligible: b.eligible, k: b.k })).join(' ')}
            </p>
          )}
        </>
      )}

      {current?.status === 'nominationsClosed' && (
        <PostForm req={view} action={`/council/console/cycles/${n}/commit`} id="form-commit" heading={<h3>{t('council.console.publish')}</h3>} problem={p('commit')} idPrefix="commit" novalidate>
          <FormField idPrefix="commit" name="entropySources" type="textarea" label={t('council.console.entropySources')} hint={t('council.console.entropySourcesHint')} value={v('commit', 'entropySources')} error={f('commit', 'entropySources')} required />
          <button type="submit">{t('council.console.publish')}</button>
        </PostForm>
      )}
      {current?.status === 'committed' && (
        <PostForm req={view} action={`/council/console/cycles/${n}/reveal`} id="form-reveal" heading={<h3>{t('council.console.draw')}</h3>} problem={p('reveal')} idPrefix="reveal" novalidate>
          <p>{t('council.console.entropyNamed', { sources: (cycle?.entropySources ?? []).join('; '), date: cycle?.schedule.drawn ?? '' })}</p>
          <FormField idPrefix="reveal" name="entropy" type="textarea" label={t('council.console.entropy')} value={v('reveal', 'entropy')} error={f('reveal', 'entropy')} required />
          <button type="submit">{t('council.console.draw')}</button>
        </PostForm>
      )}
      {current?.status === 'committed' && pendingRelaxation.length > 0 && (
        <PostForm req={view} action={`/council/console/cycles/${n}/relaxation`} id="form-relaxation" heading={<h3>{t('council.console.relaxation')}</h3>} problem={p('relaxation')} idPrefix="relaxation" novalidate>
          <p>{t('council.console.relaxationIntro')}</p>
          <ul>
            {pendingRelaxation.map((c) => (
              <li key={`${c.block}-${c.category}-${c.value}`}>{t('council.console.relaxationChange', { block: blockName(c.block), category: c.category, value: c.value, from: `${c.min}–${c.max}`, to: `${c.newMin}–${c.newMax}` })}</li>
            ))}
          </ul>
          <button type="submit">{t('council.console.relaxationAccept')}</button>
        </PostForm>
      )}

      {selections.length > 0 && (
        <>
          <h3 id="confirmations">{t('council.console.confirmations')}</h3>
          {p('answer') && <PostForm req={view} action="#confirmations" problem={p('answer')} />}
          <table>
            <caption>{t('council.console.confirmations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('council.col.name')}</th>
                <th scope="col">{t('council.col.block')}</th>
                <th scope="col">{t('council.console.seat')}</th>
                <th scope="col">{t('council.console.answerBy')}</th>
                <th scope="col">{t('council.console.answer')}</th>
              </tr>
            </thead>
            <tbody>
              {selections.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.name}
                    {s.alternateRank !== null && ` (${t('council.viaAlternate', { rank: s.alternateRank })})`}
                  </td>
                  <td>{blockName(s.block)}</td>
                  <td>{s.seat}</td>
                  <td>{s.confirmBy ?? '—'}</td>
                  <td>
                    {s.status === 'selected' && s.answer === null ? (
                      <form method="post" action={`/council/console/members/${s.id}/answer`}>
                        <input type="hidden" name="_csrf" value={view.csrfToken ?? ''} />
                        <button type="submit" name="answer" value="accepted">
                          {t('council.console.recordAccept', { name: s.name })}
                        </button>{' '}
                        <button type="submit" name="answer" value="declined">
                          {t('council.console.recordDecline', { name: s.name })}
                        </button>
                      </form>
                    ) : (
                      t(`council.answer.${s.answer ?? s.status}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2 id="vacancies">{t('council.console.vacancies')}</h2>
      {vacancies.length === 0 ? (
        <p>{t('council.empty')}</p>
      ) : (
        vacancies.map((x) => (
          <div key={x.id}>
            <h3>{t('council.console.vacancy', { seat: x.seat, block: blockName(x.block), status: t(`council.vacancy.${x.status}`), pool: x.poolSize })}</h3>
            {x.status === 'open' && (
              <PostForm req={view} action={`/council/console/vacancies/${x.id}/commit`} problem={p(`vcommit-${x.id}`)} idPrefix={`vc-${x.id}`} novalidate>
                <FormField idPrefix={`vc-${x.id}`} name="entropySources" type="textarea" label={t('council.console.entropySources')} value={v(`vcommit-${x.id}`, 'entropySources')} error={f(`vcommit-${x.id}`, 'entropySources')} required />
                <FormField idPrefix={`vc-${x.id}`} name="entropyAfter" type="date" label={t('council.console.entropyAfter')} value={v(`vcommit-${x.id}`, 'entropyAfter')} error={f(`vcommit-${x.id}`, 'entropyAfter')} required />
                <button type="submit">{t('council.console.publish')}</button>
              </PostForm>
            )}
            {x.status === 'committed' && (
              <PostForm req={view} action={`/council/console/vacancies/${x.id}/reveal`} problem={p(`vreveal-${x.id}`)} idPrefix={`vr-${x.id}`} novalidate>
                <FormField idPrefix={`vr-${x.id}`} name="entropy" type="textarea" label={t('council.console.entropy')} value={v(`vreveal-${x.id}`, 'entropy')} error={f(`vreveal-${x.id}`, 'entropy')} required />
                <button type="submit">{t('council.console.draw')}</button>
              </PostForm>
            )}
          </div>
        ))
      )}

      <h2 id="departures">{t('council.console.departures')}</h2>
      {sitting.length === 0 ? (
        <p>{t('council.empty')}</p>
      ) : (
        <PostForm req={view} action="/council/console/departures" id="form-leave" problem={p('leave')} idPrefix="leave" novalidate>
          <FormField idPrefix="leave" name="member" type="select" label={t('council.console.member')} options={sitting.map((m) => ({ value: m.id, label: `${m.name} — ${blockName(m.block)} ${m.seat}` }))} value={v('leave', 'member')} error={f('leave', 'member')} />
          <FormField idPrefix="leave" name="on" type="date" label={t('council.console.lastDay')} value={v('leave', 'on')} error={f('leave', 'on')} required />
          <FormField idPrefix="leave" name="reason" type="select" label={t('council.console.reason')} options={DEPARTURE_REASONS.map((r) => ({ value: r, label: t(`council.departure.${r}`) }))} value={v('leave', 'reason')} error={f('leave', 'reason')} />
          <button type="submit">{t('council.console.recordDeparture')}</button>
        </PostForm>
      )}
    </section>
  );
}

async function mePage(svc: MembershipService, req: FastifyRequest, error: FormError | null) {
  const t = req.t;
  const user = req.user as SessionUser;
  const charter = req.server.ctx.charter;
  const lang = req.lang;
  const view = req as ViewRequest;
  const nominations = await svc.nominationsOf(user);
  const selections = await svc.selectionsOf(user);
  const represented = await svc.representedBy(user.id);
  const cycles = await svc.cycles();
  const open = cycles.find((c) => c.status === 'nominationsOpen') ?? null;
  const regions = charter.regions.map((r) => ({ value: r.code, label: r.name[lang] }));
  const blockName = (id: string) => charter.bodies.council.blocks.find((b) => b.id === id)?.name[lang] ?? id;
  const dims = charter.bodies.council.selectionDimensions.filter((d) => !d.derivedFrom && d.categoriesFrom !== 'regions');
  const offices = charter.bodies.council.eligibility.incompatibleOffices;
  const selfBlocks = charter.bodies.council.blocks.filter((b) => b.selfNomination);
  const p = (form: string) => (error?.form === form ? error : null);
  const f = (form: string, field: string) => fieldError(error, form, field);
  const v = (form: string, field: string, d = '') => typed(error, form, field, d);
  const declaration = (form: string, prefix: string) => (
    <>
      <FormField idPrefix={prefix} name="region" type="select" label={t('council.me.region')} options={[{ value: '', label: '—' }, ...regions]} value={v(form, 'region')} error={f(form, 'region')} required />
      {dims.map((d) => (
        <FormField
          key={d.id}
          idPrefix={prefix}
          name={`declared.${d.id}`}
          type="select"
          label={d.name[lang]}
          options={[{ value: '', label: '—' }, ...(d.categories ?? []).map((c) => ({ value: c.id, label: c.name[lang] }))]}
          value={v(form, `declared.${d.id}`)}
          error={f(form, `declared.${d.id}`)}
          required
        />
      ))}
      {offices.length > 0 && (
        <fieldset>
          <legend>{t('council.me.offices')}</legend>
          {offices.map((o) => (
            <label key={o.id}>
              <input type="checkbox" name="offices" value={o.id} /> {o.name[lang]}
            </label>
          ))}
        </fieldset>
      )}
      <div class={`field${f(form, 'confirm') ? ' field-error' : ''}`}>
        {f(form, 'confirm') && (
          <p class="error-message" id={`${prefix}-confirm-error`}>
            {f(form, 'confirm')}
          </p>
        )}
        <label>
          <input type="checkbox" name="confirm" value="yes" id={`${prefix}-confirm`} aria-describedby={f(form, 'confirm') ? `${prefix}-confirm-error` : undefined} /> {t('council.me.confirm')}
        </label>
      </div>
    </>
  );
  return (
    <section class="council-me">
      <h1>{t('council.me.title')}</h1>
      <h2>{t('council.me.nominations')}</h2>
      {nominations.length === 0 && <p>{t('council.me.none')}</p>}
      {nominations.map((x) => (
        <div key={x.id}>
          <h3>{t('council.me.nomination', { cycle: x.cycle, block: blockName(x.block), organisation: x.organisation ?? t('council.console.selfNominated') })}</h3>
          <p>{x.consented ? (x.eligible ? t('council.me.eligible') : t('council.me.ineligible', { reasons: x.reasons.map((r) => t(`council.reason.${r.code}`)).join('; ') })) : t('council.me.awaitingConsent')}</p>
          {!x.consented && x.cycleStatus === 'nominationsOpen' && (
            <PostForm req={view} action={`/council/me/nominations/${x.id}/consent`} problem={p(`consent-${x.id}`)} idPrefix={`c-${x.id}`} heading={<h4>{t('council.me.consent')}</h4>} problemLevel={4} novalidate>
              {declaration(`consent-${x.id}`, `c-${x.id}`)}
              <button type="submit">{t('council.me.consent')}</button>
            </PostForm>
          )}
        </div>
      ))}
      <h2>{t('council.me.selections')}</h2>
      {selections.length === 0 && <p>{t('council.me.none')}</p>}
      {selections.map((s) => (
        <div key={s.id}>
          <p>{t('council.me.selection', { block: blockName(s.block), start: s.termStart, end: s.termEnd, by: s.confirmBy ?? '—' })}</p>
          {s.status === 'selected' && s.answer === null ? (
            <PostForm req={view} action={`/council/me/selections/${s.id}/answer`} problem={p(`answer-${s.id}`)}>
              <button type="submit" name="answer" value="accepted">
                {t('council.me.accept')}
              </button>{' '}
              <button type="submit" name="answer" value="declined">
                {t('council.me.decline')}
              </button>
            </PostForm>
          ) : (
            <p>{t(`council.answer.${s.answer ?? s.status}`)}</p>
          )}
        </div>
      ))}
      {open && represented.length > 0 && (
        <PostForm req={view} action={`/council/me/cycles/${open.number}/nominations`} id="form-nominate" heading={<h2>{t('council.me.nominate')}</h2>} problem={p('nominate')} idPrefix="nom" novalidate>
          <FormField idPrefix="nom" name="organisationId" type="select" label={t('council.console.org.name')} options={represented.map((o) => ({ value: o.id, label: o.name[lang] }))} value={v('nominate', 'organisationId')} error={f('nominate', 'organisationId')} />
          <FormField idPrefix="nom" name="iin" label={t('council.me.iin')} hint={t('council.me.iinHint')} value="" error={f('nominate', 'iin')} required attrs={{ inputMode: 'numeric', maxLength: 12, autocomplete: 'off' }} />
          <FormField idPrefix="nom" name="firstName" label={t('council.me.firstName')} value={v('nominate', 'firstName')} error={f('nominate', 'firstName')} required />
          <FormField idPrefix="nom" name="lastName" label={t('council.me.lastName')} value={v('nominate', 'lastName')} error={f('nominate', 'lastName')} required />
          <button type="submit">{t('council.me.nominate')}</button>
        </PostForm>
      )}
      {open && selfBlocks.length > 0 && (
        <PostForm req={view} action={`/council/me/cycles/${open.number}/self-nominations`} id="form-self" heading={<h2>{t('council.me.selfNominate')}</h2>} problem={p('self')} idPrefix="self" novalidate>
          <FormField idPrefix="self" name="block" type="select" label={t('council.col.block')} options={selfBlocks.map((b) => ({ value: b.id, label: b.name[lang] }))} value={v('self', 'block')} error={f('self', 'block')} />
          <FormField idPrefix="self" name="iin" label={t('council.me.ownIin')} hint={t('council.me.iinHint')} value="" error={f('self', 'iin')} required attrs={{ inputMode: 'numeric', maxLength: 12, autocomplete: 'off' }} />
          <FormField idPrefix="self" name="firstName" label={t('council.me.firstName')} value={v('self', 'firstName')} error={f('self', 'firstName')} required />
          <FormField idPrefix="self" name="lastName" label={t('council.me.lastName')} value={v('self', 'lastName')} error={f('self', 'lastName')} required />
          {declaration('self', 'self')}
          <button type="submit">{t('council.me.selfNominate')}</button>
        </PostForm>
      )}
    </section>
  );
}

/** The declaration fields of a consent or self-nomination form. */
function declarationOf(body: FormBody, dims: string[]) {
  return {
    region: formText(body, 'region'),
    declared: Object.fromEntries(dims.map((d) => [d, formText(body, `declared.${d}`)])),
    offices: formList(body, 'offices'),
    confirm: formText(body, 'confirm') === 'yes',
  };
}

export function registerMembershipConsole(app: FastifyInstance, svc: MembershipService): void {
  const secretariat = { schema: { hide: true }, preHandler: requireRole('secretariat') };
  const signedIn = { schema: { hide: true }, preHandler: requireUser };
  const showConsole = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) =>
    sendPage(reply, req.t('council.console.title'), await consolePage({ svc, req, error }), status);
  const showMe = async (req: FastifyRequest, reply: FastifyReply, error: FormError | null, status = 200) => sendPage(reply, req.t('council.me.title'), await mePage(svc, req, error), status);
  const dims = app.ctx.charter.bodies.council.selectionDimensions.filter((d) => !d.derivedFrom && d.categoriesFrom !== 'regions').map((d) => d.id);

  app.get('/council/console', secretariat, async (req, reply) => showConsole(req, reply, null));
  app.get('/council/me', signedIn, async (req, reply) => showMe(req, reply, null));

  /** A console form: run it and go back to the console (303), or show the console again with the problem. */
  const action = (path: string, form: (req: FastifyRequest) => string, run: (req: FastifyRequest, body: FormBody) => Promise<unknown>, page: 'console' | 'me', anchor = '') =>
    app.post(path, page === 'console' ? secretariat : signedIn, async (req, reply) => {
      const body = (req.body ?? {}) as FormBody;
      try {
        await run(req, body);
        return reply.redirect(`/council/${page}${anchor}`, 303);
      } catch (err) {
        const e = formError(req, form(req), err, body);
        if (!e) throw err;
        return page === 'console' ? showConsole(req, reply, e.error, e.status) : showMe(req, reply, e.error, e.status);
      }
    });
  const param = (req: FastifyRequest, name: string) => String((req.params as Record<string, string>)[name]);
  const num = (req: FastifyRequest) => Number(param(req, 'n'));
  const sources = (body: FormBody) =>
    formText(body, 'entropySources')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
  const required = (field: string) => {
    throw new DomainError('candidate-required', `body.${field}`);
  };

  action('/council/console/organisations', () => 'org', (_req, b) => svc.registerOrganisation({ bin: formText(b, 'bin'), name: { kk: formText(b, 'name.kk'), ru: formText(b, 'name.ru'), en: formText(b, 'name.en') }, region: formText(b, 'region'), block: formText(b, 'block') }), 'console', '#organisations');
  action('/council/console/representatives', () => 'rep', (_req, b) => svc.linkRepresentative(formText(b, 'organisationId'), formText(b, 'userId').trim()), 'console', '#organisations');
  action('/council/console/cycles', () => 'open', () => svc.openCycle(), 'console', '#cycle');
  action('/council/console/cycles/:n/transition', (req) => `step-${formText(req.body, 'event')}`, (req, b) => svc.advance(num(req), formText(b, 'event')), 'console', '#cycle');
  action(
    '/council/console/cycles/:n/commit',
    () => 'commit',
    (req, b) => {
      const list = sources(b);
      return list.length ? svc.commit(num(req), req.user!.id, { entropySources: list }) : required('entropySources');
    },
    'console',
    '#cycle',
  );
  action('/council/console/cycles/:n/reveal', () => 'reveal', (req, b) => (formText(b, 'entropy').trim() ? svc.reveal(num(req), { entropy: formText(b, 'entropy').trim() }) : required('entropy')), 'console', '#confirmations');
  action('/council/console/cycles/:n/relaxation', () => 'relaxation', (req) => svc.acceptRelaxation(num(req), req.user!.id), 'console', '#cycle');
  action('/council/console/members/:id/answer', () => 'answer', (req, b) => svc.recordAnswer(param(req, 'id'), req.user!.id, formText(b, 'answer') as 'accepted'), 'console', '#confirmations');
  action('/council/console/departures', () => 'leave', (_req, b) => svc.leave(formText(b, 'member'), { on: formText(b, 'on'), reason: formText(b, 'reason') }), 'console', '#departures');
  action(
    '/council/console/vacancies/:id/commit',
    (req) => `vcommit-${param(req, 'id')}`,
    (req, b) => {
      const list = sources(b);
      if (!list.length) return required('entropySources');
      const day = formText(b, 'entropyAfter');
      return svc.commitVacancy(param(req, 'id'), req.user!.id, { entropySources: list, entropyAfter: /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day });
    },
    'console',
    '#vacancies',
  );
  action('/council/console/vacancies/:id/reveal', (req) => `vreveal-${param(req, 'id')}`, (req, b) => (formText(b, 'entropy').trim() ? svc.revealVacancy(param(req, 'id'), { entropy: formText(b, 'entropy').trim() }) : required('entropy')), 'console', '#vacancies');

  action('/council/me/nominations/:id/consent', (req) => `consent-${param(req, 'id')}`, (req, b) => svc.consent(param(req, 'id'), req.user!, declarationOf(b, dims)), 'me');
  action('/council/me/selections/:id/answer', (req) => `answer-${param(req, 'id')}`, (req, b) => svc.answer(param(req, 'id'), req.user!, formText(b, 'answer') as 'accepted'), 'me');
  action('/council/me/cycles/:n/nominations', () => 'nominate', (req, b) => svc.nominate(num(req), req.user!, { organisationId: formText(b, 'organisationId'), iin: formText(b, 'iin').trim(), firstName: formText(b, 'firstName'), lastName: formText(b, 'lastName') }), 'me');
  action(
    '/council/me/cycles/:n/self-nominations',
    () => 'self',
    (req, b) => svc.selfNominate(num(req), req.user!, { block: formText(b, 'block'), iin: formText(b, 'iin').trim(), firstName: formText(b, 'firstName'), lastName: formText(b, 'lastName'), ...declarationOf(b, dims) }),
    'me',
  );
}
