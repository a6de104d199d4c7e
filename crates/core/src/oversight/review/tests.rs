use super::*;
use crate::ErrorCode;
use crate::liaison::assert_well_formed;
use jiff::civil::date;
use proptest::prelude::*;

const BODY: OrgId = OrgId(30);
const TODAY: Date = date(2026, 3, 31);

fn cx() -> Context {
    Context { today: TODAY, settings: ReviewSettings::default() }
}

fn ok(f: &Facts, actor: Standing, cmd: Command) -> Facts {
    next_facts(f, actor, &cmd, &cx()).unwrap_or_else(|e| panic!("{cmd:?} by {actor:?} refused: {e}"))
}

fn sent() -> Facts {
    let f = ok(&Facts::drafted(BODY), Standing::DirectorsMeeting, Command::Approve);
    ok(&f, Standing::Office, Command::Send { on: TODAY })
}

fn commented() -> Facts {
    let f = ok(&sent(), Standing::Body(BODY), Command::SubmitReport);
    ok(&f, Standing::Committee, Command::Comment { text: "整改措施基本落实，建议持续跟踪".into() })
}

fn in_state(state: ReviewState) -> Facts {
    let voting = || ok(&commented(), Standing::DirectorsMeeting, Command::PutToVote);
    let f = match state {
        S::Drafted => Facts::drafted(BODY),
        S::Approved => ok(&Facts::drafted(BODY), Standing::DirectorsMeeting, Command::Approve),
        S::Sent => sent(),
        S::Reported => ok(&sent(), Standing::Body(BODY), Command::SubmitReport),
        S::Commented => commented(),
        S::Voting => voting(),
        S::Voted => ok(&voting(), Standing::Office, Command::RecordVote { result: VoteResult::Satisfied }),
        S::Closed => ok(&commented(), Standing::DirectorsMeeting, Command::Close),
    };
    assert_eq!(f.state, state);
    f
}

fn valid(kind: CommandKind) -> (Standing, Command) {
    match kind {
        CommandKind::Approve => (Standing::DirectorsMeeting, Command::Approve),
        CommandKind::Send => (Standing::Office, Command::Send { on: TODAY }),
        CommandKind::SubmitReport => (Standing::Body(BODY), Command::SubmitReport),
        CommandKind::Comment => (Standing::Committee, Command::Comment { text: "同意".into() }),
        CommandKind::PutToVote => (Standing::DirectorsMeeting, Command::PutToVote),
        CommandKind::RecordVote => (Standing::Office, Command::RecordVote { result: VoteResult::Unsatisfied }),
        CommandKind::OrderFollowUp => {
            (Standing::DirectorsMeeting, Command::OrderFollowUp { on: TODAY, reason: "整改不到位".into() })
        }
        CommandKind::Close => (Standing::DirectorsMeeting, Command::Close),
        CommandKind::Publish => (Standing::Office, Command::Publish),
    }
}

#[test]
fn every_command_has_exactly_one_rule_and_states_have_stable_codes() {
    for kind in CommandKind::ALL {
        assert_eq!(RULES.iter().filter(|r| r.command == kind).count(), 1, "{kind:?}");
    }
    for s in ReviewState::ALL {
        assert_eq!(ReviewState::from_code(s.code()), Some(s));
    }
    for v in VoteResult::ALL {
        assert_eq!(VoteResult::from_code(v.code()), Some(v));
    }
}

#[test]
fn every_edge_of_the_table_is_taken_by_its_command() {
    for rule in RULES {
        for from in rule.from {
            let f = in_state(*from);
            let (actor, cmd) = valid(rule.command);
            let next = next_facts(&f, actor, &cmd, &cx()).unwrap_or_else(|e| panic!("{rule:?} from {from:?}: {e}"));
            assert_eq!(next.state, rule.to.unwrap_or(*from), "{rule:?} from {from:?}");
        }
    }
}

#[test]
fn every_command_outside_its_states_is_refused_and_the_facts_stay_as_they_were() {
    for rule in RULES {
        for state in ReviewState::ALL.into_iter().filter(|s| !rule.from.contains(s)) {
            let f = in_state(state);
            let before = f.clone();
            let (actor, cmd) = valid(rule.command);
            let e = next_facts(&f, actor, &cmd, &cx()).expect_err("outside its states");
            assert_well_formed(&e);
            assert_eq!(
                (e.code, e.code.class()),
                (ErrorCode::WrongState, ErrorCode::IllegalTransition),
                "{rule:?} in {state:?}"
            );
            assert_eq!(f, before);
        }
    }
}

