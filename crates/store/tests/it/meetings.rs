//! Meetings and their votes in the store, on SQLite and (when configured) PostgreSQL: the
//! committee on a day from dated memberships, the quorum a vote needs to open, a majority of all
//! members (not of those voting), one vote per member — also when two phones send it at once —,
//! nothing after the close, a secret vote that keeps no link between a person and a choice, an
//! audit entry with every change, and who may do what.

use jiff::civil::{Date, date};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId, PostId};
use renda_core::meeting::agenda::{Matter, Nominee};
use renda_core::meeting::attendance::{LeaveState, Presence};
use renda_core::meeting::vote::{Choice, Secrecy, VoteState};
use renda_core::meeting::{MeetingKind, MemberRole};
use renda_core::official::appointment::Action as Personnel;
use renda_core::org::{CongressLevel, OrgKind};
use renda_store::meetings::{MeetingId, NewItem, NewMeeting, NewMembership, VoteId};
use renda_store::{Backend, Store, StoreError, testing};
use renda_testkit::{as_deputy, audit_count, count, deputy, org, staff};

mod counts;
mod settings;

/// The meeting day; the notice goes out on the test day (2026-03-10), ten days before.
pub(super) const DAY: Date = date(2026, 3, 20);

pub(super) struct World {
    pub(super) city: OrgId,
    pub(super) county: OrgId,
    /// The committee: 主任, two 副主任, 秘书长 and five 委员 — nine members.
    pub(super) members: Vec<PersonId>,
    /// A deputy of the city who sits on no committee.
    pub(super) outsider: PersonId,
    pub(super) meeting: MeetingId,
}

pub(super) async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let roles = [
        MemberRole::Director,
        MemberRole::DeputyDirector,
        MemberRole::DeputyDirector,
        MemberRole::SecretaryGeneral,
        MemberRole::Member,
        MemberRole::Member,
        MemberRole::Member,
        MemberRole::Member,
        MemberRole::Member,
    ];
    let mut members = Vec::new();
    for (i, role) in roles.into_iter().enumerate() {
        let p = deputy(s, &format!("委员{i}"), city).await;
        let m = NewMembership { person: p, role, from: date(2022, 1, 12), until: None };
        s.add_membership(&staff(city), city, &m).await.expect("a member");
        members.push(p);
    }
    let outsider = deputy(s, "列席代表", city).await;
    let meeting = s.create_meeting(&staff(city), city, &new_meeting()).await.expect("scheduled");
    World { city, county, members, outsider, meeting }
}

fn new_meeting() -> NewMeeting {
    NewMeeting {
        kind: MeetingKind::StandingCommittee,
        number: Some(30),
        title: "示范市第十八届人大常委会第三十次会议".into(),
        held_on: DAY,
        place: "市人大常委会会议室".into(),
        notified_on: Some(date(2026, 3, 10)),
    }
}

pub(super) fn text(title: &str) -> NewItem {
    NewItem { title: title.into(), matter: Matter::Text, secrecy: None }
}

fn appointment(title: &str, person: PersonId) -> NewItem {
    let nominees = vec![Nominee { person, post: PostId(1) }];
    NewItem {
        title: title.into(),
        matter: Matter::Personnel { action: Personnel::Appoint, nominees, joint: false },
        secrecy: None,
    }
}

/// The first `n` members sign in on the day (by the clerk).
async fn sign_in(s: &Store, w: &World, n: usize) {
    s.clock().set_on(DAY);
    for p in &w.members[..n] {
        s.sign_in(&staff(w.city), w.meeting, *p).await.expect("signed in");
    }
}

pub(super) async fn item(s: &Store, w: &World, new: &NewItem) -> VoteId {
    s.add_agenda_item(&staff(w.city), w.meeting, new).await.expect("on the agenda")
}

pub(super) fn code(r: Result<impl std::fmt::Debug, StoreError>) -> ErrorCode {
    r.expect_err("refused").code()
}

