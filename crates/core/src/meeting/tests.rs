use super::agenda::{Matter, Nominee, VoteItem, check_items, check_open, check_order, check_secrecy, order};
use super::agenda::{check_none_open, must_precede, required_secrecy};
use super::appointment::*;
use super::vote::*;
use super::*;
use crate::ids::{OrgId, PostId, VoteId};
use crate::liaison::assert_well_formed;
use crate::official::appointment::Action;
use crate::person::Term;
use jiff::civil::date;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

// ---- fixtures ---------------------------------------------------------------------------------

fn people(range: std::ops::RangeInclusive<i64>) -> BTreeSet<PersonId> {
    range.map(PersonId).collect()
}

fn membership(person: i64, role: MemberRole, from: Date, until: Option<Date>) -> Membership {
    Membership { person: PersonId(person), role, from, until }
}

/// Runs `commands` on a new vote, every one expected to succeed.
fn run(secrecy: Secrecy, members: &BTreeSet<PersonId>, present: &BTreeSet<PersonId>, commands: &[Command]) -> Vote {
    let facts = Facts { members, present };
    commands.iter().fold(Vote::draft(secrecy), |v, c| apply(&v, c, &facts).expect("accepted").vote)
}

fn cast(voter: i64, choice: Choice) -> Command {
    Command::Cast { voter: PersonId(voter), choice }
}

/// 27 members, 20 present (1–20), an open vote under way.
fn open_vote(secrecy: Secrecy) -> (BTreeSet<PersonId>, BTreeSet<PersonId>, Vote) {
    let (members, present) = (people(1..=27), people(1..=20));
    let vote = run(secrecy, &members, &present, &[Command::Open]);
    (members, present, vote)
}

// ---- kinds, roles, composition ---------------------------------------------------------------

#[test]
fn every_kind_role_choice_and_state_reads_back_from_its_code_and_has_a_chinese_label() {
    for k in MeetingKind::ALL {
        assert_eq!(MeetingKind::from_code(k.code()), Some(k));
    }
    for r in MemberRole::ALL {
        assert_eq!(MemberRole::from_code(r.code()), Some(r));
    }
    for c in Choice::ALL {
        assert_eq!(Choice::from_code(c.code()), Some(c));
    }
    for s in VoteState::ALL {
        assert_eq!(VoteState::from_code(s.code()), Some(s));
    }
    for s in Secrecy::ALL {
        assert_eq!(Secrecy::from_code(s.code()), Some(s));
    }
    for m in CountMethod::ALL {
        assert_eq!(CountMethod::from_code(m.code()), Some(m));
        assert!(!m.label().is_ascii());
    }
    assert_eq!(MeetingKind::from_code("plenary"), None);
    let labels: Vec<&str> = MeetingKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(labels, ["常务委员会会议", "主任会议", "主席团会议", "代表大会会议"]);
    let labels: Vec<&str> = MemberRole::ALL.iter().map(|r| r.label()).collect();
    assert_eq!(labels, ["主任", "副主任", "秘书长", "委员"]);
    let labels: Vec<&str> = Choice::ALL.iter().map(|c| c.label()).collect();
    assert_eq!(labels, ["赞成", "反对", "弃权", "未表决"]);
}

#[test]
fn a_township_holds_presidium_meetings_and_the_levels_above_standing_committee_meetings() {
    use crate::org::CongressLevel::{City, County, Township};
    assert!(MeetingKind::StandingCommittee.held_at(City) && MeetingKind::Directors.held_at(County));
    assert!(!MeetingKind::StandingCommittee.held_at(Township) && !MeetingKind::Directors.held_at(Township));
    assert!(MeetingKind::Presidium.held_at(Township) && !MeetingKind::Presidium.held_at(City));
    assert!(CongressLevel::ALL.into_iter().all(|l| MeetingKind::Session.held_at(l)));
}

#[test]
fn the_composition_on_a_day_counts_memberships_covering_it_both_ends_included() {
    let ms = [
        membership(1, MemberRole::Director, date(2022, 1, 10), None),
        membership(2, MemberRole::Member, date(2022, 1, 10), Some(date(2026, 5, 31))),
        membership(3, MemberRole::Member, date(2026, 6, 1), None),
        membership(4, MemberRole::Member, date(2026, 12, 6), None),
    ];
    let on = |day| members_on(&ms, day).iter().map(|m| m.person.0).collect::<Vec<_>>();
    assert_eq!(on(date(2026, 5, 31)), [1, 2], "the last day still counts");
    assert_eq!(on(date(2026, 6, 1)), [1, 3], "the first day already counts");
    assert_eq!(on(date(2026, 12, 5)), [1, 3], "a member from tomorrow does not count today");
    assert!(on(date(2021, 12, 31)).is_empty());
}

#[test]
fn a_member_promoted_on_a_day_is_counted_once_in_the_higher_role_and_the_roll_follows_rank() {
    let day = date(2026, 6, 1);
    let ms = [
        membership(9, MemberRole::Member, date(2022, 1, 10), Some(day)),
        membership(9, MemberRole::DeputyDirector, day, None),
        membership(3, MemberRole::Member, date(2022, 1, 10), None),
        membership(5, MemberRole::Director, date(2022, 1, 10), None),
    ];
    let members = members_on(&ms, day);
    assert_eq!(members.len(), 3, "the denominator counts people, not memberships");
    let roll: Vec<(i64, &str)> = members.iter().map(|m| (m.person.0, m.role.label())).collect();
    assert_eq!(roll, [(5, "主任"), (9, "副主任"), (3, "委员")]);
}

#[test]
fn the_directors_meeting_includes_the_secretary_general_at_city_level_only() {
    let from = date(2022, 1, 10);
    let ms = [
        membership(1, MemberRole::Director, from, None),
        membership(2, MemberRole::DeputyDirector, from, None),
        membership(3, MemberRole::SecretaryGeneral, from, None),
        membership(4, MemberRole::Member, from, None),
    ];
    let day = date(2026, 12, 1);
    let at = |level| composition(MeetingKind::Directors, level, &ms, day).len();
    assert_eq!(at(CongressLevel::City), 3);
    assert_eq!(at(CongressLevel::County), 2);
    assert_eq!(composition(MeetingKind::StandingCommittee, CongressLevel::County, &ms, day).len(), 4);
}

