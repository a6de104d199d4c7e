//! The closed set of error codes. Each code is stable (clients and tests match on it) and
//! carries the Chinese message a clerk reads. Web maps each to an HTTP status.

use serde::Serialize;
use std::fmt;

/// A stable, machine-readable error code. Adding one is fine; renaming one breaks clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field of a form or a row of an import is not valid.
    InvalidInput,
    /// Not logged in.
    Unauthenticated,
    /// Logged in, but this role may not do this to this record.
    Forbidden,
    /// No such record (or not visible to this user).
    NotFound,
    /// The record exists already (a unique name or login).
    Conflict,
    /// The action is not allowed in the record's current state.
    IllegalTransition,
    /// Wrong login or password.
    BadCredentials,
    /// Too many failed logins.
    TooManyAttempts,
    /// The form's CSRF token is missing or wrong.
    CsrfRejected,
    /// The request is larger than this form or upload accepts.
    PayloadTooLarge,
    /// The server is at its bound for this kind of work (logins, searches); try again shortly.
    Busy,
    /// Something broke on our side; details are in the log, never in the answer.
    Internal,
    /// The 主办 unit replies only once every 会办 unit sent its view or staff waived it.
    ViewsPending,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::InvalidInput,
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::IllegalTransition,
        ErrorCode::BadCredentials,
        ErrorCode::TooManyAttempts,
        ErrorCode::CsrfRejected,
        ErrorCode::PayloadTooLarge,
        ErrorCode::Busy,
        ErrorCode::Internal,
        ErrorCode::ViewsPending,
    ];

    /// The code as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::IllegalTransition => "illegal_transition",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::CsrfRejected => "csrf_rejected",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Busy => "busy",
            ErrorCode::Internal => "internal",
            ErrorCode::ViewsPending => "views_pending",
        }
    }

    /// The generic Chinese message for this code, used when no more specific one is given.
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "填写的内容有误，请检查后重新提交。",
            ErrorCode::Unauthenticated => "请先登录。",
            ErrorCode::Forbidden => "您没有执行此操作的权限。",
            ErrorCode::NotFound => "未找到该记录，或您无权查看。",
            ErrorCode::Conflict => "该记录已存在。",
            ErrorCode::IllegalTransition => "当前状态下不能执行此操作。",
            ErrorCode::BadCredentials => "用户名或密码错误。",
            ErrorCode::TooManyAttempts => "登录失败次数过多，请15分钟后再试。",
            ErrorCode::CsrfRejected => "页面已过期，请刷新后重新提交。",
            ErrorCode::PayloadTooLarge => "提交的内容过大：表单不超过1 MB，每个附件不超过10 MB。",
            ErrorCode::Busy => "当前访问人数较多，请稍候几秒再试。",
            ErrorCode::Internal => "系统内部错误，请稍后再试或联系管理员。",
            ErrorCode::ViewsPending => "会办单位的意见尚未全部送达，主办单位暂不能答复。",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value that failed to parse: which field, and a Chinese message saying what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{field}: {message}")]
pub struct ValidationError {
    /// The field's name as the form or import file calls it (Chinese for import columns).
    pub field: String,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_snake_case_name_and_a_chinese_message() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert!(code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!(
                code.message().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{code} has no Chinese message"
            );
        }
    }
}