#[tokio::test]
async fn the_committee_on_a_day_is_the_memberships_covering_that_day() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let later = deputy(s, "新任委员", w.city).await;
        let m = NewMembership { person: later, role: MemberRole::Member, from: date(2026, 4, 1), until: None };
        s.add_membership(&clerk, w.city, &m).await.expect("joins in April");
        // The first 委员 is elected 副主任 on 1 April: one membership ends, another starts.
        let first = sqlx::query_scalar::<_, i64>("SELECT id FROM committee_memberships WHERE person_id = $1")
            .bind(w.members[4].0)
            .fetch_one(s.pool())
            .await
            .expect("the membership");
        s.end_membership(&clerk, first.into(), date(2026, 3, 31)).await.expect("ends");
        let m = NewMembership {
            person: w.members[4],
            role: MemberRole::DeputyDirector,
            from: date(2026, 4, 1),
            until: None,
        };
        s.add_membership(&clerk, w.city, &m).await.expect("a new role");

        let march = s.committee_on(&clerk, w.city, DAY).await.expect("the committee in March");
        assert_eq!(march.len(), 9);
        assert_eq!(march[0].role, MemberRole::Director, "by rank");
        assert!(march.iter().any(|m| m.person == w.members[4] && m.role == MemberRole::Member));
        let april = s.committee_on(&clerk, w.city, date(2026, 4, 2)).await.expect("the committee in April");
        assert_eq!(april.len(), 10, "one more member, nobody counted twice");
        assert!(april.iter().any(|m| m.person == w.members[4] && m.role == MemberRole::DeputyDirector));
        assert!(april.iter().any(|m| m.person == later));

        // A membership cannot end before it starts; nothing is written.
        let district = deputy(s, "区代表", w.county).await;
        let before = audit_count(s).await;
        let bad = NewMembership { person: later, role: MemberRole::Member, from: DAY, until: Some(date(2026, 3, 1)) };
        assert_eq!(code(s.add_membership(&clerk, w.city, &bad).await), ErrorCode::DateOutOfOrder);
        // Nor can anyone but a deputy of the city sit on its committee (a district's deputy, or
        // a person id that names nobody): refused, never a database error.
        for person in [district, PersonId(99_999)] {
            let m = NewMembership { person, role: MemberRole::Member, from: DAY, until: None };
            assert_eq!(code(s.add_membership(&clerk, w.city, &m).await), ErrorCode::InvalidInput);
        }
        assert_eq!(audit_count(s).await, before);
        // The district's clerk keeps no list of the city's committee.
        assert_eq!(code(s.committee_on(&staff(w.county), w.city, DAY).await), ErrorCode::Forbidden);
    }
}

#[tokio::test]
async fn a_meeting_is_scheduled_only_as_its_congress_holds_it_and_with_notice_in_time() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let late = NewMeeting { notified_on: Some(date(2026, 3, 15)), ..new_meeting() };
        assert_eq!(code(s.create_meeting(&staff(w.city), w.city, &late).await), ErrorCode::NoticeTooShort);
        let presidium = NewMeeting { kind: MeetingKind::Presidium, ..new_meeting() };
        assert_eq!(code(s.create_meeting(&staff(w.city), w.city, &presidium).await), ErrorCode::InvalidInput);
        assert_eq!(code(s.create_meeting(&staff(w.county), w.city, &new_meeting()).await), ErrorCode::Forbidden);
        assert_eq!(count(s, "SELECT COUNT(*) FROM meetings").await, 1, "only the world's meeting");
    }
}

#[tokio::test]
async fn a_vote_cannot_open_without_a_quorum_of_all_members_signed_in() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = item(s, &w, &text("关于召开市第十八届人大第六次会议的决定")).await;
        // Two members ask for leave and the 主任 approves; four sign in: 4 of 9 is no quorum.
        for p in &w.members[7..9] {
            let id = s.request_leave(&as_deputy(*p), w.meeting, *p, "出差").await.expect("asks");
            let l = s.decide_leave(&staff(w.city), id, true).await.expect("approved");
            assert_eq!(l.state, LeaveState::Approved);
        }
        sign_in(s, &w, 4).await;
        let before = audit_count(s).await;
        assert_eq!(code(s.open_vote(&staff(w.city), resolution).await), ErrorCode::NoQuorum);
        assert_eq!(audit_count(s).await, before, "a refusal writes nothing");
        let view = s.meeting(&staff(w.city), w.meeting).await.expect("the meeting");
        assert_eq!((view.present, view.quorum, view.has_quorum), (4, 5, false));
        assert_eq!(view.items[0].state, VoteState::Draft);
        let on_leave: Vec<_> = view.attendance.iter().filter(|a| a.presence == Presence::Leave).collect();
        assert_eq!(on_leave.len(), 2);
        assert_eq!(on_leave[0].reason.as_deref(), Some("出差"));
        // The fifth member signs in on their phone: now it opens.
        s.sign_in(&as_deputy(w.members[4]), w.meeting, w.members[4]).await.expect("signs in");
        assert_eq!(code(s.sign_in(&as_deputy(w.members[4]), w.meeting, w.members[4]).await), ErrorCode::WrongState);
        let opened = s.open_vote(&staff(w.city), resolution).await.expect("a quorum");
        assert_eq!((opened.state, opened.members), (VoteState::Open, 9));
    }
}

