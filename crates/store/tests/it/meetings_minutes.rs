//! A meeting's 列席 and 旁听 lists, its speeches and its 简报 in the store, on SQLite and (when
//! configured) PostgreSQL: only the speaker signs a speech off (or the clerk records their
//! written confirmation), a 简报 with a speech not signed off is refused by name and writes
//! nothing, a published 简报 is numbered and frozen with its speeches, the gallery takes nobody
//! beyond its seats, and members read what is theirs to read.

use super::meetings::{DAY, code, item, text, world};
use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::meeting::minutes::{AttendeeKind, BulletinState, Command, Speaker, SpeechState};
use renda_store::meetings::minutes::{NewAttendee, NewBulletin, NewSpeech, NewVisitor, SpeechId};
use renda_store::meetings::{MeetingId, VoteId};
use renda_store::{Actor, Store, testing};
use renda_testkit::{as_deputy, audit_count, count, staff};

fn sign_off(written: bool) -> Command {
    Command::SignOff { text: None, written }
}

fn attendee(kind: AttendeeKind, name: &str, organisation: &str, post: &str) -> NewAttendee {
    NewAttendee { kind, name: name.into(), organisation: organisation.into(), post: post.into() }
}

/// The clerk records a speech and returns it to its speaker.
async fn returned(s: &Store, clerk: &Actor, meeting: MeetingId, speaker: Speaker, on: Option<VoteId>) -> SpeechId {
    let new = NewSpeech { speaker, item: on, text: "建议进一步完善养老服务设施布局。".into() };
    let id = s.record_speech(clerk, meeting, &new).await.expect("recorded");
    s.act_on_speech(clerk, id, &Command::SendBack).await.expect("returned to the speaker");
    id
}

fn bulletin(title: &str, speeches: &[SpeechId]) -> NewBulletin {
    NewBulletin { title: title.into(), speeches: speeches.to_vec() }
}

#[tokio::test]
async fn a_speech_is_signed_off_only_by_its_speaker_or_on_their_written_confirmation() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let regulation = item(s, &w, &text("示范市养老服务条例（草案）")).await;
        let speaker = w.members[4];
        let id = returned(s, &clerk, w.meeting, Speaker::Member(speaker), Some(regulation)).await;

        // Another member, a deputy not of the body, the clerk in the speaker's name, the
        // district's clerk: refused, and nothing is written.
        let before = audit_count(s).await;
        assert_eq!(
            code(s.act_on_speech(&as_deputy(w.members[5]), id, &sign_off(false)).await),
            ErrorCode::NotTheSpeaker
        );
        assert_eq!(code(s.act_on_speech(&as_deputy(w.outsider), id, &sign_off(false)).await), ErrorCode::Forbidden);
        assert_eq!(code(s.act_on_speech(&clerk, id, &sign_off(false)).await), ErrorCode::NotTheSpeaker);
        assert_eq!(code(s.act_on_speech(&staff(w.county), id, &sign_off(true)).await), ErrorCode::Forbidden);
        let correct = Command::Correct { text: "别人改的".into() };
        assert_eq!(code(s.act_on_speech(&as_deputy(w.members[5]), id, &correct).await), ErrorCode::NotTheSpeaker);
        assert_eq!(audit_count(s).await, before);

        // The speaker finds it waiting on their phone, corrects it and signs it off.
        let mine = s.minutes(&as_deputy(speaker), w.meeting).await.expect("the member reads");
        assert_eq!(mine.speeches.iter().map(|x| (x.id, x.state)).collect::<Vec<_>>(), [(id, SpeechState::SentBack)]);
        assert!(s.minutes(&as_deputy(w.members[5]), w.meeting).await.expect("read").speeches.is_empty());
        let me = as_deputy(speaker);
        s.act_on_speech(&me, id, &Command::Correct { text: "建议完善养老服务设施布局，补齐农村短板。".into() })
            .await
            .expect("corrected");
        let signed = s.act_on_speech(&me, id, &sign_off(false)).await.expect("signed off");
        assert_eq!((signed.state, signed.written), (SpeechState::SignedOff, false));
        assert_eq!(signed.text, "建议完善养老服务设施布局，补齐农村短板。");
        assert_eq!(signed.item_title.as_deref(), Some("示范市养老服务条例（草案）"));
        assert_eq!(signed.speaker_note, "委员");
        assert!(signed.signed_off_at.is_some());

        // A 列席 speaker has no account: the clerk records their written confirmation.
        let gov = attendee(AttendeeKind::Government, "王五", "示范市人民政府", "副市长");
        let a = s.add_attendee(&clerk, w.meeting, &gov).await.expect("on the list");
        let theirs = returned(s, &clerk, w.meeting, Speaker::Attendee(a), None).await;
        let confirmed = s.act_on_speech(&clerk, theirs, &sign_off(true)).await.expect("confirmed in writing");
        assert!(confirmed.written && confirmed.state == SpeechState::SignedOff);
        assert_eq!(confirmed.speaker_note, "示范市人民政府副市长");
        // Someone on no list does not speak; nor does a speech go on another meeting's item.
        let stranger = NewSpeech { speaker: Speaker::Member(w.outsider), item: None, text: "发言".into() };
        assert_eq!(code(s.record_speech(&clerk, w.meeting, &stranger).await), ErrorCode::InvalidInput);
        let elsewhere =
            NewSpeech { speaker: Speaker::Member(speaker), item: Some(VoteId(9_999)), text: "发言".into() };
        assert_eq!(code(s.record_speech(&clerk, w.meeting, &elsewhere).await), ErrorCode::InvalidInput);

        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'meeting.speech_%' ORDER BY id")
                .fetch_all(s.pool())
                .await
                .expect("the entries");
        assert_eq!(
            actions,
            [
                "meeting.speech_record",
                "meeting.speech_send_back",
                "meeting.speech_correct",
                "meeting.speech_sign_off",
                "meeting.speech_record",
                "meeting.speech_send_back",
                "meeting.speech_sign_off",
            ]
        );
        assert!(s.verify_audit().await.expect("verify").is_ok(), "the chain holds");
    }
}

