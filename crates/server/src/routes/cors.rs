//! CORS for the patient API, per clinic: the inline widget runs on a clinic's own site and
//! calls this API cross-origin, so a patient route answers another origin only when that origin
//! is in the clinic's `clinic.embed_origins`.
//!
//! tower-http's `CorsLayer` decides from the origin alone, but the allow-list depends on the
//! clinic in the path, hence this small middleware. Staff routes (packets, follow-ups, numbers,
//! feedback links, publishing "you said, we did") are never opened cross-origin: the staff page
//! is same-origin. No credentials are allowed: the API uses bearer tokens, never cookies.
//!
//! A request from an origin that is not allowed is not run: it gets `403 origin_not_allowed`
//! saying which origin to add to which clinic's file. For a simple request (the widget's
//! first, the catalog) that answer carries `Access-Control-Allow-Origin`, so the widget can
//! read it: the patient then sees the clinic's phone rather than a "try again" that cannot
//! help, and the developer sees the server's words in the console.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, HOST,
    ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portal_core::api::ErrorCode;

use crate::clinics::Clinics;
use crate::error::AppError;

/// Methods a cross-origin page may use.
pub const ALLOW_METHODS: &str = "GET, POST";
/// Request headers a cross-origin page may send.
pub const ALLOW_HEADERS: &str = "content-type, authorization, idempotency-key";
/// Response headers a cross-origin page may read besides the simple ones.
pub const EXPOSE_HEADERS: &str = "retry-after";
/// How long a browser may cache a preflight answer, in seconds.
pub const MAX_AGE_SECONDS: &str = "600";

/// Whose allow-list decides for a patient route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The clinic named in the path.
    Clinic(&'a str),
    /// A patient route without a clinic in the path: any clinic's allow-list.
    AnyClinic,
}

/// The patient routes under `/api/v1/clinics/{clinic}/`, by method; everything else under a
/// clinic needs a staff key and stays same-origin.
const CLINIC_PATIENT_ROUTES: &[(&str, &str)] = &[
    ("GET", "catalog"),
    ("GET", "availability"),
    ("GET", "you-said-we-did"),
    ("GET", "feedback/form"),
    ("GET", "feedback/prompt"),
    ("POST", "appointments"),
    ("POST", "feedback"),
    ("POST", "feedback/dismissals"),
    ("POST", "funnel"),
];

/// Patient routes without a clinic in the path (the patient's token says which).
const PATIENT_PREFIXES: &[&str] = &[
    "/api/v1/appointments/",
    "/api/v1/packets/",
    "/api/v1/feedback/",
];

/// Which allow-list governs `method path`, or `None` for routes never opened cross-origin.
pub fn scope<'a>(method: &Method, path: &'a str) -> Option<Scope<'a>> {
    if method != Method::GET && method != Method::POST {
        return None;
    }
    if let Some(rest) = path.strip_prefix("/api/v1/clinics/") {
        let (clinic, route) = rest.split_once('/')?;
        let route = route.trim_end_matches('/');
        let open = CLINIC_PATIENT_ROUTES
            .iter()
            .any(|(m, r)| *m == method.as_str() && *r == route);
        return (open && !clinic.is_empty()).then_some(Scope::Clinic(clinic));
    }
    PATIENT_PREFIXES
        .iter()
        .any(|p| path.starts_with(p))
        .then_some(Scope::AnyClinic)
}

