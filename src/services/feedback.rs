//! Feedback: whether to ask now, the answers, "not now", and (feature `feedback`) the feedback
//! link and the clinic's "You said, we did" notes. The token (a visit's manage token, a packet's
//! reading session or a feedback link's secret) travels only in the `Authorization` header.

#[cfg(feature = "feedback")]
use portal_core::api::feedback::{FeedbackLinkView, YouSaidWeDid};
#[cfg(feature = "after-visit")]
use portal_core::api::feedback::{FeedbackPrompt, FeedbackReceipt, FeedbackRequest};
#[cfg(feature = "after-visit")]
use wasm_bindgen::JsValue;

#[cfg(feature = "after-visit")]
use super::js::to_json;
use super::request::error;
use super::{encode, ApiClient, Error};

fn base(clinic: &str) -> String {
    ["/api/v1/clinics/", &encode(clinic), "/feedback"].concat()
}

fn bearer(token: &str) -> String {
    ["Bearer ", token].concat()
}

/// Whether to ask at `moment` (`after_booking`, `after_visit`), with the questions when so.
#[cfg(feature = "after-visit")]
pub async fn prompt(
    api: &ApiClient,
    clinic: &str,
    moment: &str,
    token: &str,
) -> Result<FeedbackPrompt, Error> {
    let path = [&base(clinic), "/prompt?moment=", moment].concat();
    Ok(read::prompt(&answer(api, "GET", &path, None, token).await?))
}

/// The parsed JSON of a successful answer, else a typed error.
#[cfg(feature = "after-visit")]
async fn answer(
    api: &ApiClient,
    method: &str,
    path: &str,
    body: Option<&str>,
    token: &str,
) -> Result<JsValue, Error> {
    let (status, json) = api
        .send(method, path, body, &[("Authorization", &bearer(token))])
        .await?;
    if (200..300).contains(&status) && json.is_object() {
        Ok(json)
    } else {
        Err(error(status, json))
    }
}

/// Sends the answers; `409 feedback_already_sent` when they were sent before.
#[cfg(feature = "after-visit")]
pub async fn send(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    request: &FeedbackRequest,
) -> Result<FeedbackReceipt, Error> {
    let body = to_json(request).ok_or(Error::Unexpected(0))?;
    Ok(read::receipt(
        &answer(api, "POST", &base(clinic), Some(&body), token).await?,
    ))
}

/// "Not now" at `moment` (`after_booking` or `after_visit`): the server remembers it, so the
/// browser keeps nothing.
pub async fn dismiss(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    moment: &str,
) -> Result<(), Error> {
    // A `DismissRequest` with the moment only (the token names the visit), written by hand: the
    // booking bundle has no room for another serializer, and `moment` is one of our own words.
    let body = [r#"{"moment":""#, moment, r#""}"#].concat();
    let path = [&base(clinic), "/dismissals"].concat();
    let (status, json) = api
        .send(
            "POST",
            &path,
            Some(&body),
            &[("Authorization", &bearer(token))],
        )
        .await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(error(status, json))
    }
}

/// What a feedback link is about, read with its secret.
#[cfg(feature = "feedback")]
pub async fn link(api: &ApiClient, secret: &str) -> Result<FeedbackLinkView, Error> {
    Ok(read::link(
        &answer(api, "GET", "/api/v1/feedback/link", None, secret).await?,
    ))
}

/// The clinic's latest "You said, we did" notes.
#[cfg(feature = "feedback")]
pub async fn notes(api: &ApiClient, clinic: &str) -> Result<Vec<YouSaidWeDid>, Error> {
    let path = [
        "/api/v1/clinics/",
        &encode(clinic),
        "/you-said-we-did?limit=3",
    ]
    .concat();
    let (status, json) = api.send("GET", &path, None, &[]).await?;
    if status != 200 {
        return Err(error(status, json));
    }
    Ok(read::list(&json)
        .iter()
        .map(|note| YouSaidWeDid {
            id: read::text(note, "id"),
            published_at: read::text(note, "published_at"),
            text: read::local(&read::get(note, "text")).unwrap_or_default(),
        })
        .collect())
}

/// The feedback API's answers read field by field from the browser's parsed JSON: the same
/// `portal_core` types, without a serde reader per type (they cost the aftercare bundle about
/// 4 KB gzip, more than its size budget had left). A missing or mistyped field reads as empty.
#[cfg(feature = "after-visit")]
mod read {
    #[cfg(feature = "feedback")]
    use portal_core::api::feedback::FeedbackLinkView;
    use portal_core::api::feedback::{
        FeedbackForm, FeedbackPrompt, FeedbackQuestion, FeedbackReceipt, FeedbackStatus,
        FollowUpPromise,
    };
    use wasm_bindgen::JsValue;

    pub use crate::services::js::read::{get, list, local, maybe, object, text, whole};

    fn question(v: &JsValue) -> FeedbackQuestion {
        FeedbackQuestion {
            id: text(v, "id"),
            kind: text(v, "kind"),
            text: local(&get(v, "text")).unwrap_or_default(),
            required: get(v, "required").as_bool() == Some(true),
            min: whole(v, "min") as u8,
            max: whole(v, "max") as u8,
            low_label: local(&get(v, "low_label")),
            high_label: local(&get(v, "high_label")),
        }
    }

