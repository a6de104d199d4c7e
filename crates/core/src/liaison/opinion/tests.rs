use super::*;
use crate::ErrorCode;
use crate::liaison::assert_well_formed;
use jiff::civil::date;
use proptest::prelude::*;

const TODAY: Date = date(2026, 3, 2);
const UNIT: OrgId = OrgId(40);
const OTHER_UNIT: OrgId = OrgId(41);
const CONGRESS: OrgId = OrgId(1);

/// What the store would load for `cmd`: the unit it names a handling unit of the opinion's
/// congress, the suggestion it names of the same congress.
fn cx_for(cmd: &Command) -> Context {
    let mut cx = Context::new(CONGRESS, TODAY);
    match cmd {
        Command::Forward { unit, .. } => {
            cx.unit = Some(UnitFound { id: *unit, is_unit: true, congress: Some(CONGRESS) });
        }
        Command::ConvertToSuggestion { suggestion } => {
            cx.suggestion = Some(SuggestionFound { id: *suggestion, congress: CONGRESS });
        }
        _ => {}
    }
    cx
}

/// [`transition`] in the context the store would load, for its facts.
fn step(f: &Facts, actor: Standing, cmd: &Command, today: Date) -> Result<Facts, Refusal> {
    transition(f, actor, cmd, &Context { today, ..cx_for(cmd) }).map(|o| o.facts)
}

fn receipt() -> ReceiptCode {
    ReceiptCode::from_random([9; 16])
}

fn citizen() -> Standing {
    Standing::Citizen(receipt())
}

fn fresh() -> Facts {
    Facts::received(Channel::Online, receipt(), date(2026, 3, 1))
}

fn ok(f: &Facts, actor: Standing, cmd: Command) -> Facts {
    step(f, actor, &cmd, TODAY).unwrap_or_else(|e| panic!("{cmd:?} by {actor:?} refused: {e}"))
}

fn forwarded() -> Facts {
    ok(&fresh(), Standing::Staff, Command::Forward { unit: UNIT, due: date(2026, 3, 31) })
}

/// Facts in `state`, reached by accepted commands only.
fn in_state(state: OpinionState) -> Facts {
    let answered = || ok(&forwarded(), Standing::Unit(UNIT), Command::UnitAnswer { answer: "已安排维修".into() });
    let fed_back = || ok(&answered(), Standing::Staff, Command::FeedBack { method: FeedbackMethod::Phone });
    let f = match state {
        S::Received => fresh(),
        S::AnsweredOnSpot => ok(&fresh(), Standing::Staff, Command::AnswerOnSpot { answer: "已当场解释政策".into() }),
        S::Forwarded => forwarded(),
        S::UnitAnswered => answered(),
        S::FedBack => fed_back(),
        S::Closed => ok(&fed_back(), Standing::Staff, Command::Close),
        S::Converted => ok(&fresh(), Standing::Staff, Command::ConvertToSuggestion { suggestion: SuggestionRef(7) }),
        S::Rejected => ok(
            &fresh(),
            Standing::Staff,
            Command::Reject { reason: RejectionReason::JudicialCase, note: String::new() },
        ),
    };
    assert_eq!(f.state, state);
    f
}

/// An accepted payload for each command, given by the right actor.
fn valid(kind: CommandKind) -> (Standing, Command) {
    match kind {
        CommandKind::AnswerOnSpot => (Standing::Staff, Command::AnswerOnSpot { answer: "已当场答复".into() }),
        CommandKind::Forward => (Standing::Staff, Command::Forward { unit: UNIT, due: TODAY }),
        CommandKind::ConvertToSuggestion => {
            (Standing::Staff, Command::ConvertToSuggestion { suggestion: SuggestionRef(12) })
        }
        CommandKind::Reject => {
            (Standing::Staff, Command::Reject { reason: RejectionReason::InProceedings, note: String::new() })
        }
        CommandKind::UnitAnswer => (Standing::Unit(UNIT), Command::UnitAnswer { answer: "已完成整改".into() }),
        CommandKind::UnitReturn => (Standing::Unit(UNIT), Command::UnitReturn { reason: "不属于本单位职责".into() }),
        CommandKind::FeedBack => (Standing::Staff, Command::FeedBack { method: FeedbackMethod::Online }),
        CommandKind::Rate => (citizen(), Command::Rate { rating: Satisfaction::Basic, comment: String::new() }),
        CommandKind::Close => (Standing::Staff, Command::Close),
    }
}

