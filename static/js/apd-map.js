// The statistics page's map of France by département (/apd/statistiques): one circle per
// département whose area is proportional to the validated APD of its authorities, for the
// page's year. Metropolitan France in the main map, the overseas départements in small maps
// beside it, all on one scale; Natural Earth shapes from world-atlas as the only background
// (no tile server, no third-party request).
//
// Needs the classic scripts Leaflet (window.L) and topojson-client loaded before. Every figure
// comes from /api/v1/apd/stats/departments (the URL is the section's data-api); nothing is
// computed here but the circles' sizes. Without JavaScript the section stays hidden and the
// table "APD validée par département" below it tells the same figures.
import { loadWorld } from './atlas-map.js';

const L = window.L;

const METROPOLE_BOUNDS = [[41.3, -5.2], [51.1, 9.6]];
/** The overseas départements always shown, with the view of their small map. */
const OVERSEAS = [
  { code: '971', name: 'Guadeloupe', bounds: [[15.8, -61.85], [16.55, -61.0]] },
  { code: '972', name: 'Martinique', bounds: [[14.38, -61.25], [14.9, -60.8]] },
  { code: '973', name: 'Guyane', bounds: [[2.1, -54.6], [5.8, -51.6]] },
  { code: '974', name: 'La Réunion', bounds: [[-21.4, 55.2], [-20.85, 55.85]] },
  { code: '976', name: 'Mayotte', bounds: [[-13.0, 44.95], [-12.6, 45.3]] },
];
const FRANCE_NUMERIC = '250';
const FRANCE_FILL = '#ffffff';
const OTHER_FILL = '#e5e5e5';
const BORDER_COLOR = '#929292';
/** Diameter in pixels of the largest circle (on a wide map; narrower maps scale it down to
 *  width / 16, at least 24 px); the others have area ∝ amount. */
export const MAX_DIAMETER = 56;
/** Smallest drawn diameter, so that a small amount stays visible and clickable. */
export const MIN_DIAMETER = 6;

const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
/** "1 234 567 €" */
export const formatEuros = (n) => `${euros.format(n)} €`;

/** A département's circle diameter: area proportional to its amount. */
export function diameter(amount, max, largest = MAX_DIAMETER) {
  if (max <= 0 || amount <= 0) return 0;
  return Math.max(MIN_DIAMETER, largest * Math.sqrt(amount / max));
}

/** A rounded value for the legend: 1, 2 or 5 × a power of ten, at most `v`. */
export function niceValue(v) {
  if (v <= 0) return 0;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [5, 2, 1]) if (m * p <= v) return m * p;
  return p;
}

