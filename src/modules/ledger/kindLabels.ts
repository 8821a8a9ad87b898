// What each recorded event and subject is called in words, in kk, ru and en: the ledger pages show
// these instead of `response.deadline_missed` or `response/60` (the codes stay in the entry's JSON and
// in a <code> beside the words, since they are what verifiers and the API use). A unit test checks that
// every event of every life-cycle table, and the other recorded kinds, has a label in each language.
import type { CatalogSet } from '../../web/i18n.ts';

type Labels = Record<string, [en: string, ru: string, kk: string]>;

const KINDS: Labels = {
  'proposal.submitted': ['Proposal submitted for moderation', 'Предложение подано на модерацию', 'Ұсыныс модерацияға жіберілді'],
  'proposal.published': ['Proposal published', 'Предложение опубликовано', 'Ұсыныс жарияланды'],
  'proposal.returned': ['Proposal returned to its author', 'Предложение возвращено автору', 'Ұсыныс авторына қайтарылды'],
  'proposal.rejected': ['Proposal rejected', 'Предложение отклонено', 'Ұсыныс қабылданбады'],
  'proposal.threshold_reached': ['Signature threshold reached', 'Набрано нужное число подписей', 'Қажетті қолтаңба саны жиналды'],
  'proposal.succeeded': ['Proposal succeeded', 'Предложение поддержано', 'Ұсыныс қолдау тапты'],
  'proposal.expired': ['Signature collection ended', 'Сбор подписей завершён', 'Қолтаңба жинау аяқталды'],
  'proposal.translated': ['Proposal translation saved', 'Сохранён перевод предложения', 'Ұсыныстың аудармасы сақталды'],
  'proposal.translation-removed': ['Proposal translation removed', 'Перевод предложения удалён', 'Ұсыныстың аудармасы жойылды'],
  'response.assigned': ['Assigned to an agency', 'Поручено госоргану', 'Мемлекеттік органға тапсырылды'],
  'response.forwarded': ['Forwarded to another agency', 'Передано другому госоргану', 'Басқа мемлекеттік органға берілді'],
  'response.extended': ['Deadline extended', 'Срок ответа продлён', 'Жауап мерзімі ұзартылды'],
  'response.deadline_missed': ['Deadline missed', 'Срок ответа пропущен', 'Жауап мерзімі өтіп кетті'],
  'response.answered': ['Agency answered', 'Госорган ответил', 'Мемлекеттік орган жауап берді'],
  'response.measure_updated': ['Progress of a measure updated', 'Обновлён ход исполнения меры', 'Шараның орындалу барысы жаңартылды'],
  'response.closed': ['Response item closed', 'Обращение закрыто', 'Өтініш жабылды'],
  'sortition.committed': ['Lottery committed (inputs fixed)', 'Жеребьёвка зафиксирована (данные закреплены)', 'Жеребе бекітілді (деректер белгіленді)'],
  'sortition.revealed': ['Lottery randomness revealed', 'Раскрыта случайность жеребьёвки', 'Жеребенің кездейсоқ саны ашылды'],
  'sortition.drawn': ['Lottery drawn', 'Жеребьёвка проведена', 'Жеребе тартылды'],
  'sortition.failed': ['Lottery failed', 'Жеребьёвка не удалась', 'Жеребе сәтсіз аяқталды'],
  'council.cycleAnnounced': ['Selection cycle announced', 'Объявлен цикл отбора', 'Іріктеу циклі жарияланды'],
  'council.nominationsOpened': ['Nominations opened', 'Выдвижение кандидатов открыто', 'Үміткерлерді ұсыну басталды'],
  'council.nominationsClosed': ['Nominations closed', 'Выдвижение кандидатов закрыто', 'Үміткерлерді ұсыну аяқталды'],
  'council.candidatesAdded': ['Candidates added', 'Кандидаты добавлены', 'Үміткерлер қосылды'],
  'council.poolCommitted': ['Candidate pool committed', 'Список кандидатов зафиксирован', 'Үміткерлер тізімі бекітілді'],
  'council.drawn': ['Council members drawn by lot', 'Члены совета выбраны жребием', 'Кеңес мүшелері жеребемен таңдалды'],
  'council.confirmationsClosed': ['Confirmations closed', 'Подтверждение участия завершено', 'Қатысуды растау аяқталды'],
  'council.seated': ['Council seated', 'Совет приступил к работе', 'Кеңес жұмысына кірісті'],
  'council.memberReplaced': ['Member replaced by an alternate', 'Член совета заменён резервным', 'Кеңес мүшесі резервтегімен ауыстырылды'],
  'identity.role_granted': ['Role granted', 'Роль назначена', 'Рөл берілді'],
  'identity.role_revoked': ['Role revoked', 'Роль отозвана', 'Рөл алынды'],
};

/** What a subject is, by the part before the slash; `{id}` is the rest. */
const SUBJECTS: Labels = {
  proposal: ['Proposal {id}', 'Предложение {id}', '{id} ұсынысы'],
  response: ['Response item No. {id}', 'Обращение № {id}', '№ {id} өтініш'],
  sortition: ['Lottery {id}', 'Жеребьёвка {id}', '{id} жеребесі'],
  'council-cycle': ['Selection cycle {id}', 'Цикл отбора {id}', '{id} іріктеу циклі'],
  user: ['A person’s account', 'Учётная запись человека', 'Адамның есептік жазбасы'],
  decision: ['Council decision {id}', 'Решение совета {id}', 'Кеңестің {id} шешімі'],
};

export const RECORDED_KINDS: readonly string[] = Object.keys(KINDS);

function catalog(): CatalogSet {
  const out: CatalogSet = { en: {}, ru: {}, kk: {} };
  for (const [prefix, labels] of [['ledger.kind', KINDS], ['ledger.subject', SUBJECTS]] as const) {
    for (const [code, [en, ru, kk]] of Object.entries(labels)) {
      out.en[`${prefix}.${code}`] = en;
      out.ru[`${prefix}.${code}`] = ru;
      out.kk[`${prefix}.${code}`] = kk;
    }
  }
  return out;
}

export const kindLabels: CatalogSet = catalog();
