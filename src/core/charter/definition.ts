// The charter's one definition. The TypeScript types (types.ts, `Static<>` of these schemas), the
// validator (validate.ts) and the published JSON Schema (charter/schema.json, written by
// `npm run build:charter-schema`) all come from here, so a field is added in this file only.
// How to add a field: docs/adr/0201-charter-format.md.
//
// The helpers keep the generated schema exactly as Ajv and schemaErrors.ts expect: shared shapes
// are `$defs` reached by `$ref` (the error wording keys on `/$defs/positiveInteger/` and the like),
// constants and enums carry no extra `type` keyword (TypeBox's Literal would add one and so a second
// error per mistake), and every object rejects unknown fields.
import { type Static, type TObject, type TSchema, type TUnsafe, Type } from '@sinclair/typebox';
import { LANGS } from '../lang.ts';

/** Named shapes in the order they appear under `$defs`. */
const DEFS: Record<string, TSchema> = {};

/** Registers `schema` as `$defs/<name>` and returns a `$ref` to it that keeps its static type. */
function def<T extends TSchema>(name: string, schema: T): TUnsafe<Static<T>> {
  if (name in DEFS) throw new Error(`charter definition: $defs/${name} is defined twice`);
  DEFS[name] = schema;
  return Type.Unsafe<Static<T>>({ $ref: `#/$defs/${name}` });
}

/** The same schema with a description (shown by editors through `$schema`). */
function doc<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

/**
 * An object that rejects unknown fields. Required = the properties neither wrapped in Type.Optional
 * nor given a default (`withDefault`): a charter may leave those out and Ajv fills them in.
 */
function obj<P extends Record<string, TSchema>>(properties: P, description?: string): TObject<P> {
  const o = Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });
  const all: readonly string[] = o.required ?? [];
  const required = all.filter((k) => !('default' in (properties[k] as object)));
  if (required.length === all.length) return o;
  const { required: _, ...rest } = o;
  return (required.length ? { ...rest, required } : rest) as TObject<P>;
}

/**
 * A field a charter may omit: validation (Ajv `useDefaults`) writes `value` in, so the validated
 * charter always has it and its static type is not optional. For fields added after charters were
 * written (ADR 0801's rotation rules), so an older charter stays valid.
 */
function withDefault<T extends TSchema>(schema: T, value: Static<T>, description?: string): T {
  return { ...schema, default: value, ...(description ? { description } : {}) };
}

/** An object with one property per key, all of the same shape (e.g. one text per language). */
function keyed<K extends string, T extends TSchema>(keys: readonly K[], schema: T): TObject<{ [P in K]: T }> {
  return obj(Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K]: T });
}

function constant<const V extends string | boolean>(value: V): TUnsafe<V> {
  return Type.Unsafe<V>({ const: value });
}

function oneOf<const V extends readonly string[]>(values: V): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ enum: [...values] });
}

/** `type: ["object", "null"]`: one error ("must be an object or null") rather than an anyOf of two branches. */
function orNull<T extends TObject>(schema: T, description: string): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: ['object', 'null'], description });
}

// ---- shared shapes ($defs) ------------------------------------------------------------------

export const Identifier = def('identifier', Type.String({ pattern: '^[a-z][a-zA-Z0-9-]*$' }));
export const LangCode = def('lang', oneOf(LANGS));
export const PositiveInteger = def('positiveInteger', Type.Integer({ minimum: 1 }));
export const NonNegativeInteger = def('nonNegativeInteger', Type.Integer({ minimum: 0 }));
export const IsoDate = def('date', Type.String({ format: 'date', description: 'A plain calendar date YYYY-MM-DD (Asia/Almaty), never a timestamp.' }));
export const Text = def('text', Type.String({ minLength: 1 }));
export const LocalizedText = def('localizedText', doc(keyed(LANGS, Text), 'A text in each of the platform languages.'));
export const Fraction = def(
  'fraction',
  obj({ numerator: PositiveInteger, denominator: PositiveInteger }, 'An exact fraction, so that 2/3 of 126 is computed without floating-point rounding.'),
);
export const RegionRef = def(
  'regionRef',
  Type.Union([constant('all'), Type.Array(Type.String(), { minItems: 1, uniqueItems: true })], { description: '"all" (every charter region) or a list of region codes.' }),
);

