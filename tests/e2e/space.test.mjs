// The personal space in the browser (issue 4, item 8): Bayonne's demo member signs in, edits one
// of Bayonne's fiches and sees the change on the public Atlas, runs a search of Bayonne's
// projects, saves it, reopens it from "Mes recherches enregistrées", keeps its PDF in "Mes
// documents", downloads it and checks with pdftotext that it holds the search's figures; then
// uploads a document and sees a forbidden type refused next to the field. Every page of the
// space is checked with axe-core and photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, screenshotsDir, getJson, parseFrenchNumber } from './support.mjs';

const password = 'cooperation-demo-2026';  // README, "Comptes de démonstration"
const email = 'bayonne.agent@demo-cncd.fr';

let portal;
let browser;
let context;
let page;
let work;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  mkdirSync(screenshotsDir, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'cncd-space-e2e-'));
});

after(async () => {
  await browser?.close();
  await portal?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function checkPage(name) {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], `axe-core on ${name}`);
}

const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

// Shared between the steps, in order.
let projectId;
let newTitle;
let authorityId;
let searchPath;

test('an anonymous visitor is offered to sign in to save a search', async () => {
  await page.goto(`${portal.url}/atlas/recherche?continent=afrique`);
  const panel = page.locator('section.cncd-space-save');
  await panel.getByRole('link', { name: 'Connectez-vous' }).waitFor();
  assert.equal(await panel.getByRole('button').count(), 0);
  const href = await panel.getByRole('link', { name: 'Connectez-vous' }).getAttribute('href');
  assert.equal(href, `/connexion?retour=${encodeURIComponent('/atlas/recherche?continent=afrique')}`);
  await page.goto(`${portal.url}/mon-espace/recherches`);
  await page.waitForURL(/\/connexion\?retour=/);
});

test('Bayonne’s member edits a fiche and the public Atlas shows it at once', async () => {
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/mon-espace$/);
  // The dashboard has the space's cards.
  const main = page.getByRole('main');
  assert.ok(await main.getByRole('link', { name: 'Mes recherches enregistrées' }).isVisible());
  assert.ok(await main.getByRole('link', { name: 'Mes documents' }).isVisible());

  await page.goto(`${portal.url}/mon-espace/projets`);
  const first = page.locator('table a[href$="/modifier"]').first();
  const href = await first.getAttribute('href');
  projectId = Number(href.match(/\/mon-espace\/projets\/(\d+)\/modifier/)[1]);
  await first.click();
  await page.waitForURL(/\/modifier/);
  const title = page.getByLabel(/^Titre/);
  const oldTitle = await title.inputValue();
  newTitle = `${oldTitle.slice(0, 200)} (mis à jour ${Date.now() % 100000})`;
  await title.fill(newTitle);
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(/\/modifier\?/);
  assert.equal(await page.getByLabel(/^Titre/).inputValue(), newTitle);

  const project = await getJson(`${portal.url}/api/v1/projects/${projectId}`);
  assert.equal(project.title, newTitle);
  await page.goto(`${portal.url}${project.html_url}`);
  assert.equal(squeeze(await page.getByRole('heading', { level: 1 }).innerText()), newTitle);
  const lead = (project.french_authorities || project.authorities).find((a) => /Bayonne/.test(a.name));
  assert.ok(lead, 'Bayonne is among the project’s authorities');
  authorityId = lead.id;
});

test('a search of Bayonne’s projects is saved, listed with its count and reopened', async () => {
  searchPath = `/atlas/recherche?authority=${authorityId}`;
  await page.goto(`${portal.url}${searchPath}`);
  const api = await getJson(`${portal.url}/api/v1/projects?authority=${authorityId}&per_page=100`);
  const shown = parseFrenchNumber(await page.locator('#resultats-titre').getAttribute('data-total'));
  assert.equal(shown, api.total);
  assert.ok(await page.getByRole('link', { name: newTitle }).count() >= 1, 'the edited title is in the results');
  await checkPage('space-search-page-signed-in');

  await page.getByLabel(/^Nom de la recherche/).fill('Projets de Bayonne');
  await page.locator('label[for="recherche-alerte"]').click();  // DSFR draws the box on the label
  assert.ok(await page.locator('#recherche-alerte').isChecked());
  await page.getByRole('button', { name: 'Enregistrer cette recherche' }).click();
  await page.waitForURL(/\/mon-espace\/recherches\?enregistree=\d+$/).catch(async (e) => {
    throw new Error(`${e.message} at ${page.url()}: ${squeeze(await page.locator('main').innerText()).slice(0, 500)}`);
  });
  assert.ok(await page.getByRole('status').filter({ hasText: 'La recherche est enregistrée.' }).isVisible());
  const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /Projets de Bayonne/ }) });
  assert.equal(squeeze(await row.locator('.cncd-space-total').innerText()),
               `${api.total.toLocaleString('fr-FR').replace(/\u202f/g, ' ')} projet${api.total > 1 ? 's' : ''}`);
  assert.match(await row.innerText(), /Bayonne/);  // the criteria in words
  assert.match(await row.innerText(), /Par courriel/);
  await checkPage('space-searches');

  await row.getByRole('link', { name: /Rouvrir/ }).click();
  await page.waitForURL((url) => url.pathname === '/atlas/recherche' && url.search === `?authority=${authorityId}`);
  assert.equal(Number(await page.locator('#resultats-titre').getAttribute('data-total')), api.total);
});

