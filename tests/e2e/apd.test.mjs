// The public e-APD statistics page: served under the strict CSP without errors, charts drawn as
// SVG with the tables as their text version, figures equal to the API's (validated
// declarations), downloads that answer, the map of France by département equal to the API
// (circles, keyboard popup) with its table as text version, axe-core clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, parseFrenchNumber, getJson,
         screenshotsDir } from './support.mjs';

let portal;
let browser;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  mkdirSync(screenshotsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('statistics page: charts, tables equal to the API, downloads, no CSP error', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  const response = await page.goto(`${portal.url}/apd/statistiques?year=2009`);
  assert.equal(response.status(), 200);
  assert.equal(await page.locator('h1').innerText(),
               'Aide publique au développement des collectivités territoriales');
  assert.equal(await page.locator('svg.cncd-apd-chart').count(), 2);
  assert.equal(await page.locator('svg.cncd-apd-chart circle').count() >= 5, true);

  // The year × continent table equals the API's cross-tabulation.
  const api = await getJson(`${portal.url}/api/v1/apd/stats?by=year,continent&year=2009`);
  const row = page.locator('#apd-table-years tbody tr', { hasText: '2009' });
  const cells = await row.locator('td').allInnerTexts();
  const total = parseFrenchNumber(cells[cells.length - 1]);
  assert.equal(total, api.total_eur);
  // ≈ 70 M€ with three quarters to Africa (brochure), Asia as published.
  assert.ok(Math.abs(api.total_eur - 69.7e6) < 0.01 * 69.7e6);
  const africa = api.rows.find((r) => r.continent === 'afrique').amount_eur;
  assert.ok(africa / api.total_eur > 0.7 && africa / api.total_eur < 0.8);
  assert.equal(api.rows.find((r) => r.continent === 'asie').amount_eur, 7347923);

  // Downloads answer with their media types.
  for (const [selector, type] of [['CSV', 'text/csv'], ['XLSX', 'spreadsheetml']]) {
    const href = await page.locator('a.fr-link--download', { hasText: selector }).first().getAttribute('href');
    const r = await fetch(portal.url + href);
    assert.equal(r.status, 200, href);
    assert.match(r.headers.get('content-type'), new RegExp(type));
  }
  await page.screenshot({ path: path.join(screenshotsDir, 'apd-statistiques.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('statistics page: map of France by département equal to the API', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy|Refused to/i.test(msg.text())) problems.push(msg.text());
  });
  page.on('request', (r) => { if (!r.url().startsWith(portal.url)) foreign.push(r.url()); });
  await page.goto(`${portal.url}/apd/statistiques?year=2010`);
  const section = page.locator('[data-apd-map]');
  await page.waitForSelector('[data-apd-map][data-ready="true"]', { timeout: 20000 });

  // The map draws one circle per département with an amount (and a centroid); the amounts
  // are the statistics' by département.
  const data = await getJson(`${portal.url}/api/v1/apd/stats/departments?year=2010`);
  const stats = await getJson(`${portal.url}/api/v1/apd/stats?by=department&year=2010`);
  const withAmount = stats.rows.filter((r) => r.department !== '' && r.amount_eur > 0);
  assert.ok(withAmount.length > 80, `${withAmount.length} départements`);
  assert.equal(data.rows.length, withAmount.length);
  for (const r of withAmount) {
    assert.equal(data.rows.find((d) => d.department === r.department)?.amount_eur, r.amount_eur);
  }
  const placed = data.rows.filter((d) => d.lat !== null);
  assert.equal(await page.locator('.cncd-apd-bubble.leaflet-marker-icon').count(), placed.length);
  assert.equal(await section.getAttribute('data-circles'), String(placed.length));
  // Overseas départements are in their small maps.
  assert.equal(await page.locator('.cncd-apd-map__inset-map').count() >= 5, true);
  assert.equal(await page.locator('.cncd-apd-map__inset-map .cncd-apd-bubble').count(),
               placed.filter((d) => /^9[78]/.test(d.department)).length);

  // Area ∝ amount: the largest circle belongs to the largest amount.
  const largest = placed.reduce((a, b) => (b.amount_eur > a.amount_eur ? b : a));
  const sizes = await page.locator('.cncd-apd-bubble.leaflet-marker-icon').evaluateAll(
    (els) => els.map((e) => ({ code: e.dataset.department, w: e.getBoundingClientRect().width })));
  const biggest = sizes.reduce((a, b) => (b.w > a.w ? b : a));
  assert.equal(biggest.code, largest.department);

  // Keyboard: focus a circle, Enter opens its popup whose amount equals the API's, with the
  // link to the Atlas page of the département.
  const ille = data.rows.find((d) => d.department === '35');
  assert.ok(ille, 'Ille-et-Vilaine has an amount');
  const marker = page.locator('.cncd-apd-bubble[data-department="35"]');
  await marker.focus();
  await page.keyboard.press('Enter');
  const popup = page.locator('.leaflet-popup-content');
  await popup.waitFor();
  assert.match(await popup.innerText(), /Ille-et-Vilaine \(35\)/);
  assert.equal(parseFrenchNumber(await popup.locator('.cncd-apd-map__amount').innerText()), ille.amount_eur);
  const link = popup.locator('a', { hasText: 'Atlas' });
  assert.equal(await link.getAttribute('href'), '/atlas/departements/35');
  assert.equal(await link.evaluate((a) => a === document.activeElement), true);
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  await section.screenshot({ path: path.join(screenshotsDir, 'apd-statistiques-carte.png') });
  // Escape closes the popup and gives the focus back to the circle.
  await page.keyboard.press('Escape');
  await popup.waitFor({ state: 'detached' });
  assert.equal(await marker.evaluate((m) => m === document.activeElement), true);

  // The table by département (the map's text version) says the same.
  const tableRow = page.locator('#apd-table-departments tbody tr[data-department="35"]');
  assert.equal(parseFrenchNumber(await tableRow.locator('td').nth(1).innerText()), ille.amount_eur);
  assert.equal(await page.locator('#apd-table-departments tbody tr[data-department]').count(), data.rows.length);
  assert.equal(await page.locator('a[href="#apd-table-departments"]').count(), 1);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('statistics page without JavaScript: the table by département remains', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${portal.url}/apd/statistiques?year=2010`);
  assert.equal(await page.locator('[data-apd-map]').isHidden(), true);
  const data = await getJson(`${portal.url}/api/v1/apd/stats/departments?year=2010`);
  assert.equal(await page.locator('#apd-table-departments tbody tr[data-department]').count(), data.rows.length);
  await context.close();
});

test('statistics page: axe-core finds nothing serious', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${portal.url}/apd/statistiques`);
  await page.waitForSelector('[data-apd-map][data-ready="true"]', { timeout: 20000 });
  assert.deepEqual(await seriousViolations(page), []);
  // With a popup open too.
  await page.locator('.cncd-apd-bubble.leaflet-marker-icon').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('.leaflet-popup-content').waitFor();
  // After Leaflet's fade-in (axe measures the contrast of what is shown).
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  assert.deepEqual(await seriousViolations(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portal.url}/apd/statistiques`);
  await page.waitForSelector('[data-apd-map][data-ready="true"]', { timeout: 20000 });
  assert.deepEqual(await seriousViolations(page), []);
  await page.locator('[data-apd-map]').screenshot({ path: path.join(screenshotsDir, 'apd-statistiques-carte-mobile.png') });
  await context.close();
});
