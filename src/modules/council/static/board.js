// The live vote board: follows the vote's server-sent events and updates the counts and the
// majority's arithmetic in place (announced by the aria-live region). Without this script the page
// still works: its refresh link reloads it.
const board = document.getElementById('cw-board');
if (board && board.dataset.open === 'true' && 'EventSource' in window) {
  const nf = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const status = document.getElementById('cw-board-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const events = new EventSource(board.dataset.events);
  events.addEventListener('open', () => say(board.dataset.textLive));
  events.addEventListener('counts', (e) => {
    let v;
    try {
      v = JSON.parse(e.data);
    } catch {
      return;
    }
    for (const el of board.querySelectorAll('[data-count]')) {
      const n = v.counts?.[el.dataset.count];
      if (typeof n === 'number') el.textContent = nf.format(n);
    }
    const formula = board.querySelector('[data-formula]');
    // The arithmetic in the page's language, as the server wrote it (formulaOf in src/core/council/vote.ts).
    const m = v.majority;
    if (formula && m && typeof m.yes === 'number') {
      formula.textContent = `${board.dataset.textYes} ${nf.format(m.yes)} ${m.comparison === 'moreThan' ? '>' : '≥'} ${m.share} × ${nf.format(m.baseCount)} = ${m.product}`;
    }
    const met = board.querySelector('[data-met]');
    if (met && v.majority) met.textContent = v.majority.met ? board.dataset.textMet : board.dataset.textNotMet;
    if (v.state === 'closed') {
      events.close();
      say(board.dataset.textEnded);
      // The closed vote's page has the result and the full roll call.
      const refresh = document.getElementById('cw-refresh');
      if (refresh) refresh.classList.remove('secondary');
    }
  });
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) say(board.dataset.textLost);
  });
}
