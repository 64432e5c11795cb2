//! `GET /staff/{clinic}`: the clinic's staff console (schedule, phone bookings, blocked time,
//! follow-ups, instructions, feedback links, "you said, we did", numbers and staff accounts),
//! served by portal-server itself: plain HTML, one script, one style sheet, all built into the
//! binary, and never part of the patient bundles. `GET /staff` leads to it.
//!
//! People sign in with their own account; the session lives in an HttpOnly cookie the script
//! cannot read, and the page writes no patient data to storage or the URL. A strict
//! Content-Security-Policy allows only these three files, and `no-store` keeps patient data out
//! of caches.

use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::AppError;
use crate::extract::ApiPath;
use crate::routes::catalog::find_clinic;
use crate::startup::AppState;

/// The page's Content-Security-Policy.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const HTML: &str = include_str!("../../staff/index.html");
const SCRIPT: &str = include_str!("../../staff/staff.js");
const STYLE: &str = include_str!("../../staff/staff.css");

/// The staff page routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff", get(choose))
        .route("/staff/", get(choose))
        .route("/staff/{clinic}", get(console))
        .route(
            "/staff/staff.js",
            get(|| async { file(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/staff/staff.css",
            get(|| async { file(STYLE, "text/css; charset=utf-8") }),
        )
}

/// The console of one clinic, named after it.
async fn console(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
) -> Result<Response, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let page = HTML
        .replace("{{CLINIC_NAME}}", &escape(&config.clinic.name))
        .replace("{{CLINIC_ID}}", &escape(&config.clinic.id));
    Ok(file(page, "text/html; charset=utf-8"))
}

/// `/staff`: the one clinic's console, or a list of the clinics this server serves.
async fn choose(State(state): State<AppState>) -> Response {
    let mut clinics: Vec<_> = state.clinics.iter().collect();
    clinics.sort_by(|a, b| a.clinic.name.cmp(&b.clinic.name));
    if let [only] = clinics.as_slice() {
        let mut response = StatusCode::SEE_OTHER.into_response();
        if let Ok(to) = HeaderValue::from_str(&format!("/staff/{}", only.clinic.id)) {
            response.headers_mut().insert(LOCATION, to);
        }
        return response;
    }
    let links: String = clinics
        .iter()
        .map(|c| {
            format!(
                "<li><a href=\"/staff/{}\">{}</a></li>",
                escape(&c.clinic.id),
                escape(&c.clinic.name)
            )
        })
        .collect();
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Clinic staff</title>\n<link rel=\"stylesheet\" href=\"/staff/staff.css\">\n</head>\n<body>\n<main id=\"main\">\n<h1>Clinic staff</h1>\n<p>Choose your clinic to sign in.</p>\n<ul>{links}</ul>\n</main>\n</body>\n</html>\n"
    );
    file(page, "text/html; charset=utf-8")
}

/// Text made safe to put in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn file(body: impl Into<axum::body::Body>, content_type: &'static str) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