#[tokio::test]
async fn a_matter_passes_only_with_a_majority_of_all_members_not_of_those_voting() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = item(s, &w, &text("关于加强生态环境保护的决议")).await;
        let decision = item(s, &w, &text("关于批准2025年市级决算的决议")).await;
        sign_in(s, &w, 7).await;
        let clerk = staff(w.city);
        // 4 yes, 2 no, 1 silent: more yes than no, but 4 of 9 members is not more than half.
        s.open_vote(&clerk, resolution).await.expect("opens");
        // One vote at a time: the decision waits until the resolution's vote is closed.
        assert_eq!(code(s.open_vote(&clerk, decision).await), ErrorCode::VoteOutOfOrder);
        let choices = [Choice::Yes, Choice::Yes, Choice::Yes, Choice::Yes, Choice::No, Choice::No];
        for (p, c) in w.members.iter().zip(choices) {
            s.cast_vote(&as_deputy(*p), resolution, c).await.expect("votes");
        }
        let failed = s.close_vote(&clerk, resolution).await.expect("closes");
        let a = failed.announcement.expect("announced");
        assert_eq!((a.tally.yes, a.tally.no, a.tally.abstain, a.tally.not_voted), (4, 2, 0, 1));
        assert_eq!((a.members, a.needed, a.passed), (9, 5, false));
        assert_eq!(
            failed.announced.as_deref(),
            Some("应到9人，实到7人；赞成4票，反对2票，弃权0票，未表决1人。未通过（须全体组成人员过半数，即5票）。")
        );
        let roll = s.vote_roll(&clerk, resolution).await.expect("read").expect("an open vote keeps its roll");
        assert_eq!(roll.len(), 7);
        assert_eq!(roll.iter().find(|(p, _, _)| *p == w.members[6]).map(|r| r.2), Some(Choice::NotVoted));
        assert_eq!(roll[0].0, w.members[0], "the roll lists the 主任 first");

        // 5 yes of 9: passes, whatever the others do.
        s.open_vote(&clerk, decision).await.expect("opens");
        let choices = [Choice::Yes, Choice::Yes, Choice::Yes, Choice::Yes, Choice::Yes, Choice::No, Choice::Abstain];
        for (p, c) in w.members.iter().zip(choices) {
            s.cast_vote(&as_deputy(*p), decision, c).await.expect("votes");
        }
        let passed = s.close_vote(&clerk, decision).await.expect("closes");
        assert!(passed.announcement.expect("announced").passed);
        let view = s.meeting(&as_deputy(w.members[8]), w.meeting).await.expect("a member on leave reads it too");
        let verdicts: Vec<_> = view.items.iter().map(|i| i.announcement.map(|a| a.passed)).collect();
        assert_eq!(verdicts, [Some(false), Some(true)]);
    }
}

#[tokio::test]
async fn a_second_vote_and_a_vote_after_the_close_are_refused_and_change_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = item(s, &w, &text("关于修改市人大常委会议事规则的决定")).await;
        sign_in(s, &w, 6).await;
        s.open_vote(&staff(w.city), resolution).await.expect("opens");
        let me = as_deputy(w.members[0]);
        s.cast_vote(&me, resolution, Choice::Yes).await.expect("votes");
        let before = audit_count(s).await;
        assert_eq!(code(s.cast_vote(&me, resolution, Choice::No).await), ErrorCode::AlreadyVoted);
        assert_eq!(audit_count(s).await, before);
        let roll = s.vote_roll(&me, resolution).await.expect("read").expect("open");
        assert_eq!(roll.iter().map(|r| r.2).collect::<Vec<_>>(), [Choice::Yes], "the first choice stands");

        s.close_vote(&staff(w.city), resolution).await.expect("closes");
        let before = audit_count(s).await;
        let late = as_deputy(w.members[1]);
        assert_eq!(code(s.cast_vote(&late, resolution, Choice::Yes).await), ErrorCode::WrongState);
        assert_eq!(code(s.close_vote(&staff(w.city), resolution).await), ErrorCode::WrongState);
        assert_eq!(code(s.open_vote(&staff(w.city), resolution).await), ErrorCode::WrongState);
        assert_eq!(audit_count(s).await, before);
        let view = s.meeting(&staff(w.city), w.meeting).await.expect("the meeting");
        let a = view.items[0].announcement.expect("frozen");
        assert_eq!((a.tally.yes, a.tally.not_voted), (1, 5));
    }
}

