//! One `request()` for every call: fetch, status to typed [`Error`], JSON to types.

use portal_core::api::{ApiError, OpenSlot};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::js::from_js;
use web_sys::{Request, RequestInit, Response};

/// Why a request failed, in a form components can keep in state.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The network failed or the server did not answer: nothing reached the clinic.
    Network,
    /// The server answered with an error in the API's shape.
    Api {
        /// HTTP status.
        status: u16,
        /// The error body.
        error: ApiError,
    },
    /// `409 slot_taken`: someone booked the time first; these are still open.
    SlotTaken(Vec<OpenSlot>),
    /// The server answered something this widget cannot read.
    Unexpected(u16),
}

impl Error {
    /// The API's error code (`not_authorized`, `invalid_fields`...), when it sent one.
    pub fn code(&self) -> &str {
        match self {
            Error::Api { error, .. } => &error.code,
            Error::SlotTaken(_) => "slot_taken",
            _ => "",
        }
    }
}

/// Where the API lives and how to call it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiClient {
    /// Base URL without trailing slash; empty means this page's origin.
    pub base: String,
}

impl ApiClient {
    /// Any request returning JSON: `T` on success, else a typed [`Error`].
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<T, Error> {
        let (status, json) = self.send(method, path, body, headers).await?;
        decode(status, json)
    }

    /// Sends a request and returns its parsed JSON object on success, else a typed [`Error`]:
    /// for answers read field by field (see [`super::js::read`]).
    pub async fn object(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<JsValue, Error> {
        let (status, json) = self.send(method, path, body, headers).await?;
        if !(200..300).contains(&status) {
            Err(error(status, json))
        } else if json.is_object() {
            Ok(json)
        } else {
            Err(Error::Unexpected(status))
        }
    }

    /// Sends a request and returns the status and the parsed JSON body (`undefined` when the
    /// body is not JSON). JSON is parsed by the browser: far smaller than a parser in wasm.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<(u16, JsValue), Error> {
        let response = self.fetch(method, path, body, headers).await?;
        let status = response.status();
        let json = match response.json() {
            Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED),
            Err(_) => JsValue::UNDEFINED,
        };
        Ok((status, json))
    }

    /// Sends a request and returns the browser's response, whatever its status.
    pub async fn fetch(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<Response, Error> {
        let init = RequestInit::new();
        init.set_method(method);
        let request_headers = web_sys::Headers::new().map_err(|_| Error::Network)?;
        request_headers
            .set("Accept", "application/json")
            .map_err(|_| Error::Network)?;
        if let Some(body) = body {
            request_headers
                .set("Content-Type", "application/json")
                .map_err(|_| Error::Network)?;
            init.set_body(&JsValue::from_str(body));
        }
        for (name, value) in headers {
            request_headers
                .set(name, value)
                .map_err(|_| Error::Network)?;
        }
        init.set_headers(&request_headers);
        let url = [self.base.as_str(), path].concat();
        let request = Request::new_with_str_and_init(&url, &init).map_err(|_| Error::Network)?;
        let window = web_sys::window().ok_or(Error::Network)?;
        JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| Error::Network)?
            .dyn_into()
            .map_err(|_| Error::Network)
    }
}

/// Turns a status and parsed body into `T` or a typed error.
pub fn decode<T: DeserializeOwned>(status: u16, json: JsValue) -> Result<T, Error> {
    if (200..300).contains(&status) {
        from_js(json).ok_or(Error::Unexpected(status))
    } else {
        Err(error(status, json))
    }
}

/// The typed error for a failed status and its body (not generic: compiled once), read field
/// by field (see [`super::js::read`]).
pub fn error(status: u16, json: JsValue) -> Error {
    use super::js::read::{get, list, maybe, object, slot, text};
    let Some(error) = object(get(&json, "error")) else {
        return Error::Unexpected(status);
    };
    let Some(code) = maybe(&error, "code") else {
        return Error::Unexpected(status);
    };
    if status == 409 && code == "slot_taken" {
        return Error::SlotTaken(
            list(&get(&error, "alternatives"))
                .iter()
                .map(slot)
                .collect(),
        );
    }
    let fields = list(&get(&error, "fields"))
        .iter()
        .map(|f| portal_core::api::FieldError {
            path: text(f, "path"),
            message: text(f, "message"),
        })
        .collect();
    Error::Api {
        status,
        error: ApiError {
            code,
            message: text(&error, "message"),
            fields,
        },
    }
}
