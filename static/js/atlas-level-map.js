// Boots the interactive map on an Atlas level page: reads the level from the path and the
// filters from the query string, then draws what that level shows. Without JavaScript (or
// without Leaflet) the map section stays hidden and the page's tables tell the same figures.
import { AtlasMap } from './atlas-map.js';

const FILTER_PARAMS = ['cd', 'autres', 'theme', 'kind', 'filtre'];

/** The level of an Atlas path: {kind, key}. */
export function levelOf(pathname) {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(2).map(decodeURIComponent);
  const id = (s) => String(parseInt(s, 10));
  if (parts.length === 0) return { kind: 'world' };
  if (parts[0] === 'france') return parts[1] ? { kind: 'region', key: parts[1] } : { kind: 'france' };
  if (parts[0] === 'pays') return { kind: 'country', key: parts[1].toUpperCase() };
  if (parts[0] === 'departements') return { kind: 'department', key: parts[1].toUpperCase() };
  if (parts[0] === 'partenaires') return { kind: 'partner', key: id(parts[1]) };
  if (parts[0] === 'collectivites') return { kind: 'authority', key: id(parts[1]) };
  return { kind: 'continent', key: parts[0] };
}

// The pair lines of each level: its own scope (the world and France: région → country flows).
function pairScope(level) {
  switch (level.kind) {
    case 'continent': return { continent: level.key };
    case 'country': return { country: level.key };
    case 'partner': return { partner: level.key };
    case 'region': return { region: level.key };
    case 'department': return { department: level.key };
    case 'authority': return { authority: level.key };
    default: return {};
  }
}

// The continent a page focuses on (its own, its country's or its partner's), from the page's
// heading or breadcrumb: {slug, name}.
function focusContinent(level) {
  if (level.kind === 'continent') {
    return { slug: level.key, name: document.querySelector('h1')?.textContent.trim() };
  }
  if (level.kind !== 'country' && level.kind !== 'partner') return {};
  for (const a of document.querySelectorAll('.fr-breadcrumb__link[href]')) {
    const slug = a.getAttribute('href').split('?')[0].match(/^\/atlas\/([^/]+)$/)?.[1];
    if (slug && slug !== 'france') return { slug, name: a.textContent.trim() };
  }
  return {};
}

async function draw(map, level) {
  const focus = focusContinent(level);
  // French territories colour the countries of their own projects.
  const french = ['region', 'department', 'authority'].includes(level.kind);
  const countries = await map.drawChoropleth({
    continent: focus.slug,
    continentName: focus.name,
    scope: french ? pairScope(level) : {},
    scopeName: french ? document.querySelector('h1')?.textContent.trim() : undefined,
  });
  switch (level.kind) {
    case 'world':
      await map.drawPartners();
      break;
    case 'continent': {
      await map.drawPartners({ continent: level.key });
      const points = countries.filter((c) => c.continent === level.key && c.lat !== null)
        .map((c) => [c.lat, c.lon]);
      map.fitPoints(points, 5);
      break;
    }
    case 'country': {
      await map.drawPartners({ country: level.key });
      map.fitCountry(countries.find((c) => c.iso2 === level.key));
      break;
    }
    case 'partner': {
      const partners = await map.drawPartners({ partner: level.key });
      const data = await map.drawAuthorities({ partner: level.key });
      map.fitPoints([...partners, ...data.authorities].filter((p) => p.lat !== null)
        .map((p) => [p.lat, p.lon]), 5);
      break;
    }
    case 'france':
      await map.drawAuthorities({}, { bubbles: true });
      map.fitFrance();
      break;
    case 'region':
    case 'department': {
      const data = await map.drawAuthorities({ [level.kind]: level.key });
      map.fitPoints(data.authorities.filter((a) => a.lat !== null).map((a) => [a.lat, a.lon]), 9);
      break;
    }
    case 'authority': {
      const data = await map.drawAuthorities({ authority: level.key });
      const partners = await map.drawPartners({ authority: level.key });
      map.fitPoints([...data.authorities, ...partners].filter((p) => p.lat !== null)
        .map((p) => [p.lat, p.lon]), 5);
      break;
    }
    default:
      break;
  }
}

async function boot() {
  const section = document.querySelector('[data-cncd-map]');
  if (!section || !window.L || !window.L.markerClusterGroup || !window.topojson) return;
  section.hidden = false;
  const query = new URLSearchParams();
  const current = new URLSearchParams(window.location.search);
  for (const name of FILTER_PARAMS) {
    for (const value of current.getAll(name)) query.append(name, value);
  }
  const level = levelOf(window.location.pathname);
  const status = section.querySelector('[data-cncd-map-status]');
  const map = new AtlasMap(section.querySelector('[data-cncd-map-canvas]'), {
    legend: section.querySelector('[data-cncd-map-legend]'),
    query,
    onStatus: (text) => { if (status) status.textContent = text; },
  });
  const pairs = section.querySelector('[data-cncd-map-pairs]');
  // A partner's or an authority's page is about its links: they show from the start.
  if (pairs && (level.kind === 'partner' || level.kind === 'authority')) pairs.checked = true;
  try {
    await draw(map, level);
    if (pairs) {
      pairs.addEventListener('change', () => {
        map.showPairs(pairs.checked, pairScope(level)).catch((e) => map.onStatus(e.message));
      });
      if (pairs.checked) await map.showPairs(true, pairScope(level));
    }
    section.dataset.cncdMapReady = 'true';
  } catch (error) {
    if (status) status.textContent = `La carte n’a pas pu être chargée : ${error.message}`;
    section.dataset.cncdMapReady = 'error';
  }
}

boot();
