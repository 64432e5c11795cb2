// Embedding the widget on a clinic's own site, in both modes: isolated (a cross-origin iframe
// from portal-server) and inline (a shadow root on the page). The host page is served from
// 127.0.0.1:PORT and the portal answers as localhost:PORT, so the iframe really is another
// origin; the temporary clinic file lists both in embed_origins.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ASSETS_DIR, CHROMIUM_ARGS, createStaffKey, expectNoA11yViolations, launchBrowser, pageDiagnostics, startPortal, withPage,
} from '../lib/harness.mjs';

const CLINIC = 'Maple Grove Family Practice';
const HOSTILE = `* { color: red !important; font-size: 40px !important; font-family: fantasy !important; letter-spacing: 9px !important; }
button { display: none !important; } h1, h2, h3 { color: lime !important; } div { padding: 50px !important; }`;
const MODES = ['isolated', 'inline'];

describe('embedding the widget', { timeout: 600_000 }, () => {
  let portal;
  let browser;
  let api; // the portal as the host page sees it: another origin
  let site; // the clinic's pages, served by portal-server itself (a real loopback answer)
  let pages = 0;

  before(async () => {
    site = await mkdtemp(join(tmpdir(), 'portal-clinic-site-'));
    await symlink(join(ASSETS_DIR, 'widget'), join(site, 'widget'));
    await symlink(join(ASSETS_DIR, 'index.html'), join(site, 'index.html'));
    portal = await startPortal({ embedOrigins: true, assets: site });
    api = portal.url.replace('127.0.0.1', 'localhost');
    // not-allowed.test is this machine too, but not on the clinic's allow-list.
    browser = await launchBrowser({ args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP not-allowed.test 127.0.0.1'] });
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
    if (site) await rm(site, { recursive: true, force: true });
  });

  /** A clinic's page at `origin` with `body`, the loader from the portal, and maybe a hostile stylesheet. */
  async function host(page, body, { hostile = false, origin = portal.url, hash = '' } = {}) {
    const name = `clinic-site-${++pages}.html`;
    const url = `${origin}/${name}`;
    await writeFile(join(site, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A clinic's site</title>
${hostile ? `<style>${HOSTILE}</style>` : ''}
<script>window.seen = [];
for (const name of ['ready', 'view-changed', 'visit-type-selected', 'time-selected', 'booked', 'feedback-sent']) {
  document.addEventListener('patient-portal:' + name, (e) => window.seen.push({ name, data: e.detail }));
}</script></head><body><main><h1>Book with us</h1>${body}</main>
<script src="${api}/widget/patient-portal.js"></script></body></html>`);
    await page.goto(url + hash);
    await page.waitForFunction(() => typeof window.PatientPortal?.mount === 'function');
  }

  const tag = (id, mode, extra = '') =>
    `<div id="${id}" data-patient-portal data-clinic="maple-grove" data-api-base="${api}" data-mode="${mode}" data-load="eager" data-phone="(555) 010-2233" ${extra}></div>`;

  /** Holds the widget's WebAssembly back, as a slow phone network would; call the result to let it through. */
  async function holdWasm(page) {
    let release;
    const held = new Promise((done) => { release = done; });
    await page.context().route(/_bg\.[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
    return release;
  }

  /** The fragment of a new packet link for Rosa in `language`, made as staff make one. */
  async function packetLink(language) {
    const key = await createStaffKey(portal, 'maple-grove');
    const created = await fetch(`${portal.url}/api/v1/clinics/maple-grove/packets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'sprained-ankle', preferred_name: 'Rosa', date_of_birth: '1961-04-17', language, conditions: ['ICD10:S93.401A'] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    return new URL((await created.json()).patient_link).hash;
  }

  /** The live widget inside `#id`, in the frame (not the first step the server drew) or the shadow root. */
  const widgetIn = (page, id, mode) =>
    mode === 'isolated' ? page.frameLocator(`#${id} iframe`).locator('#pp-embed .pp-widget') : page.locator(`#${id} .pp-widget`);

  for (const mode of MODES) {
    test(`${mode}: two widgets on one page mount, and a handle unmounts one`, async () => {
      await withPage(browser, async (page) => {
        await host(page, tag('a', mode) + tag('b', mode) + '<div id="c"></div>');
        for (const id of ['a', 'b']) await widgetIn(page, id, mode).getByText(CLINIC).first().waitFor();
        if (mode === 'isolated') {
          const src = await page.locator('#a iframe').getAttribute('src');
          assert.ok(src.startsWith(`${api}/embed/maple-grove?`), src);
          assert.equal(new URL(src).searchParams.get('origin'), portal.url);
          assert.ok(await page.locator('#a iframe').getAttribute('title'));
          assert.ok((await page.locator('#a iframe').boundingBox()).height > 150, 'the frame took its content height');
        } else {
          assert.equal(await page.locator('#a > div').evaluate((el) => !!el.shadowRoot), true, 'a shadow root');
        }
        await page.evaluate(({ api, mode }) => {
          window.h = PatientPortal.mount('#c', { clinic: 'maple-grove', apiBase: api, mode, load: 'eager' });
        }, { api, mode });
        await widgetIn(page, 'c', mode).getByText(CLINIC).first().waitFor();
        await page.evaluate(() => window.h.unmount());
        assert.equal(await page.locator('#c').evaluate((el) => el.childElementCount), 0, 'unmount leaves nothing');
        assert.equal(await widgetIn(page, 'a', mode).count(), 1, 'the other widgets stay');
        if (mode === 'inline') await expectNoA11yViolations(page, `${mode}: two widgets`);
        else await expectNoA11yViolations(page, `${mode}: two widgets (axe checks inside the frames)`);
      }, { portal, asIs: true, label: `${mode}: two widgets` });
    });

    test(`${mode}: a hostile host stylesheet changes nothing inside the widget`, async () => {
      const look = async (hostile) => {
        let styles;
        await withPage(browser, async (page) => {
          await host(page, tag('a', mode), { hostile });
          const widget = widgetIn(page, 'a', mode);
          await widget.getByText(CLINIC).first().waitFor();
          const read = (el) => {
            const s = getComputedStyle(el);
            return [s.color, s.fontSize, s.fontFamily, s.letterSpacing, s.display, s.padding].join('|');
          };
          styles = [await widget.evaluate(read), await widget.locator('button').first().evaluate(read), await widget.locator('h2, h3').first().evaluate(read)];
        }, { portal, asIs: true, label: `${mode}: styles (hostile: ${hostile})` });
        return styles;
      };
      const calm = await look(false);
      const attacked = await look(true);
      assert.deepEqual(attacked, calm);
      assert.ok(!calm[1].includes('none'), 'buttons show');
    });

    test(`${mode}: each config error is shown with its path, and nothing mounts`, async () => {
      await withPage(browser, async (page) => {
        await host(page, [
          tag('e1', mode, `data-config='{"theme": {"primry": "#1a6fb0"}}'`),
          tag('e2', mode, 'data-theme-primary="blu"'),
          tag('e3', mode, 'data-view="bookings"'),
          tag('e4', mode, 'data-theme-dark="maybe" data-theme-radius="40px"'),
          `<div id="e5" data-patient-portal data-mode="${mode}" data-load="eager" data-phone="(555) 010-2233"></div>`,
        ].join(''));
        const expected = {
          e1: ['config.theme.primry: unknown option; did you mean "primary"?'],
          e2: ['config.theme.primary: "blu" is not a colour; use a CSS colour such as "#1a6fb0"'],
          e3: ['config.view: "bookings" is not one of booking, instructions, feedback, manage; did you mean "booking"?'],
          e4: ['config.theme.dark: "maybe" is not a boolean; use true or false', 'config.theme.radius: "40px" is not a length from 0 to 32px'],
          e5: ['config.clinic: missing'],
        };
        for (const [id, lines] of Object.entries(expected)) {
          const box = page.locator(`#${id} [role=alert]`);
          await box.waitFor();
          const text = await box.innerText();
          assert.match(text, /Patient portal setup problem/);
          for (const line of lines) assert.ok(text.includes(line), `#${id} shows "${line}": ${text}`);
          assert.ok(text.includes('(555) 010-2233'), 'a patient is told to call');
          assert.equal(await page.locator(`#${id} iframe`).count(), 0, 'no frame with a bad config');
        }
        const errors = pageDiagnostics(page).consoleErrors.join('\n');
        for (const lines of Object.values(expected)) for (const line of lines) assert.ok(errors.includes(line), `console has "${line}"`);
        await expectNoA11yViolations(page, `${mode}: config errors`);
      }, { portal, asIs: true, label: `${mode}: config errors` });
    });

    test(`${mode}: every event fires during a real booking and carries no patient data`, async () => {
      await withPage(browser, async (page) => {
        const funnel = [];
        page.on('request', (r) => {
          if (r.url().endsWith('/funnel') && r.method() === 'POST') funnel.push(JSON.parse(r.postData()).step);
        });
        await host(page, tag('a', mode) + '<div id="b"></div>');
        // The page listens from the start (see host()); the handle's on() must agree with it.
        await page.evaluate(({ api, mode }) => {
          window.viaHandle = [];
          const h = PatientPortal.mount('#b', { clinic: 'maple-grove', apiBase: api, mode, load: 'eager' });
          h.on('ready', (data) => window.viaHandle.push(data));
        }, { api, mode });
        await page.waitForFunction(() => window.viaHandle.length > 0);
        assert.deepEqual(await page.evaluate(() => window.viaHandle), [{ view: 'booking' }]);
        const widget = widgetIn(page, 'a', mode);
        await widget.getByRole('heading', { name: 'What is the visit for?' }).waitFor();
        await widget.getByLabel('Sick visit').click();
        await widget.getByLabel('No, this is my first visit').click();
        await widget.getByRole('button', { name: 'Continue' }).click();
        await widget.getByRole('heading', { name: 'Who and where?' }).waitFor();
        await widget.getByRole('button', { name: 'Continue' }).click();
        await widget.getByRole('heading', { name: 'When?' }).waitFor();
        await widget.getByRole('button', { name: /^Next available:/ }).click();
        await widget.getByRole('heading', { name: 'About you' }).waitFor();
        await widget.getByLabel('Full name').fill(mode === 'inline' ? 'Rosa Inline Díaz' : 'Rosa María Díaz');
        await widget.getByLabel('Month').fill('4');
        await widget.getByLabel('Month').press('Tab');
        await page.keyboard.type('30');
        await page.keyboard.press('Tab');
        await page.keyboard.type('1961');
        await widget.getByLabel('Phone').fill('(555) 010-4477');
        await widget.getByLabel('Why do you want to come in?').fill('A cough for a week');
        await widget.getByRole('button', { name: 'Continue' }).click();
        await widget.getByRole('heading', { name: 'Check your visit' }).waitFor();
        await widget.getByRole('button', { name: 'Book this visit' }).click();
        await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
        await page.waitForFunction(() => window.seen.some((e) => e.name === 'booked'));

        const seen = await page.evaluate(() => window.seen);
        const names = new Set(seen.map((e) => e.name));
        for (const name of ['ready', 'view-changed', 'visit-type-selected', 'time-selected', 'booked']) {
          assert.ok(names.has(name), `${name} fired: ${JSON.stringify(seen)}`);
        }
        const text = JSON.stringify(seen);
        for (const secret of ['Rosa', 'Díaz', '1961', '4477', '010-4477', 'cough']) {
          assert.ok(!text.includes(secret), `no event carries "${secret}": ${text}`);
        }
        const allowed = new Set(['view', 'step', 'visitType', 'date', 'moment']);
        for (const e of seen) for (const key of Object.keys(e.data || {})) assert.ok(allowed.has(key), `${e.name} has only allowed fields: ${key}`);
        const booked = seen.find((e) => e.name === 'booked').data;
        assert.deepEqual(Object.keys(booked).sort(), ['date', 'visitType']);
        assert.match(booked.date, /^\d{4}-\d\d-\d\d$/, 'a date, not a time');
        await page.waitForTimeout(300);
        for (const step of ['opened', 'visit_type', 'time', 'details', 'booked']) assert.ok(funnel.includes(step), `funnel ${step}: ${funnel}`);
      }, { portal, asIs: true, label: `${mode}: events` });
    });
  }

  test('isolated: the first step is on screen before the widget has loaded, and the widget takes over without a jump or a lost answer', async () => {
    await withPage(browser, async (page) => {
      const release = await holdWasm(page);
      await host(page, tag('w', 'isolated', 'data-theme-primary="#1f5e3b"'));
      const frame = page.frameLocator('#w iframe');
      const first = frame.locator('#pp-first');
      const heading = { name: 'What is the visit for?' };
      await first.getByRole('heading', heading).waitFor();
      assert.equal(await frame.locator('#pp-embed').evaluate((e) => getComputedStyle(e).visibility), 'hidden', 'the widget loads unseen');
      const colour = (button) => button.evaluate((e) => getComputedStyle(e).backgroundColor);
      await first.locator('.pp-button-primary').waitFor();
      await frame.locator('#pp-first:not(.pp-first-theme)').waitFor();
      assert.equal(await colour(first.locator('.pp-button-primary')), 'rgb(31, 94, 59)', "the clinic's colour before the widget has loaded");
      await expectNoA11yViolations(page, 'isolated: the first step drawn by the server');

      // The patient answers before the widget is ready.
      await first.getByLabel('Sick visit').check();
      await first.getByLabel('Yes, I have been here before').check();
      const where = await first.getByRole('heading', heading).boundingBox();
      const frameHeight = (await page.locator('#w iframe').boundingBox()).height;
      release();
      await first.waitFor({ state: 'detached' });
      const live = frame.locator('#pp-embed .pp-widget');
      assert.ok(await live.getByLabel('Sick visit').isChecked(), 'the visit type chosen stays chosen');
      assert.ok(await live.getByLabel('Yes, I have been here before').isChecked(), 'and the answer to "been here before"');
      assert.deepEqual(await live.getByRole('heading', heading).boundingBox(), where, 'the heading did not move');
      assert.equal((await page.locator('#w iframe').boundingBox()).height, frameHeight, 'the frame kept its height');
      assert.equal(await colour(live.locator('.pp-button-primary')), 'rgb(31, 94, 59)');
      await live.getByRole('button', { name: 'Continue' }).click();
      await live.getByRole('heading', { name: 'Who and where?' }).waitFor();
    }, { portal, asIs: true, label: 'isolated: first step from the server' });
  });

  test("isolated: the frame's page carries its own styles, so the first step waits for no stylesheet and the browser refuses none", async () => {
    await withPage(browser, async (page) => {
      const stylesheets = [];
      await page.context().route(/\.css(\?|$)/, (route) => { stylesheets.push(route.request().url()); return route.abort(); });
      const release = await holdWasm(page);
      await host(page, tag('w', 'isolated'));
      const first = page.frameLocator('#w iframe').locator('#pp-first');
      const button = first.locator('.pp-button-primary');
      await button.waitFor();
      // The widget's own rules apply with every stylesheet refused: at least 44 px to tap.
      const size = await button.evaluate((e) => [e.getBoundingClientRect().height, getComputedStyle(e).minHeight]);
      assert.ok(size[0] >= 44 && size[1] !== 'auto', `a styled button: ${size}`);
      assert.deepEqual(stylesheets, [], 'no stylesheet was asked for');
      release();
      await page.frameLocator('#w iframe').locator('#pp-embed .pp-widget').getByRole('button', { name: 'Continue' }).waitFor();
      const refused = pageDiagnostics(page).consoleErrors.filter((e) => /Content Security Policy/i.test(e));
      assert.deepEqual(refused, [], 'the page\'s <style> matches the hash its policy names');
    }, { portal, asIs: true, label: "isolated: the frame's own styles" });
  });

  test('isolated: a packet link shows the date of birth at once, and what the patient typed before the widget loaded opens the instructions', async () => {
    const hash = await packetLink('es');
    assert.match(hash, /&pp-lang=es$/);
    await withPage(browser, async (page) => {
      const release = await holdWasm(page);
      await host(page, tag('w', 'isolated', 'data-view="instructions"'), { hash });
      const frame = page.frameLocator('#w iframe');
      const first = frame.locator('#pp-first');
      const heading = { name: 'Sus instrucciones de la visita' };
      await first.getByRole('heading', heading).waitFor();
      assert.equal(await frame.locator('#pp-embed').evaluate((e) => getComputedStyle(e).visibility), 'hidden', 'the widget loads unseen');
      await expectNoA11yViolations(page, 'isolated: the date of birth drawn by the server');

      // The patient types the date and presses the button before the widget is ready.
      await first.getByLabel('Mes').fill('04');
      await first.getByLabel('Día').fill('17');
      await first.getByLabel('Año').fill('1961');
      await first.getByRole('button', { name: 'Ver mis instrucciones' }).click();
      release();
      await first.waitFor({ state: 'detached' });
      await frame.locator('#pp-embed .pp-widget').getByRole('heading', { name: /Hola, Rosa/ }).waitFor();
    }, { portal, asIs: true, label: 'isolated: instructions first step from the server' });
  });

  test("isolated: the date of birth drawn by the server and the widget's own sit in the same place, and typing carries over", async () => {
    const hash = await packetLink('en');
    await withPage(browser, async (page) => {
      const release = await holdWasm(page);
      await host(page, tag('w', 'isolated', 'data-view="instructions"'), { hash });
      const frame = page.frameLocator('#w iframe');
      const first = frame.locator('#pp-first');
      const heading = { name: 'Your visit instructions' };
      await first.getByRole('heading', heading).waitFor();
      await first.getByLabel('Month').fill('4');
      await first.getByLabel('Day').fill('17');
      await first.getByLabel('Year').focus();
      const where = await first.getByRole('heading', heading).boundingBox();
      const button = await first.getByRole('button', { name: 'Show my instructions' }).boundingBox();
      const frameHeight = (await page.locator('#w iframe').boundingBox()).height;
      release();
      await first.waitFor({ state: 'detached' });
      const live = frame.locator('#pp-embed .pp-widget');
      assert.equal(await live.getByLabel('Month').inputValue(), '4', 'the month typed stays');
      assert.equal(await live.getByLabel('Day').inputValue(), '17');
      assert.ok(await live.getByLabel('Year').evaluate((e) => e === document.activeElement), 'the focus stays in the year');
      assert.deepEqual(await live.getByRole('heading', heading).boundingBox(), where, 'the heading did not move');
      assert.deepEqual(await live.getByRole('button', { name: 'Show my instructions' }).boundingBox(), button, 'nor the button');
      assert.equal((await page.locator('#w iframe').boundingBox()).height, frameHeight, 'the frame kept its height');
      await page.keyboard.type('1961');
      await live.getByRole('button', { name: 'Show my instructions' }).click();
      await live.getByRole('heading', { name: /Hello, Rosa/ }).waitFor();
    }, { portal, asIs: true, label: 'isolated: instructions first step, same place' });
  });

  test('inline: a low-contrast primary colour is darkened, with a console warning', async () => {
    await withPage(browser, async (page) => {
      const warnings = [];
      page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
      await host(page, tag('a', 'inline', 'data-theme-primary="#7fc4ff"'));
      await widgetIn(page, 'a', 'inline').getByText(CLINIC).first().waitFor();
      const primary = await page.locator('#a > div').evaluate((el) => el.shadowRoot.lastElementChild.style.getPropertyValue('--pp-primary'));
      assert.ok(primary && primary !== '#7fc4ff', `adjusted: ${primary}`);
      const channel = (h) => parseInt(h, 16) / 255;
      const lin = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      const [r, g, b] = [1, 3, 5].map((i) => lin(channel(primary.slice(i, i + 2))));
      assert.ok(1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) >= 4.5, `${primary} reaches 4.5:1`);
      assert.ok(warnings.some((w) => w.includes('config.theme.primary') && w.includes('#7fc4ff') && w.includes(primary)), warnings.join('\n'));
    }, { portal, asIs: true, label: 'low contrast' });
  });

  test('the demo clinic page as it is: isolated booking box, inline widget and playground, axe-clean', async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${portal.url}/index.html`);
      const frame = page.locator('#booking-widget iframe');
      await page.frameLocator('#booking-widget iframe').locator('#pp-embed .pp-widget').getByText(CLINIC).first().waitFor();
      assert.ok((await frame.getAttribute('src')).startsWith(`${api}/embed/maple-grove?`));
      await page.locator('#inline-widget').scrollIntoViewIfNeeded();
      await page.locator('#inline-widget .pp-widget').getByText(CLINIC).first().waitFor();
      await expectNoA11yViolations(page, 'demo page, both modes');
      // The playground remounts the inline widget dark and in Spanish.
      await page.locator('#pg-dark').check();
      await page.locator('#pg-locale').selectOption('es');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForFunction(() => document.querySelector('#inline-widget > div')?.shadowRoot?.lastElementChild?.classList.contains('pp-theme-dark'));
      await page.locator('#inline-widget .pp-widget').first().waitFor();
      assert.ok((await page.locator('#events').innerText()).includes('ready'), 'the events log shows ready');
    }, { portal, asIs: true, label: 'demo page as it is' });
  });

  test('isolated: a forged postMessage from another frame or the page is ignored', async () => {
    await withPage(browser, async (page) => {
      await host(page, tag('a', 'isolated'));
      await widgetIn(page, 'a', 'isolated').getByText(CLINIC).first().waitFor();
      const frame = page.locator('#a iframe');
      const id = new URL(await frame.getAttribute('src')).searchParams.get('id');
      const before = (await frame.boundingBox()).height;
      await page.evaluate((id) => {
        const forged = { type: 'patient-portal:resize', id, height: 99999 };
        const other = document.createElement('iframe');
        other.srcdoc = `<script>parent.postMessage(${JSON.stringify(forged)}, '*')<\/script>`;
        other.title = 'forger';
        document.body.appendChild(other);
        const sandboxed = document.createElement('iframe');
        sandboxed.sandbox = 'allow-scripts';
        sandboxed.title = 'sandboxed forger';
        sandboxed.srcdoc = other.srcdoc;
        document.body.appendChild(sandboxed);
        window.postMessage(forged, '*');
        window.postMessage({ type: 'patient-portal:event', id, name: 'booked', data: { visitType: 'x', date: '2020-01-01' } }, '*');
      }, id);
      const forgedEvents = [];
      await page.exposeFunction('noteForged', (n) => forgedEvents.push(n));
      await page.evaluate(() => document.addEventListener('patient-portal:booked', () => window.noteForged('booked')));
      await page.waitForTimeout(800);
      const afterHeight = (await frame.boundingBox()).height;
      assert.ok(afterHeight < 5000 && Math.abs(afterHeight - before) < 400, `height stayed: ${before} -> ${afterHeight}`);
      assert.deepEqual(forgedEvents, []);
    }, { portal, asIs: true, label: 'forged messages' });
  });

  test('isolated: an embedding origin not on the allow-list is refused', async () => {
    const refused = await fetch(`${api}/embed/maple-grove?origin=${encodeURIComponent('https://evil.example')}`);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /embed_origins/);
    await withPage(browser, async (page) => {
      await host(page, tag('a', 'isolated'), { origin: portal.url.replace('127.0.0.1', 'not-allowed.test') });
      const frame = page.frameLocator('#a iframe');
      await frame.getByRole('heading', { name: 'This web site may not show the patient portal' }).waitFor();
      assert.equal(await frame.locator('.pp-widget').count(), 0);
    }, { portal, asIs: true, label: 'refused origin' });
  });

  test('inline: on a site not on the allow-list the patient gets the phone and no useless retry; the console names the fix', async () => {
    await withPage(browser, async (page) => {
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      const origin = portal.url.replace('127.0.0.1', 'not-allowed.test');
      await host(page, tag('a', 'inline'), { origin });
      const widget = page.locator('#a .pp-widget');
      const alert = widget.getByRole('alert');
      await alert.getByText("Sorry, this page can't show the clinic's online services right now. Please call us.").waitFor();
      assert.equal(await alert.getByRole('link', { name: '(555) 010-2233' }).getAttribute('href'), 'tel:5550102233');
      assert.equal(await widget.getByRole('button', { name: 'Try again' }).count(), 0, 'no retry that cannot help');
      await expectNoA11yViolations(page, 'inline widget refused', { include: '#a' });
      assert.ok(errors.some((e) => e.includes(`add "${origin}" to clinic.embed_origins`)), errors.join('\n'));
    }, { portal, asIs: true, allowPageErrors: true, label: 'inline on a refused origin' });
  });
});