#[test]
fn every_command_has_exactly_one_rule() {
    for kind in CommandKind::ALL {
        assert_eq!(RULES.iter().filter(|r| r.command == kind).count(), 1, "{kind:?}");
    }
    for s in OpinionState::ALL {
        assert_eq!(OpinionState::from_code(s.code()), Some(s));
    }
    for c in Channel::ALL {
        assert_eq!(Channel::from_code(c.code()), Some(c));
    }
    for m in FeedbackMethod::ALL {
        assert_eq!(FeedbackMethod::from_code(m.code()), Some(m));
    }
}

#[test]
fn every_edge_of_the_table_is_taken_by_its_command() {
    for rule in RULES {
        for from in rule.from {
            let f = in_state(*from);
            let (actor, cmd) = valid(rule.command);
            let next = step(&f, actor, &cmd, TODAY).unwrap_or_else(|e| panic!("{rule:?} from {from:?}: {e}"));
            assert_eq!(next.state, rule.to.unwrap_or(*from), "{rule:?} from {from:?}");
        }
    }
}

#[test]
fn every_command_outside_its_states_is_refused_and_the_facts_stay_as_they_were() {
    for rule in RULES {
        for state in OpinionState::ALL.into_iter().filter(|s| !rule.from.contains(s)) {
            let f = in_state(state);
            let before = f.clone();
            let (actor, cmd) = valid(rule.command);
            let e = step(&f, actor, &cmd, TODAY).expect_err("outside its states");
            assert_well_formed(&e);
            assert!(
                matches!(e.code, ErrorCode::WrongState | ErrorCode::NotForwardedToUnit),
                "{rule:?} in {state:?}: {e:?}"
            );
            assert_eq!(f, before);
        }
    }
}

#[test]
fn only_the_issuer_in_the_table_may_give_a_command() {
    let all = [citizen(), Standing::Staff, Standing::Unit(UNIT)];
    for rule in RULES {
        let f = in_state(rule.from[0]);
        for actor in all.into_iter().filter(|a| a.role() != rule.by) {
            let e = check(&f, actor, rule.command).expect_err("wrong role");
            assert_eq!(
                (e.code, e.code.class()),
                (ErrorCode::NotPermitted, ErrorCode::Forbidden),
                "{rule:?} by {actor:?}"
            );
        }
    }
}

#[test]
fn an_online_opinion_goes_to_a_unit_and_back_to_the_citizen_who_rates_it_once() {
    let f = forwarded();
    assert_eq!((f.forwarded_to, f.forwarded_on, f.due_on), (Some(UNIT), Some(TODAY), Some(date(2026, 3, 31))));
    let f = ok(&f, Standing::Unit(UNIT), Command::UnitAnswer { answer: "路灯已于3月5日修复".into() });
    let early = step(&f, citizen(), &Command::Rate { rating: Satisfaction::Satisfied, comment: String::new() }, TODAY)
        .expect_err("not fed back yet");
    assert_eq!(early.code, ErrorCode::WrongState);
    let f = ok(&f, Standing::Staff, Command::FeedBack { method: FeedbackMethod::Phone });
    assert_eq!((f.state, f.fed_back_on), (OpinionState::FedBack, Some(TODAY)));
    let f = ok(&f, citizen(), Command::Rate { rating: Satisfaction::Satisfied, comment: "感谢".into() });
    assert_eq!((f.state, f.rating), (OpinionState::FedBack, Some(Satisfaction::Satisfied)));
    let twice =
        step(&f, citizen(), &Command::Rate { rating: Satisfaction::Unsatisfied, comment: String::new() }, TODAY)
            .expect_err("rated already");
    assert_eq!((twice.code, twice.code.class()), (ErrorCode::AlreadyRated, ErrorCode::IllegalTransition));
    assert_eq!(ok(&f, Standing::Staff, Command::Close).state, OpinionState::Closed);
}

#[test]
fn only_the_holder_of_the_receipt_code_rates() {
    let f = in_state(OpinionState::AnsweredOnSpot);
    let stranger = Standing::Citizen(ReceiptCode::from_random([10; 16]));
    let e = check(&f, stranger, CommandKind::Rate).expect_err("another code");
    assert_eq!((e.code, e.code.class()), (ErrorCode::ReceiptMismatch, ErrorCode::Forbidden));
    assert_eq!(permitted(&f, citizen()), vec![CommandKind::Rate]);
    assert!(permitted(&f, stranger).is_empty());
}

