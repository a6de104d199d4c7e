use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn cal() -> HolidayCalendar {
    HolidayCalendar::builtin()
}

fn run(f: &Facts, actor: Standing, cmd: Command, today: Date) -> Result<Facts, Refusal> {
    let calendar = cal();
    let settings = Settings::default();
    next_facts(f, actor, &cmd, &Context { today, calendar: &calendar, settings: &settings, units: &[] })
}

fn ok(f: &Facts, actor: Standing, cmd: Command, today: Date) -> Facts {
    run(f, actor, cmd.clone(), today).unwrap_or_else(|e| panic!("{cmd:?} by {actor:?} refused: {e}"))
}

#[test]
fn staff_remind_only_an_overdue_suggestion_and_the_reminder_changes_no_fact() {
    let t = date(2025, 3, 10);
    let f = ok(&Facts::draft(0), Standing::Lead, Command::Submit, t);
    let f = ok(&f, Standing::Staff, Command::Register, t);
    let e = run(&f, Standing::Staff, Command::Remind, t).expect_err("not with a unit yet");
    assert_eq!((e.code, e.code.class()), (ErrorCode::WrongState, ErrorCode::IllegalTransition));
    let f = ok(&f, Standing::Staff, Command::Assign { on: date(2024, 12, 9), complex: false }, t);
    assert_eq!(f.due_on, Some(date(2025, 3, 9)));
    let e = run(&f, Standing::Staff, Command::Remind, date(2025, 3, 9)).expect_err("due today is not overdue");
    assert!(e.message.contains("超过答复期限"), "{}", e.message);
    assert_eq!(e.code, ErrorCode::NotOverdue);
    assert_eq!(run(&f, Standing::MainUnit, Command::Remind, t).expect_err("staff only").code, ErrorCode::Forbidden);
    assert_eq!(ok(&f, Standing::Staff, Command::Remind, t), f);
}

#[test]
fn the_whole_joint_flow_with_one_round_of_rehandling_reaches_closed() {
    let t = date(2025, 3, 10);
    let f = Facts::draft(1);
    let f = ok(&f, Standing::Lead, Command::Submit, t);
    assert_eq!(f.state, SuggestionState::Cosigning);
    let f = ok(&f, Standing::CoSigner { confirmed: false }, Command::ConfirmCosign, t);
    assert_eq!(f.state, SuggestionState::Submitted);
    let f = ok(&f, Standing::Staff, Command::Register, t);
    let f = ok(&f, Standing::Staff, Command::Assign { on: date(2024, 11, 30), complex: false }, t);
    assert_eq!(f.due_on, Some(date(2025, 2, 28)), "3 months clamped to the end of February");
    let f = ok(&f, Standing::AssistingUnit { view_awaited: true }, Command::SubmitView, t);
    let refused = run(&f, Standing::MainUnit, Command::Reply { class: ReplyClass::B }, t).expect_err("no contact yet");
    assert!(refused.message.contains("联系沟通"));
    assert_eq!(refused.code, ErrorCode::ContactBeforeReply);
    let f = ok(&f, Standing::MainUnit, Command::RecordContact, t);
    assert_eq!(f.state, SuggestionState::InProgress);
    let f = ok(&f, Standing::MainUnit, Command::Reply { class: ReplyClass::B }, t);
    let e = run(
        &f,
        Standing::Lead,
        Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Unsatisfied, reason: " ".into() },
        t,
    )
    .expect_err("unsatisfied needs a reason");
    assert_eq!(e.code, ErrorCode::Required);
    let f = ok(
        &f,
        Standing::Lead,
        Command::Rate {
            attitude: Satisfaction::Satisfied,
            result: Satisfaction::Unsatisfied,
            reason: "路灯仍未修复".into(),
        },
        t,
    );
    let f = ok(&f, Standing::Staff, Command::SendBack, t);
    assert_eq!((f.state, f.due_on, f.rehandled), (SuggestionState::Rehandling, Some(date(2025, 4, 10)), 1));
    let f = ok(&f, Standing::MainUnit, Command::Reply { class: ReplyClass::A }, t);
    let f = ok(
        &f,
        Standing::Lead,
        Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Satisfied, reason: String::new() },
        t,
    );
    let f = ok(&f, Standing::Staff, Command::Close, t);
    assert_eq!(f.state, SuggestionState::Closed, "an A reply needs no follow-up");
}

