//! Extractors that turn bad requests into the API's own error shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::http::StatusCode;

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
                    "unsupported_media_type",
                    "Send the body as JSON with the header Content-Type: application/json.",
                ),
                JsonRejection::JsonDataError(e) => AppError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_body",
                    format!("The request body does not have the expected fields: {}", e.body_text()),
                ),
                JsonRejection::JsonSyntaxError(e) => AppError::bad_request(
                    "invalid_json",
                    format!("The request body is not valid JSON: {}", e.body_text()),
                ),
                JsonRejection::BytesRejection(_) => AppError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("The request body is too large; the limit is {} bytes.", crate::routes::MAX_BODY_BYTES),
                ),
                other => AppError::bad_request("invalid_body", other.body_text()),
            }),
        }
    }
}

/// The `Authorization: Bearer <token>` value, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?;
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_string())
}
