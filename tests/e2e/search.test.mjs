// The Atlas search page: a keyword search refined by continent and theme through the form (its
// total is the API's for the same address), the results on the map with a partner popup whose
// figures are those of the search and whose link leads to the partner's page, the extraction
// links, the page without JavaScript, the keyboard, axe-core, and screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, parseFrenchNumber, getJson,
         decodeMarkers, watchedPage, screenshotsDir } from './support.mjs';

let portal;
let browser;
let strict;   // CSP enforced: the page must work as served
let axeable;  // bypassCSP: axe-core is injected as a script

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  strict = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  axeable = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  mkdirSync(screenshotsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

async function mapReady(page) {
  const section = page.locator('[data-cncd-search-map]');
  await section.and(page.locator('[data-cncd-map-ready]')).waitFor({ state: 'attached', timeout: 20000 });
  assert.equal(await section.getAttribute('data-cncd-map-ready'), 'true');
}

/** The total the page shows. */
async function shownTotal(page) {
  return parseFrenchNumber(await page.locator('#resultats-titre').innerText());
}

/** The API's answer for the page's own address. */
async function apiFor(page, endpoint = '/api/v1/projects') {
  return getJson(`${portal.url}${endpoint}${new URL(page.url()).search}`);
}

/** Opens a facet's accordion and ticks the choice `value`. */
async function tick(page, facet, value) {
  const panel = page.locator(`#facette-${facet}`);
  const button = page.locator(`button[aria-controls="facette-${facet}"]`);
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await page.locator(`#facette-${facet}.fr-collapse--expanded`).waitFor();
  const input = panel.locator(`input[name="${facet}"][value="${value}"]`);
  await page.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  assert.equal(await input.isChecked(), true);
}

// Zooms into clusters until a partner pin is visible, then returns that pin.
async function visiblePartnerPin(page) {
  const pin = page.locator('.leaflet-marker-icon.cncd-pin--partner');
  for (let i = 0; i < 25 && (await pin.count()) === 0; i++) {
    await page.locator('.leaflet-marker-icon.cncd-cluster').first().click();
    await page.waitForTimeout(400);  // zoom animation
  }
  assert.ok((await pin.count()) > 0, 'a partner pin after expanding the clusters');
  return pin.first();
}

test('search a keyword, filter by continent and theme: the API’s total, the map, a popup and its link', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  await page.goto(`${portal.url}/atlas/recherche`);
  assert.equal(await shownTotal(page), (await getJson(`${portal.url}/api/v1/projects`)).total);

  await page.locator('#recherche-q').fill('eau');
  await page.locator('.fr-search-bar button[type="submit"]').click();
  await page.waitForURL((url) => url.searchParams.get('q') === 'eau');
  const keyword = await apiFor(page);
  assert.ok(keyword.total > 0);
  assert.equal(await shownTotal(page), keyword.total);

  await tick(page, 'continent', 'afrique');
  await tick(page, 'theme', 'eau-assainissement');
  await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
  await page.waitForURL((url) => url.searchParams.get('theme') === 'eau-assainissement');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('continent'), 'afrique');
  assert.equal(url.searchParams.get('q'), 'eau');
  const filtered = await apiFor(page);
  assert.ok(filtered.total > 0 && filtered.total < keyword.total);
  // The facets in use stay open, together.
  for (const facet of ['theme', 'continent']) {
    assert.equal(await page.locator(`#facette-${facet}`).evaluate((e) => e.classList.contains('fr-collapse--expanded')), true, facet);
  }
  assert.equal(await shownTotal(page), filtered.total);
  // The facet counts and the tags of the selected filters.
  const afrique = filtered.facets.continent.find((c) => c.value === 'afrique');
  const label = page.locator('#facette-continent label', { has: page.locator('.cncd-facet__name', { hasText: /^Afrique$/ }) });
  assert.equal(parseFrenchNumber(await label.locator('.cncd-facet__count').innerText()), afrique.count);
  const tags = await page.locator('.cncd-search-tags .fr-tag').allInnerTexts();
  assert.deepEqual(tags.map((t) => t.replace(/^Retirer le filtre\s*/, '').trim()).sort(), ['Continent : Afrique', 'Mots-clés : eau', 'Thématique : Eau et assainissement']);
  // The first results are the API's, linking to their sheets.
  const hrefs = await page.locator('.cncd-result__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, filtered.items.map((i) => i.html_url));
  // The extraction links carry exactly the query; the JSON one has every result.
  const csv = await page.locator('a[data-format="CSV"]').getAttribute('href');
  assert.equal(csv, '/api/v1/projects.csv?q=eau&theme=eau-assainissement&continent=afrique&sep=semicolon');
  const rows = await getJson(`${portal.url}${await page.locator('a[data-format="JSON"]').getAttribute('href')}`);
  assert.equal(rows.length, filtered.total);

  // The map: countries and the partners of these results.
  await mapReady(page);
  assert.ok(await page.locator('.leaflet-overlay-pane path').count() > 200, 'country shapes');
  assert.ok(await page.locator('.leaflet-marker-pane .leaflet-marker-icon').count() > 0, 'markers');
  const legend = await page.locator('[data-cncd-map-legend]').innerText();
  assert.match(legend, /Nombre de projets par pays partenaire/);
  const countries = await getJson(`${portal.url}/api/v1/projects/map/countries${url.search}`);
  assert.equal(await page.locator('[data-cncd-search-countries] tbody tr').count(), countries.countries.length);
  const partners = await getJson(`${portal.url}/api/v1/projects/map/partners${url.search}`);
  const byUrl = new Map(decodeMarkers(partners, 'partners')
    .map((p) => [p.url, { ...p, search_url: `${partners.search_prefix}${p.id}` }]));
  await page.locator('#carte').screenshot({ path: path.join(screenshotsDir, 'search-map.png') });

  const pin = await visiblePartnerPin(page);
  await pin.click();
  const popup = page.locator('.leaflet-popup-content');
  await popup.waitFor();
  const href = await popup.locator('a').first().getAttribute('href');
  const partner = byUrl.get(href);
  assert.ok(partner, `the popup's link ${href} is a partner of the results`);
  assert.equal(await popup.locator('.cncd-map-popup__title').innerText(), partner.name);
  const figures = {};
  for (const line of await popup.locator('li').allInnerTexts()) {
    const [name, value] = line.split(':');
    figures[name.trim()] = parseFrenchNumber(value);
  }
  assert.deepEqual(figures, {
    'Nombre de collectivités françaises partenaires': partner.french_authorities,
    'Nombre de projets menés': partner.projects,
    'Nombre de thématiques': partner.themes,
  });
  assert.equal(await popup.locator('[data-cncd-search-link]').getAttribute('href'), partner.search_url);
  await page.locator('#carte').screenshot({ path: path.join(screenshotsDir, 'search-map-popup.png') });

  // The partner's Atlas page.
  await popup.locator('a').first().click();
  await page.waitForURL((u) => u.pathname === partner.url);
  assert.equal((await page.locator('h1').innerText()).trim(), partner.name);

  // The search restricted to that partner finds the popup's number of projects.
  await page.goto(`${portal.url}${partner.search_url}`);
  assert.equal(await shownTotal(page), partner.projects);
  assert.deepEqual(problems, [], 'console errors, CSP violations or third-party requests');
  await page.close();
});

