// Rules the JSON Schema cannot express: sums, cross-references, uniqueness by key, consistency
// between fields. Runs even when the schema check failed, so a charter with mistakes of both
// kinds gets every error at once; every access is therefore defensive.
import { isIsoDate } from '../isoDate.ts';
import { joinPath } from './schemaErrors.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const get = (o: unknown, k: string): unknown => (isObj(o) ? o[k] : undefined);

class Problems {
  readonly list: string[] = [];
  add(path: string, msg: string): void {
    this.list.push(`${path}: ${msg}`);
  }
}

/** Reports the second and later items whose `key` repeats an earlier one. */
function checkUnique(p: Problems, items: unknown[], basePath: string, key: string, what: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = get(item, key);
    if (typeof k !== 'string') return;
    const first = seen.get(k);
    if (first !== undefined) p.add(joinPath(joinPath(basePath, i), key), `${what} "${k}" repeats ${basePath}[${first}]`);
    else seen.set(k, i);
  });
}

function fractionValue(f: unknown): number | undefined {
  const n = num(get(f, 'numerator'));
  const d = num(get(f, 'denominator'));
  return n !== undefined && d !== undefined && d > 0 ? n / d : undefined;
}

function checkFractionAtMostOne(p: Problems, f: unknown, path: string): void {
  const v = fractionValue(f);
  if (v !== undefined && v > 1) p.add(path, 'must not be more than 1 (numerator above denominator)');
}

function checkLanguages(p: Problems, c: Obj): void {
  const langs = get(c, 'languages');
  const dflt = get(langs, 'default');
  const supported = arr(get(langs, 'supported'));
  if (typeof dflt === 'string' && supported.length && !supported.includes(dflt)) {
    p.add('languages.supported', `must include the default language "${dflt}"`);
  }
}

function checkTimeZone(p: Problems, c: Obj): void {
  const tz = get(c, 'timeZone');
  if (typeof tz !== 'string' || tz === '') return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    p.add('timeZone', `"${tz}" is not an IANA time zone`);
  }
}

function checkCouncil(p: Problems, council: unknown, regionCount: number): void {
  const base = 'bodies.council';
  const seats = num(get(council, 'seats'));
  const blocks = arr(get(council, 'blocks'));
  checkUnique(p, blocks, `${base}.blocks`, 'id', 'block id');
  const blockSeats = blocks.map((b) => num(get(b, 'seats')));
  if (seats !== undefined && blockSeats.length && blockSeats.every((s) => s !== undefined)) {
    const sum = blockSeats.reduce((a, b) => a! + b!, 0)!;
    if (sum !== seats) p.add(`${base}.blocks`, `block seats add up to ${sum}, but the council has ${seats} seats`);
  }

  const share = get(council, 'renewalShare');
  checkFractionAtMostOne(p, share, `${base}.renewalShare`);
  const n = num(get(share, 'numerator'));
  const d = num(get(share, 'denominator'));
  if (n !== undefined && d !== undefined && d > 0) {
    blocks.forEach((b, i) => {
      const s = num(get(b, 'seats'));
      if (s !== undefined && s > 0 && (s * n) % d !== 0) {
        p.add(`${base}.blocks[${i}].seats`, `${s} seats cannot be renewed by ${n}/${d} in whole seats`);
      }
    });
    const term = num(get(council, 'termYears'));
    const cycle = num(get(council, 'cycleYears'));
    if (term !== undefined && cycle !== undefined && term * n !== cycle * d) {
      p.add(`${base}.cycleYears`, `renewing ${n}/${d} every ${cycle} years does not renew each seat once per ${term}-year term`);
    }
  }

  const drawSeats = seats !== undefined && n !== undefined && d ? (seats * n) / d : undefined;
  const dims = arr(get(council, 'selectionDimensions'));
  checkUnique(p, dims, `${base}.selectionDimensions`, 'id', 'dimension id');
  dims.forEach((dim, i) => {
    const path = `${base}.selectionDimensions[${i}]`;
    const from = get(dim, 'categoriesFrom');
    const cats = get(dim, 'categories');
    if ((from === undefined) === (cats === undefined)) {
      p.add(path, 'must have exactly one of "categoriesFrom" or "categories"');
    }
    let categoryCount = from === 'regions' ? regionCount : 0;
    if (Array.isArray(cats)) {
      categoryCount = cats.length;
      checkUnique(p, cats, `${path}.categories`, 'id', 'category id');
      const shares = cats.map((c) => num(get(c, 'share')));
      if (shares.every((s) => s !== undefined)) {
        const total = shares.reduce((a, b) => a! + b!, 0)!;
        if (Math.abs(total - 1) > 0.001) p.add(`${path}.categories`, `shares add up to ${+total.toFixed(4)}, not 1`);
      }
    }
    const minSeats = num(get(get(dim, 'quota'), 'minSeats'));
    if (minSeats !== undefined && drawSeats !== undefined && minSeats * categoryCount > drawSeats) {
      p.add(`${path}.quota.minSeats`, `${minSeats} seats for each of ${categoryCount} categories exceeds the ${drawSeats} seats of one draw`);
    }
  });
}

