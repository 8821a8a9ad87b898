// Feeds (docs/adr/1604): Atom of overdue government responses and of the Council's sessions,
// iCalendar of the sessions and of an agency's statutory due dates; linked from their pages; in the
// reader's language; well-formed (parsed as XML; iCalendar lines folded at 75 octets, CRLF, every
// event with UID, DTSTAMP and DTSTART). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { api, signedPetition, succeed, world } from './notifications.fixtures.ts';
import { signInAs } from '../helpers/auth.ts';

function atomEntries(xml: string): { title: string; id: string; link: string }[] {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  const doc = parseDocument(xml, { xmlMode: true });
  const feed = doc.children.find((c) => 'name' in c && c.name === 'feed') as unknown as { attribs: Record<string, string>; children: unknown[] };
  assert.ok(feed, 'a <feed> root');
  assert.equal(feed.attribs.xmlns, 'http://www.w3.org/2005/Atom');
  const kids = (n: { children?: unknown[] }, name: string) => (n.children ?? []).filter((c) => (c as { name?: string }).name === name) as { children?: unknown[]; attribs: Record<string, string> }[];
  const text = (n: { children?: unknown[] }) => (n.children ?? []).map((c) => (c as { data?: string }).data ?? '').join('');
  for (const required of ['id', 'title', 'updated']) assert.equal(kids(feed, required).length, 1, `feed/${required}`);
  return kids(feed, 'entry').map((e) => {
    for (const required of ['id', 'title', 'updated']) assert.equal(kids(e, required).length, 1, `entry/${required}`);
    assert.ok(!Number.isNaN(Date.parse(text(kids(e, 'updated')[0]!))), 'updated is a date');
    return { title: text(kids(e, 'title')[0]!), id: text(kids(e, 'id')[0]!), link: kids(e, 'link')[0]!.attribs.href };
  });
}

function icalEvents(body: string): Record<string, string>[] {
  assert.ok(body.endsWith('\r\n'));
  const raw = body.split('\r\n');
  raw.pop();
  for (const l of raw) assert.ok(Buffer.byteLength(l) <= 75, `folded at 75 octets: ${l}`);
  assert.ok(!/(^|[^\r])\n/.test(body), 'CRLF only');
  const lines = body.replace(/\r\n /g, '').split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0') && lines.some((l) => l.startsWith('PRODID:')));
  const events: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') {
      assert.ok(cur);
      for (const p of ['UID', 'DTSTAMP', 'DTSTART;VALUE=DATE']) assert.ok(cur[p], `VEVENT has ${p}`);
      events.push(cur);
      cur = null;
    } else if (cur) {
      const i = l.indexOf(':');
      cur[l.slice(0, i)] = l.slice(i + 1);
    }
  }
  return events;
}

