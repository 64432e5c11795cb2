//! A form field: visible label, hint and problem linked by `aria-describedby`, `aria-invalid`
//! when there is a problem. The value lives in the caller's state, never in the DOM only.

use yew::prelude::*;

/// One text field.
pub struct Field<'a> {
    /// The control's id; the hint is `{id}-h`, the problem `{id}-e`.
    pub id: String,
    /// The visible label.
    pub label: &'a str,
    /// A hint under the label.
    pub hint: Option<&'a str>,
    /// Other ids describing the control (a shared hint, a character count).
    pub described_by: Option<String>,
    /// The problem, in plain words.
    pub error: Option<&'a str>,
    /// The current value.
    pub value: &'a str,
    /// `text`, `tel`, `email`, or `textarea`.
    pub kind: &'static str,
    /// The `autocomplete` token.
    pub autocomplete: Option<&'static str>,
    /// Called with each change.
    pub oninput: Callback<InputEvent>,
    /// Shown under the control (a character count).
    pub after: Html,
}

impl Field<'_> {
    /// The field as HTML.
    pub fn view(self) -> Html {
        let hint_id = self.hint.map(|_| [self.id.as_str(), "-h"].concat());
        let error_id = self.error.map(|_| [self.id.as_str(), "-e"].concat());
        let described = describe(&[
            hint_id.as_deref(),
            self.described_by.as_deref(),
            error_id.as_deref(),
        ]);
        let control = Control {
            id: self.id.clone(),
            value: self.value,
            kind: self.kind,
            autocomplete: self.autocomplete,
            inputmode: None,
            invalid: self.error.is_some(),
            described_by: described,
            oninput: self.oninput,
            class: "pp-input",
        };
        let invalid = self.error.is_some();
        let inside = html! {
            <>
                <label class="pp-label" for={self.id}>{ self.label }</label>
                if let Some(hint) = self.hint {
                    <span class="pp-hint" id={hint_id}>{ hint }</span>
                }
                if let Some(error) = self.error {
                    <span class="pp-field-error" id={error_id}>{ error }</span>
                }
                { control.view() }
                { self.after }
            </>
        };
        // Literal classes: a computed `class` goes through yew's `Classes` (several KB of wasm).
        if invalid {
            html! { <div class="pp-field pp-field-invalid">{ inside }</div> }
        } else {
            html! { <div class="pp-field">{ inside }</div> }
        }
    }
}

/// An input or textarea on its own (the date of birth has three under one legend).
pub struct Control<'a> {
    /// Its id.
    pub id: String,
    /// The current value.
    pub value: &'a str,
    /// `text`, `tel`, `email`, or `textarea`.
    pub kind: &'static str,
    /// The `autocomplete` token.
    pub autocomplete: Option<&'static str>,
    /// The `inputmode`, like `numeric`.
    pub inputmode: Option<&'static str>,
    /// Whether it has a problem.
    pub invalid: bool,
    /// Ids of the hint and problem.
    pub described_by: Option<String>,
    /// Called with each change.
    pub oninput: Callback<InputEvent>,
    /// CSS class: `pp-input`, `pp-input pp-input-year` or `pp-input pp-input-short` (textareas
    /// are always `pp-input`).
    pub class: &'static str,
}

impl Control<'_> {
    /// The control as HTML.
    pub fn view(self) -> Html {
        let invalid = self.invalid.then_some("true");
        // Literal classes: a computed `class` goes through yew's `Classes` (several KB of wasm).
        // Textareas are always plain `pp-input`.
        match (self.kind, self.class) {
            ("textarea", _) => html! {
                <textarea id={self.id} class="pp-input" rows="3" value={self.value.to_string()}
                    aria-invalid={invalid} aria-describedby={self.described_by} oninput={self.oninput} />
            },
            (_, "pp-input pp-input-year") => html! {
                <input id={self.id} class="pp-input pp-input-year" type={self.kind} value={self.value.to_string()}
                    autocomplete={self.autocomplete} inputmode={self.inputmode}
                    aria-invalid={invalid} aria-describedby={self.described_by} oninput={self.oninput} />
            },
            (_, "pp-input pp-input-short") => html! {
                <input id={self.id} class="pp-input pp-input-short" type={self.kind} value={self.value.to_string()}
                    autocomplete={self.autocomplete} inputmode={self.inputmode}
                    aria-invalid={invalid} aria-describedby={self.described_by} oninput={self.oninput} />
            },
            _ => html! {
                <input id={self.id} class="pp-input" type={self.kind} value={self.value.to_string()}
                    autocomplete={self.autocomplete} inputmode={self.inputmode}
                    aria-invalid={invalid} aria-describedby={self.described_by} oninput={self.oninput} />
            },
        }
    }
}

/// Joins the ids that are there with spaces; `None` when there are none.
pub fn describe(ids: &[Option<&str>]) -> Option<String> {
    let joined = ids.iter().flatten().copied().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The value of the input or textarea an event came from.
pub fn value_of(event: &InputEvent) -> String {
    event
        .target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn only_the_ids_that_exist_describe_a_field() {
        assert_eq!(
            describe(&[Some("a-h"), None, Some("a-e")]).as_deref(),
            Some("a-h a-e")
        );
        assert_eq!(describe(&[None, None]), None);
    }
}