export const Population = obj({
  count: PositiveInteger,
  year: Type.Integer({ minimum: 1991, maximum: 2100 }),
  source: Text,
  estimate: doc(Type.Boolean(), 'True when the figure is a rough estimate (marked "≈" in the brief), not an official statistic.'),
});

export const Region = def(
  'region',
  obj({
    code: Type.String({ pattern: '^KZ-\\d{2}$', description: 'ISO 3166-2 code, e.g. KZ-75.' }),
    kind: oneOf(['region', 'city']),
    name: LocalizedText,
    population: Population,
  }),
);

export const Block = def(
  'block',
  obj({
    id: Identifier,
    name: LocalizedText,
    seats: PositiveInteger,
    selfNomination: withDefault(Type.Boolean(), false, 'The block also takes self-nominations by any eligible citizen, besides nominations by organisations of its kind.'),
  }),
);

export const QuotaCategory = obj({
  id: Identifier,
  name: LocalizedText,
  share: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of the eligible population, 0..1; the shares of one dimension add up to 1.' }),
  sex: Type.Optional(doc(oneOf(['male', 'female']), 'With derivedFrom sex: the IIN sex of this category.')),
  fromAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 150, description: "With derivedFrom age: the youngest age of this band; a band runs up to the next band's fromAge." })),
});

export const QuotaRule = obj(
  { method: constant('proportional'), minSeats: NonNegativeInteger, slack: NonNegativeInteger },
  'Seats per category in one draw: target = share × seats drawn; allowed range [max(minSeats, floor(target) − slack), ceil(target) + slack].',
);

export const SelectionDimension = def(
  'selectionDimension',
  obj({
    id: Identifier,
    name: LocalizedText,
    categoriesFrom: Type.Optional(doc(constant('regions'), "The categories are the charter's regions, weighted by population (instead of `categories`).")),
    derivedFrom: Type.Optional(
      doc(
        oneOf(['sex', 'age']),
        'The value comes from the IIN (sex) or from the age at the eligibility reference date; absent: the candidate declares it (the region of residence for categoriesFrom regions).',
      ),
    ),
    categories: Type.Optional(Type.Array(QuotaCategory, { minItems: 2 })),
    quota: QuotaRule,
    source: Text,
  }),
);

const stageDays = (days: number, description: string) => withDefault(PositiveInteger, days, description);

export const SelectionCycle = def(
  'selectionCycle',
  obj(
    {
      announcementWorkingDays: stageDays(10, 'From the announcement to the opening of nominations.'),
      nominationWorkingDays: stageDays(30, 'How long nominations stay open.'),
      reviewWorkingDays: stageDays(10, 'From the close of nominations to the published pool and its commitment (eligibility review).'),
      entropyWaitWorkingDays: stageDays(3, 'From the commitment to the draw, so that the named entropy sources do not exist yet when the commitment is made.'),
      confirmationWorkingDays: stageDays(10, 'A selected candidate or a called alternate accepts or declines within this many working days; silence is a decline.'),
      seatingWorkingDays: stageDays(5, 'From the confirmation deadline to the start of the new terms.'),
      source: withDefault(Text, 'Kenes default (ADR 0801): no published rule sets the stages of a Council selection cycle'),
    },
    'Dated stages of every selection cycle, in working days around its selection (draw) date firstSelection + n × cycleYears: announced, nominations open, nominations closed, pool committed, entropy revealed and draw, confirmations, terms start (ADR 0801).',
  ),
);

export const NominationRules = def(
  'nominationRules',
  obj({
    maxPerOrganisation: withDefault(PositiveInteger, 3, 'Candidates one organisation may nominate per cycle.'),
    membersPerOrganisation: withDefault(
      Type.Union([PositiveInteger, Type.Null()]),
      1,
      'Sitting members one nominating organisation may have at once, or null for no limit. Only 1 is supported: the draw enforces it as the engine\'s household rule (one per household).',
    ),
    keepReserve: withDefault(Type.Boolean(), true, 'Willing candidates who were not drawn stay in a reserve for replacements until the next cycle.'),
    source: withDefault(Text, 'Kenes default (ADR 0801)'),
  }),
);

export const IncompatibleOffice = obj({ id: Identifier, name: LocalizedText });

