//! Isolated mode: `GET /embed/{clinic}` is the page the loader puts in a cross-origin iframe on a
//! clinic's site, so patient data is typed and shown only here, out of reach of the host page.
//!
//! The query carries only non-sensitive settings: `origin` (the host page's origin, required,
//! exactly one of the clinic's `clinic.embed_origins`), `view`, `locale`, `id` (the loader's
//! widget instance id) and `config` (URL-safe base64 of a JSON object). They reach the page as
//! HTML-escaped `data-` attributes; `/embed/embed.js` mounts the widget and talks to the parent
//! only through `postMessage` to that exact origin. Patient link fragments (`#pp-packet=`...)
//! ride in the iframe URL's own fragment and never reach the server.
//!
//! The Content-Security-Policy lets only the host page's origin frame the page
//! (`frame-ancestors`), runs only this server's scripts and WebAssembly, and applies only this
//! server's stylesheets and the page's own `<style>` (by its hash).

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine;
use portal_core::clinic::{ClinicConfig, Language};

use crate::extract::ApiPath;
use crate::startup::AppState;

/// The widget's built files by key (`booking`, `booking_wasm`, `css_booking`, `config`, ...):
/// name and SRI hash, from `widget/files.json` in the assets folder (`cargo xtask` writes it);
/// and each view's stylesheet, read once, to put in the frame's page.
#[derive(Debug, Clone, Default)]
pub struct WidgetFiles {
    files: HashMap<String, (String, String)>,
    /// By view: the frame page's own CSS and the view's, as one `<style>`, and its SHA-256 (base64)
    /// for the page's Content-Security-Policy.
    styles: HashMap<String, (String, String)>,
}

impl WidgetFiles {
    /// Reads `ASSETS/widget/files.json`; none without assets (the API alone) or without that file
    /// (an older build: the frame's page then loads the widget through the loader, one file
    /// after another). A view whose stylesheet cannot be read links it instead.
    pub fn load(assets: Option<&std::path::Path>) -> Result<WidgetFiles, String> {
        let Some(dir) = assets.map(|a| a.join("widget")) else {
            return Ok(WidgetFiles::default());
        };
        let path = dir.join("files.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(_) => {
                tracing::warn!(path = %path.display(), "no widget/files.json: the frame's page cannot preload the widget; rebuild it with cargo xtask");
                return Ok(WidgetFiles::default());
            }
        };
        let files: HashMap<String, (String, String)> =
            serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not a list of the widget's files ({e}); rebuild the widget with cargo xtask",
                    path.display()
                )
            })?;
        let styles = VIEWS
            .iter()
            .filter_map(|view| {
                let (name, _) = files.get(&format!("css_{view}"))?;
                let css = std::fs::read_to_string(dir.join(name))
                    .inspect_err(|e| {
                        tracing::warn!(file = %name, error = %e, "cannot read the view's stylesheet: the frame's page links it instead of carrying it");
                    })
                    .ok()?;
                // Never inside a <style> element: the end of one.
                let style = [STYLE, &css].concat();
                (!style.contains("</")).then(|| (view.to_string(), with_hash(style)))
            })
            .collect();
        Ok(WidgetFiles { files, styles })
    }

    fn get(&self, key: &str) -> Option<&(String, String)> {
        self.files.get(key)
    }

    /// The head of the frame's page for `view`: its CSS, in the page itself (the first step is
    /// drawn as soon as the page arrives, with no stylesheet to wait for), and every file the
    /// widget will ask for, named at once so that they load side by side (no file waits for
    /// another to run), with their SRI hashes; the catalog too. And the hash of its `<style>`.
    /// `None` when the build did not list them.
    fn head(&self, view: &str, clinic: &str) -> Option<(String, Option<&str>)> {
        let (css, css_sri) = self.get(&format!("css_{view}"))?;
        let (glue, glue_sri) = self.get(view)?;
        let (wasm, _) = self.get(&format!("{view}_wasm"))?;
        let (config, config_sri) = self.get("config")?;
        // The stylesheets themselves when their text could not be read at start-up.
        let (style, style_hash) = match self.styles.get(view) {
            Some((style, hash)) => (format!("<style>{style}</style>\n"), Some(hash.as_str())),
            None => (
                format!(
                    "<link rel=\"stylesheet\" href=\"/embed/embed.css\">\n\
                     <link rel=\"stylesheet\" href=\"/widget/{}\" integrity=\"{}\">\n",
                    escape(css),
                    escape(css_sri)
                ),
                None,
            ),
        };
        // The loader and embed.js as one file named by its hash (cached for good, never asked
        // for again); the two by their stable names from a build that did not make it.
        let scripts = match self.get("frame") {
            Some((frame, sri)) => format!(
                "<script src=\"/widget/{}\" integrity=\"{}\" defer></script>\n",
                escape(frame),
                escape(sri)
            ),
            None => SCRIPTS.to_string(),
        };
        let head = format!(
            "{style}\
             <link rel=\"modulepreload\" href=\"/widget/{config}\" integrity=\"{config_sri}\">\n\
             <link rel=\"modulepreload\" href=\"/widget/{glue}\" integrity=\"{glue_sri}\">\n\
             <link rel=\"preload\" href=\"/widget/{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\n\
             <link rel=\"preload\" href=\"/api/v1/clinics/{clinic}/catalog\" as=\"fetch\" crossorigin>\n\
             {scripts}",
            config = escape(config),
            config_sri = escape(config_sri),
            glue = escape(glue),
            glue_sri = escape(glue_sri),
            wasm = escape(wasm),
            clinic = escape(clinic),
        );
        Some((head, style_hash))
    }
}

