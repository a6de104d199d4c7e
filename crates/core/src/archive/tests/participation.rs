use super::*;
use crate::archive::activity::{Participant, ParticipationKind, permitted};
use jiff::civil::datetime;

const D: Participant = Participant::Deputy;
const O: Participant = Participant::Organiser;

fn go(state: Attendance, who: Participant, cmd: ParticipationCommand, phase: Phase) -> Attendance {
    participate(state, who, &cmd, phase).unwrap_or_else(|e| panic!("{cmd:?} by {who:?} in {phase:?} refused: {e}"))
}

fn refused(state: Attendance, who: Participant, cmd: ParticipationCommand, phase: Phase) -> ScoringError {
    participate(state, who, &cmd, phase).err().unwrap_or_else(|| panic!("{cmd:?} by {who:?} accepted"))
}

#[test]
fn every_activity_kind_has_a_code_and_a_chinese_label() {
    assert_eq!(ActivityKind::ALL.len(), 11);
    for k in ActivityKind::ALL {
        assert_eq!(ActivityKind::from_code(k.code()), Some(k));
        assert!(is_chinese(k.label()));
    }
    let labels: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.label()).collect();
    assert!(labels.contains(&"听审案看执行") && labels.contains(&"社会矛盾化解"));
}

#[test]
fn a_deputy_signs_up_and_checks_in_by_scanning_and_earns_the_activity_item() {
    let s = go(Attendance::Invited, D, ParticipationCommand::SignUp, Phase::Before);
    let s = go(s, D, ParticipationCommand::CheckIn, Phase::Underway);
    assert_eq!(s, Attendance::CheckedIn);
    assert_eq!(s.item_kind(ActivityKind::CourtObservation), Some(ItemKind::CourtObservation));
    assert_eq!(s.item_kind(ActivityKind::Meeting), Some(ItemKind::MeetingAttended));
    assert_eq!(s.item_kind(ActivityKind::Report), None, "a 述职's item depends on its rating");
    let again = refused(s, D, ParticipationCommand::CheckIn, Phase::Underway);
    assert_eq!((again.code().as_str(), again.to_string()), ("wrong_state", "当前为“已签到”，不能签到。".to_owned()));
}

#[test]
fn leave_needs_a_reason_and_the_organisers_decision() {
    let e = refused(Attendance::SignedUp, D, ParticipationCommand::RequestLeave { reason: " ".into() }, Phase::Before);
    assert_eq!(e.to_string(), "请填写请假事由。");
    let s = go(Attendance::SignedUp, D, ParticipationCommand::RequestLeave { reason: "出差".into() }, Phase::Before);
    let e = refused(s, D, ParticipationCommand::ApproveLeave, Phase::Before);
    assert_eq!((e.code().as_str(), e.to_string()), ("not_permitted", "只有活动组织方可以批准请假。".to_owned()));
    let pending = refused(s, O, ParticipationCommand::MarkAbsent, Phase::Over);
    assert_eq!(pending.code().as_str(), "leave_pending");
    let approved = go(s, O, ParticipationCommand::ApproveLeave, Phase::Before);
    let e = refused(approved, O, ParticipationCommand::MarkAbsent, Phase::Over);
    assert_eq!(e.to_string(), "当前为“已准假”，不能记为缺席。");
    assert_eq!(approved.item_kind(ActivityKind::Survey), None, "approved leave costs nothing");
}

#[test]
fn refused_leave_followed_by_no_show_is_an_absence() {
    let s = go(Attendance::Invited, D, ParticipationCommand::RequestLeave { reason: "家中有事".into() }, Phase::Before);
    let e = refused(s, O, ParticipationCommand::RefuseLeave { note: String::new() }, Phase::Before);
    assert_eq!(e.code().as_str(), "required");
    let s = go(s, O, ParticipationCommand::RefuseLeave { note: "本次执法检查须全员参加".into() }, Phase::Before);
    let early = refused(s, O, ParticipationCommand::MarkAbsent, Phase::Underway);
    assert_eq!(early.code().as_str(), "wrong_phase");
    let s = go(s, O, ParticipationCommand::MarkAbsent, Phase::Over);
    assert_eq!(s.item_kind(ActivityKind::LawEnforcementCheck), Some(ItemKind::ActivityAbsent));
}

#[test]
fn the_scan_works_only_while_the_activity_is_underway_but_the_organiser_may_tick_the_list_after() {
    let before = refused(Attendance::SignedUp, D, ParticipationCommand::CheckIn, Phase::Before);
    assert_eq!(before.to_string(), "活动尚未开始，还不能签到。");
    let after = refused(Attendance::SignedUp, D, ParticipationCommand::CheckIn, Phase::Over);
    assert!(after.to_string().contains("联系组织方补签"));
    assert_eq!(go(Attendance::SignedUp, O, ParticipationCommand::CheckIn, Phase::Over), Attendance::CheckedIn);
    // An absence marked by mistake is corrected by the organiser, not by the deputy.
    assert_eq!(go(Attendance::Absent, O, ParticipationCommand::CheckIn, Phase::Over), Attendance::CheckedIn);
    assert_eq!(
        refused(Attendance::Absent, D, ParticipationCommand::CheckIn, Phase::Underway).code().as_str(),
        "wrong_state"
    );
}

#[test]
fn sign_up_closes_when_the_activity_starts() {
    let e = refused(Attendance::Invited, D, ParticipationCommand::SignUp, Phase::Underway);
    assert_eq!(e.to_string(), "活动已开始，不能再报名。");
    let e = refused(Attendance::Invited, O, ParticipationCommand::SignUp, Phase::Before);
    assert_eq!(e.to_string(), "报名须由代表本人操作。");
}

#[test]
fn the_buttons_shown_are_exactly_the_permitted_commands() {
    use ParticipationKind as K;
    assert_eq!(permitted(Attendance::Invited, D, Phase::Before), [K::SignUp, K::RequestLeave]);
    assert_eq!(permitted(Attendance::SignedUp, D, Phase::Underway), [K::RequestLeave, K::CheckIn]);
    assert_eq!(permitted(Attendance::LeaveRequested, O, Phase::Before), [K::ApproveLeave, K::RefuseLeave]);
    assert_eq!(permitted(Attendance::SignedUp, O, Phase::Over), [K::CheckIn, K::MarkAbsent]);
    assert_eq!(permitted(Attendance::CheckedIn, D, Phase::Over), []);
}

#[test]
fn the_phase_follows_the_activitys_times() {
    let (start, end) = (datetime(2025, 5, 6, 9, 0, 0, 0), datetime(2025, 5, 6, 11, 30, 0, 0));
    assert_eq!(Phase::at(datetime(2025, 5, 6, 8, 59, 0, 0), start, end), Phase::Before);
    assert_eq!(Phase::at(start, start, end), Phase::Underway);
    assert_eq!(Phase::at(end, start, end), Phase::Underway);
    assert_eq!(Phase::at(datetime(2025, 5, 6, 11, 31, 0, 0), start, end), Phase::Over);
}