#[test]
fn only_the_issuer_in_the_table_may_give_a_command_and_only_the_body_overseen_reports() {
    let all = [Standing::Committee, Standing::DirectorsMeeting, Standing::Office, Standing::Body(BODY)];
    for rule in RULES {
        let f = in_state(rule.from[0]);
        for actor in all.into_iter().filter(|a| a.role() != rule.by) {
            assert_eq!(check(&f, actor, rule.command).map_err(|e| e.code), Err(ErrorCode::NotPermitted), "{rule:?}");
        }
    }
    let e = check(&sent(), Standing::Body(OrgId(31)), CommandKind::SubmitReport).expect_err("another body");
    assert_eq!((e.code, e.code.class()), (ErrorCode::NotTheBodyOverseen, ErrorCode::Forbidden));
}

#[test]
fn a_deadline_setting_outside_two_to_six_months_is_refused() {
    for m in [2, 3, 6] {
        assert_eq!(ReviewSettings::new(m).map(ReviewSettings::report_months), Ok(m));
    }
    for m in [-1, 0, 1, 7, 12] {
        let e = ReviewSettings::new(m).expect_err("outside the range");
        assert_well_formed(&e);
        assert_eq!(e.code, ErrorCode::ReportMonthsOutOfRange);
        assert!(e.message.contains("2至6个月"));
    }
    assert_eq!(ReviewSettings::try_from(7).map(i32::from).map_err(|e| e.code), Err(ErrorCode::ReportMonthsOutOfRange));
    assert_eq!(ReviewSettings::default().report_months(), 3);
}

#[test]
fn the_due_date_counts_calendar_months_from_sending_and_overdue_starts_the_day_after() {
    let two = Context { today: date(2025, 12, 31), settings: ReviewSettings::new(2).expect("2") };
    let f = next_facts(&Facts::drafted(BODY), Standing::DirectorsMeeting, &Command::Approve, &two).expect("approved");
    let f = next_facts(&f, Standing::Office, &Command::Send { on: date(2025, 12, 31) }, &two).expect("sent");
    assert_eq!(f.due_on, Some(date(2026, 2, 28)), "clamped to the end of February");
    assert_eq!(f.days_left(date(2026, 2, 28)), Some(0));
    assert!(!f.is_overdue(date(2026, 2, 28)), "the due day itself is in time");
    assert!(f.is_overdue(date(2026, 3, 1)));
    let reported = ok(&f, Standing::Body(BODY), Command::SubmitReport);
    assert!(!reported.is_overdue(date(2026, 6, 1)), "the report stops the clock");
    assert!(reported.reported_late(), "reported on 2026-03-31, after 02-28");
    assert!(!in_state(S::Approved).is_overdue(date(2030, 1, 1)));
}

#[test]
fn a_handling_report_answers_it_and_the_committee_comment_lets_it_close() {
    let f = sent();
    assert_eq!((f.sent_on, f.due_on), (Some(TODAY), Some(date(2026, 6, 30))));
    let f = ok(&f, Standing::Body(BODY), Command::SubmitReport);
    let e = next_facts(&f, Standing::Committee, &Command::Comment { text: " ".into() }, &cx()).expect_err("blank");
    assert_eq!(e.code, ErrorCode::CommentRequired);
    let f = ok(&f, Standing::Committee, Command::Comment { text: "同意".into() });
    let f = ok(&f, Standing::DirectorsMeeting, Command::Close);
    assert_eq!((f.state, f.vote, f.follow_ups), (S::Closed, None, 0));
}

