/* Patient portal config checks, imported by the loader before anything mounts: every option of
 * patient-portal.schema.json (inlined below by the build, so the two cannot drift) with its exact
 * path, type, enum, pattern and length; unknown keys with "did you mean"; CSS colours and radius
 * checked by the browser; a primary colour too light for white text darkened to WCAG AA. */
var SCHEMA = /*PP_SCHEMA*/null;

/** The hashed names and SRI hashes of the bundles and the CSS: {key: [name, integrity]}. */
export var FILES = /*PP_FILES*/{};

// data-* attributes that set options (the nested ones by path).
var PLAIN = ['clinic', 'apiBase', 'view', 'locale', 'mode', 'load', 'visitType', 'provider', 'phone'];
var ATTRS = {
  themePrimary: 'theme.primary', themeFontFamily: 'theme.fontFamily', themeRadius: 'theme.radius',
  themeDensity: 'theme.density', themeDark: 'theme.dark', themeHighContrast: 'theme.highContrast',
  prefillNewPatient: 'prefill.newPatient'
};

var SUPPORTED = { en: 1, es: 1 };

function q(v) {
  return JSON.stringify(v);
}

// Levenshtein distance, for "did you mean".
function dist(a, b) {
  var row = [], i, j, prev, tmp;
  for (j = 0; j <= b.length; j++) row[j] = j;
  for (i = 1; i <= a.length; i++) {
    prev = row[0];
    row[0] = i;
    for (j = 1; j <= b.length; j++) {
      tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function near(word, options) {
  var best, score = 3;
  options.forEach(function (o) {
    var s = dist(String(word), o);
    if (s < score) { score = s; best = o; }
  });
  return best;
}

function typeOf(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

// [r, g, b] of a CSS colour, through a canvas (opaque colours come back as #rrggbb).
function rgb(colour) {
  var c = document.createElement('canvas').getContext('2d');
  if (!c) return null;
  c.fillStyle = '#000';
  c.fillStyle = colour;
  var m = /^#(..)(..)(..)$/.exec(c.fillStyle) || /^rgba?\((\d+), (\d+), (\d+)/.exec(c.fillStyle);
  if (!m) return null;
  var hex = m[0][0] === '#';
  return [1, 2, 3].map(function (i) { return parseInt(m[i], hex ? 16 : 10); });
}

function lum(c) {
  var l = c.map(function (v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/** WCAG contrast of white text on `c` ([r, g, b]). */
export function contrast(c) {
  return 1.05 / (lum(c) + 0.05);
}

/** `colour` darkened in 5% steps until white text on it reaches 4.5:1: [hex, ratio before]. */
export function readable(colour) {
  var c = rgb(colour);
  if (!c) return [colour, 21];
  var before = contrast(c);
  while (contrast(c) < 4.5) c = c.map(function (v) { return Math.floor(v * 0.95); });
  return ['#' + c.map(function (v) { return (v < 16 ? '0' : '') + v.toString(16); }).join(''), before];
}

function walk(schema, value, path, errors) {
  if (schema.$ref) schema = SCHEMA.$defs[schema.$ref.split('/').pop()];
  var t = typeOf(value);
  if (schema.enum) {
    if (schema.enum.indexOf(value) < 0) {
      var m = near(value, schema.enum);
      errors.push(path + ': ' + q(value) + ' is not one of ' + schema.enum.join(', ') + (m ? '; did you mean ' + q(m) + '?' : ''));
    }
    return;
  }
  var types = [].concat(schema.type);
  if (types.indexOf(t) < 0) {
    errors.push(path + ': ' + q(value) + ' is not ' + types.map(function (x) { return (x === 'object' ? 'an ' : 'a ') + x; }).join(' or ') +
      (types[0] === 'boolean' ? '; use true or false' : ''));
    return;
  }
  if (t === 'object') {
    var known = Object.keys(schema.properties);
    (schema.required || []).forEach(function (k) {
      if (value[k] === undefined || value[k] === '') errors.push(path + '.' + k + ': missing; set data-' + k + '="…" on the element or ' + k + ' in the config');
    });
    Object.keys(value).forEach(function (k) {
      if (value[k] === undefined) return;
      if (!schema.properties[k]) {
        var m = near(k, known);
        errors.push(path + '.' + k + ': unknown option; ' + (m ? 'did you mean ' + q(m) + '?' : 'the options here are ' + known.join(', ')));
      } else walk(schema.properties[k], value[k], path + '.' + k, errors);
    });
    return;
  }
  if (t === 'string') {
    if (schema.maxLength && value.length > schema.maxLength) errors.push(path + ': is ' + value.length + ' characters long; the limit is ' + schema.maxLength);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) errors.push(path + ': ' + q(value) + ' does not look right; use one like ' + q((schema.examples || [''])[0]));
  }
  var css = schema['x-css'];
  if (css === 'color' && !(window.CSS && CSS.supports('color', value))) {
    errors.push(path + ': ' + q(value) + ' is not a colour; use a CSS colour such as "#1a6fb0"');
  }
  if (css === 'radius') {
    var px = typeof value === 'number' ? value : /^\d+(\.\d+)?(px|rem)$|^0$/.test(value) ? parseFloat(value) * (/rem$/.test(value) ? 16 : 1) : -1;
    if (!(px >= 0 && px <= 32)) errors.push(path + ': ' + q(value) + ' is not a length from 0 to 32px; use one such as "8px"');
  }
}

/**
 * Checks a raw config (data attributes and JS object merged by the loader). Returns
 * `{errors, config, vars, classes}`: errors as "config.path: what is wrong; what is valid";
 * config with defaults filled; the theme's CSS custom properties and classes.
 */
export function check(host, given, view, base) {
  var errors = [];
  var c = gather(host, given, errors);
  c.view = view;
  if (!c.pageUrl) c.pageUrl = location.href.split('#')[0];
  var nav = (navigator.language || '').slice(0, 2).toLowerCase();
  if (c.locale === undefined) c.locale = SUPPORTED[nav] ? nav : 'en';
  else if (typeof c.locale === 'string' && SUPPORTED[c.locale.slice(0, 2).toLowerCase()] && /^[a-z]{2}([-_][A-Za-z0-9]+)*$/i.test(c.locale)) c.locale = c.locale.slice(0, 2).toLowerCase();
  if (c.apiBase === undefined) c.apiBase = new URL(base).origin;
  if (c.mode === undefined) c.mode = 'isolated';
  walk(SCHEMA, c, 'config', errors);
  if (typeof c.apiBase === 'string') c.apiBase = c.apiBase.replace(/\/$/, '');
  if (c.mode === 'isolated' && !c.apiBase && !errors.length) errors.push('config.apiBase: "" is not allowed in isolated mode; use the portal-server origin, like "https://portal.example.org"');
  var vars = {}, classes = [];
  var th = c.theme || {};
  if (!errors.length) {
    if (th.primary) {
      var r = readable(th.primary);
      if (r[1] < 4.5) {
        console.warn('[patient-portal] config.theme.primary: ' + q(th.primary) + ' has a contrast of ' + r[1].toFixed(2) +
          ':1 with white text; WCAG AA needs 4.5:1, so the widget uses ' + q(r[0]) + ' instead');
      }
      vars['--pp-primary'] = r[0];
      vars['--pp-on-primary'] = '#fff';
    }
    if (th.fontFamily) vars['--pp-font'] = th.fontFamily;
    if (th.radius !== undefined) vars['--pp-radius'] = typeof th.radius === 'number' ? th.radius + 'px' : th.radius;
    if (th.density === 'compact') classes.push('pp-theme-compact');
    if (th.dark) classes.push('pp-theme-dark');
    if (th.highContrast) classes.push('pp-theme-contrast');
  }
  return { errors: errors, config: c, vars: vars, classes: classes };
}

// The raw config: data attributes, then data-config (JSON), then the JS object; objects are
// merged one level deep.
function gather(host, given, errors) {
  var ds = host.dataset, c = {}, k;
  for (k in ds) {
    var v = ds[k];
    if (PLAIN.indexOf(k) >= 0) c[k] = v;
    else if (ATTRS[k]) {
      var p = ATTRS[k].split('.');
      (c[p[0]] = c[p[0]] || {})[p[1]] = v === '' || v === 'true' ? true : v === 'false' ? false : v;
    }
  }
  if (ds.api && !c.apiBase) c.apiBase = ds.api;
  var layers = [];
  if (ds.config) {
    try {
      layers.push(JSON.parse(ds.config));
    } catch (e) {
      errors.push('config (data-config): not valid JSON: ' + e.message);
    }
  }
  layers.push(given || {});
  layers.forEach(function (x) {
    for (k in x) c[k] = x[k] && typeof x[k] === 'object' && c[k] && typeof c[k] === 'object' ? Object.assign({}, c[k], x[k]) : x[k];
  });
  return c;
}

function el(tag, text) {
  var n = document.createElement(tag);
  if (text) n.textContent = text;
  return n;
}

/** Shows the developer what is wrong, in place of the widget and in the console. */
export function problem(box, errors, call) {
  console.error('[patient-portal] setup problem:\n' + errors.join('\n'));
  var s = box.style;
  s.border = '2px solid #b3261e';
  s.borderRadius = '8px';
  s.padding = '1rem';
  s.background = '#fff';
  s.color = '#1b1b1b';
  s.font = '1rem/1.5 system-ui, sans-serif';
  box.setAttribute('role', 'alert');
  box.className = 'pp-config-error';
  box.appendChild(el('h2', 'Patient portal setup problem'));
  var ul = el('ul');
  errors.forEach(function (m) { ul.appendChild(el('li', m)); });
  box.append(ul, call);
}

/** Sets the theme's custom properties and classes on the widget's container. */
export function theme(node, r) {
  for (var k in r.vars) node.style.setProperty(k, r.vars[k]);
  r.classes.forEach(function (c) { node.classList.add(c); });
}

/**
 * The widget's stylesheet in `root`: the page's head (once), or a shadow root. In a shadow root
 * the page's inherited styles are reset at the host, and `rem` (which follows the page's root
 * font size, a hostile page's too) becomes the patient's default font size measured there.
 */
export function css(root, base, view) {
  var f = FILES['css_' + view] || FILES.css || ['widget.css'];
  var href = base + f[0];
  if (root.host && root.adoptedStyleSheets) {
    var reset = ':host{all:initial!important;display:block!important;';
    var own = new CSSStyleSheet();
    own.replaceSync(reset + '}');
    root.adoptedStyleSheets = [own];
    return fetch(href, f[1] ? { integrity: f[1] } : {}).then(function (r) {
      if (!r.ok) throw new Error(href + ': HTTP ' + r.status);
      return r.text();
    }).then(function (text) {
      own.replaceSync(reset + '--pp-rem:' + getComputedStyle(root.host).fontSize + '!important}');
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(text.replace(/(\d*\.?\d+)rem\b/g, 'calc($1 * var(--pp-rem))'));
      root.adoptedStyleSheets = [own, sheet];
    });
  }
  if (!root.host && root.querySelector('link[href="' + href + '"]')) return;
  var link = el('link');
  link.rel = 'stylesheet';
  link.href = href;
  if (f[1]) {
    link.integrity = f[1];
    link.crossOrigin = 'anonymous';
  }
  root.insertBefore(link, root.firstChild);
}

/** The iframe's address: only non-sensitive settings, the config as URL-safe base64 JSON. */
export function frameSrc(c, id) {
  var pub = {};
  ['theme', 'strings', 'visitType', 'provider', 'prefill', 'pageUrl', 'phone'].forEach(function (k) {
    if (c[k] !== undefined) pub[k] = c[k];
  });
  var b64 = btoa(unescape(encodeURIComponent(JSON.stringify(pub)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  var q = new URLSearchParams({ origin: location.origin, view: c.view, locale: c.locale, id: id, config: b64 });
  return new URL(c.apiBase).origin + '/embed/' + encodeURIComponent(c.clinic) + '?' + q;
}

/** The iframe's accessible name. */
export function title(c) {
  var es = c.locale === 'es';
  return (es ? 'Portal del paciente: ' : 'Patient portal: ') + {
    booking: es ? 'pedir una cita' : 'book a visit',
    manage: es ? 'su cita' : 'your visit',
    instructions: es ? 'sus instrucciones' : 'your instructions',
    feedback: es ? 'su opinión' : 'your feedback'
  }[c.view];
}
