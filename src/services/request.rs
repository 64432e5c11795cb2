//! One `request()` for every call: fetch, status to typed [`Error`], JSON to types.

#[cfg(doc)]
use portal_core::api::ErrorCode;
use portal_core::api::{ApiError, ErrorBody, OpenSlot};
use portal_core::wire::{FromJs, ToJs};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
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

/// The API's error codes this widget acts on, as portal-core's [`ErrorCode`] words them: a code
/// renamed there breaks this build. Constants, so that they can be matched on, at no cost.
pub mod code {
    use portal_core::api::ErrorCode;

    /// `NAME` is `ErrorCode::Variant`'s word.
    macro_rules! words {
        ($($name:ident = $variant:ident,)*) => {
            $(pub const $name: &str = ErrorCode::$variant.as_str();)*
        };
    }

    words! {
        SLOT_TAKEN = SlotTaken,
        NOT_BOOKABLE = NotBookable,
        TOO_MANY_BOOKINGS = TooManyBookings,
        RATE_LIMITED = RateLimited,
        SAME_DAY_VISIT = SameDayVisit,
        ORIGIN_NOT_ALLOWED = OriginNotAllowed,
        SESSION_EXPIRED = SessionExpired,
        DATE_OF_BIRTH_MISMATCH = DateOfBirthMismatch,
        INVALID_FIELDS = InvalidFields,
        PACKET_LOCKED = PacketLocked,
        LINK_EXPIRED = LinkExpired,
        LINK_NOT_FOUND = LinkNotFound,
        LINK_REVOKED = LinkRevoked,
    }
}

impl Error {
    /// The API's error code (`not_authorized`, `invalid_fields`...), when it sent one.
    pub fn code(&self) -> &str {
        match self {
            Error::Api { error, .. } => &error.code,
            Error::SlotTaken(_) => code::SLOT_TAKEN,
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
    /// The parsed JSON of a successful answer with its status, else a typed [`Error`]; [`read`]
    /// turns it into an API type. (Not generic: one copy of the request's state machine for
    /// every answer type.)
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<(u16, JsValue), Error> {
        // JSON is parsed by the browser: far smaller than a parser in wasm.
        let response = self.fetch(method, path, body, headers).await?;
        let status = response.status();
        let json = match response.json() {
            Ok(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED),
            Err(_) => JsValue::UNDEFINED,
        };
        if (200..300).contains(&status) {
            Ok((status, json))
        } else {
            Err(error(status, json))
        }
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

/// Reads a successful answer's JSON as `T`; a body without `T`'s shape is
/// [`Error::Unexpected`].
pub fn read<T: FromJs>((status, json): (u16, JsValue)) -> Result<T, Error> {
    T::from_js(&json).ok_or(Error::Unexpected(status))
}

/// A request body as JSON text, written by its derived [`ToJs`].
pub fn body<T: ToJs>(request: &T) -> Result<String, Error> {
    text(&request.to_js())
}

#[inline(never)]
fn text(value: &JsValue) -> Result<String, Error> {
    portal_core::wire::stringify(value).ok_or(Error::Unexpected(0))
}

/// The typed error for a failed status and its body, read as the API's [`ErrorBody`] (a
/// `409 slot_taken` with the open times to offer instead). Not generic: compiled once.
pub fn error(status: u16, json: JsValue) -> Error {
    match ErrorBody::from_js(&json) {
        Some(ErrorBody { error }) if status == 409 && error.code == code::SLOT_TAKEN => {
            Error::SlotTaken(error.alternatives)
        }
        Some(ErrorBody { error }) => Error::Api { status, error },
        None => Error::Unexpected(status),
    }
}