#[test]
fn an_unsatisfied_vote_is_followed_up_with_a_new_deadline_not_closed() {
    let f = ok(&commented(), Standing::DirectorsMeeting, Command::PutToVote);
    let f = ok(&f, Standing::Office, Command::RecordVote { result: VoteResult::Unsatisfied });
    let e = next_facts(&f, Standing::DirectorsMeeting, &Command::Close, &cx()).expect_err("unsatisfied");
    assert_eq!(e.code, ErrorCode::UnsatisfiedVoteNeedsFollowUp);
    assert_eq!(permitted(&f, Standing::DirectorsMeeting), vec![CommandKind::OrderFollowUp]);
    let later = Context { today: date(2026, 4, 15), ..cx() };
    let f = next_facts(
        &f,
        Standing::DirectorsMeeting,
        &Command::OrderFollowUp { on: date(2026, 4, 15), reason: "整改不到位".into() },
        &later,
    )
    .expect("follow-up");
    assert_eq!((f.state, f.due_on, f.vote, f.follow_ups), (S::Sent, Some(date(2026, 7, 15)), None, 1));
    assert!(f.is_overdue(date(2026, 7, 16)));
}

#[test]
fn a_satisfied_vote_closes_it() {
    let f = in_state(S::Voted);
    assert_eq!(f.vote, Some(VoteResult::Satisfied));
    assert_eq!(ok(&f, Standing::DirectorsMeeting, Command::Close).state, S::Closed);
}

#[test]
fn dates_in_the_future_or_before_approval_are_refused() {
    let approved = in_state(S::Approved);
    let e =
        next_facts(&approved, Standing::Office, &Command::Send { on: date(2026, 4, 1) }, &cx()).expect_err("future");
    assert_eq!((e.code, e.code.class()), (ErrorCode::DateInFuture, ErrorCode::InvalidInput));
    let e =
        next_facts(&approved, Standing::Office, &Command::Send { on: date(2026, 3, 30) }, &cx()).expect_err("early");
    assert_eq!(e.code, ErrorCode::SentBeforeApproval);
}

#[test]
fn only_a_sent_opinion_is_published_and_only_once() {
    for s in [S::Drafted, S::Approved] {
        let e = check(&in_state(s), Standing::Office, CommandKind::Publish).expect_err("not sent");
        assert_eq!(e.code, ErrorCode::WrongState);
        assert!(!s.is_sent());
    }
    let f = ok(&sent(), Standing::Office, Command::Publish);
    assert!(f.published);
    assert_eq!(check(&f, Standing::Office, CommandKind::Publish).map_err(|e| e.code), Err(ErrorCode::AlreadyPublished));
    let closed = ok(&in_state(S::Closed), Standing::Office, Command::Publish);
    assert!(closed.published && closed.state == S::Closed);
}

// ---- properties ------------------------------------------------------------------------------

fn any_actor() -> impl Strategy<Value = Standing> {
    prop_oneof![
        Just(Standing::Committee),
        Just(Standing::DirectorsMeeting),
        Just(Standing::Office),
        Just(Standing::Body(BODY)),
        Just(Standing::Body(OrgId(31))),
    ]
}

fn any_date() -> impl Strategy<Value = Date> {
    (-60i32..10).prop_map(|d| TODAY.checked_add(jiff::Span::new().days(d)).unwrap_or(TODAY))
}

fn any_command() -> impl Strategy<Value = Command> {
    let text = prop_oneof![Just(String::new()), Just("意见".to_owned())];
    prop_oneof![
        Just(Command::Approve),
        any_date().prop_map(|on| Command::Send { on }),
        Just(Command::SubmitReport),
        text.clone().prop_map(|text| Command::Comment { text }),
        Just(Command::PutToVote),
        prop_oneof![Just(VoteResult::Satisfied), Just(VoteResult::Unsatisfied)]
            .prop_map(|result| Command::RecordVote { result }),
        (any_date(), text).prop_map(|(on, reason)| Command::OrderFollowUp { on, reason }),
        Just(Command::Close),
        Just(Command::Publish),
    ]
}

