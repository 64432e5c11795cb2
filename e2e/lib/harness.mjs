// Test harness for the end-to-end specs: starts portal-server on a free port with a
// throwaway SQLite database, drives Debian's chromium through playwright-core (never a
// downloaded browser), and checks pages with axe-core.
//
//   const portal = await startPortal();      // { url, origin, stop(), logs() }
//   const browser = await launchBrowser();
//   await withPage(browser, async (page) => { ... }, { portal });
//
// Environment (set by `cargo xtask test`; defaults are relative to this e2e/ directory):
//   PORTAL_SERVER_BIN  ../target/debug/portal-server
//   PORTAL_CLINIC      ../examples/demo-clinic.toml
//   PORTAL_ASSETS      ../target/site
//   CHROMIUM_PATH      /usr/bin/chromium

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fromEnv = (name, fallback) => process.env[name] || resolve(E2E_DIR, fallback);

export const SERVER_BIN = fromEnv('PORTAL_SERVER_BIN', '../target/debug/portal-server');
export const CLINIC_CONFIG = fromEnv('PORTAL_CLINIC', '../examples/demo-clinic.toml');
export const ASSETS_DIR = fromEnv('PORTAL_ASSETS', '../target/site');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_LIMIT = 64 * 1024;

// ---------------------------------------------------------------------------
// portal-server

/** Children still running (and their temp dirs), cleaned up if this process exits first. */
const live = new Map();

function killAll() {
  for (const [child, dir] of live) {
    try {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
  live.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 })[signal]);
  });
}

/** Keeps the last LOG_LIMIT characters of a stream. */
function tail() {
  let text = '';
  return {
    push(chunk) {
      text += chunk;
      if (text.length > LOG_LIMIT) text = text.slice(-LOG_LIMIT);
    },
    get text() {
      return text;
    },
  };
}

function indent(text) {
  return text.trim() ? text.trimEnd().replace(/^/gm, '  | ') : '  | (empty)';
}

/** A TCP port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Start portal-server on 127.0.0.1 port 0 (or, with `embedOrigins: true`, a free port that a
 * temporary copy of the clinic file lists in `embed_origins`) with a fresh SQLite database in a temp dir.
 * Resolves once it prints `portal-server listening on http://...`.
 *
 * @param {{ bin?: string, clinic?: string, assets?: string, env?: object, args?: string[] }} [options]
 * @returns {Promise<{ url: string, origin: string, dataDir: string,
 *                     logs(): { stdout: string, stderr: string }, stop(): Promise<void> }>}
 */
