// Messages to patients, end to end, at a real SMTP server (maildev): a patient books on the demo
// page and asks for email; the confirmation arrives with the right local time and the calendar
// file; its link opens the manage view, where the patient moves the visit; the update arrives
// (same event, SEQUENCE raised); the server's test clock passes the reminder time and one
// reminder arrives; a cancel in the manage view sends the cancellation, and no reminder
// follows. Once in Spanish, with the one-click unsubscribe.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createStaffKey, expectNoA11yViolations, launchBrowser, startPortal, withPage } from '../lib/harness.mjs';

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
    /** One header of the email, as sent (from its source). */
    async header(email, name) {
      const source = await (await api(`/email/${email.id}/source`)).text();
      const line = source.split(/\r?\n/).slice(0, source.split(/\r?\n/).indexOf('')).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return line?.slice(name.length + 1).trim();
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

// One test at a time: the first moves the server's clock.
describe('messages to patients', { timeout: 300_000, concurrency: 1 }, () => {
  let mail;
  let portal;
  let browser;
  let staffKey;

  before(async () => {
    mail = await startMaildev();
    portal = await startPortal({
      args: ['--smtp-url', `smtp://127.0.0.1:${mail.smtp}`, '--smtp-from', 'visits@maplegrove.example', '--dispatch-interval-ms', '100', '--test-clock'],
    });
    browser = await launchBrowser();
    staffKey = await createStaffKey(portal);
  });

  after(async () => {
    await browser?.close();
    await portal?.stop();
    mail?.stop();
  });

  /** Sets the time the server goes by (`null`: the system clock again). */
  async function setClock(now) {
    const answer = await fetch(`${portal.url}/test/clock`, { method: 'PUT', body: JSON.stringify({ now }) });
    assert.equal(answer.status, 200, await answer.text());
  }

  /** A visit's messages as staff see them. */
  async function messagesOf(id) {
    const answer = await fetch(`${portal.url}/api/v1/clinics/maple-grove/appointments/${id}/messages`, { headers: { Authorization: `Bearer ${staffKey}` } });
    assert.equal(answer.status, 200);
    return answer.json();
  }

  /** Books the soonest time on the demo page, asking for email; returns the visit's id and token. */
  async function bookWithEmail(page, { name, email, spanish }) {
    const widget = page.locator(WIDGET);
    const go = () => widget.getByRole('button', { name: spanish ? 'Continuar' : 'Continue' }).click();
    await widget.getByLabel(spanish ? 'Consulta por enfermedad' : 'Sick visit').check();
    await widget.getByLabel(spanish ? 'Sí, ya he venido antes' : 'Yes, I have been here before').check();
    await go();
    await go();
    await widget.locator('.pp-next').click();
    await widget.locator('input[autocomplete=name]').fill(name);
    await widget.locator('input[autocomplete=bday-month]').fill('4');
    await widget.locator('input[autocomplete=bday-day]').fill('17');
    await widget.locator('input[autocomplete=bday-year]').fill('1961');
    await widget.locator('textarea').first().fill(spanish ? 'Tos desde hace una semana' : 'A cough for a week');
    const reach = widget.getByRole('group', { name: spanish ? '¿Cómo le avisamos sobre esta visita?' : 'How should we reach you about this visit?' });
    await reach.waitFor();
    if (!spanish) await expectNoA11yViolations(page, 'about you, with how to reach you');
    await reach.getByLabel(spanish ? 'Por correo electrónico' : 'Email me').check();
    if (!spanish) {
      await go();
      await widget.getByText('To get emails, please write your email.').first().waitFor();
    }
    await widget.getByRole('textbox', { name: spanish ? 'Correo electrónico' : 'Email' }).fill(email);
    await go();
    await widget.getByRole('button', { name: spanish ? 'Reservar esta visita' : 'Book this visit' }).click();
    await widget.getByRole('heading', { name: spanish ? 'Su visita está reservada' : 'Your visit is booked' }).waitFor();
    const href = await widget.getByRole('link', { name: spanish ? 'Cambiar o cancelar esta visita' : 'Change or cancel this visit' }).getAttribute('href');
    const [, id, token] = /#pp-manage=([^.]+)\.([^&]+)&pp-lang=(?:en|es)$/.exec(href);
    return { id, token, text: await widget.innerText() };
  }

  test('a patient who asks for email gets the confirmation, the change, one reminder and the cancellation', async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${portal.url}/index.html`);
      const { id, token, text } = await bookWithEmail(page, { name: 'Rosa María Díaz', email: 'rosa@example.com' });
      assert.ok(text.includes('We sent this to r•••@example.com.'), text);
      await expectNoA11yViolations(page, 'confirmation saying where it was sent');
      const visit = await (await fetch(`${portal.url}/api/v1/appointments/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();

      // The confirmation, with the clinic-local time and the calendar file.
      const confirmation = await mail.waitFor((e) => e.subject.startsWith('Your visit is booked'), 'confirming the booking');
      assert.equal(confirmation.to[0].address, 'rosa@example.com');
      assert.ok(confirmation.text.includes(`When: ${local(visit.start)}`), confirmation.text);
      assert.ok(!confirmation.text.includes('cough') && !confirmation.text.includes('1961'), 'no reason or birth date');
      const ics = await mail.attachment(confirmation, 'visit.ics');
      assert.match(ics, /METHOD:REQUEST/);
      assert.match(ics, /SEQUENCE:0/);

      // The email's link (through the server, which counts the open) opens the manage view,
      // where the patient moves the visit to a later day.
      const link = /https?:\/\/\S+#pp-manage=\S+/.exec(confirmation.text)[0];
      await withPage(browser, async (later) => {
        await later.goto(link);
        const view = later.locator(WIDGET);
        await view.getByRole('heading', { name: 'Your visit' }).waitFor();
        assert.ok(later.url().endsWith(`#pp-manage=${id}.${token}&pp-lang=en`), `the fragment survives the redirect: ${later.url()}`);
        await view.getByRole('button', { name: 'Pick a new time' }).click();
        await view.locator('.pp-day').last().click();
        await view.locator('.pp-time').first().click();
        await view.getByRole('button', { name: 'Yes, move it' }).click();
        await view.getByText('Your visit is moved to the new time.').first().waitFor();
      }, { portal, label: 'move from the email link' });
      const moved = await (await fetch(`${portal.url}/api/v1/appointments/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json();
      assert.notEqual(moved.start, visit.start, 'the visit moved');

      // The update arrives: the same event, one change later.
      const changed = await mail.waitFor((e) => e.subject.startsWith('Your visit has a new time'), 'about the new time');
      assert.ok(changed.text.includes(local(moved.start)), changed.text);
      assert.match(await mail.attachment(changed, 'visit.ics'), /SEQUENCE:1/);

      // The clock passes the first reminder's time: one reminder arrives, with the new time.
      const reminders = (await messagesOf(id)).filter((m) => m.kind === 'reminder' && m.state === 'planned').sort((a, b) => a.due.localeCompare(b.due));
      assert.ok(reminders.length >= 1, `a reminder is planned: ${JSON.stringify(await messagesOf(id))}`);
      await setClock(new Date(Date.parse(reminders[0].due) + 30_000).toISOString());
      const reminder = await mail.waitFor((e) => e.subject.startsWith('Your visit is coming up'), 'reminding of the visit');
      assert.ok(reminder.text.includes(local(moved.start)), reminder.text);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await mail.emails()).filter((e) => e.subject.startsWith('Your visit is coming up')).length, 1, 'one reminder');

      // Cancelled in the manage view: the cancellation arrives, and no reminder after it.
      await withPage(browser, async (manage) => {
        await manage.goto(link);
        const view = manage.locator(WIDGET);
        await view.getByRole('button', { name: 'Cancel this visit' }).click();
        await view.getByRole('button', { name: 'Yes, cancel it' }).click();
        await view.getByText('This visit is cancelled.').first().waitFor();
      }, { portal, label: 'cancel from the email link' });
      const cancelled = await mail.waitFor((e) => e.subject.startsWith('Your visit is cancelled'), 'about the cancellation');
      assert.match(await mail.attachment(cancelled, 'visit.ics'), /METHOD:CANCEL/);
      await setClock(new Date(Date.parse(moved.start) - 60_000).toISOString());
      await new Promise((r) => setTimeout(r, 1_000));
      const all = await mail.emails();
      assert.equal(all.filter((e) => e.subject.startsWith('Your visit is coming up')).length, 1, 'no reminder after the cancel');
      assert.equal(all.filter((e) => e.subject.startsWith('Your visit is booked')).length, 1, 'each message once');
      await setClock(null);

      // The clinic's numbers count the opened link.
      const numbers = await (await fetch(`${portal.url}/api/v1/clinics/maple-grove/numbers`, { headers: { Authorization: `Bearer ${staffKey}` } })).json();
      assert.ok(numbers.messages.links_opened >= 1, JSON.stringify(numbers.messages));
    }, { portal, label: 'booking with email' });
  });

  test('in Spanish, the confirmation is in Spanish, and its one-click unsubscribe stops the next email', async () => {
    await withPage(browser, async (page) => {
      await page.goto(`${portal.url}/index.html`);
      const { id, token } = await bookWithEmail(page, { name: 'Ana López', email: 'ana@example.com', spanish: true });
      const confirmation = await mail.waitFor((e) => e.to[0].address === 'ana@example.com' && e.subject.startsWith('Su visita está reservada'), 'confirming in Spanish');
      assert.ok(confirmation.text.startsWith('Hola, Ana:'), confirmation.text);
      assert.ok(confirmation.text.includes('(555) 010-2233'), confirmation.text);

      const unsubscribe = (await mail.header(confirmation, 'List-Unsubscribe')).replace(/[<>]/g, '');
      assert.equal(await mail.header(confirmation, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
      await withPage(browser, async (stop) => {
        await stop.goto(unsubscribe);
        await stop.getByRole('heading', { name: '¿Dejar de recibir correos?' }).waitFor();
        await expectNoA11yViolations(stop, 'unsubscribe page');
        await stop.getByRole('button', { name: 'Dejar de recibir correos' }).click();
        await stop.getByRole('heading', { name: 'Listo' }).waitFor();
      }, { portal, label: 'unsubscribe', context: { locale: 'es-US' } });

      const cancel = await fetch(`${portal.url}/api/v1/appointments/${id}/cancel`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      assert.equal(cancel.status, 200, await cancel.text());
      for (let i = 0; i < 50; i++) {
        const notice = (await messagesOf(id)).find((m) => m.kind === 'cancelled');
        if (notice && notice.state !== 'planned') {
          assert.equal(notice.state, 'opted_out', JSON.stringify(notice));
          break;
        }
        assert.ok(i < 49, 'the cancel notice was looked at');
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await mail.emails()).filter((e) => e.to[0].address === 'ana@example.com').length, 1, 'nothing after the unsubscribe');
    }, { portal, label: 'booking in Spanish', context: { locale: 'es-US' } });
  });
});
