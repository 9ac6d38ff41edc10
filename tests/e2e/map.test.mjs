// The interactive map of the Atlas level pages: country shapes and clustered markers drawn
// without any third-party request nor CSP violation, a partner popup whose figures equal the
// API's and whose link leads to the partner's page, the partner-pair lines, keyboard access,
// axe-core clean, and the pages complete without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, parseFrenchNumber, getJson,
         decodeMarkers, watchedPage, screenshotsDir } from './support.mjs';

let portal;
let browser;
let strict;   // CSP enforced: the map must work as served
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

async function openMap(page, target) {
  await page.goto(`${portal.url}${target}`);
  await page.locator('[data-cncd-map-ready]').waitFor({ state: 'attached', timeout: 20000 });
  assert.equal(await page.locator('[data-cncd-map]').getAttribute('data-cncd-map-ready'), 'true');
}

// Zooms into clusters until a partner pin is visible, then returns that pin.
async function visiblePartnerPin(page, useKeyboard = false) {
  const pin = page.locator('.leaflet-marker-icon.cncd-pin--partner');
  for (let i = 0; i < 25 && (await pin.count()) === 0; i++) {
    const cluster = page.locator('.leaflet-marker-icon.cncd-cluster').first();
    if (useKeyboard) {
      await cluster.focus();
      await page.keyboard.press('Enter');
    } else {
      await cluster.click();
    }
    await page.waitForTimeout(400);  // zoom animation
  }
  assert.ok((await pin.count()) > 0, 'a partner pin after expanding the clusters');
  return pin.first();
}

// The popup's figures, by the brochure's labels.
async function popupFigures(page) {
  const popup = page.locator('.leaflet-popup-content');
  await popup.waitFor();
  const figures = {};
  for (const line of await popup.locator('li').allInnerTexts()) {
    const [label, value] = line.split(':');
    figures[label.trim()] = parseFrenchNumber(value);
  }
  return { figures, title: await popup.locator('.cncd-map-popup__title').innerText(),
           href: await popup.locator('a').getAttribute('href') };
}

test('Asie: shapes, clusters, a popup with the API figures and its link, pairs, no CSP violation', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  await openMap(page, '/atlas/asie');

  // Natural Earth shapes: ~240 countries; the Asian countries with projects are coloured.
  assert.ok(await page.locator('.leaflet-overlay-pane path').count() > 200, 'country shapes');
  const markers = page.locator('.leaflet-marker-pane .leaflet-marker-icon');
  assert.ok(await markers.count() > 0, 'markers');
  assert.ok(await page.locator('.cncd-cluster').count() > 0, 'clusters');
  const legend = await page.locator('[data-cncd-map-legend]').innerText();
  assert.match(legend, /Nombre de projets par pays/);
  assert.match(legend, /Localisée au pays/);
  await page.locator('[data-cncd-map]').screenshot({ path: path.join(screenshotsDir, 'map-asie.png') });

  // Every partner of the API in Asia, by page URL.
  const api = decodeMarkers(await getJson(`${portal.url}/api/v1/map/partners?continent=asie`), 'partners');
  const byUrl = new Map(api.map((p) => [p.url, p]));
  const total = api.length;
  const countries = await getJson(`${portal.url}/api/v1/map/countries?continent=asie`);
  const zone = await getJson(`${portal.url}/api/v1/zones/asie`);
  assert.ok(countries.countries.reduce((s, c) => s + c.projects, 0) >= zone.projects);
  assert.ok(total > 0);

  const pin = await visiblePartnerPin(page);
  await pin.click();
  const popup = await popupFigures(page);
  const partner = byUrl.get(popup.href);
  assert.ok(partner, `the popup's link ${popup.href} is a partner of the API`);
  assert.equal(popup.title, partner.name);
  assert.deepEqual(popup.figures, {
    'Nombre de collectivités françaises partenaires': partner.french_authorities,
    'Nombre de projets menés': partner.projects,
    'Nombre de thématiques': partner.themes,
  });
  await page.locator('[data-cncd-map]').screenshot({ path: path.join(screenshotsDir, 'map-asie-popup.png') });

  // The link leads to the partner's page, whose figures are the same.
  await page.locator('.leaflet-popup-content a').click();
  await page.waitForURL((url) => url.pathname === partner.url.split('?')[0]);
  assert.equal((await page.locator('h1').innerText()).trim(), partner.name);
  const shown = parseFrenchNumber(await page.locator('[data-figure="projects"]').innerText());
  assert.equal(shown, partner.projects);

  // Back on Asia: the pair lines of the continent.
  await openMap(page, '/atlas/asie');
  const pairs = await getJson(`${portal.url}/api/v1/map/pairs?continent=asie`);
  assert.equal(pairs.aggregated, false);
  assert.ok(pairs.total > 0);
  const before = await page.locator('.leaflet-overlay-pane path').count();
  await page.locator('label[for="carte-liens"]').click();
  await page.locator('[data-cncd-map-status]').filter({ hasText: /liens/ }).waitFor();
  const drawn = pairs.pairs.filter((p) => p.from.lat !== null && p.to.lat !== null).length;
  assert.equal(await page.locator('.leaflet-overlay-pane path').count(), before + drawn);
  await page.locator('[data-cncd-map]').screenshot({ path: path.join(screenshotsDir, 'map-asie-pairs.png') });
  await page.locator('label[for="carte-liens"]').click();
  await page.locator('[data-cncd-map-status]').filter({ hasText: /masqués/ }).waitFor();
  assert.equal(await page.locator('.leaflet-overlay-pane path').count(), before);

  assert.deepEqual(problems, [], 'console errors, CSP violations or third-party requests');
  await page.close();
});

