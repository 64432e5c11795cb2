/* Patient portal, isolated mode: runs inside the iframe at /embed/{clinic}, served by
 * portal-server. It mounts the widget through the loader in "direct" mode (same origin, no
 * nested iframe) and tells the host page only what it needs: the height, and the widget's
 * events (which carry no patient data). Every message goes to window.parent with the exact
 * origin the server checked against the clinic's allow-list, never "*".
 *
 * Messages to the parent (all carry `id`, the loader's instance id, or null):
 *   { type: 'patient-portal:resize',   id, height }            height in CSS pixels
 *   { type: 'patient-portal:event',    id, name, data }        from 'patient-portal:event'
 *   { type: 'patient-portal:navigate', id, view, visitType }   from 'pp-navigate'
 *   { type: 'patient-portal:focus',    id, top, bottom }       where focus went, in the frame
 * The iframe listens to no messages. Patient link fragments (#pp-packet=, #pp-manage=,
 * #pp-feedback=) stay in location.hash for the widget to read. */
(function (w, d) {
  'use strict';
  var el = d.getElementById('pp-embed');
  if (!el || w.parent === w) return; // only inside a frame
  var origin = el.getAttribute('data-origin');
  var id = el.getAttribute('data-id');
  if (!origin) return;

  function post(message) {
    message.id = id;
    try {
      w.parent.postMessage(message, origin);
    } catch (e) {
      // Data that cannot be cloned is dropped rather than breaking the widget.
      console.error('[patient-portal] could not send a message to the page:', e);
    }
  }

  // Height: the body's own height (html and body have no margin, see embed.css).
  var last = -1;
  function resize() {
    var height = Math.ceil(d.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post({ type: 'patient-portal:resize', height: height });
    }
  }
  if (w.ResizeObserver) new w.ResizeObserver(resize).observe(d.body);
  else w.addEventListener('load', resize);
  resize();

  // Focus moved (a new step's heading, an error): the page scrolls the frame so that it is on
  // screen, which the frame cannot do itself.
  d.addEventListener('focusin', function (e) {
    var r = e.target.getBoundingClientRect();
    post({ type: 'patient-portal:focus', top: r.top, bottom: r.bottom });
  });

  el.addEventListener('patient-portal:event', function (e) {
    var detail = e.detail || {};
    post({ type: 'patient-portal:event', name: String(detail.name || ''), data: detail.data === undefined ? null : detail.data });
  });
  // Capture: the page hears of it before the loader swaps the view here, in the frame.
  el.addEventListener('pp-navigate', function (e) {
    var detail = e.detail || {};
    post({ type: 'patient-portal:navigate', view: detail.view || null, visitType: detail.visitType || null });
  }, true);

  // The settings the server validated; `config` is the web developer's JSON object (theme,
  // strings, visitType, provider, non-sensitive prefill), checked by the widget itself.
  var options = {};
  var config = el.getAttribute('data-config');
  if (config) {
    try {
      var parsed = JSON.parse(config);
      for (var key in parsed) {
        if (Object.prototype.hasOwnProperty.call(parsed, key)) options[key] = parsed[key];
      }
    } catch (e) {
      console.error('[patient-portal] the embed config is not valid JSON:', e);
    }
  }
  // These are decided by the server's checks, so config cannot change them.
  options.clinic = el.getAttribute('data-clinic');
  options.apiBase = ''; // the API is this same origin
  options.view = el.getAttribute('data-view') || 'booking';
  options.mode = 'direct'; // mount here, no iframe of our own
  var locale = el.getAttribute('data-locale');
  if (locale) options.locale = locale;

  // The view's first step (booking's choices, the instructions' date of birth), drawn by the
  // server so that the patient can read and answer it before the widget is ready. It takes the
  // theme the loader gives the widget; once the widget is ready in its place, it goes, and what
  // the patient did in it is done again in the widget: the same choices, the same typing (as
  // input events, which the widget listens to), the same focus, a press of its button.
  var first = d.getElementById('pp-first');
  if (first) {
    var mirror = new MutationObserver(function () {
      for (var i = 0; i < el.style.length; i++) {
        var name = el.style[i];
        if (name.indexOf('--') === 0) first.style.setProperty(name, el.style.getPropertyValue(name));
      }
      el.classList.forEach(function (c) { if (c.indexOf('pp-theme') === 0) first.classList.add(c); });
      first.classList.remove('pp-first-theme');
    });
    mirror.observe(el, { attributes: true, attributeFilter: ['style', 'class'] });
    var pressed = false;
    first.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('.pp-actions button')) pressed = true;
    });
    el.addEventListener('patient-portal:event', function (e) {
      if (!first || (e.detail || {}).name !== 'ready') return;
      var before = first.querySelectorAll('input, button');
      var after = el.querySelectorAll('.pp-widget input, .pp-widget button');
      var focused = Array.prototype.indexOf.call(before, d.activeElement);
      mirror.disconnect();
      first.remove();
      first = null;
      for (var i = 0; i < before.length && i < after.length; i++) {
        var was = before[i], now = after[i];
        if (was.checked && !now.checked) now.click();
        else if (was.type === 'text' && was.value && now.value !== was.value) {
          now.value = was.value;
          now.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }
      if (focused >= 0 && after[focused]) after[focused].focus();
      var button = el.querySelector('.pp-actions button');
      if (pressed && button) button.click();
    });
  }

  // The loader: the page names it (before this script, with the widget's files preloaded
  // beside it); an older page did not, and it is fetched then.
  function start() {
    if (!w.PatientPortal || !w.PatientPortal.mount) {
      console.error('[patient-portal] /widget/patient-portal.js did not define PatientPortal.mount');
      return;
    }
    w.PatientPortal.mount(el, options);
  }
  if (w.PatientPortal) return start();
  var script = d.createElement('script');
  script.src = '/widget/patient-portal.js';
  script.onload = start;
  script.onerror = function () {
    console.error('[patient-portal] could not load /widget/patient-portal.js');
  };
  d.head.appendChild(script);
})(window, document);