#[test]
fn a_membership_ending_before_it_starts_is_refused() {
    let m = membership(1, MemberRole::Member, date(2026, 6, 1), Some(date(2026, 5, 31)));
    let e = m.check().expect_err("ends before it starts");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::DateOutOfOrder, Some("until")));
    assert!(e.message.contains("2026年5月31日"), "{}", e.message);
    assert!(membership(1, MemberRole::Member, date(2026, 6, 1), Some(date(2026, 6, 1))).check().is_ok());
}

// ---- quorum and majorities -------------------------------------------------------------------

#[test]
fn quorum_and_passing_need_more_than_half_of_all_members() {
    assert_eq!((quorum(27), quorum(28), quorum(5)), (14, 15, 3));
    assert!(has_quorum(14, 27) && !has_quorum(13, 27));
    assert!(has_quorum(15, 28) && !has_quorum(14, 28), "exactly half is not more than half");
    assert!(!has_quorum(0, 0), "a body with no members never sits");
    assert!(passes(14, 27) && !passes(13, 27));
    assert!(!passes(0, 0));
}

#[test]
fn for_every_committee_size_from_5_to_80_the_thresholds_are_the_smallest_count_above_half() {
    for n in 5..=80usize {
        for t in [quorum(n), majority_of(n)] {
            assert!(2 * t > n && 2 * (t - 1) <= n, "size {n}: {t}");
        }
        assert!(has_quorum(quorum(n), n) && !has_quorum(quorum(n) - 1, n));
        assert!(passes(majority_of(n), n) && !passes(majority_of(n) - 1, n));
    }
}

// ---- votes -----------------------------------------------------------------------------------

#[test]
fn a_vote_cannot_open_without_a_quorum_and_people_who_are_not_members_do_not_make_one() {
    let members = people(1..=27);
    let present: BTreeSet<PersonId> = people(1..=13).into_iter().chain(people(100..=110)).collect();
    let facts = Facts { members: &members, present: &present };
    let draft = Vote::draft(Secrecy::Open);
    let e = apply(&draft, &Command::Open, &facts).expect_err("13 of 27");
    assert_well_formed(&e);
    assert_eq!((e.code, e.class()), (ErrorCode::NoQuorum, ErrorCode::IllegalTransition));
    assert_eq!(e.message, "出席的组成人员13人，未超过全体组成人员27人的半数（至少须14人出席），不能表决。");

    let present = people(1..=14);
    let step = apply(&draft, &Command::Open, &Facts { members: &members, present: &present }).expect("14 of 27");
    assert_eq!(step.vote.state(), VoteState::Open);
    assert_eq!(step.vote.members(), 27);
    assert_eq!(step.events, [Event::Opened { members: 27, present: 14 }]);
}

#[test]
fn voting_before_the_vote_opens_or_after_it_closes_is_refused() {
    let (members, present) = (people(1..=27), people(1..=20));
    let facts = Facts { members: &members, present: &present };
    let e = apply(&Vote::draft(Secrecy::Open), &cast(1, Choice::Yes), &facts).expect_err("draft");
    assert_well_formed(&e);
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::WrongState, "表决尚未开始，不能投票。"));

    let closed = run(Secrecy::Open, &members, &present, &[Command::Open, Command::Close]);
    let e = apply(&closed, &cast(1, Choice::Yes), &facts).expect_err("closed");
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::WrongState, "表决已经结束，结果已经宣布，不能投票。"));
    let e = apply(&Vote::draft(Secrecy::Open), &Command::Close, &facts).expect_err("close a draft");
    assert_eq!(e.code, ErrorCode::WrongState);
}

#[test]
fn a_member_votes_once_and_only_members_present_vote() {
    let (members, present, vote) = open_vote(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let vote = apply(&vote, &cast(1, Choice::Yes), &facts).expect("first").vote;
    let e = apply(&vote, &cast(1, Choice::No), &facts).expect_err("second");
    assert_well_formed(&e);
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::AlreadyVoted, "您已经表决过，每项表决每人只能表决一次。"));

    let e = apply(&vote, &cast(99, Choice::Yes), &facts).expect_err("not a member");
    assert_eq!((e.code, e.class()), (ErrorCode::NotEntitled, ErrorCode::Forbidden));
    assert!(e.message.contains("不是本次会议的组成人员"), "{}", e.message);
    let e = apply(&vote, &cast(21, Choice::Yes), &facts).expect_err("member on leave");
    assert_eq!(e.code, ErrorCode::NotEntitled);
    assert!(e.message.contains("未签到"), "{}", e.message);
    let e = apply(&vote, &cast(2, Choice::NotVoted), &facts).expect_err("未表决 is not a choice");
    assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("choice")));
    assert_eq!(vote.tally().cast(), 1);
}