#[test]
fn a_b_or_c_reply_is_followed_up_before_it_is_closed() {
    let t = date(2025, 6, 2);
    let mut f = Facts::draft(0);
    for (a, c) in [
        (Standing::Lead, Command::Submit),
        (Standing::Staff, Command::Register),
        (Standing::Staff, Command::Assign { on: date(2025, 5, 6), complex: true }),
        (Standing::MainUnit, Command::RecordContact),
        (Standing::MainUnit, Command::Reply { class: ReplyClass::C }),
        (
            Standing::Lead,
            Command::Rate { attitude: Satisfaction::Basic, result: Satisfaction::Basic, reason: String::new() },
        ),
        (Standing::Staff, Command::Close),
    ] {
        f = ok(&f, a, c, t);
    }
    assert_eq!(f.state, SuggestionState::FollowUp);
    assert_eq!(f.due_on, Some(date(2025, 11, 6)), "a complex one had 6 months");
    let f = ok(&f, Standing::Staff, Command::EndFollowUp { fulfilled: true, note: "已列入2026年计划并实施".into() }, t);
    assert_eq!((f.state, f.follow_up_fulfilled), (SuggestionState::Closed, Some(true)));
}

#[test]
fn a_unit_may_ask_to_return_within_seven_working_days_only() {
    // Assigned Thursday 2024-09-26; the 7th working day is 10-11 (the National Day week skipped).
    let assigned = Facts {
        state: SuggestionState::Assigned,
        assigned_on: Some(date(2024, 9, 26)),
        due_on: Some(date(2024, 12, 26)),
        ..Facts::draft(0)
    };
    let f = ok(
        &assigned,
        Standing::MainUnit,
        Command::RequestReturn { reason: "不属于本单位职责".into() },
        date(2024, 10, 11),
    );
    assert!(f.return_requested);
    let late = run(
        &assigned,
        Standing::MainUnit,
        Command::RequestReturn { reason: "不属于本单位职责".into() },
        date(2024, 10, 12),
    )
    .expect_err("8th working day");
    assert!(late.message.contains("7个工作日"));
    assert_eq!(late.code, ErrorCode::ReturnWindowPassed);
    let back = ok(&f, Standing::Staff, Command::ApproveReturn, date(2024, 10, 12));
    assert_eq!((back.state, back.assigned_on), (SuggestionState::Registered, None));
}

#[test]
fn the_return_window_ends_with_its_seventh_working_day_not_the_rest_day_after_it() {
    // Assigned Wednesday 2025-03-05: the 7th working day is Friday 03-14; Saturday 03-15 is late.
    let assigned = Facts {
        state: SuggestionState::Assigned,
        assigned_on: Some(date(2025, 3, 5)),
        due_on: Some(date(2025, 6, 5)),
        ..Facts::draft(0)
    };
    let ask = || Command::RequestReturn { reason: "不属于本单位职责".into() };
    assert!(ok(&assigned, Standing::MainUnit, ask(), date(2025, 3, 14)).return_requested);
    for rest_day in [date(2025, 3, 15), date(2025, 3, 16)] {
        let late = run(&assigned, Standing::MainUnit, ask(), rest_day).expect_err("after the window");
        assert!(late.message.contains("7个工作日"), "{rest_day}: {}", late.message);
    }
}

#[test]
fn dates_entered_make_sense_against_the_steps_before_them() {
    let registered =
        Facts { state: SuggestionState::Registered, registered_on: Some(date(2026, 3, 2)), ..Facts::draft(0) };
    let today = date(2026, 3, 10);
    let assign = |on| Command::Assign { on, complex: false };
    let e = run(&registered, Standing::Staff, assign(date(2020, 3, 2)), today).expect_err("before registration");
    assert_eq!((e.message.as_str(), e.field), ("交办日期不能早于立案日期（2026-03-02）。", Some("on")));
    assert_eq!(e.code, ErrorCode::DateOutOfOrder);
    let e = run(&registered, Standing::Staff, assign(date(2026, 3, 11)), today).expect_err("tomorrow");
    assert_eq!((e.code, e.field), (ErrorCode::DateInFuture, Some("on")));
    let f = ok(&registered, Standing::Staff, assign(date(2026, 3, 2)), today);
    // A reply or a contact is dated between the assignment and today.
    let e = check_handling_date("答复日期", date(2000, 1, 1), &f, today).expect_err("before the assignment");
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::DateOutOfOrder, "答复日期不能早于交办日期（2026-03-02）。"));
    let e = check_handling_date("沟通日期", date(2026, 3, 11), &f, today).expect_err("tomorrow");
    assert_eq!((e.code, e.message.as_str()), (ErrorCode::DateInFuture, "沟通日期不能晚于今天。"));
    assert!(check_handling_date("答复日期", date(2026, 3, 2), &f, today).is_ok());
}

