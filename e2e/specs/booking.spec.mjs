// Booking a visit on the demo clinic's page, as patients do it: with the keyboard only, in
// Spanish, racing someone else for the same time, and coming back through the manage link to
// cancel. Every step is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { expectNoA11yViolations, launchBrowser, startPortal, withPage } from '../lib/harness.mjs';

const CLINIC = 'maple-grove';
const PHONE = '(555) 010-2233';
const HOST = '[data-patient-portal]';
const WIDGET = `${HOST} .pp-widget`;

describe('booking a visit', { timeout: 300_000 }, () => {
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
  const api = (path, init) => fetch(`${portal.url}/api/v1${path}`, init);

  /** The accessible name of the focused element, roughly as a screen reader says it. */
  const focusedName = (page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      const name = el?.labels?.[0]?.textContent || el?.getAttribute('aria-label') || el?.textContent || '';
      return name.replace(/\s+/g, ' ').trim();
    });

  /** Presses Tab until the focused element's name matches `wanted` (a string or a RegExp). */
  async function tabTo(page, wanted, max = 80) {
    const matches = (name) => (typeof wanted === 'string' ? name === wanted : wanted.test(name));
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (matches(await focusedName(page))) return;
    }
    throw new Error(`Tab never reached ${wanted} (last: ${await focusedName(page)})`);
  }

  /** Waits for a step heading to be shown and focused. */
  async function onStep(page, heading) {
    const widget = page.locator(WIDGET);
    await widget.getByRole('heading', { level: 3, name: heading }).waitFor();
    await page.waitForFunction((name) => document.activeElement?.textContent?.trim() === name, heading);
  }

  /** Whether an open time (start, provider, location) is offered now. */
  async function isOpen(visitType, slot) {
    const to = new Date(Date.parse(slot.start) + 86_400_000).toISOString().slice(0, 10);
    const response = await api(`/clinics/${CLINIC}/availability?visit_type=${visitType}&to=${to}`);
    assert.equal(response.status, 200, await response.clone().text());
    const { days } = await response.json();
    return days.some((d) =>
      d.slots.some((s) => s.start === slot.start && s.provider === slot.provider && s.location === slot.location),
    );
  }

  /** The id and token in a manage link's fragment. */
  function manageLink(href) {
    const match = /#pp-manage=([^.]+)\.([^&]+)&pp-lang=(?:en|es)$/.exec(href);
    assert.ok(match, `a manage link with a fragment: ${href}`);
    return { id: match[1], token: match[2] };
  }

  test('a patient books with the keyboard only, saves it to a calendar, and cancels it from the manage link', async () => {
    await withPage(browser, async (page) => {
      const urls = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(demoUrl());
      const widget = page.locator(WIDGET);

      // 1. What is the visit for?
      await widget.getByRole('heading', { name: 'What is the visit for?' }).waitFor();
      assert.equal(await widget.locator('.pp-progress').innerText(), 'Step 1 of 5: What is the visit for?');
      await expectNoA11yViolations(page, 'step 1 (visit)');
      await tabTo(page, 'Sick visit');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), 'Yes, I have been here before');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedName(page), 'No, this is my first visit');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');

      // 2. Who and where? First available is already picked.
      await onStep(page, 'Who and where?');
      assert.equal(await widget.locator('.pp-progress').innerText(), 'Step 2 of 5: Who and where?');
      assert.equal(await widget.getByLabel('First available').isChecked(), true);
      await expectNoA11yViolations(page, 'step 2 (who and where)');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');

      // 3. When? The next available time comes first.
      await onStep(page, 'When?');
      const next = widget.locator('.pp-next');
      await next.waitFor();
      const firstButton = await widget.locator('button').first().innerText();
      assert.match(firstButton, /^Next available:/);
      const nextText = (await next.innerText()).replace(/\s+/g, ' ');
      assert.match(nextText, /^Next available: \w+day, \w+ \d+ at \d+:\d\d [AP]M/);
      await expectNoA11yViolations(page, 'step 3 (when)');
      await tabTo(page, /^Next available:/);
      await page.keyboard.press('Enter');

      // 4. About you: a date that does not exist is shown next to its field, in plain words.
      await onStep(page, 'About you');
      await tabTo(page, 'Full name');
      await page.keyboard.type('Rosa María Díaz');
      await tabTo(page, 'Month');
      await page.keyboard.type('2');
      await page.keyboard.press('Tab');
      await page.keyboard.type('30');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1961');
      await tabTo(page, 'Phone');
      await page.keyboard.type('(555) 010-4477');
      await tabTo(page, 'Why do you want to come in?');
      await page.keyboard.type('A cough for a week');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');

      const summary = widget.locator('.pp-error-summary');
      await summary.waitFor();
      assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'the summary has focus');
      const problem = "This date doesn't look right. Try month/day/year, like 04/17/1961.";
      const month = widget.getByLabel('Month');
      assert.equal(await month.getAttribute('aria-invalid'), 'true');
      const describedBy = (await month.getAttribute('aria-describedby')).split(' ');
      const descriptions = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
      assert.ok(descriptions.includes(problem), `the problem describes the field: ${descriptions}`);
      assert.equal(await widget.getByLabel('Full name').inputValue(), 'Rosa María Díaz', 'nothing typed is lost');
      await expectNoA11yViolations(page, 'step 4 (about you) with a problem');

      // The summary's link leads to the field; the patient fixes the month.
      await page.keyboard.press('Tab');
      assert.equal(await focusedName(page), problem);
      await page.keyboard.press('Enter');
      assert.equal(await month.evaluate((el) => el === document.activeElement), true, 'the link focuses the field');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      await tabTo(page, 'Continue');
      await page.keyboard.press('Enter');

      // 5. Review.
      await onStep(page, 'Check your visit');
      const review = await widget.locator('dl').innerText();
      for (const words of ['Sick visit', 'First visit here', 'Rosa María Díaz', '4/30/1961', 'A cough for a week']) {
        assert.ok(review.includes(words), `the review shows "${words}": ${review}`);
      }
      await expectNoA11yViolations(page, 'step 5 (review)');
      await tabTo(page, 'Book this visit');
      await page.keyboard.press('Enter');

      // 6. Booked.
      await onStep(page, 'Your visit is booked');
      const done = await widget.innerText();
      for (const words of ['Thank you, Rosa.', 'If something changes, we will call you.', 'Before your visit', 'Bring a list of all your medicines.', PHONE]) {
        assert.ok(done.includes(words), `the confirmation says "${words}": ${done}`);
      }
      await expectNoA11yViolations(page, 'confirmation');

      await tabTo(page, 'Add to calendar');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      assert.equal(download.suggestedFilename(), 'visit.ics');
      const ics = await readFile(await download.path(), 'utf8');
      assert.match(ics, /BEGIN:VCALENDAR/);

      const href = await widget.getByRole('link', { name: 'Change or cancel this visit' }).getAttribute('href');
      const { id, token } = manageLink(href);
      assert.ok(href.startsWith(demoUrl()), href);
      const read = await api(`/appointments/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(read.status, 200);
      const visit = await read.json();
      assert.equal(await isOpen('sick-visit', visit), false, 'the booked time is no longer open');

      // No patient data or token in any URL, and nothing in the browser's storage.
      for (const url of urls) {
        assert.ok(!url.includes(token) && !url.includes('Rosa') && !url.includes('4477'), `leaks in ${url}`);
      }
      assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);

      // "How easy was it to book today?": in the page, one tap; a low score first opens one
      // optional box for what was hard; then an apology, the clinic's promise with the day and
      // time it is due, and the phone.
      const ease = widget.getByRole('region', { name: 'Tell us how we did' });
      await ease.getByRole('button', { name: '1 – Very hard' }).waitFor();
      await expectNoA11yViolations(page, 'confirmation with the ease question');
      await ease.getByRole('button', { name: '1 – Very hard' }).click();
      const hard = ease.getByRole('textbox', { name: 'What made it hard? (optional)' });
      await hard.waitFor();
      assert.ok(await hard.evaluate((el) => el.getRootNode().activeElement === el), 'focus moves to the box');
      await expectNoA11yViolations(page, 'ease: what made it hard');
      await hard.fill('The times were hard to find');
      await ease.getByRole('button', { name: 'Send my answers' }).click();
      await ease.getByText("I'm sorry booking was hard.").waitFor();
      const said = await ease.innerText();
      assert.ok(said.includes(PHONE), said);
      assert.match(said, /That is by \w+day, \w+ \d+ at \d+:\d\d [AP]M\./, 'the promise says by when');
      await expectNoA11yViolations(page, 'ease answered');

      // In the same page, the link opens the manage view in place (a bundle of its own).
      await widget.getByRole('link', { name: 'Change or cancel this visit' }).click();
      await widget.getByRole('heading', { name: 'Your visit' }).waitFor();
      assert.ok(page.url().endsWith(`#pp-manage=${id}.${token}`), page.url());
      await widget.getByRole('button', { name: 'Pick a new time' }).waitFor();

      // Later, from the link: the manage view, cancel with a confirm step.
      await withPage(browser, async (later) => {
        await later.goto(href);
        const manage = later.locator(WIDGET);
        await manage.getByRole('heading', { name: 'Your visit' }).waitFor();
        await manage.getByText('Sick visit').first().waitFor();
        assert.ok((await manage.innerText()).includes(PHONE));
        await expectNoA11yViolations(later, 'manage view');
        await tabTo(later, 'Cancel this visit');
        await later.keyboard.press('Enter');
        await later.waitForFunction(() => document.activeElement?.textContent === 'Do you want to cancel this visit?');
        await expectNoA11yViolations(later, 'manage view, confirm cancel');
        await tabTo(later, 'Yes, cancel it');
        await later.keyboard.press('Enter');
        await manage.getByText('This visit is cancelled.').first().waitFor();
        await expectNoA11yViolations(later, 'manage view, cancelled');
        // "Book a new visit" brings booking back in place, without the manage link's fragment.
        await manage.getByRole('button', { name: 'Book a new visit' }).click();
        await later.locator(WIDGET).getByRole('heading', { name: 'What is the visit for?' }).waitFor();
        assert.ok(!later.url().includes('#pp-manage='), later.url());
      }, { portal, label: 'manage view' });

      assert.equal(await isOpen('sick-visit', visit), true, 'the cancelled time is open again');
    }, { portal, label: 'keyboard booking' });
  });

  /** Answers the first four steps with the mouse, as most patients do. */
  async function answer(page, { visit, returning, provider, name, dob, phone, reason }) {
    const widget = page.locator(WIDGET);
    await widget.getByLabel(visit).check();
    await widget.getByLabel(returning).check();
    await widget.getByRole('button', { name: /^(Continue|Continuar)$/ }).click();
    if (provider) await widget.getByLabel(provider).check();
    await widget.getByRole('button', { name: /^(Continue|Continuar)$/ }).click();
    const next = widget.locator('.pp-next');
    await next.waitFor();
    const when = (await next.innerText()).replace(/\s+/g, ' ');
    await next.click();
    const [m, d, y] = dob.split('/');
    await widget.locator('input[autocomplete=name]').fill(name);
    await widget.locator('input[autocomplete=bday-month]').fill(m);
    await widget.locator('input[autocomplete=bday-day]').fill(d);
    await widget.locator('input[autocomplete=bday-year]').fill(y);
    await widget.locator('input[type=tel]').fill(phone);
    await widget.locator('textarea').first().fill(reason);
    await widget.getByRole('button', { name: /^(Continue|Continuar)$/ }).click();
    await widget.locator('dl').waitFor();
    return when;
  }

  test('a patient who books a second visit the same day is told, and can book it too', async () => {
    await withPage(browser, async (page) => {
      await page.goto(demoUrl());
      const widget = page.locator(WIDGET);
      const who = { visit: 'Sick visit', returning: 'Yes, I have been here before', name: 'Dora Same', dob: '02/03/1950', phone: '555-010-3333', reason: 'A sore knee' };
      await answer(page, who);
      await widget.getByRole('button', { name: 'Book this visit' }).click();
      await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();

      await page.goto(demoUrl());
      await page.reload();
      await widget.getByRole('heading', { name: 'What is the visit for?' }).waitFor();
      await answer(page, who);
      await widget.getByRole('button', { name: 'Book this visit' }).click();
      const alert = widget.getByRole('alert');
      await alert.getByText('You already have a visit with us that day.', { exact: false }).waitFor();
      assert.ok((await alert.innerText()).includes(PHONE), 'with the phone');
      assert.ok(await alert.evaluate((el) => el.getRootNode().activeElement === el), 'the message has focus');
      await expectNoA11yViolations(page, 'review: a visit that day already');
      await alert.getByRole('button', { name: 'Book this one too' }).click();
      await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
    }, { portal, label: 'same-day visit' });
  });

  test('two patients race for one time: the second is told kindly, keeps every answer, and books another', async () => {
    await withPage(browser, async (first) => {
      await withPage(browser, async (second) => {
        for (const page of [first, second]) {
          await page.goto(demoUrl());
          await page.locator(WIDGET).getByRole('heading', { name: 'What is the visit for?' }).waitFor();
        }
        const common = { visit: 'Yearly check-up', returning: 'Yes, I have been here before', provider: 'Dr. Michael Chen' };
        const whenA = await answer(first, { ...common, name: 'Ana First', dob: '01/02/1950', phone: '555-010-1111', reason: 'Check-up' });
        const whenB = await answer(second, { ...common, name: 'Ben Second', dob: '03/04/1970', phone: '555-010-2222', reason: 'My yearly check-up' });
        assert.equal(whenA, whenB, 'both patients picked the same time');

        await first.locator(WIDGET).getByRole('button', { name: 'Book this visit' }).click();
        await first.locator(WIDGET).getByRole('heading', { name: 'Your visit is booked' }).waitFor();

        const widget = second.locator(WIDGET);
        const keys = [];
        second.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/appointments') && keys.push(r.headers()['idempotency-key']));
        await widget.getByRole('button', { name: 'Book this visit' }).click();
        const alert = widget.locator('[role=alert]');
        await alert.waitFor();
        const sorry = await alert.innerText();
        assert.match(sorry, /^Someone just booked \d+:\d\d [AP]M\. These times are still open:/);
        const alternatives = alert.locator('.pp-slot');
        assert.ok((await alternatives.count()) > 0, 'other open times are offered');
        assert.ok((await widget.locator('dl').innerText()).includes('Ben Second'), 'the answers are still there');
        // The apology is where the eyes are; the lost time is gone from the review until a new
        // one is picked; the same doctor comes first, and a change of doctor or office is said.
        assert.ok(await alert.evaluate((el) => el.getRootNode().activeElement === el), 'focus is on the apology');
        const summary = await widget.locator('dl').innerText();
        assert.ok(!summary.includes('When') && !summary.includes(whenB.replace(/^Next available: /, '')), `the lost time left the review: ${summary}`);
        assert.equal(await widget.getByRole('button', { name: 'Book this visit' }).count(), 0, 'nothing to book until a time is picked');
        const offered = (await alternatives.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
        assert.ok(offered[0].includes('with Dr. Michael Chen') && !offered[0].includes('(a different'), `the same doctor first: ${offered}`);
        for (const o of offered) {
          assert.equal(o.includes('with Dr. Michael Chen'), !/\(a different doctor/.test(o), `a change of doctor is said: ${o}`);
        }
        await expectNoA11yViolations(second, 'review after the time was taken');

        const other = (await alternatives.first().innerText()).replace(/\s+/g, ' ');
        await alternatives.first().click();
        await widget.getByRole('heading', { name: 'Check your visit' }).waitFor();
        assert.equal(await widget.locator('[role=alert]').count(), 0);
        const review = await widget.locator('dl').innerText();
        assert.ok(review.includes('Ben Second') && review.includes('My yearly check-up'), review);
        const when = other.split(' with ')[0];
        assert.ok(review.replace(/\s+/g, ' ').includes(when), `the review shows the time picked, ${when}: ${review}`);
        await widget.getByRole('button', { name: 'Book this visit' }).click();
        await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
        assert.ok((await widget.innerText()).includes('Thank you, Ben.'));
        assert.equal(keys.length, 2);
        assert.notEqual(keys[0], keys[1], 'a new attempt gets a new Idempotency-Key');
      }, { portal, label: 'second patient' });
    }, { portal, label: 'first patient' });
  });

  test('when the network fails while booking, the answers stay and "Try again" sends the same Idempotency-Key', async () => {
    await withPage(browser, async (page) => {
      await page.goto(demoUrl());
      const widget = page.locator(WIDGET);
      await widget.getByRole('heading', { name: 'What is the visit for?' }).waitFor();
      await answer(page, { visit: 'Sick visit', returning: 'Yes, I have been here before', name: 'Nora Offline', dob: '05/06/1970', phone: '555-010-5555', reason: 'Sore throat' });
      const keys = [];
      let cut = true;
      await page.route('**/api/v1/clinics/*/appointments', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (cut) {
          cut = false;
          await route.abort('internetdisconnected');
        } else {
          await route.continue();
        }
      });
      await widget.getByRole('button', { name: 'Book this visit' }).click();
      const alert = widget.locator('[role=alert]');
      await alert.waitFor();
      assert.equal(
        (await alert.locator('p').innerText()).trim(),
        `We can't reach the clinic right now. Your answers are saved. Try again, or call ${PHONE}.`,
      );
      assert.equal(await alert.getByRole('link', { name: PHONE }).getAttribute('href'), 'tel:5550102233');
      assert.ok((await widget.locator('dl').innerText()).includes('Nora Offline'));
      await expectNoA11yViolations(page, 'review after a network failure');

      await alert.getByRole('button', { name: 'Try again' }).click();
      await onStep(page, 'Your visit is booked');
      assert.equal(keys.length, 2);
      assert.ok(keys[0] && keys[0].length >= 8, `a key was sent: ${keys[0]}`);
      assert.equal(keys[1], keys[0], 'the retry reuses the key, so the clinic books it once');
    }, { portal, label: 'network failure' });
  });

  test('in Spanish, every step reads in Spanish and passes axe', async () => {
    await withPage(browser, async (page) => {
      await page.goto(demoUrl());
      const widget = page.locator(WIDGET);
      await widget.getByRole('heading', { name: '¿Para qué es la visita?' }).waitFor();
      assert.equal(await widget.getAttribute('lang'), 'es-US');
      await expectNoA11yViolations(page, 'paso 1');

      // A first visit cannot be a follow-up: the widget says so and what to do instead.
      await widget.getByLabel('Visita de seguimiento').check();
      await widget.getByLabel('No, es mi primera visita').check();
      await widget.getByText('Esta visita es para pacientes que ya han venido antes.', { exact: false }).waitFor();
      await expectNoA11yViolations(page, 'paso 1, visita solo para pacientes que ya vinieron');
      await widget.getByLabel('Consulta por enfermedad').check();
      await widget.getByRole('button', { name: 'Continuar' }).click();
      await onStep(page, '¿Con quién y dónde?');
      assert.equal(await widget.locator('.pp-progress').innerText(), 'Paso 2 de 5: ¿Con quién y dónde?');
      // The clinic's own words in Spanish too: titles, offices, the languages a doctor speaks.
      const who = await widget.innerText();
      for (const said of ['Dra. Ana López', 'Habla: inglés, español', 'Oficina del centro']) {
        assert.ok(who.includes(said), `${said}: ${who}`);
      }
      for (const english of ['Dr. Ana', 'English', 'Español', ' office', 'Speaks']) {
        assert.ok(!who.includes(english), `no ${english} on a Spanish screen: ${who}`);
      }
      await expectNoA11yViolations(page, 'paso 2');
      await widget.getByRole('button', { name: 'Continuar' }).click();
      await onStep(page, '¿Cuándo?');
      const next = widget.locator('.pp-next');
      await next.waitFor();
      assert.match(await next.innerText(), /^Próxima hora libre:/);
      await expectNoA11yViolations(page, 'paso 3');
      await next.click();
      await onStep(page, 'Sus datos');
      await widget.getByRole('button', { name: 'Continuar' }).click();
      await widget.locator('.pp-error-summary').waitFor();
      assert.ok((await widget.innerText()).includes('Escriba su nombre completo.'));
      await expectNoA11yViolations(page, 'paso 4 con problemas');
      await widget.locator('input[autocomplete=name]').fill('Lucía Gómez');
      await widget.locator('input[autocomplete=bday-month]').fill('12');
      await widget.locator('input[autocomplete=bday-day]').fill('1');
      await widget.locator('input[autocomplete=bday-year]').fill('1980');
      await widget.locator('input[type=email]').fill('lucia@example.com');
      await widget.locator('textarea').first().fill('Dolor de garganta');
      await widget.getByRole('button', { name: 'Continuar' }).click();
      await onStep(page, 'Revise su visita');
      await expectNoA11yViolations(page, 'paso 5');
      await widget.getByRole('button', { name: 'Reservar esta visita' }).click();
      await onStep(page, 'Su visita está reservada');
      const done = await widget.innerText();
      assert.ok(done.includes('Gracias, Lucía.') && done.includes('Si algo cambia, le llamaremos.'), done);
      assert.ok(!/ office|Dr\. Ana/.test(done), `the summary names the office and doctor in Spanish: ${done}`);
      await expectNoA11yViolations(page, 'confirmación');

      const href = await widget.getByRole('link', { name: 'Cambiar o cancelar esta visita' }).getAttribute('href');
      await withPage(browser, async (later) => {
        await later.goto(href);
        const manage = later.locator(WIDGET);
        await manage.getByRole('heading', { name: 'Su visita' }).waitFor();
        await manage.getByRole('button', { name: 'Elegir una hora nueva' }).waitFor();
        await expectNoA11yViolations(later, 'vista de su visita');
        await manage.getByRole('button', { name: 'Elegir una hora nueva' }).click();
        const next = manage.locator('.pp-next');
        await next.waitFor();
        await expectNoA11yViolations(later, 'vista de su visita, elegir hora');
        await next.click();
        await later.waitForFunction(() => document.activeElement?.textContent?.startsWith('¿Quiere cambiar su visita al'));
        await manage.getByRole('button', { name: 'Sí, cambiarla' }).click();
        await manage.getByText('Su visita cambió a la nueva hora.').first().waitFor();
        await expectNoA11yViolations(later, 'vista de su visita, cambiada');
        // The link carries the booking's language: Spanish even on this English phone.
      }, { portal, label: 'manage view in Spanish from a link, on an English phone', context: { locale: 'en-US' } });
    }, { portal, label: 'booking in Spanish', context: { locale: 'es-US' } });
  });
});