#[test]
fn closing_records_members_present_who_did_not_vote_as_not_voted_and_announces_the_result() {
    let (members, present, vote) = open_vote(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let mut v = vote;
    for p in 1..=14 {
        v = apply(&v, &cast(p, Choice::Yes), &facts).expect("yes").vote;
    }
    for (p, c) in [(15, Choice::No), (16, Choice::No), (17, Choice::Abstain)] {
        v = apply(&v, &cast(p, c), &facts).expect("vote").vote;
    }
    let step = apply(&v, &Command::Close, &facts).expect("closes");
    let closed = step.vote;
    assert_eq!(closed.state(), VoteState::Closed);
    let Event::Closed { not_voted, announcement } = &step.events[0] else { panic!("{:?}", step.events) };
    assert_eq!(not_voted, &[PersonId(18), PersonId(19), PersonId(20)]);
    assert_eq!(announcement.tally, Tally { yes: 14, no: 2, abstain: 1, not_voted: 3 });
    assert!(announcement.passed);
    assert_eq!(
        announcement.text(),
        "应到27人，实到20人；赞成14票，反对2票，弃权1票，未表决3人。通过（须全体组成人员过半数，即14票）。"
    );
    let roll = closed.roll().expect("an open vote keeps its roll");
    assert_eq!(roll.get(&PersonId(19)), Some(&Choice::NotVoted));
    assert_eq!(roll.get(&PersonId(16)), Some(&Choice::No));
    assert_eq!(roll.get(&PersonId(21)), None, "absent members are not on the roll");
    assert_eq!(closed.announcement(), Some(*announcement));
}

#[test]
fn more_yes_than_no_is_not_enough_without_a_majority_of_all_members() {
    let (members, present, vote) = open_vote(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let mut v = vote;
    for p in 1..=13 {
        v = apply(&v, &cast(p, Choice::Yes), &facts).expect("yes").vote;
    }
    v = apply(&v, &cast(14, Choice::No), &facts).expect("no").vote;
    let a = apply(&v, &Command::Close, &facts).expect("closes").vote.announcement().expect("announced");
    assert!(!a.passed, "13 of 27 is a majority of those voting, not of all members");
    assert_eq!(a.verdict(), "未通过");
}

#[test]
fn a_secret_vote_keeps_who_voted_and_the_counts_but_never_who_chose_what() {
    let (members, present, vote) = open_vote(Secrecy::Secret);
    let facts = Facts { members: &members, present: &present };
    let step = apply(&vote, &cast(3, Choice::No), &facts).expect("votes");
    assert_eq!(step.events, [Event::Voted { voter: PersonId(3), choice: None }, Event::Chosen { choice: Choice::No }]);
    assert!(step.vote.roll().is_none());
    assert!(step.vote.has_voted(PersonId(3)));
    assert_eq!(step.vote.tally().no, 1);
    let json = serde_json::to_string(&step.vote).expect("serialises");
    assert!(json.contains("\"roll\":{}"), "{json}");
    let closed = apply(&step.vote, &Command::Close, &facts).expect("closes").vote;
    assert!(closed.roll().is_none());
    assert_eq!(closed.tally().not_voted, 19);
}

#[test]
fn a_closed_vote_refuses_every_command_and_stays_as_announced() {
    let (members, present, vote) = open_vote(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let v = apply(&vote, &cast(1, Choice::Yes), &facts).expect("votes").vote;
    let closed = apply(&v, &Command::Close, &facts).expect("closes").vote;
    for c in [Command::Open, Command::Close, cast(2, Choice::Yes), cast(1, Choice::No)] {
        let e = apply(&closed, &c, &facts).expect_err("frozen");
        assert_eq!(e.code, ErrorCode::WrongState, "{c:?}");
    }
    let e = apply(&v, &Command::Open, &facts).expect_err("open twice");
    assert_eq!(e.message, "表决正在进行，不能开始表决。");
}

#[test]
fn a_stored_vote_comes_back_only_when_its_parts_agree() {
    let (members, present, vote) = open_vote(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let v = apply(&vote, &cast(1, Choice::Yes), &facts).expect("votes").vote;
    let closed = apply(&v, &Command::Close, &facts).expect("closes").vote;
    for good in [Vote::draft(Secrecy::Secret), v.clone(), closed.clone()] {
        assert_eq!(Vote::from_stored(good.clone().into()), Ok(good));
    }
    let secret_with_roll =
        StoredVote { secrecy: Secrecy::Secret, roll: BTreeMap::from([(PersonId(1), Choice::Yes)]), ..v.clone().into() };
    let e = Vote::from_stored(secret_with_roll).expect_err("a secret vote with a roll");
    assert_eq!((e.code, e.class()), (ErrorCode::StoredBallotMismatch, ErrorCode::Internal));
    let recounted = StoredVote { tally: Tally { yes: 2, ..v.tally() }, ..v.clone().into() };
    assert!(Vote::from_stored(recounted).is_err(), "counts that are not the voters");
    let reopened = StoredVote { state: VoteState::Open, ..closed.clone().into() };
    assert!(Vote::from_stored(reopened).is_err(), "an announced result on an open vote");
    let unannounced = StoredVote { announcement: None, ..closed.into() };
    assert!(Vote::from_stored(unannounced).is_err(), "a close without a result");
}

// ---- counted in the room (举手表决, 纸质票) ------------------------------------------------------

fn count(method: CountMethod, yes: usize, no: usize, abstain: usize, tellers: [i64; 2]) -> Command {
    Command::Count { method, yes, no, abstain, tellers: [PersonId(tellers[0]), PersonId(tellers[1])] }
}

/// 15 members, 12 present (1–12), an open vote under way.
fn open_vote_of_15(secrecy: Secrecy) -> (BTreeSet<PersonId>, BTreeSet<PersonId>, Vote) {
    let (members, present) = (people(1..=15), people(1..=12));
    let vote = run(secrecy, &members, &present, &[Command::Open]);
    (members, present, vote)
}

#[test]
fn a_show_of_hands_counted_by_two_tellers_closes_the_vote_against_all_members() {
    let (members, present, vote) = open_vote_of_15(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    // 8 of 15 is more than half of all members: passes.
    let step = apply(&vote, &count(CountMethod::ShowOfHands, 8, 2, 1, [3, 4]), &facts).expect("counted");
    let closed = step.vote;
    assert_eq!(closed.state(), VoteState::Closed);
    assert_eq!(
        closed.counted(),
        Some(Counted { method: CountMethod::ShowOfHands, tellers: [PersonId(3), PersonId(4)] })
    );
    let a = closed.announcement().expect("announced at once");
    assert_eq!(a.tally, Tally { yes: 8, no: 2, abstain: 1, not_voted: 1 }, "present beyond the counts are 未表决");
    assert!(a.passed);
    assert_eq!(
        a.text(),
        "应到15人，实到12人；赞成8票，反对2票，弃权1票，未表决1人。通过（须全体组成人员过半数，即8票）。"
    );
    assert_eq!(
        step.events,
        [Event::Counted { method: CountMethod::ShowOfHands, tellers: [PersonId(3), PersonId(4)], announcement: a }]
    );
    assert!(closed.roll().is_none(), "a count keeps no roll");
    assert!(closed.voters().is_empty());

    // 7 of 15 is a majority of those present, not of all members: fails.
    let a = apply(&vote, &count(CountMethod::ShowOfHands, 7, 0, 0, [3, 4]), &facts)
        .expect("counted")
        .vote
        .announcement()
        .expect("announced");
    assert_eq!((a.passed, a.needed, a.tally.not_voted), (false, 8, 5));
}

#[test]
fn a_secret_vote_is_counted_from_paper_ballots_only() {
    let (members, present, vote) = open_vote_of_15(Secrecy::Secret);
    let facts = Facts { members: &members, present: &present };
    let e = apply(&vote, &count(CountMethod::ShowOfHands, 8, 2, 1, [3, 4]), &facts).expect_err("hands are seen");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::SecretVoteRequired, Some("method")));
    assert!(e.message.contains("纸质票"), "{}", e.message);
    let closed = apply(&vote, &count(CountMethod::PaperBallot, 9, 1, 1, [3, 4]), &facts).expect("paper").vote;
    assert_eq!(closed.counted().map(|c| c.method), Some(CountMethod::PaperBallot));
    assert!(closed.announcement().expect("announced").passed);
}

#[test]
fn a_count_is_refused_once_anyone_voted_on_a_device_and_changes_nothing() {
    let (members, present, vote) = open_vote_of_15(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let voted = apply(&vote, &cast(1, Choice::Yes), &facts).expect("a device vote").vote;
    let e = apply(&voted, &count(CountMethod::ShowOfHands, 8, 0, 0, [3, 4]), &facts).expect_err("no mixing");
    assert_well_formed(&e);
    assert_eq!((e.code, e.class()), (ErrorCode::DeviceVotesCast, ErrorCode::IllegalTransition));
    assert!(e.message.contains("已有1人通过表决器表决"), "{}", e.message);
    assert_eq!(voted.tally().yes, 1);
    // Nor before the vote opens.
    let e = apply(&Vote::draft(Secrecy::Open), &count(CountMethod::ShowOfHands, 8, 0, 0, [3, 4]), &facts)
        .expect_err("a draft");
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::WrongState, "表决尚未开始，不能登记人工计票结果。"));
}

#[test]
fn the_tellers_are_two_different_members_present_and_the_counts_fit_those_present() {
    let (members, present, vote) = open_vote_of_15(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let refused = |c: Command| apply(&vote, &c, &facts).expect_err("refused");
    let e = refused(count(CountMethod::ShowOfHands, 8, 0, 0, [3, 3]));
    assert_well_formed(&e);
    assert_eq!((e.code, e.class(), e.field), (ErrorCode::TellersInvalid, ErrorCode::InvalidInput, Some("teller_2")));
    // 13 is a member on leave, 99 no member at all.
    let e = refused(count(CountMethod::ShowOfHands, 8, 0, 0, [13, 4]));
    assert_eq!((e.code, e.field), (ErrorCode::TellersInvalid, Some("teller_1")));
    let e = refused(count(CountMethod::ShowOfHands, 8, 0, 0, [3, 99]));
    assert_eq!((e.code, e.field), (ErrorCode::TellersInvalid, Some("teller_2")));
    let e = refused(count(CountMethod::ShowOfHands, 8, 4, 1, [3, 4]));
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::CountExceedsPresent, Some("yes")));
    assert_eq!(e.message, "赞成、反对、弃权合计13票，多于出席会议的组成人员12人，请重新清点。");
    let e = refused(count(CountMethod::PaperBallot, usize::MAX, usize::MAX, 1, [3, 4]));
    assert_eq!(e.code, ErrorCode::CountExceedsPresent, "no overflow");
    // Exactly those present is fine: nobody 未表决.
    let a = apply(&vote, &count(CountMethod::PaperBallot, 8, 3, 1, [3, 4]), &facts).expect("all present").vote;
    assert_eq!(a.tally().not_voted, 0);
}

#[test]
fn a_counted_vote_refuses_every_command_and_reads_back_from_the_store() {
    let (members, present, vote) = open_vote_of_15(Secrecy::Open);
    let facts = Facts { members: &members, present: &present };
    let counted = apply(&vote, &count(CountMethod::ShowOfHands, 8, 2, 0, [1, 2]), &facts).expect("counted").vote;
    for c in [Command::Open, Command::Close, cast(5, Choice::Yes), count(CountMethod::ShowOfHands, 1, 0, 0, [1, 2])] {
        let e = apply(&counted, &c, &facts).expect_err("frozen");
        assert_eq!(e.code, ErrorCode::WrongState, "{c:?}");
    }
    assert_eq!(Vote::from_stored(counted.clone().into()), Ok(counted.clone()));
    let stored: StoredVote = counted.clone().into();
    let with_voter = StoredVote { voted: people(1..=1), ..stored.clone() };
    assert_eq!(Vote::from_stored(with_voter).map_err(|e| e.code), Err(ErrorCode::StoredBallotMismatch));
    let still_open = StoredVote { state: VoteState::Open, announcement: None, ..stored.clone() };
    assert!(Vote::from_stored(still_open).is_err(), "a count closes the vote");
    let one_teller = StoredVote {
        counted: Some(Counted { method: CountMethod::ShowOfHands, tellers: [PersonId(1), PersonId(1)] }),
        ..stored.clone()
    };
    assert!(Vote::from_stored(one_teller).is_err(), "two tellers");
    let hands_on_secret = StoredVote { secrecy: Secrecy::Secret, ..stored };
    assert!(Vote::from_stored(hands_on_secret).is_err(), "a show of hands is never secret");
}

// ---- settings --------------------------------------------------------------------------------

#[test]
fn the_default_settings_are_domain_md_s_and_each_bound_names_its_field() {
    let s = Settings::default();
    assert_eq!((s.notice_days, s.filing_days, s.renomination_months, s.publish_days), (7, 10, 6, 5));
    assert!(s.exam_required && s.secret_appointments && s.bar_after_second_failure);
    assert!(s.check().is_ok());
    let field = |s: Settings| s.check().expect_err("out of bounds").field;
    assert_eq!(field(Settings { notice_days: 0, ..s }), Some("notice_days"));
    assert_eq!(field(Settings { notice_days: 31, ..s }), Some("notice_days"));
    assert_eq!(field(Settings { filing_days: 0, ..s }), Some("filing_days"));
    assert_eq!(field(Settings { renomination_months: 0, ..s }), Some("renomination_months"));
    assert_eq!(field(Settings { publish_days: 61, ..s }), Some("publish_days"));
}

#[test]
fn members_are_notified_seven_days_ahead_and_decisions_published_within_five_days() {
    let s = Settings::default();
    let meeting = date(2026, 12, 5);
    assert_eq!(notice_deadline(meeting, &s), date(2026, 11, 28));
    assert!(check_notice(date(2026, 11, 28), meeting, &s).is_ok());
    let e = check_notice(date(2026, 11, 29), meeting, &s).expect_err("six days");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NoticeTooShort);
    assert!(e.message.contains("最迟应于2026年11月28日发出"), "{}", e.message);
    assert_eq!(publish_by(meeting, &s), date(2026, 12, 10));
    assert_eq!(renomination_from(date(2026, 8, 31), &s), date(2027, 2, 28), "calendar months, clamped");
}