#[test]
fn extensions_never_go_beyond_six_months_in_total() {
    let t = date(2025, 4, 1);
    let f = Facts {
        state: SuggestionState::InProgress,
        assigned_on: Some(date(2025, 1, 15)),
        due_on: Some(date(2025, 4, 15)),
        contacts: 1,
        ..Facts::draft(0)
    };
    let f = ok(&f, Standing::MainUnit, Command::RequestExtension { reason: "涉及多个部门".into() }, t);
    let e = run(&f, Standing::Staff, Command::GrantExtension { months: 7 }, t).expect_err("beyond six months");
    assert_eq!((e.code, e.field), (ErrorCode::ExtensionBeyondMaximum, Some("months")));
    let e = run(&f, Standing::Staff, Command::GrantExtension { months: 3 }, t).expect_err("not later than before");
    assert_eq!((e.code, e.field), (ErrorCode::ExtensionNotLater, Some("months")));
    let f = ok(&f, Standing::Staff, Command::GrantExtension { months: 6 }, t);
    assert_eq!((f.due_on, f.extension_requested), (Some(date(2025, 7, 15)), false));
    let e = run(&f, Standing::Staff, Command::GrantExtension { months: 6 }, t).expect_err("nothing asked");
    assert_eq!(e.code, ErrorCode::NoExtensionRequested);
    let f = ok(&f, Standing::MainUnit, Command::RequestExtension { reason: "仍需协调".into() }, t);
    let again = run(&f, Standing::Staff, Command::GrantExtension { months: 6 }, t).expect_err("at the maximum");
    assert_eq!(again.code, ErrorCode::ExtensionAtMaximum);
}

#[test]
fn roles_are_checked_before_states() {
    let t = date(2025, 3, 1);
    let f = Facts { state: SuggestionState::Replied, reply_class: Some(ReplyClass::A), ..Facts::draft(0) };
    let e = run(
        &f,
        Standing::CoSigner { confirmed: true },
        Command::Rate { attitude: Satisfaction::Satisfied, result: Satisfaction::Satisfied, reason: String::new() },
        t,
    )
    .expect_err("only the lead rates");
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = run(&f, Standing::Staff, Command::Register, t).expect_err("not submitted");
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.message.contains("已答复"));
}

#[test]
fn the_buttons_are_the_permitted_commands() {
    let calendar = cal();
    let settings = Settings::default();
    let cx = Context { today: date(2025, 3, 1), calendar: &calendar, settings: &settings, units: &[] };
    let submitted = Facts { state: SuggestionState::Submitted, ..Facts::draft(0) };
    assert_eq!(
        permitted(&submitted, Standing::Staff, &cx),
        vec![CommandKind::Register, CommandKind::Exclude, CommandKind::ConvertToLetter]
    );
    // The lead decides at any time whether a reply may be published (the page shows it apart).
    assert_eq!(permitted(&submitted, Standing::Lead, &cx), vec![CommandKind::Withdraw, CommandKind::PublishReply]);
    assert!(permitted(&submitted, Standing::MainUnit, &cx).is_empty());
}

#[test]
fn jia_yi_bing_congresses_have_three_classes() {
    assert_eq!(ClassScheme::JiaYiBing.classes().len(), 3);
    assert!(ReplyClass::C.label(ClassScheme::JiaYiBing).starts_with("丙"));
    assert!(ReplyClass::D.label(ClassScheme::Abcd).starts_with("D类"));
    for s in SuggestionState::ALL {
        assert_eq!(SuggestionState::from_code(s.code()), Some(s));
    }
}

// ---- properties ------------------------------------------------------------------------------

