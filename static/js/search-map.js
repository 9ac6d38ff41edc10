// The search page's map: the Atlas map (atlas-map.js) fed with the results of the current
// search. Countries are coloured by the number of results with a partner there; the markers
// are the partners of the results, whose popup gives the brochure's figures for those results,
// a link to the partner's Atlas page and one to the search restricted to that partner
// (the answer's search_prefix + the partner's id). Every
// figure comes from /api/v1/projects/map/… (the same parameters as /api/v1/projects). Without
// JavaScript the map stays hidden and the table of results by country tells the same figures.
import { AtlasMap } from './atlas-map.js';

/** The Atlas map, reading its data from the search's map endpoints. */
export class SearchMap extends AtlasMap {
  api(path) {
    const qs = this.query.toString();
    return `/api/v1/projects/map/${path}${qs ? `?${qs}` : ''}`;
  }

  /** Partner markers whose popup also links to the search restricted to that partner. */
  async drawPartners() {
    const partners = await super.drawPartners();
    const prefix = this.partnersAnswer.search_prefix;
    for (const marker of this.layers.partners.getLayers()) {
      const partner = marker.cncdPartner;
      const content = marker.getPopup()?.getContent();
      if (!partner || typeof content !== 'function') continue;
      marker.setPopupContent((layer) => withSearchLink(content(layer), partner, `${prefix}${partner.id}`));
    }
    return partners;
  }
}

function withSearchLink(box, partner, href) {
  const p = document.createElement('p');
  p.className = 'fr-mt-1w fr-mb-0';
  const a = document.createElement('a');
  a.className = 'fr-link fr-link--sm';
  a.href = href;
  a.dataset.cncdSearchLink = '';
  a.textContent = `Rechercher parmi les projets avec ${partner.name}`;
  p.append(a);
  box.append(p);
  return box;
}

const fmt = (n) => new Intl.NumberFormat('fr-FR').format(n);

async function boot() {
  const section = document.querySelector('[data-cncd-search-map]');
  if (!section || !window.L || !window.L.markerClusterGroup || !window.topojson) return;
  section.hidden = false;
  const status = section.querySelector('[data-cncd-map-status]');
  const map = new SearchMap(section.querySelector('[data-cncd-map-canvas]'), {
    legend: section.querySelector('[data-cncd-map-legend]'),
    query: new URLSearchParams(section.dataset.query || ''),
    onStatus: (text) => { if (status) status.textContent = text; },
  });
  try {
    const countries = await map.drawChoropleth({ scopeName: 'résultats de la recherche' });
    const partners = await map.drawPartners();
    const located = partners.filter((p) => p.lat !== null).map((p) => [p.lat, p.lon]);
    // The view shows where the results are (the whole world for a worldwide search).
    map.fitPoints(located, 6);
    map.onStatus(`Carte des résultats : ${fmt(countries.length)} pays et ${fmt(partners.length)} collectivités partenaires.`);
    section.dataset.cncdMapReady = 'true';
  } catch (error) {
    if (status) status.textContent = `La carte n’a pas pu être chargée : ${error.message}`;
    section.dataset.cncdMapReady = 'error';
  }
}

boot();