// ---- properties ------------------------------------------------------------------------------

/// A step of a random session: the chair's and members' commands, and people signing in or
/// leaving between them.
#[derive(Clone, Debug)]
enum Op {
    Command(Command),
    SignIn(i64),
    Leave(i64),
}

fn op(size: i64) -> impl Strategy<Value = Op> {
    let choice = prop::sample::select(Choice::ALL.to_vec());
    // Voters beyond the size are not members.
    let person = 1..=size + 3;
    let method = prop::sample::select(CountMethod::ALL.to_vec());
    let votes = 0usize..=(size as usize + 3);
    let count = (method, votes.clone(), votes.clone(), votes, person.clone(), person.clone()).prop_map(
        |(method, yes, no, abstain, a, b)| Command::Count {
            method,
            yes,
            no,
            abstain,
            tellers: [PersonId(a), PersonId(b)],
        },
    );
    prop_oneof![
        1 => Just(Op::Command(Command::Open)),
        8 => (person.clone(), choice).prop_map(|(p, c)| Op::Command(cast(p, c))),
        1 => Just(Op::Command(Command::Close)),
        1 => count.prop_map(Op::Command),
        2 => person.clone().prop_map(Op::SignIn),
        1 => person.prop_map(Op::Leave),
    ]
}

fn session() -> impl Strategy<Value = (i64, Secrecy, BTreeSet<PersonId>, Vec<Op>)> {
    (5i64..=30, prop::sample::select(Secrecy::ALL.to_vec())).prop_flat_map(|(size, secrecy)| {
        let present = prop::collection::btree_set((1..=size + 3).prop_map(PersonId), 0..=(size as usize + 3));
        (Just(size), Just(secrecy), present, prop::collection::vec(op(size), 0..120))
    })
}

