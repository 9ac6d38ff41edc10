// Sign-up page: search-as-you-type over organisations and Atlas authorities. Without JavaScript
// the same search works with the "Rechercher" button (GET /inscription?type=…&q=…).
const form = document.getElementById('recherche-organisation');
const results = document.getElementById('organisation-resultats');
const chosenType = document.getElementById('type-choisi');
const query = document.getElementById('q');

let timer = null;
let controller = null;

function selectedType() {
  const checked = form.querySelector('input[name="type"]:checked');
  return checked ? checked.value : '';
}

function message(text) {
  const p = document.createElement('p');
  p.className = 'fr-fieldset__element fr-text--sm';
  p.textContent = text;
  results.replaceChildren(p);
}

function render(items) {
  if (items.length === 0) {
    message('Aucune organisation ne correspond : précisez votre recherche.');
    return;
  }
  const nodes = items.map((item) => {
    const wrapper = document.createElement('div');
    wrapper.className = 'fr-fieldset__element';
    const group = document.createElement('div');
    group.className = 'fr-radio-group';
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'organisation';
    input.value = item.value;
    input.id = `org-${item.value}`;
    const label = document.createElement('label');
    label.className = 'fr-label';
    label.htmlFor = input.id;
    label.textContent = item.name;
    const hint = document.createElement('span');
    hint.className = 'fr-hint-text';
    hint.textContent = item.detail;
    label.append(hint);
    group.append(input, label);
    wrapper.append(group);
    return wrapper;
  });
  results.replaceChildren(...nodes);
}

async function search() {
  const type = selectedType();
  chosenType.value = type;
  if (!type) return;
  if (controller) controller.abort();
  controller = new AbortController();
  const params = new URLSearchParams({ type, q: query.value });
  try {
    const response = await fetch(`/api/v1/organisations?${params}`, { signal: controller.signal });
    if (!response.ok) return;
    const body = await response.json();
    render(body.items);
  } catch (error) {
    if (error.name !== 'AbortError') message('La recherche n’a pas abouti : utilisez le bouton « Rechercher ».');
  }
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(search, 200);
}

if (form && results && chosenType && query) {
  query.addEventListener('input', schedule);
  form.addEventListener('change', (event) => {
    if (event.target.name === 'type') schedule();
  });
}
