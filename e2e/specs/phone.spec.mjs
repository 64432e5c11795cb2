// What a patient on a phone runs into (issue 14), on the demo page as it is, at 390×844: the
// booking box is an isolated frame and the playground below it holds an inline widget.
// - A booking that fails shows its message on screen, with focus on it, in both modes.
// - "Change or cancel this visit" on the confirmation opens the manage view in place, and the
//   saved link opened later brings the widget on screen with its heading focused.
// - Every control on every booking step is at least 44×44 CSS pixels.
// - A day's many times come by part of the day, a few at a time, one Tab stop per part.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectNoA11yViolations, launchBrowser, startPortal, withPage } from '../lib/harness.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true };
const HEIGHT = PHONE.viewport.height;

describe('on a phone', { timeout: 300_000, concurrency: 1 }, () => {
  let portal;
  let browser;

  before(async () => {
    portal = await startPortal({ embedOrigins: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  /** The widget of `mode` on the demo page: the isolated booking box, or the playground's inline one. */
  async function widgetOf(page, mode) {
    await page.goto(`${portal.url}/index.html`);
    if (mode === 'isolated') return page.frameLocator('#booking-widget iframe').locator('#pp-embed .pp-widget');
    await page.locator('#inline-widget').scrollIntoViewIfNeeded();
    return page.locator('#inline-widget .pp-widget');
  }

  /** Whether `locator` is on screen (within the page's viewport) and has focus in its document or shadow root. */
  async function onScreenAndFocused(locator) {
    const box = await locator.boundingBox();
    const focused = await locator.evaluate((el) => el.getRootNode().activeElement === el);
    return { onScreen: box !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= HEIGHT, focused, box };
  }

  /** Every visible control in `widget` smaller than 44×44 CSS pixels: "name: W×H". */
  async function smallTargets(widget) {
    return widget.evaluate((root) => {
      const small = [];
      for (const c of root.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]')) {
        const r = c.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not shown
        // A radio or checkbox counts with its card or label, which take the tap too (a radio
        // card's label covers the card).
        const label = (c.type === 'radio' || c.type === 'checkbox') && (c.closest('.pp-choice, label') || c.labels?.[0]);
        const t = label ? label.getBoundingClientRect() : r;
        if (t.width < 44 || t.height < 44) {
          small.push(`${(c.textContent || c.getAttribute('aria-label') || c.name || c.type || c.tagName).trim().slice(0, 40)}: ${Math.round(t.width)}×${Math.round(t.height)}`);
        }
      }
      return small;
    });
  }

  /** Answers the steps up to the review, checking tap sizes on each; returns the targets found too small. */
  async function toReview(widget) {
    const small = [];
    const check = async (step) => small.push(...(await smallTargets(widget)).map((s) => `${step}: ${s}`));
    await widget.getByRole('heading', { name: 'What is the visit for?' }).waitFor();
    await widget.getByLabel('Sick visit').check();
    await widget.getByLabel('Yes, I have been here before').check();
    await check('visit');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.getByRole('heading', { name: 'Who and where?' }).waitFor();
    await check('who');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.locator('.pp-next').waitFor();
    await check('when');
    await widget.locator('.pp-next').click();
    await widget.getByRole('heading', { name: 'About you' }).waitFor();
    await widget.locator('input[autocomplete=name]').fill('Rosa María Díaz');
    await widget.locator('input[autocomplete=bday-month]').fill('4');
    await widget.locator('input[autocomplete=bday-day]').fill('17');
    await widget.locator('input[autocomplete=bday-year]').fill('1961');
    await widget.locator('input[type=tel]').fill('555-010-4477');
    await widget.locator('textarea').first().fill('A cough for a week');
    await check('about');
    await widget.getByRole('button', { name: 'Continue' }).click();
    await widget.getByRole('button', { name: 'Book this visit' }).waitFor();
    await check('review');
    return small;
  }

  for (const mode of ['isolated', 'inline']) {
    test(`${mode}: a booking that fails shows its message on screen and moves focus to it`, async () => {
      await withPage(browser, async (page) => {
        const widget = await widgetOf(page, mode);
        await toReview(widget);
        // The clinic cannot be reached, and the patient has scrolled down to the button.
        await page.context().route('**/api/v1/clinics/maple-grove/appointments', (route) => route.abort('internetdisconnected'));
        const book = widget.getByRole('button', { name: 'Book this visit' });
        await book.evaluate((b) => b.scrollIntoView({ block: 'end' }));
        await book.click();
        const alert = widget.getByRole('alert').filter({ hasText: "We can't reach the clinic right now." });
        await alert.waitFor();
        await page.waitForTimeout(300);
        const seen = await onScreenAndFocused(alert);
        assert.ok(seen.focused, 'focus is on the message');
        assert.ok(seen.onScreen, `the message is on screen: ${JSON.stringify(seen.box)}`);
        assert.ok((await alert.innerText()).includes('(555) 010-2233'), 'with the phone');
        await expectNoA11yViolations(page, `${mode}: booking failed`, { include: mode === 'isolated' ? 'body' : '#inline-widget' });
      }, { portal, asIs: true, allowPageErrors: true, context: PHONE, label: `${mode} failure on a phone` });
    });
  }

  test('a day with many times shows them by part of the day: one Tab stop each, arrows within, and "Show N more" focuses the first new time', async () => {
    await withPage(browser, async (page) => {
      const widget = await widgetOf(page, 'inline');
      await widget.getByLabel('Sick visit').check();
      await widget.getByLabel('Yes, I have been here before').check();
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.locator('.pp-next').waitFor();
      const days = widget.locator('.pp-days button');
      const more = widget.getByRole('button', { name: /^Show \d+ more (morning|afternoon|evening) times$/ });
      for (let i = 0; i < (await days.count()) && !(await more.count()); i++) await days.nth(i).click();
      assert.ok(await more.count(), 'some day has more times than are shown at first');

      const lists = widget.locator('.pp-times');
      for (let i = 0; i < (await lists.count()); i++) {
        assert.equal(await lists.nth(i).locator('button[tabindex="0"]').count(), 1, 'one Tab stop per part of the day');
        assert.ok((await lists.nth(i).locator('button').count()) <= 5, 'a few times at first');
      }
      const times = lists.first().locator('button');
      const focused = () => widget.evaluate((w) => w.getRootNode().activeElement?.textContent);
      await times.first().focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await focused(), await times.nth(1).textContent(), 'the right arrow moves to the next time');
      await page.keyboard.press('End');
      assert.equal(await focused(), await times.last().textContent(), 'End moves to the last');
      await page.keyboard.press('Home');
      assert.equal(await focused(), await times.first().textContent(), 'Home moves to the first');

      const button = more.first();
      const [, count] = /^Show (\d+) more/.exec(await button.innerText());
      const list = widget.locator('.pp-times', { has: page.locator('xpath=.') }).filter({ has: widget.locator('button') });
      const before = await widget.locator('.pp-times button').count();
      await button.click();
      assert.equal(await widget.locator('.pp-times button').count(), before + Number(count), 'all of that part of the day is shown');
      const at = await widget.evaluate((w) => {
        const active = w.getRootNode().activeElement;
        const li = active?.closest('li');
        return active?.classList.contains('pp-time') ? [...li.parentElement.children].indexOf(li) : -1;
      });
      assert.equal(at, 4, 'focus is on the first newly shown time');
      assert.ok(list);
      await expectNoA11yViolations(page, 'times by part of the day', { include: '#inline-widget' });
    }, { portal, asIs: true, context: PHONE, label: 'times by part of the day' });
  });

  test('isolated: "Change or cancel this visit" opens the manage view in the frame; the saved link later brings it on screen, heading focused', async () => {
    await withPage(browser, async (page) => {
      const widget = await widgetOf(page, 'isolated');
      const small = await toReview(widget);
      await widget.getByRole('button', { name: 'Book this visit' }).click();
      await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
      small.push(...(await smallTargets(widget)).map((s) => `booked: ${s}`));
      assert.deepEqual(small, [], 'every control is at least 44×44 CSS px');

      const link = widget.getByRole('link', { name: 'Change or cancel this visit' });
      const href = await link.getAttribute('href');
      assert.ok(href.startsWith(`${portal.url}/index.html#pp-manage=`), `the link is the clinic's page: ${href}`);
      await link.click();
      const heading = widget.getByRole('heading', { name: 'Your visit', exact: true });
      await heading.waitFor();
      await widget.getByRole('button', { name: 'Pick a new time' }).waitFor();

      await withPage(browser, async (later) => {
        await later.goto(href);
        const again = later.frameLocator('#booking-widget iframe').locator('#pp-embed .pp-widget').getByRole('heading', { name: 'Your visit', exact: true });
        await again.waitFor();
        await later.waitForFunction(() => window.scrollY > 0);
        await later.waitForTimeout(300);
        const seen = await onScreenAndFocused(again);
        const active = await later.frameLocator('#booking-widget iframe').locator('body').evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 30)} hasFocus=${document.hasFocus()}`);
        assert.ok(seen.focused, `the heading has focus, not ${active}; scrollY ${await later.evaluate(() => window.scrollY)}`);
        assert.ok(seen.onScreen, `the manage view is on screen: ${JSON.stringify(seen.box)}`);
      }, { portal, asIs: true, context: PHONE, label: 'saved manage link on a phone' });
    }, { portal, asIs: true, context: PHONE, label: 'confirmation on a phone' });
  });
});
