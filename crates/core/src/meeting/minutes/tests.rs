use super::*;
use crate::ids::OrgId;
use jiff::civil::date;
use proptest::prelude::*;

const DAY: Date = date(2026, 3, 20);
const MEETING: MeetingId = MeetingId(7);

fn clerk() -> Role {
    Role::Staff { congress: OrgId(1) }
}

fn member(p: i64) -> Role {
    Role::Deputy { person: PersonId(p) }
}

fn facts(role: Role) -> Facts {
    Facts { role, frozen: false }
}

fn sign_off(written: bool) -> Command {
    Command::SignOff { text: None, written }
}

/// A speech by member 1, returned to them.
fn sent_back() -> Speech {
    let draft = Speech::record(Speaker::Member(PersonId(1)), "建议加快养老服务设施建设。").expect("a draft");
    apply(&draft, &Command::SendBack, &facts(clerk())).expect("sent back")
}

fn code<T: std::fmt::Debug>(r: Result<T, Refusal>) -> ErrorCode {
    r.expect_err("refused").code
}

fn chosen(id: i64, state: SpeechState) -> Chosen {
    Chosen { id: SpeechId(id), meeting: MEETING, state, label: format!("委员{id}的发言") }
}

// ---- 列席 and 旁听 ----------------------------------------------------------------------------

#[test]
fn every_kind_and_state_reads_back_from_its_code_and_has_a_chinese_label() {
    for k in AttendeeKind::ALL {
        assert_eq!(AttendeeKind::from_code(k.code()), Some(k));
        assert!(!k.label().is_ascii());
    }
    for s in SpeechState::ALL {
        assert_eq!(SpeechState::from_code(s.code()), Some(s));
    }
    for s in BulletinState::ALL {
        assert_eq!(BulletinState::from_code(s.code()), Some(s));
    }
    assert_eq!(AttendeeKind::from_code("army"), None);
    let labels: Vec<&str> = SpeechState::ALL.iter().map(|s| s.label()).collect();
    assert_eq!(labels, ["草稿", "待发言人确认", "已确认"]);
}

#[test]
fn an_attendee_needs_a_name_and_an_organisation_and_may_leave_the_post_empty() {
    let a = check_attendee(AttendeeKind::Government, " 王五 ", "示范市人民政府", "").expect("fine");
    assert_eq!((a.name.as_str(), a.post.as_str()), ("王五", ""));
    let e = check_attendee(AttendeeKind::Court, "", "示范市中级人民法院", "院长").expect_err("no name");
    assert_eq!(e.field, Some("name"));
    let e = check_attendee(AttendeeKind::Court, "赵六", "  ", "院长").expect_err("no organisation");
    assert_eq!((e.code, e.field), (ErrorCode::Required, Some("organisation")));
    let long = "长".repeat(MAX_POST + 1);
    assert_eq!(check_attendee(AttendeeKind::Other, "赵六", "某单位", &long).expect_err("long").field, Some("post"));
}

#[test]
fn the_lists_change_until_the_meeting_day_and_not_after() {
    assert!(check_list_open(DAY, date(2026, 3, 1)).is_ok());
    assert!(check_list_open(DAY, DAY).is_ok());
    assert_eq!(code(check_list_open(DAY, date(2026, 3, 21))), ErrorCode::WrongState);
    assert!(check_remove_attendee(0).is_ok());
    assert_eq!(code(check_remove_attendee(1)), ErrorCode::WrongState);
}

#[test]
fn a_capped_gallery_takes_no_citizen_beyond_its_seats() {
    let v = check_visitor("孙七", "138 0013 8000", Some(2), 1).expect("a seat left");
    assert_eq!(v.phone.as_deref(), Some("13800138000"));
    assert_eq!(check_visitor("孙七", "", None, 500).expect("no cap").phone, None);
    let full = check_visitor("周八", "", Some(2), 2).expect_err("full");
    assert_eq!(full.code, ErrorCode::GalleryFull);
    assert!(full.message.contains('2'), "{}", full.message);
    assert!(check_visitor("周八", "", Some(0), 0).expect_err("no gallery").message.contains("不设旁听席"));
    assert_eq!(check_visitor("周八", "12345", None, 0).expect_err("bad phone").field, Some("phone"));
    assert_eq!(check_visitor(" ", "", None, 0).expect_err("no name").field, Some("name"));
}

#[test]
fn the_seats_set_are_bounded_and_never_fewer_than_those_registered() {
    assert!(check_gallery_seats(None, 30).is_ok());
    assert!(check_gallery_seats(Some(30), 30).is_ok());
    assert_eq!(check_gallery_seats(Some(29), 30).expect_err("fewer").field, Some("gallery_seats"));
    assert!(check_gallery_seats(Some(MAX_GALLERY + 1), 0).is_err());
}

