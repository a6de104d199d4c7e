//! Each congress's own meeting and appointment settings (会议与任免设置): the core's defaults
//! until saved; once saved they change what the store accepts — the notice a meeting needs, the
//! secrecy of a personnel vote — for that congress alone; out of bounds, or saved by anyone but
//! its staff, is refused and changes nothing.

use super::{DAY, appointment, code, new_meeting, world};
use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::meeting::Settings;
use renda_core::meeting::agenda::Matter;
use renda_core::meeting::vote::Secrecy;
use renda_core::official::appointment::Action as Personnel;
use renda_store::meetings::NewMeeting;
use renda_store::{StoreError, testing};
use renda_testkit::{as_deputy, audit_count, staff};

#[tokio::test]
async fn a_congress_follows_the_defaults_until_it_saves_its_own_settings() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        assert_eq!(s.meeting_settings(w.city).await.expect("read"), Settings::default());
        let mine = Settings { notice_days: 10, secret_appointments: false, publish_days: 3, ..Settings::default() };
        assert_eq!(s.set_meeting_settings(&staff(w.city), w.city, mine).await.expect("saved"), mine);
        assert_eq!(s.meeting_settings(w.city).await.expect("read"), mine);
        assert_eq!(s.meeting_settings(w.county).await.expect("read"), Settings::default(), "the county keeps its own");
        // Saved again: one row, the latest settings.
        let again = Settings { notice_days: 12, ..mine };
        s.set_meeting_settings(&staff(w.city), w.city, again).await.expect("saved again");
        assert_eq!(s.meeting_settings(w.city).await.expect("read"), again);
        let entries: Vec<(String, String)> = sqlx::query_as(
            "SELECT before_json, after_json FROM audit_log WHERE action = 'meeting_settings.update' ORDER BY id",
        )
        .fetch_all(s.pool())
        .await
        .expect("the entries");
        assert_eq!(entries.len(), 2, "one audited entry per change");
        assert!(
            entries[0].0.contains("\"notice_days\":7") && entries[0].1.contains("\"notice_days\":10"),
            "{entries:?}"
        );
        assert!(entries[1].0.contains("\"notice_days\":10") && entries[1].1.contains("\"notice_days\":12"));
        assert!(s.verify_audit().await.expect("verify").is_ok(), "the chain holds");
    }
}

#[tokio::test]
async fn a_longer_notice_setting_refuses_a_notice_the_default_would_accept() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        // Eight days ahead is enough under the default seven.
        let eight_days = NewMeeting { notified_on: Some(date(2026, 3, 12)), ..new_meeting() };
        s.create_meeting(&clerk, w.city, &eight_days).await.expect("seven days suffice by default");
        let ten = Settings { notice_days: 10, ..Settings::default() };
        s.set_meeting_settings(&clerk, w.city, ten).await.expect("saved");
        let before = audit_count(s).await;
        assert_eq!(code(s.create_meeting(&clerk, w.city, &eight_days).await), ErrorCode::NoticeTooShort);
        let unnotified = NewMeeting { notified_on: None, ..new_meeting() };
        let later = s.create_meeting(&clerk, w.city, &unnotified).await.expect("scheduled without a notice");
        let e = s.notify_meeting(&clerk, later, date(2026, 3, 12)).await.expect_err("eight days");
        assert_eq!(e.code(), ErrorCode::NoticeTooShort);
        assert!(e.to_string().contains("10日前"), "the message names the congress's own days: {e}");
        assert_eq!(audit_count(s).await, before + 1, "only the meeting without a notice was written");
        s.notify_meeting(&clerk, later, date(2026, 3, 10)).await.expect("ten days ahead");
        // Another congress is not bound by the city's setting.
        let county_meeting = NewMeeting { title: "东城区人大常委会第十二次会议".into(), ..eight_days };
        s.create_meeting(&staff(w.county), w.county, &county_meeting).await.expect("the county keeps seven days");
    }
}

#[tokio::test]
async fn appointments_may_be_voted_openly_once_the_congress_no_longer_requires_secrecy() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let clerk = staff(w.city);
        let open = |title: &str| renda_store::meetings::NewItem {
            secrecy: Some(Secrecy::Open),
            ..appointment(title, w.outsider)
        };
        assert_eq!(
            code(s.add_agenda_item(&clerk, w.meeting, &open("关于任命张三为示范市教育局局长的议案")).await),
            ErrorCode::SecretVoteRequired,
            "secret by default"
        );
        let settings = Settings { secret_appointments: false, ..Settings::default() };
        s.set_meeting_settings(&clerk, w.city, settings).await.expect("saved");
        s.add_agenda_item(&clerk, w.meeting, &open("关于任命张三为示范市教育局局长的议案")).await.expect("open now");
        let by_rule = s
            .add_agenda_item(&clerk, w.meeting, &appointment("关于任命李四为示范市教育局副局长的议案", w.outsider))
            .await
            .expect("on the agenda");
        let view = s.meeting(&clerk, w.meeting).await.expect("the meeting");
        let secrecy = view.items.iter().find(|i| i.id == by_rule).map(|i| i.secrecy);
        assert_eq!(secrecy, Some(Secrecy::Open), "the setting decides when none is chosen");
        // A dismissal (撤职) stays secret whatever the setting says.
        let mut dismissal = open("关于撤销王五示范市教育局局长职务的议案");
        if let Matter::Personnel { action, .. } = &mut dismissal.matter {
            *action = Personnel::Dismiss;
        }
        assert_eq!(code(s.add_agenda_item(&clerk, w.meeting, &dismissal).await), ErrorCode::SecretVoteRequired);
    }
}

#[tokio::test]
async fn settings_out_of_bounds_or_saved_by_anyone_but_the_congress_staff_are_refused_and_change_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let saved = Settings { notice_days: 10, ..Settings::default() };
        s.set_meeting_settings(&staff(w.city), w.city, saved).await.expect("saved");
        let before = audit_count(s).await;
        for (bad, field) in [
            (Settings { notice_days: 0, ..saved }, "notice_days"),
            (Settings { notice_days: 31, ..saved }, "notice_days"),
            (Settings { filing_days: 61, ..saved }, "filing_days"),
            (Settings { renomination_months: 0, ..saved }, "renomination_months"),
            (Settings { publish_days: 31, ..saved }, "publish_days"),
        ] {
            let e = s.set_meeting_settings(&staff(w.city), w.city, bad).await.expect_err("out of bounds");
            let StoreError::Refused(r) = &e else { panic!("a refusal: {e:?}") };
            assert_eq!((r.code, r.field), (ErrorCode::InvalidInput, Some(field)), "{e}");
        }
        let fine = Settings { notice_days: 14, ..saved };
        for who in [as_deputy(w.members[0]), staff(w.county)] {
            assert_eq!(code(s.set_meeting_settings(&who, w.city, fine).await), ErrorCode::Forbidden);
        }
        assert_eq!(audit_count(s).await, before, "nothing written");
        assert_eq!(s.meeting_settings(w.city).await.expect("read"), saved, "unchanged");
        // The meeting day itself is not a setting: the world's meeting stands.
        assert_eq!(s.meeting(&staff(w.city), w.meeting).await.expect("read").meeting.held_on, DAY);
    }
}