test('without JavaScript: the results, every facet with its counts and the table by country', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${portal.url}/atlas/recherche?q=sant%C3%A9&continent=asie`);
  const api = await apiFor(page);
  assert.equal(await shownTotal(page), api.total);
  assert.equal(await page.locator('.cncd-result').count(), Math.min(20, api.total));
  // Every accordion is open: the choices can be ticked.
  for (const facet of ['theme', 'country', 'kind', 'status']) {
    assert.ok(await page.locator(`#facette-${facet} input[type="checkbox"]`).first().isVisible(), facet);
  }
  assert.equal(await page.locator('[data-cncd-search-map]').isVisible(), false);
  assert.ok(await page.locator('[data-cncd-search-countries]').isVisible());
  // Ticking a choice and submitting works without a script.
  await page.locator('#facette-status label', { hasText: 'En cours' }).click();
  await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
  await page.waitForURL((url) => url.searchParams.get('status') === 'active');
  assert.equal(await shownTotal(page), (await apiFor(page)).total);
  await page.screenshot({ path: path.join(screenshotsDir, 'search-nojs.png') });
  await context.close();
});

test('keyboard: the form is used with Tab, Space and Enter', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  await page.goto(`${portal.url}/atlas/recherche`);
  await page.locator('#recherche-q').focus();
  await page.keyboard.type('patrimoine');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Rechercher');
  // On to the first accordion ("Thématiques"), opened with Enter, then its first choice.
  let name = '';
  for (let i = 0; i < 10 && name !== 'Thématiques'; i++) {
    await page.keyboard.press('Tab');
    name = await page.evaluate(() => document.activeElement.textContent.trim());
  }
  assert.equal(name, 'Thématiques');
  await page.keyboard.press('Enter');
  await page.locator('#facette-theme.fr-collapse--expanded').waitFor();
  await page.keyboard.press('Tab');
  const value = await page.evaluate(() => document.activeElement.value);
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement.checked), true);
  // Tab to the submit button.
  for (let i = 0; i < 300; i++) {
    const text = await page.evaluate(() => document.activeElement.textContent.trim());
    if (text === 'Appliquer les filtres') break;
    await page.keyboard.press('Tab');
  }
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Appliquer les filtres');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('theme') === value);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'patrimoine');
  assert.equal(await shownTotal(page), (await apiFor(page)).total);
  // A tag removes its filter.
  await page.locator('.cncd-search-tags .fr-tag', { hasText: 'Mots-clés' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.searchParams.has('q'));
  assert.equal(new URL(page.url()).searchParams.get('theme'), value);
  assert.deepEqual(problems, []);
  await page.close();
});

test('axe-core: no serious violation, with and without filters, popup open; screenshots', async () => {
  const page = await axeable.newPage();
  for (const target of ['/atlas/recherche', '/atlas/recherche?q=eau&continent=afrique&theme=sante&cd=0&from=2010',
                        '/atlas/recherche?from=deux', '/atlas/recherche?q=zzzzqqqq']) {
    await page.goto(`${portal.url}${target}`);
    if (!target.includes('zzzz')) await mapReady(page);
    assert.deepEqual(await seriousViolations(page), [], `axe-core on ${target}`);
  }
  await page.goto(`${portal.url}/atlas/recherche?q=eau&continent=asie`);
  await mapReady(page);
  await page.locator('button[aria-controls="tableau-pays"]').click();
  await page.locator('#tableau-pays.fr-collapse--expanded').waitFor();
  const pin = await visiblePartnerPin(page);
  await pin.click();
  await page.locator('.leaflet-popup-content').waitFor();
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  assert.deepEqual(await seriousViolations(page), [], 'axe-core with a popup and the table open');
  await page.close();

  for (const [name, width] of [['desktop', 1280], ['mobile', 390]]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const shot = await context.newPage();
    await shot.goto(`${portal.url}/atlas/recherche?q=eau&continent=afrique`);
    await mapReady(shot);
    await shot.screenshot({ path: path.join(screenshotsDir, `search-${name}.png`), fullPage: true });
    await context.close();
  }
});