export const Eligibility = obj({
  minAge: Type.Integer({ minimum: 18, maximum: 100 }),
  ageAt: withDefault(
    oneOf(['termStart', 'selectionDate']),
    'termStart',
    "The date at which a candidate's age is taken: the start of the term being filled, or the selection (draw) date.",
  ),
  incompatibleOffices: withDefault(Type.Array(IncompatibleOffice), [], 'Offices a member may not hold; a candidate declares holding none of them.'),
  maxTerms: withDefault(
    Type.Union([PositiveInteger, Type.Null()]),
    null,
    'Lifetime limit of Council terms per person (a replacement\'s part of a term counts as a term), or null for no limit; proposed by ADR 0806 against drift in repeated lotteries (ADR 0810).',
  ),
});

const DropoutRate = Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Probability, 0 ≤ rate < 1, that a drawn member or called alternate declines or leaves before seating.' });

export const DropoutRates = def(
  'dropoutRates',
  obj(
    {
      default: DropoutRate,
      byValue: withDefault(
        Type.Array(obj({ dimension: Identifier, value: Text, rate: DropoutRate })),
        [],
        "Rates for candidates with a value of one of the block's selection dimensions; a candidate with several listed values takes the largest, one with none the default.",
      ),
      scenarios: withDefault(Type.Integer({ minimum: 1, maximum: 5000 }), 400, 'Dropout scenarios, sampled from the draw\'s seed, on which the alternates are chosen.'),
      source: Text,
    },
    'Expected dropout of drawn members and alternates. When set, the alternates are chosen and ordered so that the block after dropouts and replacements (ADR 0808) is expected to meet its quotas (ADR 0811); absent, they are ranked by the seed alone (ADR 0801).',
  ),
);

export const Council = def(
  'council',
  obj({
    name: LocalizedText,
    seats: PositiveInteger,
    blocks: Type.Array(Block, { minItems: 1 }),
    firstSelection: IsoDate,
    termYears: PositiveInteger,
    renewalShare: doc(Fraction, 'Share of seats (and of each block) renewed per selection cycle.'),
    cycleYears: PositiveInteger,
    coolingOffYears: doc(NonNegativeInteger, 'Years a former member must wait before being selected again.'),
    minSessionsPerYear: PositiveInteger,
    eligibility: Eligibility,
    alternatesPerBlock: NonNegativeInteger,
    selectionDimensions: Type.Array(SelectionDimension, { minItems: 1 }),
    // `{}` is filled from the stage and nomination defaults, so a charter may leave both out.
    cycle: withDefault(SelectionCycle, {} as Static<typeof SelectionCycle>),
    nominations: withDefault(NominationRules, {} as Static<typeof NominationRules>),
    dropout: Type.Optional(DropoutRates),
  }),
);

export const ExternalBody = def('externalBody', obj({ name: LocalizedText, seats: PositiveInteger, external: constant(true) }));

export const TextLimit = def('textLimit', obj({ min: NonNegativeInteger, max: PositiveInteger }));

export const SigningWindow = obj({ length: PositiveInteger, unit: oneOf(['days', 'months']) });

export const RegionalSpread = obj({
  regions: doc(RegionRef, 'Regions whose signatures count towards the spread; "all" = every charter region.'),
  minRegions: doc(NonNegativeInteger, 'How many of those regions must each reach minSignaturesPerRegion (0 = no spread rule).'),
  minSignaturesPerRegion: NonNegativeInteger,
});

export const ActionGroupRule = obj({ regions: RegionRef, minMembersPerRegion: PositiveInteger });

export const ExcludedSubject = obj({ id: Identifier, name: LocalizedText });

export const ProposalKind = def(
  'proposalKind',
  obj({
    id: Identifier,
    name: LocalizedText,
    signatureThreshold: PositiveInteger,
    sentToGovernment: Type.Optional(doc(Type.Boolean(), "A proposal of this kind that succeeds becomes an item on the government's response clock.")),
    signingWindow: SigningWindow,
    regionalSpread: RegionalSpread,
    actionGroup: orNull(ActionGroupRule, 'null when the kind needs no action group'),
    linkOnlyUntilSignatures: doc(NonNegativeInteger, 'The proposal is reachable only by its link until it has this many signatures.'),
    moderationWorkingDays: PositiveInteger,
    text: obj({ title: TextLimit, summary: TextLimit, body: TextLimit }),
    excludedSubjects: doc(Type.Array(ExcludedSubject), 'Subjects this kind may not address (e.g. for referendums); moderators reject with `excludedSubject`.'),
    source: Text,
  }),
);

