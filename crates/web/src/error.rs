//! Error policy for the web tier.
//!
//! Every handler returns `Result<_, AppError>`. An `AppError` carries one [`ErrorCode`] from the
//! closed set in `renda_core::error`, an HTTP status derived from it, and a Chinese message a
//! clerk understands. Requests under `/api/` get JSON (`{"error": {"code", "message", "field"}}`),
//! pages get an HTML error page. A 5xx says nothing internal: its cause chain goes to the log,
//! and the user reads only the generic message.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use renda_core::{ErrorCode, ValidationError};
use renda_store::StoreError;
use renda_store::users::LoginError;
use serde::Serialize;

#[derive(Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    /// Whether to answer in JSON (API) or HTML (pages).
    pub json: bool,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None, json: false }
    }

    pub fn of(code: ErrorCode) -> Self {
        Self::new(code, code.message())
    }

    pub fn json(mut self) -> Self {
        self.json = true;
        self
    }

    pub fn status(&self) -> StatusCode {
        status_of(self.code)
    }
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated | ErrorCode::BadCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::CsrfRejected => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::IllegalTransition | ErrorCode::ViewsPending => StatusCode::CONFLICT,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = e.code();
        if code == ErrorCode::Internal {
            tracing::error!(error = ?e, "store error");
        }
        let field = match &e {
            StoreError::Invalid(v) => Some(v.field.clone()),
            StoreError::Refused(r) => r.field.map(str::to_owned),
            _ => None,
        };
        Self { code, message: e.user_message(), field, json: false }
    }
}

impl From<ValidationError> for AppError {
    fn from(v: ValidationError) -> Self {
        Self { code: ErrorCode::InvalidInput, message: v.message, field: Some(v.field), json: false }
    }
}

impl From<renda_core::policy::Denied> for AppError {
    fn from(d: renda_core::policy::Denied) -> Self {
        Self::new(ErrorCode::Forbidden, d.message)
    }
}

impl From<LoginError> for AppError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Store(s) => s.into(),
            other => Self::new(other.code(), other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        tracing::error!(error = ?e, "template error");
        Self::of(ErrorCode::Internal)
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable code from the closed set (invalid_input, forbidden, not_found, …).
    pub code: String,
    /// The Chinese message to show.
    pub message: String,
    /// The form field at fault, when there is one.
    pub field: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message =
            if self.code == ErrorCode::Internal { ErrorCode::Internal.message().to_owned() } else { self.message };
        let mut resp = if self.json {
            let body = ErrorBody { error: ErrorDetail { code: self.code.as_str().into(), message, field: self.field } };
            (status, axum::Json(body)).into_response()
        } else {
            // The page says what happened and what to do; the stable code goes to the log.
            tracing::info!(code = self.code.as_str(), status = status.as_u16(), "error page");
            let page = crate::pages::ErrorPage {
                status: status.as_u16(),
                message: &message,
                hint: crate::pages::error_hint(self.code),
            };
            let mut resp = match askama::Template::render(&page) {
                Ok(html) => (status, Html(html)).into_response(),
                Err(_) => (status, message.clone()).into_response(),
            };
            if matches!(
                self.code,
                ErrorCode::InvalidInput
                    | ErrorCode::Conflict
                    | ErrorCode::IllegalTransition
                    | ErrorCode::TooManyAttempts
                    | ErrorCode::PayloadTooLarge
                    | ErrorCode::ViewsPending
            ) {
                // A refused form goes back to its page as typed (`crate::echo`).
                resp.extensions_mut().insert(crate::echo::Refusal { field: self.field, message });
            }
            resp
        };
        if self.code == ErrorCode::Busy {
            // A bounded pool lets a job wait 5 s: by then the burst has usually passed.
            resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("5"));
        }
        resp
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// A 429 with its Chinese message and `Retry-After`, for limits that know when they lift.
pub fn too_many_requests(message: &str, retry_after_secs: u64, json: bool) -> Response {
    let e = AppError::new(ErrorCode::TooManyAttempts, message);
    let mut resp = if json { e.json() } else { e }.into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        resp.headers_mut().insert(RETRY_AFTER, v);
    }
    resp
}
