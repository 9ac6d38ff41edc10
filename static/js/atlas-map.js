// The Atlas's interactive map: a world choropleth of projects by country (Natural Earth shapes
// from world-atlas, no tile server), clustered partner markers whose style tells how precise
// their location is, French authority markers and département bubbles, and the partner-pair
// lines. Reused by the level pages (atlas-level-map.js) and the search page.
//
// Needs the classic scripts Leaflet (window.L), Leaflet.markercluster and topojson-client
// (window.topojson) loaded before. Every figure comes from /api/v1/map/…; nothing is computed
// here but the class breaks of the legend.

const L = window.L;

/** DSFR "bleu France" sequential scale, lightest first (blue-france 925, 850, main 525 hover,
 *  main 525, sun 113). */
export const CHOROPLETH_COLORS = ['#e3e3fd', '#cacafb', '#8585f6', '#6a6af4', '#000091'];
const NO_DATA_COLOR = '#f6f6f6';
const OUTSIDE_COLOR = '#dddddd';
const BORDER_COLOR = '#929292';
const PAIR_COLOR = '#c9191e';
const WORLD_BOUNDS = [[-58, -170], [80, 190]];
const METROPOLE_BOUNDS = [[41.3, -5.2], [51.1, 9.6]];

const nf = new Intl.NumberFormat('fr-FR');
const fmt = (n) => nf.format(n);
const plural = (n, one, many) => (n > 1 ? many : one);

/** Fetches JSON; throws with the API's French message on an error. */
async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message || `HTTP ${response.status}`);
  return body;
}

/**
 * The markers of a compact answer of /api/v1/map/partners or /authorities — rows of values in
 * the order of `fields` — as objects, each with its page `url` and, for partners, its
 * `country_name`.
 */
export function decodeMarkers(answer, key) {
  const { fields } = answer;
  const prefix = answer.url_prefix;
  const query = answer.url_query || '';
  const names = answer.countries || {};
  return answer[key].map((row) => {
    const marker = {};
    fields.forEach((field, i) => { marker[field] = row[i]; });
    marker.url = `${prefix}${marker.id}${marker.slug ? `-${marker.slug}` : ''}${query}`;
    if (marker.country !== undefined) marker.country_name = names[marker.country] || marker.country;
    return marker;
  });
}

let worldPromise;
/** The Natural Earth country shapes as GeoJSON features (id = ISO 3166 numeric). */
export function loadWorld(url = '/vendor/world-atlas/countries-50m.json') {
  worldPromise ??= getJson(url).then((topology) =>
    window.topojson.feature(topology, topology.objects.countries).features
      .filter((f) => f.id !== ANTARCTICA)
      .map(unwrapFeature));
  return worldPromise;
}

const ANTARCTICA = '010';

// A ring that crosses the antimeridian jumps from +180 to −180 in world-atlas; Leaflet would
// draw that jump as a line across the whole map. Shift such points by 360° so the ring stays
// continuous (Chukotka and Fiji then extend past 180°E).
function unwrapRing(ring) {
  let shift = 0;
  return ring.map(([lon, lat], i) => {
    if (i > 0) {
      const previous = ring[i - 1][0];
      if (lon - previous > 180) shift -= 360;
      else if (previous - lon > 180) shift += 360;
    }
    return [lon + shift, lat];
  });
}

function unwrapFeature(feature) {
  const g = feature.geometry;
  if (!g) return feature;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const unwrapped = polygons.map((rings) => {
    const fixed = rings.map(unwrapRing);
    // A polygon lying mostly west of −180 after the shift is moved back east.
    const mean = fixed[0].reduce((s, p) => s + p[0], 0) / fixed[0].length;
    return mean < -180 ? fixed.map((r) => r.map(([x, y]) => [x + 360, y])) : fixed;
  });
  const geometry = g.type === 'Polygon' ? { type: 'Polygon', coordinates: unwrapped[0] }
    : g.type === 'MultiPolygon' ? { type: 'MultiPolygon', coordinates: unwrapped } : g;
  return { ...feature, geometry };
}

