// Post-visit instructions, as a clinic and a patient use them: a clinician signs in to the
// staff console with their account, write a packet and check its reading level, and copy the patient link; the patient
// opens it, confirms their date of birth, reads, marks each part as understood and passes the
// teach-back questions; staff then see that it is complete. A patient who keeps typing the wrong
// date is locked out with the clinic's phone. Every state is checked with axe-core, in English
// and Spanish.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStaffAccount, createStaffKey, expectNoA11yViolations, launchBrowser, staffSignIn, startPortal, withPage } from '../lib/harness.mjs';

const CLINIC = 'maple-grove';
const PHONE = '(555) 010-2233';
const WIDGET = '[data-patient-portal] .pp-widget';

describe('post-visit instructions', { timeout: 300_000 }, () => {
  let portal;
  let browser;
  let key;
  let account;

  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    key = await createStaffKey(portal, CLINIC);
    account = await createStaffAccount(portal, { role: 'clinician', provider: 'dr-lopez', email: 'lopez@maple.example' }, CLINIC);
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const staffApi = (path, body) =>
    fetch(`${portal.url}/api/v1/clinics/${CLINIC}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });

  /** Signs in on the staff page. */
  async function signIn(page) {
    await page.goto(`${portal.url}/staff/${CLINIC}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectNoA11yViolations(page, 'staff page: sign in');
    await staffSignIn(page, portal, account, CLINIC);
    await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name: 'Instruction packets' }).click();
    await page.getByRole('heading', { name: 'New packet' }).waitFor();
  }

  /** Types the date of birth into the widget's month/day/year fields and sends it. */
  async function enterBirthDate(widget, [y, m, d], button) {
    await widget.locator('input[autocomplete=bday-month]').fill(m);
    await widget.locator('input[autocomplete=bday-day]').fill(d);
    await widget.locator('input[autocomplete=bday-year]').fill(y);
    await widget.getByRole('button', { name: button }).click();
  }

  test('staff write a packet, the patient reads it and passes the teach-back, staff see it complete', async () => {
    let link;
    await withPage(
      browser,
      async (page) => {
        await signIn(page);
        await expectNoA11yViolations(page, 'staff page: new packet form');
        const packetForm = page.locator('#packet-form');
        await packetForm.getByLabel('Instructions').selectOption({ label: 'Caring for your sprained ankle' });
        await packetForm.getByLabel('Preferred name').fill('Rosa');
        await packetForm.getByLabel('Date of birth').fill('1961-04-17');
        await packetForm.getByLabel('Provider', { exact: true }).selectOption({ label: 'Dr. Ana López' });
        await packetForm.getByLabel('Condition codes').fill('ICD10:S93.401A');
        await page.getByRole('button', { name: 'Add a medicine' }).click();
        await packetForm.getByLabel('Name', { exact: true }).fill('ibuprofen');
        await packetForm.getByLabel('How much each time').fill('2 pills');
        await packetForm.getByLabel('Morning').check();
        await packetForm.getByLabel('Evening').check();
        await packetForm.getByLabel('For how many days').fill('5');
        await packetForm.getByLabel('Food', { exact: true }).selectOption('with_food');
        await packetForm.getByLabel('Come back in how many days').fill('14');
        await packetForm.getByLabel('Visit type to book').selectOption({ index: 1 });
        await packetForm.getByLabel('Note from the provider').fill('Keep the brace on when you walk.');

        await page.getByRole('button', { name: 'Check reading level' }).click();
        const report = page.locator('#report');
        await report.waitFor();
        assert.match(await report.textContent(), /grade/i, 'the reading report shows grades');
        await expectNoA11yViolations(page, 'staff page: reading report');

        await page.getByRole('button', { name: 'Create packet' }).click();
        const linkField = page.getByLabel('Link for the patient');
        await linkField.waitFor();
        link = await linkField.inputValue();
        assert.match(link, /#pp-packet=[0-9a-f]{64}&pp-lang=en$/, 'the secret is in the fragment only, with the language to open in');
        assert.ok(!link.includes('?'), link);
        await expectNoA11yViolations(page, 'staff page: patient link');
      },
      { portal, label: 'staff creates a packet' },
    );

    await withPage(
      browser,
      async (page) => {
        await page.goto(link);
        const widget = page.locator(WIDGET);
        await widget.getByRole('heading', { name: 'Your visit instructions' }).waitFor();
        assert.match(await widget.textContent(), new RegExp(PHONE.replace(/[()]/g, '\\$&')), 'the phone is shown');
        await expectNoA11yViolations(page, 'instructions: date of birth');

        // A wrong date: a kind message, and what was typed stays.
        await enterBirthDate(widget, ['1961', '04', '18'], 'Show my instructions');
        await widget.getByText(/does not match the one we have.*4 more tries/).first().waitFor();
        assert.equal(await widget.locator('input[autocomplete=bday-day]').inputValue(), '18', 'nothing typed is lost');
        await expectNoA11yViolations(page, 'instructions: wrong date of birth');

        await widget.locator('input[autocomplete=bday-day]').fill('17');
        await widget.getByRole('button', { name: 'Show my instructions' }).click();
        const hello = widget.getByRole('heading', { name: /Hello, Rosa/ });
        await hello.waitFor();
        await page.waitForFunction(() => /Hello, Rosa/.test(document.activeElement?.textContent || ''));
        await expectNoA11yViolations(page, 'instructions: packet');

        // Warning signs first and impossible to miss; the medicine schedule as a table.
        const text = await widget.textContent();
        assert.ok(text.indexOf('911') < text.indexOf('What to do at home'), 'the emergency part comes first');
        await widget.getByRole('link', { name: /911/ }).waitFor();
        const table = widget.getByRole('table');
        assert.match(await table.locator('caption').textContent(), /\S/);
        assert.match(await table.textContent(), /ibuprofen/);
        assert.match(text, /Keep the brace on when you walk\./, "the provider's note is there");

        // A wrong teach-back answer points back to the part to reread, without scolding.
        const question = (name) => widget.locator('.pp-question-box', { has: page.getByRole('group', { name }) });
        const ice = question(/How long should the ice stay/);
        await ice.getByLabel('5 minutes').check();
        await ice.getByRole('button', { name: 'Check my answer' }).click();
        await ice.getByText(/Not quite/).waitFor();
        await expectNoA11yViolations(page, 'instructions: wrong teach-back answer');
        await ice.getByRole('link', { name: /What to do at home/ }).click();
        await page.waitForFunction(() => /What to do at home/.test(document.activeElement?.textContent || ''));
        await ice.getByLabel('20 minutes').check();
        await ice.getByRole('button', { name: 'Check my answer' }).click();
        await ice.getByText(/That.s right/).waitFor();
        const toes = question(/toes are numb/);
        await toes.getByLabel(/Call 911/).check();
        await toes.getByRole('button', { name: 'Check my answer' }).click();
        await toes.getByText(/That.s right/).waitFor();

        // "I understand" for every part.
        const boxes = widget.getByRole('checkbox', { name: /understand/ });
        const count = await boxes.count();
        assert.ok(count >= 5, `one "I understand" per part (found ${count})`);
        for (let i = 0; i < count; i++) {
          await boxes.nth(i).check();
          await page.waitForFunction(
            ([sel, n]) => document.querySelectorAll(sel)[n]?.checked && !document.querySelector('[aria-busy=true]'),
            [`${WIDGET} input[type=checkbox]`, i],
          );
        }
        await widget.getByText(/Saved/).first().waitFor();
        await expectNoA11yViolations(page, 'instructions: all read');

        // Spanish, when the template has it.
        await widget.getByRole('button', { name: 'Español' }).click();
        await widget.getByRole('heading', { name: /Hola, Rosa/ }).waitFor();
        await expectNoA11yViolations(page, 'instructions: Spanish');
        assert.equal(await widget.getByRole('checkbox').first().isChecked(), true, 'what was read stays read');

        // "Book your follow-up" opens booking with the visit type already chosen, and the
        // link's secret leaves the address bar.
        await widget.getByRole('button', { name: 'English' }).click();
        await widget.getByRole('heading', { name: /Hello, Rosa/ }).waitFor();
        await widget.getByRole('button', { name: 'Book your follow-up' }).click();
        await widget.getByRole('heading', { name: 'Who and where?' }).waitFor();
        assert.ok(!page.url().includes('pp-packet'), `the secret is gone from the address: ${page.url()}`);
        await expectNoA11yViolations(page, 'instructions: follow-up booking');
      },
      { portal, label: 'patient reads the packet' },
    );

    await withPage(
      browser,
      async (page) => {
        await signIn(page);
        await page.getByRole('button', { name: 'Refresh the list' }).click();
        const row = page.getByRole('row', { name: /Rosa/ });
        await row.waitFor();
        const cells = await row.textContent();
        assert.match(cells, /(\d+) of \1 sections/, `every part read: ${cells}`);
        assert.match(cells, /ice: right \(2 tries\)/, cells);
        assert.match(cells, /Yes/, cells);
        await expectNoA11yViolations(page, 'staff page: packet list');
      },
      { portal, label: 'staff see the result' },
    );

    // Every read and write was audited, without patient data in the audit rows.
    const list = await (await staffApi('/packets')).json();
    const audit = await (await staffApi(`/packets/${list[0].id}/audit`)).json();
    const actions = new Set(audit.map((row) => row.action));
    for (const action of ['packet.create', 'packet.verify_failed', 'packet.verify', 'packet.read', 'packet.acknowledge', 'packet.teach_back']) {
      assert.ok([...actions].some((a) => a.startsWith(action)), `audited: ${action} (have ${[...actions].join(', ')})`);
    }
    assert.ok(!JSON.stringify(audit).includes('Rosa') && !JSON.stringify(audit).includes('1961'), 'no patient data in the audit');
  });

  test('on a phone the medicines come as cards with their times in words, nothing is cut off, and printing keeps the table', async () => {
    const created = await staffApi('/packets', {
      template: 'sprained-ankle',
      preferred_name: 'Rosa',
      date_of_birth: '1961-04-17',
      language: 'en',
      conditions: ['ICD10:S93.401A'],
      medicines: [
        { name: 'ibuprofen', dose: '2 pills', how: 'by_mouth', times: ['morning', 'evening'], days: 5, food: 'with_food' },
        { name: 'acetaminophen', dose: '1 pill', how: 'by_mouth', times: ['bedtime'], days: 3, food: 'either' },
      ],
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { patient_link: link } = await created.json();
    await withPage(
      browser,
      async (page) => {
        await page.goto(link);
        const widget = page.locator(WIDGET);
        await enterBirthDate(widget, ['1961', '04', '17'], 'Show my instructions');
        await widget.getByRole('heading', { name: /Hello, Rosa/ }).waitFor();
        assert.equal(await widget.getByRole('table').count(), 0, 'no table squeezed into a phone');
        const cards = widget.getByRole('list', { name: 'When to take your medicines' }).getByRole('listitem');
        assert.equal(await cards.count(), 2);
        const first = (await cards.first().innerText()).replace(/\s+/g, ' ');
        assert.match(first, /ibuprofen\s*2 pills/);
        assert.match(first, /When Morning, Evening/);
        assert.match(first, /How long For 5 days/);
        assert.match((await cards.nth(1).innerText()).replace(/\s+/g, ' '), /When Bedtime/);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `nothing runs off the side: ${overflow} px`);
        await expectNoA11yViolations(page, 'instructions on a phone: medicine cards');
        await page.emulateMedia({ media: 'print' });
        assert.equal(await widget.getByRole('table').count(), 1, 'printing keeps the table');
        assert.equal(await widget.locator('.pp-med-cards').isVisible(), false);
      },
      { portal, label: 'medicines on a phone', context: { viewport: { width: 390, height: 844 } } },
    );
  });

  test('five wrong dates of birth lock the packet, and the patient is told to call, in Spanish', async () => {
    const created = await staffApi('/packets', {
      template: 'ear-infection',
      preferred_name: 'Mateo',
      date_of_birth: '2021-06-02',
      language: 'es',
      conditions: ['ICD10:H66.90'],
      medicines: [{ name: 'amoxicillin', dose: '5 mL', times: ['morning', 'evening'], days: 10, food: 'either' }],
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { patient_link: link } = await created.json();

    await withPage(
      browser,
      async (page) => {
        await page.goto(link);
        const widget = page.locator(WIDGET);
        await widget.getByRole('heading', { name: 'Sus instrucciones de la visita' }).waitFor();
        await expectNoA11yViolations(page, 'instructions (es): date of birth');
        for (let i = 0; i < 5; i++) {
          await enterBirthDate(widget, ['2021', '06', String(10 + i)], 'Ver mis instrucciones');
          await page.waitForFunction((sel) => !document.querySelector(`${sel} [aria-busy=true]`), WIDGET);
          await page.waitForTimeout(100);
        }
        await widget.getByText(/bloqueado/i).first().waitFor();
        assert.match(await widget.textContent(), /\(555\) 010-2233/, 'the phone is on the lock message');
        await expectNoA11yViolations(page, 'instructions (es): locked');
      },
      { portal, label: 'locked out', context: { locale: 'es-US' } },
    );

    const packets = await (await staffApi('/packets?state=locked')).json();
    assert.equal(packets.length, 1, 'staff see the packet as locked');
  });
});