export const RejectionReason = obj({ code: Identifier, name: LocalizedText });

export const ResponseRules = def(
  'responses',
  obj({
    countingStarts: doc(constant('nextWorkingDayAfterReceipt'), 'Counting starts on the first working day after the day of receipt.'),
    answerWorkingDays: obj({ central: PositiveInteger, local: PositiveInteger }),
    extension: obj({ maxCount: NonNegativeInteger, maxExtraWorkingDays: NonNegativeInteger, reasonRequired: Type.Boolean() }),
    notifyAuthorWorkingDays: PositiveInteger,
    forwardingWorkingDays: PositiveInteger,
    dueSoonWorkingDays: NonNegativeInteger,
    source: Text,
  }),
);

export const MajorityRule = def(
  'majority',
  obj({
    share: Fraction,
    base: doc(oneOf(['sittingMembers', 'present']), 'sittingMembers: of all seated members; present: of members present at the sitting.'),
    comparison: doc(oneOf(['moreThan', 'atLeast']), 'moreThan: strictly more than share × base; atLeast: share × base or more.'),
  }),
);

/** The decisions the Council votes on, each with its own majority rule. */
export const DECISION_KINDS = ['legislativeInitiative', 'referendumProposal', 'recommendation', 'procedural'] as const;

export const VotingRules = def(
  'voting',
  obj({
    quorum: obj({ share: Fraction, base: constant('sittingMembers'), comparison: constant('atLeast') }),
    majorities: keyed(DECISION_KINDS, MajorityRule),
  }),
);

/** What a Council member may move, each needing its own number of co-sponsors. */
export const MOTION_KINDS = ['legislativeInitiative', 'referendumProposal', 'recommendation'] as const;

export const CouncilWork = def(
  'councilWork',
  obj(
    {
      notice: doc(
        obj({ regular: PositiveInteger, extraordinary: NonNegativeInteger }),
        'Working days between the convocation and the sitting: the session date must be at least this many working days after the day it is convened.',
      ),
      agenda: obj({
        closesWorkingDaysBefore: doc(NonNegativeInteger, 'Items may be added to a convened session until this many working days before its date (0 = up to the session day itself).'),
      }),
      petitionAgenda: obj({
        workingDays: doc(PositiveInteger, 'Working days the Council has to put a succeeded citizens\' proposal on the agenda of a session, counted from the working day after it succeeded.'),
        dueSoonWorkingDays: doc(NonNegativeInteger, 'The agenda clock shows "due soon" when at most this many working days are left.'),
      }),
      agendaFromProposals: doc(
        Type.Array(obj({ proposalKind: Identifier, decisionKind: oneOf(MOTION_KINDS) })),
        'Proposal kinds whose succeeded proposals are queued on the Council\'s agenda, and the kind of decision the Council then takes on them.',
      ),
      motions: obj({
        coSponsors: doc(keyed(MOTION_KINDS, NonNegativeInteger), 'Sitting members besides the mover who must co-sponsor a motion of each kind.'),
      }),
      amendments: obj({ coSponsors: doc(NonNegativeInteger, 'Sitting members besides the mover who must co-sponsor an amendment to a motion\'s text.') }),
      referendumProposal: obj({
        excludedSubjectsOf: doc(Identifier, 'The proposal kind whose excludedSubjects a Council referendum proposal may not address either (one list for citizens and Council).'),
        jointlyWithKurultai: doc(Type.Boolean(), 'True when the Council\'s referendum proposal goes to the President jointly with the Kurultai rather than alone.'),
      }),
      source: Text,
    },
    "How the Council works between the law's fixed points: notice, agenda deadlines, co-sponsors. Sessions per year are bodies.council.minSessionsPerYear; quorum and majorities are voting.",
  ),
);

export const DatedOverride = def('datedOverride', obj({ date: IsoDate, reason: LocalizedText, source: Text }));

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

