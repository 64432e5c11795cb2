// Page-load benchmark (`cargo xtask bench`): the widget loaded as a patient on a slow phone
// loads it, in real Chromium, measured from outside. Not a test: it prints figures.
//
// Each page is loaded 5 times in a fresh browser context at 390×844 with Chromium's throttling
// (4× CPU slowdown, 150 ms round trip, 1.6 Mbps down, 750 kbps up, cache off). For each load:
//
//   first    ms from navigation start until the first step's controls are on screen
//   live     ms from navigation start until the widget itself has taken over from a first step
//            the server drew (the same as first when there is none)
//   times    ms from "Continue" on the second step until open times are on screen (booking)
//   bytes    bytes on the wire (compressed, with headers) until the first step
//   requests requests started until the first step
//   chain    the longest chain of requests in sequence among those done by the first step:
//            each started only once the one before it had arrived (a file found by running the
//            one before it, or one that waited); a file served from the browser's memory (no
//            round trip, no bytes) is no link in it
//   cls      cumulative layout shift of the host page during the whole load
//   task     the longest main-thread task after the first step was on screen (ms)
//
// Pages: the widget isolated (the default, in a frame), inline (shadow root), the instructions
// bundle (isolated, opened from a packet link), and two references: the floor, a plain HTML page
// with the same first step and the same CSS (what the network alone costs), and a yew "hello"
// built like the widget (what yew and WebAssembly alone cost; BENCH_HELLO, its folder).
//
// Environment: as e2e/lib/harness.mjs (PORTAL_SERVER_BIN, PORTAL_ASSETS, ...), and
// BENCH_OUT, the JSON file to write (default ../target/bench/load.json); BENCH_RUNS, loads per
// page (5); BENCH_PAGES, a comma-separated list of the pages to load (all); BENCH_DEBUG, to
// print each load's long tasks and requests.

import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSETS_DIR, createStaffKey, launchBrowser, startPortal } from '../lib/harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = process.env.BENCH_OUT || resolve(HERE, '../../target/bench/load.json');
const RUNS = Number(process.env.BENCH_RUNS || 5);
// The yew "hello" reference, built like the widget by `cargo xtask bench` (optional).
const HELLO = process.env.BENCH_HELLO || '';
const THROTTLE = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
const CPU = 4;
// BENCH_PAGES=inline,isolated loads only those (the table then has only them).
const ONLY = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',') : null;

