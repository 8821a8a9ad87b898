// Progressive enhancement of CSV text fields (textarea[data-csv-file]): a file chooser beside each
// that reads the chosen file into the field, so a pool of thousands of rows need not be pasted.
// Without JavaScript the field takes pasted text as before; the server sees the same form either way.
for (const area of document.querySelectorAll('textarea[data-csv-file]')) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.csv,text/csv,text/plain';
  input.className = 'csv-file';
  input.setAttribute('aria-label', `${area.dataset.csvFile}: ${area.labels?.[0]?.textContent ?? area.name}`);
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    area.value = await file.text();
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  area.before(input);
}
