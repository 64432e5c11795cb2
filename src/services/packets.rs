//! The patient's instruction packet: verify the date of birth with the link's secret, then read,
//! acknowledge and answer with the short-lived session. Secrets and sessions travel only in the
//! `Authorization` header: never in a URL, a log or storage.

use portal_core::api::instructions::{
    AcknowledgeRequest, PacketSession, PacketView, TeachBackAnswer, TeachBackVerdict, VerifyRequest,
};
use portal_core::Language;

use super::request::{body, read};
use super::{ApiClient, Error};

/// Trades the link's secret and the patient's date of birth (`YYYY-MM-DD`) for a session; the
/// server words its refusals in `lang` (`en` or `es`).
pub async fn verify(
    api: &ApiClient,
    secret: &str,
    date_of_birth: &str,
    lang: Language,
) -> Result<PacketSession, Error> {
    let request = VerifyRequest {
        date_of_birth: date_of_birth.into(),
        language: lang,
    };
    read(
        api.json(
            "POST",
            "/api/v1/packets/verify",
            Some(&body(&request)?),
            &[("Authorization", &bearer(secret))],
        )
        .await?,
    )
}

/// The packet in `lang`.
pub async fn current(api: &ApiClient, session: &str, lang: Language) -> Result<PacketView, Error> {
    let path = ["/api/v1/packets/current?lang=", lang.code()].concat();
    read(
        api.json("GET", &path, None, &[("Authorization", &bearer(session))])
            .await?,
    )
}

/// "I understand" for one section (the server answers 204, or 200 with the list: both are fine).
pub async fn acknowledge(api: &ApiClient, session: &str, section: &str) -> Result<(), Error> {
    let request = AcknowledgeRequest {
        section: section.into(),
    };
    api.json(
        "POST",
        "/api/v1/packets/current/acknowledgements",
        Some(&body(&request)?),
        &[("Authorization", &bearer(session))],
    )
    .await
    .map(drop)
}

/// One teach-back answer: the index of the chosen answer.
pub async fn answer(
    api: &ApiClient,
    session: &str,
    question: &str,
    choice: u32,
) -> Result<TeachBackVerdict, Error> {
    let request = TeachBackAnswer {
        question: question.into(),
        choice,
    };
    read(
        api.json(
            "POST",
            "/api/v1/packets/current/teach-back",
            Some(&body(&request)?),
            &[("Authorization", &bearer(session))],
        )
        .await?,
    )
}

fn bearer(token: &str) -> String {
    ["Bearer ", token].concat()
}
