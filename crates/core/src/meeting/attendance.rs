//! Who is at a meeting: written leave requests before it, approved (or not) by the 主任; sign-in
//! on the day, by the clerk or by the member on their phone. What the store read — the body's
//! composition on the day, a member's attendance so far — comes in, a refusal in Chinese or the
//! checked value goes out.
//!
//! Only the members present count for quorum and for 未表决 ([`super::vote::Facts::present`]):
//! a member on leave or absent is neither.

use crate::ids::PersonId;
use crate::policy::Role;
use crate::{ErrorCode, Refusal};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A member's attendance at one meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Signed in.
    Present,
    /// On leave approved by the 主任, with its reason.
    Leave,
    /// Neither signed in nor on leave (what the attendance report says of the rest).
    Absent,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Leave, Presence::Absent];

    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Leave => "leave",
            Presence::Absent => "absent",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Presence::Present => "出席",
            Presence::Leave => "请假",
            Presence::Absent => "缺席",
        }
    }
}

/// Where a written leave request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveState {
    Pending,
    Approved,
    Refused,
}

impl LeaveState {
    pub const ALL: [LeaveState; 3] = [LeaveState::Pending, LeaveState::Approved, LeaveState::Refused];

    pub fn code(self) -> &'static str {
        match self {
            LeaveState::Pending => "pending",
            LeaveState::Approved => "approved",
            LeaveState::Refused => "refused",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            LeaveState::Pending => "待批准",
            LeaveState::Approved => "已批准",
            LeaveState::Refused => "未批准",
        }
    }
}

/// The longest reason for leave, in characters.
pub const MAX_REASON: usize = 200;

/// For whom `role` may act at a meeting: the clerk (staff, whom the policy already placed in the
/// meeting's congress) for any member, a member only for themselves.
pub fn acts_for(role: Role, person: PersonId) -> Result<(), Refusal> {
    match role {
        Role::Staff { .. } | Role::Admin => Ok(()),
        Role::Deputy { person: me } if me == person => Ok(()),
        _ => Err(Refusal::new(ErrorCode::Forbidden, "只能为本人请假、签到或表决。")),
    }
}

/// The member who votes: the deputy acting. A vote is always the member's own — the clerk
/// records a show of hands as the fallback through another path, never in their name here.
pub fn voter(role: Role) -> Result<PersonId, Refusal> {
    match role {
        Role::Deputy { person } => Ok(person),
        _ => Err(Refusal::new(ErrorCode::Forbidden, "只有会议组成人员本人可以表决。")),
    }
}

fn member(members: &BTreeSet<PersonId>, person: PersonId) -> Result<(), Refusal> {
    if members.contains(&person) {
        Ok(())
    } else {
        Err(Refusal::new(ErrorCode::NotEntitled, "该人员不是本次会议的组成人员。"))
    }
}

/// A written leave request, checked: by a member of the body, with a reason, no later than the
/// meeting day, not once signed in, and not while an earlier request waits or was approved.
/// Returns the reason as kept (trimmed).
pub fn check_leave_request(
    members: &BTreeSet<PersonId>,
    person: PersonId,
    reason: &str,
    meeting_on: Date,
    today: Date,
    presence: Option<Presence>,
    earlier: &[LeaveState],
) -> Result<String, Refusal> {
    member(members, person)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Refusal::of(ErrorCode::ReasonRequired).at("reason"));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Refusal::invalid("reason", format!("请假理由不能超过{MAX_REASON}个字。")));
    }
    if today > meeting_on {
        return Err(Refusal::new(ErrorCode::WrongState, "会议已经举行，不能再请假。"));
    }
    if presence == Some(Presence::Present) {
        return Err(Refusal::new(ErrorCode::WrongState, "已签到出席会议，不能再请假。"));
    }
    if earlier.iter().any(|s| *s != LeaveState::Refused) {
        return Err(Refusal::new(ErrorCode::WrongState, "已有请假申请待批准或已获批准，不能重复申请。"));
    }
    Ok(reason.to_owned())
}

/// Whether a leave request in `state` may be decided now: only a pending one, and not for a
/// member who has since signed in.
pub fn check_leave_decision(state: LeaveState, presence: Option<Presence>) -> Result<(), Refusal> {
    if state != LeaveState::Pending {
        return Err(Refusal::new(ErrorCode::WrongState, format!("该请假申请{}，不能再次处理。", state.label())));
    }
    if presence == Some(Presence::Present) {
        return Err(Refusal::new(ErrorCode::WrongState, "该组成人员已签到出席，无需批准请假。"));
    }
    Ok(())
}

/// The duty-archive item a member who is a deputy earns by signing in to a meeting of `kind`
/// (issue 17: "each member's attendance goes into their duty archive"): a standing-committee or
/// presidium meeting is 常委会会议 attended; a 主任会议 counts among other meetings; a session
/// earns nothing here — its half-day roll is the session's own record.
pub fn archive_credit(kind: super::MeetingKind) -> Option<crate::archive::items::ItemKind> {
    use crate::archive::items::ItemKind;
    match kind {
        super::MeetingKind::StandingCommittee | super::MeetingKind::Presidium => Some(ItemKind::MeetingAttended),
        super::MeetingKind::Directors => Some(ItemKind::OtherActivity),
        super::MeetingKind::Session => None,
    }
}

