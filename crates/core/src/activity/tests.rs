use super::*;
use crate::org::CongressLevel;
use jiff::civil::date;

const CITY: OrgId = OrgId(1);
const EAST: OrgId = OrgId(2);
const WEST: OrgId = OrgId(3);

fn form() -> NewActivity {
    NewActivity {
        kind: ActivityKind::Inspection,
        title: " 视察老旧小区改造 ".into(),
        place: " 东城区 ".into(),
        organiser: "区人大常委会办公室".into(),
        starts_at: date(2026, 3, 5).at(9, 0, 0, 0),
        ends_at: date(2026, 3, 5).at(12, 0, 0, 0),
        description: " 内容 ".into(),
        station: None,
        mediation: None,
    }
}

fn facts() -> Facts {
    Facts {
        id: ActivityId(7),
        kind: ActivityKind::Inspection,
        starts_at: date(2026, 3, 5).at(9, 0, 0, 0),
        ends_at: date(2026, 3, 5).at(12, 0, 0, 0),
        cancelled: false,
        congresses: vec![EAST, WEST],
    }
}

fn field(e: ActivityError) -> String {
    match e {
        ActivityError::Invalid(v) => v.field,
        other => panic!("not a form error: {other:?}"),
    }
}

#[test]
fn the_form_is_checked_field_by_field_and_kept_trimmed() {
    let ok = check_form(&form(), EAST, None).expect("valid");
    assert_eq!((ok.title.as_str(), ok.place.as_str(), ok.description.as_str()), ("视察老旧小区改造", "东城区", "内容"));
    assert_eq!(field(check_form(&NewActivity { title: " ".into(), ..form() }, EAST, None).expect_err("t")), "title");
    let long = NewActivity { organiser: "字".repeat(101), ..form() };
    assert_eq!(field(check_form(&long, EAST, None).expect_err("organiser")), "organiser");
    let backwards = NewActivity { ends_at: date(2026, 3, 5).at(8, 0, 0, 0), ..form() };
    assert_eq!(field(check_form(&backwards, EAST, None).expect_err("ends")), "ends_at");
    let mediation = NewActivity { mediation: Some(Mediation::default()), ..form() };
    assert_eq!(field(check_form(&mediation, EAST, None).expect_err("not mediation")), "kind");
    let case = NewActivity {
        kind: ActivityKind::Mediation,
        mediation: Some(Mediation { steps: "字".repeat(2001), ..Mediation::default() }),
        ..form()
    };
    assert_eq!(field(check_form(&case, EAST, None).expect_err("steps")), "steps");
    let at_station = NewActivity { station: Some(OrgId(9)), ..form() };
    let here = StationFound { kind: OrgKind::LiaisonStation, parent: Some(EAST) };
    assert!(check_form(&at_station, EAST, Some(Ok(here))).is_ok());
    let elsewhere = StationFound { parent: Some(WEST), ..here };
    assert_eq!(field(check_form(&at_station, EAST, Some(Ok(elsewhere))).expect_err("other")), "station");
    let not_station = StationFound { kind: OrgKind::Congress(CongressLevel::County), parent: Some(EAST) };
    assert_eq!(field(check_form(&at_station, EAST, Some(Ok(not_station))).expect_err("kind")), "station");
    let missing = check_form(&at_station, EAST, Some(Err("该机构"))).expect_err("missing");
    assert_eq!(missing, ActivityError::NotFound("该机构"));
    // A missing station is refused in its turn: the fields before it first.
    let both = NewActivity { title: String::new(), ..at_station.clone() };
    assert_eq!(field(check_form(&both, EAST, Some(Err("该机构"))).expect_err("title first")), "title");
}

