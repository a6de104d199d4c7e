//! The whole policy as a matrix: every subject × every record position × every resource ×
//! every action, against a table written out by hand. A change to `RULES` that is not also made
//! here fails this test, so the table below is the policy as reviewed.

use super::*;
use proptest::prelude::*;

const C: OrgId = OrgId(1); // 示范市人大
const K1: OrgId = OrgId(2); // 东城区人大
const K2: OrgId = OrgId(3); // 西城区人大
const T1: OrgId = OrgId(4); // 东城区 东湖镇人大
const U1: OrgId = OrgId(10); // a unit of 东城区
const U2: OrgId = OrgId(11); // another unit of 东城区
const P1: PersonId = PersonId(100);
const P2: PersonId = PersonId(101);

fn targets() -> Vec<(&'static str, Target<'static>)> {
    vec![
        ("k1", Target { congress_path: &[K1, C], ..Target::default() }),
        ("t1", Target { congress_path: &[T1, K1, C], ..Target::default() }),
        ("c", Target { congress_path: &[C], ..Target::default() }),
        ("k2", Target { congress_path: &[K2, C], ..Target::default() }),
        ("k1_u1_p1", Target { congress_path: &[K1, C], units: &[U1], persons: &[P1], public: false }),
        ("pub_k2", Target { congress_path: &[K2, C], public: true, ..Target::default() }),
        // A resolution of 东城区's congress filed with the city (the maker is the congress below).
        ("c_by_k1", Target { congress_path: &[C], units: &[K1], ..Target::default() }),
    ]
}

fn subjects() -> Vec<(&'static str, Role)> {
    vec![
        ("admin", Role::Admin),
        ("staff_c", Role::Staff { congress: C }),
        ("staff_k1", Role::Staff { congress: K1 }),
        ("staff_k2", Role::Staff { congress: K2 }),
        ("staff_t1", Role::Staff { congress: T1 }),
        ("deputy_p1", Role::Deputy { person: P1 }),
        ("deputy_p2", Role::Deputy { person: P2 }),
        ("unit_u1", Role::Unit { unit: U1 }),
        ("unit_u2", Role::Unit { unit: U2 }),
        ("public", Role::Public),
    ]
}

// Columns: Congress, Organisation, Deputy, User, AuditLog, Suggestion, Document, Opinion,
// Activity, Oversight, MajorMatter, PublicReply, OfficialDocument, Meeting, Filing, Regulation.
// V view, C create, E edit, D delete.
#[rustfmt::skip]
const ADMIN: [&str; 16] =
    ["VCED", "VCED", "VCED", "VCED", "V", "V", "VCED", "V", "V", "V", "V", "", "V", "V", "V", "V"];
#[rustfmt::skip]
const OWN: [&str; 16] =
    ["VE", "VCED", "VCED", "VCE", "V", "VCE", "VCED", "VCE", "VCED", "VCED", "VCE", "", "VCE", "VCE", "VCE", "VCE"];
const BELOW: [&str; 16] = ["V", "V", "V", "V", "V", "V", "V", "V", "V", "V", "", "", "V", "V", "V", "V"];
// Being published opens a suggestion's public reply, never the suggestion (its handling record).
const PUBLISHED: [&str; 16] = ["V", "V", "V", "", "", "", "V", "V", "V", "V", "", "V", "", "", "V", "V"];
const NOTHING: [&str; 16] = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""];
const OWN_DEPUTY: [&str; 16] = ["", "", "VE", "", "", "VCED", "", "", "V", "", "", "", "", "VE", "", ""];
const OWN_UNIT: [&str; 16] = ["", "V", "", "", "", "VE", "", "VE", "", "VE", "", "", "V", "", "VCE", ""];
// The staff of a congress stand to a resolution their congress filed above as its maker.
const FILED_BY_OWN_CONGRESS: [&str; 16] = ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "VCE", ""];
// Those who hold the record anyway read its public reply too once it is published.
#[rustfmt::skip]
const ADMIN_PUB: [&str; 16] =
    ["VCED", "VCED", "VCED", "VCED", "V", "V", "VCED", "V", "V", "V", "V", "V", "V", "V", "V", "V"];