/**
 * Class breaks by quantiles of the values: at most `classes` classes, each [min, max] of
 * values actually present, so the legend never shows an empty class.
 */
export function quantileClasses(values, classes = CHOROPLETH_COLORS.length) {
  const sorted = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const uppers = [];
  for (let i = 1; i <= classes; i++) {
    const upper = sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / classes) - 1)];
    if (uppers.length === 0 || upper > uppers[uppers.length - 1]) uppers.push(upper);
  }
  const result = [];
  let lower = sorted[0];
  for (const upper of uppers) {
    result.push({ min: lower, max: upper });
    lower = sorted.find((v) => v > upper);
  }
  // Spread the classes over the darkest colours when there are fewer than the scale.
  const offset = CHOROPLETH_COLORS.length - result.length;
  return result.map((c, i) => ({ ...c, color: CHOROPLETH_COLORS[i + offset] }));
}

function classOf(value, classes) {
  return classes.find((c) => value >= c.min && value <= c.max);
}

/** A text-only element (never innerHTML with data). */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function popupContent(title, lines, href, linkText) {
  const box = el('div', 'cncd-map-popup');
  box.append(el('p', 'cncd-map-popup__title', title));
  const list = el('ul', 'cncd-map-popup__figures');
  for (const line of lines) list.append(el('li', null, line));
  box.append(list);
  if (href) {
    const a = el('a', 'fr-link fr-link--sm', linkText);
    a.href = href;
    box.append(a);
  }
  return box;
}

const PRECISION_LABELS = {
  city: 'localisation à la ville',
  region: 'localisée à la région ou province',
  country: 'localisée au pays (centre du pays)',
  department: 'localisée au département',
};

function pinIcon(kind, precision) {
  return L.divIcon({
    className: `cncd-pin cncd-pin--${kind} cncd-pin--${precision || 'country'}`,
    html: '<span class="cncd-pin__dot"></span>',
    iconSize: [18, 18],
    iconAnchor: [9, 9],
    popupAnchor: [0, -8],
  });
}

function clusterGroup(kind) {
  return L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    iconCreateFunction(cluster) {
      const n = cluster.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({
        className: `cncd-cluster cncd-cluster--${kind}`,
        html: `<span>${n}</span>`,
        iconSize: [size, size],
      });
    },
  });
}

