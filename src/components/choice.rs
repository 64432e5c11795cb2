//! Radio cards and their group. A card is a radio with its label and, under it, a detail linked
//! by `aria-describedby`; the label covers the whole card (CSS), so the card is one big target.

use yew::prelude::*;

/// A radio card; `detail` is read after the label as its description.
pub fn choice(
    id: String,
    name: &str,
    checked: bool,
    onchange: Callback<Event>,
    label: &str,
    detail: Option<Html>,
) -> Html {
    let detail_id = detail.as_ref().map(|_| [id.as_str(), "-d"].concat());
    html! {
        <div class="pp-choice">
            <input type="radio" id={id.clone()} name={name.to_string()} {checked} {onchange}
                aria-describedby={detail_id.clone()} />
            <div class="pp-choice-text">
                <label for={id} class="pp-choice-label">{ label }</label>
                if let Some(detail) = detail {
                    <div id={detail_id} class="pp-hint">{ detail }</div>
                }
            </div>
        </div>
    }
}

/// A radio group under a legend, with its problem (if any) read with the group.
pub fn group(error_id: String, legend: &str, error: Option<&str>, choices: Html) -> Html {
    html! {
        <fieldset class="pp-fieldset" aria-describedby={error.map(|_| error_id.clone())}>
            <legend class="pp-legend">{ legend }</legend>
            if let Some(error) = error {
                <p class="pp-field-error" id={error_id}>{ error }</p>
            }
            <div class="pp-choice-list">{ choices }</div>
        </fieldset>
    }
}