#[rustfmt::skip]
const OWN_PUB: [&str; 16] =
    ["VE", "VCED", "VCED", "VCE", "V", "VCE", "VCED", "VCE", "VCED", "VCED", "VCE", "V", "VCE", "VCE", "VCE", "VCE"];
const BELOW_PUB: [&str; 16] = ["V", "V", "V", "V", "V", "V", "V", "V", "V", "V", "", "V", "V", "V", "V", "V"];

#[rustfmt::skip]
const EXPECTED: &[(&str, &str, [&str; 16])] = &[
    ("admin", "k1", ADMIN), ("admin", "t1", ADMIN), ("admin", "c", ADMIN),
    ("admin", "k2", ADMIN), ("admin", "k1_u1_p1", ADMIN), ("admin", "pub_k2", ADMIN_PUB),
    // The city's staff read everything below and write only their own.
    ("staff_c", "k1", BELOW), ("staff_c", "t1", BELOW), ("staff_c", "c", OWN),
    ("staff_c", "k2", BELOW), ("staff_c", "k1_u1_p1", BELOW), ("staff_c", "pub_k2", BELOW_PUB),
    // A district's staff: their own, their townships read-only, nothing of the city or a sibling.
    ("staff_k1", "k1", OWN), ("staff_k1", "t1", BELOW), ("staff_k1", "c", NOTHING),
    ("staff_k1", "k2", NOTHING), ("staff_k1", "k1_u1_p1", OWN), ("staff_k1", "pub_k2", PUBLISHED),
    ("staff_k2", "k1", NOTHING), ("staff_k2", "t1", NOTHING), ("staff_k2", "c", NOTHING),
    ("staff_k2", "k2", OWN), ("staff_k2", "k1_u1_p1", NOTHING), ("staff_k2", "pub_k2", OWN_PUB),
    // A township's staff see nothing above them.
    ("staff_t1", "k1", NOTHING), ("staff_t1", "t1", OWN), ("staff_t1", "c", NOTHING),
    ("staff_t1", "k2", NOTHING), ("staff_t1", "k1_u1_p1", NOTHING), ("staff_t1", "pub_k2", PUBLISHED),
    // A deputy: their own records and what is published.
    ("deputy_p1", "k1", NOTHING), ("deputy_p1", "t1", NOTHING), ("deputy_p1", "c", NOTHING),
    ("deputy_p1", "k2", NOTHING), ("deputy_p1", "k1_u1_p1", OWN_DEPUTY), ("deputy_p1", "pub_k2", PUBLISHED),
    ("deputy_p2", "k1", NOTHING), ("deputy_p2", "t1", NOTHING), ("deputy_p2", "c", NOTHING),
    ("deputy_p2", "k2", NOTHING), ("deputy_p2", "k1_u1_p1", NOTHING), ("deputy_p2", "pub_k2", PUBLISHED),
    // A unit: what is assigned to it; another unit of the same district sees none of it.
    ("unit_u1", "k1", NOTHING), ("unit_u1", "t1", NOTHING), ("unit_u1", "c", NOTHING),
    ("unit_u1", "k2", NOTHING), ("unit_u1", "k1_u1_p1", OWN_UNIT), ("unit_u1", "pub_k2", PUBLISHED),
    ("unit_u2", "k1", NOTHING), ("unit_u2", "t1", NOTHING), ("unit_u2", "c", NOTHING),
    ("unit_u2", "k2", NOTHING), ("unit_u2", "k1_u1_p1", NOTHING), ("unit_u2", "pub_k2", PUBLISHED),
    ("public", "k1", NOTHING), ("public", "t1", NOTHING), ("public", "c", NOTHING),
    ("public", "k2", NOTHING), ("public", "k1_u1_p1", NOTHING), ("public", "pub_k2", PUBLISHED),
    // A resolution the district filed with the city: the city's staff run it, the district's staff file it.
    ("admin", "c_by_k1", ADMIN), ("staff_c", "c_by_k1", OWN), ("staff_k1", "c_by_k1", FILED_BY_OWN_CONGRESS), ("staff_k2", "c_by_k1", NOTHING), ("staff_t1", "c_by_k1", NOTHING),
    ("deputy_p1", "c_by_k1", NOTHING), ("deputy_p2", "c_by_k1", NOTHING), ("unit_u1", "c_by_k1", NOTHING), ("unit_u2", "c_by_k1", NOTHING), ("public", "c_by_k1", NOTHING),
];

