//! A yew "hello": one heading and one field in `#hello`, drawn as soon as the module starts.
//! `cargo xtask bench` loads it beside the widget to show what yew and WebAssembly alone cost.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[function_component(Hello)]
fn hello() -> Html {
    html! {
        <section class="pp-widget">
            <h3>{ "Hello" }</h3>
            <label for="name">{ "Your name" }</label>
            <input id="name" />
        </section>
    }
}

/// Draws the app in `#hello`.
#[wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("hello"));
    if let Some(root) = root {
        yew::Renderer::<Hello>::with_root(root).render();
    }
}