proptest! {
    #[test]
    fn thresholds_are_strictly_above_half_of_all_members(size in 5usize..=80, count in 0usize..=80) {
        prop_assert_eq!(has_quorum(count, size), 2 * count > size);
        prop_assert_eq!(passes(count, size), 2 * count > size);
    }

    #[test]
    fn no_sequence_of_commands_records_two_votes_of_one_member_and_a_closed_vote_never_changes(
        (size, secrecy, mut present, ops) in session()
    ) {
        let members = people(1..=size);
        let mut vote = Vote::draft(secrecy);
        let mut votes_by: BTreeMap<PersonId, usize> = BTreeMap::new();
        for op in ops {
            let command = match op {
                Op::SignIn(p) => { present.insert(PersonId(p)); continue; }
                Op::Leave(p) => { present.remove(&PersonId(p)); continue; }
                Op::Command(c) => c,
            };
            let facts = Facts { members: &members, present: &present };
            let before = vote.clone();
            match apply(&vote, &command, &facts) {
                Err(_) => prop_assert_eq!(&vote, &before),
                Ok(step) => {
                    prop_assert_ne!(before.state(), VoteState::Closed, "a closed vote accepted {:?}", command);
                    for e in &step.events {
                        if let Event::Voted { voter, choice } = e {
                            *votes_by.entry(*voter).or_default() += 1;
                            prop_assert!(members.contains(voter) && present.contains(voter));
                            prop_assert_eq!(choice.is_some(), secrecy == Secrecy::Open);
                        }
                        if let Event::Closed { announcement, .. } = e {
                            let counted: BTreeSet<PersonId> =
                                step.vote.voters().iter().chain(present.intersection(&members)).copied().collect();
                            prop_assert_eq!(announcement.tally.present(), counted.len());
                            prop_assert_eq!(announcement.passed, 2 * announcement.tally.yes > size as usize);
                            prop_assert_eq!(announcement.members, size as usize);
                        }
                        if let Event::Counted { announcement, tellers, method } = e {
                            // Counted in the room: exactly the members present, by two of them.
                            let here: BTreeSet<PersonId> = present.intersection(&members).copied().collect();
                            prop_assert_eq!(announcement.tally.present(), here.len());
                            prop_assert!(tellers[0] != tellers[1] && tellers.iter().all(|t| here.contains(t)));
                            prop_assert!(before.voters().is_empty(), "a count after a device vote");
                            prop_assert!(!(secrecy == Secrecy::Secret && *method == CountMethod::ShowOfHands));
                            prop_assert_eq!(announcement.passed, 2 * announcement.tally.yes > size as usize);
                        }
                    }
                    vote = step.vote;
                }
            }
            prop_assert!(votes_by.values().all(|&n| n == 1), "{:?}", votes_by);
            if vote.counted().is_none() {
                prop_assert_eq!(vote.tally().cast(), vote.voters().len());
            } else {
                prop_assert!(vote.voters().is_empty() && vote.state() == VoteState::Closed);
                prop_assert!(vote.tally().present() <= size as usize);
            }
            prop_assert_eq!(Vote::from_stored(vote.clone().into()), Ok(vote.clone()), "stored and read back");
            prop_assert_eq!(vote.roll().is_some(), secrecy == Secrecy::Open && vote.counted().is_none());
            if let Some(roll) = vote.roll() {
                prop_assert_eq!(roll.len(), vote.tally().present());
            }
            if vote.state() != VoteState::Closed {
                prop_assert_eq!(vote.tally().not_voted, 0);
            }
        }
        // Once closed, nothing moves it.
        if vote.state() == VoteState::Closed {
            let facts = Facts { members: &members, present: &members };
            let recount = Command::Count { method: CountMethod::PaperBallot, yes: 0, no: 0, abstain: 0, tellers: [PersonId(1), PersonId(2)] };
            for c in [Command::Open, Command::Close, cast(1, Choice::Yes), recount] {
                prop_assert!(apply(&vote, &c, &facts).is_err());
            }
        }
    }

    #[test]
    fn a_recorded_count_never_exceeds_those_present_and_a_counted_vote_refuses_every_further_command(
        (size, secrecy, present) in (5i64..=30, prop::sample::select(Secrecy::ALL.to_vec())).prop_flat_map(|(size, secrecy)| {
            (Just(size), Just(secrecy), prop::collection::btree_set((1..=size + 3).prop_map(PersonId), 0..=(size as usize + 3)))
        }),
        method in prop::sample::select(CountMethod::ALL.to_vec()),
        (yes, no, abstain) in (0usize..=15, 0usize..=15, 0usize..=15),
        tellers in (1i64..=12, 1i64..=12),
        later in prop::collection::vec(op(30), 1..20),
    ) {
        let members = people(1..=size);
        let facts = Facts { members: &members, present: &present };
        let here = present.intersection(&members).count();
        let Ok(opened) = apply(&Vote::draft(secrecy), &Command::Open, &facts) else {
            prop_assert!(!has_quorum(here, members.len()));
            return Ok(());
        };
        let command = Command::Count { method, yes, no, abstain, tellers: [PersonId(tellers.0), PersonId(tellers.1)] };
        match apply(&opened.vote, &command, &facts) {
            Err(e) => {
                let fits = yes + no + abstain <= here;
                let good_tellers = tellers.0 != tellers.1
                    && [tellers.0, tellers.1].iter().all(|t| members.contains(&PersonId(*t)) && present.contains(&PersonId(*t)));
                let allowed = !(secrecy == Secrecy::Secret && method == CountMethod::ShowOfHands);
                prop_assert!(!(fits && good_tellers && allowed), "a good count refused: {e:?}");
            }
            Ok(step) => {
                let a = step.vote.announcement().expect("announced");
                prop_assert!(a.tally.cast() <= here && a.tally.present() == here);
                prop_assert_eq!(a.tally.cast(), yes + no + abstain);
                // Whatever comes after, with whoever present, the vote stays as counted.
                let everyone = people(1..=size + 3);
                for op in later {
                    let Op::Command(c) = op else { continue };
                    let facts = Facts { members: &members, present: &everyone };
                    let e = apply(&step.vote, &c, &facts).expect_err("frozen");
                    prop_assert_eq!(e.code, ErrorCode::WrongState);
                }
            }
        }
    }
}

