// Plain words on the ledger (issue 15): every kind of event the modules record and every subject a
// module links has a label in kk, ru and en, so the ledger pages never fall back to showing a code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registryOf } from '../../src/app.tsx';
import { LANGS } from '../../src/core/lang.ts';
import { cycleLifecycle } from '../../src/core/membership/index.ts';
import { proposalLifecycle } from '../../src/core/proposals/lifecycle.ts';
import { itemLifecycle } from '../../src/core/responses/lifecycle.ts';
import { runLifecycle } from '../../src/core/sortition/lifecycle.ts';
import { RECORDED_KINDS } from '../../src/modules/ledger/kindLabels.ts';
import { MODULES } from '../../src/modules/index.ts';

const catalogs = registryOf(MODULES).i18n.catalogs;
const events = new Set([proposalLifecycle, itemLifecycle, runLifecycle, cycleLifecycle].flatMap((t) => t.transitions.map((x) => x.event)));

test('every life-cycle event, and every other recorded kind, is named in each language', () => {
  assert.ok(events.size > 20);
  for (const kind of new Set([...events, ...RECORDED_KINDS])) {
    for (const lang of LANGS) assert.ok(catalogs[lang][`ledger.kind.${kind}`], `no ${lang} label for ${kind}`);
  }
});

test('every subject a module links from the ledger is named in each language', () => {
  const prefixes = MODULES.flatMap((m) => m.subjects ?? []).map((s) => s.prefix);
  assert.deepEqual([...prefixes].sort(), ['council-cycle', 'proposal', 'response', 'sortition']);
  for (const p of [...prefixes, 'user']) {
    for (const lang of LANGS) assert.match(catalogs[lang][`ledger.subject.${p}`] ?? '', p === 'user' ? /./ : /\{id\}/, `${lang} ${p}`);
  }
});

test('labels differ by language (none left in English in the kk and ru catalogs)', () => {
  for (const kind of RECORDED_KINDS) {
    assert.notEqual(catalogs.kk[`ledger.kind.${kind}`], catalogs.en[`ledger.kind.${kind}`], kind);
    assert.notEqual(catalogs.ru[`ledger.kind.${kind}`], catalogs.en[`ledger.kind.${kind}`], kind);
  }
});
