// Akoma Ntoso 3.0 (OASIS LegalDocML) exports: the minutes of a sitting as a debate record, and a
// legislative initiative the Council sent to the Kurultai as a bill. Pure: the caller gives the
// record, the names and every translated label; nothing here reads a clock or a database.
import type { Lang } from '../lang.ts';
import type { MinutesDraft } from './minutes.ts';
import type { IsoDate } from './types.ts';
import type { Counts, RollCallChoice } from './vote.ts';
import { el, type XmlElement, xmlDocument } from './xml.ts';

export const AKN_NAMESPACE = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/** ISO 639-2 codes, as FRBR expressions name their language. */
export const AKN_LANGUAGE: Record<Lang, string> = { kk: 'kaz', ru: 'rus', en: 'eng' };

export interface AknPerson {
  name: string;
}

/** Labels in the document's language (the module's messages give them). */
export interface DebateLabels {
  council: string;
  /** The document title, e.g. "Minutes of the regular session of 10 December 2026". */
  title: string;
  place: string;
  status: string;
  attendance: string;
  present: string;
  absent: string;
  /** The quorum sentence, already rendered from `minutes.quorum`. */
  quorum: string;
  choices: Record<RollCallChoice, string>;
  /** Outcome code (adopted, short-of-majority, tied, no-quorum) → its words. */
  outcomes: Record<string, string>;
  /** Follow-up event → its words. */
  followUps: Record<string, string>;
  recusalReason: string;
  noVote: string;
}

export interface DebateRecordInput {
  minutes: MinutesDraft;
  lang: Lang;
  /** The minutes' state: a draft is marked as such in the expression date's name. */
  state: 'draft' | 'approved';
  /** The day this file was generated (the manifestation date). */
  generatedOn: IsoDate;
  people: Readonly<Record<string, AknPerson>>;
  items: Readonly<Record<string, { title: string; text?: string }>>;
  labels: DebateLabels;
}

const eIdOf = (id: string) => id.replace(/[^\w-]/g, '_');
const personRef = (id: string) => `#person_${eIdOf(id)}`;

function frbr(work: string, lang: Lang, date: { work: IsoDate; workName: string; expression: IsoDate; expressionName: string; generated: IsoDate }, author: string): XmlElement {
  const expr = `${work}/${AKN_LANGUAGE[lang]}@`;
  return el(
    'identification',
    { source: '#kenes' },
    el('FRBRWork', {}, el('FRBRthis', { value: `${work}/!main` }), el('FRBRuri', { value: work }), el('FRBRdate', { date: date.work, name: date.workName }), el('FRBRauthor', { href: author }), el('FRBRcountry', { value: 'kz' })),
    el(
      'FRBRExpression',
      {},
      el('FRBRthis', { value: `${expr}/!main` }),
      el('FRBRuri', { value: expr }),
      el('FRBRdate', { date: date.expression, name: date.expressionName }),
      el('FRBRauthor', { href: author }),
      el('FRBRlanguage', { language: AKN_LANGUAGE[lang] }),
    ),
    el('FRBRManifestation', {}, el('FRBRthis', { value: `${expr}/!main.xml` }), el('FRBRuri', { value: `${expr}.akn` }), el('FRBRdate', { date: date.generated, name: 'generation' }), el('FRBRauthor', { href: '#kenes' })),
  );
}

function references(council: string, people: Readonly<Record<string, AknPerson>>, ids: Iterable<string>, concepts: Record<string, string> = {}, place?: string): XmlElement {
  const persons = [...new Set(ids)].sort().map((id) => el('TLCPerson', { eId: personRef(id).slice(1), href: `/ontology/person/kz/council/${encodeURIComponent(id)}`, showAs: people[id]?.name ?? id }));
  return el(
    'references',
    { source: '#kenes' },
    el('TLCOrganization', { eId: 'council', href: '/ontology/organization/kz/peoplesCouncil', showAs: council }),
    el('TLCOrganization', { eId: 'kenes', href: '/ontology/organization/kz/kenes', showAs: 'Kenes' }),
    el('TLCRole', { eId: 'member', href: '/ontology/role/kz/council/member', showAs: 'member' }),
    ...(place !== undefined ? [el('TLCLocation', { eId: 'place', href: '/ontology/location/kz/council/place', showAs: place })] : []),
    ...persons,
    ...Object.entries(concepts).map(([id, showAs]) => el('TLCConcept', { eId: id, href: `/ontology/concept/kz/council/${id}`, showAs })),
  );
}