export const CalendarRules = def(
  'calendar',
  obj({
    holidays: obj({
      source: constant('date-holidays'),
      country: Type.String({ pattern: '^[A-Z]{2}$' }),
      types: Type.Array(oneOf(HOLIDAY_TYPES), { minItems: 1, uniqueItems: true }),
    }),
    weekendDays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { uniqueItems: true, maxItems: 6, description: 'ISO weekdays that are days off: 1 = Monday … 7 = Sunday.' }),
    verifiedYears: Type.Array(Type.Integer({ minimum: 2000, maximum: 2100 }), { uniqueItems: true, description: 'Years whose library data was checked by hand (see docs/adr/0203).' }),
    extraDaysOff: Type.Array(DatedOverride),
    extraWorkingDays: Type.Array(DatedOverride, { description: 'Working days even on a weekend or a library holiday (e.g. a Saturday worked by decree).' }),
    removedHolidays: Type.Optional(
      Type.Array(DatedOverride, {
        description: 'Library holidays (or substitute days) that do not apply; the date is then an ordinary day, off only if it is a weekend day',
      }),
    ),
  }),
);

export const Assumption = obj({
  path: Type.String({ minLength: 1, description: 'Dotted path of the charter field the note is about, e.g. bodies.council.termYears.' }),
  note: Type.String({ minLength: 1 }),
});

const Base64Key = Type.String({ pattern: '^[A-Za-z0-9+/]+=*$' });

export const LedgerWitness = obj({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.Optional(doc(Type.String({ pattern: '^https?://' }), 'Where the witness serves its latest cosignature (GET URL/cosignature).')),
  publicKey: Base64Key,
});

export const LedgerRules = obj(
  {
    publicKey: Type.Optional(doc(Base64Key, 'Base64 SPKI DER of the Ed25519 key that signs tree heads, as published in the repository.')),
    publicKeyIsDemo: Type.Optional(Type.Boolean({ default: false, description: 'True when publicKey is the public demo key (anyone can sign with it).' })),
    witnesses: Type.Optional(Type.Array(LedgerWitness, { default: [] })),
  },
  "The public ledger's published keys: the platform key verifiers pin, and the witnesses whose cosignatures the instance collects (docs/adr/0303).",
);

// ---- the charter --------------------------------------------------------------------------

export const Charter = obj(
  {
    $schema: Type.Optional(Type.String()),
    id: Identifier,
    version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
    title: LocalizedText,
    languages: obj({ default: LangCode, supported: Type.Array(LangCode, { minItems: 1, uniqueItems: true }) }),
    timeZone: Type.String({ minLength: 1 }),
    regions: Type.Array(Region, { minItems: 1 }),
    bodies: obj({ council: Council, kurultai: ExternalBody }),
    proposalKinds: Type.Array(ProposalKind, { minItems: 1 }),
    rejectionReasons: Type.Array(RejectionReason, { minItems: 1 }),
    responses: ResponseRules,
    voting: VotingRules,
    councilWork: CouncilWork,
    calendar: CalendarRules,
    ledger: Type.Optional(LedgerRules),
    assumptions: doc(Type.Array(Assumption), "Values that are the platform's assumptions, not yet settled by published law."),
  },
  'Every rule of the People\'s Council platform as data. Semantic rules the schema cannot express (sums, cross references, date validity) are checked in src/core/charter/semantic.ts.',
);

export const CHARTER_SCHEMA_ID = 'https://kenes.kz/schema/charter.json';

// Keywords first, then what they apply to, so the generated file reads top-down.
const KEY_ORDER = ['$schema', '$id', '$comment', '$ref', 'title', 'description', 'type', 'const', 'enum', 'format', 'pattern', 'anyOf'];
const KEY_LAST = ['additionalProperties', 'required', 'properties', 'items', '$defs'];

/** Plain JSON with keywords in KEY_ORDER; the maps of names (`properties`, `$defs`) keep their order. */
function plain(value: unknown, nameMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => plain(v));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o); // string keys only: TypeBox's symbol markers are dropped
  const rank = (k: string) => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_LAST.includes(k) ? 100 + KEY_LAST.indexOf(k) : 50);
  if (!nameMap) keys.sort((a, b) => rank(a) - rank(b)); // stable: equal ranks keep their order
  return Object.fromEntries(keys.map((k) => [k, plain(o[k], !nameMap && (k === 'properties' || k === '$defs'))]));
}

/** The charter's JSON Schema (draft 2020-12) as plain JSON: what charter/schema.json holds and Ajv compiles. */
export function charterJsonSchema(): Record<string, unknown> {
  return plain({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CHARTER_SCHEMA_ID,
    $comment: 'Generated from src/core/charter/definition.ts by `npm run build:charter-schema`; edit that file, not this one.',
    title: 'Kenes charter',
    ...Charter,
    $defs: DEFS,
  }) as Record<string, unknown>;
}
