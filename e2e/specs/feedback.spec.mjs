// Feedback and service recovery, as a clinic and a patient live it: staff send a feedback link
// after a visit; the patient says it went badly and asks for a call, and gets a real apology with
// a promise and the phone; staff see it due in the follow-up queue, call, and resolve it; the
// patient opens the link again (in Spanish) and sees that it was handled, with the clinic's
// "you said, we did" notes shown as plain text. Every state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bookOnline, createStaffAccount, createStaffKey, expectNoA11yViolations, launchBrowser, staffSignIn, startPortal, withPage } from '../lib/harness.mjs';

const CLINIC = 'maple-grove';
const ZONE = 'America/New_York';
const WIDGET = '[data-patient-portal] .pp-widget';
const PHONE = /\(555\) 010-2233/;

describe('feedback and follow-up', { timeout: 300_000 }, () => {
  let portal;
  let browser;
  let key;
  let account;

  before(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
    key = await createStaffKey(portal, CLINIC);
    account = await createStaffAccount(portal, { role: 'manager', email: 'manager@maple.example' }, CLINIC);
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const api = (path, init) => fetch(`${portal.url}/api/v1${path}`, init);

  /** Books the first open sick visit through the API, as the widget does; returns the appointment. */
  async function bookVisit(name) {
    const availability = await (await api(`/clinics/${CLINIC}/availability?visit_type=sick-visit`)).json();
    const slot = availability.days.flatMap((day) => day.slots)[0];
    assert.ok(slot, 'the demo clinic has an open time');
    return bookOnline(portal, slot, `${name} Díaz`, CLINIC);
  }

  /** Signs in on the staff page and opens one of its pages. */
  async function staffPage(page, view) {
    await staffSignIn(page, portal, account, CLINIC);
    await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name: view }).click();
    await page.getByRole('heading', { level: 2, name: view }).waitFor();
  }

  test('a patient who had a bad visit asks for a call, staff resolve it, the patient sees it was handled', async () => {
    const visit = await bookVisit('Rosa');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(visit.start));
    let link;

    await withPage(
      browser,
      async (page) => {
        await staffPage(page, 'Feedback links');
        await page.getByLabel('Visits on').fill(day);
        await page.getByRole('button', { name: 'Show visits' }).click();
        await page.getByRole('button', { name: 'Make feedback link for Rosa' }).click();
        const field = page.getByLabel('Feedback link to send');
        await field.waitFor();
        link = await field.inputValue();
        assert.match(link, /#pp-feedback=[0-9a-f]{64}&pp-lang=en$/, 'the secret is in the fragment only, with the language to open in');
        await expectNoA11yViolations(page, 'staff: feedback link');

        await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name: 'You said, we did' }).click();
        await page.getByLabel('In English').fill('You said the wait was long. <b>We</b> now text you when the doctor is ready.');
        await page.getByLabel('In Spanish (optional)').fill('Nos dijeron que la espera era larga. Ahora le avisamos por texto.');
        await page.getByRole('button', { name: 'Publish note' }).click();
        await page.getByText(/published/i).first().waitFor();
      },
      { portal, label: 'staff make a feedback link' },
    );

    await withPage(
      browser,
      async (page) => {
        await page.goto(link);
        const widget = page.locator(WIDGET);
        await widget.getByRole('heading', { name: /Hello, Rosa/ }).waitFor();
        await expectNoA11yViolations(page, 'feedback: form');
        await widget.getByRole('group', { name: 'How was your visit?' }).getByRole('button', { name: '1 – Very bad' }).click();
        await widget.getByRole('group', { name: /tell a friend/ }).getByRole('button', { name: '3', exact: true }).click();
        await widget.getByLabel(/What could we do better/).fill('I waited an hour. <script>alert(1)</script>');
        await widget.getByLabel('Call me').check();
        await widget.getByLabel(/Phone number to use/).fill('(555) 123-4567');
        await widget.getByRole('button', { name: 'Send my answers' }).click();
        await widget.getByText("I'm sorry your visit wasn't good.").waitFor();
        const text = await widget.textContent();
        assert.match(text, /within one business day/, 'a promise the clinic can keep');
        assert.match(text, PHONE, 'and the phone');
        await expectNoA11yViolations(page, 'feedback: apology and promise');
      },
      { portal, label: 'patient asks for a call' },
    );

    await withPage(
      browser,
      async (page) => {
        await staffPage(page, 'Follow-ups');
        await page.getByRole('button', { name: 'Refresh follow-ups' }).click();
        const row = page.getByRole('row', { name: /I waited an hour/ });
        await row.waitFor();
        const cells = await row.textContent();
        assert.match(cells, /<script>alert\(1\)<\/script>/, 'what the patient wrote is shown as text');
        assert.match(cells, /due (today|tomorrow|[A-Z][a-z]+day)/, cells);
        assert.match(cells, /Rosa Díaz/, 'the follow-up says who: ' + cells);
        assert.match(cells, /\(555\) 123-4567/, cells);
        await expectNoA11yViolations(page, 'staff: follow-up queue');
        await row.getByLabel('What did you do?').fill('Called Rosa. We moved her next visit to the morning.');
        await row.getByRole('button', { name: 'Mark as resolved' }).click();
        await page.getByText(/resolved/i).first().waitFor();
        await expectNoA11yViolations(page, 'staff: follow-up resolved');

        // The clinic's numbers, with the weekly trend drawn as SVG by the project.
        await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name: 'Numbers' }).click();
        await page.getByRole('button', { name: 'Show numbers' }).click();
        const chart = page.locator('#view-numbers svg[role=img]');
        await chart.waitFor();
        assert.match(await chart.locator('title').first().textContent(), /\S/, 'the chart has a title');
        await expectNoA11yViolations(page, 'staff: numbers');
      },
      { portal, label: 'staff resolve the follow-up' },
    );

    await withPage(
      browser,
      async (page) => {
        // Rosa booked in English, so her link opens in English even on a Spanish phone; she
        // then picks Español on the clinic's page, and the widget follows her choice.
        await page.goto(link);
        const widget = page.locator(WIDGET);
        await widget.getByText(/Our clinic handled this/).waitFor();
        await page.getByRole('button', { name: 'Español' }).click();
        await widget.getByText(/Nuestra clínica se ocupó de esto/).waitFor();
        const text = await widget.textContent();
        assert.ok(!text.includes('Called Rosa'), "staff notes are never shown to the patient");
        await widget.getByText('Nos dijeron que la espera era larga. Ahora le avisamos por texto.').waitFor();
        await expectNoA11yViolations(page, 'feedback (es): handled');
      },
      { portal, label: 'patient sees it was handled', context: { locale: 'es-US' } },
    );

    // The same answers are readable as a FHIR R4 QuestionnaireResponse pointing at the published
    // Questionnaire.
    const queue = await (await api(`/clinics/${CLINIC}/follow-ups`, { headers: { authorization: `Bearer ${key}` } })).json();
    const item = queue.items[0];
    const fhir = await (await api(`/clinics/${CLINIC}/feedback/${item.feedback_id}/fhir`, { headers: { authorization: `Bearer ${key}` } })).json();
    assert.equal(fhir.resourceType, 'QuestionnaireResponse');
    const questionnaire = await (await fetch(fhir.questionnaire.replace(/^https?:\/\/[^/]+/, portal.url))).json();
    assert.equal(questionnaire.resourceType, 'Questionnaire');
    assert.equal(questionnaire.url, fhir.questionnaire);
  });
});