/** `Name, Name and Name` as inline person references. */
function personList(people: Readonly<Record<string, AknPerson>>, ids: readonly string[]): (XmlElement | string)[] {
  return ids.flatMap((id, i) => [...(i > 0 ? [', '] : []), el('person', { refersTo: personRef(id), as: '#member' }, people[id]?.name ?? id)]);
}

/** Paragraphs of a text: blank lines separate them. */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const COUNT_KEYS: readonly (keyof Counts)[] = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'];
const CHOICE_ORDER: readonly RollCallChoice[] = ['yes', 'no', 'abstain', 'recused', 'notVoting', 'absent'];

/** The minutes as an Akoma Ntoso debate record. */
export function debateRecordXml(input: DebateRecordInput): string {
  const { minutes: m, lang, labels, people } = input;
  const work = `/akn/kz/debaterecord/council/${m.date}/${eIdOf(m.sessionId)}`;
  const mentioned = [...m.attendance.present, ...m.attendance.absent, ...m.items.flatMap((i) => i.votes.flatMap((v) => v.rollCall.map((l) => l.memberId)))];

  const votings = m.items.flatMap((item) =>
    item.votes.map((v, j) =>
      el(
        'voting',
        { eId: `voting_${item.position}_${j + 1}`, href: `#dbsect_${item.position}__dbsect_${j + 1}`, outcome: `#${v.result.code}` },
        el('quorum', { value: v.result.quorum.needed }),
        ...COUNT_KEYS.map((k) => el('count', { value: v.result.counts[k], refersTo: `#${k}` })),
      ),
    ),
  );
  const concepts: Record<string, string> = {
    ...Object.fromEntries(CHOICE_ORDER.map((c) => [c, labels.choices[c]])),
    ...Object.fromEntries(Object.entries(labels.outcomes)),
    present: labels.present,
    quorumMet: labels.quorum,
  };

  const meta = el(
    'meta',
    {},
    frbr(work, lang, { work: m.date, workName: 'sitting', expression: input.generatedOn, expressionName: input.state, generated: input.generatedOn }, '#council'),
    el(
      'analysis',
      { source: '#kenes' },
      el(
        'parliamentary',
        {},
        el('quorumVerification', { eId: 'quorumVerification_1', href: '#rollCall_1', outcome: m.quorum.met ? '#quorumMet' : '#no-quorum' }, el('quorum', { value: m.quorum.needed }), el('count', { value: m.quorum.present, refersTo: '#present' })),
        ...votings,
      ),
    ),
    references(labels.council, people, mentioned, concepts, m.place),
  );

  const preface = el(
    'preface',
    {},
    el('p', { class: 'title' }, el('docTitle', {}, labels.title)),
    el('p', {}, el('docProponent', { refersTo: '#council' }, labels.council), ' · ', el('docDate', { date: m.date }, m.date)),
    el('p', {}, `${labels.place}: `, el('location', { refersTo: '#place' }, m.place)),
    el('p', {}, `${labels.status}: `, el('docStatus', {}, input.state)),
  );

  const rollCall = el(
    'rollCall',
    { eId: 'rollCall_1' },
    el('heading', {}, labels.attendance),
    el('p', {}, `${labels.present} (${m.attendance.present.length}): `, ...personList(people, m.attendance.present)),
    el('p', {}, `${labels.absent} (${m.attendance.absent.length}): `, ...personList(people, m.attendance.absent)),
    el('p', {}, labels.quorum),
  );

  const sections = m.items.map((item) => {
    const info = input.items[item.itemId];
    const dbsect = `dbsect_${item.position}`;
    return el(
      'debateSection',
      { eId: dbsect, name: item.kind },
      el('num', {}, `${item.position}.`),
      el('heading', {}, info?.title ?? item.itemId),
      ...paragraphsOf(info?.text ?? '').map((p) => el('p', {}, p)),
      ...(item.votes.length === 0 && item.kind !== 'governmentReport' ? [el('p', {}, labels.noVote)] : []),
      ...item.votes.map((v, j) => {
        const byChoice = (c: RollCallChoice) => v.rollCall.filter((l) => l.choice === c).map((l) => l.memberId);
        return el(
          'debateSection',
          { eId: `${dbsect}__dbsect_${j + 1}`, name: 'vote' },
          el('heading', {}, v.question),
          el('p', {}, `${labels.outcomes[v.result.code] ?? v.result.code}: `, el('i', {}, v.result.majority.formula)),
          ...CHOICE_ORDER.filter((c) => byChoice(c).length > 0).map((c) => el('p', { class: `rollCall-${c}` }, `${labels.choices[c]} (${byChoice(c).length}): `, ...personList(people, byChoice(c)))),
          ...v.rollCall
            .filter((l) => l.choice === 'recused' && l.reason)
            .map((l) => el('p', { class: 'recusal' }, el('person', { refersTo: personRef(l.memberId), as: '#member' }, people[l.memberId]?.name ?? l.memberId), ` — ${labels.recusalReason}: ${l.reason}`)),
        );
      }),
      ...item.followUps.map((f) => el('p', { class: 'followUp' }, labels.followUps[f] ?? f)),
    );
  });

  const debate = el('debate', { name: 'minutes' }, meta, preface, el('debateBody', {}, rollCall, ...sections));
  return xmlDocument(el('akomaNtoso', { xmlns: AKN_NAMESPACE }, debate));
}