fn any_actor() -> impl Strategy<Value = Standing> {
    prop_oneof![
        Just(Standing::Lead),
        any::<bool>().prop_map(|confirmed| Standing::CoSigner { confirmed }),
        Just(Standing::Staff),
        Just(Standing::MainUnit),
        any::<bool>().prop_map(|view_awaited| Standing::AssistingUnit { view_awaited })
    ]
}

fn any_satisfaction() -> impl Strategy<Value = Satisfaction> {
    prop_oneof![Just(Satisfaction::Satisfied), Just(Satisfaction::Basic), Just(Satisfaction::Unsatisfied)]
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just("理由".to_owned())]
}

fn any_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(Command::Edit { title: String::new(), body: String::new() }),
        Just(Command::Submit),
        Just(Command::ConfirmCosign),
        Just(Command::DeclineCosign),
        Just(Command::DropPendingCosigners),
        Just(Command::Withdraw),
        Just(Command::Revise),
        Just(Command::Register),
        any_text().prop_map(|note| Command::Exclude { reason: ExclusionReason::NoSubstance, note }),
        any_text().prop_map(|note| Command::ConvertToLetter { note }),
        (0i64..200, any::<bool>()).prop_map(|(back, complex)| Command::Assign {
            on: date(2025, 6, 1).checked_sub(jiff::Span::new().days(back)).unwrap_or(date(2025, 6, 1)),
            complex
        }),
        Just(Command::RecordContact),
        Just(Command::SubmitView),
        any_text().prop_map(|reason| Command::RequestReturn { reason }),
        Just(Command::ApproveReturn),
        any_text().prop_map(|note| Command::RefuseReturn { note }),
        any_text().prop_map(|reason| Command::RequestExtension { reason }),
        (1i32..9).prop_map(|months| Command::GrantExtension { months }),
        any_text().prop_map(|note| Command::RefuseExtension { note }),
        prop_oneof![Just(ReplyClass::A), Just(ReplyClass::B), Just(ReplyClass::C), Just(ReplyClass::D)]
            .prop_map(|class| Command::Reply { class }),
        (any_satisfaction(), any_satisfaction(), any_text()).prop_map(|(attitude, result, reason)| Command::Rate {
            attitude,
            result,
            reason
        }),
        Just(Command::SendBack),
        Just(Command::Close),
        (any::<bool>(), any_text()).prop_map(|(fulfilled, note)| Command::EndFollowUp { fulfilled, note }),
        any_text().prop_map(|topic| Command::MarkKey { topic }),
        Just(Command::UnmarkKey),
        Just(Command::Remind),
        any_text().prop_map(|reason| Command::WaiveViews { reason }),
        any::<bool>().prop_map(|publish| Command::PublishReply { publish }),
    ]
}

