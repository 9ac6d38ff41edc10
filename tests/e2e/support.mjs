// Shared set-up of the browser tests: a portal on a free port with the demo data, Debian's
// Chromium driven by playwright-core, and axe-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const preset = process.env.PRESET || 'ci';
const cncd = process.env.CNCD_BIN || path.join(root, `build/${preset}/src/cncd`);
const cachedDb = path.join(root, 'var', 'e2e-demo.db');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The demo database is built once (reference import + seed) and copied for each run.
function demoDatabase(dir) {
  if (!existsSync(cachedDb)) {
    mkdirSync(path.dirname(cachedDb), { recursive: true });
    const building = `${cachedDb}.building`;
    rmSync(building, { force: true });
    execFileSync(cncd, ['--db', building, '--root', root, 'import', 'reference'], { stdio: 'inherit' });
    execFileSync(cncd, ['--db', building, '--root', root, 'seed-demo'], { stdio: 'inherit' });
    // Fold the WAL into the main file so one file is a complete copy.
    execFileSync(cncd, ['--db', building, '--root', root, 'migrate'], { stdio: 'inherit' });
    copyFileSync(building, cachedDb);
    for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  }
  const db = path.join(dir, 'portal.db');
  copyFileSync(cachedDb, db);
  return db;
}

/** Starts the portal; returns { url, stop() }. `extraArgs` are added to `serve`'s options
 *  (e.g. ['--smtp-url', smtp.url, '--smtp-from', '…', '--smtp-interval', '1']). */
export async function startPortal({ extraArgs = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cncd-e2e-'));
  const db = demoDatabase(dir);
  const port = await freePort();
  const child = spawn(cncd, ['--db', db, '--root', root, 'serve', '--address', '127.0.0.1', '--port', String(port),
                             ...extraArgs],
                      { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** Runs axe-core on the page; returns the serious and critical violations. */
export async function seriousViolations(page) {
  await page.addScriptTag({ path: path.join(root, 'node_modules/axe-core/axe.min.js') });
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Reads an integer shown with French digit grouping ("13 000", "7 804 600 €"). */
export function parseFrenchNumber(text) {
  return Number(String(text).replace(/[^\d-]/g, ''));
}

export async function getJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

/** The markers of a compact map answer (fields + rows) as objects with their page URL, as the
 *  API documents them. */
export function decodeMarkers(answer, key) {
  return answer[key].map((row) => {
    assert.equal(row.length, answer.fields.length);
    const m = Object.fromEntries(answer.fields.map((f, i) => [f, row[i]]));
    m.url = `${answer.url_prefix}${m.id}${m.slug ? `-${m.slug}` : ''}${answer.url_query}`;
    if (answer.countries) m.country_name = answer.countries[m.country];
    return m;
  });
}

/** A page that records console errors, CSP violations and requests to origins other than
 *  `origin` (the portal's). */
export async function watchedPage(context, origin) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' || /Content Security Policy|Refused to/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) {
      problems.push(`third-party request: ${request.url()}`);
    }
  });
  return { page, problems };
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with SHA-1, 30 s, 6 digits: what an authenticator application shows now.
export function totp(secret) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

export const screenshotsDir = path.join(root, 'tests/e2e/screenshots');
