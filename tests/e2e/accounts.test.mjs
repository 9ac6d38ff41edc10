// Accounts in the browser: Bayonne's administrator signs in, reaches Mon espace and signs out;
// the ministry administrator passes the TOTP step and opens the administration pages; the
// sign-up search works as you type. Every page is checked with axe-core and photographed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, screenshotsDir, totp } from './support.mjs';

// Demo accounts (README, "Comptes de démonstration").
const password = 'cooperation-demo-2026';
const totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let portal;
let browser;
let context;
let page;

before(async () => {
  portal = await startPortal();
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
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

test('anonymous pages: sign-in, sign-up with search as you type, forgotten password', async () => {
  await page.goto(`${portal.url}/connexion`);
  assert.ok(await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).isVisible());
  await checkPage('account-login');

  await page.goto(`${portal.url}/inscription`);
  await page.locator('label[for="type-authority"]').click();
  await page.getByLabel('Nom de l’organisation ou SIREN de la collectivité').fill('cesson');
  await page.getByRole('radio', { name: /Cesson-Sévigné/ }).waitFor();
  await checkPage('account-signup');

  // Without JavaScript the same search is a GET form.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto(`${portal.url}/inscription?type=authority&q=bayonne`);
  assert.ok(await plain.getByRole('radio', { name: /Bayonne/ }).count() >= 1);
  await noScript.close();

  await page.goto(`${portal.url}/mot-de-passe-oublie`);
  await checkPage('account-forgot');
});

test('wrong credentials get a French message that does not tell whether the e-mail exists', async () => {
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill('personne@demo-cncd.fr');
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('alert').filter({ hasText: 'mot de passe incorrect' }).waitFor();
  await checkPage('account-login-error');
});

test('Bayonne’s administrator signs in, reaches Mon espace and signs out', async () => {
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill('bayonne@demo-cncd.fr');
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/mon-espace$/);
  const header = page.getByRole('banner');
  assert.ok(await header.getByRole('link', { name: /Amaia Etxeberria · Mon espace/ }).isVisible());
  assert.equal(await header.getByRole('link', { name: 'Se connecter' }).count(), 0);
  const main = page.getByRole('main');
  assert.ok(await main.getByText('Bayonne', { exact: true }).isVisible());
  assert.ok(await main.getByText('Administrateur de l’organisation').isVisible());
  await checkPage('account-space');

  // The pending demo sign-up is waiting for Bayonne's approval.
  await main.getByRole('link', { name: 'Voir les demandes' }).click();
  await page.waitForURL(/\/mon-espace\/validations$/);
  assert.ok(await page.getByRole('cell', { name: /Maite Irigoyen/ }).isVisible());
  await checkPage('account-approvals');

  await page.goto(`${portal.url}/mon-espace/organisation`);
  await checkPage('account-organisation');
  await page.goto(`${portal.url}/mon-espace/securite`);
  await checkPage('account-security');

  // The public Atlas keeps the signed-in header.
  await page.goto(`${portal.url}/atlas`);
  assert.ok(await page.getByRole('banner').getByRole('link', { name: /Mon espace/ }).isVisible());

  await page.getByRole('banner').getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/\/connexion\?deconnecte=1$/);
  assert.ok(await page.getByText('Vous êtes déconnecté(e).').isVisible());
  assert.ok(await page.getByRole('banner').getByRole('link', { name: 'Se connecter' }).isVisible());
  await page.goto(`${portal.url}/mon-espace`);
  await page.waitForURL(/\/connexion\?retour=/);
});

test('the ministry administrator passes the TOTP step and manages organisations and users', async () => {
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill('admin.daect@demo-cncd.fr');
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/connexion\/code/);
  await checkPage('account-totp');
  await page.getByLabel(/Code à 6 chiffres/).fill(totp(totpSecret));
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await page.waitForURL(/\/mon-espace$/);

  await page.goto(`${portal.url}/administration/organisations`);
  assert.ok(await page.getByRole('cell', { name: 'Ambassade de France au Niger' }).isVisible());
  await checkPage('admin-organisations');
  await page.goto(`${portal.url}/administration/utilisateurs`);
  assert.ok(await page.getByRole('cell', { name: /instructeur\.daect@demo-cncd\.fr/ }).isVisible());
  await checkPage('admin-users');
  // Every change is in the journal: the demo accounts' creation, this sign-in.
  await page.goto(`${portal.url}/administration/journal?type=user`);
  assert.ok(await page.getByRole('cell', { name: 'user.create' }).first().isVisible());
  await checkPage('admin-audit');
});
