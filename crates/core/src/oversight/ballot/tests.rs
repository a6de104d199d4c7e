use super::*;
use crate::liaison::assert_well_formed;
use proptest::prelude::*;

use Satisfaction::{Basic as B, Satisfied as S, Unsatisfied as U};

const HEALTH: SubjectId = SubjectId(1);
const TRANSPORT: SubjectId = SubjectId(2);

fn subjects() -> Vec<Subject> {
    vec![
        Subject { id: HEALTH, name: "市卫生健康委员会".into(), kind: SubjectKind::Department(OrgId(61)) },
        Subject { id: TRANSPORT, name: "市交通运输局".into(), kind: SubjectKind::Department(OrgId(62)) },
    ]
}

fn electorate(n: i64) -> BTreeSet<PersonId> {
    (1..=n).map(PersonId).collect()
}

fn open_ballot(n: i64) -> Ballot {
    Ballot::new(subjects(), electorate(n)).expect("valid").open().expect("opens")
}

fn both(health: Satisfaction, transport: Satisfaction) -> Vec<(SubjectId, Satisfaction)> {
    vec![(TRANSPORT, transport), (HEALTH, health)]
}

#[test]
fn a_second_ballot_by_the_same_deputy_is_refused() {
    let b = open_ballot(3);
    let first = cast(&b, &VoterRoll::default(), PersonId(1), &both(S, B)).expect("first vote");
    assert_eq!(first.ballot.choices(), &[S, B], "in the ballot's order, not the marks' order");
    let roll = VoterRoll::default().with(first.mark);
    let e = cast(&b, &roll, PersonId(1), &both(U, U)).expect_err("second vote");
    assert_well_formed(&e);
    assert_eq!((e.code, e.code.class()), (ErrorCode::AlreadyVoted, ErrorCode::IllegalTransition));
    assert!(cast(&b, &roll, PersonId(2), &both(U, U)).is_ok(), "another deputy still votes");
}

#[test]
fn a_deputy_not_entitled_is_refused() {
    let e = cast(&open_ballot(3), &VoterRoll::default(), PersonId(99), &both(S, S)).expect_err("not entitled");
    assert_well_formed(&e);
    assert_eq!((e.code, e.code.class()), (ErrorCode::NotEntitled, ErrorCode::Forbidden));
}

#[test]
fn ballots_are_taken_only_while_the_vote_is_open() {
    let prepared = Ballot::new(subjects(), electorate(3)).expect("valid");
    let roll = VoterRoll::default();
    assert_eq!(cast(&prepared, &roll, PersonId(1), &both(S, S)).map_err(|e| e.code), Err(ErrorCode::BallotNotOpen));
    let closed = prepared.open().and_then(|b| b.close()).expect("opened and closed");
    assert_eq!(cast(&closed, &roll, PersonId(1), &both(S, S)).map_err(|e| e.code), Err(ErrorCode::BallotNotOpen));
    assert_eq!(closed.open().map_err(|e| e.code), Err(ErrorCode::WrongState));
    for s in BallotState::ALL {
        assert_eq!(BallotState::from_code(s.code()), Some(s));
    }
    assert_eq!(prepared.close().map_err(|e| e.code), Err(ErrorCode::WrongState));
}

#[test]
fn a_ballot_covers_every_subject_exactly_once() {
    let b = open_ballot(3);
    let roll = VoterRoll::default();
    let e = cast(&b, &roll, PersonId(1), &[(HEALTH, S)]).expect_err("transport missing");
    assert_eq!(e.code, ErrorCode::SubjectNotMarked);
    assert!(e.message.contains("市交通运输局"));
    let e = cast(&b, &roll, PersonId(1), &[(HEALTH, S), (HEALTH, U), (TRANSPORT, B)]).expect_err("twice");
    assert_eq!(e.code, ErrorCode::SubjectMarkedTwice);
    let e = cast(&b, &roll, PersonId(1), &[(HEALTH, S), (TRANSPORT, B), (SubjectId(9), U)]).expect_err("unknown");
    assert_eq!(e.code, ErrorCode::UnknownSubject);
}