/// A style and its SHA-256 in base64, as a Content-Security-Policy names it.
fn with_hash(style: String) -> (String, String) {
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&style));
    (style, hash)
}

/// The views the widget can show.
pub const VIEWS: &[&str] = &["booking", "instructions", "feedback", "manage"];
/// The longest `config` accepted, in characters of base64.
pub const MAX_CONFIG_CHARS: usize = 4096;

const SCRIPT: &str = include_str!("../../embed/embed.js");
/// The frame's scripts by their stable names, in order (deferred): the loader, then embed.js.
const SCRIPTS: &str = "<script src=\"/widget/patient-portal.js\" defer></script>\n\
                       <script src=\"/embed/embed.js\" defer></script>\n";
const STYLE: &str = include_str!("../../embed/embed.css");

/// The policy of error pages: nothing runs, and they may show inside any frame so that the web
/// developer sees why the widget is missing.
const ERROR_CSP: &str = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'";

/// The embed routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/embed/embed.js",
            get(|| async { asset(SCRIPT, "application/javascript; charset=utf-8") }),
        )
        .route(
            "/embed/embed.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route("/embed/{clinic}", get(page))
}

/// The embed page's Content-Security-Policy for one host page origin.
pub fn csp(origin: &str, style_hash: Option<&str>) -> String {
    let style = style_hash.map_or(String::new(), |h| format!(" 'sha256-{h}'"));
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'{style}; connect-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors {origin}"
    )
}

/// The validated query of an embed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedRequest {
    /// The host page's origin, one of the clinic's `embed_origins`.
    pub origin: String,
    /// One of [`VIEWS`].
    pub view: String,
    /// A language tag like `en` or `es-US`, when given.
    pub locale: Option<String>,
    /// The loader's widget instance id, when given.
    pub id: Option<String>,
    /// The decoded config: the text of a JSON object.
    pub config: Option<String>,
}

/// Why an embed page cannot be shown: status, a heading and what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedRefusal {
    /// 400, 403 or 404.
    pub status: StatusCode,
    /// What went wrong, in a few words.
    pub title: &'static str,
    /// What the web developer should change.
    pub detail: String,
}

impl EmbedRefusal {
    fn bad(detail: impl Into<String>) -> Self {
        EmbedRefusal {
            status: StatusCode::BAD_REQUEST,
            title: "The embed address is not valid",
            detail: detail.into(),
        }
    }
}

