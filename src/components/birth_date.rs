//! The date of birth as three fields (month, day, year) under one legend, with one hint and one
//! problem for all three. Booking's "About you" and the instructions' identity check use it, so
//! a patient meets the same field, the same words and the same checks in both.

use yew::prelude::*;

use super::field::{describe, Control};
use crate::i18n::{text, Language, Msg};

/// The three fields and what they show.
pub struct BirthDate<'a> {
    /// The controls' ids: month, day, year.
    pub ids: [String; 3],
    /// The hint's id.
    pub hint_id: String,
    /// The problem's id.
    pub error_id: String,
    /// What the patient typed: month, day, year.
    pub values: [&'a str; 3],
    /// The problem, in plain words.
    pub error: Option<&'a str>,
    /// Called with each change: month, day, year.
    pub oninput: [Callback<InputEvent>; 3],
    /// The patient's language.
    pub lang: Language,
}

impl BirthDate<'_> {
    /// The fields as HTML.
    pub fn view(self) -> Html {
        let lang = self.lang;
        let invalid = self.error.is_some();
        let described = describe(&[
            Some(&self.hint_id),
            self.error.map(|_| self.error_id.as_str()),
        ]);
        let parts = [
            (Msg::Month, "bday-month"),
            (Msg::Day, "bday-day"),
            (Msg::Year, "bday-year"),
        ];
        let mut parts_html = Vec::with_capacity(3);
        for ((((label, autocomplete), id), value), oninput) in parts
            .into_iter()
            .zip(self.ids)
            .zip(self.values)
            .zip(self.oninput)
        {
            let control = Control {
                id: id.clone(),
                value,
                kind: "text",
                autocomplete: Some(autocomplete),
                inputmode: Some("numeric"),
                invalid,
                described_by: described.clone(),
                oninput,
                class: if autocomplete == "bday-year" {
                    "pp-input pp-input-year"
                } else {
                    "pp-input pp-input-short"
                },
            };
            parts_html.push(html! {
                <div class="pp-date-part">
                    <label class="pp-label" for={id}>{ text(lang, label) }</label>
                    { control.view() }
                </div>
            });
        }
        let inside = html! {
            <>
                <legend class="pp-legend">{ text(lang, Msg::BirthDate) }</legend>
                <span class="pp-hint" id={self.hint_id}>{ text(lang, Msg::BirthDateHint) }</span>
                if let Some(error) = self.error {
                    <span class="pp-field-error" id={self.error_id}>{ error }</span>
                }
                <div class="pp-date">{ for parts_html }</div>
            </>
        };
        // Literal classes: a computed `class` goes through yew's `Classes` (several KB of wasm).
        if invalid {
            html! { <fieldset class="pp-fieldset pp-field pp-field-invalid" role="group">{ inside }</fieldset> }
        } else {
            html! { <fieldset class="pp-fieldset pp-field" role="group">{ inside }</fieldset> }
        }
    }
}

/// The date as the API wants it, `YYYY-MM-DD`, from what was typed in the three fields (a
/// one-digit month or day gets its zero); empty when nothing was typed, so it reads as missing.
pub fn iso(month: &str, day: &str, year: &str) -> String {
    let [m, d, y] = [month, day, year].map(str::trim);
    if m.is_empty() && d.is_empty() && y.is_empty() {
        return String::new();
    }
    let pad = |s: &str| {
        if s.len() == 1 {
            ["0", s].concat()
        } else {
            s.to_string()
        }
    };
    [y, &pad(m), &pad(d)].join("-")
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn three_fields_make_one_api_date() {
        assert_eq!(iso("4", "17", "1961"), "1961-04-17");
        assert_eq!(iso(" 04 ", "7", "1961"), "1961-04-07");
        assert_eq!(iso("", "", ""), "");
        assert_eq!(iso("", "", "1961"), "1961--");
    }
}