#[test]
fn turnout_and_rates_are_computed_exactly() {
    // 7 entitled, 6 vote. Health: 3 满意, 2 基本满意, 1 不满意. Transport: 1, 1, 4.
    let b = open_ballot(7);
    let votes = [(S, S), (S, B), (S, U), (B, U), (B, U), (U, U)];
    let mut roll = VoterRoll::default();
    let mut ballots = Vec::new();
    for (i, (h, t)) in votes.into_iter().enumerate() {
        let c = cast(&b, &roll, PersonId(i as i64 + 1), &both(h, t)).expect("vote");
        roll = roll.with(c.mark);
        ballots.push(c.ballot);
    }
    assert_eq!(
        tally(&b, &roll, &ballots).map_err(|e| e.code),
        Err(ErrorCode::BallotNotClosed),
        "no results while open"
    );
    let r = tally(&b.close().expect("closes"), &roll, &ballots).expect("tally");
    assert_eq!((r.electorate, r.cast, r.turnout), (7, 6, Ratio { num: 6, den: 7 }));
    assert_eq!(r.turnout.to_string(), "85.7%");
    let health = &r.subjects[0];
    assert_eq!((health.subject, health.satisfied, health.basic, health.unsatisfied), (HEALTH, 3, 2, 1));
    assert_eq!(health.satisfaction_rate, Ratio { num: 5, den: 6 });
    assert_eq!(health.satisfaction_rate.to_string(), "83.3%");
    assert_eq!(health.satisfied_rate.to_string(), "50.0%");
    let transport = &r.subjects[1];
    assert_eq!((transport.satisfied, transport.basic, transport.unsatisfied), (1, 1, 4));
    assert_eq!(transport.satisfaction_rate.per_mille(), Some(333));
}

#[test]
fn rates_round_half_up_and_an_empty_count_shows_a_dash() {
    assert_eq!(Ratio { num: 1, den: 8 }.to_string(), "12.5%");
    assert_eq!(Ratio { num: 1, den: 16 }.per_mille(), Some(63), "6.25% rounds up to 6.3%");
    assert_eq!(Ratio { num: 2, den: 3 }.to_string(), "66.7%");
    assert_eq!(Ratio { num: 3, den: 3 }.to_string(), "100.0%");
    assert_eq!(Ratio { num: 0, den: 0 }.to_string(), "—");
}

#[test]
fn a_tally_refuses_when_marks_and_ballots_disagree() {
    let b = open_ballot(3);
    let c = cast(&b, &VoterRoll::default(), PersonId(1), &both(S, S)).expect("vote");
    let closed = b.close().expect("closes");
    let e = tally(&closed, &VoterRoll::default(), &[c.ballot]).expect_err("a ballot without a mark");
    assert_eq!((e.code, e.code.class()), (ErrorCode::BallotCountMismatch, ErrorCode::Internal));
    assert!(SecretBallot::from_stored(&closed, vec![S]).is_err(), "one subject short");
    let stored = SecretBallot::from_stored(&closed, vec![S, U]).expect("read back");
    assert_eq!(tally(&closed, &VoterRoll::new([PersonId(2)]), &[stored]).map(|r| r.cast), Ok(1));
}

#[test]
fn a_ballot_needs_subjects_each_once_and_an_electorate() {
    assert_eq!(Ballot::new(vec![], electorate(3)).map_err(|e| e.code), Err(ErrorCode::NoSubjects));
    assert_eq!(Ballot::new(subjects(), BTreeSet::new()).map_err(|e| e.code), Err(ErrorCode::NoElectorate));
    let mut twice = subjects();
    twice[1].kind = twice[0].kind.clone();
    assert_eq!(Ballot::new(twice, electorate(3)).map_err(|e| e.code), Err(ErrorCode::DuplicateSubject));
    let reports = vec![
        Subject {
            id: SubjectId(1), name: "关于优化营商环境工作情况的报告".into(), kind: SubjectKind::Report
        },
        Subject {
            id: SubjectId(2), name: "关于生态环境保护工作情况的报告".into(), kind: SubjectKind::Report
        },
    ];
    assert!(Ballot::new(reports, electorate(3)).is_ok(), "two reports are two subjects");
    let mut blank = subjects();
    blank[0].name = " ".into();
    assert_eq!(Ballot::new(blank, electorate(3)).map_err(|e| e.code), Err(ErrorCode::SubjectName));
}

