//! A vote counted in the room when the devices fail (举手表决, 纸质票, two tellers), on SQLite and
//! PostgreSQL: refused by show of hands on a secret vote and after anyone voted on a device;
//! a good count closes the vote at once with the verdict against all members, keeps the method
//! and the tellers and no roll; a second count, and every other command after it, is refused and
//! changes nothing.

use super::{World, appointment, code, item, sign_in, text, world};
use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::ids::PersonId;
use renda_core::meeting::MemberRole;
use renda_core::meeting::vote::{Choice, CountMethod, VoteState};
use renda_store::Store;
use renda_store::meetings::NewMembership;
use renda_store::meetings::votes::NewCount;
use renda_store::testing;
use renda_testkit::{as_deputy, audit_count, count, deputy, staff};

/// The world's committee grown to fifteen members, twelve of them signed in on the day.
async fn fifteen(s: &Store) -> World {
    let mut w = world(s).await;
    for i in 9..15 {
        let p = deputy(s, &format!("委员{i}"), w.city).await;
        let m = NewMembership { person: p, role: MemberRole::Member, from: date(2022, 1, 12), until: None };
        s.add_membership(&staff(w.city), w.city, &m).await.expect("a member");
        w.members.push(p);
    }
    sign_in(s, &w, 12).await;
    w
}

fn by_hands(yes: usize, no: usize, abstain: usize, tellers: [PersonId; 2]) -> NewCount {
    NewCount { method: CountMethod::ShowOfHands, yes, no, abstain, tellers }
}

#[tokio::test]
async fn a_count_closes_the_vote_at_once_with_the_verdict_against_all_fifteen_members() {
    for t in testing::all().await {
        let s = &t.store;
        let w = fifteen(s).await;
        let clerk = staff(w.city);
        let tellers = [w.members[4], w.members[5]];
        let passing = item(s, &w, &text("关于加强生态环境保护的决议")).await;
        let failing = item(s, &w, &text("关于批准2025年市级决算的决议")).await;

        // 8 yes of 15 members (12 present): more than half of all members.
        s.open_vote(&clerk, passing).await.expect("opens");
        let before = audit_count(s).await;
        let closed = s.record_count(&clerk, passing, &by_hands(8, 3, 0, tellers)).await.expect("counted");
        assert_eq!(audit_count(s).await, before + 1, "one audited entry");
        assert_eq!(closed.state, VoteState::Closed);
        let a = closed.announcement.expect("announced");
        assert_eq!((a.tally.yes, a.tally.no, a.tally.abstain, a.tally.not_voted), (8, 3, 0, 1));
        assert_eq!((a.members, a.needed, a.passed), (15, 8, true));
        assert_eq!(
            closed.announced.as_deref(),
            Some("应到15人，实到12人；赞成8票，反对3票，弃权0票，未表决1人。通过（须全体组成人员过半数，即8票）。")
        );
        let c = closed.counted.clone().expect("counted in the room");
        assert_eq!(c.method, CountMethod::ShowOfHands);
        assert_eq!(c.tellers, [(w.members[4], "委员4".to_owned()), (w.members[5], "委员5".to_owned())]);
        assert_eq!(c.text(), "举手表决，监票人：委员4、委员5");
        assert_eq!(s.vote_roll(&clerk, passing).await.expect("read"), None, "no roll was kept");
        let sql = |table: &str| format!("SELECT COUNT(*) FROM {table} WHERE item_id = {}", passing.0);
        for table in ["meeting_vote_roll", "meeting_vote_voters", "meeting_vote_choices"] {
            assert_eq!(count(s, &sql(table)).await, 0, "{table}");
        }

        // 7 yes: a majority of those present, not of all members.
        s.open_vote(&clerk, failing).await.expect("the next opens once the first is closed");
        let paper = NewCount { method: CountMethod::PaperBallot, ..by_hands(7, 2, 2, tellers) };
        let a = s.record_count(&clerk, failing, &paper).await.expect("counted").announcement.expect("announced");
        assert_eq!((a.tally.yes, a.tally.not_voted, a.passed), (7, 1, false));

        // Read back with the meeting: the method and the tellers by name.
        let view = s.meeting(&as_deputy(w.members[14]), w.meeting).await.expect("a member reads it");
        let shown: Vec<_> = view.items.iter().map(|i| i.counted.as_ref().map(|c| c.text())).collect();
        assert_eq!(
            shown,
            [Some("举手表决，监票人：委员4、委员5".to_owned()), Some("纸质票表决，监票人：委员4、委员5".to_owned())]
        );
        let entries: Vec<String> =
            sqlx::query_scalar("SELECT after_json FROM audit_log WHERE action = 'meeting.vote_count' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("the entries");
        assert_eq!(entries.len(), 2);
        assert!(entries[0].contains("show_of_hands") && entries[0].contains("tellers"), "{}", entries[0]);
        assert!(s.verify_audit().await.expect("verify").is_ok(), "the chain holds");
    }
}

#[tokio::test]
async fn a_second_count_and_every_command_after_it_are_refused_and_change_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = fifteen(s).await;
        let clerk = staff(w.city);
        let tellers = [w.members[0], w.members[1]];
        let id = item(s, &w, &text("关于修改市人大常委会议事规则的决定")).await;
        s.open_vote(&clerk, id).await.expect("opens");
        s.record_count(&clerk, id, &by_hands(8, 0, 0, tellers)).await.expect("counted");
        let before = audit_count(s).await;
        assert_eq!(code(s.record_count(&clerk, id, &by_hands(1, 7, 0, tellers)).await), ErrorCode::WrongState);
        assert_eq!(code(s.close_vote(&clerk, id).await), ErrorCode::WrongState);
        assert_eq!(code(s.open_vote(&clerk, id).await), ErrorCode::WrongState);
        assert_eq!(code(s.cast_vote(&as_deputy(w.members[2]), id, Choice::No).await), ErrorCode::WrongState);
        assert_eq!(audit_count(s).await, before, "nothing written");
        let view = s.meeting(&clerk, w.meeting).await.expect("the meeting");
        let a = view.items[0].announcement.expect("frozen");
        assert_eq!((a.tally.yes, a.tally.no, a.passed), (8, 0, true), "the first count stands");
    }
}

