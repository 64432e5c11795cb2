// The front desk, as a clinic lives a day of it: a manager adds a front-desk account; the front
// desk signs in, books a patient who phones into the last open time of a day (and the widget no
// longer offers it), blocks Dr. López's afternoon (availability closes, and the console lists
// the two patients to call), marks one visit arrived and another a no-show; the numbers show
// the no-show rate; a low-score follow-up shows who, which visit and the number to call, and is
// resolved with a note. Every state is checked with axe-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bookOnline, createStaffAccount, expectNoA11yViolations, launchBrowser, staffSignIn, startPortal, STAFF_PASSWORD, withPage } from '../lib/harness.mjs';

const CLINIC = 'maple-grove';
const ZONE = 'America/New_York';

describe('front desk', { timeout: 300_000 }, () => {
  let portal;
  let browser;
  let manager;

  before(async () => {
    portal = await startPortal({ args: ['--test-clock'] });
    browser = await launchBrowser();
    manager = await createStaffAccount(portal, { role: 'manager', email: 'boss@maple.example', name: 'Pat Boss' }, CLINIC);
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const api = (path, init) => fetch(`${portal.url}/api/v1${path}`, init);
  const localDay = (t) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(t));
  const localHour = (t) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', hourCycle: 'h23' }).format(new Date(t)));

  /** Dr. López's open sick-visit times on one clinic-local day. */
  async function lopezTimes(day) {
    const query = `visit_type=sick-visit&provider=dr-lopez${day ? `&from=${day}&to=${day}` : ''}`;
    const answer = await (await api(`/clinics/${CLINIC}/availability?${query}`)).json();
    return answer.days.flatMap((d) => d.slots);
  }

  const nav = (page, name) => page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name }).click();

  test('a day at the front desk, from a new account to a resolved follow-up', async () => {
    // A day on which Dr. López works the afternoon (Thursdays and Fridays, 12 to 5).
    const all = await lopezTimes();
    const day = localDay(all.find((s) => localHour(s.start) >= 12).start);
    const afternoon = (await lopezTimes(day)).filter((s) => localHour(s.start) >= 12);
    assert.ok(afternoon.length >= 3, `Dr. López has open times on ${day}`);
    const last = afternoon[afternoon.length - 1];

    // A patient booked online earlier that day had a hard time booking, and says so.
    const rosa = await bookOnline(portal, afternoon[0], 'Rosa Díaz', CLINIC);
    const feedback = await api(`/clinics/${CLINIC}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rosa.manage_token}` },
      body: JSON.stringify({ moment: 'after_booking', ease: 1, better: 'It took me three tries to find a time.' }),
    });
    assert.equal(feedback.status, 201, await feedback.clone().text());

    let setupLink;
    await withPage(browser, async (page) => {
      await staffSignIn(page, portal, manager, CLINIC);
      assert.equal(await page.title(), 'Maple Grove Family Practice staff');
      await expectNoA11yViolations(page, 'console: manager signed in (schedule)');
      await nav(page, 'Staff');
      await page.getByLabel('Their email').fill('maria@maple.example');
      await page.getByLabel('Their name').fill('Maria Front');
      await page.getByLabel('Their role').selectOption('front_desk');
      await page.getByRole('button', { name: 'Add account' }).click();
      const link = page.getByLabel('Link to give them');
      await link.waitFor();
      setupLink = await link.inputValue();
      assert.match(setupLink, /\/staff\/maple-grove#setup=[0-9a-f]{64}$/);
      await page.getByRole('cell', { name: 'maria@maple.example' }).waitFor();
      await expectNoA11yViolations(page, 'console: staff, with a set-password link');
    });

    const desk = { email: 'maria@maple.example', setup: new URL(setupLink).pathname + new URL(setupLink).hash, passwordSet: false };
    await withPage(browser, async (page) => {
      // The link sets the password, then the front desk signs in.
      await page.goto(`${portal.url}${desk.setup}`);
      assert.equal(new URL(page.url()).hash, '', 'the code leaves the address bar');
      await expectNoA11yViolations(page, 'console: choose your password');
      await page.getByLabel('New password').fill('short');
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByText('Use at least 12 characters', { exact: false }).first().waitFor();
      desk.passwordSet = false;
      await page.getByLabel('New password').fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      desk.passwordSet = true;
      await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as Maria Front (front desk)').waitFor();
      // Front desk pages only.
      assert.equal(await page.getByRole('navigation', { name: 'Staff pages' }).getByRole('button', { name: 'Staff' }).count(), 0);

      // A patient phones: book them into the last open time of the day.
      await nav(page, 'Book for a caller');
      await page.getByLabel("Caller's visit type").selectOption('sick-visit');
      await page.getByLabel("Caller's provider").selectOption('dr-lopez');
      await page.getByLabel('Day to book').fill(day);
      await page.getByRole('button', { name: 'Find open times' }).click();
      const radios = page.locator('#book-times input[type=radio]');
      await radios.first().waitFor();
      await radios.last().check();
      await page.getByLabel("Caller's full name").fill('Ann Lee');
      await page.getByLabel("Caller's date of birth").fill('1950-02-03');
      await page.getByLabel("Caller's phone").fill('(555) 777-1234');
      await page.getByLabel('Reason for the visit').fill('Sore knee');
      await expectNoA11yViolations(page, 'console: booking a caller');
      await page.getByRole('button', { name: 'Book visit' }).click();
      await page.getByText(/^Booked: Ann Lee, Sick visit with Dr\. Ana López/).waitFor();
      await expectNoA11yViolations(page, 'console: booked');
      const stillOpen = await lopezTimes(day);
      assert.ok(!stillOpen.some((s) => s.start === last.start), 'the widget no longer offers the phone booking\'s time');

      // Dr. López is sick this afternoon.
      await nav(page, 'Block time');
      await page.getByLabel('Provider who is away').selectOption('dr-lopez');
      await page.getByLabel('Day away').fill(day);
      await page.getByLabel('Away from').fill('12:00');
      await page.getByLabel('Away until').fill('17:00');
      await page.getByLabel('Why (staff only)').fill('Sick');
      await page.getByRole('button', { name: 'Block this time' }).click();
      const toCall = page.locator('#to-call-list li');
      await page.getByText('2 booked patients to call and move:', { exact: false }).waitFor();
      assert.deepEqual(await toCall.locator('strong').allTextContents(), ['Rosa Díaz', 'Ann Lee']);
      await page.locator('#to-call-list').getByText('(555) 777-1234').waitFor();
      await expectNoA11yViolations(page, 'console: patients to call');
      assert.deepEqual((await lopezTimes(day)).filter((s) => localHour(s.start) >= 12), [], 'the afternoon is closed');
    });

    // The day has come: the visits' time is over (the session ended while the clock moved).
    const evening = new Date(new Date(last.end).getTime() + 30 * 60_000).toISOString();
    await fetch(`${portal.url}/test/clock`, { method: 'PUT', body: JSON.stringify({ now: evening }) });
    await withPage(browser, async (page) => {
      await staffSignIn(page, portal, desk, CLINIC);
      await page.getByLabel('Schedule from').fill(day);
      await page.getByRole('button', { name: 'Show schedule' }).click();
      await page.getByRole('button', { name: 'Mark Rosa Díaz arrived' }).click();
      await page.locator('tr', { hasText: 'Rosa Díaz' }).getByText('Arrived', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Mark Ann Lee as a no-show' }).click();
      await page.locator('tr', { hasText: 'Ann Lee' }).getByText('No-show', { exact: true }).waitFor();
      await page.getByText('Sick (blocked by maria@maple.example)', { exact: false }).waitFor();
      await expectNoA11yViolations(page, 'console: schedule with arrivals and no-shows');

      // The follow-up says who, which visit, how to reach them and when.
      await nav(page, 'Follow-ups');
      const row = page.locator('#follow-up-rows tr', { hasText: 'Rosa Díaz' });
      await row.waitFor();
      await row.getByText(/Sick visit with Dr\. Ana López/).waitFor();
      await row.getByText(/overdue|due /).first().waitFor();
      await row.getByRole('button', { name: 'Call back Rosa Díaz' }).click();
      await row.locator('.dial').getByText('(555) 123-4567').waitFor();
      await expectNoA11yViolations(page, 'console: follow-up with the number to call');
      await row.getByRole('button', { name: 'Mark as resolved' }).click();
      await page.getByText(/Write what you did/).first().waitFor();
      await row.getByLabel('What did you do?').fill('Called Rosa. Moved her visit to Monday morning.');
      await row.getByRole('button', { name: 'Mark as resolved' }).click();
      await page.locator('#follow-up-rows tr', { hasText: 'Moved her visit to Monday morning.' }).waitFor();
    });

    await withPage(browser, async (page) => {
      await staffSignIn(page, portal, manager, CLINIC);
      await nav(page, 'Numbers');
      const weeks = page.locator('#no-show-week-rows tr');
      await weeks.last().getByText('50%').waitFor();
      await page.locator('#no-show-type-rows tr', { hasText: 'Sick visit' }).getByText('50%').waitFor();
      await page.locator('#numbers-bookings').getByText('Visits booked by staff (phone, desk)').waitFor();
      await expectNoA11yViolations(page, 'console: numbers with the no-show rate');
    });
  });

  test('the front desk moves a visit for a patient who phones; the patient gets a new time and link', async () => {
    const desk = await createStaffAccount(portal, { role: 'front_desk', email: 'mover@maple.example', name: 'Sam Mover' }, CLINIC);
    const times = await (await api(`/clinics/${CLINIC}/availability?visit_type=sick-visit&provider=dr-chen`)).json();
    const slot = times.days.flatMap((d) => d.slots).at(-1);
    const visit = await bookOnline(portal, slot, 'Lena Park', CLINIC);
    await fetch(`${portal.url}/test/clock`, { method: 'PUT', body: JSON.stringify({ now: null }) });
    await withPage(browser, async (page) => {
      await staffSignIn(page, portal, desk, CLINIC);
      await page.getByLabel('Schedule from').fill(localDay(visit.start));
      await page.getByRole('button', { name: 'Show schedule' }).click();
      await page.getByRole('button', { name: 'Move the visit of Lena Park' }).click();
      await page.getByRole('heading', { name: 'Moving a visit' }).waitFor();
      await page.getByRole('button', { name: 'Find open times' }).click();
      const radios = page.locator('#book-times input[type=radio]');
      await radios.first().waitFor();
      await radios.first().check();
      await expectNoA11yViolations(page, 'console: moving a visit');
      await page.getByRole('button', { name: 'Move visit' }).click();
      await page.getByText(/^Moved: the visit of Lena Park is now/).waitFor();
      await expectNoA11yViolations(page, 'console: moved');
    });
    const old = await api(`/appointments/${visit.id}`, { headers: { authorization: `Bearer ${visit.manage_token}` } });
    assert.equal(old.status, 401, 'the old link stopped working');
  });
});