fn any_choice() -> impl Strategy<Value = Satisfaction> {
    prop_oneof![Just(S), Just(B), Just(U)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// However deputies (entitled or not, again and again) try, each entitled deputy counts at
    /// most once, and every subject's counts add up to the ballots cast.
    #[test]
    fn each_entitled_deputy_counts_at_most_once(
        attempts in proptest::collection::vec((1i64..15, any_choice(), any_choice()), 0..60),
    ) {
        let b = open_ballot(10);
        let mut roll = VoterRoll::default();
        let mut ballots = Vec::new();
        for (voter, h, t) in attempts {
            match cast(&b, &roll, PersonId(voter), &both(h, t)) {
                Ok(c) => {
                    prop_assert!(voter <= 10 && !roll.has_voted(PersonId(voter)));
                    roll = roll.with(c.mark);
                    ballots.push(c.ballot);
                }
                Err(e) => {
                    assert_well_formed(&e);
                    prop_assert!(voter > 10 || roll.has_voted(PersonId(voter)));
                }
            }
        }
        let r = tally(&b.close().expect("closes"), &roll, &ballots).expect("tally");
        prop_assert_eq!(r.cast as usize, roll.len());
        prop_assert!(r.cast <= r.electorate);
        for s in r.subjects {
            prop_assert_eq!(s.satisfied + s.basic + s.unsatisfied, r.cast);
            prop_assert!(s.satisfaction_rate.per_mille().is_none_or(|p| p <= 1000));
        }
    }
}

#[test]
fn a_new_ballot_needs_a_title_an_order_of_days_and_its_own_congresses_departments() {
    let (open, close) = (jiff::civil::date(2026, 6, 1), jiff::civil::date(2026, 6, 10));
    assert_eq!(check_new(" 2026年度部门工作评议 ", open, close, &[true, true]).as_deref(), Ok("2026年度部门工作评议"));
    assert_eq!(check_new("  ", open, close, &[]).expect_err("untitled").field, Some("title"));
    assert_eq!(check_new(&"评".repeat(101), open, close, &[]).expect_err("long").field, Some("title"));
    assert_eq!(check_new("评议", close, open, &[]).expect_err("closes first").field, Some("closes_on"));
    let e = check_new("评议", open, close, &[true, false]).expect_err("another congress's department");
    assert_eq!((e.field, e.message.as_str()), (Some("departments"), "评议对象须为本级人大监督的部门"));
}

#[test]
fn the_non_voters_are_reminded_while_open_once_a_day_and_only_if_any() {
    assert!(check_reminder(BallotState::Open, false, 3).is_ok());
    assert_eq!(check_reminder(BallotState::Prepared, false, 3).expect_err("not open").code, ErrorCode::WrongState);
    assert_eq!(check_reminder(BallotState::Closed, false, 3).expect_err("closed").code, ErrorCode::WrongState);
    assert_eq!(check_reminder(BallotState::Open, true, 3).expect_err("twice").code, ErrorCode::AlreadyReminded);
    assert_eq!(check_reminder(BallotState::Open, false, 0).expect_err("all voted").code, ErrorCode::AllVoted);
}

#[test]
fn only_a_deputy_votes_and_only_once_the_ballot_opened() {
    use crate::policy::Role;
    assert_eq!(voter(Role::Deputy { person: PersonId(7) }), Ok(PersonId(7)));
    assert!(voter(Role::Staff { congress: OrgId(1) }).is_err() && voter(Role::Public).is_err());
    assert_eq!(check_opened(BallotState::Prepared, true).expect_err("prepared").code, ErrorCode::BallotNotOpen);
    assert_eq!(check_opened(BallotState::Open, false).expect_err("no roll").code, ErrorCode::BallotNotOpen);
    assert!(check_opened(BallotState::Open, true).is_ok());
    assert!(check_open(BallotState::Prepared).is_ok() && check_open(BallotState::Open).is_err());
    assert!(check_close(BallotState::Prepared).is_err() && check_close(BallotState::Open).is_ok());
    assert_eq!(check_results(false).expect_err("never opened").code, ErrorCode::BallotNotClosed);
}
