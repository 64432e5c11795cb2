// Patient data never reaches portal-server's logs: a whole booking life (book, retry, read,
// calendar, cancel) runs against the real server, then its output is searched for every
// detail the patient typed and for the manage token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPortal } from '../lib/harness.mjs';

describe('privacy of server logs', { timeout: 120_000 }, () => {
  let portal;

  before(async () => {
    portal = await startPortal();
  });

  after(async () => {
    await portal?.stop();
  });

  test('booking, reading and cancelling write no patient data or token to the logs', async () => {
    const api = `${portal.url}/api/v1`;
    const availability = await (await fetch(`${api}/clinics/maple-grove/availability?visit_type=sick-visit`)).json();
    const slot = availability.next_available;
    assert.ok(slot, 'the demo clinic has an open time');
    const patient = {
      name: 'Zebulon Quartermaine',
      preferred_name: 'Zeb',
      date_of_birth: '1948-07-23',
      phone: '(555) 013-9876',
      email: 'zeb.quartermaine@example.org',
      reason: 'Sharp pain in my left knee',
      interpreter_language: 'Portuguese',
      accessibility_notes: 'I use a wheelchair',
    };
    const body = JSON.stringify({
      visit_type: 'sick-visit', provider: slot.provider, location: slot.location, start: slot.start,
      new_patient: true, language: 'en', patient,
    });
    const headers = { 'Content-Type': 'application/json', 'Idempotency-Key': 'privacy-spec-key-0001' };
    const booked = await fetch(`${api}/clinics/maple-grove/appointments`, { method: 'POST', headers, body });
    assert.equal(booked.status, 201, await booked.clone().text());
    const retried = await fetch(`${api}/clinics/maple-grove/appointments`, { method: 'POST', headers, body });
    assert.equal(retried.status, 201);
    const visit = await retried.json();
    const auth = { Authorization: `Bearer ${visit.manage_token}` };
    assert.equal((await fetch(`${api}/appointments/${visit.id}`, { headers: auth })).status, 200);
    assert.equal((await fetch(`${api}/appointments/${visit.id}/calendar.ics`, { headers: auth })).status, 200);
    assert.equal((await fetch(`${api}/appointments/${visit.id}/cancel`, { method: 'POST', headers: auth })).status, 200);
    // A wrong token and a bad body are logged too: still nothing personal.
    await fetch(`${api}/appointments/${visit.id}`, { headers: { Authorization: 'Bearer wrong' } });
    await fetch(`${api}/clinics/maple-grove/appointments`, {
      method: 'POST', headers: { ...headers, 'Idempotency-Key': 'privacy-spec-key-0002' },
      body: JSON.stringify({ ...JSON.parse(body), patient: { ...patient, date_of_birth: '1948-02-31' } }),
    });

    const { stdout, stderr } = portal.logs();
    const logs = stdout + stderr;
    assert.match(logs, /route="\/api\/v1\/clinics\/\{clinic\}\/appointments"/, 'requests are logged by route pattern');
    for (const secret of [...Object.values(patient), '1948-02-31', visit.manage_token, visit.id]) {
      assert.ok(!logs.includes(secret), `the logs must not contain "${secret}"`);
    }
  });
});