#[test]
fn a_unit_answers_only_an_opinion_forwarded_to_it() {
    let f = forwarded();
    let e = step(&f, Standing::Unit(OTHER_UNIT), &Command::UnitAnswer { answer: "已办理".into() }, TODAY)
        .expect_err("not its opinion");
    assert_eq!((e.code, e.code.class()), (ErrorCode::NotForwardedToUnit, ErrorCode::Forbidden));
    let e = check(&fresh(), Standing::Unit(UNIT), CommandKind::UnitAnswer).expect_err("never forwarded");
    assert_eq!(e.code, ErrorCode::NotForwardedToUnit);
    assert_eq!(permitted(&f, Standing::Unit(UNIT)), vec![CommandKind::UnitAnswer, CommandKind::UnitReturn]);
    assert!(permitted(&f, Standing::Unit(OTHER_UNIT)).is_empty());
}

#[test]
fn a_due_date_before_today_is_refused_but_today_is_accepted() {
    let yesterday = date(2026, 3, 1);
    let e = step(&fresh(), Standing::Staff, &Command::Forward { unit: UNIT, due: yesterday }, TODAY)
        .expect_err("in the past");
    assert_eq!((e.code, e.code.class()), (ErrorCode::DueBeforeToday, ErrorCode::InvalidInput));
    assert_eq!(ok(&fresh(), Standing::Staff, Command::Forward { unit: UNIT, due: TODAY }).due_on, Some(TODAY));
}

#[test]
fn a_forwarded_opinion_is_overdue_from_the_day_after_its_due_date() {
    let f = forwarded();
    assert_eq!(f.days_left(date(2026, 3, 31)), Some(0));
    assert!(!f.is_overdue(date(2026, 3, 31)), "the due day itself is in time");
    assert!(f.is_overdue(date(2026, 4, 1)));
    assert_eq!(f.days_left(date(2026, 4, 3)), Some(-3));
    let answered = ok(&f, Standing::Unit(UNIT), Command::UnitAnswer { answer: "已答复".into() });
    assert!(!answered.is_overdue(date(2026, 5, 1)), "answered: no deadline runs");
    assert!(!fresh().is_overdue(date(2027, 1, 1)));
}

#[test]
fn a_returned_opinion_is_sorted_again_and_forwarded_elsewhere() {
    let f = ok(&forwarded(), Standing::Unit(UNIT), Command::UnitReturn { reason: "属于区住建局职责".into() });
    assert_eq!((f.state, f.forwarded_to, f.due_on, f.returns), (OpinionState::Received, None, None, 1));
    let blank = step(&forwarded(), Standing::Unit(UNIT), &Command::UnitReturn { reason: " ".into() }, TODAY)
        .expect_err("no reason");
    assert_eq!(blank.code, ErrorCode::ReasonRequired);
    let f = ok(&f, Standing::Staff, Command::Forward { unit: OTHER_UNIT, due: date(2026, 4, 15) });
    assert!(check(&f, Standing::Unit(UNIT), CommandKind::UnitAnswer).is_err(), "the first unit lost it");
    assert!(check(&f, Standing::Unit(OTHER_UNIT), CommandKind::UnitAnswer).is_ok());
}

#[test]
fn a_rejection_needs_a_reason_and_tells_where_to_turn() {
    let e =
        step(&fresh(), Standing::Staff, &Command::Reject { reason: RejectionReason::Other, note: "".into() }, TODAY)
            .expect_err("other without a note");
    assert_eq!((e.code, e.code.class()), (ErrorCode::ReasonRequired, ErrorCode::InvalidInput));
    let f =
        ok(&fresh(), Standing::Staff, Command::Reject { reason: RejectionReason::JudicialCase, note: String::new() });
    assert_eq!((f.state, f.rejection), (OpinionState::Rejected, Some(RejectionReason::JudicialCase)));
    let redirect = RejectionReason::JudicialCase.redirect().expect("has a redirect");
    assert!(redirect.contains("人民法院") && redirect.contains("信访"), "{redirect}");
    for r in RejectionReason::ALL {
        assert_eq!(RejectionReason::from_code(r.code()), Some(r));
        assert_eq!(r.redirect().is_none(), r == RejectionReason::Other);
    }
}