/** The interactive map of one Atlas view. */
export class AtlasMap {
  /**
   * @param {HTMLElement} container the map element (gets an accessible name from aria-label)
   * @param {{legend?: HTMLElement, query?: URLSearchParams, onStatus?: (text:string)=>void}} options
   */
  constructor(container, options = {}) {
    this.container = container;
    this.legend = options.legend;
    this.query = options.query || new URLSearchParams();
    this.onStatus = options.onStatus || (() => {});
    this.map = L.map(container, {
      zoomSnap: 0.25,
      minZoom: 1,
      maxZoom: 11,
      worldCopyJump: false,
      maxBounds: [[-85, -220], [85, 220]],
      attributionControl: true,
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('Frontières : Natural Earth · Données : Atlas de la coopération décentralisée');
    this.map.zoomControl.setPosition('topright');
    this.map.fitBounds(WORLD_BOUNDS);
    this.pairRenderer = L.svg({ padding: 0.2 });
    this.layers = {};
    this.legendParts = {};
    this.map.on('popupopen', (e) => this.#focusPopup(e));
  }

  /** The API URL with the page's filters and the given scope parameters. */
  api(path, scope = {}) {
    const params = new URLSearchParams(this.query);
    for (const [k, v] of Object.entries(scope)) if (v !== undefined && v !== '') params.set(k, v);
    const qs = params.toString();
    return `/api/v1/map/${path}${qs ? `?${qs}` : ''}`;
  }

  // A popup opened from the keyboard takes the focus (its link is next), and gives it back.
  #focusPopup(e) {
    const opener = document.activeElement;
    if (!opener || !opener.classList.contains('leaflet-marker-icon')) return;
    const link = e.popup.getElement()?.querySelector('a');
    if (link) link.focus({ preventScroll: true });
    e.popup.once('remove', () => { if (document.body.contains(opener)) opener.focus({ preventScroll: true }); });
  }

  /** Draws every country, filled by its number of projects. Returns the countries' data. */
  async drawChoropleth({ continent, continentName, scope = {}, scopeName } = {}) {
    const [features, data] = await Promise.all([loadWorld(), getJson(this.api('countries', scope))]);
    const byNumeric = new Map(data.countries.map((c) => [c.numeric, c]));
    // On a continent's pages the classes are those of its countries; the others are greyed.
    const inFocus = (c) => !continent || c.continent === continent;
    const classes = quantileClasses(data.countries.filter(inFocus).map((c) => c.projects));
    this.countries = data.countries;
    this.features = features;
    this.layers.countries?.remove();
    this.layers.countries = L.geoJSON(features, {
      style: (f) => {
        const c = byNumeric.get(f.id);
        const outside = c && !inFocus(c);
        const cls = c && !outside && classOf(c.projects, classes);
        return {
          color: BORDER_COLOR, weight: 0.6, opacity: 1,
          fillColor: outside ? OUTSIDE_COLOR : cls ? cls.color : NO_DATA_COLOR, fillOpacity: 1,
        };
      },
      onEachFeature: (f, layer) => {
        const c = byNumeric.get(f.id);
        if (!c) return;
        layer.bindTooltip(`${c.name} : ${fmt(c.projects)} ${plural(c.projects, 'projet', 'projets')}`,
                          { sticky: true });
        layer.bindPopup(() => popupContent(c.name, [
          `Nombre de projets : ${fmt(c.projects)}`,
          `Nombre de collectivités françaises engagées : ${fmt(c.french_authorities)}`,
          `Nombre de collectivités partenaires : ${fmt(c.partner_authorities)}`,
        ], c.url, `Voir la page ${c.name}`));
      },
    }).addTo(this.map);
    this.legendParts.choropleth = classes;
    this.legendParts.continentName = continent ? continentName || continent : null;
    this.legendParts.scopeName = scopeName || null;
    this.#renderLegend();
    return data.countries;
  }

  /** Clustered partner markers; `scope` is {continent}, {country}, {partner} or {authority}. */
  async drawPartners(scope = {}) {
    this.partnersAnswer = await getJson(this.api('partners', scope));
    const partners = decodeMarkers(this.partnersAnswer, 'partners');
    this.layers.partners?.remove();
    const group = clusterGroup('partner');
    const markers = [];
    for (const p of partners) {
      if (p.lat === null) continue;
      const title = `${p.name} (${p.country_name}), ${PRECISION_LABELS[p.precision] || ''}`;
      const marker = L.marker([p.lat, p.lon], {
        icon: pinIcon('partner', p.precision), title, keyboard: true, riseOnHover: true,
      });
      marker.cncdPartner = p;
      marker.bindPopup(() => popupContent(p.name, [
        `Nombre de collectivités françaises partenaires : ${fmt(p.french_authorities)}`,
        `Nombre de projets menés : ${fmt(p.projects)}`,
        `Nombre de thématiques : ${fmt(p.themes)}`,
      ], p.url, `Voir la fiche de ${p.name}`), { minWidth: 280 });
      markers.push(marker);
    }
    group.addLayers(markers);
    this.#keyboardClusters(group);
    group.addTo(this.map);
    this.layers.partners = group;
    this.legendParts.partners = partners.length > 0;
    this.#renderLegend();
    return partners;
  }

  /** French authority markers (clustered) or, with `bubbles`, département bubbles. */
  async drawAuthorities(scope = {}, { bubbles = false } = {}) {
    const data = await getJson(this.api(bubbles ? 'departments' : 'authorities', scope));
    if (!bubbles) data.authorities = decodeMarkers(data, 'authorities');
    this.layers.authorities?.remove();
    let layer;
    if (bubbles) {
      layer = L.layerGroup();
      const max = Math.max(1, ...data.departments.map((d) => d.projects));
      for (const d of data.departments) {
        if (d.lat === null) continue;
        const size = Math.round(12 + 26 * Math.sqrt(d.projects / max));
        const marker = L.marker([d.lat, d.lon], {
          icon: L.divIcon({ className: 'cncd-bubble', html: `<span>${d.projects}</span>`, iconSize: [size, size] }),
          title: `${d.name} : ${fmt(d.projects)} ${plural(d.projects, 'projet', 'projets')}`,
          keyboard: true,
          zIndexOffset: -10 * size,  // the small bubbles stay on top of the large ones
        });
        marker.bindPopup(() => popupContent(`${d.name} (${d.code})`, [
          `Nombre de collectivités françaises engagées : ${fmt(d.french_authorities)}`,
          `Nombre de projets : ${fmt(d.projects)}`,
        ], d.url, `Voir la page ${d.name}`));
        marker.addTo(layer);
      }
    } else {
      layer = clusterGroup('authority');
      const markers = [];
      for (const a of data.authorities) {
        if (a.lat === null) continue;
        const marker = L.marker([a.lat, a.lon], {
          icon: pinIcon('authority', a.precision),
          title: `${a.name}, ${PRECISION_LABELS[a.precision] || ''}`,
          keyboard: true,
        });
        marker.bindPopup(() => popupContent(a.name, [
          `Nombre de projets : ${fmt(a.projects)}`,
          `Nombre de collectivités partenaires : ${fmt(a.partner_authorities)}`,
          `Nombre de thématiques : ${fmt(a.themes)}`,
        ], a.url, `Voir la fiche de ${a.name}`));
        markers.push(marker);
      }
      layer.addLayers(markers);
      this.#keyboardClusters(layer);
    }
    layer.addTo(this.map);
    this.layers.authorities = layer;
    this.legendParts.authorities = bubbles ? 'bubbles' : 'markers';
    this.#renderLegend();
    return data;
  }

  /** Shows or hides the partner-pair lines of `scope` ({} at world level: région → country). */
  async showPairs(visible, scope = {}) {
    this.layers.pairs?.remove();
    this.layers.pairs = null;
    this.legendParts.pairs = null;
    if (visible) {
      const data = await getJson(this.api('pairs', scope));
      const max = Math.max(1, ...data.pairs.map((p) => p.projects));
      const group = L.featureGroup();
      for (const p of data.pairs) {
        if (p.from.lat === null || p.to.lat === null) continue;
        const line = L.polyline([[p.from.lat, p.from.lon], [p.to.lat, p.to.lon]], {
          renderer: this.pairRenderer, color: PAIR_COLOR, opacity: 0.55,
          weight: 1 + 4 * Math.sqrt(p.projects / max), interactive: true,
        });
        line.bindTooltip(`${p.from.name} → ${p.to.name} : ${fmt(p.projects)} ${plural(p.projects, 'projet', 'projets')}`,
                         { sticky: true });
        line.addTo(group);
      }
      group.addTo(this.map);
      this.layers.pairs = group;
      this.legendParts.pairs = data;
      this.onStatus(data.aggregated
        ? `${fmt(data.total)} liens entre régions françaises et pays partenaires affichés.`
        : `${fmt(Math.min(data.total, data.pairs.length))} liens sur ${fmt(data.total)} affichés.`);
    } else {
      this.onStatus('Liens de partenariat masqués.');
    }
    this.#renderLegend();
  }

  /** Fits the view to points ([lat, lon]), with a maximum zoom. */
  fitPoints(points, maxZoom = 6) {
    if (points.length === 0) return;
    this.map.fitBounds(L.latLngBounds(points).pad(0.15), { maxZoom, animate: false });
  }

  /** Fits the view to a country's shape (by ISO numeric), or to its point. */
  fitCountry(country) {
    const feature = this.features?.find((f) => f.id === country?.numeric);
    if (feature) {
      const bounds = L.geoJSON(feature).getBounds();
      if (bounds.getEast() - bounds.getWest() < 180) {
        this.map.fitBounds(bounds.pad(0.1), { maxZoom: 7, animate: false });
        return;
      }
    }
    if (country?.lat != null) this.map.setView([country.lat, country.lon], 4, { animate: false });
  }

  fitFrance() { this.map.fitBounds(METROPOLE_BOUNDS, { animate: false }); }

  // Enter on a cluster zooms into it, as a click does.
  #keyboardClusters(group) {
    group.on('clusterkeypress', (e) => {
      if (e.originalEvent.key === 'Enter') e.layer.zoomToBounds({ padding: [20, 20] });
    });
  }

  #renderLegend() {
    if (!this.legend) return;
    const parts = [];
    const classes = this.legendParts.choropleth;
    if (classes) {
      const block = el('div', 'cncd-map-legend__block');
      const where = this.legendParts.continentName;
      const scopeName = this.legendParts.scopeName;
      block.append(el('p', 'cncd-map-legend__title', scopeName
        ? `Nombre de projets par pays partenaire (${scopeName})`
        : where ? `Nombre de projets par pays (${where})` : 'Nombre de projets par pays'));
      const list = el('ul', 'cncd-map-legend__list');
      const swatchItem = (color, label) => {
        const li = el('li');
        const sw = el('span', 'cncd-map-legend__swatch');
        sw.style.backgroundColor = color;
        li.append(sw, label);
        list.append(li);
      };
      swatchItem(NO_DATA_COLOR, 'Aucun projet');
      if (where) swatchItem(OUTSIDE_COLOR, 'Pays d’un autre continent');
      for (const c of classes) {
        const li = el('li');
        const swatch = el('span', 'cncd-map-legend__swatch');
        swatch.style.backgroundColor = c.color;
        li.append(swatch, c.min === c.max ? fmt(c.min) : `${fmt(c.min)} à ${fmt(c.max)}`);
        list.append(li);
      }
      block.append(list);
      parts.push(block);
    }
    const markers = [];
    if (this.legendParts.partners) {
      markers.push(['cncd-pin cncd-pin--partner cncd-pin--city', 'Collectivité partenaire localisée à la ville']);
      markers.push(['cncd-pin cncd-pin--partner cncd-pin--region', 'Localisée à la région ou province']);
      markers.push(['cncd-pin cncd-pin--partner cncd-pin--country', 'Localisée au pays (centre du pays)']);
    }
    if (this.legendParts.authorities === 'markers') {
      markers.push(['cncd-pin cncd-pin--authority cncd-pin--city', 'Collectivité française localisée à la commune']);
      markers.push(['cncd-pin cncd-pin--authority cncd-pin--department', 'Localisée au département ou à la région']);
    }
    if (this.legendParts.authorities === 'bubbles') {
      markers.push(['cncd-bubble cncd-bubble--legend', 'Département : cercle proportionnel au nombre de projets']);
    }
    if (this.legendParts.partners) {
      markers.push(['cncd-cluster cncd-cluster--partner', 'Groupe de partenaires proches (zoomer ou valider pour le détailler)']);
    }
    if (this.legendParts.authorities === 'markers') {
      markers.push(['cncd-cluster cncd-cluster--authority', 'Groupe de collectivités françaises proches']);
    }
    if (this.legendParts.pairs) {
      markers.push(['cncd-map-legend__line', this.legendParts.pairs.aggregated
        ? 'Lien région française → pays partenaire (épaisseur : nombre de projets)'
        : 'Lien collectivité française → partenaire (épaisseur : nombre de projets)']);
    }
    if (markers.length > 0) {
      const block = el('div', 'cncd-map-legend__block');
      block.append(el('p', 'cncd-map-legend__title', 'Symboles'));
      const list = el('ul', 'cncd-map-legend__list');
      for (const [cls, label] of markers) {
        const li = el('li');
        const symbol = el('span', `cncd-map-legend__symbol ${cls}`);
        symbol.setAttribute('aria-hidden', 'true');
        symbol.append(el('span', 'cncd-pin__dot'));
        li.append(symbol, label);
        list.append(li);
      }
      block.append(list);
      parts.push(block);
    }
    this.legend.replaceChildren(...parts);
  }
}
