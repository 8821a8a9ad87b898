// Council and candidate mail (docs/adr/1602) through the outbox subscriptions, against a real SMTP
// server on loopback: candidates drawn are told with their confirmation deadline, an alternate when
// called, a reminder before the deadline; sitting members and followers of the Council or a session
// hear that it is convened and its agenda; followers of a member hear how the member voted; followers
// of the Council hear of a decision. Each in the recipient's language, once; the unsubscribe link
// leaves the Council's mail. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from '../../src/core/isoDate.ts';
import type { CycleSchedule } from '../../src/core/membership/index.ts';
import { councilService } from '../../src/modules/council/service.ts';
import { membershipService } from '../../src/modules/membership/service.ts';
import { emitConfirmDueSoon } from '../../src/modules/notifications/dueSoon.ts';
import { drainFanout } from '../../src/modules/notifications/fanout.ts';
import { closeTransports } from '../../src/modules/notifications/mail.ts';
import { configureNotifications } from '../../src/modules/notifications/settings.ts';
import { deliverAll } from '../../src/modules/notifications/worker.ts';
import { type SignedIn, signInAs } from '../helpers/auth.ts';
import { header, smtpPeer } from '../helpers/smtp.ts';
import { acceptAll, councilTestApp, nominee } from './membership.fixtures.ts';
import { api, verifiedAddress, type World } from './notifications.fixtures.ts';

const LANGS = ['kk', 'ru', 'en'] as const;