const hostPage = (title, attributes) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:0 16px}</style>
<script src="/widget/patient-portal.js" defer></script></head>
<body><h1>Maple Grove Family Practice</h1><p>Book a visit online. It takes about one minute.</p>
<div id="widget" data-patient-portal data-clinic="maple-grove" data-phone="(555) 010-2233"${attributes}></div>
<footer><p id="below">This paragraph is below the widget. It must not jump while the widget loads.</p></footer>
</body></html>
`;

/** Runs in every frame before its scripts: marks when things appear, long tasks, shifts. */
function probe() {
  const now = () => performance.timeOrigin + performance.now();
  const M = (window.__pp = { tasks: [], shifts: [] });
  const roots = () => {
    const all = [document];
    for (const h of document.querySelectorAll('[data-patient-portal] > div')) if (h.shadowRoot) all.push(h.shadowRoot);
    return all;
  };
  const shown = (selector) =>
    roots().some((r) => Array.prototype.some.call(r.querySelectorAll(selector), (e) => e.getClientRects().length > 0));
  const tick = () => {
    if (!M.first && shown('.pp-widget input, .pp-widget button')) M.first = now();
    if (M.first && !M.live && !document.getElementById('pp-first')) M.live = now();
    if (M.continued && !M.times && shown('.pp-time, .pp-next')) M.times = now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  document.addEventListener('click', (e) => {
    const b = e.composedPath().find((n) => n.tagName === 'BUTTON');
    if (b && /Continue/.test(b.textContent)) M.continued = now();
  }, true);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) M.tasks.push([performance.timeOrigin + e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const moved = (e.sources || []).map((x) => `${x.node ? x.node.nodeName : '?'} ${x.previousRect.y}→${x.currentRect.y}`);
        if (!e.hadRecentInput) M.shifts.push([performance.timeOrigin + e.startTime, e.value, moved.join(', ')]);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {
    // an old browser: no figures for these
  }
}

/** One throttled load of `url`; `drive` goes on to the open times when given. */
async function load(browser, url, drive) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
  await context.addInitScript(probe);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...THROTTLE });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  const requests = new Map();
  let clock = null; // CDP monotonic seconds -> epoch ms
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    if (clock === null) clock = e.wallTime * 1000 - e.timestamp * 1000;
    const stack = e.initiator.stack;
    let from = e.initiator.url || null;
    for (let s = stack; !from && s; s = s.parent) from = (s.callFrames.find((f) => f.url) || {}).url || null;
    requests.set(e.requestId, { url: e.request.url, from, start: e.timestamp, bytes: 0, end: null });
  });
  // A file the page already had (the frame's copy of a module the host page loaded): no round
  // trip, so no link in a chain.
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, end: e.timestamp });
  });

  await page.goto(url, { waitUntil: 'commit' });
  const frameWith = async (key) => {
    for (;;) {
      for (const f of page.frames()) {
        const v = await f.evaluate((k) => window.__pp && window.__pp[k], key).catch(() => null);
        if (v) return f;
      }
      await page.waitForTimeout(50);
    }
  };
  const widget = await frameWith('first');
  await frameWith('live');
  let times = null;
  if (drive) {
    // The live widget, once it has taken over from the first step drawn by the server.
    await widget.locator('#pp-first').waitFor({ state: 'detached' });
    await widget.getByLabel('Sick visit').check();
    await widget.getByLabel('Yes, I have been here before').check();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.getByRole('heading', { name: /Who/ }).waitFor();
    await widget.getByRole('button', { name: 'Continue' }).click();
    await frameWith('times');
  }
  await page.waitForTimeout(500); // late shifts and tasks
  const marks = [];
  for (const f of page.frames()) marks.push(await f.evaluate(() => window.__pp).catch(() => null));
  const top = marks[0];
  const origin = await page.evaluate(() => performance.timeOrigin);
  const inFrame = marks.filter(Boolean);
  const first = Math.min(...inFrame.map((m) => m.first || Infinity));
  const withTimes = inFrame.find((m) => m.times);
  if (withTimes) times = withTimes.times - withTimes.continued;
  const before = [...requests.values()].filter((r) => clock + r.start * 1000 <= first);
  // What the first step could have waited for: the requests done by then, over the network.
  const done = before.filter((r) => r.end !== null && clock + r.end * 1000 <= first && !r.cached);
  // A request is in sequence after another when it started only once that one had arrived.
  const depth = new Map();
  const depthOf = (r) => {
    if (!depth.has(r)) {
      const after = done.filter((p) => p !== r && p.end <= r.start);
      depth.set(r, after.length ? 1 + Math.max(...after.map(depthOf)) : 1);
    }
    return depth.get(r);
  };
  const end = first + (times || 0) + 10_000;
  const tasks = inFrame.flatMap((m) => m.tasks).filter(([at]) => at >= first && at <= end);
  const result = {
    first: first - origin,
    live: Math.min(...inFrame.map((m) => m.live || Infinity)) - origin,
    times,
    bytes: done.reduce((n, r) => n + r.bytes, 0),
    requests: before.length,
    chain: Math.max(...done.map(depthOf)),
    chain_urls: chainOf(done, depthOf).map((r) => new URL(r.url).pathname.replace(/\.[0-9a-f]{10}\./, '.')),
    cls: (top ? top.shifts : []).reduce((n, [, v]) => n + v, 0),
    task: tasks.reduce((n, [, d]) => Math.max(n, d), 0),
  };
  if (process.env.BENCH_DEBUG) {
    for (const [at, v, moved] of top ? top.shifts : []) console.log('shift', v.toFixed(4), 'at', Math.round(at - first), 'ms after first:', moved);
    const cont = (withTimes || {}).continued;
    for (const [at, d] of inFrame.flatMap((m) => m.tasks)) console.log('task', Math.round(d), 'ms at', Math.round(at - first), 'ms after first', cont ? `${Math.round(at - cont)} ms after Continue` : '');
    for (const r of requests.values()) console.log(depthOf(r), ((clock + r.start * 1000 - origin) | 0), r.end === null ? '-' : ((clock + r.end * 1000 - origin) | 0), r.cached ? 'cached' : r.bytes, r.url, '<-', r.from);
  }
  await context.close();
  return result;
}

/** The requests of the longest chain, first to last. */
function chainOf(list, depthOf) {
  if (!list.length) return [];
  let r = list.reduce((a, b) => (depthOf(b) > depthOf(a) ? b : a));
  const chain = [r];
  while (depthOf(r) > 1) {
    const start = r.start;
    r = list.find((p) => p.end !== null && p.end <= start && depthOf(p) === depthOf(r) - 1);
    if (!r) break;
    chain.unshift(r);
  }
  return chain;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const site = await mkdtemp(join(tmpdir(), 'portal-bench-site-'));
  await cp(ASSETS_DIR, site, { recursive: true });
  await writeFile(join(site, 'bench-isolated.html'), hostPage('Bench: isolated', ''));
  await writeFile(join(site, 'bench-inline.html'), hostPage('Bench: inline', ' data-mode="inline"'));
  if (HELLO) {
    await cp(HELLO, join(site, 'bench-hello'), { recursive: true });
    await writeFile(join(site, 'bench-hello.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench: yew hello</title><script type="module" src="/bench-hello/start.js"></script></head>
<body><h1>Maple Grove Family Practice</h1><div id="hello"></div></body></html>
`);
  }
  const portal = await startPortal({ assets: site, embedOrigins: true });
  const browser = await launchBrowser();
  const results = {};
  try {
    // A packet for the instructions bundle, made as staff make one.
    const key = await createStaffKey(portal);
    const created = await fetch(`${portal.url}/api/v1/clinics/maple-grove/packets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'sprained-ankle', preferred_name: 'Rosa', date_of_birth: '1961-04-17', language: 'en', conditions: [], medicines: [] }),
    });
    if (created.status !== 201) throw new Error(`no packet: ${created.status} ${await created.text()}`);
    const packet = (await created.json()).patient_link.split('#')[1];

    // The floor: the first step as the widget draws it, as a plain page with the same CSS.
    const sample = await (async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${portal.url}/bench-inline.html`);
      const step = page.locator('.pp-widget');
      await step.locator('input').first().waitFor();
      const html = await step.evaluate((e) => e.outerHTML);
      const css = (await readdir(join(site, 'widget'))).find((f) => /^widget_booking\.[0-9a-f]+\.css$/.test(f));
      await context.close();
      return { html, css };
    })();
    await writeFile(join(site, 'bench-floor.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench: floor</title><link rel="stylesheet" href="/widget/${sample.css}"></head>
<body><h1>Maple Grove Family Practice</h1><div data-patient-portal>${sample.html}</div></body></html>
`);

    const pages = [
      ['isolated', `${portal.url}/bench-isolated.html`, true],
      ['inline', `${portal.url}/bench-inline.html`, true],
      ['instructions', `${portal.url}/bench-isolated.html#${packet}`, false],
      ['floor', `${portal.url}/bench-floor.html`, false],
    ];
    if (HELLO) pages.push(['yew hello', `${portal.url}/bench-hello.html`, false]);
    for (const [name, url, drive] of pages.filter(([name]) => !ONLY || ONLY.includes(name))) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url, drive));
      results[name] = { runs };
      for (const k of ['first', 'live', 'times', 'bytes', 'requests', 'chain', 'cls', 'task']) {
        const xs = runs.map((r) => r[k]).filter((x) => x !== null && x !== undefined);
        results[name][k] = xs.length ? { median: median(xs), max: Math.max(...xs) } : null;
      }
      results[name].chain_urls = runs[0].chain_urls;
    }
  } finally {
    await browser.close();
    await portal.stop();
    await rm(site, { recursive: true, force: true });
  }

  const fmt = {
    first: (x) => `${(x / 1000).toFixed(2)} s`,
    live: (x) => `${(x / 1000).toFixed(2)} s`,
    times: (x) => `${(x / 1000).toFixed(2)} s`,
    bytes: (x) => `${(x / 1024).toFixed(0)} KB`,
    requests: (x) => `${x}`,
    chain: (x) => `${x}`,
    cls: (x) => x.toFixed(3),
    task: (x) => `${x.toFixed(0)} ms`,
  };
  const cols = Object.keys(fmt);
  console.log(`Page load, 390×844, ${CPU}× CPU, ${THROTTLE.latency} ms RTT, 1.6/0.75 Mbps, cache off; median (max) of ${RUNS}`);
  console.log(['page'.padEnd(13), ...cols.map((c) => c.padEnd(18))].join(''));
  for (const [name, r] of Object.entries(results)) {
    const cell = (k) => (r[k] ? `${fmt[k](r[k].median)} (${fmt[k](r[k].max)})` : '–');
    console.log([name.padEnd(13), ...cols.map((c) => cell(c).padEnd(18))].join(''));
  }
  const floor = results.floor ? results.floor.first.median : null;
  const hello = results['yew hello'] ? results['yew hello'].first.median : null;
  for (const name of ['isolated', 'inline', 'instructions'].filter((n) => results[n] && floor)) {
    const ratio = (ref) => (results[name].first.median / ref).toFixed(1);
    console.log(`${name}: first step at ${ratio(floor)}× the plain HTML floor${hello ? `, ${ratio(hello)}× a yew hello` : ''}; longest chain: ${results[name].chain_urls.join(' → ')}`);
  }
  await mkdir(dirname(OUT), { recursive: true });
  await writeFile(OUT, JSON.stringify({ date: new Date().toISOString(), cpu_slowdown: CPU, network: THROTTLE, runs: RUNS, pages: results }, null, 2));
  console.log(`Written to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