/** "72,5 M€", "850 k€": the legend's short amounts. */
function shortEuros(n) {
  if (n >= 1e6) return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n / 1e6)} M€`;
  if (n >= 1e3) return `${euros.format(n / 1e3)} k€`;
  return formatEuros(n);
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message || `HTTP ${response.status}`);
  return body;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

// [west, south, east, north] of a feature, to draw only the shapes near a map's view.
function bbox(feature) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]); box[1] = Math.min(box[1], c[1]);
      box[2] = Math.max(box[2], c[0]); box[3] = Math.max(box[3], c[1]);
    } else c.forEach(walk);
  };
  if (feature.geometry) walk(feature.geometry.coordinates);
  return box;
}

function background(map, features, bounds) {
  const view = L.latLngBounds(bounds).pad(0.5);
  const near = features.filter((f) => {
    const [w, s, e, n] = f.bbox;
    return view.intersects(L.latLngBounds([s, w], [n, e]));
  });
  L.geoJSON(near, {
    interactive: false,
    style: (f) => ({
      color: BORDER_COLOR, weight: 0.7, opacity: 1, fillOpacity: 1,
      fillColor: f.id === FRANCE_NUMERIC ? FRANCE_FILL : OTHER_FILL,
    }),
  }).addTo(map);
}

function popupContent(d, year, total) {
  const box = el('div', 'cncd-map-popup');
  box.append(el('p', 'cncd-map-popup__title', `${d.department_label} (${d.department})`));
  const list = el('ul', 'cncd-map-popup__figures');
  const share = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })
    .format((100 * d.amount_eur) / Math.max(1, total));
  const amount = el('li', null, `APD validée en ${year} : `);
  amount.append(el('strong', 'cncd-apd-map__amount', formatEuros(d.amount_eur)));
  list.append(amount, el('li', null, `Part du total : ${share} %`),
              el('li', null, `Lignes déclarées : ${euros.format(d.lines)}`));
  box.append(list);
  const a = el('a', 'fr-link fr-link--sm', `Voir la page ${d.department_label} dans l’Atlas`);
  a.href = d.url;
  box.append(a);
  return box;
}

// A popup opened from the keyboard takes the focus (its link), closes with Escape and gives
// the focus back on close.
function focusPopups(map) {
  map.on('popupopen', (e) => {
    e.popup.getElement()?.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') map.closePopup(e.popup);
    });
    const opener = document.activeElement;
    if (!opener || !opener.classList.contains('leaflet-marker-icon')) return;
    e.popup.getElement()?.querySelector('a')?.focus({ preventScroll: true });
    e.popup.once('remove', () => {
      if (document.body.contains(opener)) opener.focus({ preventScroll: true });
    });
  });
}

function addCircles(map, rows, max, largest, year, total) {
  // The largest first, so the small circles stay on top and clickable.
  const sorted = [...rows].sort((a, b) => b.amount_eur - a.amount_eur);
  for (const d of sorted) {
    const size = Math.round(diameter(d.amount_eur, max, largest));
    const marker = L.marker([d.lat, d.lon], {
      icon: L.divIcon({ className: 'cncd-apd-bubble', iconSize: [size, size] }),
      title: `${d.department_label} : ${formatEuros(d.amount_eur)}`,
      keyboard: true,
      riseOnHover: true,
      zIndexOffset: -size,
    });
    marker.bindPopup(() => popupContent(d, year, total), { minWidth: 240 });
    marker.addTo(map);
    marker.getElement()?.setAttribute('data-department', d.department);
  }
}

function legend(container, max, largest, withoutDepartment) {
  container.replaceChildren();
  const block = el('div', 'cncd-map-legend__block');
  block.append(el('p', 'cncd-map-legend__title', 'Montant validé (surface du cercle)'));
  const list = el('ul', 'cncd-apd-map__legend-circles');
  const top = niceValue(max);
  for (const v of [top, niceValue(top / 4), niceValue(top / 20)]) {
    if (v <= 0 || list.querySelector(`[data-value="${v}"]`)) continue;
    const li = el('li');
    li.dataset.value = String(v);
    const circle = el('span', 'cncd-apd-bubble cncd-apd-map__legend-circle');
    const size = `${Math.round(diameter(v, max, largest))}px`;
    circle.style.width = size;
    circle.style.height = size;
    circle.setAttribute('aria-hidden', 'true');
    li.append(circle, el('span', null, shortEuros(v)));
    list.append(li);
  }
  block.append(list);
  container.append(block);
  if (withoutDepartment > 0) {
    const note = el('div', 'cncd-map-legend__block');
    note.append(el('p', 'cncd-map-legend__title', 'Non cartographié'));
    note.append(el('p', 'fr-text--sm fr-mb-0',
                   `Les régions, rattachées à aucun département : ${formatEuros(withoutDepartment)}.`));
    container.append(note);
  }
}

async function boot(section) {
  const status = section.querySelector('[data-apd-map-status]');
  const year = section.dataset.year;
  section.hidden = false;
  const canvas = section.querySelector('[data-apd-map-canvas]');
  const main = L.map(canvas, { zoomSnap: 0.25, minZoom: 4, maxZoom: 9, maxBounds: [[35, -15], [57, 20]] });
  main.attributionControl.setPrefix(false);
  main.attributionControl.addAttribution('Frontières : Natural Earth · Données : déclarations d’APD validées');
  main.zoomControl.setPosition('topright');
  main.fitBounds(METROPOLE_BOUNDS, { animate: false });
  focusPopups(main);
  try {
    const [world, data] = await Promise.all([loadWorld(), getJson(section.dataset.api)]);
    const features = world.map((f) => ({ ...f, bbox: bbox(f) }));
    const placed = data.rows.filter((d) => d.lat !== null && d.lon !== null);
    const max = Math.max(0, ...placed.map((d) => d.amount_eur));
    const overseas = (d) => /^9[78]/.test(d.department);
    const largest = Math.min(MAX_DIAMETER, Math.max(24, canvas.clientWidth / 16));

    background(main, features, METROPOLE_BOUNDS);
    addCircles(main, placed.filter((d) => !overseas(d)), max, largest, year, data.total_eur);

    // Small maps: the five overseas départements, and any other overseas territory with an
    // amount (centred on its point).
    const insets = section.querySelector('[data-apd-map-insets]');
    const views = OVERSEAS.map((o) => ({ ...o }));
    for (const d of placed.filter(overseas)) {
      if (!views.some((v) => v.code === d.department)) {
        views.push({ code: d.department, name: d.department_label,
                     bounds: [[d.lat - 0.4, d.lon - 0.5], [d.lat + 0.4, d.lon + 0.5]] });
      }
    }
    for (const view of views) {
      const row = placed.find((d) => d.department === view.code);
      const li = el('li', 'cncd-apd-map__inset');
      const box = el('div', 'cncd-apd-map__inset-map');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', `Carte : ${view.name}`);
      const caption = el('p', 'cncd-apd-map__inset-name');
      caption.append(el('span', 'cncd-apd-map__inset-title', view.name),
                     el('span', null, row ? formatEuros(row.amount_eur) : 'aucun montant'));
      li.append(box, caption);
      insets.append(li);
      const inset = L.map(box, {
        zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
        doubleClickZoom: false, boxZoom: false, touchZoom: false, keyboard: false, zoomSnap: 0.25,
      });
      inset.fitBounds(view.bounds, { animate: false });
      focusPopups(inset);
      background(inset, features, view.bounds);
      if (row) addCircles(inset, [row], max, largest, year, data.total_eur);
    }

    legend(section.querySelector('[data-apd-map-legend]'), max, largest, data.without_department_eur);
    const unplaced = data.rows.length - placed.length;
    status.textContent = `${placed.length} départements représentés sur la carte`
      + (unplaced > 0 ? ` ; ${unplaced} sans position, présents dans le tableau.` : '.');
    section.dataset.circles = String(placed.length);
    section.dataset.ready = 'true';
  } catch (error) {
    const message = el('p', 'fr-error-text', `La carte n’a pas pu être affichée : ${error.message}. Le tableau ci-dessous donne les mêmes montants.`);
    section.append(message);
    status.textContent = message.textContent;
    section.dataset.ready = 'error';
  }
}

const section = document.querySelector('[data-apd-map]');
if (section && L) boot(section);