// ---- the order of votes and their secrecy ----------------------------------------------------

const EDUCATION_HEAD: PostId = PostId(7);

fn nominee(person: i64, post: PostId) -> Nominee {
    Nominee { person: PersonId(person), post }
}

fn personnel(id: i64, title: &str, action: Action, nominees: Vec<Nominee>) -> VoteItem {
    VoteItem { id: VoteId(id), title: title.into(), matter: Matter::Personnel { action, nominees, joint: false } }
}

fn text(id: i64, title: &str) -> VoteItem {
    VoteItem { id: VoteId(id), title: title.into(), matter: Matter::Text }
}

fn amendment(id: i64, title: &str, to: i64) -> VoteItem {
    VoteItem { id: VoteId(id), title: title.into(), matter: Matter::Amendment { to: VoteId(to) } }
}

fn ids(items: &[VoteItem]) -> Vec<i64> {
    items.iter().map(|i| i.id.0).collect()
}

#[test]
fn amendments_come_before_the_whole_text_and_a_removal_before_the_appointment_to_its_post() {
    let items = vec![
        text(1, "示范市物业管理条例（草案）"),
        personnel(2, "任命张三为示范市教育局局长", Action::Appoint, vec![nominee(11, EDUCATION_HEAD)]),
        amendment(3, "关于第十二条的修正案", 1),
        personnel(4, "免去王五的示范市教育局局长职务", Action::Remove, vec![nominee(12, EDUCATION_HEAD)]),
        personnel(5, "任命赵六为示范市审计局局长", Action::Appoint, vec![nominee(13, PostId(8))]),
    ];
    assert_eq!(ids(&order(&items).expect("orders")), [3, 1, 4, 2, 5]);
    let e = check_order(&items).expect_err("text before its amendment");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::VoteOutOfOrder);
    assert_eq!(
        e.message,
        "修正案应先于草案全文表决：请先表决“关于第十二条的修正案”，再表决“示范市物业管理条例（草案）”。"
    );
    let ordered = order(&items).expect("orders");
    assert!(check_order(&ordered).is_ok());
    assert_eq!(order(&ordered).expect("already ordered"), ordered, "a good order is kept");

    let swapped = vec![items[1].clone(), items[3].clone()];
    let e = check_order(&swapped).expect_err("appointment before removal");
    assert!(e.message.starts_with("同一职务应先表决免职"), "{}", e.message);
    assert!(must_precede(&items[4], &items[1]).is_none(), "different posts: any order");
}

#[test]
fn a_vote_cannot_open_before_the_votes_that_must_precede_it_are_closed() {
    let items = vec![
        personnel(4, "免去王五的示范市教育局局长职务", Action::Dismiss, vec![nominee(12, EDUCATION_HEAD)]),
        personnel(2, "任命张三为示范市教育局局长", Action::Appoint, vec![nominee(11, EDUCATION_HEAD)]),
    ];
    let e = check_open(&items, &BTreeSet::new(), VoteId(2)).expect_err("removal still open");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::VoteOutOfOrder);
    assert!(e.message.contains("请先表决“免去王五的示范市教育局局长职务”"), "{}", e.message);
    assert!(check_open(&items, &BTreeSet::from([VoteId(4)]), VoteId(2)).is_ok());
    assert!(check_open(&items, &BTreeSet::new(), VoteId(4)).is_ok());
    assert_eq!(check_open(&items, &BTreeSet::new(), VoteId(9)).expect_err("unknown").code, ErrorCode::NotFound);
}

#[test]
fn appointments_are_voted_one_person_at_a_time_unless_a_joint_vote_was_decided() {
    let two = vec![nominee(11, PostId(7)), nominee(13, PostId(8))];
    let item = personnel(2, "任命张三、赵六", Action::Appoint, two.clone());
    let e = check_items(std::slice::from_ref(&item)).expect_err("two at once");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::JointVoteNotDecided);
    assert!(e.message.contains("列有2名人选"), "{}", e.message);
    let joint = VoteItem { matter: Matter::Personnel { action: Action::Appoint, nominees: two, joint: true }, ..item };
    assert!(check_items(&[joint]).is_ok());

    let empty = personnel(3, "任命", Action::Appoint, vec![]);
    assert_eq!(check_items(&[empty]).expect_err("nobody").field, Some("items"));
    let twice = vec![text(1, "决议"), text(1, "决议")];
    assert!(check_items(&twice).expect_err("same id").message.contains("重复"));
    let orphan = vec![amendment(3, "修正案", 9)];
    assert!(check_items(&orphan).expect_err("no text").message.contains("不在本次会议"));
    let to_a_person =
        vec![personnel(1, "任命", Action::Appoint, vec![nominee(1, PostId(1))]), amendment(2, "修正案", 1)];
    assert!(check_items(&to_a_person).is_err(), "only a text is amended");
}

