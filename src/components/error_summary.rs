//! The list of problems at the top of a form: it takes focus after a failed "Continue", and
//! each problem links to its field.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The summary; `problems` are (field id, message) in form order.
pub fn error_summary(
    id: String,
    title: &str,
    problems: Vec<(String, String)>,
    node: NodeRef,
) -> Html {
    let title_id = [id.as_str(), "-t"].concat();
    html! {
        <div class="pp-alert pp-alert-error pp-error-summary" {id} tabindex="-1" ref={node}
            aria-labelledby={title_id.clone()}>
            <h4 id={title_id} class="pp-subheading">{ title }</h4>
            <ul>
                { for problems.into_iter().map(|(field, message)| html! {
                    <li><a class="pp-link" href={["#", field.as_str()].concat()} onclick={Callback::from(go_to_field)}>{ message }</a></li>
                }) }
            </ul>
        </div>
    }
}

/// Focuses the element a link (`href="#id"`) points to, inside this widget (its page may be a shadow
/// root, where `document.getElementById` does not reach), without touching the page's URL.
pub fn go_to_field(event: MouseEvent) {
    event.prevent_default();
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(href) = link.get_attribute("href") else {
        return;
    };
    let field = link
        .closest(".pp-widget")
        .ok()
        .flatten()
        .and_then(|root| root.query_selector(&href).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}