// ---- speeches -------------------------------------------------------------------------------

#[test]
fn a_speaker_is_a_member_of_the_body_or_on_the_attendee_list_and_an_item_on_the_agenda() {
    let members: BTreeSet<PersonId> = [PersonId(1), PersonId(2)].into();
    let attendees: BTreeSet<AttendeeId> = [AttendeeId(5)].into();
    assert!(check_speaker(Speaker::Member(PersonId(2)), &members, &attendees).is_ok());
    assert!(check_speaker(Speaker::Attendee(AttendeeId(5)), &members, &attendees).is_ok());
    assert!(check_speaker(Speaker::Member(PersonId(9)), &members, &attendees).is_err());
    assert!(check_speaker(Speaker::Attendee(AttendeeId(6)), &members, &attendees).is_err());
    assert!(check_item(None, &[]).is_ok());
    assert!(check_item(Some(VoteId(3)), &[VoteId(3)]).is_ok());
    assert_eq!(check_item(Some(VoteId(4)), &[VoteId(3)]).expect_err("not ours").field, Some("item"));
}

#[test]
fn a_speech_text_is_trimmed_not_empty_and_bounded() {
    assert_eq!(check_text("  第一段\r\n第二段 ").expect("fine"), "第一段\n第二段");
    assert_eq!(code(check_text(" \n ")), ErrorCode::Required);
    assert_eq!(code(check_text(&"字".repeat(MAX_SPEECH + 1))), ErrorCode::TextTooLong);
    assert!(check_text(&"字".repeat(MAX_SPEECH)).is_ok());
    assert_eq!(code(check_text("有\u{0007}控制字符")), ErrorCode::InvalidInput);
}

#[test]
fn the_clerk_drafts_and_returns_a_speech_and_only_the_speaker_corrects_and_signs_it_off() {
    let draft = Speech::record(Speaker::Member(PersonId(1)), "初稿").expect("a draft");
    let edited = apply(&draft, &Command::Edit { text: "整理稿".into() }, &facts(clerk())).expect("edited");
    assert_eq!((edited.state(), edited.text()), (SpeechState::Draft, "整理稿"));
    // A draft is not the speaker's yet: they neither correct nor sign it.
    assert_eq!(code(apply(&edited, &sign_off(false), &facts(member(1)))), ErrorCode::WrongState);
    let back = apply(&edited, &Command::SendBack, &facts(clerk())).expect("sent back");
    assert_eq!(back.state(), SpeechState::SentBack);
    // The clerk no longer edits it; the speaker corrects it.
    assert_eq!(code(apply(&back, &Command::Edit { text: "x".into() }, &facts(clerk()))), ErrorCode::WrongState);
    let corrected = apply(&back, &Command::Correct { text: "本人改定稿".into() }, &facts(member(1))).expect("ok");
    assert_eq!((corrected.state(), corrected.text()), (SpeechState::SentBack, "本人改定稿"));
    let signed = apply(&corrected, &Command::SignOff { text: Some("终稿".into()), written: false }, &facts(member(1)))
        .expect("signed off");
    assert_eq!((signed.state(), signed.text(), signed.written()), (SpeechState::SignedOff, "终稿", false));
    // Nothing more to sign; the clerk may return it once more.
    assert_eq!(code(apply(&signed, &sign_off(false), &facts(member(1)))), ErrorCode::WrongState);
    let again = apply(&signed, &Command::Reopen, &facts(clerk())).expect("reopened");
    assert_eq!(again.state(), SpeechState::SentBack);
}

#[test]
fn a_sign_off_by_anyone_but_the_speaker_is_refused() {
    let back = sent_back();
    for role in [member(2), Role::Public, Role::Unit { unit: OrgId(3) }] {
        assert_eq!(code(apply(&back, &sign_off(false), &facts(role))), ErrorCode::NotTheSpeaker, "{role:?}");
        let correct = Command::Correct { text: "改".into() };
        assert_eq!(code(apply(&back, &correct, &facts(role))), ErrorCode::NotTheSpeaker, "{role:?}");
    }
    // Not even the clerk signs in the speaker's name — only records a written confirmation …
    assert_eq!(code(apply(&back, &sign_off(false), &facts(clerk()))), ErrorCode::NotTheSpeaker);
    let written = apply(&back, &sign_off(true), &facts(clerk())).expect("a written confirmation");
    assert!(written.written() && written.state() == SpeechState::SignedOff);
    // … which the speaker does not record themselves.
    assert_eq!(code(apply(&back, &sign_off(true), &facts(member(1)))), ErrorCode::NotTheSpeaker);
}