#[test]
fn a_dismissal_is_always_secret_and_appointments_follow_the_congress_setting() {
    let s = Settings::default();
    let open_setting = Settings { secret_appointments: false, ..s };
    let dismiss = Matter::Personnel { action: Action::Dismiss, nominees: vec![nominee(1, PostId(1))], joint: false };
    let appoint = Matter::Personnel { action: Action::Appoint, nominees: vec![nominee(1, PostId(1))], joint: false };
    assert_eq!(required_secrecy(&dismiss, &open_setting), Secrecy::Secret);
    assert_eq!(required_secrecy(&appoint, &s), Secrecy::Secret);
    assert_eq!(required_secrecy(&appoint, &open_setting), Secrecy::Open);
    assert_eq!(required_secrecy(&Matter::Text, &s), Secrecy::Open);

    let e = check_secrecy(&dismiss, Secrecy::Open, &open_setting).expect_err("open dismissal");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::SecretVoteRequired, Some("secrecy")));
    assert!(e.message.contains("监督法第六十二条"), "{}", e.message);
    assert!(check_secrecy(&appoint, Secrecy::Open, &s).is_err());
    assert!(check_secrecy(&appoint, Secrecy::Open, &open_setting).is_ok());
    assert!(check_secrecy(&Matter::Text, Secrecy::Secret, &s).is_ok(), "secret may always be chosen");
}

proptest! {
    #[test]
    fn ordering_any_list_of_votes_keeps_every_rule_and_every_item(
        plan in prop::collection::vec((0u8..4, 1i64..4), 0..10)
    ) {
        // Items built from a plan: a text, an amendment to the first text, a removal or an
        // appointment for one of three posts.
        let mut items: Vec<VoteItem> = Vec::new();
        for (i, (kind, post)) in plan.into_iter().enumerate() {
            let id = i as i64 + 1;
            let first_text = items.iter().find(|it| it.matter == Matter::Text).map(|it| it.id.0);
            items.push(match (kind, first_text) {
                (0, _) | (1, None) => text(id, "草案"),
                (1, Some(t)) => amendment(id, "修正案", t),
                (2, _) => personnel(id, "免职", Action::Remove, vec![nominee(id, PostId(post))]),
                _ => personnel(id, "任命", Action::Appoint, vec![nominee(id, PostId(post))]),
            });
        }
        let ordered = order(&items).expect("a valid list always orders");
        prop_assert!(check_order(&ordered).is_ok());
        let mut a = ids(&items);
        let mut b = ids(&ordered);
        a.sort();
        b.sort();
        prop_assert_eq!(a, b);
    }
}

// ---- appointment cases -----------------------------------------------------------------------

const TERM: Term = Term(17);
const COURT: OrgId = OrgId(40);

#[test]
fn every_proposer_reads_back_from_its_code() {
    for p in Proposer::ALL {
        assert_eq!(Proposer::from_code(p.code()), Some(p));
    }
    assert_eq!(Proposer::Supervision.label(), "监察委员会");
}

#[test]
fn a_case_is_filed_at_least_ten_days_before_the_meeting_by_default() {
    let meeting = date(2026, 12, 5);
    let days = Settings::default().filing_days;
    assert_eq!(filing_deadline(meeting, days), date(2026, 11, 25));
    assert!(check_filed(date(2026, 11, 25), meeting, days).is_ok());
    assert!(check_filed(date(2026, 11, 1), meeting, days).is_ok());
    let e = check_filed(date(2026, 11, 26), meeting, days).expect_err("nine days");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::FiledTooLate, Some("filed_on")));
    assert_eq!(
        e.message,
        "任免案应在会议举行10日前提请：本次会议于2026年12月5日举行，最迟应于2026年11月25日提请，该任免案2026年11月26日提请，请列入以后的会议。"
    );
    assert!(check_filed(date(2026, 11, 30), meeting, 5).is_ok(), "a congress may shorten the period");
}

#[test]
fn the_law_exam_pass_holds_for_the_term_and_the_organ_with_one_resit() {
    let sat = |term, organ, passed| ExamSitting { term, organ, sat_on: date(2026, 10, 20), passed };
    assert_eq!(check_sitting(&[], TERM, COURT), Ok(Attempt::First));
    let e = check_exam(true, &[], TERM, COURT).expect_err("never sat");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::ExamNotPassed);
    assert!(check_exam(false, &[], TERM, COURT).is_ok(), "a congress may not require the exam");

    let failed = [sat(TERM, COURT, false)];
    assert_eq!(check_sitting(&failed, TERM, COURT), Ok(Attempt::Resit));
    assert!(check_exam(true, &failed, TERM, COURT).expect_err("failed").message.contains("可补考一次"));

    let twice = [sat(TERM, COURT, false), sat(TERM, COURT, false)];
    let e = check_sitting(&twice, TERM, COURT).expect_err("no second resit");
    assert_eq!(e.code, ErrorCode::ExamNotAllowed);
    assert!(check_exam(true, &twice, TERM, COURT).expect_err("failed twice").message.contains("均未合格"));

    let passed = [sat(TERM, COURT, false), sat(TERM, COURT, true)];
    assert!(check_exam(true, &passed, TERM, COURT).is_ok());
    assert_eq!(check_sitting(&passed, TERM, COURT).expect_err("passed").code, ErrorCode::ExamNotAllowed);
    assert!(check_exam(true, &passed, Term(18), COURT).is_err(), "a pass holds for its term only");
    assert!(check_exam(true, &passed, TERM, OrgId(41)).is_err(), "moving to another organ means sitting again");
}