test('its PDF is kept in Mes documents, downloaded and holds the search’s figures', async () => {
  const api = await getJson(`${portal.url}/api/v1/projects?authority=${authorityId}&per_page=100`);
  assert.ok(api.total <= 100, 'one page holds the whole search');
  const french = new Set();
  const partners = new Set();
  const countries = new Set();
  for (const item of api.items) {
    for (const a of item.authorities) french.add(a.id);
    for (const p of item.partners) { partners.add(p.id); countries.add(p.country); }
  }

  await page.goto(`${portal.url}/mon-espace/recherches`);
  await page.getByRole('link', { name: /Gérer/ }).first().click();
  await page.waitForURL(/\/mon-espace\/recherches\/\d+$/);
  assert.equal(await page.getByLabel(/Lien à partager/).inputValue(), `${portal.url}${searchPath}`);
  await checkPage('space-search');
  await page.getByRole('button', { name: 'Conserver le PDF dans mon espace' }).click();
  await page.waitForURL(/\/mon-espace\/documents\?conserve=\d+$/);
  const row = page.locator('tbody tr').first();
  assert.match(await row.innerText(), /projets-atlas-\d{4}-\d{2}-\d{2}\.pdf/);
  assert.match(await row.innerText(), /PDF/);
  await checkPage('space-documents');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: /Télécharger/ }).click(),
  ]);
  const file = path.join(work, 'extraction.pdf');
  await download.saveAs(file);
  const text = squeeze(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).toString('utf8'));
  const fr = (n) => n.toLocaleString('fr-FR').replace(/[\u202f\u00a0]/g, ' ');
  const plural = (n, one, many) => `${fr(n)} ${n > 1 ? many : one}`;
  assert.ok(text.includes(plural(api.total, 'projet', 'projets')), `figure: projects in ${text.slice(0, 600)}`);
  assert.ok(text.includes(plural(french.size, 'collectivité française', 'collectivités françaises')), 'figure: French authorities');
  assert.ok(text.includes(plural(partners.size, 'autorité partenaire', 'autorités partenaires')), 'figure: partners');
  assert.ok(text.includes(plural(countries.size, 'pays partenaire', 'pays partenaires')), 'figure: countries');
  assert.ok(text.includes(newTitle.slice(0, 30)), 'the edited fiche is in the table');
});

test('documents: an upload is kept, a forbidden type is refused next to the field', async () => {
  await page.goto(`${portal.url}/mon-espace/documents`);
  const csv = path.join(work, 'bilan 2026.csv');
  writeFileSync(csv, 'commune;projets\nBayonne;12\n');
  await page.getByLabel(/^Fichier/).setInputFiles(csv);
  await page.getByRole('button', { name: 'Déposer' }).click();
  await page.waitForURL(/\/mon-espace\/documents\?depose=\d+$/).catch(async (e) => {
    throw new Error(`${e.message}: ${squeeze(await page.locator('main').innerText()).slice(0, 500)}`);
  });
  const row = page.locator('tr', { has: page.getByRole('rowheader', { name: /bilan 2026\.csv/ }) });
  assert.match(await row.innerText(), /Tableau CSV/);

  const html = path.join(work, 'page.html');
  writeFileSync(html, '<html><script>alert(1)</script></html>');
  await page.getByLabel(/^Fichier/).setInputFiles(html);
  await page.getByRole('button', { name: 'Déposer' }).click();
  await page.locator('#document-erreur').waitFor();
  assert.match(await page.locator('#document-erreur').innerText(), /ne correspond pas à son contenu/);
  assert.equal(await page.locator('tbody tr').count(), 2, 'nothing more was stored');
  await checkPage('space-documents-refused');

  // Deleting the uploaded one.
  await page.goto(`${portal.url}/mon-espace/documents`);
  await page.locator('tr', { has: page.getByRole('rowheader', { name: /bilan 2026\.csv/ }) })
    .getByRole('button', { name: /Supprimer/ }).click();
  await page.waitForURL(/\?efface=1$/);
  assert.equal(await page.locator('tbody tr').count(), 1);

  await page.goto(`${portal.url}/mon-espace/recherches/nouvelle?query=${encodeURIComponent('continent=afrique')}`);
  await checkPage('space-search-new');
});
