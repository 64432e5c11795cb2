// Messages to patients, end to end: a patient books on the demo page and asks for email; the
// confirmation arrives at a real SMTP server (maildev) with the right local time and the
// calendar file; its link opens the manage view; a move sends the update (same event, SEQUENCE
// raised); a cancel in the manage view sends the cancellation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expectNoA11yViolations, launchBrowser, startPortal, withPage } from '../lib/harness.mjs';

const HOST = '[data-patient-portal]';
const WIDGET = `${HOST} .pp-widget`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** maildev on free ports: SMTP for portal-server, and its HTTP API for the test. */
async function startMaildev() {
  const [smtp, web] = [await freePort(), await freePort()];
  const child = spawn('node_modules/.bin/maildev', ['--smtp', String(smtp), '--web', String(web), '--ip', '127.0.0.1', '--silent'], {
    stdio: 'ignore',
  });
  const api = (path) => fetch(`http://127.0.0.1:${web}/api${path}`);
  for (let i = 0; i < 200; i++) {
    try {
      if ((await api('/email')).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    smtp,
    async emails() {
      return (await api('/email')).json();
    },
    async waitFor(test, what) {
      for (let i = 0; i < 150; i++) {
        const found = (await this.emails()).find(test);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no email ${what} arrived: ${JSON.stringify((await this.emails()).map((e) => e.subject))}`);
    },
    async attachment(email, name) {
      const stored = email.attachments.find((a) => a.filename === name);
      assert.ok(stored, `the email has ${name}`);
      return (await api(`/email/${email.id}/attachment/${stored.generatedFileName}`)).text();
    },
    stop() {
      child.kill();
    },
  };
}

/** A UTC time as patients read it in the clinic's zone: "Tuesday, March 3 at 9:30 AM". */
function local(utc) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York', weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit',
  }).formatToParts(new Date(utc));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('weekday')}, ${get('month')} ${get('day')} at ${get('hour')}:${get('minute')} ${get('dayPeriod')}`;
}

describe('messages to patients', { timeout: 300_000 }, () => {
  let mail;
  let portal;
  let browser;

  before(async () => {
    mail = await startMaildev();
    portal = await startPortal({
      args: ['--smtp-url', `smtp://127.0.0.1:${mail.smtp}`, '--smtp-from', 'visits@maplegrove.example', '--dispatch-interval-ms', '100'],
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
    mail?.stop();
  });

  test('a patient who asks for email gets the confirmation, the change and the cancellation', async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${portal.url}/index.html`);
      const widget = page.locator(WIDGET);
      await widget.getByLabel('Sick visit').check();
      await widget.getByLabel('Yes, I have been here before').check();
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.locator('.pp-next').waitFor();
      await widget.locator('.pp-next').click();
      await widget.getByRole('heading', { name: 'About you' }).waitFor();
      await widget.getByLabel('Full name').fill('Rosa María Díaz');
      await widget.getByLabel('What should we call you?').fill('Rosa').catch(() => {});
      await widget.getByLabel('Month').fill('4');
      await widget.getByLabel('Day').fill('17');
      await widget.getByLabel('Year').fill('1961');
      await widget.getByLabel('Why do you want to come in?').fill('A cough for a week');

      // The clinic sends email: the patient is asked, and choosing email needs an address.
      const reach = widget.getByRole('group', { name: 'How should we reach you about this visit?' });
      await reach.waitFor();
      await expectNoA11yViolations(page, 'about you, with how to reach you');
      await reach.getByLabel('Email me').check();
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.getByText('To get emails, please write your email.').first().waitFor();
      await widget.getByRole('textbox', { name: 'Email' }).fill('rosa@example.com');
      await widget.getByRole('button', { name: 'Continue' }).click();
      await widget.getByRole('button', { name: 'Book this visit' }).click();
      await widget.getByRole('heading', { name: 'Your visit is booked' }).waitFor();
      assert.ok((await widget.innerText()).includes('We sent this to r•••@example.com.'), await widget.innerText());
      await expectNoA11yViolations(page, 'confirmation saying where it was sent');
      const href = await widget.getByRole('link', { name: 'Change or cancel this visit' }).getAttribute('href');
      const [, id, token] = /#pp-manage=([^.]+)\.(.+)$/.exec(href);
      const visit = await (await fetch(`${portal.url}/api/v1/appointments/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();

      // The confirmation, with the clinic-local time and the calendar file.
      const confirmation = await mail.waitFor((e) => e.subject.startsWith('Your visit is booked'), 'confirming the booking');
      assert.equal(confirmation.to[0].address, 'rosa@example.com');
      assert.ok(confirmation.text.includes(`When: ${local(visit.start)}`), confirmation.text);
      assert.ok(!confirmation.text.includes('cough') && !confirmation.text.includes('1961'), 'no reason or birth date');
      const ics = await mail.attachment(confirmation, 'visit.ics');
      assert.match(ics, /METHOD:REQUEST/);
      assert.match(ics, /SEQUENCE:0/);

      // The email's link opens the manage view.
      const link = /https?:\/\/\S+#pp-manage=\S+/.exec(confirmation.text)[0];
      await withPage(browser, async (later) => {
        await later.goto(link);
        await later.locator(WIDGET).getByRole('heading', { name: 'Your visit' }).waitFor();
      }, { portal, label: 'manage view from the email' });

      // Moved: the update arrives, the same event one change later.
      const to = new Date(Date.parse(visit.start) + 14 * 86_400_000).toISOString().slice(0, 10);
      const open = await (await fetch(`${portal.url}/api/v1/clinics/maple-grove/availability?visit_type=sick-visit&provider=${visit.provider}&to=${to}`)).json();
      const later = open.days.flatMap((d) => d.slots).filter((s) => s.start > visit.end).at(-1);
      const moved = await fetch(`${portal.url}/api/v1/appointments/${id}/reschedule`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ start: later.start, provider: later.provider, location: later.location }),
      });
      assert.equal(moved.status, 200, await moved.text());
      const changed = await mail.waitFor((e) => e.subject.startsWith('Your visit has a new time'), 'about the new time');
      assert.ok(changed.text.includes(local(later.start)), changed.text);
      assert.match(await mail.attachment(changed, 'visit.ics'), /SEQUENCE:1/);

      // Cancelled in the manage view: the cancellation arrives.
      await withPage(browser, async (manage) => {
        await manage.goto(link);
        const view = manage.locator(WIDGET);
        await view.getByRole('button', { name: 'Cancel this visit' }).click();
        await view.getByRole('button', { name: 'Yes, cancel it' }).click();
        await view.getByText('This visit is cancelled.').first().waitFor();
      }, { portal, label: 'cancel from the email link' });
      const cancelled = await mail.waitFor((e) => e.subject.startsWith('Your visit is cancelled'), 'about the cancellation');
      assert.match(await mail.attachment(cancelled, 'visit.ics'), /METHOD:CANCEL/);
      assert.equal((await mail.emails()).filter((e) => e.subject.startsWith('Your visit is booked')).length, 1, 'each message once');
    }, { portal, label: 'booking with email' });
  });
});