#[tokio::test]
async fn a_bulletin_with_a_speech_not_signed_off_is_refused_by_name_and_changes_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let signed = returned(s, &clerk, w.meeting, Speaker::Member(w.members[0]), None).await;
        s.act_on_speech(&as_deputy(w.members[0]), signed, &sign_off(false)).await.expect("signed off");
        let waiting = returned(s, &clerk, w.meeting, Speaker::Member(w.members[1]), None).await;

        let before = audit_count(s).await;
        let e = s.create_bulletin(&clerk, w.meeting, &bulletin("第一组审议情况", &[signed, waiting])).await;
        let e = e.expect_err("refused");
        assert_eq!(e.code(), ErrorCode::SpeechNotSignedOff);
        assert!(e.to_string().contains("委员1的发言"), "names the speech: {e}");
        assert_eq!(audit_count(s).await, before, "nothing written");
        assert_eq!(count(s, "SELECT COUNT(*) FROM meeting_bulletins").await, 0);
        assert_eq!(count(s, "SELECT COUNT(*) FROM meeting_bulletin_speeches").await, 0);
        assert_eq!(code(s.create_bulletin(&clerk, w.meeting, &bulletin("空", &[])).await), ErrorCode::EmptyBulletin);

        // A draft of the signed speech alone; then the speaker asks to change it, and the
        // draft cannot be published until they sign it off again.
        let b = s.create_bulletin(&clerk, w.meeting, &bulletin("第一组审议情况", &[signed])).await.expect("a draft");
        s.act_on_speech(&clerk, signed, &Command::Reopen).await.expect("returned once more");
        let before = audit_count(s).await;
        assert_eq!(code(s.publish_bulletin(&clerk, b).await), ErrorCode::SpeechNotSignedOff);
        assert_eq!(audit_count(s).await, before);
        let draft = s.minutes(&clerk, w.meeting).await.expect("read").bulletins;
        assert_eq!((draft[0].state, draft[0].number), (BulletinState::Draft, None));
        s.act_on_speech(&as_deputy(w.members[0]), signed, &sign_off(false)).await.expect("signed off again");
        let published = s.publish_bulletin(&clerk, b).await.expect("published");
        assert_eq!(
            (published.state, published.year, published.number),
            (BulletinState::Published, Some(2026), Some(1))
        );

        // Numbered on within the congress's year.
        s.act_on_speech(&as_deputy(w.members[1]), waiting, &sign_off(false)).await.expect("signed off");
        let second = s.create_bulletin(&clerk, w.meeting, &bulletin("第二组审议情况", &[waiting])).await.expect("ok");
        assert_eq!(s.publish_bulletin(&clerk, second).await.expect("published").number, Some(2));
    }
}