/// The source of the archive item a member earns at a meeting: `roll:{meeting}:{person}:meeting`
/// (a roll's record, as `archive::items::parse_source` reads it).
pub fn archive_source(meeting: crate::ids::MeetingId, person: PersonId) -> String {
    format!("roll:{}:{}:meeting", meeting.0, person.0)
}

/// A sign-in, checked: a member of the body, on the meeting day, not twice. A member on leave who
/// turns up after all may sign in.
pub fn check_sign_in(
    members: &BTreeSet<PersonId>,
    person: PersonId,
    meeting_on: Date,
    today: Date,
    presence: Option<Presence>,
) -> Result<(), Refusal> {
    member(members, person)?;
    if today != meeting_on {
        return Err(Refusal::new(ErrorCode::WrongState, "只能在会议当天签到。"));
    }
    if presence == Some(Presence::Present) {
        return Err(Refusal::new(ErrorCode::WrongState, "已经签到，无需重复签到。"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const DAY: Date = date(2026, 4, 28);

    fn members() -> BTreeSet<PersonId> {
        [1, 2, 3].into_iter().map(PersonId).collect()
    }

    #[test]
    fn a_member_asks_for_leave_with_a_reason_before_the_meeting_once() {
        let m = members();
        let ok = check_leave_request(&m, PersonId(1), "  出差  ", DAY, date(2026, 4, 20), None, &[]);
        assert_eq!(ok.expect("a fine request"), "出差");
        let code = |r: Result<String, Refusal>| r.expect_err("refused").code;
        assert_eq!(code(check_leave_request(&m, PersonId(9), "出差", DAY, DAY, None, &[])), ErrorCode::NotEntitled);
        assert_eq!(code(check_leave_request(&m, PersonId(1), " ", DAY, DAY, None, &[])), ErrorCode::ReasonRequired);
        let after = date(2026, 4, 29);
        assert_eq!(code(check_leave_request(&m, PersonId(1), "病", DAY, after, None, &[])), ErrorCode::WrongState);
        let present = Some(Presence::Present);
        assert_eq!(code(check_leave_request(&m, PersonId(1), "病", DAY, DAY, present, &[])), ErrorCode::WrongState);
        let pending = [LeaveState::Pending];
        assert_eq!(code(check_leave_request(&m, PersonId(1), "病", DAY, DAY, None, &pending)), ErrorCode::WrongState);
        assert!(check_leave_request(&m, PersonId(1), "病", DAY, DAY, None, &[LeaveState::Refused]).is_ok());
    }

    #[test]
    fn only_a_pending_request_of_a_member_not_signed_in_is_decided() {
        assert!(check_leave_decision(LeaveState::Pending, None).is_ok());
        assert!(check_leave_decision(LeaveState::Approved, None).is_err());
        assert!(check_leave_decision(LeaveState::Refused, None).is_err());
        assert!(check_leave_decision(LeaveState::Pending, Some(Presence::Present)).is_err());
    }

    #[test]
    fn a_member_signs_in_on_the_day_once_even_after_leave() {
        let m = members();
        assert!(check_sign_in(&m, PersonId(2), DAY, DAY, None).is_ok());
        assert!(check_sign_in(&m, PersonId(2), DAY, DAY, Some(Presence::Leave)).is_ok());
        assert!(check_sign_in(&m, PersonId(2), DAY, DAY, Some(Presence::Present)).is_err());
        assert!(check_sign_in(&m, PersonId(2), DAY, date(2026, 4, 27), None).is_err());
        assert_eq!(check_sign_in(&m, PersonId(7), DAY, DAY, None).expect_err("no member").code, ErrorCode::NotEntitled);
    }

    #[test]
    fn the_clerk_acts_for_any_member_and_a_member_only_for_themselves() {
        assert!(acts_for(Role::Staff { congress: crate::ids::OrgId(1) }, PersonId(2)).is_ok());
        assert!(acts_for(Role::Deputy { person: PersonId(2) }, PersonId(2)).is_ok());
        assert!(acts_for(Role::Deputy { person: PersonId(3) }, PersonId(2)).is_err());
        assert!(acts_for(Role::Public, PersonId(2)).is_err());
        assert_eq!(voter(Role::Deputy { person: PersonId(5) }).ok(), Some(PersonId(5)));
        assert!(voter(Role::Staff { congress: crate::ids::OrgId(1) }).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for p in Presence::ALL {
            assert_eq!(Presence::from_code(p.code()), Some(p));
        }
        for s in LeaveState::ALL {
            assert_eq!(LeaveState::from_code(s.code()), Some(s));
        }
    }
}
