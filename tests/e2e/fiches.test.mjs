// Fiches in the browser (issue 4, items 5 and 3): Bayonne's member edits a fiche, reads its
// history and the diff; a password reset mail waits in the outbox; the ministry administrator
// (with TOTP) finds the change among the recent changes, reverts it, and the public API shows
// the previous title again; the data-quality and outbox pages. Every page passes axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, screenshotsDir, getJson, totp } from './support.mjs';

// Demo accounts (README, "Comptes de démonstration").
const password = 'cooperation-demo-2026';
const member = 'bayonne.agent@demo-cncd.fr';
const admin = 'admin.daect@demo-cncd.fr';
const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let portal;
let browser;
let page;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(10000);
  mkdirSync(screenshotsDir, { recursive: true });
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

async function checkPage(name) {
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
  assert.deepEqual(await seriousViolations(page), [], `axe-core on ${name}`);
}

async function signIn(email) {
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function signOut() {
  await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion\?deconnecte=1$/);
}

// Shared between the steps, in order.
let projectId;
let oldTitle;
let newTitle;

test('Bayonne’s member edits a fiche, then reads its history and the diff', async () => {
  await signIn(member);
  await page.waitForURL(/\/mon-espace$/);
  await page.getByRole('main').getByRole('link', { name: 'Projets de ma collectivité' }).click();
  await page.waitForURL(/\/mon-espace\/projets$/);
  await checkPage('fiches-list');

  const edit = page.locator('table a[href$="/modifier"]').first();
  projectId = Number((await edit.getAttribute('href')).match(/projets\/(\d+)\/modifier/)[1]);
  await edit.click();
  await page.waitForURL(/\/modifier$/);
  await checkPage('fiches-form');
  oldTitle = await page.getByLabel(/^Titre/).inputValue();
  newTitle = `Coopération revue ${Date.now() % 100000} : ${oldTitle}`.slice(0, 280);
  await page.getByLabel(/^Titre/).fill(newTitle);
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(/\/modifier\?/);
  assert.equal((await getJson(`${portal.url}/api/v1/projects/${projectId}`)).title, newTitle);

  await page.goto(`${portal.url}/mon-espace/projets/${projectId}/historique`);
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 2, 'the imported fiche (version 1) and the edit (version 2)');
  // A member does not revert: only ministry administrators do.
  assert.equal(await page.getByRole('button', { name: /Annuler cette modification/ }).count(), 0);
  await checkPage('fiches-history');
  await page.getByRole('link', { name: /Comparer avec la version précédente/ }).click();
  await page.waitForURL(/\/diff\?/);
  const diff = await page.getByRole('main').innerText();
  for (const word of newTitle.split(' ').slice(0, 3)) assert.ok(diff.includes(word), `diff shows ${word}`);
  await checkPage('fiches-diff');

  // Another authority's fiche is refused.
  const other = await getJson(`${portal.url}/api/v1/projects?country=in&per_page=50`);
  const foreign = other.items.find((p) => !p.french_authorities.some((a) => /Bayonne/.test(a.name)));
  const refused = await page.goto(`${portal.url}/mon-espace/projets/${foreign.id}/modifier`);
  assert.equal(refused.status(), 403);
  await signOut();
});

test('a forgotten password leaves its mail in the outbox', async () => {
  await page.goto(`${portal.url}/mot-de-passe-oublie`);
  await page.getByLabel(/Adresse électronique/).fill(member);
  await page.getByRole('button', { name: 'Recevoir un lien' }).click();
  await page.waitForLoadState();
});

test('the ministry administrator reviews the change and reverts it; quality and outbox pages', async () => {
  await signIn(admin);
  await page.waitForURL(/\/connexion\/code/);
  await page.getByLabel(/Code à 6 chiffres/).fill(totp(totpSecret));
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await page.waitForURL(/\/mon-espace$/);

  await page.getByRole('main').getByRole('link', { name: 'Modifications récentes' }).click();
  await page.waitForURL(/\/administration\/modifications/);
  const row = page.locator('tbody tr').filter({ hasText: newTitle });
  assert.equal(await row.count(), 1, 'the edit is among the recent changes');
  await checkPage('fiches-changes');
  await row.getByRole('button', { name: /Annuler/ }).click();
  await page.waitForLoadState();
  assert.equal((await getJson(`${portal.url}/api/v1/projects/${projectId}`)).title, oldTitle);
  // The revert is a new version: the history keeps the three.
  await page.goto(`${portal.url}/mon-espace/projets/${projectId}/historique`);
  assert.equal(await page.locator('tbody tr').count(), 3);

  await page.goto(`${portal.url}/administration/qualite`);
  assert.ok(await page.locator('tbody tr').count() > 10, 'a quality score per authority');
  await checkPage('fiches-quality');

  await page.goto(`${portal.url}/administration/courriels`);
  const mail = page.locator('tbody tr').filter({ hasText: member });
  assert.ok(await mail.count() >= 1, 'the reset mail is in the outbox');
  await checkPage('mail-outbox');
  await mail.first().getByRole('link').click();
  assert.match(await page.getByRole('main').innerText(), /reinitialisation\?jeton=/);
  await checkPage('mail-message');
});
