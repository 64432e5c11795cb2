//! Cache headers for the static files (the widget and the demo site) served at `/`.
//!
//! A file under `/widget/` whose name carries a content hash (`portal_widget_booking.3f2a9c1d.wasm`)
//! never changes, so browsers keep it for a year without asking again. The loader
//! (`/widget/patient-portal.js`) stays at one URL that clinics paste once, and the HTML pages
//! name other files, so those are revalidated on every use (`no-cache`).
//!
//! Files under `/widget/` are public and the same for everyone, and a clinic's page imports the
//! bundles as modules (always fetched with CORS) and checks their Subresource Integrity, so they
//! carry `Access-Control-Allow-Origin: *` (no credentials).
//!
//! The build writes `name.br` and `name.gz` beside each file; a browser that accepts brotli or
//! gzip gets that copy with `Content-Encoding` (and every answer says `Vary: Accept-Encoding`).

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, VARY};
use axum::http::HeaderValue;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::ServeDir;

/// For files whose name carries a content hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For the loader and HTML pages: cache, but ask every time.
pub const REVALIDATE: &str = "no-cache";

/// Serves `dir` at `/`, with [`cache_control`] headers.
pub fn service(dir: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(middleware::from_fn(add_cache_control))
}

/// The Cache-Control for a static path, when this server decides it.
pub fn cache_control(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or_default();
    if path == "/widget/patient-portal.js" || path.ends_with('/') || name.ends_with(".html") {
        return Some(REVALIDATE);
    }
    if path.starts_with("/widget/") && has_content_hash(name) {
        return Some(IMMUTABLE);
    }
    None
}

/// True for names like `name.3f2a9c1d.wasm`: a middle part of 8 or more lowercase hex digits.
pub fn has_content_hash(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|p| {
            p.len() >= 8
                && p.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

async fn add_cache_control(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path());
    let widget = request.uri().path().starts_with("/widget/");
    let mut response = next.run(request).await;
    let status = response.status();
    // The same address answers differently by Accept-Encoding (the .br or .gz copy).
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("accept-encoding"));
    if widget {
        response
            .headers_mut()
            .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
    if let Some(policy) = policy {
        if status.is_success() || status == axum::http::StatusCode::NOT_MODIFIED {
            response
                .headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_widget_files_are_immutable_and_the_loader_is_not() {
        assert_eq!(
            cache_control("/widget/portal_widget_booking.3f2a9c1d.wasm"),
            Some(IMMUTABLE)
        );
        assert_eq!(
            cache_control("/widget/widget.0123456789abcdef.css"),
            Some(IMMUTABLE)
        );
        assert_eq!(cache_control("/widget/patient-portal.js"), Some(REVALIDATE));
        assert_eq!(cache_control("/"), Some(REVALIDATE));
        assert_eq!(cache_control("/index.html"), Some(REVALIDATE));
        assert_eq!(cache_control("/widget/portal_widget_booking.js"), None);
        assert_eq!(
            cache_control("/widget/name.deadbee.js"),
            None,
            "7 digits is not a hash"
        );
        assert_eq!(
            cache_control("/other/app.3f2a9c1d.js"),
            None,
            "only the widget's files"
        );
    }
}
