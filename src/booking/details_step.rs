//! Step 4, "About you": name, date of birth (three fields), phone or email, the reason in the
//! patient's words and anything the clinic should know. "Continue" checks everything with
//! `portal_core::patient::Patient::parse`, the server's own rules and words; problems show next
//! to their fields and in a summary at the top that takes focus.

use yew::prelude::*;

use super::state::{Action, Field};
use super::Ctx;
use crate::components::error_summary::error_summary;
use crate::components::field::{describe, value_of, Control, Field as TextField};
use crate::i18n::{fill, Msg};
use crate::intl;

impl Ctx<'_> {
    /// The id of a field's control.
    pub fn field_id(&self, field: Field) -> String {
        self.id(&["f", &intl::num(field as u32)].concat())
    }
}

/// The "About you" step.
pub fn view(ctx: &Ctx) -> Html {
    let s = ctx.state;
    let lang = ctx.lang;
    let on_type = |field: Field| ctx.send.reform(move |e: InputEvent| Action::Type(field, value_of(&e)));
    let text_field = |field: Field, label: Msg, hint: Option<Msg>, kind: &'static str, autocomplete: Option<&'static str>| {
        TextField {
            id: ctx.field_id(field),
            label: ctx.t(label),
            hint: hint.map(|h| ctx.t(h)),
            described_by: None,
            error: s.error(field),
            value: s.answer(field),
            kind,
            autocomplete,
            oninput: on_type(field),
            after: Html::default(),
        }
    };

    let problems: Vec<(String, String)> = s
        .errors
        .iter()
        .map(|e| {
            let field = Field::from_path(&e.path).unwrap_or(Field::Name);
            (ctx.field_id(field), e.message.clone())
        })
        .collect();
    let summary = (!problems.is_empty())
        .then(|| error_summary(ctx.id("summary"), ctx.t(Msg::FixThese), problems, ctx.summary.clone()));

    // Date of birth: month, day, year under one legend; the problem belongs to all three.
    let birth_error = s.error(Field::Month);
    let birth_hint = ctx.id("dob-h");
    let birth_error_id = ctx.id("dob-e");
    let described = describe(&[Some(&birth_hint), birth_error.map(|_| birth_error_id.as_str())]);
    let parts = [(Field::Month, Msg::Month, "bday-month"), (Field::Day, Msg::Day, "bday-day"), (Field::Year, Msg::Year, "bday-year")]
        .map(|(field, label, autocomplete)| {
            let id = ctx.field_id(field);
            let control = Control {
                id: id.clone(),
                value: s.answer(field),
                kind: "text",
                autocomplete: Some(autocomplete),
                inputmode: Some("numeric"),
                invalid: birth_error.is_some(),
                described_by: described.clone(),
                oninput: on_type(field),
                class: if field == Field::Year { "pp-input pp-input-year" } else { "pp-input pp-input-short" },
            };
            html! {
                <div class="pp-date-part">
                    <label class="pp-label" for={id}>{ ctx.t(label) }</label>
                    { control.view() }
                </div>
            }
        });

    let phone = text_field(Field::Phone, Msg::Phone, Some(Msg::ContactHint), "tel", Some("tel"));
    let contact_hint = [phone.id.as_str(), "-h"].concat();
    let mut email = text_field(Field::Email, Msg::Email, None, "email", Some("email"));
    email.described_by = Some(contact_hint);
    let mut reason = text_field(Field::Reason, Msg::Reason, Some(Msg::ReasonHint), "textarea", None);
    let count_id = ctx.id("count");
    reason.described_by = Some(count_id.clone());
    let used = intl::num(s.answer(Field::Reason).chars().count() as u32);
    reason.after = html! { <span class="pp-hint pp-count" id={count_id}>{ fill(lang, Msg::Count, &[&used]) }</span> };

    let birth_inside = html! {
        <>
            <legend class="pp-legend">{ ctx.t(Msg::BirthDate) }</legend>
            <span class="pp-hint" id={birth_hint}>{ ctx.t(Msg::BirthDateHint) }</span>
            if let Some(error) = birth_error {
                <span class="pp-field-error" id={birth_error_id}>{ error }</span>
            }
            <div class="pp-date">{ for parts }</div>
        </>
    };
    // Literal classes: a computed `class` goes through yew's `Classes` (several KB of wasm).
    let birth = if birth_error.is_some() {
        html! { <fieldset class="pp-fieldset pp-field pp-field-invalid" role="group">{ birth_inside }</fieldset> }
    } else {
        html! { <fieldset class="pp-fieldset pp-field" role="group">{ birth_inside }</fieldset> }
    };

    let on_continue = ctx.send.reform(move |_| Action::CheckDetails { today: intl::today(), lang });

    html! {
        <>
            { summary }
            { text_field(Field::Name, Msg::Name, Some(Msg::NameHint), "text", Some("name")).view() }
            { text_field(Field::Preferred, Msg::Preferred, None, "text", Some("nickname")).view() }
            { birth }
            { phone.view() }
            { email.view() }
            { reason.view() }
            { text_field(Field::Interpreter, Msg::Interpreter, None, "text", None).view() }
            { text_field(Field::Notes, Msg::Notes, Some(Msg::NotesHint), "textarea", None).view() }
            { ctx.nav(on_continue) }
        </>
    }
}