#[test]
fn a_converted_opinion_carries_its_suggestion_and_nothing_more_happens() {
    let f = ok(&fresh(), Standing::Staff, Command::ConvertToSuggestion { suggestion: SuggestionRef(77) });
    assert_eq!((f.state, f.suggestion), (OpinionState::Converted, Some(SuggestionRef(77))));
    for a in [citizen(), Standing::Staff, Standing::Unit(UNIT)] {
        assert!(permitted(&f, a).is_empty());
    }
}

#[test]
fn empty_answers_are_refused() {
    let e = step(&fresh(), Standing::Staff, &Command::AnswerOnSpot { answer: "\t".into() }, TODAY).expect_err("blank");
    assert_eq!(e.code, ErrorCode::AnswerRequired);
    let e = step(&forwarded(), Standing::Unit(UNIT), &Command::UnitAnswer { answer: String::new() }, TODAY)
        .expect_err("blank");
    assert_eq!(e.code, ErrorCode::AnswerRequired);
}

#[test]
fn staff_of_its_own_congress_and_the_unit_it_went_to_handle_it_and_no_one_else() {
    use crate::ids::PersonId;
    use crate::policy::Role as R;
    assert_eq!(standing_of(R::Staff { congress: CONGRESS }, CONGRESS, None), Some(Standing::Staff));
    assert_eq!(standing_of(R::Staff { congress: OrgId(2) }, CONGRESS, None), None, "staff above only read");
    assert_eq!(standing_of(R::Unit { unit: UNIT }, CONGRESS, Some(UNIT)), Some(Standing::Unit(UNIT)));
    assert_eq!(standing_of(R::Unit { unit: OTHER_UNIT }, CONGRESS, Some(UNIT)), None);
    assert_eq!(standing_of(R::Unit { unit: UNIT }, CONGRESS, None), None, "returned: no longer its own");
    for role in [R::Admin, R::Public, R::Deputy { person: PersonId(3) }] {
        assert_eq!(standing_of(role, CONGRESS, Some(UNIT)), None, "{role:?}");
    }
    let denied = handler(R::Admin, CONGRESS, None).expect_err("the admin only reads");
    assert_eq!(denied.message, "只有本级人大工作人员或承办单位可以办理该意见。");
    assert_eq!(handler(R::Staff { congress: CONGRESS }, CONGRESS, None), Ok(Standing::Staff));
}

#[test]
fn a_forwarding_names_a_handling_unit_of_the_opinions_own_congress_before_anything_else() {
    let cmd = Command::Forward { unit: UNIT, due: TODAY };
    let with = |unit: Option<UnitFound>| transition(&fresh(), Standing::Staff, &cmd, &Context { unit, ..cx_for(&cmd) });
    assert!(with(Some(UnitFound { id: UNIT, is_unit: true, congress: Some(CONGRESS) })).is_ok());
    for wrong in [
        Some(UnitFound { id: UNIT, is_unit: true, congress: Some(OrgId(2)) }),
        Some(UnitFound { id: UNIT, is_unit: false, congress: Some(CONGRESS) }),
        Some(UnitFound { id: OTHER_UNIT, is_unit: true, congress: Some(CONGRESS) }),
        None,
    ] {
        let e = with(wrong).expect_err("not a unit of this congress");
        assert_eq!(
            (e.code, e.field, e.message.as_str()),
            (ErrorCode::InvalidInput, Some("unit"), "请选择本级人大的承办单位"),
            "{wrong:?}"
        );
    }
    // The unit is checked before the state, as the store did.
    let bad = Context { unit: None, ..cx_for(&cmd) };
    assert_eq!(transition(&forwarded(), Standing::Staff, &cmd, &bad).expect_err("bad").field, Some("unit"));
}

#[test]
fn an_opinion_becomes_a_suggestion_of_its_own_congress_only() {
    let cmd = Command::ConvertToSuggestion { suggestion: SuggestionRef(7) };
    let found =
        |congress| Context { suggestion: Some(SuggestionFound { id: SuggestionRef(7), congress }), ..cx_for(&cmd) };
    let o = transition(&fresh(), Standing::Staff, &cmd, &found(CONGRESS)).expect("same congress");
    assert_eq!((o.facts.suggestion, o.effects), (Some(SuggestionRef(7)), Vec::new()));
    let e = transition(&fresh(), Standing::Staff, &cmd, &found(OrgId(2))).expect_err("another congress");
    assert_eq!(
        (e.code, e.field, e.message.as_str()),
        (ErrorCode::InvalidInput, Some("suggestion"), "只能转为本级人大的代表建议")
    );
    let unloaded = Context::new(CONGRESS, TODAY);
    assert_eq!(transition(&fresh(), Standing::Staff, &cmd, &unloaded).expect_err("none").field, Some("suggestion"));
}

