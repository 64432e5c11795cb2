//! `GET /staff`: the clinic staff's page for instruction packets, served by portal-server itself
//! (plain HTML, one script, one style sheet, all built into the binary).
//!
//! The page keeps the staff key only in a script variable; it never writes it, or any patient
//! data, to storage, cookies or the URL. A strict Content-Security-Policy allows only these
//! three files, and `no-store` keeps patient data out of caches.

use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::startup::AppState;

/// The page's Content-Security-Policy.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const HTML: &str = include_str!("../../staff/index.html");
const SCRIPT: &str = include_str!("../../staff/staff.js");
const STYLE: &str = include_str!("../../staff/staff.css");

/// The staff page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/staff",
            get(|| async { file(HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/staff/",
            get(|| async { file(HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/staff/staff.js",
            get(|| async { file(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/staff/staff.css",
            get(|| async { file(STYLE, "text/css; charset=utf-8") }),
        )
}

fn file(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
