// The demo clinic page as a patient meets it: the page loads, the booking widget mounts
// with the clinic's details from the API, and nothing fails axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectNoA11yViolations,
  launchBrowser,
  pageDiagnostics,
  startPortal,
  withPage,
} from '../lib/harness.mjs';

const CLINIC_NAME = 'Maple Grove Family Practice';
const CLINIC_PHONE = '(555) 010-2233';
const HOST = '[data-patient-portal]';

describe('demo clinic page', { timeout: 180_000 }, () => {
  let portal;
  let browser;

  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const demoUrl = () => `${portal.url}/index.html`;

  test('the server is healthy and serves the catalog the widget uses', async () => {
    const health = await fetch(`${portal.url}/healthz`);
    assert.equal(health.status, 200);
    const catalog = await fetch(`${portal.url}/api/v1/clinics/maple-grove/catalog`);
    assert.equal(catalog.status, 200, await catalog.clone().text());
    const body = JSON.stringify(await catalog.json());
    assert.ok(body.includes(CLINIC_NAME), `catalog names the clinic: ${body.slice(0, 300)}`);
  });

  test("the widget's files, the page and the API's answers travel compressed", async () => {
    const names = Object.keys(await (await fetch(`${portal.url}/widget/integrity.json`)).json());
    const pick = (re) => names.find((n) => re.test(n));
    const files = [pick(/^portal_widget_booking_bg\..+\.wasm$/), pick(/^portal_widget_booking\..+\.js$/), pick(/^widget_booking\..+\.css$/), 'patient-portal.js'];
    assert.ok(files.every(Boolean), JSON.stringify(names));
    for (const path of [...files.map((f) => `/widget/${f}`), '/index.html']) {
      for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', null]]) {
        const answer = await fetch(`${portal.url}${path}`, { headers: { 'Accept-Encoding': accept } });
        assert.equal(answer.status, 200, path);
        assert.equal(answer.headers.get('content-encoding'), encoding, `${path} asked with ${accept}`);
        assert.match(answer.headers.get('vary') || '', /accept-encoding/i, path);
        await answer.arrayBuffer();
      }
    }
    const catalog = await fetch(`${portal.url}/api/v1/clinics/maple-grove/catalog`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    assert.equal(catalog.headers.get('content-encoding'), 'br', 'a JSON answer is compressed on the fly');
    assert.ok(JSON.stringify(await catalog.json()).includes(CLINIC_NAME), 'and reads the same');
  });

  test('the widget mounts and shows the clinic from the API, with no axe violations', async () => {
    await withPage(browser, async (page) => {
      const catalogRequest = page.waitForRequest((r) => r.url().includes('/api/v1/clinics/maple-grove/catalog'));
      // Hold the bundle a moment: the room is reserved only until the widget is ready.
      await page.route('**/widget/portal_widget_booking.*.js', async (route) => {
        await new Promise((done) => setTimeout(done, 1000));
        await route.continue();
      });
      const response = await page.goto(demoUrl());
      assert.equal(response.status(), 200);
      assert.match(await page.title(), /Maple Grove Family Practice/);

      // The loader: one stylesheet, the global mount API, room reserved for the widget.
      await page.waitForFunction(() => typeof window.PatientPortal?.mount === 'function');
      assert.equal(await page.locator('head link[rel=stylesheet][href*="/widget/widget_booking."]').count(), 1);
      const minHeight = await page.locator(HOST).evaluate((el) => el.style.minHeight);
      assert.ok(minHeight, 'the loader reserves a min-height on the widget host');

      const widget = page.locator(`${HOST} .pp-widget`);
      await widget.waitFor({ state: 'visible' });
      await catalogRequest;
      assert.equal(await widget.count(), 1, 'exactly one widget');
      await widget.getByText(CLINIC_NAME).first().waitFor();
      await widget.getByText(CLINIC_PHONE).first().waitFor();
      assert.equal(await page.locator(`${HOST} .pp-loading[role=status]`).count(), 0, "the loader's message is gone");

      await expectNoA11yViolations(page, 'demo page with the booking widget');
    }, { portal, label: 'demo page' });
  });

  test('the patient can switch the booking widget to Spanish', async () => {
    await withPage(browser, async (page) => {
      await page.goto(demoUrl());
      const widget = page.locator(`${HOST} .pp-widget`);
      await widget.getByText(CLINIC_NAME).first().waitFor();

      const spanish = page.getByRole('button', { name: 'Español' });
      await spanish.click();
      assert.equal(await spanish.getAttribute('aria-pressed'), 'true');
      assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'false');

      // The widget is mounted again, once, in Spanish.
      await page.waitForFunction((sel) => {
        const w = document.querySelectorAll(`${sel} .pp-widget`);
        return w.length === 1 && (w[0].closest('[lang]')?.lang || '').startsWith('es');
      }, HOST);
      await widget.getByText(CLINIC_NAME).first().waitFor();
      await widget.getByText(CLINIC_PHONE).first().waitFor();
      // Common Spanish words: the widget's own text is translated, not just the page's lang.
      await page.waitForFunction((sel) => {
        const text = document.querySelector(`${sel} .pp-widget`)?.innerText || '';
        return /(^|[\s¿¡])(el|la|los|las|de|del|su|una|para|con|cita|visita|llame|elija|hora)(?=[\s.,:?!]|$)/i.test(text);
      }, HOST);

      await expectNoA11yViolations(page, 'demo page with the widget in Spanish');
    }, { portal, label: 'demo page in Spanish' });
  });

  test('a browser set to Spanish gets the widget in Spanish first', async () => {
    await withPage(browser, async (page) => {
      await page.goto(demoUrl());
      assert.equal(await page.locator(HOST).getAttribute('data-locale'), 'es');
      assert.equal(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed'), 'true');
      await page.locator(`${HOST} .pp-widget`).getByText(CLINIC_NAME).first().waitFor();
    }, { portal, label: 'demo page, Spanish browser', context: { locale: 'es-US' } });
  });

  test('if the widget cannot load, the patient is told to call the clinic', async () => {
    await withPage(browser, async (page) => {
      await page.route('**/widget/portal_widget_booking.*.js', (route) =>
        route.fulfill({ status: 503, contentType: 'text/plain', body: 'unavailable' }),
      );
      await page.goto(demoUrl());
      const alert = page.locator(`${HOST} [role=alert]`);
      await alert.waitFor();
      const text = await alert.innerText();
      assert.match(text, /We can't load online booking right now\. Please call the clinic/);
      assert.ok(text.includes(CLINIC_PHONE), `the message has the phone: ${text}`);
      assert.equal(await alert.getByRole('link', { name: CLINIC_PHONE }).getAttribute('href'), 'tel:5550102233');
      assert.ok(
        pageDiagnostics(page).consoleErrors.some((e) => e.includes('[patient-portal]')),
        'the developer gets a console error',
      );
      await expectNoA11yViolations(page, 'demo page when the widget cannot load');
    }, { portal, label: 'widget load failure' });
  });
});