#[test]
fn each_command_fills_its_own_text_column_trimmed_and_bounded() {
    let run = |f: &Facts, actor: Standing, cmd: Command| transition(f, actor, &cmd, &cx_for(&cmd));
    let o = run(&fresh(), Standing::Staff, Command::AnswerOnSpot { answer: "  已当场解释  ".into() }).expect("ok");
    assert_eq!(o.effects, vec![Effect::SetAnswer { text: "已当场解释".into() }]);
    let o = run(&forwarded(), Standing::Unit(UNIT), Command::UnitAnswer { answer: "已修复\n".into() }).expect("ok");
    assert_eq!(o.effects, vec![Effect::SetAnswer { text: "已修复".into() }]);
    let o = run(&forwarded(), Standing::Unit(UNIT), Command::UnitReturn { reason: " 不属本单位 ".into() }).expect("ok");
    assert_eq!(o.effects, vec![Effect::SetNote { text: "不属本单位".into() }]);
    let o = run(&fresh(), Standing::Staff, Command::Reject { reason: RejectionReason::Duplicate, note: String::new() })
        .expect("ok");
    assert_eq!(o.effects, vec![Effect::SetNote { text: String::new() }], "a rejection always writes its note");
    let answered = in_state(OpinionState::AnsweredOnSpot);
    let rate = |comment: &str| Command::Rate { rating: Satisfaction::Basic, comment: comment.into() };
    assert_eq!(
        run(&answered, citizen(), rate(" 很好 ")).expect("ok").effects,
        vec![Effect::SetRatingComment { text: "很好".into() }]
    );
    assert!(run(&answered, citizen(), rate("  ")).expect("ok").effects.is_empty(), "no comment, no column");
    for cmd in [Command::Forward { unit: UNIT, due: TODAY }, Command::Close] {
        let f = if cmd == Command::Close { answered.clone() } else { fresh() };
        assert!(run(&f, Standing::Staff, cmd).expect("ok").effects.is_empty());
    }

    let long = |n: usize| "字".repeat(n);
    assert!(run(&fresh(), Standing::Staff, Command::AnswerOnSpot { answer: long(ANSWER_MAX) }).is_ok());
    for (f, actor, cmd, field, max) in [
        (fresh(), Standing::Staff, Command::AnswerOnSpot { answer: long(ANSWER_MAX + 1) }, "answer", ANSWER_MAX),
        (forwarded(), Standing::Unit(UNIT), Command::UnitAnswer { answer: long(ANSWER_MAX + 1) }, "answer", ANSWER_MAX),
        (
            fresh(),
            Standing::Staff,
            Command::Reject { reason: RejectionReason::Other, note: long(NOTE_MAX + 1) },
            "note",
            NOTE_MAX,
        ),
        (forwarded(), Standing::Unit(UNIT), Command::UnitReturn { reason: long(NOTE_MAX + 1) }, "note", NOTE_MAX),
        (answered.clone(), citizen(), rate(&long(COMMENT_MAX + 1)), "comment", COMMENT_MAX),
    ] {
        let e = run(&f, actor, cmd).expect_err("too long");
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some(field)));
        assert_eq!(e.message, format!("内容不能超过{max}个字"));
    }
    assert!(run(&answered, citizen(), rate(&long(COMMENT_MAX))).is_ok());
}

#[test]
fn the_audit_action_of_each_command_is_its_serde_name() {
    for kind in CommandKind::ALL {
        assert_eq!(serde_json::to_value(kind).expect("json"), serde_json::json!(kind.code()));
    }
    assert_eq!(CommandKind::ConvertToSuggestion.action(), "opinion.convert_to_suggestion");
    assert_eq!(CommandKind::FeedBack.action(), "opinion.feed_back");
}

