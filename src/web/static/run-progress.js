// Live progress of a running draw on its page: the draw's server-sent events update the status line
// (a live region), and when the draw ends the page reloads to show its result. Without JavaScript
// the page offers a link that reloads it.
const line = document.querySelector('[data-run-events]');
if (line && 'EventSource' in window) {
  const events = new EventSource(line.dataset.runEvents);
  const text = line.querySelector('[data-progress]');
  const lang = document.documentElement.lang || undefined;
  events.addEventListener('progress', (e) => {
    const p = JSON.parse(e.data);
    if (!text || p.round === undefined) return;
    const minimum = Number(p.minimum ?? 0).toLocaleString(lang, { maximumFractionDigits: 6 });
    text.textContent = line.dataset.progressText.replace('{round}', String(p.round)).replace('{minimum}', minimum).replace('{fixed}', String(p.fixed ?? 0));
  });
  const end = () => {
    events.close();
    location.reload();
  };
  events.addEventListener('done', end);
  events.addEventListener('failed', end);
}