#[test]
fn staff_of_the_owner_create_and_organise_and_a_cancelled_activity_is_closed() {
    let east_staff = Role::Staff { congress: EAST };
    let o = create(east_staff, EAST, &[EAST, CITY], &form(), None).expect("created");
    assert_eq!(o.action, "activity.create");
    assert!(matches!(&o.effects[..], [Effect::Insert { congress: EAST, .. }]));
    assert_eq!(field(create(east_staff, CITY, &[EAST, CITY], &form(), None).expect_err("path")), "congress");
    let e = create(Role::Staff { congress: WEST }, EAST, &[EAST, CITY], &form(), None).expect_err("west");
    assert!(matches!(e, ActivityError::Denied(_)));
    assert!(organises(east_staff, &[EAST, CITY]).is_ok());
    assert!(organises(Role::Staff { congress: CITY }, &[EAST, CITY]).is_err(), "staff above only read");
    assert_eq!(edit(&facts(), &form(), None).expect("edit").effects[1], Effect::Recredit);
    let gone = Facts { cancelled: true, ..facts() };
    for e in [edit(&gone, &form(), None).expect_err("edit"), cancel(&gone).expect_err("cancel")] {
        assert!(matches!(e, ActivityError::Refused(r) if r.code == ErrorCode::ActivityCancelled));
    }
    assert_eq!(cancel(&facts()).expect("cancel").effects, vec![Effect::Cancel, Effect::Recredit]);
}

#[test]
fn readers_are_its_congresses_staff_the_invited_and_everyone_once_published() {
    let paths = vec![vec![EAST, CITY], vec![WEST, CITY]];
    assert!(may_view(Role::Staff { congress: WEST }, &paths, false, false), "a joint congress");
    assert!(may_view(Role::Staff { congress: CITY }, &paths, false, false), "above");
    assert!(!may_view(Role::Staff { congress: OrgId(4) }, &paths, false, false));
    let deputy = Role::Deputy { person: PersonId(5) };
    assert!(!may_view(deputy, &paths, false, false));
    assert!(may_view(deputy, &paths, true, false), "invited");
    assert!(!may_view(Role::Public, &paths, false, false));
    assert!(may_view(Role::Public, &paths, false, true), "published");
}

#[test]
fn joining_reporting_and_photos_have_their_rules() {
    assert_eq!(field(join(&facts(), OrgId(9), false).expect_err("not a congress")), "congress");
    let e = join(&facts(), WEST, true).expect_err("already");
    assert!(matches!(e, ActivityError::Refused(r) if r.code == ErrorCode::AlreadyHost));
    assert_eq!(join(&facts(), CITY, true).expect("joined").effects, vec![Effect::AddCongress(CITY)]);
    assert_eq!(field(report(" ", true).expect_err("empty")), "report");
    assert_eq!(field(report(&"字".repeat(20_001), false).expect_err("long")), "report");
    assert_eq!(report("  ", false).expect("blank").effects, vec![Effect::SetReport { text: None, published: false }]);
    assert_eq!(
        report(" 报道 ", true).expect("ok").effects,
        vec![Effect::SetReport { text: Some("报道".into()), published: true }]
    );
    let png: &[u8] = b"\x89PNG\r\n\x1a\nrest";
    let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF, 0];
    assert_eq!(field(attach_photos(&[], "").expect_err("none")), "files");
    assert_eq!(field(attach_photos(&[("a.png", png), ("b.pdf", b"%PDF")], "").expect_err("pdf")), "files");
    assert_eq!(field(attach_photos(&[("a.png", png)], &"字".repeat(201)).expect_err("caption")), "caption");
    let o = attach_photos(&[("a.png", png), ("b.jpg", jpeg)], " 现场 ").expect("photos");
    assert_eq!(o.effects, vec![Effect::AttachPhotos { caption: "现场".into() }]);
}

#[test]
fn invitations_name_deputies_in_office_once() {
    let (a, b, c) = (PersonId(1), PersonId(2), PersonId(3));
    let e = invite(&facts(), &[a, c], &[a, b], &[]).expect_err("c is not in office");
    assert_eq!(field(e), "persons");
    let o = invite(&facts(), &[b, a, a], &[a, b], &[b]).expect("invited").expect("someone new");
    assert_eq!(o.effects, vec![Effect::Invite(vec![a])]);
    assert_eq!(invite(&facts(), &[b], &[a, b], &[b]).expect("nobody new"), None);
    let gone = Facts { cancelled: true, ..facts() };
    assert!(matches!(invite(&gone, &[a], &[a], &[]), Err(ActivityError::Refused(_))));
    let eligible = vec![(a, "周建国".to_owned()), (b, "吴丽".to_owned()), (c, "吴丽".to_owned())];
    assert_eq!(resolve_names("周建国", &eligible).expect("one"), vec![a]);
    assert_eq!(field(resolve_names("吴丽", &eligible).expect_err("two")), "names");
    assert_eq!(field(resolve_names("无此人", &eligible).expect_err("none")), "names");
    assert_eq!(field(resolve_names(" ，", &eligible).expect_err("empty")), "names");
    assert_eq!(field(check_delegation_congress(&facts(), CITY).expect_err("not its")), "congress");
    assert_eq!(field(check_delegation_found(&[]).expect_err("nobody")), "delegation");
    assert_eq!(invitable(&eligible, &[b]), vec![(a, "周建国".to_owned()), (c, "吴丽".to_owned())]);
}