/// Checks the query against the clinic (the clinic itself is checked by the caller).
pub fn validate(
    clinic: &ClinicConfig,
    query: &HashMap<String, String>,
) -> Result<EmbedRequest, EmbedRefusal> {
    let id = &clinic.clinic.id;
    let Some(origin) = query.get("origin").filter(|o| !o.is_empty()) else {
        return Err(EmbedRefusal::bad(
            "The query parameter origin is missing. The loader (/widget/patient-portal.js) adds the host page's \
             origin, like ?origin=https://www.example.org; load the widget through it.",
        ));
    };
    if !clinic.clinic.embed_origins.iter().any(|o| o == origin) {
        let allowed = if clinic.clinic.embed_origins.is_empty() {
            "The list is empty now.".to_string()
        } else {
            format!("It has now: {}.", clinic.clinic.embed_origins.join(", "))
        };
        return Err(EmbedRefusal {
            status: StatusCode::FORBIDDEN,
            title: "This web site may not show the patient portal",
            detail: format!(
                "The page at {origin} is not allowed to embed clinic \"{id}\". Add \"{origin}\" to \
                 clinic.embed_origins in the clinic's file (write scheme, host and port exactly as the browser \
                 shows them), then restart portal-server. {allowed}"
            ),
        });
    }
    let view = match query.get("view").map(String::as_str) {
        None | Some("") => "booking".to_string(),
        Some(v) if VIEWS.contains(&v) => v.to_string(),
        Some(_) => {
            return Err(EmbedRefusal::bad(format!(
                "The query parameter view must be one of: {}.",
                VIEWS.join(", ")
            )))
        }
    };
    let locale = match query.get("locale").filter(|l| !l.is_empty()) {
        None => None,
        Some(l) if is_language_tag(l) => Some(l.clone()),
        Some(_) => {
            return Err(EmbedRefusal::bad(
                "The query parameter locale must be a language tag like en or es-US.",
            ))
        }
    };
    let id_param = match query.get("id") {
        None => None,
        Some(i) if is_instance_id(i) => Some(i.clone()),
        Some(_) => {
            return Err(EmbedRefusal::bad(
                "The query parameter id must be 1 to 40 letters, digits, - or _ (the loader chooses it).",
            ))
        }
    };
    let config = match query.get("config").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(decode_config(c)?),
    };
    Ok(EmbedRequest {
        origin: origin.clone(),
        view,
        locale,
        id: id_param,
        config,
    })
}

fn decode_config(encoded: &str) -> Result<String, EmbedRefusal> {
    if encoded.len() > MAX_CONFIG_CHARS {
        return Err(EmbedRefusal::bad(format!(
            "The query parameter config is {} characters long; the limit is {MAX_CONFIG_CHARS} (4 KB). \
             Keep patient data and long texts out of it.",
            encoded.len()
        )));
    }
    let not_json = || {
        EmbedRefusal::bad(
            "The query parameter config must be URL-safe base64 (A-Z a-z 0-9 - _) of a JSON object, \
             like the loader makes it.",
        )
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .map_err(|_| not_json())?;
    let text = String::from_utf8(bytes).map_err(|_| not_json())?;
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(_)) => Ok(text),
        _ => Err(not_json()),
    }
}

/// `[A-Za-z0-9_-]{1,40}`.
fn is_instance_id(s: &str) -> bool {
    (1..=40).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A BCP 47-like tag: 2-3 letters, then up to three `-` parts of 1 to 8 letters or digits.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && rest.len() <= 3
        && rest
            .iter()
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    // The same escaping the SVG chart uses: markup characters become entities, stray control
    // characters are dropped.
    portal_core::feedback::escape_xml(text)
}

async fn page(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Some(config) = state.clinics.get(&clinic) else {
        return refusal(&EmbedRefusal {
            status: StatusCode::NOT_FOUND,
            title: "No such clinic",
            detail: format!("There is no clinic with the id \"{clinic}\". Use the id from the clinic file's clinic.id."),
        });
    };
    let query = match query {
        Ok(Query(query)) => query,
        Err(_) => {
            return refusal(&EmbedRefusal::bad(
                "The query string cannot be read; it must be URL-encoded.",
            ))
        }
    };
    match validate(config, &query) {
        Ok(request) => widget_page(config, &request, &state.widget_files),
        Err(why) => refusal(&why),
    }
}

