//! What every answer carries, whoever made it: the security headers, and, under `/api/`, the
//! API's JSON error shape even for answers that axum or tower make themselves (an unknown
//! address, a method the route does not take, a timeout).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ALLOW, CACHE_CONTROL, CONTENT_TYPE, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::api::ErrorCode;

use crate::error::AppError;

/// True for the paths whose answers are the API's: `/api/...` and the FHIR resources.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path.starts_with("/fhir/")
}

/// `X-Content-Type-Options: nosniff` on every answer; HSTS when the public URL is https;
/// `Cache-Control: no-store` on API answers (they carry patient data or secrets) unless the
/// route chose a policy of its own.
pub async fn security_headers(State(hsts): State<bool>, request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if api && !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Under `/api/`, an error answer that is not JSON (axum's plain-text 404, 405, 400, 408 from
/// a timeout, ...) becomes the API's `{"error": {...}}` with a plain message.
pub async fn api_error_shape(request: Request, next: Next) -> Response {
    if !is_api(request.uri().path()) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if status.as_u16() < 400 || is_json {
        return response;
    }
    let allow = response.headers().get(ALLOW).cloned();
    let (parts, body) = response.into_parts();
    // axum's own messages are short; read a little for the log, never more.
    let detail = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::NOT_FOUND => AppError::not_found("There is nothing at this address. The API's routes are listed in /api/v1/openapi.json."),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = allow.as_ref().and_then(|v| v.to_str().ok()).unwrap_or("another method").to_string();
            AppError::new(
                status,
                ErrorCode::MethodNotAllowed,
                format!("This address does not take {method}; it takes {allowed}. See /api/v1/openapi.json."),
            )
        }
        StatusCode::REQUEST_TIMEOUT => {
            AppError::new(status, ErrorCode::RequestTimeout, "The request took too long. Please try again, or call the clinic.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => AppError::new(
            status,
            ErrorCode::BodyTooLarge,
            format!("The request body is too large; the limit is {} bytes.", super::MAX_BODY_BYTES),
        ),
        s if s.is_client_error() => {
            tracing::debug!(status = s.as_u16(), detail, "request refused");
            AppError::new(s, ErrorCode::BadRequest, "The request can't be read. Check it against /api/v1/openapi.json.")
        }
        s => {
            tracing::error!(status = s.as_u16(), detail, "an answer without the error shape");
            AppError::new(s, ErrorCode::Internal, "Something went wrong on our side. Please try again, or call the clinic.")
        }
    };
    let mut shaped = error.into_response();
    if let Some(allow) = allow {
        shaped.headers_mut().insert(ALLOW, allow);
    }
    for (name, value) in parts.headers.iter() {
        if name != CONTENT_TYPE
            && name != axum::http::header::CONTENT_LENGTH
            && !shaped.headers().contains_key(name)
        {
            shaped.headers_mut().insert(name, value.clone());
        }
    }
    if method == Method::HEAD {
        *shaped.body_mut() = Body::empty();
    }
    shaped
}
