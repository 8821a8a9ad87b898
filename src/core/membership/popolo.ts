// The Council's membership as open data in the Popolo shape (https://www.popoloproject.com): the
// Council and its three blocks as organizations, every seat as a post, the regions as areas, each
// member who accepted as a person (public name only), and memberships with role member or alternate,
// start and end dates, and which membership replaced which. A CSV flattens the memberships. Pure:
// the module reads the rows, these functions only map them.
import { openDataCsv } from '../csv.ts';
import type { Charter } from '../charter/types.ts';
import { sha256Hex } from '../sortition/random.ts';
import { councilSeats } from './rotation.ts';

export type PopoloLang = 'kk' | 'ru' | 'en';

export interface PopoloMemberRow {
  id: string;
  /** The person's pseudonym: it never leaves this function (the public id is a hash of it). */
  personId: string;
  name: string;
  blockId: string;
  seatId: string;
  organisationId: string | null;
  organisationName: string | null;
  region: string;
  cycle: number;
  start: string;
  end: string;
  /** selected: drawn, not yet confirmed (no name, no person); sitting; left. */
  status: 'selected' | 'sitting' | 'left';
  leftReason: string | null;
  runId: string;
  alternateRank: number | null;
  replaces: string | null;
}

export interface PopoloAlternateRow {
  cycle: number;
  blockId: string;
  rank: number;
  /** The draw's public candidate number (no name: an alternate has not accepted a seat). */
  candidateNumber: string | null;
  runId: string;
  /** The membership this alternate became, once called. */
  memberId: string | null;
  /** The alternates stand from the draw to the next cycle's draw. */
  start: string;
  end: string;
}

export interface PopoloSource {
  charter: Charter;
  lang: PopoloLang;
  members: readonly PopoloMemberRow[];
  alternates: readonly PopoloAlternateRow[];
}

interface Name {
  name: string;
  other_names: { name: string; note: string }[];
}

export interface PopoloDocument {
  persons: { id: string; name: string }[];
  organizations: (Name & { id: string; classification: string; parent_id?: string; seats: number })[];
  areas: (Name & { id: string; classification: 'region' })[];
  posts: { id: string; label: string; organization_id: string; role: 'member'; seat_class: number }[];
  memberships: {
    id: string;
    role: 'member' | 'alternate';
    person_id: string | null;
    organization_id: string;
    post_id: string | null;
    area_id: string | null;
    on_behalf_of: string | null;
    start_date: string;
    end_date: string;
    end_reason: string | null;
    /** The membership this one replaced (a member who left or declined), or null. */
    replaces: string | null;
    replaced_by: string | null;
    cycle: number;
    alternate_rank: number | null;
    candidate_number: string | null;
    status: 'selected' | 'sitting' | 'left' | 'alternate';
    sources: { url: string; note: string }[];
  }[];
}

/** A stable public id of a person: a hash of the pseudonym, so no table key is published. */
export const publicPersonId = (pseudonym: string) => `person/${sha256Hex(`popolo|${pseudonym}`).slice(0, 16)}`;
const blockOrg = (blockId: string) => `council/${blockId}`;
const names = (n: Record<PopoloLang, string>, lang: PopoloLang): Name => ({ name: n[lang], other_names: (['kk', 'ru', 'en'] as const).filter((l) => l !== lang).map((l) => ({ name: n[l], note: `lang:${l}` })) });

