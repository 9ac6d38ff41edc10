// A visitor walks the Atlas from the world down to a project sheet; every figure shown must
// equal the API's, and no page may have a serious or critical accessibility violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, parseFrenchNumber, getJson,
         screenshotsDir } from './support.mjs';

let portal;
let browser;
let page;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  mkdirSync(screenshotsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

// The figures of a level page, read from the elements marked data-figure="…".
async function figuresOnPage() {
  const figures = {};
  for (const el of await page.locator('[data-figure]').all()) {
    figures[await el.getAttribute('data-figure')] = parseFrenchNumber(await el.innerText());
  }
  return figures;
}

async function checkPage(name) {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], `axe-core on ${name}`);
}

test('walks monde → Asie → a country → a project sheet with the API figures', async () => {
  const stats = await getJson(`${portal.url}/api/v1/stats`);
  await page.goto(`${portal.url}/`);
  const home = await figuresOnPage();
  assert.equal(home.projects, stats.projects);
  assert.equal(home.french_authorities, stats.french_authorities);
  assert.equal(home.partner_authorities, stats.partner_authorities);
  assert.equal(home.countries, stats.countries);
  await checkPage('home');

  await page.getByRole('navigation', { name: /principal/i }).getByRole('link', { name: 'Atlas' }).click();
  await page.waitForURL(/\/atlas$/);
  await checkPage('monde');

  await page.locator('main').getByRole('link', { name: 'Asie', exact: true }).first().click();
  await page.waitForURL(/\/atlas\/asie/);
  const zone = await getJson(`${portal.url}/api/v1/zones/asie`);
  const asia = await figuresOnPage();
  assert.equal(asia.french_authorities, zone.french_authorities);
  assert.equal(asia.partner_authorities, zone.partner_authorities);
  assert.equal(asia.projects, zone.projects);
  for (const [year, amount] of Object.entries(zone.apd_by_year)) {
    const cell = page.locator(`[data-apd-year="${year}"]`);
    assert.equal(parseFrenchNumber(await cell.innerText()), amount, `APD ${year}`);
  }
  await checkPage('asie');

  await page.locator('main').getByRole('link', { name: 'Inde', exact: true }).first().click();
  await page.waitForURL(/\/atlas\/pays\/in/);
  const india = await getJson(`${portal.url}/api/v1/countries/in`);
  const country = await figuresOnPage();
  assert.equal(country.projects, india.projects);
  assert.equal(country.french_authorities, india.french_authorities);
  assert.equal(country.partner_authorities, india.partner_authorities);
  await checkPage('pays-inde');

  const projectLink = page.locator('main a[href*="/atlas/projets/"]').first();
  const href = await projectLink.getAttribute('href');
  await projectLink.click();
  await page.waitForURL(/\/atlas\/projets\//);
  const id = href.match(/projets\/(\d+)/)[1];
  const project = await getJson(`${portal.url}/api/v1/projects/${id}`);
  assert.equal((await page.locator('h1').innerText()).trim(), project.title);
  await checkPage('fiche-projet');
});

test('the kind switch and the theme filter are in the URL and change the figures', async () => {
  await page.goto(`${portal.url}/atlas/asie`);
  const all = await figuresOnPage();
  await page.getByLabel(/autres actions/i).first().uncheck();
  await page.locator('main form').first().getByRole('button').first().click();
  await page.waitForLoadState();
  assert.notEqual(new URL(page.url()).search, '', 'filters are reflected in the URL');
  const cooperationOnly = await figuresOnPage();
  assert.ok(cooperationOnly.projects <= all.projects);
  const api = await getJson(`${portal.url}/api/v1/zones/asie${new URL(page.url()).search}`);
  assert.equal(cooperationOnly.projects, api.projects);
});

test('an unknown project gets a French 404 page', async () => {
  const response = await page.goto(`${portal.url}/atlas/projets/99999999`);
  assert.equal(response.status(), 404);
  assert.match(await page.locator('h1').innerText(), /introuvable/i);
  await checkPage('404');
});

test('the France side, an authority page and the editorial pages have no serious violation', async () => {
  await page.goto(`${portal.url}/atlas/france`);
  await checkPage('france');
  await page.locator('main').getByRole('link', { name: 'Nouvelle-Aquitaine', exact: true }).first().click();
  await page.waitForURL(/\/atlas\/france\/nouvelle-aquitaine/);
  await checkPage('nouvelle-aquitaine');
  await page.goto(`${portal.url}/atlas/departements/64`);
  await page.locator('main').getByRole('link', { name: 'Bayonne', exact: true }).first().click();
  await page.waitForURL(/\/atlas\/collectivites\//);
  assert.match(await page.locator('h1').innerText(), /Bayonne/);
  await checkPage('bayonne');
  for (const [path, name] of [['/sources', 'sources'], ['/accessibilite', 'accessibilite']]) {
    const response = await page.goto(`${portal.url}${path}`);
    assert.equal(response.status(), 200);
    await checkPage(name);
  }
  assert.match(await page.content(), /partiellement conforme/);
});
