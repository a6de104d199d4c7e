//! Accounts: where each role's account is scoped, the name it is shown by, and what an admin
//! may not do to their own account. The store looks the organisations and seats up and passes
//! what it found; the policy (`policy::may_grant`) says who may give which role.

use crate::ValidationError;
use crate::error::{ErrorCode, Refusal};
use crate::ids::UserId;
use crate::value::PersonName;

/// Staff work for a congress: `is_congress` says whether their scope is one.
pub fn check_staff_scope(is_congress: bool) -> Result<(), ValidationError> {
    if is_congress { Ok(()) } else { Err(ValidationError::new("scope", "人大工作人员须属于某一级人大")) }
}

/// A unit's account belongs to a handling unit, not to a congress.
pub fn check_unit_scope(is_congress: bool) -> Result<(), ValidationError> {
    if is_congress {
        Err(ValidationError::new("scope", "承办单位用户须属于某一承办单位"))
    } else {
        Ok(())
    }
}

/// A deputy's account is scoped by their latest seat: refused when the person has none.
pub fn deputy_seat<T>(latest: Option<T>) -> Result<T, ValidationError> {
    latest.ok_or_else(|| ValidationError::new("scope", "该人员没有代表资格"))
}

/// The name an account is shown by.
pub fn display_name(raw: &str) -> Result<PersonName, ValidationError> {
    PersonName::parse(raw).map_err(|_| ValidationError::new("display_name", "显示名称须为1至30个字"))
}

/// What an admin would change on an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountChange {
    Role,
    Deactivate,
}

/// Nobody changes their own role or disables their own account (`actor`: who acts).
pub fn check_not_own(actor: Option<UserId>, account: UserId, change: AccountChange) -> Result<(), Refusal> {
    if actor != Some(account) {
        return Ok(());
    }
    Err(Refusal::new(
        ErrorCode::OwnAccount,
        match change {
            AccountChange::Role => "不能修改自己的角色",
            AccountChange::Deactivate => "不能停用自己的账号",
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_is_scoped_where_it_works() {
        assert!(check_staff_scope(true).is_ok());
        assert_eq!(check_staff_scope(false).expect_err("a unit").message, "人大工作人员须属于某一级人大");
        assert!(check_unit_scope(false).is_ok());
        assert_eq!(check_unit_scope(true).expect_err("a congress").message, "承办单位用户须属于某一承办单位");
        assert_eq!(deputy_seat(Some(3)), Ok(3));
        let none = deputy_seat::<i64>(None).expect_err("no seat");
        assert_eq!((none.field.as_str(), none.message.as_str()), ("scope", "该人员没有代表资格"));
    }

    #[test]
    fn names_and_own_accounts() {
        assert_eq!(display_name(" 王芳 ").expect("a name").as_str(), "王芳");
        assert_eq!(display_name(&"王".repeat(31)).expect_err("long").message, "显示名称须为1至30个字");
        assert!(check_not_own(Some(UserId(1)), UserId(2), AccountChange::Role).is_ok());
        assert!(check_not_own(None, UserId(2), AccountChange::Deactivate).is_ok());
        let role = check_not_own(Some(UserId(2)), UserId(2), AccountChange::Role).expect_err("own role");
        assert_eq!((role.code, role.message.as_str()), (ErrorCode::OwnAccount, "不能修改自己的角色"));
        let off = check_not_own(Some(UserId(2)), UserId(2), AccountChange::Deactivate).expect_err("own account");
        assert_eq!(off.message, "不能停用自己的账号");
    }
}