fn widget_page(clinic: &ClinicConfig, request: &EmbedRequest, files: &WidgetFiles) -> Response {
    let lang = request.locale.clone().unwrap_or_else(|| {
        let first = clinic.clinic.languages.first().copied();
        first.unwrap_or(Language::En).code().to_string()
    });
    let mut attributes = vec![
        ("clinic", clinic.clinic.id.clone()),
        ("origin", request.origin.clone()),
        ("view", request.view.clone()),
        ("phone", clinic.clinic.phone.clone()),
    ];
    attributes.extend(request.locale.clone().map(|l| ("locale", l)));
    attributes.extend(request.id.clone().map(|i| ("id", i)));
    attributes.extend(request.config.clone().map(|c| ("config", c)));
    let data: String = attributes
        .iter()
        .map(|(name, value)| format!(" data-{name}=\"{}\"", escape(value)))
        .collect();
    // Everything at once: the loader and embed.js run in order once parsed (defer), while the
    // widget's own files already load beside them (see `WidgetFiles::head`).
    let (widget, style_hash) = files
        .head(&request.view, &clinic.clinic.id)
        .unwrap_or_else(|| {
            let links = "<link rel=\"stylesheet\" href=\"/embed/embed.css\">\n\
                         <link rel=\"stylesheet\" href=\"/widget/widget.css\">\n";
            ([links, SCRIPTS].concat(), None)
        });
    let first = first_step(clinic, request).unwrap_or_default();
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{name}</title>\n<link rel=\"icon\" href=\"data:,\">\n{widget}\
         </head>\n<body>\n{first}\
         <div id=\"pp-embed\" data-patient-portal-embed{data}></div>\n</body>\n</html>\n",
        lang = escape(&lang),
        name = escape(&clinic.clinic.name),
    );
    let mut response = html.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(&csp(&request.origin, style_hash)) {
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    page_headers(response)
}

/// The view's first step, drawn here so that it is on screen before the widget has loaded (see
/// [`super::first_step`]): booking's and the instructions'. None for the other views (they
/// start from a patient link the server cannot see), and none when the web developer's config
/// changes that step (its own words, a visit type or provider chosen for the patient). With a
/// theme, it waits hidden until embed.js has given it the theme's colours.
fn first_step(clinic: &ClinicConfig, request: &EmbedRequest) -> Option<String> {
    let draw = match request.view.as_str() {
        "booking" => super::first_step::booking,
        "instructions" => super::first_step::instructions,
        _ => return None,
    };
    let config: serde_json::Value = request
        .config
        .as_deref()
        .map_or(Ok(serde_json::Value::Null), serde_json::from_str)
        .ok()?;
    if ["strings", "visitType", "provider"]
        .iter()
        .any(|k| config.get(k).is_some())
    {
        return None;
    }
    let themed = if config.get("theme").is_some() {
        " pp-first-theme"
    } else {
        ""
    };
    Some(format!(
        "<div id=\"pp-first\" class=\"pp-first{themed}\">{}</div>\n",
        draw(clinic, request.locale.as_deref())
    ))
}

fn refusal(why: &EmbedRefusal) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Patient portal: {title}</title>\n<link rel=\"stylesheet\" href=\"/embed/embed.css\">\n</head>\n<body>\n\
         <main class=\"pp-embed-error\">\n<h1>{title}</h1>\n<p>{detail}</p>\n\
         <p>This message is for the web site's developer. Patients: please call the clinic.</p>\n</main>\n</body>\n</html>\n",
        title = escape(why.title),
        detail = escape(&why.detail),
    );
    let mut response = (why.status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(ERROR_CSP));
    page_headers(response)
}

fn page_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_quotes_and_angle_brackets() {
        assert_eq!(
            escape("\"><script>'&"),
            "&quot;&gt;&lt;script&gt;&apos;&amp;"
        );
    }

    #[test]
    fn instance_ids_and_language_tags_are_checked() {
        assert!(is_instance_id("w1") && is_instance_id("pp_2-a"));
        assert!(!is_instance_id("") && !is_instance_id("a b") && !is_instance_id(&"x".repeat(41)));
        assert!(is_language_tag("en") && is_language_tag("es-US") && is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("e") && !is_language_tag("en_US") && !is_language_tag("en-\"x"));
    }

    #[test]
    fn config_must_be_base64_of_a_json_object() {
        let encode = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        assert_eq!(
            decode_config(&encode("{\"theme\":{}}")).unwrap(),
            "{\"theme\":{}}"
        );
        assert!(decode_config(&encode("[1]")).is_err());
        assert!(decode_config("\"><script>").is_err());
        assert!(decode_config(&"A".repeat(MAX_CONFIG_CHARS + 4))
            .unwrap_err()
            .detail
            .contains("4 KB"));
    }
}
