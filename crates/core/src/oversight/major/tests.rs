use super::*;
use crate::ErrorCode;
use crate::liaison::assert_well_formed;
use jiff::civil::date;
use proptest::prelude::*;

const TODAY: Date = date(2026, 5, 20);

fn ok(f: &Facts, role: Role, cmd: Command) -> Facts {
    transition(f, role, &cmd, TODAY).unwrap_or_else(|e| panic!("{cmd:?} by {role:?} refused: {e}"))
}

fn edit() -> Command {
    Command::Edit {
        subject: "关于召开市人大常委会第二十次会议有关事项的请示".into(), attachments: 2
    }
}

fn send(kind: MatterKind) -> Command {
    Command::Send { on: TODAY, number: RegisterNumber { year: 2026, kind, seq: 3 } }
}

fn reply() -> Command {
    Command::RecordReply { on: TODAY, summary: "同意".into() }
}

fn in_state(kind: MatterKind, state: MatterState) -> Facts {
    let drafted = || ok(&Facts::draft(kind), Role::Drafter, edit());
    let submitted = || ok(&drafted(), Role::Drafter, Command::Submit);
    let approved = || ok(&submitted(), Role::Approver, Command::Approve);
    let f = match state {
        S::Draft => drafted(),
        S::Submitted => submitted(),
        S::Returned => ok(&submitted(), Role::Approver, Command::Return { reason: "附件不全".into() }),
        S::Approved => approved(),
        S::Sent => ok(&approved(), Role::Drafter, send(kind)),
        S::Replied => ok(&ok(&approved(), Role::Drafter, send(kind)), Role::Drafter, reply()),
    };
    assert_eq!(f.state, state);
    f
}

fn valid(kind: MatterKind, command: CommandKind) -> (Role, Command) {
    match command {
        CommandKind::Edit => (Role::Drafter, edit()),
        CommandKind::Submit => (Role::Drafter, Command::Submit),
        CommandKind::Approve => (Role::Approver, Command::Approve),
        CommandKind::Return => (Role::Approver, Command::Return { reason: "请补充依据".into() }),
        CommandKind::Send => (Role::Drafter, send(kind)),
        CommandKind::RecordReply => (Role::Drafter, reply()),
    }
}

#[test]
fn every_command_has_exactly_one_rule_and_states_have_stable_codes() {
    for kind in CommandKind::ALL {
        assert_eq!(RULES.iter().filter(|r| r.command == kind).count(), 1, "{kind:?}");
    }
    for s in MatterState::ALL {
        assert_eq!(MatterState::from_code(s.code()), Some(s));
    }
    for k in MatterKind::ALL {
        assert_eq!(MatterKind::from_code(k.code()), Some(k));
    }
}

#[test]
fn every_edge_of_the_table_is_taken_by_its_command() {
    for rule in RULES {
        for from in rule.from {
            let f = in_state(MatterKind::Request, *from);
            let (role, cmd) = valid(MatterKind::Request, rule.command);
            let next = transition(&f, role, &cmd, TODAY).unwrap_or_else(|e| panic!("{rule:?} from {from:?}: {e}"));
            assert_eq!(next.state, rule.to.unwrap_or(*from), "{rule:?} from {from:?}");
        }
    }
}

#[test]
fn every_command_outside_its_states_is_refused_and_the_facts_stay_as_they_were() {
    for kind in MatterKind::ALL {
        for rule in RULES {
            for state in MatterState::ALL.into_iter().filter(|s| !rule.from.contains(s)) {
                if kind == MatterKind::Report && state == S::Replied {
                    continue; // a report never gets there
                }
                let f = in_state(kind, state);
                let before = f.clone();
                let (role, cmd) = valid(kind, rule.command);
                let e = transition(&f, role, &cmd, TODAY).expect_err("outside its states");
                assert_well_formed(&e);
                assert_eq!(e.code.class(), ErrorCode::IllegalTransition, "{rule:?} in {state:?}");
                assert_eq!(f, before);
            }
        }
    }
}

#[test]
fn a_request_is_finished_only_when_replied_while_a_report_is_finished_when_sent() {
    let request = in_state(MatterKind::Request, S::Sent);
    assert!(!request.is_finished() && request.awaiting_reply());
    let replied = ok(&request, Role::Drafter, reply());
    assert!(replied.is_finished() && !replied.awaiting_reply());
    assert_eq!(replied.replied_on, Some(TODAY));

    let report = in_state(MatterKind::Report, S::Sent);
    assert!(report.is_finished() && !report.awaiting_reply());
    let e = transition(&report, Role::Drafter, &reply(), TODAY).expect_err("a report gets no reply");
    assert_eq!((e.code, e.code.class()), (ErrorCode::ReportNeedsNoReply, ErrorCode::IllegalTransition));
    assert!(permitted(&report, Role::Drafter).is_empty());
}

#[test]
fn only_the_approver_approves_and_a_returned_draft_is_revised_and_resubmitted() {
    let f = in_state(MatterKind::Request, S::Submitted);
    assert_eq!(check(&f, Role::Drafter, CommandKind::Approve).map_err(|e| e.code), Err(ErrorCode::NotPermitted));
    let e = transition(&f, Role::Approver, &Command::Return { reason: "".into() }, TODAY).expect_err("no reason");
    assert_eq!(e.code, ErrorCode::ReasonRequired);
    let f = ok(&f, Role::Approver, Command::Return { reason: "请补充会议议程".into() });
    assert_eq!(permitted(&f, Role::Drafter), vec![CommandKind::Edit, CommandKind::Submit]);
    let f = ok(&f, Role::Drafter, Command::Submit);
    assert_eq!((f.state, f.returns), (S::Submitted, 1));
}