export async function startPortal(options = {}) {
  const bin = options.bin || SERVER_BIN;
  const clinic = options.clinic || CLINIC_CONFIG;
  const assets = options.assets || ASSETS_DIR;
  for (const [what, path, hint] of [
    ['portal-server binary', bin, 'build it with `cargo build -p portal-server`, or run `cargo xtask test`'],
    ['clinic config', clinic, 'set PORTAL_CLINIC'],
    ['assets directory', assets, 'build the widget with `cargo xtask test` (or set PORTAL_ASSETS)'],
  ]) {
    if (!existsSync(path)) throw new Error(`The ${what} is missing: ${path}\n${hint}.`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'portal-e2e-'));
  // Isolated mode needs the page's origin on the clinic's allow-list: a free port chosen here,
  // and a copy of the clinic file whose embed_origins name both spellings of it.
  let listen = '127.0.0.1:0';
  let clinicFile = clinic;
  if (options.embedOrigins) {
    const port = await freePort();
    listen = `127.0.0.1:${port}`;
    const origins = `embed_origins = ["http://localhost:${port}", "http://127.0.0.1:${port}"]`;
    const text = (await readFile(clinic, 'utf8')).replace(/^embed_origins\s*=.*$/m, origins);
    clinicFile = join(dataDir, 'clinic.toml');
    await writeFile(clinicFile, text);
  }
  const args = [
    '--listen', listen,
    '--database', `sqlite://${join(dataDir, 'portal.db')}`,
    '--clinic', clinicFile,
    '--assets', assets,
    ...(options.args || []),
  ];
  const child = spawn(bin, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.set(child, dataDir);

  const stdout = tail();
  const stderr = tail();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => stderr.push(chunk));

  let exited = null; // { code, signal } once the process is gone
  const exit = new Promise((done) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      done(exited);
    });
  });

  const describe = () =>
    `${bin} ${args.join(' ')}\nstdout:\n${indent(stdout.text)}\nstderr:\n${indent(stderr.text)}`;

  const url = await new Promise((ready, fail) => {
    let line = '';
    let found = false;
    const timer = setTimeout(() => {
      fail(new Error(`portal-server did not say "listening on" within ${READY_TIMEOUT_MS / 1000} s.\n${describe()}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      stdout.push(chunk);
      if (found) return;
      line += chunk;
      const match = line.match(/portal-server listening on (https?:\/\/\S+)/);
      if (match) {
        found = true;
        clearTimeout(timer);
        ready(match[1].replace(/\/+$/, ''));
      } else {
        line = line.slice(line.lastIndexOf('\n') + 1);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      fail(new Error(`Could not start portal-server: ${err.message}\n${describe()}`));
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!found) fail(new Error(`portal-server exited (code ${code}, signal ${signal}) before it was ready.\n${describe()}`));
    });
  }).catch(async (err) => {
    if (!exited) child.kill('SIGKILL');
    await exit;
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });

  let stopping;
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    logs: () => ({ stdout: stdout.text, stderr: stderr.text }),
    describe,
    /** SIGTERM, then SIGKILL after 5 s; removes the temp dir. Safe to call twice. */
    stop() {
      stopping ||= (async () => {
        if (!exited) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exit;
          clearTimeout(timer);
        }
        await rm(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

// ---------------------------------------------------------------------------
// Browser and pages

/** Debian's chromium through playwright-core, headless, with the flags this machine needs. */
export async function launchBrowser(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options });
}

const diagnostics = new WeakMap();

/**
 * A fresh context and page that records console errors and uncaught page errors.
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions] e.g. { locale: 'es-US' }
 */
export async function openPage(browser, contextOptions = {}, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...contextOptions });
  // The specs written before isolated mode drive the widget in the page itself: the demo's
  // [data-patient-portal] widgets mount in direct mode on the page's own origin, unless the
  // spec asks for the page as it is (`openPage(browser, { ... }, { asIs: true })`).
  if (!options.asIs) {
    await context.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState !== 'interactive') return;
        for (const el of document.querySelectorAll('[data-patient-portal]')) {
          el.dataset.mode = 'direct';
          el.dataset.apiBase = location.origin;
        }
      });
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const record = { consoleErrors: [], pageErrors: [] };
  diagnostics.set(page, record);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const { url, lineNumber } = msg.location();
      record.consoleErrors.push(`${msg.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => {
    record.pageErrors.push(err.stack || String(err));
  });
  return page;
}

/** What the page logged so far: { consoleErrors: string[], pageErrors: string[] }. */
export function pageDiagnostics(page) {
  return diagnostics.get(page) || { consoleErrors: [], pageErrors: [] };
}

function formatDiagnostics(page, portal) {
  const { consoleErrors, pageErrors } = pageDiagnostics(page);
  let text = '';
  if (pageErrors.length) text += `\nUncaught page errors:\n${pageErrors.map((e) => indent(e)).join('\n')}`;
  if (consoleErrors.length) text += `\nConsole errors:\n${indent(consoleErrors.join('\n'))}`;
  if (portal) text += `\nportal-server stderr (last lines):\n${indent(portal.logs().stderr.split('\n').slice(-40).join('\n'))}`;
  return text;
}

/** Fails if any uncaught exception (`pageerror`) happened on the page. */
export function expectNoPageErrors(page, label = 'page') {
  const { pageErrors } = pageDiagnostics(page);
  if (pageErrors.length) {
    throw new Error(`${label}: ${pageErrors.length} uncaught page error(s).${formatDiagnostics(page)}`);
  }
}

/**
 * Opens a page, runs `fn(page)`, then fails on any page error; always closes the context.
 * A failure message gets the page's console errors, page errors and, with `portal`,
 * the server's last stderr lines.
 * @param {{ portal?: object, context?: object, label?: string, allowPageErrors?: boolean, asIs?: boolean }} [options]
 */
export async function withPage(browser, fn, options = {}) {
  const page = await openPage(browser, options.context, { asIs: options.asIs });
  try {
    await fn(page);
    if (!options.allowPageErrors) expectNoPageErrors(page, options.label);
  } catch (err) {
    const extra = formatDiagnostics(page, options.portal);
    if (extra && err instanceof Error && !err.message.includes(extra)) err.message += `\n${extra}`;
    throw err;
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------------------
// Accessibility

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, 2.2 AA) on the page and fails with a readable list.
 * @param {import('playwright-core').Page} page
 * @param {string} label what was checked, e.g. 'demo page with widget'
 * @param {{ include?: string, exclude?: string, disableRules?: string[] }} [options]
 */
export async function expectNoA11yViolations(page, label, options = {}) {
  let builder = new AxeBuilder({ page }).withTags(A11Y_TAGS);
  if (options.include) builder = builder.include(options.include);
  if (options.exclude) builder = builder.exclude(options.exclude);
  if (options.disableRules) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  if (results.violations.length === 0) return results;

  const lines = [];
  for (const v of results.violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help}`);
    lines.push(`    ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 10)) {
      lines.push(`    target: ${node.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' ')}`);
      if (node.failureSummary) lines.push(`       ${node.failureSummary.replace(/\s*\n\s*/g, ' / ')}`);
    }
    if (v.nodes.length > 10) lines.push(`    ... and ${v.nodes.length - 10} more`);
  }
  throw new Error(
    `${label}: ${results.violations.length} accessibility violation(s) (${A11Y_TAGS.join(', ')}):\n${lines.join('\n')}`,
  );
}

// ---------------------------------------------------------------------------
// Staff keys

/**
 * A new staff key for `clinicId`, made the way a clinic's administrator makes one:
 * `portal-server --database ... --clinic FILE staff-key create --clinic-id ID`.
 * @param {{ dataDir: string }} portal a portal from startPortal()
 * @returns {Promise<string>} the key (`pps_...`)
 */
export async function createStaffKey(portal, clinicId = 'maple-grove', options = {}) {
  const { execFile } = await import('node:child_process');
  const args = [
    '--database', `sqlite://${join(portal.dataDir, 'portal.db')}`,
    '--clinic', options.clinic || CLINIC_CONFIG,
    'staff-key', 'create', '--clinic-id', clinicId, '--label', 'e2e',
  ];
  const stdout = await new Promise((done, fail) => {
    execFile(options.bin || SERVER_BIN, args, (err, out, errText) => {
      if (err) fail(new Error(`staff-key create failed: ${err.message}\n${errText}`));
      else done(out);
    });
  });
  const key = stdout.trim();
  if (!/^pps_[0-9a-f]{64}$/.test(key)) throw new Error(`staff-key create printed something else: ${stdout}`);
  return key;
}

/** The password e2e staff accounts choose. */
export const STAFF_PASSWORD = 'blue kettle on a quiet hill';

/**
 * A new staff account, made the way a clinic makes its first manager:
 * `portal-server --database ... --clinic FILE staff add --clinic-id ID --email E --role R`,
 * which prints a one-time set-password link. The password is set on first sign-in.
 * @param {{ dataDir: string }} portal a portal from startPortal()
 * @param {{ email?: string, role?: string, name?: string, provider?: string }} who
 * @returns {Promise<{ email: string, setup: string, passwordSet: boolean }>}
 */
export async function createStaffAccount(portal, who = {}, clinicId = 'maple-grove') {
  const { execFile } = await import('node:child_process');
  const email = who.email || `${who.role || 'manager'}@maple.example`;
  const args = [
    '--database', `sqlite://${join(portal.dataDir, 'portal.db')}`,
    '--clinic', CLINIC_CONFIG,
    'staff', 'add', '--clinic-id', clinicId, '--email', email, '--role', who.role || 'manager',
    '--name', who.name || email.split('@')[0],
    ...(who.provider ? ['--provider', who.provider] : []),
  ];
  const stdout = await new Promise((done, fail) => {
    execFile(SERVER_BIN, args, (err, out, errText) => {
      if (err) fail(new Error(`staff add failed: ${err.message}\n${errText}`));
      else done(out);
    });
  });
  const link = stdout.trim();
  const m = /\/staff\/[a-z0-9-]+#setup=[0-9a-f]{64}$/.exec(link);
  if (!m) throw new Error(`staff add printed something else: ${stdout}`);
  return { email, setup: m[0], passwordSet: false };
}

/**
 * Signs in on the clinic's staff console with an account, as a person does: the first time
 * through its set-password link.
 * @param {import('playwright-core').Page} page
 * @param {{ url: string }} portal a portal from startPortal()
 * @param {{ email: string, setup: string, passwordSet: boolean }} account from createStaffAccount()
 */
export async function staffSignIn(page, portal, account, clinicId = 'maple-grove') {
  if (!account.passwordSet) {
    await page.goto(`${portal.url}${account.setup}`);
    await page.getByLabel('New password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    account.passwordSet = true;
  } else {
    await page.goto(`${portal.url}/staff/${clinicId}`);
  }
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#signed-in-as').waitFor();
}

let bookings = 0;

/**
 * A web booking of a sick visit at `slot` (an open time from the availability API) for a
 * returning patient called `name`, as the widget makes it. Fails unless it books.
 * @param {{ url: string }} portal a portal from startPortal()
 * @returns the visit, with its manage token
 */
export async function bookOnline(portal, slot, name, clinicId = 'maple-grove') {
  bookings += 1;
  const response = await fetch(`${portal.url}/api/v1/clinics/${clinicId}/appointments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${process.pid}-${Date.now()}-${bookings}` },
    body: JSON.stringify({
      visit_type: 'sick-visit',
      provider: slot.provider,
      location: slot.location,
      start: slot.start,
      new_patient: false,
      patient: { name, preferred_name: name.split(' ')[0], date_of_birth: '1961-04-17', phone: '(555) 123-4567', reason: 'Cough' },
    }),
  });
  if (response.status !== 201) {
    throw new Error(`booking ${name} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}