#[tokio::test]
async fn a_members_two_phones_voting_at_once_give_exactly_one_vote() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = item(s, &w, &text("关于城市更新的决议")).await;
        let secret = item(s, &w, &appointment("关于任命张三为示范市教育局局长的议案", w.outsider)).await;
        sign_in(s, &w, 6).await;
        let me = as_deputy(w.members[2]);
        for id in [resolution, secret] {
            s.open_vote(&staff(w.city), id).await.expect("opens");
            let both =
                futures_util::future::join(s.cast_vote(&me, id, Choice::Yes), s.cast_vote(&me, id, Choice::No)).await;
            let oks = [&both.0, &both.1].iter().filter(|r| r.is_ok()).count();
            assert_eq!(oks, 1, "exactly one vote: {both:?}");
            for r in [&both.0, &both.1] {
                if let Err(e) = r {
                    assert_eq!(e.code(), ErrorCode::AlreadyVoted, "{e}");
                }
            }
            // Closed before the next opens (one vote at a time).
            s.close_vote(&staff(w.city), id).await.expect("closes");
        }
        let sql = |table: &str, id: VoteId| format!("SELECT COUNT(*) FROM {table} WHERE item_id = {}", id.0);
        let cast = format!("{} AND choice <> 'not_voted'", sql("meeting_vote_roll", resolution));
        assert_eq!(count(s, &cast).await, 1);
        assert_eq!(count(s, &sql("meeting_vote_voters", secret)).await, 1);
        assert_eq!(count(s, &sql("meeting_vote_choices", secret)).await, 1);
    }
}

#[tokio::test]
async fn a_secret_vote_keeps_no_link_between_a_person_and_a_choice() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = item(s, &w, &appointment("关于任命张三为示范市教育局局长的议案", w.outsider)).await;
        // An appointment is secret by the default settings; an open vote on it is refused.
        let open = NewItem {
            secrecy: Some(Secrecy::Open),
            ..appointment("关于任命李四为示范市教育局副局长的议案", w.outsider)
        };
        assert_eq!(code(s.add_agenda_item(&staff(w.city), w.meeting, &open).await), ErrorCode::SecretVoteRequired);
        sign_in(s, &w, 7).await;
        s.open_vote(&staff(w.city), id).await.expect("opens");
        let choices = [Choice::Yes, Choice::No, Choice::Yes, Choice::Abstain, Choice::Yes, Choice::Yes];
        for (p, c) in w.members.iter().zip(choices) {
            s.cast_vote(&as_deputy(*p), id, c).await.expect("votes");
        }
        let closed = s.close_vote(&staff(w.city), id).await.expect("closes");
        let a = closed.announcement.expect("announced");
        assert_eq!((a.tally.yes, a.tally.no, a.tally.abstain, a.tally.not_voted, a.passed), (4, 1, 1, 1, false));

        // No roll: not in the table, not from the store.
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM meeting_vote_roll WHERE item_id = {}", id.0)).await, 0);
        assert_eq!(s.vote_roll(&staff(w.city), id).await.expect("read"), None);
        // The choices name nobody and carry nothing that orders them: the item, a key, the choice.
        let columns: Vec<String> = match s.backend() {
            Backend::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('meeting_vote_choices') ORDER BY name"),
            Backend::Postgres => sqlx::query_scalar(
                "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'meeting_vote_choices' ORDER BY column_name",
            ),
        }
        .fetch_all(s.pool())
        .await
        .expect("the columns");
        assert_eq!(columns, ["choice", "choice_key", "item_id"]);
        let keys: Vec<String> =
            sqlx::query_scalar("SELECT choice_key FROM meeting_vote_choices").fetch_all(s.pool()).await.expect("keys");
        assert_eq!(keys.len(), 6);
        assert!(keys.iter().all(|k| k.len() == 32), "random 128-bit keys");
        // The voters are known, their choices are not: no audit entry of a cast says what.
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM meeting_vote_voters WHERE item_id = {}", id.0)).await, 6);
        let casts: Vec<String> =
            sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'meeting.vote_cast'")
                .fetch_all(s.pool())
                .await
                .expect("the entries");
        assert_eq!(casts.len(), 6);
        assert!(casts.iter().all(|a| a.contains("voter") && !a.contains("choice")), "{casts:?}");
    }
}