/// True when `origin` is this server itself (same host as the request's `Host`).
fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let host = headers.get(HOST).and_then(|h| h.to_str().ok());
    match (origin.split_once("://"), host) {
        (Some((_, origin_host)), Some(host)) => origin_host.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// The CORS middleware (see the module docs); state is the clinics.
pub async fn cors(State(clinics): State<Arc<Clinics>>, request: Request, next: Next) -> Response {
    let Some(origin) = request
        .headers()
        .get(ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned)
    else {
        return next.run(request).await;
    };
    let requested = request.headers().get(ACCESS_CONTROL_REQUEST_METHOD);
    let preflight = request.method() == Method::OPTIONS && requested.is_some();
    let method = match requested {
        Some(m) if preflight => match Method::from_bytes(m.as_bytes()) {
            Ok(m) => m,
            Err(_) => return next.run(request).await,
        },
        _ => request.method().clone(),
    };
    let path = request.uri().path().to_owned();
    let Some(scope) = scope(&method, &path) else {
        return next.run(request).await;
    };
    if same_origin(&origin, request.headers()) {
        return next.run(request).await;
    }
    let allowed = match scope {
        Scope::Clinic(id) => clinics
            .get(id)
            .map(|c| c.clinic.embed_origins.contains(&origin)),
        Scope::AnyClinic => Some(
            clinics
                .iter()
                .any(|c| c.clinic.embed_origins.contains(&origin)),
        ),
    };
    let mut response = if preflight {
        match allowed {
            Some(true) => {
                let mut response = StatusCode::NO_CONTENT.into_response();
                let headers = response.headers_mut();
                headers.insert(
                    ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static(ALLOW_METHODS),
                );
                headers.insert(
                    ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(ALLOW_HEADERS),
                );
                headers.insert(
                    ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static(MAX_AGE_SECONDS),
                );
                response
            }
            Some(false) => refusal(&origin, scope).into_response(),
            None => AppError::not_found(format!(
                "There is no clinic with the id \"{}\".",
                clinic_of(scope)
            ))
            .into_response(),
        }
    } else if allowed == Some(false) {
        // Not run for a page that is not allowed; the refusal itself is readable by the page
        // (below), so the widget can show the patient the phone instead of "try again", and
        // the developer sees which origin to add where.
        refusal(&origin, scope).into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("origin"));
    // A refusal of a simple request is readable too: it holds nothing but what to add where.
    let readable_refusal = allowed == Some(false) && !preflight;
    if allowed == Some(true) || readable_refusal {
        if let Ok(value) = HeaderValue::from_str(&origin) {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, value);
            if !preflight {
                headers.insert(
                    ACCESS_CONTROL_EXPOSE_HEADERS,
                    HeaderValue::from_static(EXPOSE_HEADERS),
                );
            }
        }
    }
    response
}

fn clinic_of(scope: Scope<'_>) -> &str {
    match scope {
        Scope::Clinic(id) => id,
        Scope::AnyClinic => "",
    }
}

/// 403 for a preflight from an origin no allow-list has, saying what to add where.
fn refusal(origin: &str, scope: Scope<'_>) -> AppError {
    let message = match scope {
        Scope::Clinic(id) => format!(
            "The web page at {origin} may not call clinic \"{id}\"'s API from the browser. \
             To allow it, add \"{origin}\" to clinic.embed_origins in that clinic's file and restart portal-server."
        ),
        Scope::AnyClinic => format!(
            "The web page at {origin} may not call this API from the browser. To allow it, add \"{origin}\" to \
             clinic.embed_origins in the file of the clinic whose widget the page shows, and restart portal-server."
        ),
    };
    AppError::new(StatusCode::FORBIDDEN, ErrorCode::OriginNotAllowed, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patient_routes_are_scoped_and_staff_routes_are_not() {
        assert_eq!(
            scope(&Method::GET, "/api/v1/clinics/maple-grove/catalog"),
            Some(Scope::Clinic("maple-grove"))
        );
        assert_eq!(
            scope(&Method::POST, "/api/v1/clinics/maple-grove/appointments"),
            Some(Scope::Clinic("maple-grove"))
        );
        assert_eq!(
            scope(&Method::POST, "/api/v1/appointments/abc/cancel"),
            Some(Scope::AnyClinic)
        );
        assert_eq!(
            scope(&Method::GET, "/api/v1/feedback/link"),
            Some(Scope::AnyClinic)
        );
        for (method, path) in [
            (Method::POST, "/api/v1/clinics/maple-grove/packets"),
            (Method::GET, "/api/v1/clinics/maple-grove/packets/abc"),
            (Method::GET, "/api/v1/clinics/maple-grove/follow-ups"),
            (Method::GET, "/api/v1/clinics/maple-grove/numbers"),
            (Method::POST, "/api/v1/clinics/maple-grove/you-said-we-did"),
            (Method::POST, "/api/v1/clinics/maple-grove/feedback-links"),
            (Method::GET, "/api/v1/clinics/maple-grove/feedback"),
            (Method::GET, "/api/v1/clinics/maple-grove/appointments"),
            (Method::GET, "/api/v1/clinics/maple-grove/feedback/7/fhir"),
            (Method::POST, "/api/v1/follow-ups/1/resolve"),
            (Method::GET, "/api/v1/openapi.json"),
            (Method::DELETE, "/api/v1/appointments/abc"),
        ] {
            assert_eq!(scope(&method, path), None, "{method} {path}");
        }
    }
}