#[test]
fn a_draft_without_a_subject_cannot_be_submitted() {
    let e = check(&Facts::draft(MatterKind::Report), Role::Drafter, CommandKind::Submit).expect_err("no subject");
    assert_eq!((e.code, e.code.class()), (ErrorCode::SubjectRequired, ErrorCode::InvalidInput));
    let long = Command::Edit { subject: "事".repeat(SUBJECT_MAX + 1), attachments: 0 };
    let e = transition(&Facts::draft(MatterKind::Report), Role::Drafter, &long, TODAY).expect_err("too long");
    assert_eq!(e.code, ErrorCode::SubjectTooLong);
}

#[test]
fn sending_takes_a_number_of_its_kind_and_year_on_a_day_not_before_approval() {
    let f = in_state(MatterKind::Request, S::Approved);
    let wrong_kind =
        Command::Send { on: TODAY, number: RegisterNumber { year: 2026, kind: MatterKind::Report, seq: 1 } };
    assert_eq!(transition(&f, Role::Drafter, &wrong_kind, TODAY).map_err(|e| e.code), Err(ErrorCode::NumberMismatch));
    let wrong_year = Command::Send { on: TODAY, number: RegisterNumber::next(2025, MatterKind::Request, None) };
    assert_eq!(transition(&f, Role::Drafter, &wrong_year, TODAY).map_err(|e| e.code), Err(ErrorCode::NumberMismatch));
    let early = Command::Send { on: date(2026, 5, 19), number: RegisterNumber::next(2026, MatterKind::Request, None) };
    assert_eq!(transition(&f, Role::Drafter, &early, TODAY).map_err(|e| e.code), Err(ErrorCode::DateOutOfOrder));
    let future = Command::Send { on: date(2026, 5, 21), number: RegisterNumber::next(2026, MatterKind::Request, None) };
    assert_eq!(transition(&f, Role::Drafter, &future, TODAY).map_err(|e| e.code), Err(ErrorCode::DateInFuture));
    let sent = ok(&f, Role::Drafter, send(MatterKind::Request));
    assert_eq!(sent.number.map(|n| n.to_string()).as_deref(), Some("2026-请示-003"));
}

#[test]
fn register_numbers_count_per_year_and_kind_and_read_back() {
    assert_eq!(RegisterNumber::next(2026, MatterKind::Request, None).to_string(), "2026-请示-001");
    assert_eq!(RegisterNumber::next(2026, MatterKind::Report, Some(41)).to_string(), "2026-报告-042");
    assert_eq!(RegisterNumber::next(2026, MatterKind::Report, Some(999)).to_string(), "2026-报告-1000");
    let n = RegisterNumber::parse(" 2026-请示-003 ").expect("parses");
    assert_eq!(n, RegisterNumber { year: 2026, kind: MatterKind::Request, seq: 3 });
    for bad in
        ["2026-请示", "2026-通知-003", "2026-请示-000", "26-请示-003", "2026-请示-00a", "2026-请示-3-1", "2026-请示-+3"]
    {
        let e = RegisterNumber::parse(bad).expect_err(bad);
        assert_well_formed(&e);
    }
}

// ---- properties ------------------------------------------------------------------------------

fn any_command() -> impl Strategy<Value = Command> {
    let text = prop_oneof![Just(String::new()), Just("事项".to_owned())];
    let day = (-5i32..3).prop_map(|d| TODAY.checked_add(jiff::Span::new().days(d)).unwrap_or(TODAY));
    let kind = prop_oneof![Just(MatterKind::Request), Just(MatterKind::Report)];
    prop_oneof![
        (text.clone(), 0u32..4).prop_map(|(subject, attachments)| Command::Edit { subject, attachments }),
        Just(Command::Submit),
        Just(Command::Approve),
        text.clone().prop_map(|reason| Command::Return { reason }),
        (day.clone(), kind, 2025i16..2027, 1u32..5)
            .prop_map(|(on, kind, year, seq)| Command::Send { on, number: RegisterNumber { year, kind, seq } }),
        (day, text).prop_map(|(on, summary)| Command::RecordReply { on, summary }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_state(
        request in any::<bool>(),
        steps in proptest::collection::vec((prop_oneof![Just(Role::Drafter), Just(Role::Approver)], any_command()), 1..30),
    ) {
        let kind = if request { MatterKind::Request } else { MatterKind::Report };
        let mut f = Facts::draft(kind);
        for (role, cmd) in steps {
            let before = f.clone();
            match transition(&f, role, &cmd, TODAY) {
                Ok(next) => {
                    prop_assert!(permitted(&before, role).contains(&cmd.kind()));
                    f = next;
                }
                Err(e) => {
                    assert_well_formed(&e);
                    if check(&before, role, cmd.kind()).is_ok() {
                        prop_assert_eq!(e.code.class(), ErrorCode::InvalidInput, "a permitted command fails only on its payload");
                    }
                    prop_assert_eq!(&f, &before);
                }
            }
            prop_assert!(f.state != S::Replied || kind == MatterKind::Request, "a report replied");
            if f.state >= S::Submitted { prop_assert!(!f.subject.is_empty()); }
            if f.state >= S::Approved && f.state != S::Returned { prop_assert!(f.approved_on.is_some()); }
            if f.state >= S::Sent {
                let (sent, n) = (f.sent_on.expect("sent on"), f.number.expect("numbered"));
                prop_assert!((n.kind, n.year) == (kind, sent.year()));
                prop_assert!(f.approved_on.is_some_and(|a| a <= sent));
            }
            if f.state == S::Replied { prop_assert!(f.replied_on >= f.sent_on); }
            if f.is_finished() {
                prop_assert!(permitted(&f, Role::Drafter).is_empty() && permitted(&f, Role::Approver).is_empty());
            }
        }
    }
}