/// What must hold in every state any sequence of accepted commands reaches.
fn consistent(f: &Facts) -> Result<(), String> {
    use SuggestionState as S;
    let fail = |m: &str| Err(format!("{m}: {f:?}"));
    if f.pending_cosigners > f.cosigners {
        return fail("more pending co-signers than co-signers");
    }
    if f.state == S::Cosigning && f.pending_cosigners == 0 {
        return fail("co-signing with nobody pending");
    }
    if f.state.is_with_unit() && (f.assigned_on.is_none() || f.due_on.is_none()) {
        return fail("with a unit but no deadline");
    }
    if matches!(f.state, S::Replied | S::Rated | S::FollowUp) && f.reply_class.is_none() {
        return fail("replied without a class");
    }
    if f.state == S::Rated && (f.attitude.is_none() || f.result.is_none()) {
        return fail("rated without ratings");
    }
    if f.state == S::FollowUp && !f.reply_class.is_some_and(ReplyClass::needs_follow_up) {
        return fail("followed up without a B or C reply");
    }
    if f.state == S::Rehandling && f.rehandled == 0 {
        return fail("re-handling never sent back");
    }
    if f.state == S::Registered && f.views_pending > 0 {
        return fail("会办 views awaited with no unit assigned");
    }
    if f.key_topic.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return fail("an empty key-supervision topic");
    }
    let settings = Settings::default();
    let beyond_max = f.assigned_on.zip(f.due_on).is_some_and(|(on, due)| due > add_months(on, settings.max_months));
    if f.rehandled == 0 && f.state.is_with_unit() && beyond_max {
        return fail("a deadline beyond six months");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No sequence of accepted commands reaches an inconsistent state; every refused command
    /// is refused by `check` or by its payload, and final states allow nothing more.
    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_state(
        cosigners in 0u32..3,
        assisting in 0u32..3,
        steps in proptest::collection::vec((any_actor(), any_command()), 1..60),
    ) {
        let calendar = cal();
        let settings = Settings::default();
        let cx = Context { today: date(2025, 6, 2), calendar: &calendar, settings: &settings, units: &[] };
        let mut f = Facts::draft(cosigners);
        for (actor, cmd) in steps {
            let before = f.clone();
            match next_facts(&f, actor, &cmd, &cx) {
                Ok(mut next) => {
                    if matches!(cmd, Command::Reply { .. }) {
                        prop_assert_eq!(before.views_pending, 0, "replied while 会办 views were awaited");
                    }
                    // The store counts the 会办 units an assignment names.
                    if matches!(cmd, Command::Assign { .. }) {
                        next.views_pending = assisting;
                    }
                    prop_assert!(check(&before, actor, cmd.kind(), &cx).is_ok());
                    prop_assert!(permitted(&before, actor, &cx).contains(&cmd.kind()));
                    if let Err(m) = consistent(&next) { return Err(TestCaseError::fail(m)); }
                    f = next;
                }
                Err(refusal) => {
                    prop_assert!(!refusal.message.is_empty());
                    prop_assert!(matches!(refusal.code.class(), ErrorCode::Forbidden | ErrorCode::IllegalTransition | ErrorCode::InvalidInput));
                    if check(&before, actor, cmd.kind(), &cx).is_ok() {
                        prop_assert_eq!(refusal.code.class(), ErrorCode::InvalidInput, "a permitted command can only fail on its payload");
                    }
                }
            }
            if f.state.is_final() {
                for a in [Standing::Lead, Standing::CoSigner { confirmed: true }, Standing::Staff, Standing::MainUnit, Standing::AssistingUnit { view_awaited: true }] {
                    // Only the lead's choice whether to publish the replies stays open.
                    let left: Vec<_> = permitted(&f, a, &cx).into_iter().filter(|k| *k != CommandKind::PublishReply).collect();
                    prop_assert!(left.is_empty(), "{:?} may still act on a final suggestion", a);
                }
            }
        }
    }
}

#[test]
fn a_joint_suggestion_is_withdrawn_only_once_every_co_signer_has_taken_back_the_signature() {
    let t = date(2025, 3, 1);
    let f = ok(&Facts::draft(2), Standing::Lead, Command::Submit, t);
    let f = ok(&f, Standing::CoSigner { confirmed: false }, Command::ConfirmCosign, t);
    let f = ok(&f, Standing::CoSigner { confirmed: false }, Command::ConfirmCosign, t);
    assert_eq!(f.state, SuggestionState::Submitted);
    let e = run(&f, Standing::Lead, Command::Withdraw, t).expect_err("co-signers have not agreed");
    assert!(e.message.contains("全体联名代表同意"));
    assert_eq!(e.code, ErrorCode::JointWithdrawalNeedsCosigners);
    let f = ok(&f, Standing::CoSigner { confirmed: true }, Command::DeclineCosign, t);
    let f = ok(&f, Standing::CoSigner { confirmed: true }, Command::DeclineCosign, t);
    assert_eq!((f.cosigners, f.state), (0, SuggestionState::Submitted));
    assert_eq!(ok(&f, Standing::Lead, Command::Withdraw, t).state, SuggestionState::Withdrawn);
}

