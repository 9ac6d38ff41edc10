// Pick lists of the fiche form: fills the <datalist> of an input with data-suggest from the
// suggestion API as the user types. Without JavaScript the server resolves the typed name.
const DELAY_MS = 200;
const MIN_LENGTH = 2;

for (const input of document.querySelectorAll('input[data-suggest]')) {
  const list = document.getElementById(input.getAttribute('list'));
  if (!list) continue;
  let timer = 0;
  let controller = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_LENGTH || /\[\d+\]$/.test(q)) return;
    timer = setTimeout(async () => {
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const url = `${input.dataset.suggest}?q=${encodeURIComponent(q)}`;
        const response = await fetch(url, { signal: controller.signal, credentials: 'same-origin' });
        if (!response.ok) return;
        const { items } = await response.json();
        list.replaceChildren(...items.map((item) => {
          const option = document.createElement('option');
          option.value = item.label;
          return option;
        }));
      } catch (error) {
        if (error.name !== 'AbortError') throw error;
      }
    }, DELAY_MS);
  });
}