export interface BillLabels {
  council: string;
  /** The sentence saying how and when the Council adopted it, with the arithmetic. */
  adopted: string;
  mover: string;
  coSponsors: string;
}

export interface BillInput {
  /** The decision's id: the bill's number in its FRBR URI. */
  decisionId: string;
  lang: Lang;
  title: string;
  text: string;
  adoptedOn: IsoDate;
  sentOn: IsoDate;
  generatedOn: IsoDate;
  moverId: string | null;
  coSponsorIds: readonly string[];
  people: Readonly<Record<string, AknPerson>>;
  labels: BillLabels;
}

/** A legislative initiative the Council adopted and sent to the Kurultai, as an Akoma Ntoso bill. */
export function billXml(input: BillInput): string {
  const { lang, labels, people } = input;
  const work = `/akn/kz/bill/council/${input.adoptedOn}/${eIdOf(input.decisionId)}`;
  const sponsors = [...(input.moverId ? [input.moverId] : []), ...input.coSponsorIds];
  const meta = el(
    'meta',
    {},
    frbr(work, lang, { work: input.adoptedOn, workName: 'adoption', expression: input.sentOn, expressionName: 'sentToKurultai', generated: input.generatedOn }, '#council'),
    el('lifecycle', { source: '#kenes' }, el('eventRef', { eId: 'evt_1', date: input.adoptedOn, source: '#original', type: 'generation' }), el('eventRef', { eId: 'evt_2', date: input.sentOn, source: '#original', type: 'amendment' })),
    (() => {
      const refs = references(labels.council, people, sponsors);
      return { ...refs, children: [el('original', { eId: 'original', href: `${work}/${AKN_LANGUAGE[lang]}@`, showAs: input.title }), ...(refs.children ?? [])] };
    })(),
  );
  const paragraphs = paragraphsOf(input.text);
  const body = el(
    'body',
    {},
    ...(paragraphs.length ? paragraphs : ['']).map((p, i) =>
      el('paragraph', { eId: `para_${i + 1}` }, el('num', {}, `${i + 1}.`), el('content', {}, ...p.split('\n').map((line) => el('p', {}, line.trim())))),
    ),
  );
  const bill = el(
    'bill',
    { name: 'legislativeInitiative' },
    meta,
    el('preface', {}, el('p', { class: 'title' }, el('docTitle', {}, input.title)), el('p', {}, el('docProponent', { refersTo: '#council' }, labels.council), ' · ', el('docDate', { date: input.adoptedOn }, input.adoptedOn))),
    body,
    el(
      'conclusions',
      {},
      el('p', {}, labels.adopted),
      ...(input.moverId ? [el('p', {}, `${labels.mover}: `, ...personList(people, [input.moverId]))] : []),
      ...(input.coSponsorIds.length ? [el('p', {}, `${labels.coSponsors}: `, ...personList(people, input.coSponsorIds))] : []),
    ),
  );
  return xmlDocument(el('akomaNtoso', { xmlns: AKN_NAMESPACE }, bill));
}
