// e-APD end to end: the ministry opens a campaign, Cesson-Sévigné's user declares a line for
// Niger and submits, the receipt arrives at a real SMTP server with its PDF, the ministry's
// instructor validates, and the Atlas page of Niger shows the amount.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPortal, launchBrowser, seriousViolations, screenshotsDir, parseFrenchNumber } from './support.mjs';
import { startSmtpServer } from '../support/smtp_server.mjs';

const password = 'cooperation-demo-2026';
const year = 2025; // no demo declaration for that year
const amount = 48250;
let smtp;
let portal;
let browser;

before(async () => {
  mkdirSync(screenshotsDir, { recursive: true });
  smtp = await startSmtpServer();
  portal = await startPortal({
    extraArgs: ['--smtp-url', smtp.url, '--smtp-from', 'Portail <ne-pas-repondre@cncd.test>',
                '--smtp-interval', '1'],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
  await smtp?.stop();
});

function isoDay(offsetDays) {
  return new Date(Date.now() + offsetDays * 86400000).toISOString().slice(0, 10);
}

async function signIn(email, { javaScript = true } = {}) {
  // bypassCSP only lets axe-core be injected; the pages themselves have no script.
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: javaScript,
                                             viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${portal.url}/connexion`);
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(/\/mon-espace$/);
  return { context, page };
}

async function checkPage(page, name) {
  assert.deepEqual(await seriousViolations(page), [], name);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
}

test('Cesson-Sévigné declares Niger, gets the receipt by mail, the ministry validates, the Atlas shows it', async () => {
  // The ministry opens the campaign with a window around today.
  const ministry = await signIn('instructeur.daect@demo-cncd.fr');
  await ministry.page.getByRole('link', { name: 'Déclarations APD' }).first().click();
  await ministry.page.waitForURL(/\/administration\/apd/);
  await ministry.page.getByLabel(/Année déclarée/).fill(String(year));
  await ministry.page.getByLabel(/Ouverture/).fill(isoDay(-1));
  await ministry.page.getByLabel(/Clôture/).fill(isoDay(30));
  await ministry.page.getByRole('button', { name: 'Enregistrer la campagne' }).click();
  await ministry.page.waitForURL(new RegExp(`annee=${year}&ok=campagne`));
  assert.ok(await ministry.page.getByText(`Campagne ${year} : du`).isVisible());
  await checkPage(ministry.page, 'apd-admin');

  // Cesson-Sévigné's user starts the declaration from Mon espace.
  const cesson = await signIn('cesson-sevigne@demo-cncd.fr');
  const page = cesson.page;
  await page.getByRole('link', { name: 'Déclaration APD' }).first().click();
  await page.waitForURL(/\/mon-espace\/apd$/);
  await checkPage(page, 'apd-space');
  await page.locator('label[for=preremplir]').click(); // DSFR draws the box on the label
  assert.equal(await page.getByLabel(/Préremplir/).isChecked(), false);
  await page.getByRole('button', { name: `Commencer la déclaration ${year}` }).click();
  await page.waitForURL(/\/mon-espace\/apd\/declarations\/\d+\?ok=creee/);

  // Adding and removing lines are plain form posts: they work without JavaScript.
  const plain = await signIn('cesson-sevigne@demo-cncd.fr', { javaScript: false });
  await plain.page.goto(page.url());
  await plain.page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await plain.page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  assert.equal(await plain.page.locator('fieldset.cncd-apd-line').count(), 2);
  await plain.page.locator('#l1-montant').fill('777');
  await plain.page.getByRole('button', { name: 'Supprimer la ligne 1' }).click();
  assert.equal(await plain.page.locator('fieldset.cncd-apd-line').count(), 1);
  assert.equal(await plain.page.locator('#l0-montant').inputValue(), '777');
  await plain.context.close();
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  await page.locator('#l0-beneficiaire').selectOption('pays:NE');
  await page.locator('#l0-type').selectOption('cooperation');
  await page.locator('#l0-secteur').selectOption('14030');
  // A wrong amount is refused next to the field and nothing is saved.
  await page.locator('#l0-montant').fill('-12');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  assert.match(await page.locator('#l0-montant-message').innerText(), /nombre entier d’euros/);
  assert.equal(await page.locator('#l0-montant').getAttribute('aria-describedby'), 'l0-montant-message');
  await checkPage(page, 'apd-declaration-error');
  await page.locator('#l0-montant').fill(String(amount));
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL(/\?ok=enregistree/);
  await checkPage(page, 'apd-declaration-form');
  await page.getByRole('button', { name: 'Enregistrer et soumettre au ministère' }).click();
  await page.waitForURL(/\?ok=soumise/);
  assert.ok(await page.getByText('Soumise', { exact: true }).first().isVisible());
  assert.ok(await page.getByRole('cell', { name: 'Niger' }).isVisible());
  await checkPage(page, 'apd-declaration-submitted');
  const declarationUrl = page.url().replace(/\?.*$/, '');

  // The receipt downloads from the page…
  const receipt = await cesson.context.request.get(`${declarationUrl}/accuse.pdf`);
  assert.equal(receipt.status(), 200);
  assert.equal(receipt.headers()['content-type'], 'application/pdf');

  // …and arrives by mail through the SMTP server, with the PDF attached.
  const [mail] = await smtp.waitForMessages(1, 20000);
  assert.deepEqual(mail.rcpt_tos, ['cesson-sevigne@demo-cncd.fr']);
  assert.match(mail.headers.Subject, new RegExp(`Accusé de réception de votre déclaration d’APD ${year}`));
  assert.match(mail.text, /Cesson-Sévigné/);
  assert.equal(mail.attachments.length, 1);
  assert.equal(mail.attachments[0].content_type, 'application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'apd-receipt-'));
  const pdfPath = path.join(dir, 'receipt.pdf');
  writeFileSync(pdfPath, Buffer.from(mail.attachments[0].base64, 'base64'));
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(text, /Accusé de réception/);
  assert.match(text, /Niger/);
  assert.equal(parseFrenchNumber(/Montant total\s+([\d\s\u202f\u00a0]+)€/.exec(text)[1]), amount);

  // The ministry's instructor reviews and validates.
  await ministry.page.goto(`${portal.url}/administration/apd?annee=${year}&etat=soumise`);
  await ministry.page.getByRole('link', { name: 'Cesson-Sévigné' }).click();
  await ministry.page.waitForURL(/\/administration\/apd\/declarations\/\d+$/);
  await checkPage(ministry.page, 'apd-review');
  await ministry.page.getByRole('button', { name: 'Valider la déclaration' }).click();
  await ministry.page.waitForURL(/\?ok=validee/);
  assert.ok(await ministry.page.getByText('Validée', { exact: true }).first().isVisible());

  // The not-declared list and its CSV.
  await ministry.page.goto(`${portal.url}/administration/apd/non-declarees?annee=${year}`);
  const all = parseFrenchNumber(await ministry.page.locator('main p strong').first().innerText());
  await ministry.page.getByLabel('Type').selectOption('commune');
  await ministry.page.getByLabel('Département').selectOption('35');
  await ministry.page.getByRole('button', { name: 'Filtrer' }).click();
  await ministry.page.waitForURL(/type=commune&region=&departement=35/);
  const filtered = parseFrenchNumber(await ministry.page.locator('main p strong').first().innerText());
  assert.ok(filtered > 0 && filtered < all, `${filtered} of ${all}`);
  for (const cell of await ministry.page.locator('tbody tr td:nth-child(4)').allInnerTexts())
    assert.match(cell, /^35 Ille-et-Vilaine/);
  await checkPage(ministry.page, 'apd-missing');
  const csv = await ministry.context.request.get(`${portal.url}/administration/apd/non-declarees.csv?annee=${year}`);
  assert.equal(csv.status(), 200);
  assert.doesNotMatch(await csv.text(), /Cesson-Sévigné/);

  // The Atlas page of Niger shows the validated amount for that year.
  const atlas = await browser.newPage();
  await atlas.goto(`${portal.url}/atlas/pays/ne`);
  const cell = atlas.locator(`td[data-apd-year="${year}"]`);
  assert.equal(parseFrenchNumber(await cell.innerText()), amount);
  await atlas.close();

  await ministry.context.close();
  await cesson.context.close();
});
