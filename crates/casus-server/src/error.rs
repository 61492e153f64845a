//! Errors as the API answers them: a status and a JSON body
//! `{"error": {"status": 400, "message": "…"}}`, never a stack trace.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use casus_store::params::BadValue;
use casus_store::StoreError;

/// An error answered to the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person to read.
    pub message: String,
}

impl ApiError {
    /// An error with `status`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 400: the request is malformed (a bad parameter, a body that is
    /// not JSON).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    /// 422: well-formed, but not what the endpoint takes.
    pub fn unprocessable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
}

impl From<BadValue> for ApiError {
    fn from(e: BadValue) -> ApiError {
        ApiError::bad_request(e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Invalid(m) => ApiError::bad_request(m),
            other => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the store failed: {other}"),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        }));
        if self.status == StatusCode::UNAUTHORIZED {
            (
                self.status,
                [(header::WWW_AUTHENTICATE, "Bearer realm=\"casus\"")],
                body,
            )
                .into_response()
        } else {
            (self.status, body).into_response()
        }
    }
}