#[test]
fn an_attendee_s_speech_is_signed_off_only_by_a_written_confirmation() {
    let draft = Speech::record(Speaker::Attendee(AttendeeId(4)), "市政府关于……的说明").expect("a draft");
    let back = apply(&draft, &Command::SendBack, &facts(clerk())).expect("sent back");
    assert_eq!(code(apply(&back, &sign_off(false), &facts(member(4)))), ErrorCode::NotTheSpeaker);
    assert!(apply(&back, &sign_off(true), &facts(clerk())).is_ok());
}

#[test]
fn only_the_clerk_drafts_returns_and_reopens() {
    let draft = Speech::record(Speaker::Member(PersonId(1)), "初稿").expect("a draft");
    assert_eq!(code(apply(&draft, &Command::SendBack, &facts(member(1)))), ErrorCode::Forbidden);
    assert_eq!(code(apply(&draft, &Command::Edit { text: "改".into() }, &facts(member(1)))), ErrorCode::Forbidden);
    let signed = apply(&sent_back(), &sign_off(false), &facts(member(1))).expect("signed");
    assert_eq!(code(apply(&signed, &Command::Reopen, &facts(member(1)))), ErrorCode::Forbidden);
}

#[test]
fn a_speech_in_a_published_bulletin_changes_no_more() {
    let signed = apply(&sent_back(), &sign_off(false), &facts(member(1))).expect("signed");
    let frozen = Facts { role: clerk(), frozen: true };
    for c in [Command::Reopen, Command::Edit { text: "改".into() }, Command::SendBack, sign_off(true)] {
        assert_eq!(code(apply(&signed, &c, &frozen)), ErrorCode::SpeechFrozen, "{c:?}");
    }
    let frozen = Facts { role: member(1), frozen: true };
    assert_eq!(code(apply(&signed, &Command::Correct { text: "改".into() }, &frozen)), ErrorCode::SpeechFrozen);
}

#[test]
fn a_stored_speech_is_written_only_once_signed_off() {
    let s = Speech::from_stored(SpeechState::SentBack, Speaker::Member(PersonId(1)), "稿".into(), true);
    assert!(!s.written());
    assert_eq!(speech_label("张三", Some("养老服务条例（草案）")), "张三关于“养老服务条例（草案）”的发言");
    assert_eq!(speech_label("张三", None), "张三的发言");
}

// ---- the 简报 -------------------------------------------------------------------------------

#[test]
fn a_bulletin_takes_only_signed_off_speeches_of_its_meeting_and_names_one_that_is_not() {
    assert!(check_assembly(MEETING, &[chosen(1, SpeechState::SignedOff), chosen(2, SpeechState::SignedOff)]).is_ok());
    let e = check_assembly(MEETING, &[chosen(1, SpeechState::SignedOff), chosen(2, SpeechState::SentBack)])
        .expect_err("unsigned");
    assert_eq!((e.code, e.field), (ErrorCode::SpeechNotSignedOff, Some("speeches")));
    assert!(e.message.contains("委员2的发言") && e.message.contains("待发言人确认"), "{}", e.message);
    assert_eq!(code(check_assembly(MEETING, &[])), ErrorCode::EmptyBulletin);
    let twice = [chosen(1, SpeechState::SignedOff), chosen(1, SpeechState::SignedOff)];
    assert_eq!(code(check_assembly(MEETING, &twice)), ErrorCode::InvalidInput);
    let elsewhere = Chosen { meeting: MeetingId(8), ..chosen(3, SpeechState::SignedOff) };
    assert_eq!(code(check_assembly(MEETING, &[elsewhere])), ErrorCode::InvalidInput);
}

#[test]
fn a_bulletin_is_published_once_checked_again_and_never_discarded_after() {
    let ok = [chosen(1, SpeechState::SignedOff)];
    assert!(check_publish(BulletinState::Draft, MEETING, &ok).is_ok());
    assert_eq!(code(check_publish(BulletinState::Published, MEETING, &ok)), ErrorCode::BulletinPublished);
    let reopened = [chosen(1, SpeechState::SentBack)];
    assert_eq!(code(check_publish(BulletinState::Draft, MEETING, &reopened)), ErrorCode::SpeechNotSignedOff);
    assert!(check_discard(BulletinState::Draft).is_ok());
    assert_eq!(code(check_discard(BulletinState::Published)), ErrorCode::BulletinPublished);
}

#[test]
fn bulletins_are_numbered_on_from_the_last_of_the_year() {
    assert_eq!(next_number(&[]), 1);
    assert_eq!(next_number(&[1, 3, 2]), 4);
    assert_eq!(issue_label(3), "第3期");
}

