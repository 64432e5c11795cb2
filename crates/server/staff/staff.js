// The clinic staff's page for post-visit instruction packets.
//
// Privacy rules this file keeps:
// - the staff key lives only in the `session` variable below: never in localStorage,
//   sessionStorage, cookies or the URL;
// - no patient data goes into the URL (only `?clinic=` is read, to prefill the clinic id);
// - every piece of data is written with textContent or form values, never innerHTML.
'use strict';

(function () {
  /** The signed-in clinic and key, in memory only. */
  let session = null;
  // Times are shown in the clinic's time zone (from its catalog), whatever the zone of the
  // computer the staff member uses.
  let zone;
  function clinicTime(t, parts) {
    const options = Object.assign(parts || { dateStyle: 'medium', timeStyle: 'short' }, zone ? { timeZone: zone } : {});
    return new Date(t).toLocaleString([], options);
  }
  /** Medicine rows get ids that stay unique after removals. */
  let medicineCounter = 0;

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      node.setAttribute(name, value);
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(message) {
    const status = $('status');
    status.textContent = '';
    // A fresh text node so screen readers announce the same message twice in a row too.
    window.setTimeout(() => { status.textContent = message; }, 50);
  }

  // ------------------------------------------------------------------------------------------
  // API
  // ------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || 'The server did not answer as expected (HTTP ' + status + ').');
      this.status = status;
      this.code = error.code || 'unknown';
      this.fields = error.fields || [];
      this.extra = error;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (session) headers.Authorization = 'Bearer ' + session.key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError(0, { error: { code: 'network', message: 'We cannot reach the server right now. Nothing was lost; please try again.' } });
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = null; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  const clinicPath = (rest) => '/api/v1/clinics/' + encodeURIComponent(session.clinic) + rest;

  // ------------------------------------------------------------------------------------------
  // Error summaries: one list at the top of a form, each item a link to its field
  // ------------------------------------------------------------------------------------------

  function clearErrors(summaryId, form) {
    const summary = $(summaryId);
    summary.hidden = true;
    summary.querySelector('ul').textContent = '';
    for (const note of form.querySelectorAll('.field-error')) note.remove();
    for (const input of form.querySelectorAll('[aria-invalid]')) {
      input.removeAttribute('aria-invalid');
      const describedBy = (input.getAttribute('aria-describedby') || '')
        .split(' ').filter((id) => id && !id.endsWith('-error')).join(' ');
      if (describedBy) input.setAttribute('aria-describedby', describedBy); else input.removeAttribute('aria-describedby');
    }
  }

  /** Shows `[{id, message}]` next to their fields and in the summary, then focuses the summary. */
  function showErrors(summaryId, form, errors) {
    clearErrors(summaryId, form);
    const summary = $(summaryId);
    const list = summary.querySelector('ul');
    for (const { id, message } of errors) {
      const item = el('li');
      const field = id && $(id);
      if (field) {
        const link = el('a', { href: '#' + id }, message);
        link.addEventListener('click', (event) => {
          event.preventDefault();
          field.focus();
        });
        item.appendChild(link);
        const noteId = id + '-error';
        if (!$(noteId)) {
          const note = el('p', { id: noteId, class: 'field-error' }, message);
          const container = field.closest('.field, .check, fieldset') || field.parentNode;
          if (container.tagName === 'FIELDSET') {
            container.insertBefore(note, container.querySelector('legend').nextSibling);
          } else {
            container.insertBefore(note, field);
          }
        }
        field.setAttribute('aria-invalid', 'true');
        const describedBy = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        describedBy.push(noteId);
        field.setAttribute('aria-describedby', describedBy.join(' '));
      } else {
        item.textContent = message;
      }
      list.appendChild(item);
    }
    summary.hidden = false;
    summary.focus();
  }

  /** The id of the form control for an API field path, like `medicines[1].times[0]`. */
  function fieldIdFor(path) {
    let m = /^medicines\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (m) {
      const row = document.querySelectorAll('#medicines .medicine')[Number(m[1])];
      if (!row) return 'add-medicine';
      const name = m[2] || 'name';
      if (name === 'times') return row.querySelector('[data-time]').id;
      const input = row.querySelector('[data-name="' + name + '"]');
      return input ? input.id : row.querySelector('[data-name="name"]').id;
    }
    if (/^conditions/.test(path)) return 'conditions';
    m = /^follow_up(?:\.(\w+))?/.exec(path);
    if (m) return m[1] === 'visit_type' ? 'follow_up_visit_type' : 'follow_up_in_days';
    const simple = path.replace(/\[.*$/, '').replace(/\..*$/, '');
    return $(simple) ? simple : null;
  }

  function apiFieldErrors(error) {
    if (error.fields && error.fields.length) {
      return error.fields.map((f) => ({ id: fieldIdFor(f.path), message: f.message }));
    }
    return [{ id: null, message: error.message }];
  }

  // ------------------------------------------------------------------------------------------
  // Sign in
  // ------------------------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const form = $('sign-in-form');
    const clinic = $('clinic-id').value.trim();
    const key = $('staff-key').value.trim();
    const errors = [];
    if (!clinic) errors.push({ id: 'clinic-id', message: 'Please write the clinic id, like maple-grove.' });
    if (!key) errors.push({ id: 'staff-key', message: 'Please paste your staff key. It starts with pps_.' });
    if (errors.length) return showErrors('sign-in-errors', form, errors);
    clearErrors('sign-in-errors', form);
    session = { clinic, key };
    say('Signing in…');
    try {
      const [templates, catalog] = await Promise.all([
        api('GET', clinicPath('/instruction-templates')),
        api('GET', clinicPath('/catalog')),
      ]);
      fillSelects(templates, catalog);
      zone = catalog.clinic.timezone;
    } catch (e) {
      session = null;
      const id = e.status === 404 ? 'clinic-id' : 'staff-key';
      showErrors('sign-in-errors', form, [{ id, message: e.message }]);
      return;
    }
    $('staff-key').value = '';
    $('sign-in').hidden = true;
    $('work').hidden = false;
    $('signed-in-as').textContent = 'Signed in for ' + clinic + '.';
    $('signed-in-as').hidden = false;
    $('sign-out').hidden = false;
    say('Signed in for ' + clinic + '.');
    $('new-packet-title').setAttribute('tabindex', '-1');
    $('new-packet-title').focus();
    loadPackets();
  }

  function signOut() {
    session = null;
    $('packet-form').reset();
    $('medicines').textContent = '';
    $('packet-rows').textContent = '';
    $('patient-link').value = '';
    $('link-panel').hidden = true;
    $('report').hidden = true;
    $('work').hidden = true;
    for (const id of ['follow-up-rows', 'visit-rows', 'you-said-list', 'funnel-rows', 'week-rows', 'trend-chart', 'numbers-bookings', 'numbers-follow-ups']) {
      $(id).textContent = '';
    }
    $('feedback-link').value = '';
    $('feedback-link-panel').hidden = true;
    showView('view-instructions', false);
    $('signed-in-as').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('staff-key').focus();
    say('Signed out. The key is gone from this page.');
  }

  function option(value, label) {
    const node = el('option', { value }, label);
    return node;
  }

  function fillSelects(templates, catalog) {
    const template = $('template');
    template.textContent = '';
    template.appendChild(option('', 'Choose the instructions'));
    for (const t of templates) template.appendChild(option(t.id, t.title.en));
    const provider = $('provider');
    provider.textContent = '';
    provider.appendChild(option('', 'Not named'));
    for (const p of catalog.providers) provider.appendChild(option(p.id, p.name.en));
    const visit = $('follow_up_visit_type');
    visit.textContent = '';
    visit.appendChild(option('', 'Any visit'));
    for (const v of catalog.visit_types) visit.appendChild(option(v.id, v.name.en));
  }

  // ------------------------------------------------------------------------------------------
  // Medicines
  // ------------------------------------------------------------------------------------------

  function renumberMedicines() {
    const rows = document.querySelectorAll('#medicines .medicine');
    rows.forEach((row, i) => {
      row.querySelector(':scope > legend').textContent = 'Medicine ' + (i + 1);
      row.querySelector('[data-action="remove"]').textContent = 'Remove medicine ' + (i + 1);
    });
  }

  function addMedicine() {
    const n = ++medicineCounter;
    const row = $('medicine-template').content.firstElementChild.cloneNode(true);
    for (const input of row.querySelectorAll('[data-name]')) {
      input.id = 'med-' + n + '-' + input.dataset.name;
    }
    for (const label of row.querySelectorAll('[data-for]')) {
      label.setAttribute('for', 'med-' + n + '-' + label.dataset.for);
    }
    for (const box of row.querySelectorAll('[data-time]')) {
      box.id = 'med-' + n + '-time-' + box.dataset.time;
    }
    for (const label of row.querySelectorAll('[data-for-time]')) {
      label.setAttribute('for', 'med-' + n + '-time-' + label.dataset.forTime);
    }
    row.querySelector('[data-action="remove"]').addEventListener('click', () => {
      row.remove();
      renumberMedicines();
      say('Medicine removed.');
      $('add-medicine').focus();
    });
    $('medicines').appendChild(row);
    renumberMedicines();
    row.querySelector('[data-name="name"]').focus();
  }

  function medicines() {
    return Array.from(document.querySelectorAll('#medicines .medicine')).map((row) => {
      const value = (name) => row.querySelector('[data-name="' + name + '"]').value.trim();
      const days = value('days');
      const medicine = {
        name: value('name'),
        dose: value('dose'),
        how: value('how'),
        times: Array.from(row.querySelectorAll('[data-time]')).filter((b) => b.checked).map((b) => b.dataset.time),
        food: value('food'),
      };
      if (days) medicine.days = Number(days);
      return medicine;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Preview and create
  // ------------------------------------------------------------------------------------------

  function packetRequest() {
    const value = (id) => $(id).value.trim();
    const request = {
      template: value('template'),
      preferred_name: value('preferred_name'),
      date_of_birth: value('date_of_birth'),
      language: value('language') || 'en',
      conditions: value('conditions').split(',').map((c) => c.trim()).filter(Boolean),
      medicines: medicines(),
      provider_note: $('provider_note').value.trim(),
      override_readability: $('override_readability').checked,
    };
    if (value('provider')) request.provider = value('provider');
    if (value('visit_date')) request.visit_date = value('visit_date');
    const inDays = value('follow_up_in_days');
    if (inDays || value('follow_up_visit_type')) {
      request.follow_up = {};
      if (inDays) request.follow_up.in_days = Number(inDays);
      if (value('follow_up_visit_type')) request.follow_up.visit_type = value('follow_up_visit_type');
    }
    return request;
  }

  function showReport(report) {
    const panel = $('report');
    const list = $('report-sections');
    list.textContent = '';
    const above = report.sections.filter((s) => s.above_max).length;
    $('report-summary').textContent = above
      ? above + ' section(s) read above grade ' + report.max_grade + '. The clinic aims for grade ' + report.target_grade + ' or lower.'
      : 'Every section reads at grade ' + report.max_grade + ' or lower. The clinic aims for grade ' + report.target_grade + ' or lower.';
    const table = el('table');
    table.appendChild(el('caption', {}, 'Reading level by section'));
    const head = el('tr');
    for (const h of ['Section', 'Language', 'Grade', 'Hard sentences', 'Long words']) head.appendChild(el('th', { scope: 'col' }, h));
    table.appendChild(el('thead')).appendChild(head);
    const body = el('tbody');
    for (const s of report.sections) {
      const row = el('tr', s.above_max ? { class: 'above-max' } : {});
      row.appendChild(el('th', { scope: 'row' }, s.heading));
      row.appendChild(el('td', {}, s.language === 'es' ? 'Spanish' : 'English'));
      row.appendChild(el('td', {}, s.grade.toFixed(1) + (s.above_max ? ' (too high)' : '')));
      const sentences = el('td');
      if (s.hard_sentences.length) {
        const ul = el('ul');
        for (const h of s.hard_sentences) ul.appendChild(el('li', {}, h.text + ' (grade ' + h.grade.toFixed(1) + ')'));
        sentences.appendChild(ul);
      } else {
        sentences.textContent = 'None';
      }
      row.appendChild(sentences);
      row.appendChild(el('td', {}, s.hard_words.length ? s.hard_words.join(', ') : 'None'));
      body.appendChild(row);
    }
    table.appendChild(body);
    const wrap = el('div', { class: 'table-wrap' });
    wrap.appendChild(table);
    list.appendChild(wrap);
    panel.hidden = false;
  }

  async function checkReading() {
    const form = $('packet-form');
    clearErrors('packet-errors', form);
    say('Checking the reading level…');
    try {
      const preview = await api('POST', clinicPath('/packets/preview'), packetRequest());
      showReport(preview.readability);
      say(preview.readability.above_max ? 'Some sections read above the highest grade. See the reading level below.' : 'The reading level is fine. See the details below.');
      $('report').focus();
    } catch (e) {
      say('The instructions need a change.');
      showErrors('packet-errors', form, apiFieldErrors(e));
    }
  }

  function showLink(created, intro) {
    $('link-intro').textContent = intro;
    $('patient-link').value = created.patient_link;
    $('link-expires').textContent = 'The link works until ' + clinicTime(created.expires_at) + '.';
    $('link-panel').hidden = false;
    $('link-panel').focus();
  }

  async function createPacket(event) {
    event.preventDefault();
    const form = $('packet-form');
    clearErrors('packet-errors', form);
    say('Creating the packet…');
    try {
      const created = await api('POST', clinicPath('/packets'), packetRequest());
      showReport(created.readability);
      showLink(created, 'The packet is ready. Give this link to the patient. It is shown only this once.');
      say('Packet created. The patient link is below.');
      loadPackets();
    } catch (e) {
      if (e.code === 'readability_above_max' && e.extra.readability) showReport(e.extra.readability);
      say('The packet was not created. ' + e.message);
      const errors = apiFieldErrors(e);
      if (e.code === 'readability_above_max') errors[0].id = 'override_readability';
      showErrors('packet-errors', form, errors);
    }
  }

  async function copyLink() {
    const input = $('patient-link');
    try {
      await navigator.clipboard.writeText(input.value);
      say('Link copied.');
    } catch (e) {
      input.focus();
      input.select();
      say('Copying is blocked here. The link is selected: press Control+C (or Command+C) to copy it.');
    }
  }

  // ------------------------------------------------------------------------------------------
  // The list of packets
  // ------------------------------------------------------------------------------------------

  const when = (t) => (t ? clinicTime(t) : 'Not yet');

  async function loadPackets() {
    const state = $('state-filter').value;
    const rows = $('packet-rows');
    try {
      const packets = await api('GET', clinicPath('/packets' + (state ? '?state=' + encodeURIComponent(state) : '')));
      rows.textContent = '';
      if (!packets.length) {
        const row = el('tr');
        row.appendChild(el('td', { colspan: '8' }, 'No packets yet.'));
        rows.appendChild(row);
      }
      for (const p of packets) rows.appendChild(packetRow(p));
      say(packets.length === 1 ? '1 packet in the list.' : packets.length + ' packets in the list.');
    } catch (e) {
      say('The list could not be loaded. ' + e.message);
    }
  }

  function packetRow(p) {
    const row = el('tr');
    row.appendChild(el('th', { scope: 'row' }, p.preferred_name));
    row.appendChild(el('td', {}, p.template));
    row.appendChild(el('td', {}, p.state));
    row.appendChild(el('td', {}, when(p.opened_at)));
    row.appendChild(el('td', {}, p.acknowledged.length + ' of ' + p.section_count + ' sections'));
    const tb = p.teach_back.length
      ? p.teach_back.map((r) => r.question + ': ' + (r.correct ? 'right' : 'not yet') + ' (' + r.attempts + (r.attempts === 1 ? ' try)' : ' tries)')).join('; ')
      : 'No answers yet';
    row.appendChild(el('td', {}, tb));
    row.appendChild(el('td', {}, p.complete ? 'Yes' : 'No'));
    const actions = el('td', { class: 'row-actions' });
    if (p.state !== 'revoked') {
      const revoke = el('button', { type: 'button', 'aria-label': 'Revoke the packet for ' + p.preferred_name }, 'Revoke');
      revoke.addEventListener('click', () => revokePacket(p));
      actions.appendChild(revoke);
      const newLink = el('button', { type: 'button', 'aria-label': 'New link for ' + p.preferred_name }, 'New link');
      newLink.addEventListener('click', () => newLinkFor(p));
      actions.appendChild(newLink);
    }
    row.appendChild(actions);
    return row;
  }

  async function revokePacket(p) {
    if (!window.confirm('Revoke the packet for ' + p.preferred_name + '? The patient link stops working at once.')) return;
    try {
      await api('POST', clinicPath('/packets/' + encodeURIComponent(p.id) + '/revoke'));
      say('The packet for ' + p.preferred_name + ' is revoked.');
      await loadPackets();
      $('refresh').focus();
    } catch (e) {
      say('The packet was not revoked. ' + e.message);
    }
  }

  async function newLinkFor(p) {
    try {
      const created = await api('POST', clinicPath('/packets/' + encodeURIComponent(p.id) + '/new-link'));
      showLink(created, 'New link for ' + p.preferred_name + '. The old link no longer works. This link is shown only this once.');
      say('New link ready for ' + p.preferred_name + '.');
      loadPackets();
    } catch (e) {
      say('No new link was made. ' + e.message);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Pages: one part of the work shown at a time, chosen in the nav
  // ------------------------------------------------------------------------------------------

  const viewLoaders = {
    'view-follow-ups': () => loadFollowUps(),
    'view-feedback-links': () => loadVisits(),
    'view-you-said': () => loadNotes(),
    'view-numbers': () => loadNumbers(),
  };

  function showView(id, focus) {
    for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== id;
    for (const button of document.querySelectorAll('#views-nav [data-view]')) {
      if (button.dataset.view === id) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    }
    if (focus) {
      const heading = $(id).querySelector('h2');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus();
      }
    }
    if (viewLoaders[id]) viewLoaders[id]();
  }

  const scoreText = (label, value, max) => (value === undefined || value === null ? null : label + ' ' + value + ' of ' + max);
  const contactWays = { phone: 'Call', email: 'Email', text: 'Text message' };
  const reasons = { low_score: 'Low score', asked_to_be_contacted: 'Asked to be contacted' };

  // ------------------------------------------------------------------------------------------
  // Follow-ups
  // ------------------------------------------------------------------------------------------

  async function loadFollowUps() {
    const rows = $('follow-up-rows');
    try {
      const queue = await api('GET', clinicPath('/follow-ups'));
      rows.textContent = '';
      for (const item of queue.items) rows.appendChild(followUpRow(item));
      const open = queue.items.filter((i) => !i.resolved_at).length;
      $('follow-ups-summary').textContent = open === 0
        ? 'No open follow-ups.'
        : open + ' open, ' + queue.overdue + ' overdue.';
    } catch (e) {
      say(e.message);
    }
  }

  function followUpRow(item) {
    const tr = el('tr');
    tr.appendChild(el('td', {}, when(item.due_at)));
    const status = el('td');
    if (item.resolved_at) status.textContent = 'Resolved ' + when(item.resolved_at);
    else if (item.overdue) status.appendChild(el('strong', { class: 'overdue' }, 'Overdue'));
    else status.textContent = 'Open';
    tr.appendChild(status);
    tr.appendChild(el('td', {}, (reasons[item.reason] || item.reason) + (item.moment === 'after_booking' ? ', after booking' : ', after the visit')));
    const scores = [
      scoreText('Ease', item.ease, 5),
      scoreText('Overall', item.overall, 5),
      scoreText('Recommend', item.recommend, 10),
    ].filter(Boolean).join('; ');
    tr.appendChild(el('td', {}, scores || 'None'));
    // What the patient wrote is shown as text, never as HTML.
    tr.appendChild(el('td', { class: 'patient-text' }, item.better || 'Nothing written'));
    const language = item.language === 'es' ? ' (Spanish)' : '';
    const contact = item.contact
      ? (contactWays[item.contact] || item.contact) + ': ' + (item.contact_value || 'use the one on file') + language
      : 'Did not ask' + language;
    tr.appendChild(el('td', {}, contact));
    const cell = el('td');
    if (item.resolved_at) {
      cell.appendChild(el('p', {}, item.resolution_note || ''));
    } else {
      cell.appendChild(resolveForm(item));
    }
    tr.appendChild(cell);
    return tr;
  }

  function resolveForm(item) {
    const form = el('form', { class: 'resolve-form', novalidate: '' });
    const id = 'note-' + item.id;
    const field = el('div', { class: 'field' });
    field.appendChild(el('label', { for: id }, 'What did you do?'));
    field.appendChild(el('textarea', { id, rows: '2', maxlength: '2000', required: '' }));
    form.appendChild(field);
    form.appendChild(el('button', { type: 'submit' }, 'Mark as resolved'));
    form.addEventListener('submit', (event) => resolveFollowUp(event, item, form, id));
    return form;
  }

  async function resolveFollowUp(event, item, form, noteId) {
    event.preventDefault();
    const note = $(noteId).value.trim();
    if (!note) {
      return showErrors('follow-up-errors', form, [{ id: noteId, message: 'Write what you did, like "Called her back and moved the visit to Tuesday."' }]);
    }
    clearErrors('follow-up-errors', form);
    try {
      await api('POST', clinicPath('/follow-ups/' + encodeURIComponent(item.id) + '/resolve'), { note });
      say('Follow-up resolved. The patient can see that it was handled.');
      await loadFollowUps();
      $('follow-ups-title').focus();
    } catch (e) {
      const errors = e.fields && e.fields.length ? e.fields.map((f) => ({ id: noteId, message: f.message })) : [{ id: null, message: e.message }];
      showErrors('follow-up-errors', form, errors);
      if (e.status === 409) await loadFollowUps();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Feedback links
  // ------------------------------------------------------------------------------------------

  async function loadVisits(event) {
    if (event) event.preventDefault();
    const form = $('visits-form');
    const day = $('visits-day').value;
    clearErrors('visits-errors', form);
    try {
      const visits = await api('GET', clinicPath('/appointments' + (day ? '?date=' + encodeURIComponent(day) : '')));
      const rows = $('visit-rows');
      rows.textContent = '';
      for (const v of visits) rows.appendChild(visitRow(v));
      $('visits-caption').textContent = (day ? 'Visits on ' + day : 'Visits today') + ': ' + visits.length;
    } catch (e) {
      showErrors('visits-errors', form, [{ id: e.fields && e.fields.length ? 'visits-day' : null, message: e.message }]);
    }
  }

  function visitRow(v) {
    const tr = el('tr');
    tr.appendChild(el('td', {}, clinicTime(v.start, { hour: 'numeric', minute: '2-digit' })));
    tr.appendChild(el('th', { scope: 'row' }, v.preferred_name || 'No name given'));
    tr.appendChild(el('td', {}, v.visit_type));
    tr.appendChild(el('td', {}, v.provider));
    tr.appendChild(el('td', {}, v.status === 'booked' ? 'Booked' : 'Cancelled'));
    tr.appendChild(el('td', {}, v.feedback_sent ? 'Sent' : 'Not yet'));
    const cell = el('td');
    if (v.status === 'booked') {
      const button = el('button', { type: 'button' }, 'Make feedback link');
      button.setAttribute('aria-label', 'Make feedback link for ' + (v.preferred_name || 'this visit'));
      button.addEventListener('click', () => makeFeedbackLink(v));
      cell.appendChild(button);
    }
    tr.appendChild(cell);
    const messages = el('td');
    const show = el('button', { type: 'button' }, 'Messages');
    show.setAttribute('aria-label', 'Messages to ' + (v.preferred_name || 'the patient'));
    show.addEventListener('click', () => showMessages(v));
    messages.appendChild(show);
    tr.appendChild(messages);
    return tr;
  }

  const MESSAGE_NAMES = {
    confirmation: 'Booking confirmed', changed: 'Visit changed', cancelled: 'Visit cancelled', reminder: 'Reminder',
    notes_ready: 'Visit notes ready', after_visit: 'How was your visit?', follow_up_handled: 'We looked into it',
  };
  const MESSAGE_STATES = {
    planned: 'Planned', sent: 'Sent', failed: 'Not sent: failed', cancelled: 'Dropped', opted_out: 'Not sent: the patient opted out', not_sent: 'Not sent',
  };
  let messagesVisit = null;

  function fillMessages(v, list) {
    const rows = $('message-rows');
    rows.textContent = '';
    for (const m of list) {
      const tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, MESSAGE_NAMES[m.kind] || m.kind));
      tr.appendChild(el('td', {}, m.channel === 'text' ? 'Text' : 'Email'));
      tr.appendChild(el('td', {}, when(m.sent || m.due)));
      const state = (MESSAGE_STATES[m.state] || m.state) + (m.reason ? ' (' + m.reason + ')' : '') + (m.state === 'planned' && m.attempts > 0 ? ', tried ' + m.attempts + ' times' : '') + (m.opened ? '; link opened ' + when(m.opened) : '');
      tr.appendChild(el('td', {}, state));
      rows.appendChild(tr);
    }
    $('messages-intro').textContent = list.length
      ? 'Messages to ' + (v.preferred_name || 'the patient') + ' about this visit: ' + list.length + '.'
      : (v.preferred_name || 'The patient') + ' gets no messages about this visit.';
    $('resend-confirmation').hidden = v.status !== 'booked';
  }

  async function showMessages(v) {
    try {
      const list = await api('GET', clinicPath('/appointments/' + encodeURIComponent(v.id) + '/messages'));
      messagesVisit = v;
      fillMessages(v, list);
      $('messages-panel').hidden = false;
      $('messages-panel').focus();
    } catch (e) {
      say(e.message);
    }
  }

  async function resendConfirmation() {
    if (!messagesVisit) return;
    try {
      const list = await api('POST', clinicPath('/appointments/' + encodeURIComponent(messagesVisit.id) + '/messages/resend'));
      fillMessages(messagesVisit, list);
      say('The confirmation will be sent again in a moment.');
    } catch (e) {
      say(e.message);
    }
  }

  async function makeFeedbackLink(v) {
    try {
      const created = await api('POST', clinicPath('/feedback-links'), { appointment: v.id });
      $('feedback-link').value = created.link;
      $('feedback-link-intro').textContent = 'Send this link to ' + (v.preferred_name || 'the patient') + '. It is shown only this once.';
      $('feedback-link-expires').textContent = 'It works until ' + when(created.expires_at) + '.';
      $('feedback-link-panel').hidden = false;
      $('feedback-link-panel').focus();
      say('Feedback link made.');
    } catch (e) {
      say(e.message);
    }
  }

  async function copyFeedbackLink() {
    const input = $('feedback-link');
    try {
      await navigator.clipboard.writeText(input.value);
      say('Feedback link copied.');
    } catch (e) {
      input.focus();
      input.select();
      say('Copying is blocked here. The link is selected: press Control+C (or Command+C) to copy it.');
    }
  }

  // ------------------------------------------------------------------------------------------
  // You said, we did
  // ------------------------------------------------------------------------------------------

  async function loadNotes() {
    try {
      const notes = await api('GET', clinicPath('/you-said-we-did?limit=20'));
      const list = $('you-said-list');
      list.textContent = '';
      if (!notes.length) list.appendChild(el('li', {}, 'Nothing published yet.'));
      for (const n of notes) {
        const item = el('li');
        item.appendChild(el('p', {}, n.text.en));
        if (n.text.es) item.appendChild(el('p', { lang: 'es' }, n.text.es));
        item.appendChild(el('p', { class: 'hint' }, 'Published ' + when(n.published_at)));
        list.appendChild(item);
      }
    } catch (e) {
      say(e.message);
    }
  }

  async function publishNote(event) {
    event.preventDefault();
    const form = $('you-said-form');
    const en = $('you-said-en').value.trim();
    const es = $('you-said-es').value.trim();
    if (!en) return showErrors('you-said-errors', form, [{ id: 'you-said-en', message: 'Write the note in English.' }]);
    clearErrors('you-said-errors', form);
    try {
      await api('POST', clinicPath('/you-said-we-did'), { text: es ? { en, es } : { en } });
      form.reset();
      say('Note published. Patients see it in the widget.');
      await loadNotes();
    } catch (e) {
      const ids = { 'text.en': 'you-said-en', 'text.es': 'you-said-es' };
      const errors = e.fields && e.fields.length ? e.fields.map((f) => ({ id: ids[f.path] || null, message: f.message })) : [{ id: null, message: e.message }];
      showErrors('you-said-errors', form, errors);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Numbers
  // ------------------------------------------------------------------------------------------

  function figures(dl, pairs) {
    dl.textContent = '';
    for (const [term, value] of pairs) {
      dl.appendChild(el('dt', {}, term));
      dl.appendChild(el('dd', {}, value));
    }
  }

  const stepNames = { opened: 'Opened the widget', visit_type: 'Picked a visit type', time: 'Picked a time', details: 'Filled in details', booked: 'Booked' };
  const orNone = (x) => (x === undefined || x === null ? 'No answers' : String(x));

  /** Inserts the server's SVG chart as a parsed SVG node: never as HTML markup. */
  function showChart(svgText) {
    const box = $('trend-chart');
    box.textContent = '';
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const svg = doc.documentElement;
    if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length) {
      box.appendChild(el('p', {}, 'The chart could not be shown. The table below has the same numbers.'));
      return;
    }
    for (const script of svg.querySelectorAll('script, foreignObject')) script.remove();
    box.appendChild(document.importNode(svg, true));
  }

  async function loadNumbers(event) {
    if (event) event.preventDefault();
    try {
      const n = await api('GET', clinicPath('/numbers?weeks=' + encodeURIComponent($('numbers-weeks').value)));
      $('numbers-range').textContent = 'From ' + n.from + ' to ' + n.to + '.';
      figures($('numbers-bookings'), [
        ['Visits booked online', String(n.online_bookings)],
        ['Phone time saved', n.phone_minutes_saved + ' minutes (' + n.minutes_per_call + ' minutes a call)'],
      ]);
      const funnel = $('funnel-rows');
      funnel.textContent = '';
      for (const s of n.funnel) {
        const tr = el('tr');
        tr.appendChild(el('th', { scope: 'row' }, stepNames[s.step] || s.step));
        tr.appendChild(el('td', {}, String(s.count)));
        funnel.appendChild(tr);
      }
      const f = n.follow_ups;
      figures($('numbers-follow-ups'), [
        ['Opened', String(f.opened)],
        ['Closed on time', String(f.closed_on_time)],
        ['Closed late', String(f.closed_late)],
        ['Overdue now', String(f.overdue)],
        ['Open, not yet due', String(f.open)],
        ['Median time to close', f.median_minutes_to_close === undefined ? 'None closed yet' : f.median_minutes_to_close + ' minutes'],
      ]);
      const m = n.messages || {};
      figures($('numbers-messages'), [
        ['Sent', String(m.sent || 0)],
        ['Failed after every try', String(m.failed || 0)],
        ['Not sent (no email server or address)', String(m.not_sent || 0)],
        ['Not sent (patient opted out)', String(m.opted_out || 0)],
        ['Waiting for their time', String(m.planned || 0)],
        ['Links opened (messages whose link the patient opened)', String(m.links_opened || 0)],
      ]);
      const weeks = $('week-rows');
      weeks.textContent = '';
      for (const w of n.weeks) {
        const tr = el('tr');
        tr.appendChild(el('th', { scope: 'row' }, w.week_start));
        tr.appendChild(el('td', {}, String(w.responses)));
        tr.appendChild(el('td', {}, orNone(w.ease_avg)));
        tr.appendChild(el('td', {}, orNone(w.overall_avg)));
        tr.appendChild(el('td', {}, orNone(w.recommend_nps)));
        weeks.appendChild(tr);
      }
      showChart(n.trend_svg);
    } catch (e) {
      say(e.message);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    const clinic = new URLSearchParams(window.location.search).get('clinic');
    if (clinic) $('clinic-id').value = clinic;
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('packet-form').addEventListener('submit', createPacket);
    $('check-reading').addEventListener('click', checkReading);
    $('add-medicine').addEventListener('click', addMedicine);
    $('copy-link').addEventListener('click', copyLink);
    $('refresh').addEventListener('click', loadPackets);
    $('state-filter').addEventListener('change', loadPackets);
    for (const button of document.querySelectorAll('#views-nav [data-view]')) {
      button.addEventListener('click', () => showView(button.dataset.view, true));
    }
    $('refresh-follow-ups').addEventListener('click', loadFollowUps);
    $('visits-form').addEventListener('submit', loadVisits);
    $('copy-feedback-link').addEventListener('click', copyFeedbackLink);
    $('resend-confirmation').addEventListener('click', resendConfirmation);
    $('you-said-form').addEventListener('submit', publishNote);
    $('numbers-form').addEventListener('submit', loadNumbers);
  });
})();