fn consistent(f: &Facts, settings: ReviewSettings) -> Result<(), String> {
    let fail = |m: &str| Err(format!("{m}: {f:?}"));
    if f.published && !f.state.is_sent() {
        return fail("published before it was sent");
    }
    if f.state.is_sent() && (f.sent_on.is_none() || f.due_on.is_none() || f.approved_on.is_none()) {
        return fail("sent without a date, a deadline or an approval");
    }
    if f.sent_on.zip(f.due_on).is_some_and(|(s, d)| d != settings.due(s)) {
        return fail("a deadline not the setting's months after sending");
    }
    if matches!(f.state, S::Reported | S::Commented | S::Voting | S::Voted) && f.reported_on.is_none() {
        return fail("past the report without one");
    }
    if (f.state == S::Voted) != f.vote.is_some() && f.state != S::Closed {
        return fail("a vote outside the voted state");
    }
    if f.state == S::Closed && f.vote == Some(VoteResult::Unsatisfied) {
        return fail("closed after an unsatisfied vote");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_state(
        steps in proptest::collection::vec((any_actor(), any_command()), 1..40),
    ) {
        let cx = cx();
        let mut f = Facts::drafted(BODY);
        for (actor, cmd) in steps {
            let before = f.clone();
            match next_facts(&f, actor, &cmd, &cx) {
                Ok(next) => {
                    prop_assert!(permitted(&before, actor).contains(&cmd.kind()));
                    if let Err(m) = consistent(&next, cx.settings) { return Err(TestCaseError::fail(m)); }
                    f = next;
                }
                Err(refusal) => {
                    assert_well_formed(&refusal);
                    if check(&before, actor, cmd.kind()).is_ok() {
                        prop_assert_eq!(refusal.code.class(), ErrorCode::InvalidInput, "a permitted command fails only on its payload");
                    }
                    prop_assert_eq!(&f, &before);
                }
            }
            if f.state == S::Closed {
                let only_publish = if f.published { vec![] } else { vec![CommandKind::Publish] };
                prop_assert_eq!(permitted(&f, Standing::Office), only_publish);
                prop_assert!(permitted(&f, Standing::DirectorsMeeting).is_empty());
            }
        }
    }
}

#[test]
fn staff_of_its_own_congress_act_as_whom_the_command_names_and_a_unit_as_the_body() {
    use crate::policy::Role as P;
    let city = OrgId(1);
    let staff = P::Staff { congress: city };
    assert_eq!(standing_of(staff, city, CommandKind::Approve), Ok(Standing::DirectorsMeeting));
    assert_eq!(standing_of(staff, city, CommandKind::Comment), Ok(Standing::Committee));
    assert_eq!(standing_of(staff, city, CommandKind::Send), Ok(Standing::Office));
    assert_eq!(standing_of(P::Unit { unit: BODY }, city, CommandKind::SubmitReport), Ok(Standing::Body(BODY)));
    for other in [P::Staff { congress: OrgId(2) }, P::Admin, P::Public, P::Deputy { person: crate::ids::PersonId(5) }] {
        assert!(standing_of(other, city, CommandKind::Approve).is_err(), "{other:?}");
    }
}

#[test]
fn a_draft_needs_a_form_that_yields_opinions_a_body_and_its_text() {
    let (facts, text) = draft(OversightForm::SpecialWorkReport, Some(BODY), "  一、加快建设。 ").expect("drafted");
    assert_eq!((facts, text.as_str()), (Facts::drafted(BODY), "一、加快建设。"));
    assert_eq!(draft(OversightForm::Inquiry, Some(BODY), "x").expect_err("no opinions").field, Some("item"));
    assert_eq!(draft(OversightForm::SpecialWorkReport, None, "x").expect_err("no body").field, Some("body"));
    let e = draft(OversightForm::SpecialWorkReport, Some(BODY), " ").expect_err("empty");
    assert_eq!((e.field, e.message.as_str()), (Some("text"), "请填写审议意见"));
}

#[test]
fn a_command_writes_its_own_text_trimmed_and_bounded() {
    let out = transition(&sent(), Standing::Body(BODY), &Command::SubmitReport, Some(" 已整改。 "), &cx()).expect("ok");
    assert_eq!(out.texts, Texts { report: Some("已整改。".into()), ..Texts::default() });
    assert_eq!(out.facts.state, ReviewState::Reported);
    let e = transition(&sent(), Standing::Body(BODY), &Command::SubmitReport, None, &cx()).expect_err("no report");
    assert_eq!((e.field, e.message.as_str()), (Some("report"), "请填写研究处理情况报告"));
    let reported = ok(&sent(), Standing::Body(BODY), Command::SubmitReport);
    let long = Command::Comment { text: "字".repeat(5_001) };
    assert_eq!(
        transition(&reported, Standing::Committee, &long, None, &cx()).expect_err("long").field,
        Some("comment")
    );
    let out = transition(&in_state(ReviewState::Drafted), Standing::DirectorsMeeting, &Command::Approve, None, &cx())
        .expect("approved");
    assert_eq!(out.texts, Texts::default(), "approval writes no text");
}