fn letter(a: Action) -> char {
    match a {
        Action::View => 'V',
        Action::Create => 'C',
        Action::Edit => 'E',
        Action::Delete => 'D',
    }
}

#[test]
fn the_policy_matches_the_reviewed_matrix_for_every_role_scope_resource_and_action() {
    let targets = targets();
    let subjects = subjects();
    assert_eq!(EXPECTED.len(), targets.len() * subjects.len(), "the table must cover every pair");
    let mut mismatches = Vec::new();
    for (sname, role) in &subjects {
        for (tname, target) in &targets {
            let (_, _, want) = EXPECTED
                .iter()
                .find(|(s, t, _)| s == sname && t == tname)
                .unwrap_or_else(|| panic!("no row for {sname} × {tname}"));
            for (col, resource) in Resource::ALL.iter().enumerate() {
                for action in Action::ALL {
                    let expected = want[col].contains(letter(action));
                    let got = allows(*role, action, *resource, target);
                    if expected != got {
                        mismatches.push(format!(
                            "{sname} {action:?} {resource:?} at {tname}: expected {expected}, got {got}"
                        ));
                    }
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "policy differs from the matrix:\n{}", mismatches.join("\n"));
}

#[test]
fn a_refusal_says_in_chinese_who_may_not_do_what() {
    let t = Target { congress_path: &[K2, C], ..Target::default() };
    let err =
        decide(Role::Staff { congress: K1 }, Action::Edit, Resource::Deputy, &t).expect_err("cross-congress edit");
    assert_eq!(err.message, "人大工作人员无权修改此代表。");
}

#[test]
fn a_published_suggestion_opens_its_public_reply_to_everyone_and_its_record_only_to_its_parties() {
    let published = Target { congress_path: &[K1, C], units: &[U1], persons: &[P1], public: true };
    let parties = ["admin", "staff_c", "staff_k1", "deputy_p1", "unit_u1"];
    for (name, role) in subjects() {
        assert!(allows(role, Action::View, Resource::PublicReply, &published), "{name} reads the public reply");
        assert_eq!(
            allows(role, Action::View, Resource::Suggestion, &published),
            parties.contains(&name),
            "{name}: only the suggestion's parties open its handling record"
        );
    }
    let unpublished = Target { public: false, ..published };
    for (name, role) in subjects() {
        assert!(!allows(role, Action::View, Resource::PublicReply, &unpublished), "{name}: nothing is public yet");
    }
}

#[test]
fn staff_grant_roles_only_within_their_own_congress_and_never_admin() {
    let staff_k1 = Role::Staff { congress: K1 };
    assert!(may_grant(staff_k1, Role::Staff { congress: K1 }, &[K1, C]).is_ok());
    assert!(may_grant(staff_k1, Role::Unit { unit: U1 }, &[K1, C]).is_ok());
    assert!(may_grant(staff_k1, Role::Deputy { person: P1 }, &[K1, C]).is_ok());
    assert!(may_grant(staff_k1, Role::Public, &[]).is_ok());
    assert!(may_grant(staff_k1, Role::Admin, &[]).is_err());
    assert!(may_grant(staff_k1, Role::Staff { congress: C }, &[C]).is_err());
    assert!(may_grant(staff_k1, Role::Staff { congress: T1 }, &[T1, K1, C]).is_err());
    assert!(may_grant(staff_k1, Role::Staff { congress: K2 }, &[K2, C]).is_err());
    assert!(may_grant(Role::Admin, Role::Admin, &[]).is_ok());
    assert!(may_grant(Role::Deputy { person: P1 }, Role::Public, &[]).is_err());
    assert!(may_grant(Role::Unit { unit: U1 }, Role::Unit { unit: U1 }, &[K1, C]).is_err());
}

#[test]
fn a_role_tells_its_own_congress_person_or_unit_and_nothing_else() {
    for (name, role) in subjects() {
        let (congress, person, unit) = match role {
            Role::Staff { congress } => (Some(congress), None, None),
            Role::Deputy { person } => (None, Some(person), None),
            Role::Unit { unit } => (None, None, Some(unit)),
            Role::Admin | Role::Public => (None, None, None),
        };
        assert_eq!(role.staff_congress(), congress, "{name}'s staff congress");
        assert_eq!(role.deputy(), person, "{name}'s person");
        assert_eq!(role.unit(), unit, "{name}'s unit");
    }
    assert_eq!(Role::Staff { congress: K1 }.staff_congress(), Some(K1));
    assert_eq!(Role::Deputy { person: P2 }.deputy(), Some(P2));
    assert_eq!(Role::Unit { unit: U2 }.unit(), Some(U2));
    assert_eq!(Role::Admin.staff_congress(), None);
    assert_eq!(Role::Unit { unit: U1 }.staff_congress(), None, "a unit's org is no congress");
}

#[test]
fn may_at_all_is_true_exactly_when_some_record_of_the_matrix_grants_it_unpublished() {
    // Over the matrix's subjects and every unpublished position: the role may do the action
    // somewhere iff may_at_all says so.
    let positions: Vec<Target<'static>> = targets().into_iter().map(|(_, t)| t).filter(|t| !t.public).collect();
    for (name, role) in subjects() {
        for resource in Resource::ALL {
            for action in Action::ALL {
                let somewhere = positions.iter().any(|t| allows(role, action, resource, t));
                // The matrix's positions hold no record of staff_t1's below or of deputy_p2's or
                // unit_u2's own, so judge those by their twins.
                let twin = match name {
                    "staff_t1" | "staff_k2" => Role::Staff { congress: K1 },
                    "deputy_p2" => Role::Deputy { person: P1 },
                    "unit_u2" => Role::Unit { unit: U1 },
                    _ => role,
                };
                let twin_somewhere = positions.iter().any(|t| allows(twin, action, resource, t));
                assert_eq!(
                    may_at_all(role, action, resource),
                    somewhere || twin_somewhere,
                    "{name} {action:?} {resource:?}"
                );
            }
        }
    }
    // What only publishing grants does not count: the public has no working page.
    assert!(!may_at_all(Role::Public, Action::View, Resource::Document));
    assert!(!may_at_all(Role::Deputy { person: P1 }, Action::View, Resource::Oversight));
    assert!(may_at_all(Role::Staff { congress: K1 }, Action::Create, Resource::Activity));
    assert!(!may_at_all(Role::Deputy { person: P1 }, Action::Create, Resource::Activity));
    assert!(may_at_all(Role::Deputy { person: P1 }, Action::Create, Resource::Suggestion));
    assert!(!may_at_all(Role::Unit { unit: U1 }, Action::Create, Resource::Suggestion));
    assert!(!may_at_all(Role::Admin, Action::Create, Resource::Suggestion));
}

#[test]
fn may_congress_wide_is_the_admin_and_staff_of_their_own_congress_as_the_matrix_says() {
    // The matrix's column for a bare record of the subject's own congress (k1 for staff_k1),
    // or of any congress for the others: no unit or person of theirs in it, not published.
    for (name, role) in subjects() {
        let own = [role.staff_congress().unwrap_or(K1)];
        let bare = Target { congress_path: &own, ..Target::default() };
        for resource in Resource::ALL {
            for action in Action::ALL {
                assert_eq!(
                    may_congress_wide(role, action, resource),
                    allows(role, action, resource, &bare),
                    "{name} {action:?} {resource:?}"
                );
            }
        }
    }
    assert!(may_congress_wide(Role::Staff { congress: K1 }, Action::Edit, Resource::Suggestion));
    assert!(!may_congress_wide(Role::Admin, Action::Edit, Resource::Suggestion), "the admin reads suggestions only");
    assert!(may_congress_wide(Role::Admin, Action::View, Resource::Suggestion));
    assert!(!may_congress_wide(Role::Deputy { person: P1 }, Action::Edit, Resource::Suggestion), "only their own");
    assert!(!may_congress_wide(Role::Unit { unit: U1 }, Action::View, Resource::Suggestion), "only what it is given");
}

#[test]
fn role_kinds_round_trip_through_their_codes() {
    for k in RoleKind::ALL {
        assert_eq!(RoleKind::from_code(k.code()), Some(k));
    }
}

proptest! {
    /// Staff never write outside their own congress, whatever the record looks like.
    #[test]
    fn staff_never_write_outside_their_congress(
        own in 1i64..20, path in proptest::collection::vec(1i64..20, 0..4),
        public: bool, action_ix in 1usize..4, res_ix in 0usize..Resource::ALL.len(),
    ) {
        let path: Vec<OrgId> = path.into_iter().map(OrgId).collect();
        let t = Target { congress_path: &path, public, ..Target::default() };
        let allowed = allows(Role::Staff { congress: OrgId(own) }, Action::ALL[action_ix], Resource::ALL[res_ix], &t);
        if allowed {
            prop_assert_eq!(path.first(), Some(&OrgId(own)));
        }
    }

    /// Publishing a suggestion's reply never opens the suggestion itself to anyone who could not
    /// open it before.
    #[test]
    fn being_published_adds_no_one_to_a_suggestions_parties(
        path in proptest::collection::vec(1i64..6, 0..4), units in proptest::collection::vec(10i64..13, 0..3),
        persons in proptest::collection::vec(100i64..103, 0..3), subject_ix in 0usize..10, action_ix in 0usize..4,
    ) {
        let path: Vec<OrgId> = path.into_iter().map(OrgId).collect();
        let units: Vec<OrgId> = units.into_iter().map(OrgId).collect();
        let persons: Vec<PersonId> = persons.into_iter().map(PersonId).collect();
        let private = Target { congress_path: &path, units: &units, persons: &persons, public: false };
        let published = Target { public: true, ..private };
        let (_, role) = subjects()[subject_ix];
        let action = Action::ALL[action_ix];
        prop_assert_eq!(
            allows(role, action, Resource::Suggestion, &published),
            allows(role, action, Resource::Suggestion, &private)
        );
    }

    /// Nobody but the admin writes anything that is merely published.
    #[test]
    fn being_published_grants_only_reading(res_ix in 0usize..Resource::ALL.len(), action_ix in 1usize..4, kind_ix in 1usize..5) {
        let t = Target { public: true, ..Target::default() };
        let role = [Role::Admin, Role::Staff { congress: K1 }, Role::Deputy { person: P1 }, Role::Unit { unit: U1 }, Role::Public][kind_ix];
        prop_assert!(!allows(role, Action::ALL[action_ix], Resource::ALL[res_ix], &t));
    }
}

#[test]
fn a_meetings_members_read_it_and_take_part_while_only_its_congress_staff_run_it() {
    // A district meeting whose body on the day has P1 as a member.
    let meeting = Target { congress_path: &[K1, C], persons: &[P1], ..Target::default() };
    let member = Role::Deputy { person: P1 };
    assert!(allows(member, Action::View, Resource::Meeting, &meeting));
    assert!(allows(member, Action::Edit, Resource::Meeting, &meeting), "leave, sign-in, their own vote");
    assert!(!allows(member, Action::Create, Resource::Meeting, &meeting), "members do not schedule meetings");
    assert!(!allows(Role::Deputy { person: P2 }, Action::View, Resource::Meeting, &meeting), "not a member");
    assert!(allows(Role::Staff { congress: K1 }, Action::Create, Resource::Meeting, &meeting));
    assert!(allows(Role::Staff { congress: C }, Action::View, Resource::Meeting, &meeting));
    assert!(!allows(Role::Staff { congress: C }, Action::Edit, Resource::Meeting, &meeting), "the city only reads");
    assert!(!allows(Role::Staff { congress: K2 }, Action::View, Resource::Meeting, &meeting));
    assert!(!allows(Role::Unit { unit: U1 }, Action::View, Resource::Meeting, &meeting));
    assert!(!allows(Role::Admin, Action::Edit, Resource::Meeting, &meeting), "the admin reads only");
    assert!(
        !allows(Role::Staff { congress: K1 }, Action::Delete, Resource::Meeting, &meeting),
        "its votes are the record"
    );
}
