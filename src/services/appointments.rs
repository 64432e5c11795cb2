//! Booked visits: book, read, cancel, reschedule, calendar file. Every call but booking carries
//! the visit's manage token as a Bearer header, never in the URL.

use portal_core::api::{Appointment, AppointmentRequest, RescheduleRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::availability::encode;
use super::request::{body, read};
use super::{ApiClient, Error};

/// Books a visit; the same `key` sent again books it at most once.
pub async fn book(
    api: &ApiClient,
    clinic: &str,
    key: &str,
    request: &AppointmentRequest,
) -> Result<Appointment, Error> {
    let path = ["/api/v1/clinics/", &encode(clinic), "/appointments"].concat();
    read(
        api.json(
            "POST",
            &path,
            Some(&body(request)?),
            &[("Idempotency-Key", key)],
        )
        .await?,
    )
}

/// Reads a booked visit.
pub async fn get(api: &ApiClient, id: &str, token: &str) -> Result<Appointment, Error> {
    call(api, "GET", id, "", token, None).await
}

/// Cancels a visit.
pub async fn cancel(api: &ApiClient, id: &str, token: &str) -> Result<Appointment, Error> {
    call(api, "POST", id, "/cancel", token, None).await
}

/// Moves a visit to another open time.
pub async fn reschedule(
    api: &ApiClient,
    id: &str,
    token: &str,
    request: &RescheduleRequest,
) -> Result<Appointment, Error> {
    call(api, "POST", id, "/reschedule", token, Some(&body(request)?)).await
}

/// Fetches the visit as an iCalendar file.
pub async fn calendar(api: &ApiClient, id: &str, token: &str) -> Result<web_sys::Blob, Error> {
    let bearer = ["Bearer ", token].concat();
    let response = api
        .fetch(
            "GET",
            &path(id, "/calendar.ics"),
            None,
            &[("Authorization", &bearer)],
        )
        .await?;
    if !response.ok() {
        return Err(Error::Unexpected(response.status()));
    }
    let blob = response.blob().map_err(|_| Error::Network)?;
    JsFuture::from(blob)
        .await
        .map_err(|_| Error::Network)?
        .dyn_into()
        .map_err(|_| Error::Network)
}

async fn call(
    api: &ApiClient,
    method: &str,
    id: &str,
    action: &str,
    token: &str,
    body: Option<&str>,
) -> Result<Appointment, Error> {
    let bearer = ["Bearer ", token].concat();
    read(
        api.json(
            method,
            &path(id, action),
            body,
            &[("Authorization", &bearer)],
        )
        .await?,
    )
}

fn path(id: &str, action: &str) -> String {
    ["/api/v1/appointments/", &encode(id), action].concat()
}

/// A new Idempotency-Key: a random UUID from the browser (`crypto.randomUUID`), or, outside a
/// secure context where that is missing, one from `Math.random` (still unique enough to tell
/// one booking attempt from another).
pub fn new_key() -> String {
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        if js_sys::Reflect::has(&crypto, &"randomUUID".into()).unwrap_or(false) {
            return crypto.random_uuid();
        }
    }
    let mut key = String::with_capacity(36);
    for i in 0..32 {
        if matches!(i, 8 | 12 | 16 | 20) {
            key.push('-');
        }
        let digit = if i == 12 {
            4
        } else {
            (js_sys::Math::random() * 16.0) as u32
        };
        key.push(char::from_digit(digit, 16).unwrap_or('0'));
    }
    key
}