export function toPopolo(src: PopoloSource): PopoloDocument {
  const { charter, lang } = src;
  const council = charter.bodies.council;
  const persons = new Map<string, { id: string; name: string }>();
  const byId = new Map(src.members.map((m) => [m.id, m]));
  const replacedBy = new Map<string, string>();
  for (const m of src.members) if (m.replaces && m.status !== 'selected') replacedBy.set(m.replaces, m.id);
  const memberships: PopoloDocument['memberships'] = [];
  for (const m of [...src.members].sort((a, b) => (a.seatId === b.seatId ? (a.start < b.start ? -1 : 1) : a.seatId < b.seatId ? -1 : 1))) {
    // Names only for members who accepted: a drawn candidate before confirmation has no person.
    const accepted = m.status !== 'selected';
    let personId: string | null = null;
    if (accepted) {
      personId = publicPersonId(m.personId);
      persons.set(personId, { id: personId, name: m.name });
    }
    memberships.push({
      id: `membership/${m.id}`,
      role: 'member',
      person_id: personId,
      organization_id: blockOrg(m.blockId),
      post_id: `seat/${m.seatId}`,
      area_id: m.region,
      on_behalf_of: accepted ? m.organisationName : null,
      start_date: m.start,
      end_date: m.end,
      end_reason: m.status === 'left' ? m.leftReason : null,
      replaces: m.replaces && byId.has(m.replaces) ? `membership/${m.replaces}` : null,
      replaced_by: replacedBy.has(m.id) ? `membership/${replacedBy.get(m.id)}` : null,
      cycle: m.cycle,
      alternate_rank: m.alternateRank,
      candidate_number: null,
      status: m.status,
      sources: [{ url: `/sortition/runs/${m.runId}`, note: m.alternateRank === null ? 'the public draw' : `alternate no. ${m.alternateRank} of the public draw` }],
    });
  }
  for (const a of [...src.alternates].sort((x, y) => x.cycle - y.cycle || (x.blockId < y.blockId ? -1 : x.blockId > y.blockId ? 1 : x.rank - y.rank))) {
    memberships.push({
      id: `alternate/${a.cycle}/${a.blockId}/${a.rank}`,
      role: 'alternate',
      person_id: null,
      organization_id: blockOrg(a.blockId),
      post_id: null,
      area_id: null,
      on_behalf_of: null,
      start_date: a.start,
      end_date: a.end,
      end_reason: a.memberId ? 'called to a seat' : null,
      replaces: null,
      replaced_by: a.memberId && byId.has(a.memberId) ? `membership/${a.memberId}` : null,
      cycle: a.cycle,
      alternate_rank: a.rank,
      candidate_number: a.candidateNumber,
      status: 'alternate',
      sources: [{ url: `/sortition/runs/${a.runId}`, note: 'the public draw that ranked the alternates' }],
    });
  }
  return {
    persons: [...persons.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    organizations: [
      { id: 'council', ...names(council.name, lang), classification: 'council', seats: council.seats },
      ...council.blocks.map((b) => ({ id: blockOrg(b.id), ...names(b.name, lang), classification: 'block', parent_id: 'council', seats: b.seats })),
    ],
    areas: charter.regions.map((r) => ({ id: r.code, ...names(r.name, lang), classification: 'region' as const })),
    posts: councilSeats(charter).map((s) => ({ id: `seat/${s.id}`, label: `${council.blocks.find((b) => b.id === s.blockId)!.name[lang]} ${s.index}`, organization_id: blockOrg(s.blockId), role: 'member' as const, seat_class: s.seatClass })),
    memberships,
  };
}

export const POPOLO_CSV_COLUMNS = ['membership_id', 'role', 'status', 'person_id', 'name', 'organization_id', 'post_id', 'area_id', 'on_behalf_of', 'start_date', 'end_date', 'end_reason', 'replaces', 'replaced_by', 'cycle', 'alternate_rank', 'candidate_number', 'source'] as const;

/** The memberships as open-data CSV (src/core/csv.ts), one row each, with the person's name joined in. */
export function popoloCsv(doc: PopoloDocument, labels?: readonly string[]): string {
  const name = new Map(doc.persons.map((p) => [p.id, p.name]));
  const rows = doc.memberships.map((m) => [m.id, m.role, m.status, m.person_id ?? '', m.person_id ? (name.get(m.person_id) ?? '') : '', m.organization_id, m.post_id ?? '', m.area_id ?? '', m.on_behalf_of ?? '', m.start_date, m.end_date, m.end_reason ?? '', m.replaces ?? '', m.replaced_by ?? '', m.cycle, m.alternate_rank ?? '', m.candidate_number ?? '', m.sources[0]?.url ?? '']);
  return openDataCsv(POPOLO_CSV_COLUMNS, rows, labels);
}