#[test]
fn only_a_station_receives_and_one_address_leaves_few_opinions_an_hour() {
    use crate::org::{CongressLevel, UnitKind};
    assert_eq!(congress_of_station(OrgKind::LiaisonStation, Some(CONGRESS)), Ok(CONGRESS));
    for (kind, parent) in [
        (OrgKind::LiaisonStation, None),
        (OrgKind::Unit(UnitKind::GovernmentDepartment), Some(CONGRESS)),
        (OrgKind::Congress(CongressLevel::County), Some(CONGRESS)),
    ] {
        let e = congress_of_station(kind, parent).expect_err("not a station");
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::NotFound, "未找到该联络站"));
    }
    assert!(check_flood(PUBLIC_PER_HOUR - 1).is_ok());
    let e = check_flood(PUBLIC_PER_HOUR).expect_err("flooding");
    assert_well_formed(&e);
    assert_eq!(e.code, ErrorCode::TooManyOpinions);
    assert!(e.message.contains("一小时内最多提交5条"), "{}", e.message);
}

// ---- properties ------------------------------------------------------------------------------

fn any_actor() -> impl Strategy<Value = Standing> {
    prop_oneof![
        Just(citizen()),
        Just(Standing::Citizen(ReceiptCode::from_random([1; 16]))),
        Just(Standing::Staff),
        Just(Standing::Unit(UNIT)),
        Just(Standing::Unit(OTHER_UNIT)),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just("内容".to_owned())]
}

fn any_command() -> impl Strategy<Value = Command> {
    let satisfaction =
        prop_oneof![Just(Satisfaction::Satisfied), Just(Satisfaction::Basic), Just(Satisfaction::Unsatisfied)];
    prop_oneof![
        any_text().prop_map(|answer| Command::AnswerOnSpot { answer }),
        (prop_oneof![Just(UNIT), Just(OTHER_UNIT)], -3i32..30).prop_map(|(unit, days)| Command::Forward {
            unit,
            due: TODAY.checked_add(jiff::Span::new().days(days)).unwrap_or(TODAY)
        }),
        (1i64..100).prop_map(|id| Command::ConvertToSuggestion { suggestion: SuggestionRef(id) }),
        (0usize..6, any_text()).prop_map(|(i, note)| Command::Reject { reason: RejectionReason::ALL[i], note }),
        any_text().prop_map(|answer| Command::UnitAnswer { answer }),
        any_text().prop_map(|reason| Command::UnitReturn { reason }),
        Just(Command::FeedBack { method: FeedbackMethod::InPerson }),
        (satisfaction, any_text()).prop_map(|(rating, comment)| Command::Rate { rating, comment }),
        Just(Command::Close),
    ]
}

/// What must hold in every state any sequence of accepted commands reaches.
fn consistent(f: &Facts) -> Result<(), String> {
    let fail = |m: &str| Err(format!("{m}: {f:?}"));
    if f.state == S::Forwarded && (f.forwarded_to.is_none() || f.forwarded_on.is_none() || f.due_on.is_none()) {
        return fail("forwarded without a unit or a due date");
    }
    if f.forwarded_to.is_some() && !matches!(f.state, S::Forwarded | S::UnitAnswered | S::FedBack | S::Closed) {
        return fail("a unit without a forwarding");
    }
    if f.forwarded_on.zip(f.due_on).is_some_and(|(on, due)| due < on) {
        return fail("due before it was forwarded");
    }
    if matches!(f.state, S::UnitAnswered | S::FedBack | S::AnsweredOnSpot) && f.answered_on.is_none() {
        return fail("answered without a date");
    }
    if f.state == S::FedBack && f.fed_back_on.is_none() {
        return fail("fed back without a date");
    }
    if f.rating.is_some() && !f.state.has_answer() {
        return fail("rated without an answer");
    }
    if (f.state == S::Converted) != f.suggestion.is_some() {
        return fail("conversion and suggestion link disagree");
    }
    if (f.state == S::Rejected) != f.rejection.is_some() {
        return fail("rejection and reason disagree");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_state(
        steps in proptest::collection::vec((any_actor(), any_command()), 1..40),
    ) {
        let mut f = fresh();
        let mut ratings = 0;
        for (actor, cmd) in steps {
            let before = f.clone();
            match step(&f, actor, &cmd, TODAY) {
                Ok(next) => {
                    prop_assert!(permitted(&before, actor).contains(&cmd.kind()));
                    if cmd.kind() == CommandKind::Rate { ratings += 1; }
                    if let Err(m) = consistent(&next) { return Err(TestCaseError::fail(m)); }
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
            prop_assert!(ratings <= 1, "rated twice");
            if f.state.is_final() {
                for a in [citizen(), Standing::Staff, Standing::Unit(UNIT), Standing::Unit(OTHER_UNIT)] {
                    prop_assert!(permitted(&f, a).is_empty(), "{:?} may still act on a final opinion", a);
                }
            }
        }
    }
}
