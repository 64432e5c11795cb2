//! The one error type of the API: every failure becomes `{"error": {code, message, fields}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use portal_core::api::{ApiError, ErrorBody, ErrorCode, FieldError};

/// An API failure with its status, stable code and plain-language message.
#[derive(Debug)]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// Plain words for people.
    pub message: String,
    /// Per-field problems.
    pub fields: Vec<FieldError>,
    /// Extra JSON merged into the error object (for example alternative times).
    pub extra: Option<serde_json::Value>,
}

impl AppError {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
            extra: None,
        }
    }

    /// 404: the thing asked for does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// 400: the request itself is malformed.
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: fields to fix.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        AppError {
            fields,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidFields,
                "Some answers need a change. Please look at the notes next to them.",
            )
        }
    }

    /// 422: query parameters to fix.
    pub fn invalid_query(fields: Vec<FieldError>) -> Self {
        AppError {
            fields,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidQuery,
                "Some query parameters are missing or wrong; see fields.",
            )
        }
    }

    /// 401: the manage link's secret is wrong, expired or missing.
    pub fn not_authorized(phone: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::NotAuthorized,
            if phone.is_empty() {
                "This link has expired or is not complete. Please call the clinic.".to_string()
            } else {
                format!(
                    "This link has expired or is not complete. Please call the clinic at {phone}."
                )
            },
        )
    }

    /// 500: something broke on our side. The cause is logged, never sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Something went wrong on our side. Please try again, or call the clinic.",
        )
    }

    /// Adds the fields of `extra` (a typed struct from `portal_core::api`, like
    /// `TriesLeft`) to the error object.
    pub fn with_extra<T: serde::Serialize>(mut self, extra: &T) -> Self {
        self.extra = serde_json::to_value(extra).ok();
        self
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ApiError {
                code: self.code.as_str().to_string(),
                message: self.message,
                fields: self.fields,
                ..ApiError::default()
            },
        };
        let mut value = serde_json::to_value(&body).unwrap_or_default();
        if let (Some(serde_json::Value::Object(extra)), Some(serde_json::Value::Object(error))) =
            (self.extra, value.get_mut("error"))
        {
            error.extend(extra);
        }
        let mut response = (self.status, Json(value)).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            // Every limit is per minute.
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("60"),
            );
        }
        response
    }
}
