//! Error policy for the web tier.
//!
//! Every handler returns `Result<_, AppError>`. An `AppError` carries one [`ErrorCode`] from the
//! closed set in `renda_core::error`, an HTTP status derived from it, and a Chinese message a
//! clerk understands. It becomes a response with that status and the error attached, and
//! [`shape`], around the whole router, gives it its body by the route it answers: requests under
//! `/api/` get JSON (`{"error": {"code", "message", "field"}}`), pages get an HTML error page —
//! the route decides, never the handler. A 5xx says nothing internal: its cause chain goes to the
//! log, and the user reads only the generic message.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use renda_core::{ErrorCode, ValidationError};
use renda_store::StoreError;
use renda_store::users::LoginError;
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), field: None }
    }

    pub fn of(code: ErrorCode) -> Self {
        Self::new(code, code.message())
    }

    pub fn status(&self) -> StatusCode {
        status_of(self.code)
    }

    /// Every problem of a form at once, beside the first field at fault.
    pub fn of_fields(errors: Vec<renda_core::ValidationError>) -> Self {
        AppError {
            field: errors.first().map(|e| e.field.clone()),
            message: errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；"),
            ..AppError::of(ErrorCode::InvalidInput)
        }
    }
}

impl AppError {
    /// Every refusal of a form at once (the core checked each field), beside the first field
    /// at fault, with the first refusal's code.
    pub fn of_refusals(refusals: Vec<renda_core::Refusal>) -> Self {
        let message = refusals.iter().map(|r| r.message.as_str()).collect::<Vec<_>>().join("；");
        match refusals.into_iter().next() {
            Some(first) => AppError { message, ..AppError::from(first) },
            None => AppError::of(ErrorCode::InvalidInput),
        }
    }
}

/// The HTTP status of a code: that of its general class.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code.class() {
        ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated | ErrorCode::BadCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden | ErrorCode::CsrfRejected => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::IllegalTransition | ErrorCode::ViewsPending => StatusCode::CONFLICT,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::UNPROCESSABLE_ENTITY, // every reason's class is one of the above
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = e.code();
        if code.class() == ErrorCode::Internal {
            tracing::error!(error = ?e, "store error");
        }
        let field = match &e {
            StoreError::Invalid(v) => Some(v.field.clone()),
            StoreError::Refused(r) => r.field.map(str::to_owned),
            _ => None,
        };
        Self { code, message: e.user_message(), field }
    }
}

/// A rule of the core refused what was asked (a page that checks before calling the store).
impl From<renda_core::Refusal> for AppError {
    fn from(r: renda_core::Refusal) -> Self {
        StoreError::Refused(r).into()
    }
}

impl From<ValidationError> for AppError {
    fn from(v: ValidationError) -> Self {
        Self { code: ErrorCode::InvalidInput, message: v.message, field: Some(v.field) }
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
    /// The status, and the error for [`shape`] to render: a body is the route's business.
    fn into_response(mut self) -> Response {
        if self.code == ErrorCode::Internal {
            ErrorCode::Internal.message().clone_into(&mut self.message);
        }
        let mut resp = self.status().into_response();
        if self.code == ErrorCode::Busy {
            // A bounded pool lets a job wait 5 s: by then the burst has usually passed.
            resp.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("5"));
        }
        resp.extensions_mut().insert(self);
        resp
    }
}

/// Gives every error response its body, by the route: JSON under `/api/`, the error page
/// elsewhere (marked for [`crate::echo`] when it refuses a form, so the form comes back as
/// typed). Runs around the router and its layers, so an error from anywhere inside is shaped.
pub async fn shape(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut resp = next.run(req).await;
    match resp.extensions_mut().remove::<AppError>() {
        Some(e) => render(e, api, resp),
        None => resp,
    }
}

fn render(e: AppError, api: bool, resp: Response) -> Response {
    let (mut parts, _) = resp.into_parts();
    let status = parts.status;
    if api {
        let body =
            ErrorBody { error: ErrorDetail { code: e.code.as_str().into(), message: e.message, field: e.field } };
        let json = axum::Json(body).into_response();
        let (json_parts, body) = json.into_parts();
        parts.headers.extend(json_parts.headers);
        return Response::from_parts(parts, body);
    }
    // The page says what happened and what to do; the stable code goes to the log.
    tracing::info!(code = e.code.as_str(), status = status.as_u16(), "error page");
    let page = crate::pages::ErrorPage {
        status: status.as_u16(),
        message: &e.message,
        hint: crate::pages::error_hint(e.code),
    };
    let html = match askama::Template::render(&page) {
        Ok(html) => Html(html).into_response(),
        Err(_) => e.message.clone().into_response(),
    };
    let (html_parts, body) = html.into_parts();
    parts.headers.extend(html_parts.headers);
    if matches!(
        e.code.class(),
        ErrorCode::InvalidInput
            | ErrorCode::Conflict
            | ErrorCode::IllegalTransition
            | ErrorCode::TooManyAttempts
            | ErrorCode::PayloadTooLarge
            | ErrorCode::ViewsPending
    ) {
        // A refused form goes back to its page as typed (`crate::echo`).
        parts.extensions.insert(crate::echo::Refusal { field: e.field, message: e.message });
    }
    Response::from_parts(parts, body)
}

pub type AppResult<T> = Result<T, AppError>;

/// A 429 with its Chinese message and `Retry-After`, for limits that know when they lift.
pub fn too_many_requests(message: &str, retry_after_secs: u64) -> Response {
    let mut resp = AppError::new(ErrorCode::TooManyAttempts, message).into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        resp.headers_mut().insert(RETRY_AFTER, v);
    }
    resp
}