#[test]
fn the_main_unit_replies_only_once_every_assisting_view_is_in_or_waived() {
    let t = date(2025, 3, 10);
    let assigned = Facts {
        state: SuggestionState::InProgress,
        assigned_on: Some(date(2025, 3, 1)),
        due_on: Some(date(2025, 6, 1)),
        contacts: 1,
        views_pending: 2,
        ..Facts::draft(0)
    };
    let reply = Command::Reply { class: ReplyClass::A };
    let e = run(&assigned, Standing::MainUnit, reply.clone(), t).expect_err("two views awaited");
    assert_eq!(e.code, ErrorCode::ViewsPending);
    assert!(e.message.contains("2个会办单位"), "{}", e.message);
    assert!(
        !permitted(
            &assigned,
            Standing::MainUnit,
            &Context { today: t, calendar: &cal(), settings: &Settings::default(), units: &[] }
        )
        .contains(&CommandKind::Reply)
    );
    // One view arrives: still one awaited.
    let one = ok(&assigned, Standing::AssistingUnit { view_awaited: true }, Command::SubmitView, t);
    assert_eq!(one.views_pending, 1);
    assert_eq!(run(&one, Standing::MainUnit, reply.clone(), t).expect_err("one awaited").code, ErrorCode::ViewsPending);
    // The second arrives: the reply goes.
    let both = ok(&one, Standing::AssistingUnit { view_awaited: true }, Command::SubmitView, t);
    assert_eq!(ok(&both, Standing::MainUnit, reply.clone(), t).state, SuggestionState::Replied);
    // Or staff waive what is missing, with a reason; nobody else may, and not without one.
    let e =
        run(&one, Standing::MainUnit, Command::WaiveViews { reason: "会办单位已撤销".into() }, t).expect_err("unit");
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = run(&one, Standing::Staff, Command::WaiveViews { reason: " ".into() }, t).expect_err("no reason");
    assert_eq!(e.code, ErrorCode::Required);
    let waived =
        ok(&one, Standing::Staff, Command::WaiveViews { reason: "会办单位逾期未复，经协调不再等待".into() }, t);
    assert_eq!(waived.views_pending, 0);
    assert_eq!(ok(&waived, Standing::MainUnit, reply, t).state, SuggestionState::Replied);
    let e =
        run(&waived, Standing::Staff, Command::WaiveViews { reason: "再次".into() }, t).expect_err("nothing awaited");
    assert_eq!(e.code, ErrorCode::NoViewsPending);
}

#[test]
fn a_co_signer_confirms_once_and_takes_back_only_a_confirmed_signature_after_submission() {
    let t = date(2025, 3, 1);
    let cosigning = ok(&Facts::draft(2), Standing::Lead, Command::Submit, t);
    let cx = Context { today: t, calendar: &cal(), settings: &Settings::default(), units: &[] };
    let confirmed = Standing::CoSigner { confirmed: true };
    let asked = Standing::CoSigner { confirmed: false };
    // While the others are asked: one who confirmed sees neither button, one asked sees both.
    assert!(permitted(&cosigning, confirmed, &cx).is_empty());
    assert_eq!(permitted(&cosigning, asked, &cx), vec![CommandKind::ConfirmCosign, CommandKind::DeclineCosign]);
    let e = run(&cosigning, confirmed, Command::ConfirmCosign, t).expect_err("twice");
    assert_eq!(e.code, ErrorCode::AlreadyCosigned);
    let e = run(&cosigning, confirmed, Command::DeclineCosign, t).expect_err("kept until submitted");
    assert_eq!(e.code, ErrorCode::CosignKeptUntilSubmitted);
    // Once submitted, a confirmed signature may be taken back.
    let submitted = ok(&ok(&cosigning, asked, Command::ConfirmCosign, t), asked, Command::ConfirmCosign, t);
    assert_eq!(submitted.state, SuggestionState::Submitted);
    assert_eq!(permitted(&submitted, confirmed, &cx), vec![CommandKind::DeclineCosign]);
    assert_eq!(ok(&submitted, confirmed, Command::DeclineCosign, t).cosigners, 1);
}

#[test]
fn an_assisting_unit_sends_its_view_once() {
    let t = date(2025, 3, 10);
    let assigned = Facts {
        state: SuggestionState::InProgress,
        assigned_on: Some(date(2025, 3, 1)),
        due_on: Some(date(2025, 6, 1)),
        views_pending: 2,
        ..Facts::draft(0)
    };
    let sent = Standing::AssistingUnit { view_awaited: false };
    let e = run(&assigned, sent, Command::SubmitView, t).expect_err("its view is in");
    assert_eq!(e.code, ErrorCode::ViewAlreadySent);
    let cx = Context { today: t, calendar: &cal(), settings: &Settings::default(), units: &[] };
    assert!(!permitted(&assigned, sent, &cx).contains(&CommandKind::SubmitView));
    assert!(permitted(&assigned, sent, &cx).contains(&CommandKind::RecordContact), "it may still record a contact");
    assert_eq!(ok(&assigned, Standing::AssistingUnit { view_awaited: true }, Command::SubmitView, t).views_pending, 1);
}
