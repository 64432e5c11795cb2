// The clinic's staff console: schedule, phone bookings, blocked time, follow-ups, instruction
// packets, feedback links, "you said, we did", numbers and staff accounts.
//
// Privacy and safety rules this file keeps:
// - the session is an HttpOnly cookie this script cannot read; it keeps only the CSRF token
//   (sent with every change) and who is signed in, in memory: nothing in localStorage,
//   sessionStorage or the URL;
// - no patient data goes into the URL (a set-password link's code is read from the fragment
//   and removed from the address bar at once);
// - every piece of data is written with textContent or form values, never innerHTML.
'use strict';

(function () {
  /** The clinic of this page. */
  const CLINIC = (document.querySelector('meta[name="portal-clinic"]') || {}).content || '';
  /** Who is signed in and the CSRF token, in memory only. */
  let session = null;
  /** The clinic's catalog (visit types, providers, offices). */
  let catalog = null;
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

  async function api(method, path, body, extraHeaders) {
    const headers = { Accept: 'application/json' };
    if (session && method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (extraHeaders) Object.assign(headers, extraHeaders);
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'same-origin',
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
    if (!response.ok) {
      const error = new ApiError(response.status, data);
      // The session ended (idle, signed out elsewhere, account reset): back to the sign-in,
      // with what happened. Whatever was typed on the page stays in its fields.
      if (response.status === 401 && session) signedOut(error.message);
      throw error;
    }
    return data;
  }

  const clinicPath = (rest) => '/api/v1/clinics/' + encodeURIComponent(CLINIC) + rest;

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

  const roleWords = { front_desk: 'front desk', clinician: 'clinician', manager: 'manager' };

  function showSignIn(message) {
    $('set-password').hidden = true;
    $('work').hidden = true;
    $('sign-in').hidden = false;
    if (message) {
      showErrors('sign-in-errors', $('sign-in-form'), [{ id: null, message }]);
    } else {
      $('sign-in-title').focus();
    }
  }

  async function signIn(event) {
    event.preventDefault();
    const form = $('sign-in-form');
    const email = $('email').value.trim();
    const password = $('password').value;
    const errors = [];
    if (!email) errors.push({ id: 'email', message: 'Please write your email.' });
    if (!password) errors.push({ id: 'password', message: 'Please write your password.' });
    if (errors.length) return showErrors('sign-in-errors', form, errors);
    clearErrors('sign-in-errors', form);
    say('Signing in…');
    try {
      const signedIn = await api('POST', clinicPath('/staff/sign-in'), { email, password });
      $('password').value = '';
      await enter(signedIn);
    } catch (e) {
      showErrors('sign-in-errors', form, [{ id: 'password', message: e.message }]);
    }
  }

  /** Opens the console for a signed-in person: only the pages their role may use. */
  async function enter(signedIn) {
    session = {
      csrf: signedIn.csrf_token,
      role: signedIn.account.role,
      email: signedIn.account.email,
      name: signedIn.account.name,
      provider: signedIn.account.provider,
    };
    zone = signedIn.timezone;
    catalog = await api('GET', clinicPath('/catalog'));
    const templates = mayUse('clinician') ? await api('GET', clinicPath('/instruction-templates')) : [];
    fillSelects(templates, catalog);
    fillDeskSelects();
    for (const button of document.querySelectorAll('#views-nav [data-view]')) {
      button.parentNode.hidden = !mayUse(...button.dataset.roles.split(' ').filter(Boolean));
    }
    $('sign-in').hidden = true;
    $('set-password').hidden = true;
    $('work').hidden = false;
    const who = session.name + ' (' + roleWords[session.role] + ')';
    $('signed-in-as').textContent = 'Signed in as ' + who + '.';
    $('signed-in-as').hidden = false;
    $('sign-out').hidden = false;
    say('Signed in as ' + who + '.');
    const first = document.querySelector('#views-nav li:not([hidden]) [data-view]');
    showView(first.dataset.view, true);
  }

  /** Whether the signed-in person may use a page meant for `roles` (managers may use all). */
  function mayUse(...roles) {
    return !!session && (session.role === 'manager' || roles.includes(session.role));
  }

  async function signOut() {
    try {
      await api('POST', clinicPath('/staff/sign-out'));
    } catch (e) {
      // Signed out on the server already; the page forgets all the same.
    }
    clearWork();
    showSignIn();
    say('Signed out.');
  }

  /** The session ended on the server: back to the sign-in, saying why. */
  function signedOut(message) {
    session = null;
    $('work').hidden = true;
    $('signed-in-as').hidden = true;
    $('sign-out').hidden = true;
    showSignIn(message);
  }

  /** Forgets every patient detail shown on the page. */
  function clearWork() {
    if (moving) stopMoving();
    session = null;
    $('packet-form').reset();
    $('medicines').textContent = '';
    $('packet-rows').textContent = '';
    $('patient-link').value = '';
    $('link-panel').hidden = true;
    $('report').hidden = true;
    $('work').hidden = true;
    for (const id of ['follow-up-rows', 'visit-rows', 'you-said-list', 'funnel-rows', 'week-rows', 'trend-chart', 'numbers-bookings', 'numbers-follow-ups', 'schedule-list', 'blocked-list', 'book-times', 'to-call-list', 'account-rows', 'no-show-week-rows', 'no-show-type-rows']) {
      $(id).textContent = '';
    }
    for (const id of ['book-form', 'block-form', 'account-form']) $(id).reset();
    for (const id of ['feedback-link-panel', 'booked-panel', 'to-call-panel', 'setup-link-panel']) $(id).hidden = true;
    $('feedback-link').value = '';
    $('setup-link').value = '';
    $('signed-in-as').hidden = true;
    $('sign-out').hidden = true;
  }

  /** A set-password link (`#setup=CODE`): the code leaves the address bar at once. */
  async function startSetPassword(code) {
    window.history.replaceState(null, '', window.location.pathname);
    $('sign-in').hidden = true;
    $('set-password').hidden = false;
    try {
      const setup = await api('POST', clinicPath('/staff/setup'), { code });
      $('set-password-for').textContent = 'For ' + setup.email + '. Then sign in with it.';
      $('set-password-form').dataset.email = setup.email;
      $('set-password-form').dataset.code = code;
      $('set-password-title').focus();
    } catch (e) {
      $('set-password').hidden = true;
      showSignIn(e.message);
    }
  }

  async function setPassword(event) {
    event.preventDefault();
    const form = $('set-password-form');
    const code = form.dataset.code;
    const password = $('new-password').value;
    if (!password) return showErrors('set-password-errors', form, [{ id: 'new-password', message: 'Please choose a password.' }]);
    try {
      await api('POST', clinicPath('/staff/password'), { code, password });
    } catch (e) {
      return showErrors('set-password-errors', form, [{ id: 'new-password', message: e.fields.length ? e.fields[0].message : e.message }]);
    }
    $('new-password').value = '';
    $('email').value = form.dataset.email || '';
    showSignIn();
    $('password').focus();
    say('Your password is saved. Sign in with it now.');
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
    'view-schedule': () => loadSchedule(),
    'view-staff': () => loadAccounts(),
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
    const tr = el('tr', item.overdue ? { class: 'overdue-row' } : {});
    const due = el('td');
    if (item.resolved_at) {
      due.textContent = 'Resolved ' + when(item.resolved_at);
    } else {
      // Overdue is said in words and marked with a sign, never by colour alone.
      if (item.overdue) due.appendChild(el('strong', { class: 'overdue' }, 'Overdue: '));
      due.appendChild(el('span', {}, item.due_in_words || when(item.due_at)));
      due.appendChild(el('span', { class: 'hint-line' }, when(item.due_at)));
    }
    tr.appendChild(due);
    const who = el('td');
    const name = item.patient_name || item.preferred_name || 'Patient (no visit on file)';
    who.appendChild(el('strong', {}, name));
    if (item.preferred_name && item.preferred_name !== item.patient_name) {
      who.appendChild(el('span', { class: 'hint-line' }, 'Goes by ' + item.preferred_name));
    }
    if (item.visit) who.appendChild(el('span', { class: 'hint-line' }, item.visit));
    tr.appendChild(who);
    tr.appendChild(el('td', {}, (reasons[item.reason] || item.reason) + (item.moment === 'after_booking' ? ', after booking' : ', after the visit')));
    const scores = [
      scoreText('Ease', item.ease, 5),
      scoreText('Overall', item.overall, 5),
      scoreText('Recommend', item.recommend, 10),
    ].filter(Boolean).join('; ');
    tr.appendChild(el('td', {}, scores || 'None'));
    // What the patient wrote is shown as text, never as HTML.
    tr.appendChild(el('td', { class: 'patient-text' }, item.better || 'Nothing written'));
    tr.appendChild(reachCell(item, name));
    const cell = el('td');
    if (item.resolved_at) {
      cell.appendChild(el('p', {}, item.resolution_note || ''));
    } else {
      cell.appendChild(resolveForm(item));
    }
    tr.appendChild(cell);
    return tr;
  }

  /** How to reach a patient: their language, the way they asked for, the number big enough to dial. */
  function reachCell(item, name) {
    const cell = el('td');
    cell.appendChild(el('p', {}, 'Speaks ' + (item.language === 'es' ? 'Spanish' : 'English') + '.'));
    if (item.contact) cell.appendChild(el('p', {}, 'Asked for: ' + (contactWays[item.contact] || item.contact) + '.'));
    if (item.phone) {
      const dial = el('p', { class: 'dial', id: 'dial-' + item.id, hidden: '' });
      dial.appendChild(el('a', { href: 'tel:' + item.phone.replace(/[^0-9+]/g, '') }, item.phone));
      const button = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': dial.id, 'aria-label': 'Call back ' + name }, 'Call back');
      button.addEventListener('click', () => {
        dial.hidden = !dial.hidden;
        button.setAttribute('aria-expanded', String(!dial.hidden));
      });
      cell.appendChild(button);
      cell.appendChild(dial);
    }
    if (item.email) cell.appendChild(el('p', {}, 'Email: ' + item.email));
    if (!item.phone && !item.email) cell.appendChild(el('p', {}, 'No phone or email on file.'));
    return cell;
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
        ['Visits booked by staff (phone, desk)', String(n.desk_bookings || 0)],
        ['Phone time saved', n.phone_minutes_saved + ' minutes (' + n.minutes_per_call + ' minutes a call)'],
      ]);
      noShowRows($('no-show-week-rows'), n.no_shows_by_week || []);
      noShowRows($('no-show-type-rows'), n.no_shows_by_visit_type || []);
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
  // Schedule
  // ------------------------------------------------------------------------------------------

  const statusWords = { booked: 'Booked', arrived: 'Arrived', seen: 'Seen', no_show: 'No-show', cancelled: 'Cancelled' };
  const languageWords = { en: 'English', es: 'Spanish' };

  /** A clinic-local date, `YYYY-MM-DD`. */
  function localDate(t) {
    return new Date(t).toLocaleDateString('en-CA', { timeZone: zone });
  }
  function addDays(date, n) {
    const d = new Date(date + 'T12:00:00Z');
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  const dayName = (date) => new Date(date + 'T12:00:00Z').toLocaleDateString([], { timeZone: 'UTC', weekday: 'long', month: 'long', day: 'numeric' });
  const clock = (t) => clinicTime(t, { timeStyle: 'short' });

  function fillDeskSelects() {
    const fill = (id, first, items) => {
      const select = $(id);
      select.textContent = '';
      if (first) select.appendChild(option('', first));
      for (const item of items) select.appendChild(option(item.id, item.name.en));
    };
    fill('schedule-provider', 'Everyone', catalog.providers);
    fill('schedule-location', 'Every office', catalog.locations);
    fill('book-visit-type', null, catalog.visit_types);
    fill('book-provider', 'Any provider', catalog.providers);
    fill('block-provider', null, catalog.providers);
    fill('account-provider', 'None', catalog.providers);
    const today = localDate(Date.now());
    for (const id of ['schedule-date', 'book-date', 'block-date']) if (!$(id).value) $(id).value = today;
    // A clinician sees their own schedule.
    $('schedule-provider').disabled = session.role === 'clinician';
    if (session.role === 'clinician' && session.provider) $('schedule-provider').value = session.provider;
  }

  async function loadSchedule(event) {
    if (event) event.preventDefault();
    const form = $('schedule-form');
    clearErrors('schedule-errors', form);
    const query = new URLSearchParams();
    query.set('date', $('schedule-date').value);
    query.set('days', $('schedule-days').value);
    if ($('schedule-provider').value) query.set('provider', $('schedule-provider').value);
    if ($('schedule-location').value) query.set('location', $('schedule-location').value);
    let schedule;
    try {
      schedule = await api('GET', clinicPath('/schedule?' + query));
    } catch (e) {
      const errors = e.fields.length ? e.fields.map((f) => ({ id: 'schedule-' + f.path.replace('days', 'days').replace('date', 'date'), message: f.message })) : [{ id: null, message: e.message }];
      return showErrors('schedule-errors', form, errors);
    }
    const list = $('schedule-list');
    list.textContent = '';
    for (let i = 0; i < schedule.days; i += 1) {
      const date = addDays(schedule.date, i);
      const visits = schedule.visits.filter((v) => localDate(v.start) === date);
      list.appendChild(dayTable(date, visits));
    }
    const booked = schedule.visits.filter((v) => v.status !== 'cancelled').length;
    $('schedule-summary').textContent = booked + (booked === 1 ? ' visit' : ' visits') + (schedule.days === 1 ? ' on ' + dayName(schedule.date) : ' from ' + dayName(schedule.date)) + '. Times are clinic time.';
    const blocked = $('blocked-list');
    blocked.textContent = '';
    for (const b of schedule.blocked) blocked.appendChild(blockedItem(b));
    if (!schedule.blocked.length) blocked.appendChild(el('li', {}, 'No blocked time.'));
  }

  function dayTable(date, visits) {
    const wrap = el('div', { class: 'table-wrap' });
    const table = el('table', { class: 'schedule' });
    table.appendChild(el('caption', {}, dayName(date) + ': ' + (visits.length ? visits.length + (visits.length === 1 ? ' visit' : ' visits') : 'no visits')));
    const head = el('thead');
    const row = el('tr');
    for (const title of ['Time', 'Patient', 'Visit', 'Provider and office', 'Phone', 'Language', 'Needs', 'Status', 'Actions']) {
      row.appendChild(el('th', { scope: 'col', class: title === 'Actions' ? 'no-print' : '' }, title));
    }
    head.appendChild(row);
    table.appendChild(head);
    const body = el('tbody');
    for (const v of visits) body.appendChild(visitScheduleRow(v));
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  function visitScheduleRow(v) {
    const tr = el('tr', v.status === 'cancelled' ? { class: 'cancelled' } : {});
    tr.appendChild(el('th', { scope: 'row' }, clock(v.start) + ' to ' + clock(v.end)));
    const who = el('td');
    who.appendChild(el('strong', {}, v.patient_name));
    if (v.preferred_name && v.preferred_name !== v.patient_name) who.appendChild(el('span', { class: 'hint-line' }, 'Goes by ' + v.preferred_name));
    if (v.new_patient) who.appendChild(el('span', { class: 'hint-line' }, 'New patient'));
    tr.appendChild(who);
    tr.appendChild(el('td', {}, v.visit_type.name + (v.source === 'desk' ? ' (booked by staff)' : '')));
    tr.appendChild(el('td', {}, v.provider.name + ', ' + v.location.name));
    const phone = el('td');
    if (v.phone) phone.appendChild(el('a', { href: 'tel:' + v.phone.replace(/[^0-9+]/g, '') }, v.phone));
    else phone.textContent = v.email || 'None on file';
    tr.appendChild(phone);
    tr.appendChild(el('td', {}, (languageWords[v.language] || v.language) + (v.interpreter ? '; interpreter: ' + v.interpreter : '')));
    tr.appendChild(el('td', {}, v.access_needs || 'None given'));
    tr.appendChild(el('td', {}, statusWords[v.status] || v.status));
    const actions = el('td', { class: 'no-print actions-cell' });
    if (mayUse('front_desk') && v.status !== 'cancelled') {
      const name = v.patient_name;
      if (v.status !== 'arrived' && v.status !== 'seen') actions.appendChild(actionButton('Arrived', 'Mark ' + name + ' arrived', () => mark(v, 'arrived')));
      if (v.status !== 'no_show') actions.appendChild(actionButton('No-show', 'Mark ' + name + ' as a no-show', () => mark(v, 'no_show')));
      if (v.status !== 'booked') actions.appendChild(actionButton('Undo', 'Undo the mark for ' + name, () => mark(v, null)));
      if (v.status === 'booked') {
        actions.appendChild(actionButton('Move', 'Move the visit of ' + name, () => startMoving(v)));
        actions.appendChild(cancelButton(v, name));
      }
    }
    tr.appendChild(actions);
    return tr;
  }

  function actionButton(text, label, run) {
    const button = el('button', { type: 'button', 'aria-label': label }, text);
    button.addEventListener('click', run);
    return button;
  }

  /** Cancelling asks twice: the first press only arms the button. */
  function cancelButton(v, name) {
    const button = actionButton('Cancel visit', 'Cancel the visit of ' + name, async () => {
      if (!button.dataset.armed) {
        button.dataset.armed = 'yes';
        button.textContent = 'Yes, cancel it';
        button.setAttribute('aria-label', 'Yes, cancel the visit of ' + name);
        say('Press "Yes, cancel it" to cancel the visit of ' + name + '. The patient will be told.');
        return;
      }
      try {
        await api('POST', clinicPath('/desk/appointments/' + encodeURIComponent(v.id) + '/cancel'));
        say('The visit of ' + name + ' is cancelled. The patient will be told.');
        await loadSchedule();
        $('schedule-title').focus();
      } catch (e) {
        say(e.message);
      }
    });
    return button;
  }

  async function mark(v, attendance) {
    const name = v.patient_name;
    try {
      await api('POST', clinicPath('/desk/appointments/' + encodeURIComponent(v.id) + '/attendance'), { attendance });
      say(attendance ? name + ' is marked ' + (statusWords[attendance] || attendance).toLowerCase() + '.' : 'The mark for ' + name + ' is undone.');
      await loadSchedule();
      $('schedule-summary').setAttribute('tabindex', '-1');
      $('schedule-summary').focus();
    } catch (e) {
      const message = e.fields.length ? e.fields[0].message : e.message;
      say(message);
    }
  }

  function blockedItem(b) {
    const item = el('li');
    item.appendChild(el('span', {}, b.provider.name + ': ' + clinicTime(b.start) + ' to ' + clinicTime(b.end) + '. ' + b.reason + ' (blocked by ' + b.blocked_by + ')'));
    if (mayUse('front_desk')) {
      item.appendChild(actionButton('Open again', 'Open again the time of ' + b.provider.name + ' from ' + clinicTime(b.start), async () => {
        try {
          await api('POST', clinicPath('/blocked-times/' + encodeURIComponent(b.id) + '/remove'));
          say('The time is open again.');
          await loadSchedule();
          $('blocked-title').setAttribute('tabindex', '-1');
          $('blocked-title').focus();
        } catch (e) {
          say(e.message);
        }
      }));
    }
    return item;
  }

  // ------------------------------------------------------------------------------------------
  // Book for a caller
  // ------------------------------------------------------------------------------------------

  /** The open times found, by radio value. */
  let foundTimes = [];

  async function findTimes() {
    const form = $('book-form');
    clearErrors('book-errors', form);
    const query = new URLSearchParams();
    query.set('visit_type', $('book-visit-type').value);
    if ($('book-provider').value) query.set('provider', $('book-provider').value);
    if ($('book-date').value) query.set('date', $('book-date').value);
    const box = $('book-times');
    box.textContent = '';
    try {
      // The times patients see, and those only staff may book (each says which override it needs).
      foundTimes = await api('GET', clinicPath('/desk/open-times?' + query));
    } catch (e) {
      foundTimes = [];
      const ids = { visit_type: 'book-visit-type', provider: 'book-provider', date: 'book-date' };
      return showErrors('book-errors', form, e.fields.length ? e.fields.map((f) => ({ id: ids[f.path] || null, message: f.message })) : [{ id: null, message: e.message }]);
    }
    const providerName = (id) => (catalog.providers.find((p) => p.id === id) || { name: { en: id } }).name.en;
    const placeName = (id) => (catalog.locations.find((l) => l.id === id) || { name: { en: id } }).name.en;
    foundTimes.forEach((slot, i) => {
      const row = el('div', { class: 'check' });
      const id = 'book-time-' + i;
      row.appendChild(el('input', { type: 'radio', name: 'book-time', id, value: String(i) }));
      const note = slot.needs.map((n) => overrideNotes[n]).filter(Boolean).join('; ');
      row.appendChild(el('label', { for: id }, clinicTime(slot.start, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) + ', ' + providerName(slot.provider) + ', ' + placeName(slot.location) + (note ? ' (' + note + ')' : '')));
      box.appendChild(row);
    });
    $('book-times-note').textContent = foundTimes.length
      ? foundTimes.length + ' open ' + (foundTimes.length === 1 ? 'time' : 'times') + '. Pick one.'
      : 'No open times that day. Try another day or provider.';
    say($('book-times-note').textContent);
    const first = box.querySelector('input');
    if (first) first.focus();
  }

  const overrideNotes = { short_notice: 'sooner than patients can book', past_horizon: 'further ahead than patients can book' };
  const overrideBoxes = { short_notice: 'book-short-notice', past_horizon: 'book-past-horizon' };

  const bookFields = {
    visit_type: 'book-visit-type', provider: 'book-provider', location: 'book-provider', start: 'find-times',
    new_patient: 'book-new', language: 'book-language', contact_by: 'book-contact',
    'patient.name': 'book-name', 'patient.preferred_name': 'book-preferred', 'patient.date_of_birth': 'book-dob',
    'patient.phone': 'book-phone', 'patient.email': 'book-email', 'patient.reason': 'book-reason',
    'patient.interpreter_language': 'book-interpreter', 'patient.accessibility_notes': 'book-access',
  };

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return 'desk-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** The visit being moved to another time, when the booking page is moving one. */
  let moving = null;

  function startMoving(v) {
    moving = v;
    showView('view-book', false);
    $('book-visit-type').value = v.visit_type.id;
    $('book-provider').value = v.provider.id;
    $('book-date').value = localDate(v.start);
    $('book-patient').hidden = true;
    $('book-over-limit').parentNode.hidden = true;
    $('book-submit').textContent = 'Move visit';
    $('booked-panel').hidden = true;
    $('moving-text').textContent = 'Moving the visit of ' + v.patient_name + ': ' + v.visit_type.name + ' with ' + v.provider.name + ', ' +
      clinicTime(v.start) + '. Find open times, pick the new one and press "Move visit". The patient gets the new time and a new link to change it.';
    $('moving-panel').hidden = false;
    $('moving-panel').focus();
  }

  function stopMoving() {
    moving = null;
    $('book-patient').hidden = false;
    $('book-over-limit').parentNode.hidden = false;
    $('book-submit').textContent = 'Book visit';
    $('moving-panel').hidden = true;
  }

  async function moveVisit(slot, overrides) {
    const form = $('book-form');
    const v = moving;
    let moved;
    try {
      moved = await api('POST', clinicPath('/desk/appointments/' + encodeURIComponent(v.id) + '/move'), {
        to: { start: slot.start, provider: slot.provider, location: slot.location },
        overrides: { short_notice: overrides.short_notice, past_horizon: overrides.past_horizon },
      });
    } catch (e) {
      const errors = e.fields.length
        ? e.fields.map((f) => ({ id: bookFields[f.path] || null, message: f.message }))
        : [{ id: e.code === 'slot_taken' ? 'find-times' : null, message: e.message + (e.code === 'slot_taken' ? ' Find open times again.' : '') }];
      return showErrors('book-errors', form, errors);
    }
    stopMoving();
    $('booked-text').textContent = 'Moved: the visit of ' + v.patient_name + ' is now ' + clinicTime(moved.start) + '. The patient gets the new time and a new link to change it; the old link no longer works.';
    $('book-times').textContent = '';
    foundTimes = [];
    $('booked-panel').hidden = false;
    $('booked-panel').focus();
    say($('booked-text').textContent);
  }

  async function bookForCaller(event) {
    event.preventDefault();
    const form = $('book-form');
    const picked = form.querySelector('input[name="book-time"]:checked');
    if (!picked) {
      return showErrors('book-errors', form, [{ id: foundTimes.length ? 'book-time-0' : 'find-times', message: 'Pick one of the open times first.' }]);
    }
    clearErrors('book-errors', form);
    const slot = foundTimes[Number(picked.value)];
    // A time only staff may book needs its override ticked: a choice made on purpose, and recorded.
    const missing = slot.needs.filter((n) => !$(overrideBoxes[n]).checked);
    if (missing.length) {
      return showErrors('book-errors', form, missing.map((n) => ({
        id: overrideBoxes[n],
        message: 'This time is ' + overrideNotes[n] + ' online. Tick this box to book it anyway; it is recorded.',
      })));
    }
    if (moving) {
      return moveVisit(slot, { short_notice: $('book-short-notice').checked, past_horizon: $('book-past-horizon').checked });
    }
    const value = (id) => $(id).value.trim();
    const booking = {
      visit_type: value('book-visit-type'),
      provider: slot.provider,
      location: slot.location,
      start: slot.start,
      new_patient: $('book-new').checked,
      language: value('book-language'),
      contact_by: value('book-contact'),
      also_same_day: false,
      patient: {
        name: value('book-name'),
        preferred_name: value('book-preferred'),
        date_of_birth: value('book-dob'),
        phone: value('book-phone'),
        email: value('book-email'),
        reason: value('book-reason'),
        interpreter_language: value('book-interpreter'),
        accessibility_notes: value('book-access'),
      },
    };
    const overrides = {
      short_notice: $('book-short-notice').checked,
      past_horizon: $('book-past-horizon').checked,
      booking_limit: $('book-over-limit').checked,
    };
    let visit;
    try {
      visit = await api('POST', clinicPath('/desk/bookings'), { booking, overrides }, { 'Idempotency-Key': newKey() });
    } catch (e) {
      const errors = e.fields.length
        ? e.fields.map((f) => ({ id: bookFields[f.path] || null, message: f.message }))
        : [{ id: e.code === 'slot_taken' ? 'find-times' : null, message: e.message + (e.code === 'slot_taken' ? ' Find open times again.' : '') }];
      return showErrors('book-errors', form, errors);
    }
    const name = booking.patient.preferred_name || booking.patient.name;
    const visitType = (catalog.visit_types.find((v) => v.id === visit.visit_type) || { name: { en: visit.visit_type } }).name.en;
    const provider = (catalog.providers.find((p) => p.id === visit.provider) || { name: { en: visit.provider } }).name.en;
    const by = { text: 'a text message', email: 'email', both: 'text and email', neither: 'no message (tell them the time now)' }[booking.contact_by];
    $('booked-text').textContent = 'Booked: ' + booking.patient.name + ', ' + visitType + ' with ' + provider + ', ' + clinicTime(visit.start) + '. ' +
      name + ' gets the confirmation and the link to change the visit by ' + by + '.';
    for (const id of ['book-name', 'book-preferred', 'book-dob', 'book-phone', 'book-email', 'book-reason', 'book-interpreter', 'book-access']) $(id).value = '';
    for (const id of ['book-new', 'book-short-notice', 'book-past-horizon', 'book-over-limit']) $(id).checked = false;
    $('book-times').textContent = '';
    foundTimes = [];
    $('book-times-note').textContent = 'Find open times first.';
    $('booked-panel').hidden = false;
    $('booked-panel').focus();
    say($('booked-text').textContent);
  }

  // ------------------------------------------------------------------------------------------
  // Block time
  // ------------------------------------------------------------------------------------------

  async function blockTime(event) {
    event.preventDefault();
    const form = $('block-form');
    const date = $('block-date').value;
    const whole = $('block-whole-day').checked;
    const errors = [];
    if (!date) errors.push({ id: 'block-date', message: 'Pick the day.' });
    if (!$('block-reason').value.trim()) errors.push({ id: 'block-reason', message: 'Say why in a few words, like "Sick" or "Team meeting".' });
    if (errors.length) return showErrors('block-errors', form, errors);
    clearErrors('block-errors', form);
    const body = {
      provider: $('block-provider').value,
      start: date + 'T' + (whole ? '00:00' : $('block-from').value),
      end: whole ? addDays(date, 1) + 'T00:00' : date + 'T' + $('block-to').value,
      reason: $('block-reason').value.trim(),
    };
    let answer;
    try {
      answer = await api('POST', clinicPath('/blocked-times'), body);
    } catch (e) {
      const ids = { provider: 'block-provider', start: whole ? 'block-date' : 'block-from', end: whole ? 'block-date' : 'block-to', reason: 'block-reason' };
      return showErrors('block-errors', form, e.fields.length ? e.fields.map((f) => ({ id: ids[f.path] || null, message: f.message })) : [{ id: null, message: e.message }]);
    }
    const b = answer.blocked;
    const list = $('to-call-list');
    list.textContent = '';
    for (const v of answer.to_call) {
      const item = el('li');
      item.appendChild(el('strong', {}, v.patient_name));
      item.appendChild(el('span', {}, ', ' + clinicTime(v.start) + ', ' + v.visit_type.name + '. ' + (languageWords[v.language] || v.language) + '.'));
      if (v.phone) {
        const dial = el('p', { class: 'dial' });
        dial.appendChild(el('a', { href: 'tel:' + v.phone.replace(/[^0-9+]/g, '') }, v.phone));
        item.appendChild(dial);
      } else {
        item.appendChild(el('p', {}, v.email ? 'Email: ' + v.email : 'No phone or email on file.'));
      }
      list.appendChild(item);
    }
    const count = answer.to_call.length;
    $('to-call-intro').textContent = b.provider.name + ' is away ' + clinicTime(b.start) + ' to ' + clinicTime(b.end) + '. The time is closed on the website. ' +
      (count ? count + (count === 1 ? ' booked patient' : ' booked patients') + ' to call and move:' : 'No booked patients in this time.');
    $('to-call-panel').hidden = false;
    $('to-call-panel').focus();
    say($('to-call-intro').textContent);
  }

  // ------------------------------------------------------------------------------------------
  // Staff accounts (managers)
  // ------------------------------------------------------------------------------------------

  const stateWords = { active: 'Active', waiting_for_password: 'Waiting for them to set a password', locked: 'Locked after wrong passwords', off: 'Turned off' };

  async function loadAccounts() {
    try {
      const accounts = await api('GET', clinicPath('/staff/accounts'));
      const rows = $('account-rows');
      rows.textContent = '';
      for (const a of accounts) rows.appendChild(accountRow(a));
    } catch (e) {
      say(e.message);
    }
  }

  function accountRow(a) {
    const tr = el('tr');
    tr.appendChild(el('th', { scope: 'row' }, a.name));
    tr.appendChild(el('td', {}, a.email));
    tr.appendChild(el('td', {}, (roleWords[a.role] || a.role) + (a.provider ? ' (' + a.provider + ')' : '')));
    tr.appendChild(el('td', {}, stateWords[a.state] || a.state));
    const actions = el('td');
    if (a.email !== session.email && a.state !== 'off') {
      actions.appendChild(actionButton('Reset password', 'Reset the password of ' + a.name, async () => {
        try {
          const answer = await api('POST', clinicPath('/staff/accounts/' + a.id + '/reset'));
          showSetupLink(answer, 'The old password and every session of ' + a.name + ' stopped working. Give them this link to choose a new password.');
        } catch (e) {
          say(e.message);
        }
      }));
      actions.appendChild(actionButton('Turn off', 'Turn off the account of ' + a.name, async () => {
        try {
          await api('POST', clinicPath('/staff/accounts/' + a.id + '/disable'));
          say('The account of ' + a.name + ' is turned off.');
          await loadAccounts();
        } catch (e) {
          say(e.message);
        }
      }));
    }
    tr.appendChild(actions);
    return tr;
  }

  function showSetupLink(answer, intro) {
    $('setup-link').value = answer.setup_link;
    $('setup-link-intro').textContent = intro + ' It works once, for 72 hours, and is shown only now.';
    $('setup-link-panel').hidden = false;
    $('setup-link-panel').focus();
    loadAccounts();
  }

  async function addAccount(event) {
    event.preventDefault();
    const form = $('account-form');
    const body = {
      email: $('account-email').value.trim(),
      name: $('account-name').value.trim(),
      role: $('account-role').value,
      provider: $('account-provider').value || null,
    };
    if (!body.email) return showErrors('account-errors', form, [{ id: 'account-email', message: 'Write their email.' }]);
    clearErrors('account-errors', form);
    try {
      const answer = await api('POST', clinicPath('/staff/accounts'), body);
      form.reset();
      showSetupLink(answer, 'Added ' + (answer.account.name || answer.account.email) + ' as ' + roleWords[answer.account.role] + '. Give them this link to choose their password.');
    } catch (e) {
      const ids = { email: 'account-email', name: 'account-name', role: 'account-role', provider: 'account-provider' };
      showErrors('account-errors', form, e.fields.length ? e.fields.map((f) => ({ id: ids[f.path] || null, message: f.message })) : [{ id: 'account-email', message: e.message }]);
    }
  }

  async function copyField(id, done) {
    const input = $(id);
    try {
      await navigator.clipboard.writeText(input.value);
      say(done);
    } catch (e) {
      input.focus();
      input.select();
      say('Press Ctrl+C (or Command+C) to copy.');
    }
  }

  function noShowRows(body, rows) {
    body.textContent = '';
    for (const r of rows) {
      const tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, r.group));
      tr.appendChild(el('td', {}, String(r.visits)));
      tr.appendChild(el('td', {}, String(r.no_shows)));
      tr.appendChild(el('td', {}, r.rate === undefined || r.rate === null ? 'No visits' : r.rate + '%'));
      body.appendChild(tr);
    }
    if (!rows.length) {
      const tr = el('tr');
      tr.appendChild(el('td', { colspan: '4' }, 'No visits whose time has come in these weeks.'));
      body.appendChild(tr);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', async () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('set-password-form').addEventListener('submit', setPassword);
    $('sign-out').addEventListener('click', signOut);
    $('packet-form').addEventListener('submit', createPacket);
    $('check-reading').addEventListener('click', checkReading);
    $('add-medicine').addEventListener('click', addMedicine);
    $('copy-link').addEventListener('click', copyLink);
    $('refresh').addEventListener('click', loadPackets);
    $('state-filter').addEventListener('change', loadPackets);
    for (const button of document.querySelectorAll('#views-nav [data-view]')) {
      button.addEventListener('click', () => {
        if (moving) stopMoving();
        showView(button.dataset.view, true);
      });
    }
    $('refresh-follow-ups').addEventListener('click', loadFollowUps);
    $('visits-form').addEventListener('submit', loadVisits);
    $('copy-feedback-link').addEventListener('click', copyFeedbackLink);
    $('resend-confirmation').addEventListener('click', resendConfirmation);
    $('you-said-form').addEventListener('submit', publishNote);
    $('numbers-form').addEventListener('submit', loadNumbers);
    $('schedule-form').addEventListener('submit', loadSchedule);
    $('print-schedule').addEventListener('click', () => window.print());
    $('find-times').addEventListener('click', findTimes);
    $('book-form').addEventListener('submit', bookForCaller);
    $('stop-moving').addEventListener('click', () => {
      stopMoving();
      say('Not moving a visit any more.');
      $('book-title').focus();
    });
    $('block-form').addEventListener('submit', blockTime);
    $('block-whole-day').addEventListener('change', () => {
      $('block-from').disabled = $('block-whole-day').checked;
      $('block-to').disabled = $('block-whole-day').checked;
    });
    $('account-form').addEventListener('submit', addAccount);
    $('copy-setup-link').addEventListener('click', () => copyField('setup-link', 'Set-password link copied.'));
    // A set-password link pasted into a console tab that is already open changes only the hash.
    window.addEventListener('hashchange', () => {
      const again = /[#&]setup=([0-9a-f]{64})/.exec(window.location.hash);
      if (again) {
        clearWork();
        startSetPassword(again[1]);
      }
    });
    const setup = /[#&]setup=([0-9a-f]{64})/.exec(window.location.hash);
    if (setup) return startSetPassword(setup[1]);
    try {
      // A reload keeps the session: ask who is signed in.
      await enter(await api('GET', clinicPath('/staff/me')));
    } catch (e) {
      showSignIn();
    }
  });
})();