test('overdue responses and Council sessions as Atom, sessions and an agency’s due dates as iCalendar, linked from their pages', async () => {
  const w = await world();
  try {
    const ref = await signedPetition(w, [await signInAs(w.t), await signInAs(w.t), await signInAs(w.t)], 'Safe crossings near every school');
    const itemId = await succeed(w, ref);
    const a = await api(w.t, 'POST', `/api/v1/responses/items/${itemId}/assign`, w.secretariat, { leadAgencyId: 'min-health' });
    assert.equal(a.statusCode, 200, a.body);
    const due = (await w.t.ctx.db.db.selectFrom('response_items').select('due_date').where('id', '=', itemId).executeTakeFirstOrThrow()).due_date!;

    // Not overdue yet: the overdue feed is empty; the agency's calendar has the due date.
    let overdue = await w.t.app.inject({ method: 'GET', url: '/feeds/responses/overdue.atom?lang=en' });
    assert.equal(overdue.statusCode, 200);
    assert.match(String(overdue.headers['content-type']), /^application\/atom\+xml/);
    assert.deepEqual(atomEntries(overdue.body), []);
    const cal = await w.t.app.inject({ method: 'GET', url: '/feeds/agencies/min-health.ics?lang=ru' });
    assert.equal(cal.statusCode, 200);
    assert.match(String(cal.headers['content-type']), /^text\/calendar/);
    const dues = icalEvents(cal.body);
    assert.equal(dues.length, 1);
    assert.equal(dues[0]!['DTSTART;VALUE=DATE'], due.replace(/-/g, ''));
    assert.equal(dues[0]!.SUMMARY, 'Срок ответа: Safe crossings near every school');
    assert.equal((await w.t.app.inject({ method: 'GET', url: '/feeds/agencies/nope.ics' })).statusCode, 404);

    // A day after the deadline (the feed is cached per day): the item is overdue, named in the reader's language.
    w.t.ctx.now = () => new Date(Date.parse(`${due}T12:00:00Z`) + 2 * 86_400_000);
    overdue = await w.t.app.inject({ method: 'GET', url: '/feeds/responses/overdue.atom?lang=kk' });
    const entries = atomEntries(overdue.body);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.title, 'Жауап мерзімі өтті: Safe crossings near every school');
    assert.match(entries[0]!.link, new RegExp(`/responses/items/${itemId}$`));
    w.t.ctx.now = undefined;

    // Sessions: one planned (tentative), one cancelled.
    const s1 = await api(w.t, 'POST', '/api/v1/council/sessions', w.secretariat, { kind: 'regular', date: '2099-03-02', place: 'Astana, Akorda; hall 2' });
    assert.equal(s1.statusCode, 201, s1.body);
    const s2 = await api(w.t, 'POST', '/api/v1/council/sessions', w.secretariat, { kind: 'extraordinary', date: '2099-04-06', place: 'Almaty' });
    assert.equal(s2.statusCode, 201, s2.body);
    const chair = await signInAs(w.t, { roles: ['council_chair'] });
    const c = await api(w.t, 'POST', `/api/v1/council/sessions/${s2.json().id}/cancel`, chair, {});
    assert.ok(c.statusCode < 300, c.body);
    const ics = await w.t.app.inject({ method: 'GET', url: '/feeds/council/sessions.ics?lang=en' });
    assert.equal(ics.statusCode, 200);
    const evs = icalEvents(ics.body);
    assert.equal(evs.length, 2);
    const one = evs.find((e) => e.UID!.startsWith(`council-session-${s1.json().id}@`))!;
    assert.equal(one['DTSTART;VALUE=DATE'], '20990302');
    assert.equal(one['DTEND;VALUE=DATE'], '20990303');
    assert.equal(one.LOCATION, 'Astana\\, Akorda\\; hall 2', 'text escaped per RFC 5545');
    assert.equal(one.STATUS, 'TENTATIVE');
    assert.equal(one.SUMMARY, 'Council session no. 1');
    assert.equal(evs.find((e) => e !== one)!.STATUS, 'CANCELLED');
    const atom = await w.t.app.inject({ method: 'GET', url: '/feeds/council/sessions.atom?lang=ru' });
    const sessionEntries = atomEntries(atom.body);
    assert.equal(sessionEntries.length, 2);
    assert.ok(sessionEntries.some((e) => e.title === 'Заседание Совета № 1, 2099-03-02: запланировано'), sessionEntries.map((e) => e.title).join(' | '));
    // Long Cyrillic text is folded without splitting a character.
    const kk = await w.t.app.inject({ method: 'GET', url: '/feeds/council/sessions.ics?lang=kk' });
    icalEvents(kk.body);

    // The pages link their feeds: in <head> (Atom) and visibly (Atom and iCalendar).
    const sessionsPage = (await w.t.app.inject({ method: 'GET', url: '/council/sessions?lang=en', headers: { accept: 'text/html' } })).body;
    assert.ok(sessionsPage.includes('<link rel="alternate" type="application/atom+xml" href="/feeds/council/sessions.atom"'));
    assert.ok(sessionsPage.includes('href="/feeds/council/sessions.ics"'));
    const dashboard = (await w.t.app.inject({ method: 'GET', url: '/responses?lang=en', headers: { accept: 'text/html' } })).body;
    assert.ok(dashboard.includes('<link rel="alternate" type="application/atom+xml" href="/feeds/responses/overdue.atom"'));
    const agencyPage = (await w.t.app.inject({ method: 'GET', url: '/responses/agencies/min-health?lang=en', headers: { accept: 'text/html' } })).body;
    assert.ok(agencyPage.includes('href="/feeds/agencies/min-health.ics"'));
  } finally {
    await w.close();
  }
});
