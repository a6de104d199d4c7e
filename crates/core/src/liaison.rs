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
//! Every rule refuses with the core's one [`Refusal`]: a precise [`ErrorCode`] that stays
//! stable (clients match on it; its class decides the HTTP status) and the Chinese sentence the
//! user reads. The oversight module uses the same type.

pub mod form;
pub mod mediation;
pub mod opinion;
pub mod receipt;
pub mod reception;
pub mod station;

use crate::ErrorCode;

pub use crate::error::Refusal;

/// Refuses blank text: `what` names the missing thing in the sentence.
pub(crate) fn required(text: &str, code: ErrorCode, what: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() { Err(Refusal::new(code, format!("请填写{what}。"))) } else { Ok(()) }
}

/// Test helper shared by liaison and oversight tests: a refusal is well-formed when it names a
/// precise reason (not only a general class) and its message is Chinese.
#[cfg(test)]
pub(crate) fn assert_well_formed(r: &Refusal) {
    assert_ne!(r.code, r.code.class(), "a general class, not a precise reason: {r:?}");
    assert!(r.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "message not Chinese: {r:?}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_refused_with_what_is_missing() {
        let r = required(" \n", ErrorCode::ReasonRequired, "理由").expect_err("blank");
        assert_well_formed(&r);
        assert_eq!((r.code, r.message.as_str()), (ErrorCode::ReasonRequired, "请填写理由。"));
        assert!(required("涉及多个部门", ErrorCode::ReasonRequired, "理由").is_ok());
    }
}
