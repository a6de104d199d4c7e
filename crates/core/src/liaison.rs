//! Liaison stations and the public (代表联络站, DOMAIN.md "Liaison stations and the public"):
//! the rules of citizens' opinions, receipts, the public form, reception days and mediation.
//!
//! - [`opinion`]: a citizen's opinion (群众意见) from receipt to closing — states, commands,
//!   who may give each (as a table), one [`opinion::transition`] function, overdue detection.
//! - [`receipt`]: receipt codes (回执码) a citizen follows an opinion with: made from random bytes
//!   the caller supplies, no look-alike characters, a check character that catches a mistyped
//!   code before any lookup.
//! - [`form`]: the anonymous public form (lengths, optional name and phone, consent to publish)
//!   and [`form::redact`], which removes personal data before an opinion is shown publicly.
//! - [`reception`]: reception days are published ahead with their receiving deputies.
//! - [`station`]: a station's public profile (address, opening hours, reception days).
//! - [`mediation`]: the record of a deputy's mediation of a social conflict (社会矛盾化解).
//!
//! Deputies do not handle matters themselves (代表法 Art. 31): they receive citizens, and staff
//! sort what was received, so deputies are not actors of the opinion lifecycle.
//!
//! Every rule refuses with a [`Refusal`]: a specific snake_case code that stays stable (the
//! store persists state codes and clients match on refusal codes), the general [`ErrorCode`]
//! the web turns into a status, and the Chinese sentence the user reads. The oversight module
//! uses the same type.

pub mod form;
pub mod mediation;
pub mod opinion;
pub mod receipt;
pub mod reception;
pub mod station;

use crate::ErrorCode;
use serde::Serialize;

/// Why a command or a form was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct Refusal {
    /// Specific and stable, snake_case, e.g. `due_before_today`.
    pub code: &'static str,
    /// The general class (forbidden, illegal transition, invalid input…).
    pub kind: ErrorCode,
    /// The sentence the user reads, in Chinese.
    pub message: String,
}

impl Refusal {
    pub fn new(code: &'static str, kind: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, kind, message: message.into() }
    }

    /// The actor may not give this command (role, receipt code or unit).
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, ErrorCode::Forbidden, message)
    }

    /// The command is not allowed in the record's current state.
    pub fn illegal(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, ErrorCode::IllegalTransition, message)
    }

    /// The command's payload or a form field is not acceptable.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(code, ErrorCode::InvalidInput, message)
    }
}

/// The store reports the suggestion module's refusals already; this lets it report ours the
/// same way (the specific code is dropped, the class and the sentence kept).
impl From<Refusal> for crate::suggestion::Refusal {
    fn from(r: Refusal) -> Self {
        crate::suggestion::Refusal::new(r.kind, r.message)
    }
}

/// Refuses blank text: `what` names the missing thing in the sentence.
pub(crate) fn required(text: &str, code: &'static str, what: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() { Err(Refusal::invalid(code, format!("请填写{what}。"))) } else { Ok(()) }
}

/// Test helper shared by liaison and oversight tests: a refusal is well-formed when its code is
/// snake_case and its message is Chinese.
#[cfg(test)]
pub(crate) fn assert_well_formed(r: &Refusal) {
    assert!(!r.code.is_empty(), "empty code: {r:?}");
    assert!(r.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "code not snake_case: {r:?}");
    assert!(!r.code.starts_with('_') && !r.code.ends_with('_'), "code not snake_case: {r:?}");
    assert!(r.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "message not Chinese: {r:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_becomes_a_suggestion_refusal_keeping_its_class_and_sentence() {
        let r = Refusal::invalid("due_before_today", "办理期限不能早于今天。");
        assert_well_formed(&r);
        let s: crate::suggestion::Refusal = r.into();
        assert_eq!((s.code, s.message.as_str()), (ErrorCode::InvalidInput, "办理期限不能早于今天。"));
    }

    #[test]
    fn blank_text_is_refused_with_what_is_missing() {
        let r = required(" \n", "reason_required", "理由").expect_err("blank");
        assert_eq!((r.code, r.message.as_str()), ("reason_required", "请填写理由。"));
        assert!(required("涉及多个部门", "reason_required", "理由").is_ok());
    }
}
