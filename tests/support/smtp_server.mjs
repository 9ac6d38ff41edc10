// A real SMTP server for the browser tests: tests/support/smtp_server.py (Debian's
// python3-aiosmtpd) in a child process on 127.0.0.1 and a free port. Every message received is
// decoded by Python's email package into NNNN.json (headers, text, html, attachments).
//
//   import { startSmtpServer } from '../support/smtp_server.mjs';
//   const smtp = await startSmtpServer();
//   // start the portal with: --smtp-url smtp.url --smtp-from 'Portail <ne-pas-repondre@cncd.test>'
//   //                        --smtp-interval 1
//   const [mail] = await smtp.waitForMessages(1);
//   assert.equal(mail.headers.Subject, 'Accusé de réception…');
//   assert.equal(mail.attachments[0].content_type, 'application/pdf');
//   await smtp.stop();
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smtp_server.py');
// Debian's interpreter: python3-aiosmtpd is installed for it.
const python = process.env.CNCD_PYTHON || '/usr/bin/python3';

/**
 * Starts the server. Options: rejectRecipients (addresses answered 550), temporaryFailures
 * (the first N messages answered 451), auth ("user:password" required).
 * Returns { url, port, dir, messages(), waitForMessages(count, timeoutMs), raw(index), stop() }.
 */
export async function startSmtpServer({ rejectRecipients = [], temporaryFailures = 0, auth } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cncd-smtp-'));
  const messagesDir = path.join(dir, 'messages');
  const args = [script, '--dir', messagesDir];
  for (const r of rejectRecipients) args.push('--reject-recipient', r);
  if (temporaryFailures > 0) args.push('--temporary-failures', String(temporaryFailures));
  if (auth) args.push('--auth', auth);
  // stdin stays open: the server stops when it closes (this process gone) or on SIGTERM.
  const child = spawn(python, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('SMTP test server did not start')), 15000);
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`SMTP test server exited (${code}): is python3-aiosmtpd installed?`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /^READY (\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const file = (i, ext) => path.join(messagesDir, `${String(i).padStart(4, '0')}.${ext}`);

  function messages() {
    const out = [];
    for (let i = 1; existsSync(file(i, 'json')); i++) out.push(JSON.parse(readFileSync(file(i, 'json'), 'utf8')));
    return out;
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir: messagesDir,
    messages,
    /** Waits until at least `count` messages arrived, then returns them all (throws after timeoutMs). */
    async waitForMessages(count, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = messages();
        if (m.length >= count) return m;
        if (Date.now() > deadline) throw new Error(`expected ${count} mail(s), received ${m.length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    /** The bytes of message `index` (from 0) as received. */
    raw(index) {
      return readFileSync(file(index + 1, 'eml'));
    },
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
