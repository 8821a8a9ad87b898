// The action group of a proposal that needs one: who is in it, which regions still lack members, the
// invitation link for the author; and the page where an invited citizen joins.
import { DataTable, FormField, PostForm, type ViewRequest } from '../../../web/components/index.ts';
import type { ProposalRow, ProposalsService } from '../service.ts';
import { type Catalog, namesFor, Notice, regionOptions, Styles } from './common.tsx';
import { canEditDraft } from './ProposalActions.tsx';

type Group = Awaited<ReturnType<ProposalsService['groupStatus']>>;

export function GroupPage(props: { req: ViewRequest; cat: Catalog; row: ProposalRow; group: Group; invite: string }) {
  const { req, cat, row, group: g } = props;
  const { t, lang } = req;
  const names = namesFor(cat, t, lang);
  const isAuthor = req.user?.pseudonym === row.author_pseudonym;
  return (
    <section class="proposals">
      <Styles />
      <h1>{t('proposals.group.title')}</h1>
      <p>
        <a href={`/proposals/${row.ref}`}>{row.title}</a>
      </p>
      {g.rule && <p>{t('proposals.group.rule', { min: g.rule.minMembersPerRegion })}</p>}
      {canEditDraft(row, isAuthor) && (
        <div class="notice">
          <label for="invite-link">{t('proposals.group.invite')}</label>
          <input id="invite-link" type="text" readOnly value={props.invite} class="invite" />
        </div>
      )}
      <h2>{t('proposals.group.missing')}</h2>
      {g.missing.length === 0 ? (
        <p>{t('proposals.group.complete')}</p>
      ) : (
        <ul class="missing">
          {g.missing.map((m) => (
            <li key={m.region}>
              {names.region(m.region)}: {m.have}/{m.need}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('proposals.group.members')}</h2>
      <DataTable<Group['members'][number]>
        id="group-members"
        caption={t('proposals.group.count', { count: g.members.length })}
        frame={false}
        tableClass="region-table"
        rows={g.members}
        empty={t('proposals.group.count', { count: 0 })}
        columns={[
          { header: t('proposals.group.name'), cell: (m) => m.public_name },
          { header: t('proposals.map.region'), cell: (m) => names.region(m.region) },
        ]}
      />
    </section>
  );
}

export function JoinPage(props: { req: ViewRequest; cat: Catalog; row: ProposalRow; token: string; needsRegion: boolean; error: string | null }) {
  const { req, row } = props;
  const { t, lang } = req;
  return (
    <section class="proposals">
      <Styles />
      <h1>{t('proposals.group.joinTitle')}</h1>
      {props.error && <Notice text={props.error} error />}
      <p>{t('proposals.group.joinIntro', { title: row.title, author: row.author_public_name })}</p>
      <PostForm req={req} action={`/proposals/${row.ref}/join/${props.token}`}>
        {props.needsRegion && <FormField name="region" type="select" required label={t('proposals.sign.region')} hint={t('proposals.sign.regionHint')} options={regionOptions(t, lang, props.cat.charter)} />}
        <button type="submit">{t('proposals.group.join')}</button>
      </PostForm>
    </section>
  );
}
