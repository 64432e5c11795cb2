/* Patient portal loader: plain ES2017, no dependencies, served as is (budget 3 KB gzip).
 * Modes: "isolated" (default, a cross-origin iframe from portal-server), "inline" (a shadow root
 * on this page), "direct" (mount straight into the element; /embed/embed.js uses it inside the
 * iframe). The config is checked by patient-portal-config.js before anything mounts. */
(function (w, d) {
  'use strict';
  if (w.PatientPortal) return; // pasted twice

  var me = d.currentScript || d.querySelector('script[src*="patient-portal.js"]');
  var BASE = new URL('./', me ? me.src : location.href).href;
  // The build puts the config module's hashed name and SRI hash here: {config: [name, sri]}.
  // The config module names (and pins) every other file.
  var FILES = {};
  var TEXT = {
    en: ['Loading online booking…', "We can't load online booking right now. Please call the clinic", ' at ',
      'Loading your instructions…', "We can't load your instructions right now. Please call the clinic",
      'Loading…', "We can't load this page right now. Please call the clinic"],
    es: ['Cargando las citas en línea…', 'No podemos cargar las citas en línea ahora. Por favor, llame a la clínica', ' al ',
      'Cargando sus instrucciones…', 'No podemos cargar sus instrucciones ahora. Por favor, llame a la clínica',
      'Cargando…', 'No podemos cargar esta página ahora. Por favor, llame a la clínica']
  };
  var VIEWS = { booking: 1, manage: 1, instructions: 1, feedback: 1 };
  var LINKS = { '#pp-packet=': 'instructions', '#pp-manage=': 'manage', '#pp-feedback=': 'feedback' };
  // Funnel steps, by event name (ready counts only for booking; view-changed only at review).
  var FUNNEL = { ready: 'opened', 'visit-type-selected': 'visit_type', 'time-selected': 'time', 'view-changed': 'details', booked: 'booked' };
  var handles = new WeakMap();
  var ready = {};
  var seq = 0;

  function el(tag, cls, text) {
    var n = d.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  // A file asked for ahead (rel: modulepreload or preload), with its SRI hash when the build
  // pinned one, once per page (the frame's page may name it already).
  function pre(url, rel, sri) {
    if (!d.querySelector('link[href$="' + new URL(url).pathname + '"]')) {
      var l = el('link');
      l.rel = rel;
      if (rel == 'preload') l.as = 'fetch';
      if (sri) l.integrity = sri;
      l.crossOrigin = 'anonymous';
      l.href = url;
      d.head.appendChild(l);
    }
    return url;
  }

  // A module, [name, integrity].
  function imp(f) {
    return import(pre(BASE + f[0], 'modulepreload', f[1]));
  }

  // Fetch and start each view's bundle once, however many widgets the page has; its wasm is
  // asked for beside its glue, not after it.
  function load(view, files) {
    var wasm = files[view + '_wasm'];
    if (wasm) pre(BASE + wasm[0], 'preload');
    return ready[view] || (ready[view] = imp(files[view] || ['portal_widget_' + view + '.js']).then(function (m) {
      // Starting the wasm and drawing the first view are two tasks, not one of over 50 ms on a
      // slow phone: the browser gets a turn between them.
      return Promise.resolve(m.default()).then(function () { return new Promise(function (r) { setTimeout(r); }); }).then(function () { return m; });
    }).catch(function (e) { ready[view] = null; throw e; }));
  }

  function linked() {
    for (var k in LINKS) if (!location.hash.indexOf(k)) return LINKS[k];
  }

  function mount(target, config) {
    var host = typeof target === 'string' ? d.querySelector(target) : target;
    if (!host) throw new Error('PatientPortal.mount: no element matches ' + target);
    var old = handles.get(host);
    if (old) old.unmount();

    var ds = host.dataset;
    var given = config || {};
    // A patient link opens in its visit's language (#pp-manage=…&pp-lang=es); a page that
    // mounts again (its language switch) gets the language it asks for.
    var hl = /&pp-lang=(en|es)\b/.exec(location.hash);
    if (hl && linked() && !old) config = given = Object.assign({}, given, { locale: hl[1] });
    var mode = given.mode || ds.mode;
    var phone = given.phone || ds.phone;
    var t = TEXT[(given.locale || ds.locale || navigator.language || '').slice(0, 2).toLowerCase()] || TEXT.en;
    // A patient link (#pp-packet=, #pp-manage=, #pp-feedback=) opens its view unless the page
    // says otherwise; a manage link opens manage on a booking page too (it is booking's own).
    var link = linked();
    var view = given.view || ds.view;
    if (link && (!view || (view === 'booking' && link === 'manage'))) view = link;
    view = view || 'booking';
    var b = view === 'instructions' ? 3 : view === 'feedback' ? 5 : 0;

    var ons = {};
    var live = true;
    var inner, frame, shadowHost, watch, onmsg;
    var wrap = el('div');
    var wait = el('p', 'pp-loading', t[b]);
    wait.setAttribute('role', 'status');
    var box = el('div');
    // Reserve room so the page does not jump when the widget appears: booking's first step is
    // taller than a phone's screen, so what follows the widget stays out of sight as it grows
    // (the room goes once the widget is there). The instructions' first step (date of birth) is
    // 430 to 545 px high by the width it has: that room stays, so nothing moves unless the
    // widget grows past it (not in the frame, which is as high as what it shows).
    var wd = host.clientWidth;
    var keep = view === 'instructions' && mode !== 'direct';
    var reserved = !host.style.minHeight;
    if (reserved) host.style.minHeight = view === 'booking' ? '100vh' : keep ? (wd < 360 ? 545 : wd < 430 ? 470 : 430) + 'px' : '420px';
    host.textContent = '';
    var root = host;
    if (mode === 'inline') {
      shadowHost = el('div');
      host.appendChild(shadowHost);
      root = shadowHost.attachShadow({ mode: 'open' });
    }
    wrap.append(wait, box);
    root.appendChild(wrap);

    function unreserve() { if (reserved) host.style.minHeight = ''; reserved = false; }

    function emit(name, data) {
      host.dispatchEvent(new CustomEvent('patient-portal:' + name, { detail: data, bubbles: true }));
      (ons[name] || []).forEach(function (fn) {
        try { fn(data); } catch (e) { console.error(e); }
      });
    }

    function funnel(cfg, name, data) {
      var step = FUNNEL[name];
      data = data || {};
      if (!step || (name === 'ready' && data.view !== 'booking') || (name === 'view-changed' && data.step !== 'review')) return;
      fetch(cfg.apiBase + '/api/v1/clinics/' + encodeURIComponent(cfg.clinic) + '/funnel', {
        method: 'POST', keepalive: true, credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clinic: cfg.clinic, step: step })
      }).catch(function () {});
    }

    // Another view takes the element's place: booking from "Book your follow-up" (with the
    // visit type chosen) or "Book a new visit", manage after booking. Going to booking drops a
    // patient link's fragment, so a reload shows booking; the widget sets manage's itself.
    function go(e) {
      var to = e.detail || {};
      e.stopPropagation();
      if (!VIEWS[to.view]) return;
      if (to.view === 'booking' && !location.hash.indexOf('#pp-')) history.replaceState(history.state, '', location.pathname + location.search);
      mount(host, Object.assign({}, config, { view: to.view, visitType: to.visitType })).$ons(ons);
    }

    function call(p) {
      if (phone) {
        var a = el('a', 'pp-link', phone);
        a.href = 'tel:' + String(phone).replace(/[^\d+]/g, '');
        p.append(t[2], a);
      }
      p.append('.');
      return p;
    }

    function fail(e) {
      console.error('[patient-portal] Could not load the widget from ' + BASE + ':', e);
      if (!live) return;
      wait.remove();
      var p = call(el('p', 'pp-alert pp-alert-error', t[b + 1]));
      p.setAttribute('role', 'alert');
      box.appendChild(p);
      unreserve();
    }

    function start() {
      // Inline: the catalog comes while the widget's files do (isolated: the frame's page asks).
      var clinic = given.clinic || ds.clinic;
      if (mode === 'inline' && clinic) pre((given.apiBase || ds.apiBase || ds.api || new URL(BASE).origin).replace(/\/$/, '') + '/api/v1/clinics/' + encodeURIComponent(clinic) + '/catalog', 'preload');
      imp(FILES.config || ['patient-portal-config.js']).then(function (m) {
        if (!live) return;
        var r = m.check(host, config, view, BASE);
        wait.remove();
        if (r.errors.length) return m.problem(box, r.errors, call(el('p', '', t[b + 1])), unreserve());
        var cfg = r.config;
        mode = cfg.mode;
        if (mode === 'isolated') return isolate(cfg, m);
        var themed = mode === 'inline' ? wrap : host;
        m.theme(themed, r);
        var styled = (mode === 'inline' || !host.hasAttribute('data-patient-portal-embed')) && m.css(root === host ? d.head : root, BASE, view);
        box.addEventListener('patient-portal:event', function (e) {
          var x = e.detail || {};
          if (x.name === 'ready') {
            keep || unreserve();
            // Opened from a patient link: bring the widget on screen (its view then focuses its
            // heading; in the frame, that focus asks the page to scroll the frame into view).
            if (link) host.scrollIntoView();
          }
          funnel(cfg, x.name, x.data);
          if (mode === 'inline') {
            e.stopPropagation();
            emit(x.name, x.data);
          }
        });
        box.addEventListener('pp-navigate', go);
        return Promise.all([load(view, m.FILES), styled]).then(function (a) {
          var mod = a[0];
          if (!live) return;
          inner = mod.mount(box, cfg);
        });
      }).catch(fail);
    }

    function isolate(cfg, m) {
      var api = new URL(cfg.apiBase).origin;
      var id = 'pp' + (++seq) + Math.random().toString(36).slice(2, 8);
      var hash = link ? location.hash : '';
      if (hash) history.replaceState(history.state, '', location.pathname + location.search);
      frame = el('iframe');
      frame.src = m.frameSrc(cfg, id) + hash;
      frame.title = m.title(cfg);
      var s = frame.style;
      s.border = '0';
      s.width = '100%';
      s.height = '420px';
      s.display = 'block';
      if (cfg.load !== 'eager') frame.loading = 'lazy';
      onmsg = function (e) {
        var x = e.data;
        if (e.origin !== api || e.source !== frame.contentWindow || !x || x.id !== id) return;
        if (x.type === 'patient-portal:resize' && x.height > 0) {
          s.height = Math.ceil(x.height) + 'px';
          keep || unreserve();
        } else if (x.type === 'patient-portal:focus') {
          // Bring what took focus in the frame on screen, with a little room above it.
          var top = frame.getBoundingClientRect().top + x.top;
          if (top < 0 || top + Math.min(x.bottom - x.top, 99) > w.innerHeight) w.scrollBy(0, top - 16);
        } else if (x.type === 'patient-portal:event') emit(String(x.name), x.data);
        else if (x.type === 'patient-portal:navigate' && VIEWS[x.view]) view = x.view;
      };
      w.addEventListener('message', onmsg);
      box.appendChild(frame);
    }

    var handle = {
      unmount: function () {
        live = false;
        if (watch) watch.disconnect();
        if (onmsg) w.removeEventListener('message', onmsg);
        if (inner && inner.unmount) inner.unmount();
        (shadowHost || wrap).remove();
        unreserve();
        if (handles.get(host) === handle) handles.delete(host);
      },
      on: function (name, fn) {
        (ons[name] = ons[name] || []).push(fn);
        return handle;
      },
      $ons: function (o) { ons = o; }
    };
    handles.set(host, handle);

    if (mode !== 'direct' && (given.load || ds.load) !== 'eager' && w.IntersectionObserver) {
      watch = new IntersectionObserver(function (es) {
        if (es.some(function (x) { return x.isIntersecting; })) {
          watch.disconnect();
          start();
        }
      }, { rootMargin: '200px' });
      watch.observe(host);
    } else start();
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