#[tokio::test]
async fn a_secret_vote_is_not_counted_by_show_of_hands_and_a_device_vote_forbids_a_count() {
    for t in testing::all().await {
        let s = &t.store;
        let w = fifteen(s).await;
        let clerk = staff(w.city);
        let tellers = [w.members[0], w.members[1]];
        let secret = item(s, &w, &appointment("关于任命张三为示范市教育局局长的议案", w.outsider)).await;
        let resolution = item(s, &w, &text("关于城市更新的决议")).await;

        s.open_vote(&clerk, secret).await.expect("opens");
        let before = audit_count(s).await;
        let e = s.record_count(&clerk, secret, &by_hands(8, 0, 0, tellers)).await.expect_err("hands are seen");
        assert_eq!(e.code(), ErrorCode::SecretVoteRequired);
        assert!(e.to_string().contains("纸质票"), "{e}");
        assert_eq!(audit_count(s).await, before);
        let paper = NewCount { method: CountMethod::PaperBallot, ..by_hands(6, 4, 1, tellers) };
        let a = s.record_count(&clerk, secret, &paper).await.expect("paper").announcement.expect("announced");
        assert!(!a.passed, "6 of 15");

        s.open_vote(&clerk, resolution).await.expect("opens");
        s.cast_vote(&as_deputy(w.members[3]), resolution, Choice::Yes).await.expect("a device vote");
        let before = audit_count(s).await;
        assert_eq!(
            code(s.record_count(&clerk, resolution, &by_hands(8, 0, 0, tellers)).await),
            ErrorCode::DeviceVotesCast
        );
        assert_eq!(audit_count(s).await, before, "nothing written");
        let view = s.meeting(&clerk, w.meeting).await.expect("the meeting");
        let open = view.items.iter().find(|i| i.id == resolution).expect("the resolution");
        assert_eq!((open.state, open.voted, open.counted.is_none()), (VoteState::Open, 1, true));
        // The device vote goes on and closes as usual.
        let closed = s.close_vote(&clerk, resolution).await.expect("closes");
        assert_eq!(closed.announcement.expect("announced").tally.not_voted, 11);
    }
}

#[tokio::test]
async fn tellers_are_two_members_present_the_counts_fit_and_only_the_clerk_records() {
    for t in testing::all().await {
        let s = &t.store;
        let w = fifteen(s).await;
        let clerk = staff(w.city);
        let id = item(s, &w, &text("关于推进法治政府建设的决议")).await;
        s.open_vote(&clerk, id).await.expect("opens");
        let before = audit_count(s).await;
        let (a, b, absent) = (w.members[0], w.members[1], w.members[13]);
        for (count, expected) in [
            (by_hands(8, 0, 0, [a, a]), ErrorCode::TellersInvalid),
            (by_hands(8, 0, 0, [a, absent]), ErrorCode::TellersInvalid),
            (by_hands(8, 0, 0, [a, w.outsider]), ErrorCode::TellersInvalid),
            (by_hands(8, 4, 1, [a, b]), ErrorCode::CountExceedsPresent),
        ] {
            assert_eq!(code(s.record_count(&clerk, id, &count).await), expected, "{count:?}");
        }
        for who in [as_deputy(a), staff(w.county)] {
            assert_eq!(code(s.record_count(&who, id, &by_hands(8, 0, 0, [a, b])).await), ErrorCode::Forbidden);
        }
        assert_eq!(audit_count(s).await, before, "nothing written");
        let view = s.meeting(&clerk, w.meeting).await.expect("the meeting");
        assert_eq!(view.items[0].state, VoteState::Open, "still open");
    }
}