/** Working days in a year, counted generously (weekdays only), so the stage check never rejects a real plan. */
const WORKING_DAYS_PER_YEAR_AT_MOST = 261;

/** Rules of the rotation (ADR 0801): whole cycles per term, per-block draws, stages, nominations, derived dimensions. */
function checkRotation(p: Problems, council: unknown, regionCount: number): void {
  const base = 'bodies.council';
  const term = num(get(council, 'termYears'));
  const cycleYears = num(get(council, 'cycleYears'));
  if (term !== undefined && cycleYears !== undefined && cycleYears > 0 && term % cycleYears !== 0) {
    p.add(`${base}.termYears`, `a ${term}-year term is not a whole number of ${cycleYears}-year cycles, so terms cannot be staggered by cycle`);
  }

  // Each block is drawn on its own: its minimum seats must fit in the seats it renews per cycle.
  const share = fractionValue(get(council, 'renewalShare'));
  const blocks = arr(get(council, 'blocks'));
  const dims = arr(get(council, 'selectionDimensions'));
  if (share !== undefined) {
    blocks.forEach((b) => {
      const seats = num(get(b, 'seats'));
      const id = get(b, 'id');
      if (seats === undefined || typeof id !== 'string') return;
      const renewed = seats * share;
      dims.forEach((dim, i) => {
        const minSeats = num(get(get(dim, 'quota'), 'minSeats'));
        const cats = get(dim, 'categories');
        const count = get(dim, 'categoriesFrom') === 'regions' ? regionCount : Array.isArray(cats) ? cats.length : 0;
        if (minSeats !== undefined && count > 0 && minSeats * count > renewed) {
          p.add(`${base}.selectionDimensions[${i}].quota.minSeats`, `${minSeats} seats for each of ${count} categories exceeds the ${renewed} seats block "${id}" renews per cycle`);
        }
      });
    });
  }

  const cycle = get(council, 'cycle');
  const stages = ['announcementWorkingDays', 'nominationWorkingDays', 'reviewWorkingDays', 'entropyWaitWorkingDays', 'confirmationWorkingDays', 'seatingWorkingDays'];
  const total = stages.reduce((s, k) => s + (num(get(cycle, k)) ?? 0), 0);
  if (cycleYears !== undefined && total >= cycleYears * WORKING_DAYS_PER_YEAR_AT_MOST) {
    p.add(`${base}.cycle`, `the stages take ${total} working days, more than a ${cycleYears}-year cycle holds, so two cycles would overlap`);
  }

  const perOrg = get(get(council, 'nominations'), 'membersPerOrganisation');
  if (typeof perOrg === 'number' && perOrg > 1) {
    p.add(`${base}.nominations.membersPerOrganisation`, `${perOrg} is not supported: the draw enforces at most one member per organisation (the household rule); use 1 or null`);
  }

  const minAge = num(get(get(council, 'eligibility'), 'minAge'));
  checkUnique(p, arr(get(get(council, 'eligibility'), 'incompatibleOffices')), `${base}.eligibility.incompatibleOffices`, 'id', 'office id');
  dims.forEach((dim, i) => {
    const path = `${base}.selectionDimensions[${i}]`;
    const from = get(dim, 'derivedFrom');
    const cats = arr(get(dim, 'categories'));
    if (from !== undefined && get(dim, 'categoriesFrom') !== undefined) p.add(`${path}.derivedFrom`, 'cannot be combined with "categoriesFrom"');
    if (from === 'sex') {
      const seen = new Map<string, number>();
      cats.forEach((c, j) => {
        const sex = get(c, 'sex');
        if (typeof sex !== 'string') p.add(`${path}.categories[${j}].sex`, 'is required when the dimension is derived from sex');
        else if (seen.has(sex)) p.add(`${path}.categories[${j}].sex`, `"${sex}" repeats ${path}.categories[${seen.get(sex)}]`);
        else seen.set(sex, j);
      });
      if (cats.length && seen.size === cats.length && seen.size < 2) p.add(`${path}.categories`, 'must cover both sexes');
    }
    if (from === 'age') {
      const ages = cats.map((c) => num(get(c, 'fromAge')));
      cats.forEach((_, j) => {
        if (ages[j] === undefined) p.add(`${path}.categories[${j}].fromAge`, 'is required when the dimension is derived from age');
        else if (ages.indexOf(ages[j]) !== j) p.add(`${path}.categories[${j}].fromAge`, `${ages[j]} repeats another band's fromAge`);
      });
      const lowest = Math.min(...ages.map((a) => a ?? Infinity));
      if (minAge !== undefined && Number.isFinite(lowest) && lowest > minAge) {
        p.add(`${path}.categories`, `the youngest band starts at ${lowest}, above eligibility.minAge ${minAge}: eligible candidates would have no band`);
      }
    }
    if (from === undefined) {
      cats.forEach((c, j) => {
        for (const k of ['sex', 'fromAge']) if (get(c, k) !== undefined) p.add(`${path}.categories[${j}].${k}`, `needs "derivedFrom" on the dimension`);
      });
    }
  });
}

