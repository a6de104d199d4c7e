//! The year's 代表建议办理情况报告: the clerk opens the year, sees the figures of the congress's own
//! suggestions, edits the draft written from them, cannot issue it while a passage is still
//! marked to be written (the text comes back as typed), previews and issues it under the
//! register's number as an upward document naming its signer; the same year twice, a year
//! without suggestions, a year not begun and a unit are refused.

use jiff::civil::date;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::Command;
use renda_store::suggestions::{Extra, NewSuggestion, Period};
use renda_testkit::http::{TestApp, field_of};
use renda_testkit::{as_deputy, deputy, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::json;
use std::io::Read;

/// The text of a page's text box, unescaped.
pub(super) fn textarea(page: &str, name: &str) -> String {
    let open = page.find(&format!(r#"<textarea name="{name}""#)).expect("the text box");
    let start = open + page[open..].find('>').expect("its tag") + 1;
    let end = start + page[start..].find("</textarea>").expect("its end");
    page[start..end]
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn the_clerk_edits_the_drafted_report_and_issues_it_once_a_year() {
    for t in testing::all().await {
        let s = t.store.clone();
        let today = date(2026, 3, 2);
        s.clock().set_on(today);
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let housing =
            org(&s, "示范市住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let lead = deputy(&s, "周建国", city).await;
        user(&s, "city.staff", Role::Staff { congress: city }).await;
        user(&s, "county.staff", Role::Staff { congress: county }).await;
        user(&s, "housing", Role::Unit { unit: housing }).await;
        for title in ["关于加快老旧小区改造的建议", "关于增设社区养老服务点的建议"] {
            let new = NewSuggestion {
                congress: city,
                title: title.into(),
                body: "小区设施陈旧，建议尽快研究解决。".into(),
                period: Period::Recess,
                from_motion: false,
                cosigners: vec![],
            };
            let id = s.create_suggestion(&as_deputy(lead), lead, new, today).await.expect("draft");
            s.act(&as_deputy(lead), id, &Command::Submit, &Extra::None, today).await.expect("submit");
            s.act(&staff(city), id, &Command::Register, &Extra::None, today).await.expect("register");
            let extra = Extra::Assign { main: vec![housing], assisting: vec![] };
            s.act(&staff(city), id, &Command::Assign { on: today, complex: false }, &extra, today)
                .await
                .expect("assign");
        }
        let app = TestApp::new(t).await;
        let k = app.api_login("city.staff").await;
        let (_, mut tpl) = k.get("/api/v1/official-templates/handling_report").await;
        tpl["signatory"] = json!("陈志远");
        assert_eq!(k.post("/api/v1/official-templates/handling_report", tpl).await.0, StatusCode::OK);

        let (c, csrf) = app.login("city.staff").await;
        let (status, page) = app.get(&c, "/official/report").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("2026年代表建议办理情况报告"), "this year by default");
        assert!(page.contains("代表提出建议</dt><dd>2件"), "the city's own two: {page}");
        assert!(page.contains("示范市住房和城乡建设局"), "the units' table");
        let draft = textarea(&page, "text");
        assert!(draft.contains("代表共提出建议2件") && draft.contains("【请填写"), "{draft}");
        let form = field_of(&page, "_form");

        // Still marked to write: refused beside the text box, the text as typed.
        let typed = format!("{draft}\n另：本段为经办人补充。");
        let fields = [("_csrf", csrf.as_str()), ("_form", form.as_str()), ("year", "2026"), ("text", typed.as_str())];
        let r = c.post(app.url("/official/report")).header("referer", app.url("/official/report")).form(&fields);
        let r = r.send().await.expect("answered");
        let status = r.status();
        let back = r.text().await.expect("a body");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{back}");
        assert!(back.contains("待填写") && back.contains("另：本段为经办人补充。"), "{back}");
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 0);

        // The preview lays it out with the passage still marked; nothing is kept.
        let r = c.post(app.url("/official/report/preview")).form(&fields).send().await.expect("answered");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.expect("bytes").starts_with(b"PK"));
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 0);

        // Written: issued as 示人常办〔2026〕1号, an upward document naming its signer.
        let written = typed.replace("【请填写存在的问题和下一步工作打算】", "下一步，将加强跟踪督办。");
        let fields = [("_csrf", csrf.as_str()), ("_form", form.as_str()), ("year", "2026"), ("text", written.as_str())];
        let (status, to, _) = app.post_with_location(&c, "/official/report", &fields).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/official?notice=official_issued"));
        let (_, register) = app.get(&c, "/official").await;
        assert!(register.contains("示人常办〔2026〕1号") && register.contains("关于2026年代表建议办理情况的报告"));
        let id: i64 = renda_testkit::count(&s, "SELECT MAX(id) FROM official_documents").await;
        let r = c.get(app.url(&format!("/official/{id}/file"))).send().await.expect("answered");
        let docx = r.bytes().await.expect("bytes");
        let mut xml = String::new();
        zip::ZipArchive::new(std::io::Cursor::new(docx.as_ref()))
            .expect("a DOCX")
            .by_name("word/document.xml")
            .expect("its body")
            .read_to_string(&mut xml)
            .expect("utf-8");
        assert!(xml.contains("签发人：") && xml.contains("陈志远"), "the signer beside the number");
        assert!(xml.contains("下一步，将加强跟踪督办。") && xml.contains("另：本段为经办人补充。"), "the clerk's text");
        assert!(xml.contains("示范市人民代表大会常务委员会"), "to the standing committee");
        let (_, page) = app.get(&c, "/official/report?year=2026").await;
        assert!(page.contains("2026年的报告已签发：示人常办〔2026〕1号"), "the page says it stands");

        // The same year twice; a year not begun; a county with no suggestions; a unit.
        let body = json!({"year": 2026, "text": written});
        let (status, err) = k.post("/api/v1/official-documents/report", body).await;
        assert_eq!((status, err["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_issued")), "{err}");
        let (status, err) = k.get("/api/v1/official-documents/report?year=2027").await;
        assert_eq!((status, err["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("year")));
        let (status, draft) = k.get("/api/v1/official-documents/report?year=2026").await;
        assert_eq!(
            (status, draft["submitted"].as_i64(), draft["assigned"].as_i64()),
            (StatusCode::OK, Some(2), Some(2))
        );
        let county_k = app.api_login("county.staff").await;
        let (_, mut tpl) = county_k.get("/api/v1/official-templates/handling_report").await;
        tpl["signatory"] = json!("林海");
        assert_eq!(county_k.post("/api/v1/official-templates/handling_report", tpl).await.0, StatusCode::OK);
        let (status, err) =
            county_k.post("/api/v1/official-documents/report", json!({"year": 2026, "text": "本年度情况。"})).await;
        assert_eq!(
            (status, err["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("nothing_to_issue")),
            "{err}"
        );
        let (uc, _) = app.login("housing").await;
        assert_eq!(app.get(&uc, "/official/report").await.0, StatusCode::FORBIDDEN);
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 1);
    }
}