// ---- no sequence of commands puts an unsigned speech in a published 简报 ---------------------

/// A step of the model: a command on a speech by someone, a 简报 assembled from some speeches,
/// one published or discarded.
#[derive(Clone, Debug)]
enum Op {
    Speech { which: usize, command: u8, who: u8 },
    Assemble(Vec<usize>),
    Publish(usize),
    Discard(usize),
}

const SPEAKERS: [Speaker; 4] = [
    Speaker::Member(PersonId(1)),
    Speaker::Member(PersonId(2)),
    Speaker::Attendee(AttendeeId(1)),
    Speaker::Member(PersonId(1)),
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..SPEAKERS.len(), 0u8..6, prop_oneof![3 => Just(0u8), 2 => 1u8..4]).prop_map(|(which, command, who)| Op::Speech { which, command, who }),
        2 => prop::collection::btree_set(0..SPEAKERS.len(), 0..3).prop_map(|s| Op::Assemble(s.into_iter().collect())),
        2 => (0usize..4).prop_map(Op::Publish),
        1 => (0usize..4).prop_map(Op::Discard),
    ]
}

fn command_of(n: u8) -> Command {
    match n {
        0 => Command::Edit { text: "整理稿".into() },
        1 => Command::SendBack,
        2 => Command::Correct { text: "本人修改稿".into() },
        3 => sign_off(false),
        4 => sign_off(true),
        _ => Command::Reopen,
    }
}

/// Who gives `command` on a speech by `speaker`: 0 the one it is for (the clerk for the clerk's
/// commands, the speaker — if they have an account — for theirs), else the clerk, member 1 or
/// someone of the public, whoever the command is for.
fn role_of(n: u8, command: &Command, speaker: Speaker) -> Role {
    match n {
        0 => match (command, speaker) {
            (Command::Correct { .. } | Command::SignOff { written: false, .. }, Speaker::Member(p)) => member(p.0),
            (Command::Correct { .. } | Command::SignOff { written: false, .. }, Speaker::Attendee(_)) => member(9),
            _ => clerk(),
        },
        1 => clerk(),
        2 => member(1),
        _ => Role::Public,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_sequence_of_commands_puts_an_unsigned_speech_in_a_published_bulletin(
        ops in prop::collection::vec(op(), 0..80)
    ) {
        let mut speeches: Vec<Speech> =
            SPEAKERS.iter().map(|s| Speech::record(*s, "初稿").expect("a draft")).collect();
        // Each 简报: its state, its speeches, and what they were when it was published.
        let mut bulletins: Vec<(BulletinState, Vec<usize>, Vec<Speech>)> = Vec::new();
        let chosen_of = |speeches: &[Speech], picks: &[usize]| -> Vec<Chosen> {
            picks.iter().map(|i| Chosen {
                id: SpeechId(*i as i64),
                meeting: MEETING,
                state: speeches[*i].state(),
                label: format!("发言{i}"),
            }).collect()
        };
        for op in ops {
            match op {
                Op::Speech { which, command, who } => {
                    let frozen = bulletins.iter().any(|(s, picks, _)| *s == BulletinState::Published && picks.contains(&which));
                    let before = speeches[which].clone();
                    let command = command_of(command);
                    let role = role_of(who, &command, before.speaker());
                    match apply(&before, &command, &Facts { role, frozen }) {
                        Ok(next) => {
                            prop_assert!(!frozen, "a frozen speech changed");
                            speeches[which] = next;
                        }
                        Err(e) => prop_assert!(!e.message.is_empty()),
                    }
                }
                Op::Assemble(picks) => {
                    if check_assembly(MEETING, &chosen_of(&speeches, &picks)).is_ok() {
                        bulletins.push((BulletinState::Draft, picks, Vec::new()));
                    }
                }
                Op::Publish(i) => {
                    if let Some((state, picks, _)) = bulletins.get(i).cloned()
                        && check_publish(state, MEETING, &chosen_of(&speeches, &picks)).is_ok()
                    {
                        let snapshot = picks.iter().map(|p| speeches[*p].clone()).collect();
                        bulletins[i] = (BulletinState::Published, picks, snapshot);
                    }
                }
                Op::Discard(i) => {
                    if bulletins.get(i).is_some_and(|b| check_discard(b.0).is_ok()) {
                        bulletins.remove(i);
                    }
                }
            }
            for (state, picks, snapshot) in &bulletins {
                if *state == BulletinState::Published {
                    for (p, then) in picks.iter().zip(snapshot) {
                        prop_assert_eq!(speeches[*p].state(), SpeechState::SignedOff);
                        prop_assert_eq!(&speeches[*p], then, "a published speech changed");
                    }
                }
            }
        }
    }
}