function checkRegionRef(p: Problems, ref: unknown, path: string, codes: Set<string>): number {
  if (ref === 'all') return codes.size;
  const list = arr(ref);
  list.forEach((code, i) => {
    if (typeof code === 'string' && !codes.has(code)) p.add(`${path}[${i}]`, `"${code}" is not a charter region`);
  });
  return list.length;
}

function checkProposalKinds(p: Problems, kinds: unknown[], codes: Set<string>): void {
  checkUnique(p, kinds, 'proposalKinds', 'id', 'proposal kind');
  kinds.forEach((kind, i) => {
    const path = `proposalKinds[${i}]`;
    const threshold = num(get(kind, 'signatureThreshold'));
    const spread = get(kind, 'regionalSpread');
    const spreadRegions = checkRegionRef(p, get(spread, 'regions'), `${path}.regionalSpread.regions`, codes);
    const minRegions = num(get(spread, 'minRegions'));
    if (minRegions !== undefined && minRegions > spreadRegions) {
      p.add(`${path}.regionalSpread.minRegions`, `asks for ${minRegions} regions, but the rule covers only ${spreadRegions}`);
    }
    if (minRegions && num(get(spread, 'minSignaturesPerRegion')) === 0) {
      p.add(`${path}.regionalSpread.minSignaturesPerRegion`, 'must be at least 1 when minRegions is set');
    }
    const group = get(kind, 'actionGroup');
    if (isObj(group)) checkRegionRef(p, group.regions, `${path}.actionGroup.regions`, codes);
    const linkOnly = num(get(kind, 'linkOnlyUntilSignatures'));
    if (linkOnly !== undefined && threshold !== undefined && linkOnly >= threshold) {
      p.add(`${path}.linkOnlyUntilSignatures`, `must be below the signature threshold (${threshold})`);
    }
    for (const field of ['title', 'summary', 'body']) {
      const lim = get(get(kind, 'text'), field);
      const min = num(get(lim, 'min'));
      const max = num(get(lim, 'max'));
      if (min !== undefined && max !== undefined && min > max) p.add(`${path}.text.${field}`, `min (${min}) is above max (${max})`);
    }
    checkUnique(p, arr(get(kind, 'excludedSubjects')), `${path}.excludedSubjects`, 'id', 'subject id');
  });
}

