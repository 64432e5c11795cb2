//! Feedback: whether to ask now, the answers, "not now", and (feature `feedback`) the feedback
//! link and the clinic's "You said, we did" notes. The token (a visit's manage token, a packet's
//! reading session or a feedback link's secret) travels only in the `Authorization` header.

use portal_core::api::feedback::{DismissRequest, Moment};
#[cfg(feature = "feedback")]
use portal_core::api::feedback::{FeedbackLinkView, YouSaidWeDid};
#[cfg(any(feature = "after-visit", feature = "booking"))]
use portal_core::api::feedback::{FeedbackPrompt, FeedbackReceipt, FeedbackRequest};
#[cfg(feature = "booking")]
use portal_core::Language;

use super::request::{body, read};
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
    moment: Moment,
    token: &str,
) -> Result<FeedbackPrompt, Error> {
    let path = [&base(clinic), "/prompt?moment=", moment.as_str()].concat();
    read(
        api.json("GET", &path, None, &[("Authorization", &bearer(token))])
            .await?,
    )
}

/// Sends the answers; `409 feedback_already_sent` when they were sent before.
#[cfg(feature = "after-visit")]
pub async fn send(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    request: &FeedbackRequest,
) -> Result<FeedbackReceipt, Error> {
    read(
        api.json(
            "POST",
            &base(clinic),
            Some(&body(request)?),
            &[("Authorization", &bearer(token))],
        )
        .await?,
    )
}

/// "Not now" at `moment` (`after_booking` or `after_visit`): the server remembers it, so the
/// browser keeps nothing.
pub async fn dismiss(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    moment: Moment,
) -> Result<(), Error> {
    // The token names the visit or the packet.
    let request = DismissRequest {
        moment,
        appointment: None,
        packet: None,
    };
    let path = [&base(clinic), "/dismissals"].concat();
    api.json(
        "POST",
        &path,
        Some(&body(&request)?),
        &[("Authorization", &bearer(token))],
    )
    .await
    .map(drop)
}

/// What a feedback link is about, read with its secret.
#[cfg(feature = "feedback")]
pub async fn link(api: &ApiClient, secret: &str) -> Result<FeedbackLinkView, Error> {
    read(
        api.json(
            "GET",
            "/api/v1/feedback/link",
            None,
            &[("Authorization", &bearer(secret))],
        )
        .await?,
    )
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
    read(api.json("GET", &path, None, &[]).await?)
}

/// The after-booking question, when the server says to ask it (the form's first question,
/// when it is a scale), in the patient's language.
#[cfg(feature = "booking")]
pub async fn ease_question(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    lang: Language,
) -> Option<EaseQuestion> {
    let path = [&base(clinic), "/prompt?moment=after_booking"].concat();
    let auth = bearer(token);
    let answer = api
        .json("GET", &path, None, &[("Authorization", &auth)])
        .await;
    let prompt: FeedbackPrompt = read(answer.ok()?).ok()?;
    let form = prompt.form.filter(|_| prompt.ask)?;
    let question = form.questions.into_iter().next()?;
    let label = |text: Option<portal_core::api::LocalText>| {
        text.map(|t| t.get(lang).to_string()).unwrap_or_default()
    };
    (question.kind == portal_core::api::feedback::QuestionKind::Scale).then(|| EaseQuestion {
        text: question.text.get(lang).to_string(),
        low: label(question.low_label),
        high: label(question.high_label),
        min: question.min,
        max: question.max,
        phone: form.phone,
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

/// Sends how easy booking was (and, after a low answer, what went wrong); the clinic's
/// promise, phone and due time when someone will follow up.
#[cfg(feature = "booking")]
pub async fn send_ease(
    api: &ApiClient,
    clinic: &str,
    token: &str,
    ease: u8,
    better: &str,
    lang: Language,
) -> Result<Option<[String; 3]>, Error> {
    let request = FeedbackRequest {
        moment: portal_core::api::feedback::Moment::AfterBooking,
        ease: Some(ease),
        better: better.into(),
        language: lang,
        ..FeedbackRequest::default()
    };
    let auth = bearer(token);
    let answer = api
        .json(
            "POST",
            &base(clinic),
            Some(&body(&request)?),
            &[("Authorization", &auth)],
        )
        .await?;
    let receipt: FeedbackReceipt = read(answer)?;
    Ok(receipt.follow_up.map(|f| [f.promise, f.phone, f.due_at]))
}
