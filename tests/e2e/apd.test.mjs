// The public e-APD statistics page: served under the strict CSP without errors, charts drawn as
// SVG with the tables as their text version, figures equal to the API's (validated
// declarations), downloads that answer, axe-core clean.
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

test('statistics page: axe-core finds nothing serious', async () => {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${portal.url}/apd/statistiques`);
  assert.deepEqual(await seriousViolations(page), []);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${portal.url}/apd/statistiques`);
  assert.deepEqual(await seriousViolations(page), []);
  await context.close();
});