function checkResponses(p: Problems, r: unknown): void {
  const answer = get(r, 'answerWorkingDays');
  const shortest = Math.min(num(get(answer, 'central')) ?? Infinity, num(get(answer, 'local')) ?? Infinity);
  const dueSoon = num(get(r, 'dueSoonWorkingDays'));
  if (dueSoon !== undefined && dueSoon >= shortest) {
    p.add('responses.dueSoonWorkingDays', `must be below the shortest answer deadline (${shortest})`);
  }
  const ext = get(r, 'extension');
  if (num(get(ext, 'maxCount')) === 0 && (num(get(ext, 'maxExtraWorkingDays')) ?? 0) > 0) {
    p.add('responses.extension.maxExtraWorkingDays', 'must be 0 when no extension is allowed (maxCount 0)');
  }
}

function checkVoting(p: Problems, v: unknown): void {
  checkFractionAtMostOne(p, get(get(v, 'quorum'), 'share'), 'voting.quorum.share');
  const majorities = get(v, 'majorities');
  if (isObj(majorities)) {
    for (const [k, m] of Object.entries(majorities)) checkFractionAtMostOne(p, get(m, 'share'), `voting.majorities.${k}.share`);
  }
}

/** The Council's working rules against the rest: kinds named exist, numbers fit the Council's size. */
function checkCouncilWork(p: Problems, w: unknown, data: Obj): void {
  const base = 'councilWork';
  const kindIds = new Set(arr(data.proposalKinds).map((k) => get(k, 'id')).filter((id): id is string => typeof id === 'string'));
  const fromProposals = arr(get(w, 'agendaFromProposals'));
  checkUnique(p, fromProposals, `${base}.agendaFromProposals`, 'proposalKind', 'proposal kind');
  fromProposals.forEach((entry, i) => {
    const kind = get(entry, 'proposalKind');
    if (typeof kind === 'string' && !kindIds.has(kind)) p.add(`${base}.agendaFromProposals[${i}].proposalKind`, `"${kind}" is not a charter proposal kind`);
  });
  const excludedOf = get(get(w, 'referendumProposal'), 'excludedSubjectsOf');
  if (typeof excludedOf === 'string' && !kindIds.has(excludedOf)) {
    p.add(`${base}.referendumProposal.excludedSubjectsOf`, `"${excludedOf}" is not a charter proposal kind`);
  }
  // A motion's mover and co-sponsors are distinct sitting members, so they must fit in the seats.
  const seats = num(get(get(data.bodies, 'council'), 'seats'));
  const coSponsors = get(get(w, 'motions'), 'coSponsors');
  const limits: [string, unknown][] = [
    ...(isObj(coSponsors) ? Object.entries(coSponsors).map(([k, v]): [string, unknown] => [`${base}.motions.coSponsors.${k}`, v]) : []),
    [`${base}.amendments.coSponsors`, get(get(w, 'amendments'), 'coSponsors')],
  ];
  for (const [path, value] of limits) {
    const n = num(value);
    if (n !== undefined && seats !== undefined && n >= seats) p.add(path, `${n} co-sponsors and the mover exceed the council's ${seats} seats`);
  }
  const agenda = get(w, 'petitionAgenda');
  const days = num(get(agenda, 'workingDays'));
  const dueSoon = num(get(agenda, 'dueSoonWorkingDays'));
  if (days !== undefined && dueSoon !== undefined && dueSoon >= days) p.add(`${base}.petitionAgenda.dueSoonWorkingDays`, `must be below workingDays (${days})`);
  const notice = get(w, 'notice');
  const regular = num(get(notice, 'regular'));
  const extraordinary = num(get(notice, 'extraordinary'));
  if (regular !== undefined && extraordinary !== undefined && extraordinary > regular) {
    p.add(`${base}.notice.extraordinary`, `must not be longer than the regular notice (${regular})`);
  }
  const closes = num(get(get(w, 'agenda'), 'closesWorkingDaysBefore'));
  if (closes !== undefined && regular !== undefined && closes >= regular) {
    p.add(`${base}.agenda.closesWorkingDaysBefore`, `must be below the regular notice (${regular}), or a regular agenda would close before it is convened`);
  }
}

