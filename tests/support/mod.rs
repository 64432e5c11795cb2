//! What the widget's browser tests share: a host element to mount in, DOM look-ups, a stand-in
//! `fetch` that answers each `METHOD /path` with a fixed status and body and records what the
//! widget sent, and waiting for the view to change. Each test file has `mod support;`.

#![allow(dead_code)] // each test file uses its own share of these

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// A fresh element to mount a view in, inside the widget's root class (as the app renders it:
/// summary links and focus rules look for it).
pub fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("section").unwrap();
    root.set_class_name("pp-widget");
    let host = document.create_element("div").unwrap();
    root.append_child(&host).unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    host
}

/// Every element under `root` that matches `selector`.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// The first element under `root` that matches `selector`; fails the test when there is none.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// An element's text.
pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Clicks the `selector` under `root` whose text contains `label`.
pub fn click(root: &Element, selector: &str, label: &str) {
    let el = all(root, selector)
        .into_iter()
        .find(|b| text(b).contains(label))
        .unwrap_or_else(|| panic!("no {selector} says {label:?}"));
    el.unchecked_into::<HtmlElement>().click();
}

/// Lets yew render (and run effects).
pub async fn settle() {
    for _ in 0..3 {
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
}

/// Waits (at most 2 s) until `what` holds for `host`.
pub async fn wait_for(host: &Element, what: impl Fn(&Element) -> bool) {
    for _ in 0..100 {
        if what(host) {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
    panic!("never happened; the view shows: {}", text(host));
}

/// Answers the widget's requests to `base` from `routes`, a JSON object of
/// `"METHOD /path": {"status": N, "body": ...}`; a route not listed fails like a network error.
/// Each test has its own `base`, so tests running interleaved never share answers.
pub fn serve(base: &str, routes: &str) {
    let install = js_sys::Function::new_with_args(
        "base, routes",
        r#"
        window.__ppRoutes = window.__ppRoutes || {};
        window.__ppCalls = window.__ppCalls || {};
        window.__ppRoutes[base] = routes;
        window.__ppCalls[base] = [];
        if (window.__ppServing) return;
        window.__ppServing = true;
        const real = window.fetch;
        window.fetch = async function (request) {
          const url = new URL(request.url);
          const routes = window.__ppRoutes[url.origin];
          if (!routes) return real.apply(this, arguments);
          const body = request.method === 'GET' ? null : await request.text();
          window.__ppCalls[url.origin].push({key: request.method + ' ' + url.pathname, url: request.url,
                                             auth: request.headers.get('Authorization'), body: body});
          const answer = routes[request.method + ' ' + url.pathname];
          if (!answer) throw new TypeError('Failed to fetch');
          return new Response(answer.status === 204 ? null : JSON.stringify(answer.body),
                              {status: answer.status, headers: {'Content-Type': 'application/json'}});
        };"#,
    );
    install
        .call2(
            &JsValue::NULL,
            &base.into(),
            &js_sys::JSON::parse(routes).unwrap(),
        )
        .unwrap();
}

/// What the widget sent to `base`, in order: (`METHOD /path`, URL, Authorization, body).
pub fn calls(base: &str) -> Vec<(String, String, String, String)> {
    let all = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__ppCalls".into()).unwrap();
    let calls = js_sys::Reflect::get(&all, &base.into()).unwrap();
    js_sys::Array::from(&calls)
        .iter()
        .map(|c| {
            let get = |k: &str| {
                js_sys::Reflect::get(&c, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("key"), get("url"), get("auth"), get("body"))
        })
        .collect()
}

/// The demo clinic's catalog as the API sends it: three visit types (one video, one for
/// returning patients only), two providers at two offices (one speaks Spanish), Spanish words
/// for some texts and not others. Every test file reads this one.
pub const CATALOG: &str = r#"{
  "clinic": {"id": "maple-grove", "name": "Maple Grove Family Practice", "phone": "(555) 010-2233",
             "address": "120 Maple Street", "timezone": "America/New_York", "languages": ["en", "es"]},
  "visit_types": [
    {"id": "sick-visit", "name": {"en": "Sick visit", "es": "Consulta por enfermedad"},
     "description": {"en": "For a new illness or pain.", "es": "Para una enfermedad o un dolor nuevo."},
     "duration_minutes": 20, "mode": "in_person", "new_patients": true,
     "preparation": {"en": "Bring a list of all your medicines."}},
    {"id": "follow-up", "name": {"en": "Follow-up visit", "es": "Visita de seguimiento"},
     "description": {"en": "To check how you are doing after a recent visit."},
     "duration_minutes": 20, "mode": "in_person", "new_patients": false},
    {"id": "video-visit", "name": {"en": "Video visit"}, "description": {"en": "From home."},
     "duration_minutes": 15, "mode": "video", "new_patients": false}
  ],
  "providers": [
    {"id": "dr-lopez", "name": {"en": "Dr. Ana López", "es": "Dra. Ana López"}, "languages": ["en", "es"], "speaks": {"en": "English, Spanish", "es": "inglés, español"},
     "locations": ["downtown", "riverside"], "visit_types": ["sick-visit", "follow-up", "video-visit"],
     "bio": {"en": "Family doctor for 12 years."}},
    {"id": "dr-chen", "name": {"en": "Dr. Michael Chen", "es": "Dr. Michael Chen"}, "languages": ["en"], "speaks": {"en": "English", "es": "inglés"},
     "locations": ["downtown"], "visit_types": ["sick-visit", "follow-up"]}
  ],
  "locations": [
    {"id": "downtown", "name": {"en": "Downtown office", "es": "Oficina del centro"}, "address": "120 Maple Street",
     "notes": {"en": "Free parking behind the building."}},
    {"id": "riverside", "name": {"en": "Riverside office", "es": "Oficina de Riverside"}, "address": "45 River Road"}
  ],
  "rules": {"min_notice_minutes": 120, "horizon_days": 30}
}"#;

/// [`CATALOG`], read by the widget's own reader.
pub fn catalog() -> std::rc::Rc<portal_core::api::Catalog> {
    std::rc::Rc::new(portal_core::wire::from_json(CATALOG).expect("the catalog fixture reads"))
}

/// `Intl` options for a day as the widget words it: "Tuesday, March 3".
pub const DAY: &str = r#"{"weekday":"long","month":"long","day":"numeric"}"#;

/// What the browser's own `Intl` says for an instant on the patient's clock (the widget does not
/// use it: its first use costs a slow phone about 100 ms).
pub fn browsers_words(ms: f64, locale: &str, options: &str) -> String {
    let options = js_sys::JSON::parse(options).unwrap();
    String::from(js_sys::Date::new(&ms.into()).to_locale_string(locale, &options))
}