#[tokio::test]
async fn a_published_bulletin_is_frozen_with_its_speeches_and_members_read_only_what_is_published() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let member = as_deputy(w.members[2]);
        let speech = returned(s, &clerk, w.meeting, Speaker::Member(w.members[2]), None).await;
        s.act_on_speech(&member, speech, &sign_off(false)).await.expect("signed off");
        let draft = s.create_bulletin(&clerk, w.meeting, &bulletin("会议简报", &[speech])).await.expect("a draft");
        // A member reads no draft, neither in the list nor by its number.
        assert!(s.minutes(&member, w.meeting).await.expect("read").bulletins.is_empty());
        assert_eq!(code(s.bulletin(&member, draft).await), ErrorCode::NotFound);
        // Nobody but the clerk publishes.
        assert_eq!(code(s.publish_bulletin(&member, draft).await), ErrorCode::Forbidden);
        s.publish_bulletin(&clerk, draft).await.expect("published");

        let before = audit_count(s).await;
        assert_eq!(code(s.act_on_speech(&clerk, speech, &Command::Reopen).await), ErrorCode::SpeechFrozen);
        assert_eq!(code(s.discard_bulletin(&clerk, draft).await), ErrorCode::BulletinPublished);
        assert_eq!(code(s.publish_bulletin(&clerk, draft).await), ErrorCode::BulletinPublished);
        assert_eq!(audit_count(s).await, before, "a frozen 简报 writes nothing");

        // Every member reads it, with its speech; someone not of the body finds nothing.
        let other = as_deputy(w.members[7]);
        let v = s.bulletin(&other, draft).await.expect("published to the members");
        assert_eq!((v.speeches.len(), v.bulletin.number), (1, Some(1)));
        assert!(v.speeches[0].frozen && v.congress_name == "示范市人民代表大会");
        assert_eq!(s.minutes(&other, w.meeting).await.expect("read").bulletins.len(), 1);
        assert_eq!(code(s.bulletin(&as_deputy(w.outsider), draft).await), ErrorCode::NotFound);
        // A draft is discarded, and only a draft.
        let spare = s.create_bulletin(&clerk, w.meeting, &bulletin("增刊", &[speech])).await.expect("a draft");
        s.discard_bulletin(&clerk, spare).await.expect("discarded");
        assert_eq!(count(s, "SELECT COUNT(*) FROM meeting_bulletins").await, 1);
    }
}

#[tokio::test]
async fn the_gallery_takes_nobody_beyond_its_seats_and_the_lists_close_after_the_meeting() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        s.set_gallery_seats(&clerk, w.meeting, Some(2)).await.expect("two seats");
        for (name, phone) in [("孙七", "13800138000"), ("周八", "")] {
            let v = NewVisitor { name: name.into(), phone: phone.into() };
            s.add_visitor(&clerk, w.meeting, &v).await.expect("a seat");
        }
        let before = audit_count(s).await;
        let third = NewVisitor { name: "吴九".into(), phone: String::new() };
        assert_eq!(code(s.add_visitor(&clerk, w.meeting, &third).await), ErrorCode::GalleryFull);
        assert_eq!(code(s.set_gallery_seats(&clerk, w.meeting, Some(1)).await), ErrorCode::InvalidInput);
        assert_eq!(audit_count(s).await, before, "nothing written");
        assert_eq!(count(s, "SELECT COUNT(*) FROM meeting_visitors").await, 2);

        // The 列席 list: the government, the court; a member may not add to it.
        let gov = attendee(AttendeeKind::Government, "王五", "示范市人民政府", "副市长");
        let court = attendee(AttendeeKind::Court, "赵六", "示范市中级人民法院", "院长");
        s.add_attendee(&clerk, w.meeting, &court).await.expect("listed");
        let g = s.add_attendee(&clerk, w.meeting, &gov).await.expect("listed");
        assert_eq!(code(s.add_attendee(&as_deputy(w.members[0]), w.meeting, &gov).await), ErrorCode::Forbidden);
        assert_eq!(code(s.add_attendee(&staff(w.county), w.meeting, &gov).await), ErrorCode::Forbidden);

        // The clerk sees the phones; a member reads the lists without them.
        let clerk_view = s.minutes(&clerk, w.meeting).await.expect("read");
        assert_eq!(clerk_view.gallery_seats, Some(2));
        assert_eq!(clerk_view.visitors[0].phone.as_deref(), Some("13800138000"));
        let member_view = s.minutes(&as_deputy(w.members[0]), w.meeting).await.expect("read");
        assert_eq!(member_view.visitors.len(), 2);
        assert!(member_view.visitors.iter().all(|v| v.phone.is_none()));
        let kinds: Vec<_> = member_view.attendees.iter().map(|a| a.attendee.kind).collect();
        assert_eq!(kinds, [AttendeeKind::Government, AttendeeKind::Court], "in the order of the kinds");
        assert_eq!(code(s.minutes(&as_deputy(w.outsider), w.meeting).await), ErrorCode::NotFound);

        // One who has spoken stays on the list; one who has not may go, until the meeting day.
        returned(s, &clerk, w.meeting, Speaker::Attendee(g), None).await;
        assert_eq!(code(s.remove_attendee(&clerk, g).await), ErrorCode::WrongState);
        let court_id = clerk_view.attendees.iter().find(|a| a.attendee.name == "赵六").expect("listed").id;
        s.remove_attendee(&clerk, court_id).await.expect("removed");
        s.remove_visitor(&clerk, clerk_view.visitors[1].id).await.expect("removed");
        s.add_visitor(&clerk, w.meeting, &third).await.expect("a seat again");
        s.clock().set_on(date(2026, 3, 21));
        assert!(s.today() > DAY);
        assert_eq!(code(s.add_visitor(&clerk, w.meeting, &third).await), ErrorCode::WrongState);
        assert_eq!(code(s.add_attendee(&clerk, w.meeting, &gov).await), ErrorCode::WrongState);
    }
}
