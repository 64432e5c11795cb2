/* Patient portal loader: plain ES2017, no dependencies, served as is (budget 3 KB gzip). */
(function (w, d) {
  'use strict';
  if (w.PatientPortal) return; // pasted twice

  var me = d.currentScript || d.querySelector('script[src*="patient-portal.js"]');
  var BASE = new URL('./', me ? me.src : location.href).href;
  var TEXT = {
    en: ['Loading online booking…', "We can't load online booking right now. Please call the clinic", ' at ',
      'Loading your instructions…', "We can't load your instructions right now. Please call the clinic",
      'Loading…', "We can't load this page right now. Please call the clinic"],
    es: ['Cargando las citas en línea…', 'No podemos cargar las citas en línea ahora. Por favor, llame a la clínica', ' al ',
      'Cargando sus instrucciones…', 'No podemos cargar sus instrucciones ahora. Por favor, llame a la clínica',
      'Cargando…', 'No podemos cargar esta página ahora. Por favor, llame a la clínica']
  };
  // The views (each its own bundle), and the view a patient link's fragment opens.
  var VIEWS = { booking: 1, manage: 1, instructions: 1, feedback: 1 };
  var LINKS = { '#pp-packet=': 'instructions', '#pp-manage=': 'manage', '#pp-feedback=': 'feedback' };
  var handles = new WeakMap();
  var ready = {};

  function el(tag, cls, text) {
    var n = d.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  // Fetch and start each view's bundle once, however many widgets the page has.
  function load(view) {
    return ready[view] || (ready[view] = import(BASE + 'portal_widget_' + view + '.js').then(function (m) {
      return Promise.resolve(m.default()).then(function () { return m; });
    }).catch(function (e) { ready[view] = null; throw e; }));
  }

  function linked() {
    for (var k in LINKS) if (!location.hash.indexOf(k)) return LINKS[k];
    return 'booking';
  }

  function css() {
    var href = BASE + 'widget.css';
    if (d.querySelector('link[href="' + href + '"]')) return;
    var link = el('link');
    link.rel = 'stylesheet';
    link.href = href;
    d.head.appendChild(link);
  }

  function mount(target, config) {
    var host = typeof target === 'string' ? d.querySelector(target) : target;
    if (!host) throw new Error('PatientPortal.mount: no element matches ' + target);
    var old = handles.get(host);
    if (old) old.unmount();

    var ds = host.dataset;
    // The browser's language only when the widget speaks it; else English.
    var nav = (navigator.language || '').slice(0, 2).toLowerCase();
    var cfg = Object.assign({
      clinic: ds.clinic,
      apiBase: ds.api || new URL(BASE).origin,
      locale: ds.locale || (TEXT[nav] ? nav : 'en'),
      view: ds.view
    }, config);
    // A patient link (#pp-packet=, #pp-manage=, #pp-feedback=) opens its view unless the page
    // says otherwise; a manage link opens manage on a booking page too (it is booking's own).
    var link = linked();
    var view = cfg.view = !cfg.view || (cfg.view === 'booking' && link === 'manage') ? link : cfg.view;
    var t = TEXT[cfg.locale] || TEXT.en;
    var b = view === 'instructions' ? 3 : view === 'feedback' ? 5 : 0;

    css();
    // Reserve room so the page does not jump when the widget appears.
    if (!host.style.minHeight) host.style.minHeight = '320px';
    var box = el('div');
    var wait = el('p', 'pp-loading', t[b]);
    wait.setAttribute('role', 'status');
    host.textContent = '';
    host.appendChild(wait);
    host.appendChild(box);

    var live = true;
    var inner;
    // Another view takes the element's place: booking from "Book your follow-up" (with the
    // visit type chosen) or "Book a new visit", manage after booking. Going to booking drops a
    // patient link's fragment, so a reload shows booking; the widget sets manage's itself.
    function go(e) {
      var to = e.detail || {};
      if (!VIEWS[to.view]) return;
      if (to.view === 'booking' && !location.hash.indexOf('#pp-')) history.replaceState(history.state, '', location.pathname + location.search);
      mount(host, Object.assign({}, config, { view: to.view, visitType: to.visitType }));
    }
    host.addEventListener('pp-navigate', go);
    var handle = {
      unmount: function () {
        live = false;
        host.removeEventListener('pp-navigate', go);
        if (inner && inner.unmount) inner.unmount();
        wait.remove();
        box.remove();
        if (handles.get(host) === handle) handles.delete(host);
      }
    };
    handles.set(host, handle);

    load(view).then(function (m) {
      if (!live) return;
      wait.remove();
      inner = m.mount(box, cfg);
    }).catch(function (e) {
      console.error('[patient-portal] Could not load the widget from ' + BASE + ':', e);
      if (!live) return;
      wait.remove();
      var p = el('p', 'pp-alert pp-alert-error', t[b + 1]);
      p.setAttribute('role', 'alert');
      var phone = ds.phone;
      if (phone) {
        var a = el('a', 'pp-link', phone);
        a.href = 'tel:' + phone.replace(/[^\d+]/g, '');
        p.append(t[2], a);
      }
      p.append('.');
      box.appendChild(p);
    });
    return handle;
  }

  w.PatientPortal = { mount: mount };

  function scan() {
    var all = d.querySelectorAll('[data-patient-portal]');
    for (var i = 0; i < all.length; i++) {
      if (!handles.has(all[i])) mount(all[i]);
    }
  }
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', scan);
  else scan();
})(window, document);
