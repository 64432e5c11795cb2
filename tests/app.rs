//! Browser tests of the widget shell: run with `cargo xtask test` (wasm-bindgen-test in Chromium).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

#[wasm_bindgen_test]
fn a_config_without_a_clinic_shows_the_developer_what_to_set() {
    let host = host();
    let config = js_sys::Object::new();
    portal_widget::mount(host.clone(), config.into());
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("config.clinic is missing"), "{text}");
    assert!(text.contains("data-clinic"), "{text}");
}

#[wasm_bindgen_test]
async fn the_widget_mounts_and_says_it_is_loading_then_offers_a_retry_when_the_clinic_is_unreachable(
) {
    let host = host();
    let config = js_sys::Object::new();
    js_sys::Reflect::set(&config, &"clinic".into(), &"maple-grove".into()).unwrap();
    // Nothing listens on port 9: the fetch fails.
    js_sys::Reflect::set(&config, &"apiBase".into(), &"http://127.0.0.1:9".into()).unwrap();
    portal_widget::mount(host.clone(), config.into());
    gloo::timers::future::TimeoutFuture::new(0).await;
    let section = host
        .query_selector("section.pp-widget")
        .unwrap()
        .expect("widget root");
    assert_eq!(section.get_attribute("lang").as_deref(), Some("en-US"));
    for _ in 0..100 {
        if host.query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert once the fetch fails");
    let text = alert.text_content().unwrap_or_default();
    assert!(
        text.contains("We can't reach the clinic right now"),
        "{text}"
    );
    let button: web_sys::HtmlElement = alert
        .query_selector("button")
        .unwrap()
        .expect("retry")
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Try again"));
}

#[wasm_bindgen_test]
fn a_view_that_does_not_exist_shows_the_developer_the_choices() {
    let host = host();
    let config = js_sys::Object::new();
    js_sys::Reflect::set(&config, &"clinic".into(), &"maple-grove".into()).unwrap();
    js_sys::Reflect::set(&config, &"view".into(), &"survey".into()).unwrap();
    portal_widget::mount(host.clone(), config.into());
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("config.view is \"survey\""), "{text}");
    assert!(
        text.contains("\"booking\", \"manage\", \"instructions\" or \"feedback\""),
        "{text}"
    );
}