#[test]
fn the_roll_is_the_deputys_own_or_the_organisers_and_a_scan_adds_an_eligible_deputy() {
    let path = [EAST, CITY];
    let me = PersonId(5);
    assert_eq!(participant_of(Role::Deputy { person: me }, me, &path), Ok(Participant::Deputy));
    assert!(participant_of(Role::Deputy { person: PersonId(6) }, me, &path).is_err());
    assert_eq!(participant_of(Role::Staff { congress: EAST }, me, &path), Ok(Participant::Organiser));
    assert!(participant_of(Role::Staff { congress: WEST }, me, &path).is_err());

    let before = date(2026, 3, 4).at(10, 0, 0, 0);
    let during = date(2026, 3, 5).at(10, 0, 0, 0);
    let leave = ParticipationCommand::RequestLeave { reason: " 出差 ".into() };
    let c = attend(&facts(), me, Attendance::Invited, Participant::Deputy, &leave, before).expect("leave");
    assert_eq!(
        (c.leave_reason.as_deref(), c.checkin_method, c.action.as_str()),
        (Some("出差"), None, "activity.request_leave")
    );
    let ticked =
        attend(&facts(), me, Attendance::SignedUp, Participant::Organiser, &ParticipationCommand::CheckIn, during)
            .expect("ticked");
    assert_eq!((ticked.next, ticked.checkin_method), (Attendance::CheckedIn, Some("list")));
    assert!(
        buttons(&Facts { cancelled: true, ..facts() }, Attendance::Invited, Participant::Deputy, before).is_empty()
    );
    assert_eq!(
        buttons(&facts(), Attendance::Invited, Participant::Deputy, during),
        vec![ParticipationKind::RequestLeave, ParticipationKind::CheckIn]
    );

    assert!(scanner(Role::Staff { congress: EAST }).is_err());
    assert_eq!(
        scan(&facts(), me, Some(Attendance::CheckedIn), false, during),
        Ok(Scan::Already(Attendance::CheckedIn))
    );
    let Ok(Scan::Attend(added)) = scan(&facts(), me, None, true, during) else { panic!("added") };
    assert_eq!((added.before, added.next, added.checkin_method), (None, Attendance::CheckedIn, Some("qr")));
    assert!(matches!(scan(&facts(), me, None, false, during), Err(ActivityError::Denied(_))));
    assert!(matches!(scan(&facts(), me, None, true, before), Err(ActivityError::Scoring(_))), "not yet");
    for k in ParticipationKind::ALL {
        assert_eq!(serde_json::to_value(k).expect("json"), serde_json::json!(k.code()));
    }
}

#[test]
fn a_line_earns_its_item_in_the_deputys_own_congress_on_the_first_day() {
    let a = facts();
    let got = credit(&a, Some(Attendance::CheckedIn), &[WEST]).expect("credited");
    assert_eq!((got.congress, got.date), (WEST, date(2026, 3, 5)));
    assert_eq!(credit(&a, Some(Attendance::Absent), &[EAST]).map(|c| c.kind), Some(ItemKind::ActivityAbsent));
    assert_eq!(credit(&a, Some(Attendance::LeaveApproved), &[EAST]), None);
    assert_eq!(credit(&a, Some(Attendance::CheckedIn), &[CITY]), None, "seated in none of its congresses");
    assert_eq!(credit(&a, None, &[EAST]), None, "cancelled");
    assert_eq!(source_of(ActivityId(7), PersonId(5)), "activity:7:5");
}
