//! Step 4, "About you": name, date of birth (three fields), phone or email, the reason in the
//! patient's words and anything the clinic should know. "Continue" checks everything with
//! `portal_core::patient::Patient::parse`, the server's own rules and words; problems show next
//! to their fields and in a summary at the top that takes focus.

use portal_core::api::ContactBy;
use yew::prelude::*;

use super::state::{Action, Field};
use super::Ctx;
use crate::components::birth_date::BirthDate;
use crate::components::choice::{choice, group};
use crate::components::error_summary::error_summary;
use crate::components::field::{value_of, Field as TextField};
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
    let on_type = |field: Field| {
        ctx.send
            .reform(move |e: InputEvent| Action::Type(field, value_of(&e)))
    };
    let text_field = |field: Field,
                      label: Msg,
                      hint: Option<Msg>,
                      kind: &'static str,
                      autocomplete: Option<&'static str>| {
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
    let summary = (!problems.is_empty()).then(|| {
        error_summary(
            ctx.id("summary"),
            ctx.t(Msg::FixThese),
            problems,
            ctx.summary.clone(),
        )
    });

    // Date of birth: month, day, year under one legend; the problem belongs to all three.
    let birth = BirthDate {
        ids: [Field::Month, Field::Day, Field::Year].map(|f| ctx.field_id(f)),
        hint_id: ctx.id("dob-h"),
        error_id: ctx.id("dob-e"),
        values: [Field::Month, Field::Day, Field::Year].map(|f| s.answer(f)),
        error: s.error(Field::Month),
        oninput: [Field::Month, Field::Day, Field::Year].map(&on_type),
        lang,
    }
    .view();

    let phone = text_field(
        Field::Phone,
        Msg::Phone,
        Some(Msg::ContactHint),
        "tel",
        Some("tel"),
    );
    let contact_hint = [phone.id.as_str(), "-h"].concat();
    let mut email = text_field(Field::Email, Msg::Email, None, "email", Some("email"));
    email.described_by = Some(contact_hint);
    let mut reason = text_field(
        Field::Reason,
        Msg::Reason,
        Some(Msg::ReasonHint),
        "textarea",
        None,
    );
    let count_id = ctx.id("count");
    reason.described_by = Some(count_id.clone());
    let used = intl::num(s.answer(Field::Reason).chars().count() as u32);
    reason.after = html! { <span class="pp-hint pp-count" id={count_id}>{ fill(lang, Msg::Count, &[&used]) }</span> };

    // How to hear about the visit: the phone and email above become what the choice needs.
    let reach = ctx.id("reach");
    let ways = [
        (ContactBy::Text, Msg::ReachText),
        (ContactBy::Email, Msg::ReachEmail),
        (ContactBy::Both, Msg::ReachBoth),
        (ContactBy::Neither, Msg::ReachNeither),
    ]
    .into_iter()
    .filter(|(way, _)| offered(&ctx.catalog.rules.message_channels, *way))
    .map(|(way, label)| {
        choice(
            [reach.as_str(), "-", way_name(way)].concat(),
            &reach,
            s.contact_by == Some(way),
            ctx.on(Action::ContactBy(way)),
            ctx.t(label),
            None,
        )
    })
    .collect::<Html>();
    // Asked only when the clinic really sends messages.
    let reach_group = (!ctx.catalog.rules.message_channels.is_empty()).then(|| {
        html! {
            <>
                { group(ctx.id("reach-e"), ctx.t(Msg::ReachLegend), None, ways) }
                <p class="pp-hint">{ ctx.t(Msg::ReachConsent) }</p>
            </>
        }
    });

    let on_continue = ctx.send.reform(move |_| Action::CheckDetails {
        today: intl::today(),
        lang,
    });

    html! {
        <>
            { summary }
            { text_field(Field::Name, Msg::Name, Some(Msg::NameHint), "text", Some("name")).view() }
            { text_field(Field::Preferred, Msg::Preferred, None, "text", Some("nickname")).view() }
            { birth }
            { phone.view() }
            { email.view() }
            { reach_group }
            { reason.view() }
            { text_field(Field::Interpreter, Msg::Interpreter, None, "text", None).view() }
            { text_field(Field::Notes, Msg::Notes, Some(Msg::NotesHint), "textarea", None).view() }
            { ctx.nav(on_continue) }
        </>
    }
}

/// A way's name in ids.
fn way_name(way: ContactBy) -> &'static str {
    match way {
        ContactBy::Text => "txt",
        ContactBy::Email => "eml",
        ContactBy::Both => "both",
        ContactBy::Neither => "none",
    }
}

/// Whether the clinic's channels (`email`, `text`) let the patient choose `way`.
pub fn offered(channels: &[String], way: ContactBy) -> bool {
    let has = |c: &str| channels.iter().any(|x| x == c);
    match way {
        ContactBy::Text => has("text"),
        ContactBy::Email => has("email"),
        ContactBy::Both => has("text") && has("email"),
        ContactBy::Neither => !channels.is_empty(),
    }
}