#[test]
fn a_failed_nomination_returns_only_after_six_months_and_a_second_failure_bars_it_for_the_term() {
    let s = Settings::default();
    let who = nominee(11, EDUCATION_HEAD);
    let failed = |on| FailedNomination { nominee: who, term: TERM, voted_on: on };
    let once = [failed(date(2026, 6, 1))];
    let e = check_renomination(&once, who, TERM, date(2026, 11, 30), &s).expect_err("within six months");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::NominationBarred);
    assert_eq!(
        e.message,
        "该人选任此职务的提名已于2026年6月1日未获通过，6个月内不能再次提请，最早可于2026年12月1日提请。"
    );
    assert!(check_renomination(&once, who, TERM, date(2026, 12, 1), &s).is_ok());
    assert!(check_renomination(&once, nominee(11, PostId(8)), TERM, date(2026, 7, 1), &s).is_ok(), "another post");
    assert!(check_renomination(&once, who, Term(18), date(2026, 7, 1), &s).is_ok(), "another term");

    let twice = [failed(date(2026, 6, 1)), failed(date(2025, 10, 1))];
    let e = check_renomination(&twice, who, TERM, date(2028, 1, 1), &s).expect_err("barred");
    assert!(e.message.contains("第十七届内已两次未获通过"), "{}", e.message);
    let lenient = Settings { bar_after_second_failure: false, ..s };
    assert!(check_renomination(&twice, who, TERM, date(2026, 12, 1), &lenient).is_ok());
    assert!(check_renomination(&twice, who, TERM, date(2026, 11, 1), &lenient).is_err(), "the last failure counts");
}

#[test]
fn a_removal_is_proposed_by_a_body_or_by_at_least_one_fifth_of_the_members() {
    assert_eq!((removal_signatures(27), removal_signatures(25), removal_signatures(5)), (6, 5, 1));
    for p in
        [Proposer::Government, Proposer::Supervision, Proposer::Court, Proposer::Procuratorate, Proposer::Directors]
    {
        assert!(check_removal_proposer(p, 0, 27).is_ok(), "{p:?}");
        assert!(check_appointment_proposer(p).is_ok(), "{p:?}");
    }
    assert!(check_removal_proposer(Proposer::Members, 6, 27).is_ok());
    let e = check_removal_proposer(Proposer::Members, 5, 27).expect_err("five of 27");
    assert_well_formed(&e);
    assert_eq!((e.code, e.field), (ErrorCode::RemovalTooFewSignatures, Some("signatures")));
    assert!(e.message.contains("至少须6人联名（现有5人）"), "{}", e.message);
    assert_eq!(check_appointment_proposer(Proposer::Members).expect_err("members").field, Some("proposer"));
}

#[test]
fn a_new_meeting_is_of_a_kind_its_congress_holds_titled_and_notified_in_time() {
    let s = Settings::default();
    let on = date(2026, 4, 28);
    let city = Some(CongressLevel::City);
    let kind = MeetingKind::StandingCommittee;
    let title = check_new_meeting(city, kind, "  第三十次会议 ", on, Some(date(2026, 4, 21)), &s);
    assert_eq!(title.expect("seven days ahead is in time"), "第三十次会议");
    assert!(check_new_meeting(city, kind, "第三十次会议", on, None, &s).is_ok(), "the notice may follow");
    let late = check_new_meeting(city, kind, "第三十次会议", on, Some(date(2026, 4, 22)), &s);
    assert_eq!(late.expect_err("six days").code, ErrorCode::NoticeTooShort);
    let township = Some(CongressLevel::Township);
    assert_eq!(check_new_meeting(township, kind, "会议", on, None, &s).expect_err("no committee").field, Some("kind"));
    assert!(check_new_meeting(township, MeetingKind::Presidium, "会议", on, None, &s).is_ok());
    assert!(check_new_meeting(city, MeetingKind::Presidium, "会议", on, None, &s).is_err());
    assert_eq!(
        check_new_meeting(None, kind, "会议", on, None, &s).expect_err("not a congress").field,
        Some("congress")
    );
    assert_eq!(check_new_meeting(city, kind, " ", on, None, &s).expect_err("untitled").field, Some("title"));
    let long = "会".repeat(MAX_TITLE + 1);
    assert!(check_new_meeting(city, kind, &long, on, None, &s).is_err());
}

#[test]
fn only_a_deputy_of_the_congress_sits_on_its_committee() {
    assert!(Membership::check_seat(true).is_ok());
    let e = Membership::check_seat(false).expect_err("no seat");
    assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("person")));
    assert!(e.message.contains("不是本级人大代表"), "{}", e.message);
}

#[test]
fn one_vote_is_open_at_a_time() {
    let item = |id, title: &str| VoteItem { id: VoteId(id), title: title.into(), matter: Matter::Text };
    let items = [item(1, "甲决议"), item(2, "乙决议")];
    assert!(check_none_open(&items, &BTreeSet::new(), VoteId(2)).is_ok());
    assert!(check_none_open(&items, &BTreeSet::from([VoteId(2)]), VoteId(2)).is_ok(), "itself is no other");
    let e = check_none_open(&items, &BTreeSet::from([VoteId(1)]), VoteId(2)).expect_err("甲 still open");
    assert_eq!(e.code, ErrorCode::VoteOutOfOrder);
    assert!(e.message.contains("“甲决议”的表决尚未结束"), "{}", e.message);
    assert_well_formed(&e);
}

#[test]
fn a_member_present_earns_the_archive_item_of_the_kind_of_meeting() {
    use super::attendance::{archive_credit, archive_source};
    use crate::archive::items::{ItemKind, SourceKind, check_source, parse_source};
    assert_eq!(archive_credit(MeetingKind::StandingCommittee), Some(ItemKind::MeetingAttended));
    assert_eq!(archive_credit(MeetingKind::Presidium), Some(ItemKind::MeetingAttended));
    assert_eq!(archive_credit(MeetingKind::Directors), Some(ItemKind::OtherActivity));
    assert_eq!(archive_credit(MeetingKind::Session), None, "a session counts its own half-day roll");
    let source = archive_source(crate::ids::MeetingId(5), PersonId(7));
    assert_eq!(source, "roll:5:7:meeting");
    assert_eq!(parse_source(&source), Some((SourceKind::Roll, 5)));
    assert!(check_source(&source).is_ok());
}

#[test]
fn an_exam_holds_across_government_departments_but_not_into_the_court() {
    use crate::org::{OrgKind, UnitKind};
    let city = OrgId(1);
    let dept = OrgKind::Unit(UnitKind::GovernmentDepartment);
    assert_eq!(exam_organ(dept, OrgId(10), city), exam_organ(dept, OrgId(11), city));
    let court = OrgKind::Unit(UnitKind::Court);
    assert_eq!(exam_organ(court, OrgId(12), city), OrgId(12));
    assert_ne!(exam_organ(court, OrgId(12), city), exam_organ(dept, OrgId(10), city));
    let procuratorate = OrgKind::Unit(UnitKind::Procuratorate);
    assert_ne!(exam_organ(procuratorate, OrgId(13), city), exam_organ(court, OrgId(12), city));
}