    pub fn prompt(v: &JsValue) -> FeedbackPrompt {
        FeedbackPrompt {
            ask: get(v, "ask").as_bool() == Some(true),
            form: object(get(v, "form")).map(|f| FeedbackForm {
                moment: text(&f, "moment"),
                questions: list(&get(&f, "questions")).iter().map(question).collect(),
                max_text: whole(&f, "max_text"),
                phone: text(&f, "phone"),
            }),
            sent: object(get(v, "sent")).map(|s| FeedbackStatus {
                id: text(&s, "id"),
                moment: text(&s, "moment"),
                sent_at: text(&s, "sent_at"),
                follow_up: text(&s, "follow_up"),
                due_at: maybe(&s, "due_at"),
                handled_at: maybe(&s, "handled_at"),
            }),
        }
    }

    pub fn receipt(v: &JsValue) -> FeedbackReceipt {
        FeedbackReceipt {
            id: text(v, "id"),
            follow_up: object(get(v, "follow_up")).map(|f| FollowUpPromise {
                due_at: text(&f, "due_at"),
                promise: text(&f, "promise"),
                phone: text(&f, "phone"),
            }),
        }
    }

    #[cfg(feature = "feedback")]
    pub fn link(v: &JsValue) -> FeedbackLinkView {
        FeedbackLinkView {
            clinic: text(v, "clinic"),
            appointment: text(v, "appointment"),
            preferred_name: text(v, "preferred_name"),
            visit_start: text(v, "visit_start"),
            timezone: text(v, "timezone"),
            prompt: prompt(&get(v, "prompt")),
        }
    }
}

/// The after-booking question, when the server says to ask it: read straight from the JSON
/// (the booking bundle carries no reader for the whole `FeedbackPrompt`: its size budget is
/// tight, and this question needs six of its fields).
#[cfg(feature = "booking")]
pub async fn ease_question(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    lang: &str,
) -> Option<EaseQuestion> {
    use wasm_bindgen::JsValue;
    let path = [&base(clinic), "/prompt?moment=after_booking"].concat();
    let (status, json) = api
        .send("GET", &path, None, &[("Authorization", &bearer(token))])
        .await
        .ok()?;
    let get =
        |v: &JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED);
    // `LocalText::get`: the patient's language when the clinic wrote it, else English.
    let words = |v: &JsValue| {
        get(v, lang)
            .as_string()
            .or_else(|| get(v, "en").as_string())
            .unwrap_or_default()
    };
    if status != 200 || get(&json, "ask").as_bool() != Some(true) {
        return None;
    }
    let form = get(&json, "form");
    let question = js_sys::Array::from(&get(&form, "questions")).get(0);
    let number = |key: &str| get(&question, key).as_f64().map(|n| n as u8);
    (get(&question, "kind").as_string().as_deref() == Some("scale")).then(|| EaseQuestion {
        text: words(&get(&question, "text")),
        low: words(&get(&question, "low_label")),
        high: words(&get(&question, "high_label")),
        min: number("min").unwrap_or(1),
        max: number("max").unwrap_or(5),
        phone: get(&form, "phone").as_string().unwrap_or_default(),
    })
}

/// The after-booking question, in the patient's language.
#[cfg(feature = "booking")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EaseQuestion {
    /// "How easy was it to book today?", as the clinic wrote it.
    pub text: String,
    /// Words for the lowest answer, like "Very hard".
    pub low: String,
    /// Words for the highest answer, like "Very easy".
    pub high: String,
    /// The lowest answer.
    pub min: u8,
    /// The highest answer.
    pub max: u8,
    /// The clinic's phone.
    pub phone: String,
}

/// Sends how easy booking was; the clinic's promise and phone when someone will follow up.
#[cfg(feature = "booking")]
pub async fn send_ease(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    ease: u8,
    better: &str,
    lang: &str,
) -> Result<Option<[String; 3]>, Error> {
    use wasm_bindgen::JsValue;
    // A `FeedbackRequest` with the ease (and, after a low one, what went wrong), written by hand
    // like `dismiss`'s: a number, the patient's words quoted by the browser's JSON, and our own
    // language code.
    let better = js_sys::JSON::stringify(&better.into())
        .map(String::from)
        .unwrap_or_default();
    let body = [
        r#"{"moment":"after_booking","ease":"#,
        &crate::intl::num(ease.into()),
        r#","better":"#,
        &better,
        r#","language":""#,
        lang,
        r#""}"#,
    ]
    .concat();
    let (status, json) = api
        .send(
            "POST",
            &base(clinic),
            Some(&body),
            &[("Authorization", &bearer(token))],
        )
        .await?;
    if !(200..300).contains(&status) {
        return Err(error(status, json));
    }
    let get =
        |v: &JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let promise = get(&json, "follow_up");
    let text = |key| get(&promise, key).as_string().unwrap_or_default();
    Ok(get(&promise, "promise")
        .as_string()
        .map(|words| [words, text("phone"), text("due_at")]))
}