function checkCalendar(p: Problems, cal: unknown): void {
  const seenAt = new Map<string, string>();
  for (const list of ['extraDaysOff', 'extraWorkingDays', 'removedHolidays']) {
    arr(get(cal, list)).forEach((o, i) => {
      const date = get(o, 'date');
      const path = `calendar.${list}[${i}].date`;
      if (!isIsoDate(date)) return; // the schema reports malformed dates
      const earlier = seenAt.get(date);
      if (earlier) p.add(path, `${date} is already listed at ${earlier}`);
      else seenAt.set(date, path.replace(/\.date$/, ''));
    });
  }
}

/** Resolves `a.b[2].c` against the charter; true when something is there. */
function pathExists(root: unknown, path: string): boolean {
  let cur: unknown = root;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) {
      if (!Array.isArray(cur)) return false;
      cur = cur[Number(m[2])];
    } else {
      if (!isObj(cur)) return false;
      cur = cur[m[1]!];
    }
    if (cur === undefined) return false;
  }
  return true;
}

/** Dropout rates (ADR 0811): each listed value is a category of a selection dimension, listed once. */
function checkDropout(p: Problems, council: unknown, codes: ReadonlySet<string>): void {
  const base = 'bodies.council.dropout.byValue';
  const dims = new Map<string, Set<string>>();
  for (const dim of arr(get(council, 'selectionDimensions'))) {
    const id = get(dim, 'id');
    if (typeof id !== 'string') continue;
    const values = get(dim, 'categoriesFrom') === 'regions' ? [...codes] : arr(get(dim, 'categories')).map((c) => get(c, 'id'));
    dims.set(id, new Set(values.filter((v): v is string => typeof v === 'string')));
  }
  const seen = new Map<string, number>();
  arr(get(get(council, 'dropout'), 'byValue')).forEach((entry, i) => {
    const dim = get(entry, 'dimension');
    const value = get(entry, 'value');
    if (typeof dim !== 'string' || typeof value !== 'string') return;
    const values = dims.get(dim);
    if (!values) p.add(`${base}[${i}].dimension`, `"${dim}" is not a selection dimension of the council`);
    else if (!values.has(value)) p.add(`${base}[${i}].value`, `"${value}" is not a category of dimension "${dim}"`);
    if (!values?.has(value)) return;
    const first = seen.get(`${dim}|${value}`);
    if (first !== undefined) p.add(`${base}[${i}]`, `${dim} "${value}" repeats ${base}[${first}]`);
    else seen.set(`${dim}|${value}`, i);
  });
}

export function semanticErrors(data: unknown): string[] {
  if (!isObj(data)) return [];
  const p = new Problems();
  checkLanguages(p, data);
  checkTimeZone(p, data);
  const regions = arr(data.regions);
  checkUnique(p, regions, 'regions', 'code', 'region code');
  const codes = new Set(regions.map((r) => get(r, 'code')).filter((c): c is string => typeof c === 'string'));
  checkCouncil(p, get(data.bodies, 'council'), codes.size);
  checkRotation(p, get(data.bodies, 'council'), codes.size);
  checkDropout(p, get(data.bodies, 'council'), codes);
  checkProposalKinds(p, arr(data.proposalKinds), codes);
  checkUnique(p, arr(data.rejectionReasons), 'rejectionReasons', 'code', 'reason code');
  checkResponses(p, data.responses);
  checkVoting(p, data.voting);
  checkCouncilWork(p, data.councilWork, data);
  checkCalendar(p, data.calendar);
  arr(data.assumptions).forEach((a, i) => {
    const path = get(a, 'path');
    if (typeof path === 'string' && path !== '' && !pathExists(data, path)) {
      p.add(`assumptions[${i}].path`, `"${path}" names no field of this charter`);
    }
  });
  return p.list;
}
