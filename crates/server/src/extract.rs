//! Extractors that turn bad requests into the API's own error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use portal_core::api::ErrorCode;

use crate::error::AppError;

/// A JSON body; a body that is not valid JSON of the right shape gets a 422 saying what is wrong.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => AppError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                    "Send the body as JSON with the header Content-Type: application/json.",
                ),
                JsonRejection::JsonDataError(e) => AppError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::InvalidBody,
                    format!(
                        "The request body does not have the expected fields: {}",
                        e.body_text()
                    ),
                ),
                JsonRejection::JsonSyntaxError(e) => AppError::bad_request(
                    ErrorCode::InvalidJson,
                    format!("The request body is not valid JSON: {}", e.body_text()),
                ),
                JsonRejection::BytesRejection(
                    axum::extract::rejection::BytesRejection::FailedToBufferBody(
                        axum::extract::rejection::FailedToBufferBody::LengthLimitError(_),
                    ),
                ) => AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::BodyTooLarge,
                    format!(
                        "The request body is too large; the limit is {} bytes.",
                        crate::routes::MAX_BODY_BYTES
                    ),
                ),
                JsonRejection::BytesRejection(_) => AppError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    ErrorCode::RequestTimeout,
                    "The request body did not arrive in time. Please try again.",
                ),
                other => AppError::bad_request(ErrorCode::InvalidBody, other.body_text()),
            }),
        }
    }
}

/// The `Authorization: Bearer <token>` value, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?;
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_string())
}

/// Query parameters; a query string that does not fit gets a 422 `invalid_query` naming the
/// parameter, in the API's error shape (axum's own answer is plain text).
pub struct ApiQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                // serde names a repeated or unknown parameter only in its message.
                let path = if path == "." || path.is_empty() {
                    quoted_name(&inner).unwrap_or_default()
                } else {
                    path
                };
                AppError::invalid_query(vec![portal_core::api::FieldError {
                    path,
                    message: format!(
                        "{inner}; see this route's parameters in /api/v1/openapi.json"
                    ),
                }])
            })
    }
}

/// The first `` `name` `` in a serde message, like "duplicate field `visit_type`".
fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_string())
}

/// Path parameters; a path that cannot be read (like `%FF`, which is not UTF-8) gets a 400
/// `invalid_path` in the API's error shape.
pub struct ApiPath<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(AppError::bad_request(
                ErrorCode::InvalidPath,
                format!(
                    "This address has a part that can't be read ({}). Ids are letters, digits and dashes.",
                    rejection.body_text().trim_start_matches("Invalid URL: ")
                ),
            )),
        }
    }
}