test('world map: the partner markers arrive compact and gzipped, every one drawn', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  const answers = [];
  page.on('response', (r) => { if (r.url().includes('/api/v1/map/partners')) answers.push(r); });
  const start = Date.now();
  await openMap(page, '/atlas');
  const loadMs = Date.now() - start;
  assert.equal(answers.length, 1);
  const headers = await answers[0].allHeaders();
  assert.equal(headers['content-encoding'], 'gzip');
  assert.match(headers.vary, /Accept-Encoding/);
  const api = await getJson(`${portal.url}/api/v1/map/partners`);
  assert.deepEqual(api.fields.slice(0, 3), ['id', 'name', 'country']);
  const located = decodeMarkers(api, 'partners').filter((p) => p.lat !== null).length;
  assert.ok(located > 1000, `${located} located partners`);
  // Every located partner is on the map, in a cluster or as a pin (clusters are added in
  // chunks: wait for the last).
  await page.waitForFunction((expected) => {
    const counts = [...document.querySelectorAll('.leaflet-marker-icon.cncd-cluster--partner')]
      .map((el) => Number((el.textContent || '').replace(/\D/g, '')) || 0);
    const shown = counts.reduce((s, n) => s + n, 0)
      + document.querySelectorAll('.leaflet-marker-icon.cncd-pin--partner').length;
    return shown === expected;
  }, located, { timeout: 15000 });
  console.log(`world map ready in ${loadMs} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the filters of the page apply to the map', async () => {
  const all = await getJson(`${portal.url}/api/v1/map/countries?continent=asie`);
  const other = await getJson(`${portal.url}/api/v1/map/countries?continent=asie&cd=0`);
  const sum = (d) => d.countries.reduce((s, c) => s + c.projects, 0);
  assert.ok(sum(other) < sum(all), 'hiding the coopération décentralisée lowers the counts');

  const { page, problems } = await watchedPage(strict, portal.url);
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/map/')) requests.push(r.url()); });
  await openMap(page, '/atlas/asie?cd=0');
  assert.ok(requests.length > 0 && requests.every((u) => u.includes('cd=0')), requests.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the brochure’s New Delhi popup: 1 French authority, 1 project, 1 theme', async () => {
  const api = decodeMarkers(await getJson(`${portal.url}/api/v1/map/partners?country=IN`), 'partners');
  const delhi = api.find((p) => p.name === 'New Delhi');
  assert.ok(delhi, 'New Delhi is a partner in the demo');
  assert.equal(delhi.french_authorities, 1);
  assert.equal(delhi.projects, 1);
  assert.equal(delhi.themes, 1);
  assert.match(delhi.url, /^\/atlas\/partenaires\/\d+-new-delhi$/);
});

test('keyboard: the map is focusable, Enter expands a cluster and opens a popup', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  await openMap(page, '/atlas/pays/in');
  const canvas = page.locator('[data-cncd-map-canvas]');
  assert.equal(await canvas.getAttribute('tabindex'), '0');
  assert.match(await canvas.getAttribute('aria-label'), /Carte interactive/);
  const pin = await visiblePartnerPin(page, true);
  await pin.focus();
  await page.keyboard.press('Enter');
  await page.locator('.leaflet-popup-content').waitFor();
  // The popup's link takes the focus.
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.leaflet-popup') !== null), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('axe-core: no serious violation on map pages, popup open', async () => {
  const page = await axeable.newPage();
  for (const target of ['/atlas', '/atlas/asie', '/atlas/france', '/atlas/pays/sn']) {
    await openMap(page, target);
    assert.deepEqual(await seriousViolations(page), [], `axe-core on ${target}`);
  }
  await openMap(page, '/atlas/asie');
  const pin = await visiblePartnerPin(page);
  await pin.click();
  await page.locator('.leaflet-popup-content').waitFor();
  // Leaflet fades the popup in: measure contrast once it is opaque.
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  assert.deepEqual(await seriousViolations(page), [], 'axe-core with a popup open');
  await page.close();
});

test('France pages: département bubbles and authority markers', async () => {
  const { page, problems } = await watchedPage(strict, portal.url);
  await openMap(page, '/atlas/france');
  const departments = await getJson(`${portal.url}/api/v1/map/departments`);
  const located = departments.departments.filter((d) => d.lat !== null).length;
  assert.equal(await page.locator('.leaflet-marker-pane .cncd-bubble').count(), located);
  await page.locator('[data-cncd-map]').screenshot({ path: path.join(screenshotsDir, 'map-france.png') });
  await openMap(page, '/atlas/departements/64');
  assert.ok(await page.locator('.leaflet-marker-pane .cncd-pin--authority, .leaflet-marker-pane .cncd-cluster--authority').count() > 0);
  await page.locator('[data-cncd-map]').screenshot({ path: path.join(screenshotsDir, 'map-departement.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('without JavaScript the map does not show and the page is complete', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.url}/atlas/asie`);
  assert.equal(await page.locator('[data-cncd-map]').isVisible(), false);
  assert.ok(await page.locator('#sous-niveaux').isVisible());
  assert.ok(await page.locator('[data-figure="projects"]').isVisible());
  await context.close();
});