#[tokio::test]
async fn every_change_writes_its_audit_entry_on_the_congress_chain() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let draft = item(s, &w, &text("关于示范市物业管理条例（草案）的决定")).await;
        let amendment = NewItem {
            title: "物业管理条例（草案）修正案".into(),
            matter: Matter::Amendment { to: draft },
            secrecy: None,
        };
        let amendment = s.add_agenda_item(&clerk, w.meeting, &amendment).await.expect("on the agenda");
        // The amendment is put before the text it amends, and the text cannot open first.
        let view = s.meeting(&clerk, w.meeting).await.expect("the meeting");
        assert_eq!(view.items.iter().map(|i| i.id).collect::<Vec<_>>(), [amendment, draft]);
        sign_in(s, &w, 5).await;
        assert_eq!(code(s.open_vote(&clerk, draft).await), ErrorCode::VoteOutOfOrder);
        let before = audit_count(s).await;
        s.open_vote(&clerk, amendment).await.expect("opens");
        s.cast_vote(&as_deputy(w.members[0]), amendment, Choice::Yes).await.expect("votes");
        s.close_vote(&clerk, amendment).await.expect("closes");
        s.open_vote(&clerk, draft).await.expect("now the text");
        assert_eq!(audit_count(s).await, before + 4, "one entry per change");
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE chain_id = $1 AND action LIKE 'meeting.%' ORDER BY id",
        )
        .bind(w.city.0)
        .fetch_all(s.pool())
        .await
        .expect("the city's chain");
        for a in [
            "meeting.membership_add",
            "meeting.create",
            "meeting.item_add",
            "meeting.sign_in",
            "meeting.vote_open",
            "meeting.vote_cast",
            "meeting.vote_close",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
        }
        assert!(s.verify_audit().await.expect("verify").is_ok(), "the chain holds");
    }
}

#[tokio::test]
async fn only_the_congress_clerk_runs_a_meeting_and_only_members_take_part() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let resolution = item(s, &w, &text("关于推进法治政府建设的决议")).await;
        sign_in(s, &w, 5).await;
        let member = as_deputy(w.members[0]);
        let outsider = as_deputy(w.outsider);
        let district = staff(w.county);
        let before = audit_count(s).await;
        // A member does not run the meeting; the district's clerk has no hand in the city's.
        assert_eq!(code(s.open_vote(&member, resolution).await), ErrorCode::Forbidden);
        assert_eq!(code(s.add_agenda_item(&member, w.meeting, &text("临时动议")).await), ErrorCode::Forbidden);
        assert_eq!(code(s.open_vote(&district, resolution).await), ErrorCode::Forbidden);
        assert_eq!(code(s.meeting(&district, w.meeting).await), ErrorCode::NotFound);
        // A member signs in only themselves; one not of the body neither reads nor signs in.
        assert_eq!(code(s.sign_in(&member, w.meeting, w.members[6]).await), ErrorCode::Forbidden);
        assert_eq!(code(s.meeting(&outsider, w.meeting).await), ErrorCode::NotFound);
        assert_eq!(code(s.sign_in(&outsider, w.meeting, w.outsider).await), ErrorCode::Forbidden);
        s.open_vote(&staff(w.city), resolution).await.expect("the clerk opens it");
        let before_votes = audit_count(s).await;
        // Nobody votes but the member themselves: not the clerk, not an outsider.
        assert_eq!(code(s.cast_vote(&staff(w.city), resolution, Choice::Yes).await), ErrorCode::Forbidden);
        assert_eq!(code(s.cast_vote(&outsider, resolution, Choice::Yes).await), ErrorCode::Forbidden);
        // A member who has not signed in may not vote.
        assert_eq!(code(s.cast_vote(&as_deputy(w.members[8]), resolution, Choice::Yes).await), ErrorCode::NotEntitled);
        assert_eq!(audit_count(s).await, before_votes);
        assert_eq!(before_votes, before + 1, "only the clerk's opening was written");
        // The city's clerk reads; a member reads; a district's meeting is read from the city.
        assert!(s.meeting(&member, w.meeting).await.is_ok());
        let county_meeting = NewMeeting { title: "东城区人大常委会第十二次会议".into(), ..new_meeting() };
        let cm = s.create_meeting(&district, w.county, &county_meeting).await.expect("the district's own");
        assert!(s.meeting(&staff(w.city), cm).await.is_ok(), "the congress above reads");
        assert_eq!(code(s.add_agenda_item(&staff(w.city), cm, &text("决议")).await), ErrorCode::Forbidden);
    }
}