test('candidates, members and followers of the Council get its mail, in their language, once', async () => {
  const smtp = await smtpPeer();
  const t = await councilTestApp();
  try {
    configureNotifications(t.ctx, { smtpUrl: smtp.url, allowLoopback: true, concurrency: 4 });
    await drainFanout(t.ctx);
    const w = { t, smtp } as unknown as World;
    const flush = async () => {
      await drainFanout(t.ctx);
      await deliverAll(t.ctx);
    };
    const secretariat = await signInAs(t, { roles: ['secretariat'] });
    const chair = await signInAs(t, { roles: ['council_chair'] });
    const post = async (url: string, who: SignedIn, payload?: object) => {
      const r = await api(t, 'POST', url, who, payload ?? {});
      assert.ok(r.statusCode < 300, `POST ${url} → ${r.statusCode} ${r.body}`);
      return r.json();
    };

    // Every nominee has an account and a verified address before the draw (kk, ru, en in turn).
    const blocks = t.ctx.charter.bodies.council.blocks.map((b) => b.id);
    const noms = blocks.flatMap((block, b) => Array.from({ length: 7 }, (_, i) => nominee(block, 300 + b * 7 + i)));
    const people: { who: SignedIn; email: string; lang: (typeof LANGS)[number] }[] = [];
    for (const [i, n] of noms.entries()) {
      const who = await signInAs(t, { iin: n.iin, roles: ['council_member'] });
      const email = `nominee${i}@example.kz`;
      await verifiedAddress(w, who, email, LANGS[i % 3]);
      people.push({ who, email, lang: LANGS[i % 3] });
    }
    const byPseudonym = new Map(people.map((p) => [p.who.user.pseudonym, p]));
    const personOf = async (memberId: string) => {
      const row = await t.ctx.db.db.selectFrom('council_members').select('person_id').where('id', '=', memberId).executeTakeFirstOrThrow();
      return byPseudonym.get(row.person_id)!;
    };
    const follower = await signInAs(t);
    await verifiedAddress(w, follower, 'follower@example.kz', 'en');
    const mailsTo = (email: string, from = 0) => smtp.received.slice(from).filter((m) => m.to.includes(email));

    t.setDay('2026-08-01');
    const { schedule } = (await post('/api/v1/council/cycles', secretariat)) as { schedule: CycleSchedule };
    t.setDay(schedule.nominationsOpen);
    await post('/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsOpened' });
    await post('/api/v1/council/cycles/0/candidates', secretariat, { candidates: noms });
    t.setDay(schedule.nominationsClosed);
    await post('/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.nominationsClosed' });
    t.setDay(schedule.committed);
    await post('/api/v1/council/cycles/0/commit', secretariat, { entropySources: ['Kazakhstan lottery draw of 2026-10-16'] });
    t.setDay(schedule.drawn);
    let mark = smtp.received.length;
    await post('/api/v1/council/cycles/0/reveal', secretariat, { entropy: 'Kazakhstan lottery draw 2026-10-16: 01 02 03 04 05 06' });
    await flush();

    // Drawn: each selected candidate is told, in their language, with the deadline; nobody else.
    const selections = (await api(t, 'GET', '/api/v1/council/cycles/0/selections', secretariat)).json().selections as { id: string; status: string }[];
    const drawn = selections.filter((s) => s.status === 'selected');
    assert.equal(drawn.length, t.ctx.charter.bodies.council.seats);
    const deadline = (await t.ctx.db.db.selectFrom('council_members').select('confirm_by').where('id', '=', drawn[0]!.id).executeTakeFirstOrThrow()).confirm_by!;
    const drawnSubject = { kk: /^Сіз Халық Кеңесіне жеребе арқылы таңдалдыңыз$/, ru: /^Вы выбраны жребием в Народный совет$/, en: /^You were drawn for the People’s Council$/ };
    const drawnPeople = new Set<string>();
    for (const s of drawn) {
      const p = await personOf(s.id);
      drawnPeople.add(p.email);
      const mine = mailsTo(p.email, mark);
      assert.equal(mine.length, 1, `${p.email}: one mail (${mine.map((m) => m.parsed.subject).join(' | ')})`);
      assert.match(mine[0]!.parsed.subject ?? '', drawnSubject[p.lang]);
      assert.ok((mine[0]!.parsed.text ?? '').includes(deadline), 'the mail names the confirmation deadline');
      assert.match(mine[0]!.parsed.text ?? '', /\/council\/me/);
    }
    for (const p of people) if (!drawnPeople.has(p.email)) assert.equal(mailsTo(p.email, mark).length, 0, `${p.email} was not drawn`);

    // A decline calls the next alternate: that person alone is told, with their own deadline.
    mark = smtp.received.length;
    await post(`/api/v1/council/members/${drawn[0]!.id}/confirmation`, secretariat, { answer: 'declined' });
    await flush();
    const called = (await t.ctx.db.db.selectFrom('council_members').select(['id', 'confirm_by']).where('replaces_member_id', '=', drawn[0]!.id).executeTakeFirstOrThrow());
    const alt = await personOf(called.id);
    assert.deepEqual(smtp.received.slice(mark).map((m) => m.to.join(',')), [alt.email]);
    assert.ok((smtp.received.at(-1)!.parsed.text ?? '').includes(called.confirm_by!));

    // The deadline near: one reminder to each who has not answered, however often the sweep runs.
    mark = smtp.received.length;
    t.setDay(addDays(deadline, -1));
    const reminded = await emitConfirmDueSoon(t.ctx);
    assert.ok(reminded >= drawn.length - 1, `reminders: ${reminded}`);
    assert.equal(await emitConfirmDueSoon(t.ctx), 0, 'once per member and deadline');
    await flush();
    const reminderTo = new Set(smtp.received.slice(mark).map((m) => m.to.join(',')));
    assert.equal(reminderTo.size, smtp.received.length - mark, 'one reminder each');
    assert.ok(!reminderTo.has((await personOf(drawn[0]!.id)).email), 'not to the one who declined');
    const sample = smtp.received.slice(mark).find((m) => m.to.includes(alt.email)) ?? smtp.received[mark]!;
    assert.match(sample.parsed.subject ?? '', /Растау мерзімі жақындады|Срок подтверждения скоро истекает|Your confirmation deadline is near/);

    t.setDay(schedule.drawn);
    await acceptAll(t, secretariat.headers, 0);
    await post('/api/v1/council/cycles/0/transitions', secretariat, { event: 'council.confirmationsClosed' });
    t.setDay(schedule.termStart);
    await membershipService(t.ctx).sweep();
    const sitting = (await api(t, 'GET', `/api/v1/council/members?date=${schedule.termStart}`, null)).json().members as { id: string }[];
    assert.equal(sitting.length, t.ctx.charter.bodies.council.seats);

    // A follower of the Council and one of a member; a member who left the Council's mail by its link.
    await post('/api/v1/notifications/follows', follower, { kind: 'council', id: 'all' });
    await post('/api/v1/notifications/follows', follower, { kind: 'council-member', id: sitting[1]!.id });
    const D0 = schedule.termStart;
    const S = councilService(t.ctx).calendar.addWorkingDays(D0, t.ctx.charter.councilWork.notice.regular);
    const session = await post('/api/v1/council/sessions', secretariat, { kind: 'regular', date: S, place: 'Astana' });
    const need = t.ctx.charter.councilWork.motions.coSponsors;
    const mover = sitting[2]!;
    const motion = await post(`/api/v1/council/sessions/${session.id}/motions`, (await personOf(mover.id)).who, {
      motionKind: 'recommendation',
      title: 'Publish clinic waiting times',
      text: 'The Council recommends publishing them.',
      lang: 'en',
      coSponsorIds: sitting.filter((x) => x.id !== mover.id).slice(0, need.recommendation).map((x) => x.id),
    });
    // Each named co-sponsor confirms as themselves (ADR 0905) before the motion can be put to a vote.
    for (const id of motion.sponsors.coSponsorIds) await post(`/api/v1/council/items/${motion.id}/co-sponsorship`, (await personOf(id)).who, {});
    await flush();
    const quitter = await personOf(sitting[3]!.id);

    mark = smtp.received.length;
    await post(`/api/v1/council/sessions/${session.id}/convene`, chair);
    await flush();
    const convenedSubject = { kk: /^Кеңес отырысы шақырылды: /, ru: /^Заседание Совета созвано: /, en: /^Council session convened: / };
    for (const m of sitting) {
      const p = await personOf(m.id);
      const mine = mailsTo(p.email, mark);
      const conv = mine.filter((x) => convenedSubject[p.lang].test(x.parsed.subject ?? ''));
      assert.equal(conv.length, 1, `${p.email}: the convocation once (${mine.map((x) => x.parsed.subject).join(' | ')})`);
      assert.ok((conv[0]!.parsed.text ?? '').includes(S) && (conv[0]!.parsed.text ?? '').includes('Astana'));
      assert.ok((conv[0]!.parsed.text ?? '').includes(`/council/sessions/${session.id}`));
    }
    const toFollower = mailsTo('follower@example.kz', mark).map((m) => m.parsed.subject ?? '');
    assert.ok(toFollower.some((s) => /^Council session convened: /.test(s)), `the Council's follower: ${toFollower.join(' | ')}`);
    // The unsubscribe link of a Council mail leaves the Council's mail: the next one does not come.
    const quitMail = mailsTo(quitter.email, mark).find((x) => convenedSubject[quitter.lang].test(x.parsed.subject ?? ''))!;
    const link = new URL(header(quitMail, 'list-unsubscribe').replace(/^<|>$/g, ''));
    assert.equal(link.searchParams.get('k'), 'council');
    const u = await t.app.inject({ method: 'POST', url: link.pathname + link.search, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(u.statusCode, 200, u.body);

    // The sitting: attendance, a vote (the followed member's ballot is told), the decision.
    t.setDay(S);
    await post(`/api/v1/council/sessions/${session.id}/open`, chair);
    const six = sitting.slice(0, 6);
    for (const m of six) await post(`/api/v1/council/sessions/${session.id}/attendance`, (await personOf(m.id)).who);
    const vote = await post(`/api/v1/council/sessions/${session.id}/votes`, chair, { itemId: motion.id });
    for (const m of six) await post(`/api/v1/council/votes/${vote.id}/ballot`, (await personOf(m.id)).who, { choice: 'yes' });
    mark = smtp.received.length;
    const closed = await post(`/api/v1/council/votes/${vote.id}/close`, chair);
    assert.equal(closed.outcome, 'adopted');
    await flush();
    const followerNow = mailsTo('follower@example.kz', mark).map((m) => m.parsed.subject ?? '');
    const all = mailsTo('follower@example.kz').map((m) => m.parsed.subject ?? '');
    const name = (await t.ctx.db.db.selectFrom('council_members').select('display_name').where('id', '=', sitting[1]!.id).executeTakeFirstOrThrow()).display_name;
    assert.equal(all.filter((x) => x === `${name} voted: Publish clinic waiting times`).length, 1, `how the followed member voted, once: ${all.join(' | ')}`);
    assert.ok(followerNow.includes('The Council decided: Publish clinic waiting times'), `the decision: ${followerNow.join(' | ')}`);
    const decisionMail = mailsTo('follower@example.kz', mark).find((m) => m.parsed.subject === 'The Council decided: Publish clinic waiting times')!;
    assert.match(decisionMail.parsed.text ?? '', /a recommendation/);
    // Members hear of convocations and agendas, not of every decision unless they follow the Council.
    assert.equal(mailsTo(quitter.email, mark).length, 0);

    // Exactly once: every delivery row of these events sent once, no row twice.
    const dup = await t.ctx.db.db
      .selectFrom('notify_deliveries')
      .select(['event_id', 'recipient', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['event_id', 'recipient', 'channel'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    assert.deepEqual(dup, []);
    const pending = await t.ctx.db.db.selectFrom('notify_deliveries').select('id').where('status', 'in', ['pending', 'sending']).execute();
    assert.deepEqual(pending, []);
  } finally {
    closeTransports();
    await t.close();
    await smtp.stop();
  }
});
