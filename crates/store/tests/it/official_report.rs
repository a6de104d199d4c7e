//! What the 代表建议办理情况报告 is written from, on SQLite and (when configured) PostgreSQL: the
//! issuing congress's own suggestions of the year (not those of the congress below), each count
//! the one its list shows, the 重点督办 topics, and only the congress's staff may read them.

use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::official::report::check_figures;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::suggestion::{Command, ContactWay, ReplyClass, SuggestionState};
use renda_store::StoreError;
use renda_store::suggestions::{Due, Extra, NewSuggestion, Period, SuggestionFilter};
use renda_store::testing;
use renda_testkit::{as_deputy, deputy, org, staff, unit};

#[tokio::test]
async fn the_figures_are_the_congress_s_own_and_agree_with_its_lists() {
    for t in testing::all().await {
        let s = &t.store;
        let day = date(2026, 3, 10);
        s.clock().set_on(day);
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let housing = org(s, "示范市住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let county_unit = org(s, "东城区教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(county)).await;
        let lead = deputy(s, "周建国", city).await;
        let county_lead = deputy(s, "林芳", county).await;
        let mut ids = Vec::new();
        for (congress, who, main, title) in [
            (city, lead, housing, "关于加快老旧小区改造的建议"),
            (city, lead, housing, "关于增设社区养老服务点的建议"),
            (county, county_lead, county_unit, "关于改善学校周边交通的建议"),
        ] {
            let new = NewSuggestion {
                congress,
                title: title.into(),
                body: "建议的正文，说明情况和理由。".into(),
                period: Period::Recess,
                from_motion: false,
                cosigners: vec![],
            };
            let id = s.create_suggestion(&as_deputy(who), who, new, day).await.expect("draft");
            s.act(&as_deputy(who), id, &Command::Submit, &Extra::None, day).await.expect("submit");
            s.act(&staff(congress), id, &Command::Register, &Extra::None, day).await.expect("register");
            let extra = Extra::Assign { main: vec![main], assisting: vec![] };
            s.act(&staff(congress), id, &Command::Assign { on: day, complex: false }, &extra, day)
                .await
                .expect("assign");
            ids.push(id);
        }
        let key = Command::MarkKey { topic: "民生实事".into() };
        s.act(&staff(city), ids[0], &key, &Extra::None, day).await.expect("key");
        let contact =
            Extra::Contact {
                on: day, way: ContactWay::Visit, summary: "登门听取代表意见，现场查看小区。".into()
            };
        s.act(&unit(housing), ids[0], &Command::RecordContact, &contact, day).await.expect("contact");
        let reply = Extra::Reply {
            body: "该小区已列入本年度老旧小区改造计划，预计年内完成全部改造工程。".into(),
            signer: "李明".into(),
            on: day,
        };
        s.act(&unit(housing), ids[0], &Command::Reply { class: ReplyClass::A }, &reply, day).await.expect("reply");
        // Months later the second is past its deadline.
        let later = date(2026, 9, 1);
        s.clock().set_on(later);

        let f = s.handling_figures(&staff(city), city, 2026, later).await.expect("figures");
        assert_eq!(f.congress_name, "示范市人民代表大会");
        assert_eq!(
            (f.submitted(), f.assigned(), f.replied(), f.closed()),
            (2, 2, 1, 0),
            "the county's is not the city's"
        );
        assert_eq!(f.by_class, vec![("A类：已解决或基本解决".to_owned(), 1)]);
        assert_eq!(f.topics.len(), 1);
        assert_eq!((f.topics[0].topic.as_str(), f.topics[0].total, f.topics[0].replied), ("民生实事", 1, 1));
        assert_eq!(f.units.len(), 1);
        assert_eq!(
            (f.units[0].name.as_str(), f.units[0].assigned, f.units[0].overdue),
            ("示范市住房和城乡建设局", 2, 1)
        );
        assert!(check_figures(&f).is_ok());

        // Each count is its list's total, over the city's own suggestions.
        let list = |states: Vec<SuggestionState>, due: Option<Due>, key_only: bool| SuggestionFilter {
            congresses: vec![city],
            states,
            due,
            key_only,
            year: Some(2026),
            per_page: 100,
            ..SuggestionFilter::default()
        };
        let total =
            |f: SuggestionFilter| async move { s.list_suggestions(&staff(city), &f, later).await.expect("list").total };
        assert_eq!(total(list(vec![], Some(Due::Overdue), false)).await, f.overdue);
        assert_eq!(f.overdue, 1);
        assert_eq!(total(list(vec![SuggestionState::Replied], None, false)).await, f.replied());
        assert_eq!(total(list(vec![], None, true)).await, f.topics[0].total);

        // Only the congress's own staff write its report.
        let e = s.handling_figures(&staff(county), city, 2026, later).await.expect_err("not the county's");
        assert!(matches!(e, StoreError::Denied(_)), "{e:?}");
        let e = s.handling_figures(&unit(housing), city, 2026, later).await.expect_err("not a unit's");
        assert_eq!(e.code(), ErrorCode::Forbidden);
        let none = s.handling_figures(&staff(city), city, 2025, later).await.expect("an empty year");
        assert_eq!(check_figures(&none).expect_err("nothing to report").code, ErrorCode::NothingToIssue);
    }
}
