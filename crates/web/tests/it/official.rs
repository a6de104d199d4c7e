//! Official documents on the pages and in the API: the clerk finds a unit waiting for its 交办函,
//! previews it, cannot issue it before the template names the signatory, issues it under the
//! register's number; the unit finds it among the documents it received and downloads the
//! DOCX; the suggestion's page lists it; the same letter twice, voiding twice and a template
//! with an unknown placeholder are refused with their codes; other units and other congresses
//! see nothing. A station's clerk issues a reception's 接待公告, which anyone downloads from the
//! portal while it stands (and nothing else is served there).

use jiff::civil::date;
use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_core::suggestion::Command;
use renda_store::Store;
use renda_store::suggestions::{Extra, NewSuggestion, Period, SuggestionId};
use renda_testkit::http::{TestApp, client, field_of};
use renda_testkit::{as_deputy, deputy, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::json;

struct World {
    city: OrgId,
    housing: OrgId,
    suggestion: SuggestionId,
}

async fn world(s: &Store) -> World {
    s.clock().set_on(date(2026, 3, 2));
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let housing = org(s, "示范市住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let other = org(s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
    let lead = deputy(s, "周建国", city).await;
    user(s, "city.staff", Role::Staff { congress: city }).await;
    user(s, "county.staff", Role::Staff { congress: county }).await;
    user(s, "housing", Role::Unit { unit: housing }).await;
    user(s, "education", Role::Unit { unit: other }).await;
    let today = date(2026, 3, 2);
    let new = NewSuggestion {
        congress: city,
        title: "关于加快老旧小区改造的建议".into(),
        body: "老旧小区设施陈旧，建议加快改造。".into(),
        period: Period::Recess,
        from_motion: false,
        cosigners: vec![],
    };
    let id = s.create_suggestion(&as_deputy(lead), lead, new, today).await.expect("draft");
    s.act(&as_deputy(lead), id, &Command::Submit, &Extra::None, today).await.expect("submit");
    s.act(&staff(city), id, &Command::Register, &Extra::None, today).await.expect("register");
    let extra = Extra::Assign { main: vec![housing], assisting: vec![] };
    s.act(&staff(city), id, &Command::Assign { on: today, complex: false }, &extra, today).await.expect("assign");
    World { city, housing, suggestion: id }
}

#[tokio::test]
async fn a_clerk_issues_a_letter_for_a_batch_and_the_unit_finds_it_among_its_documents() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let app = TestApp::new(t).await;
        let (c, csrf) = app.login("city.staff").await;
        let (status, register) = app.get(&c, "/official").await;
        assert_eq!(status, StatusCode::OK);
        assert!(register.contains("公文登记簿") && register.contains("示范市住房和城乡建设局"), "the unit waits");
        let batch_url = format!("/official/new/assignment?unit={}", w.housing.0);
        let (status, batch) = app.get(&c, &batch_url).await;
        assert_eq!(status, StatusCode::OK);
        assert!(batch.contains("关于加快老旧小区改造的建议") && batch.contains("主办"));
        assert!(batch.contains("示人常办函〔2026〕（签发时编号）号"), "the number comes when issued");
        let form_token = field_of(&batch, "_form");
        let unit = w.housing.0.to_string();
        let sid = w.suggestion.0.to_string();
        let fields = [("_csrf", csrf.as_str()), ("_form", form_token.as_str()), ("unit", &unit), ("s", &sid)];

        // The preview is a DOCX with the number to come; nothing is kept.
        let r = c.post(app.url("/official/new/assignment/preview")).form(&fields).send().await.expect("answered");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()["content-type"].to_str().expect("ascii"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        assert!(r.bytes().await.expect("bytes").starts_with(b"PK"), "a DOCX package");

        // No signatory yet: refused beside the form, nothing issued.
        // (The browser names the page the form was on: the refusal shows that page again.)
        let r = c.post(app.url("/official/new/assignment")).header("referer", app.url(&batch_url)).form(&fields);
        let r = r.send().await.expect("answered");
        let status = r.status();
        let page = r.text().await.expect("a body");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("关于加快老旧小区改造的建议"), "the batch page again");
        assert!(page.contains("签发人"), "the reason is shown");
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 0);

        // The template: an unknown placeholder is refused as typed; a good one is kept.
        let (_, tpl) = app.get(&c, "/official/templates?kind=assignment").await;
        let tpl_token = field_of(&tpl, "_form");
        let mark = field_of(&tpl, "mark");
        let template = |signatory: &'static str, paragraphs: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("_form", tpl_token.clone()),
                ("kind", "assignment".into()),
                ("mark", mark.clone()),
                ("code", "示人常办函".into()),
                ("signature", "示范市人大常委会办公室".into()),
                ("signatory", signatory.into()),
                ("printed_by", "".into()),
                ("copy_to", "示范市人民政府办公室".into()),
                ("paragraphs", paragraphs.into()),
            ]
        };
        let bad = template("王主任", "请{经办人}办理。");
        let form: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r =
            c.post(app.url("/official/templates")).header("referer", app.url("/official/templates?kind=assignment"));
        let r = r.form(&form).send().await.expect("answered");
        let status = r.status();
        let page = r.text().await.expect("a body");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("占位符“{经办人}”不认识"), "{page}");
        assert!(page.contains("请{经办人}办理。"), "what was typed stays: {page}");
        let good = template("王主任", "现将{件数}件建议交你单位办理，请在{办理期限}前答复代表。");
        let form: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, to, _) = app.post_with_location(&c, "/official/templates", &form).await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/official/templates?kind=assignment&notice=template_saved")
        );

        // Issued: the register lists it under the first number of the year.
        let (_, batch) = app.get(&c, &batch_url).await;
        let form_token = field_of(&batch, "_form");
        let fields = [("_csrf", csrf.as_str()), ("_form", form_token.as_str()), ("unit", &unit), ("s", &sid)];
        let (status, to, _) = app.post_with_location(&c, "/official/new/assignment", &fields).await;
        assert_eq!((status, to.as_str()), (StatusCode::SEE_OTHER, "/official?notice=official_issued"));
        let (_, register) = app.get(&c, "/official").await;
        assert!(register.contains("示人常办函〔2026〕1号") && register.contains("交办函"), "{register}");
        assert!(register.contains("所有已交办的建议都已随交办函送达承办单位"), "nothing waits any more");
        let (_, page) = app.get(&c, &format!("/suggestions/{}", w.suggestion.0)).await;
        assert!(page.contains("相关公文") && page.contains("示人常办函〔2026〕1号"), "the suggestion lists it");

        // The unit finds it and downloads it; another unit and another congress cannot.
        let id: i64 = renda_testkit::count(&s, "SELECT MAX(id) FROM official_documents").await;
        let (uc, _) = app.login("housing").await;
        let (status, inbox) = app.get(&uc, "/official").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            inbox.contains("收到的公文")
                && inbox.contains("示人常办函〔2026〕1号")
                && !inbox.contains("作废</summary>")
        );
        let r = uc.get(app.url(&format!("/official/{id}/file"))).send().await.expect("answered");
        assert_eq!(r.status(), StatusCode::OK);
        let disposition = r.headers()["content-disposition"].to_str().expect("ascii").to_owned();
        assert!(disposition.contains("attachment"), "{disposition}");
        assert!(r.bytes().await.expect("bytes").starts_with(b"PK"));
        for other in ["education", "county.staff"] {
            let (oc, _) = app.login(other).await;
            let (status, _) = app.get(&oc, &format!("/official/{id}/file")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{other}");
            let (_, list) = app.get(&oc, "/official").await;
            assert!(!list.contains("示人常办函〔2026〕1号"), "{other} does not list it");
        }
        let _ = w.city;
    }
}

#[tokio::test]
async fn the_api_issues_once_voids_once_and_refuses_an_unknown_placeholder() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let app = TestApp::new(t).await;
        let k = app.api_login("city.staff").await;
        let (status, t) = k.get("/api/v1/official-templates/assignment").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(t["code"], "示人常办函");
        let mut bad = t.clone();
        bad["paragraphs"] = json!(["请{经办人}办理"]);
        let (status, body) = k.post("/api/v1/official-templates/assignment", bad).await;
        assert_eq!(
            (status, body["error"]["code"].as_str(), body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input"), Some("paragraphs"))
        );
        let (status, body) = k.post("/api/v1/official-templates/letter", t.clone()).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));
        let unit = w.housing.0;
        let (status, body) = k.post("/api/v1/official-documents/new/assignment", json!({"unit": unit})).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("signatory")),
            "no signatory: {body}"
        );
        let mut good = t.clone();
        good["signatory"] = json!("王主任");
        assert_eq!(k.post("/api/v1/official-templates/assignment", good).await.0, StatusCode::OK);
        let (status, lines) = k.get(&format!("/api/v1/official-documents/batch/assignment?unit={unit}")).await;
        assert_eq!((status, lines[0]["role"].as_str()), (StatusCode::OK, Some("主办")));

        let (status, issued) = k.post("/api/v1/official-documents/new/assignment", json!({"unit": unit})).await;
        assert_eq!(status, StatusCode::CREATED, "{issued}");
        assert_eq!(issued["number"], "示人常办函〔2026〕1号");
        let id = issued["id"].as_i64().expect("an id");
        let again = json!({"unit": unit, "suggestions": [w.suggestion.0]});
        let (status, body) = k.post("/api/v1/official-documents/new/assignment", again.clone()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("nothing_to_issue")),
            "already on a standing letter: {body}"
        );
        let (status, list) = k.get(&format!("/api/v1/official-documents?suggestion={}", w.suggestion.0)).await;
        assert_eq!((status, list.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));

        let void = format!("/api/v1/official-documents/{id}/void");
        let (status, body) = k.post(&void, json!({"reason": ""})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("reason")));
        let (status, voided) = k.post(&void, json!({"reason": "主送单位有误"})).await;
        assert_eq!((status, voided["number"].as_str()), (StatusCode::OK, Some("示人常办函〔2026〕1号")));
        assert!(voided["voided_at"].is_string());
        let (status, body) = k.post(&void, json!({"reason": "再次"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("document_voided")));
        let (status, reissued) = k.post("/api/v1/official-documents/new/assignment", again).await;
        assert_eq!((status, reissued["number"].as_str()), (StatusCode::CREATED, Some("示人常办函〔2026〕2号")));

        // The unit reads it in the API; a unit of another congress's staff cannot void it.
        let u = app.api_login("housing").await;
        let (status, one) = u.get(&format!("/api/v1/official-documents/{}", reissued["id"])).await;
        assert_eq!((status, one["addressee"].as_str()), (StatusCode::OK, Some("示范市住房和城乡建设局")));
        let (status, _) =
            u.post(&format!("/api/v1/official-documents/{}/void", reissued["id"]), json!({"reason": "x"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let county = app.api_login("county.staff").await;
        assert_eq!(county.get(&format!("/api/v1/official-documents/{id}")).await.0, StatusCode::NOT_FOUND);
        let _ = w.city;
    }
}

#[tokio::test]
async fn the_api_issues_a_reminder_for_the_overdue_items_once_a_day() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        s.clock().set_on(date(2026, 6, 8));
        let app = TestApp::new(t).await;
        let k = app.api_login("city.staff").await;
        let (_, mut tpl) = k.get("/api/v1/official-templates/reminder").await;
        tpl["signatory"] = json!("王主任");
        assert_eq!(k.post("/api/v1/official-templates/reminder", tpl).await.0, StatusCode::OK);
        let unit = w.housing.0;
        let (status, lines) = k.get(&format!("/api/v1/official-documents/batch/reminder?unit={unit}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (lines[0]["suggestion_id"].as_i64(), lines[0]["overdue"].as_bool()),
            (Some(w.suggestion.0), Some(true))
        );
        let (status, d) = k.post("/api/v1/official-documents/new/reminder", json!({"unit": unit})).await;
        assert_eq!(
            (status, d["kind"].as_str(), d["number"].as_str()),
            (StatusCode::CREATED, Some("reminder"), Some("示人常办函〔2026〕1号")),
            "{d}"
        );
        let (status, body) = k.post("/api/v1/official-documents/new/reminder", json!({"unit": unit})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_issued")));
        let (status, body) = k.post("/api/v1/official-documents/new/notice", json!({"unit": unit})).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kind")));
    }
}

#[tokio::test]
async fn approved_review_opinions_are_issued_as_a_letter_from_their_page_and_in_the_api() {
    use renda_core::oversight::OversightForm;
    use renda_core::oversight::review::Command as ReviewCommand;
    use renda_store::oversight::{ItemForm, ItemState, Meeting};
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let form = ItemForm {
            plan: None,
            year: 2026,
            form: OversightForm::SpecialWorkReport,
            title: "关于全市住房保障工作情况的报告".into(),
            body_org: Some(w.housing),
            committee: "财政经济委员会".into(),
            summary: "听取和审议市政府专项工作报告。".into(),
            meetings: vec![Meeting { on: date(2026, 2, 26), note: "常委会第二十次会议".into() }],
            state: ItemState::Underway,
            documents: Vec::new(),
        };
        let item = s.create_item(&staff(w.city), w.city, &form).await.expect("item");
        let review =
            s.create_review(&staff(w.city), item, "一、加大保障性住房供给。\n二、规范租赁市场。").await.expect("draft");
        let app = TestApp::new(t).await;
        let k = app.api_login("city.staff").await;
        let url = format!("/api/v1/official-documents/review/{}", review.0);
        let (status, body) = k.post(&url, json!({})).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("illegal_transition")),
            "{body}"
        );
        s.act_on_review(&staff(w.city), review, &ReviewCommand::Approve, None, date(2026, 3, 2))
            .await
            .expect("approve");
        let (_, mut tpl) = k.get("/api/v1/official-templates/review_opinion").await;
        tpl["signatory"] = json!("王主任");
        assert_eq!(k.post("/api/v1/official-templates/review_opinion", tpl).await.0, StatusCode::OK);
        let (status, d) = k.post(&url, json!({})).await;
        assert_eq!((status, d["number"].as_str()), (StatusCode::CREATED, Some("示人常审〔2026〕1号")), "{d}");
        assert_eq!(d["title"], "关于《示范市住房和城乡建设局关于全市住房保障工作情况的报告》的审议意见");
        // The review's page lists it, and the body finds it among what it received.
        let (c, _) = app.login("city.staff").await;
        let (_, page) = app.get(&c, &format!("/oversight/reviews/{}", review.0)).await;
        assert!(page.contains("审议意见书") && page.contains("示人常审〔2026〕1号"), "{page}");
        let (uc, _) = app.login("housing").await;
        let (_, inbox) = app.get(&uc, "/official").await;
        assert!(inbox.contains("示人常审〔2026〕1号"));
        let (status, body) = k.post(&url, json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_issued")));
    }
}

#[tokio::test]
async fn an_issued_letter_downloads_as_pdf_where_libreoffice_is_installed() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let mut tpl =
            s.official_template(&staff(w.city), w.city, renda_core::official::Kind::Assignment).await.expect("t");
        tpl.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, renda_core::official::Kind::Assignment, tpl)
            .await
            .expect("saved");
        let app = TestApp::new(t).await;
        let k = app.api_login("city.staff").await;
        let (status, d) = k.post("/api/v1/official-documents/new/assignment", json!({"unit": w.housing.0})).await;
        assert_eq!(status, StatusCode::CREATED);
        let (c, _) = app.login("city.staff").await;
        let r = c.get(app.url(&format!("/official/{}/pdf", d["id"]))).send().await.expect("answered");
        if renda_office::pdf::available() {
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()["content-type"], "application/pdf");
            assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF-"));
            let (_, page) = app.get(&c, "/official").await;
            assert!(page.contains("下载 PDF"));
        } else {
            assert!(std::env::var_os("RENDA_REQUIRE_SOFFICE").is_none(), "LibreOffice is required here");
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            assert!(r.text().await.expect("text").contains("未安装 LibreOffice"));
            let (_, page) = app.get(&c, "/official").await;
            assert!(page.contains("只提供 DOCX") && !page.contains("下载 PDF"));
            eprintln!("LibreOffice is not installed: the page offers the DOCX only, as tested");
        }
        // Another unit's clerk gets nothing either way.
        let (oc, _) = app.login("education").await;
        assert_eq!(app.get(&oc, &format!("/official/{}/pdf", d["id"])).await.0, StatusCode::NOT_FOUND);
    }
}

/// A station of the city with a deputy attached and its profile, and a reception posted there
/// for 2026-03-12 (the world's today is 2026-03-02); the 接待公告's template names its signatory.
async fn reception(s: &Store, w: &World) -> (OrgId, renda_store::liaison::stations::ReceptionId) {
    use renda_core::liaison::station::StationProfile;
    use renda_core::official::Kind;
    use renda_store::liaison::stations::NewReception;
    let station = org(s, "示范市人大代表联络站（市民中心）", OrgKind::LiaisonStation, Some(w.city)).await;
    let host = deputy(s, "李秀英", w.city).await;
    s.attach_station_deputy(&staff(w.city), station, host, date(2026, 3, 2)).await.expect("attached");
    let profile = StationProfile {
        address: "示范市人民路1号市民中心二楼".into(),
        opening_hours: "工作日 9:00—17:00".into(),
        reception_days: "每月12日上午".into(),
        phone: None,
        intro: String::new(),
    };
    s.set_station_profile(&staff(w.city), station, &profile).await.expect("profile");
    let new = NewReception {
        on: date(2026, 3, 12),
        starts: jiff::civil::time(9, 0, 0, 0),
        ends: jiff::civil::time(11, 30, 0, 0),
        topic: "老旧小区加装电梯".into(),
        deputies: vec![host],
    };
    let id = s.schedule_reception(&staff(w.city), station, &new, date(2026, 3, 2)).await.expect("posted");
    for kind in [Kind::ReceptionNotice, Kind::Assignment] {
        let mut tpl = s.official_template(&staff(w.city), w.city, kind).await.expect("template");
        tpl.signatory = "王主任".into();
        s.save_official_template(&staff(w.city), w.city, kind, tpl).await.expect("saved");
    }
    (station, id)
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[tokio::test]
async fn a_clerk_issues_a_reception_notice_and_anyone_downloads_it_beside_the_reception() {
    use std::io::Read;
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let (station, rid) = reception(&s, &w).await;
        let app = TestApp::new(t).await;
        let (c, csrf) = app.login("city.staff").await;
        let manage = format!("/stations/{}/manage", station.0);
        let (status, page) = app.get(&c, &manage).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("预览接待公告") && page.contains("印发接待公告"), "{page}");

        // The preview is the notice with its number to come; nothing is kept.
        let r = c.get(app.url(&format!("/official/reception/{}/preview", rid.0))).send().await.expect("answered");
        assert_eq!((r.status(), r.headers()["content-type"].to_str().expect("ascii")), (StatusCode::OK, DOCX));
        assert!(r.bytes().await.expect("bytes").starts_with(b"PK"));
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 0);

        // Issued from the station's page: back there, where it stands with its number.
        let form_token = field_of(&page, "_form");
        let fields = [("_csrf", csrf.as_str()), ("_form", form_token.as_str())];
        let (status, to, _) = app.post_with_location(&c, &format!("/official/reception/{}", rid.0), &fields).await;
        assert_eq!((status, to), (StatusCode::SEE_OTHER, format!("{manage}?notice=reception_notice_issued")));
        let id: i64 = renda_testkit::count(&s, "SELECT MAX(id) FROM official_documents").await;
        let (_, page) = app.get(&c, &format!("{manage}?notice=reception_notice_issued")).await;
        assert!(page.contains("接待公告已签发") && page.contains("示人常联〔2026〕1号"), "{page}");
        let issue_form = format!("action=\"/official/reception/{}\"", rid.0);
        assert!(page.contains(&format!("/official/{id}/file")) && !page.contains(&issue_form), "{page}");
        let (_, register) = app.get(&c, "/official").await;
        assert!(register.contains("示人常联〔2026〕1号") && register.contains("接待公告"), "{register}");

        // Anyone finds it beside the reception, on the portal's list and on the station's page,
        // and downloads the DOCX.
        let citizen = client();
        let link = format!("/portal/notices/{id}");
        for page in ["/portal/receptions".to_string(), format!("/stations/{}", station.0)] {
            let (status, html) = app.get(&citizen, &page).await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                html.contains(&format!("href=\"{link}\"")) && html.contains("示人常联〔2026〕1号"),
                "{page}: {html}"
            );
        }
        let r = citizen.get(app.url(&link)).send().await.expect("answered");
        assert_eq!((r.status(), r.headers()["content-type"].to_str().expect("ascii")), (StatusCode::OK, DOCX));
        let bytes = r.bytes().await.expect("bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a DOCX package");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("its body").read_to_string(&mut xml).expect("utf-8");
        assert!(
            xml.contains("示人常联〔2026〕1号")
                && xml.contains("2026年3月12日（星期四）9:00—11:30")
                && xml.contains("李秀英")
                && xml.contains("示范市人民路1号市民中心二楼")
                && xml.contains("老旧小区加装电梯"),
            "{xml}"
        );
        let r = citizen.get(app.url(&format!("{link}/pdf"))).send().await.expect("answered");
        if renda_office::pdf::available() {
            assert_eq!(r.status(), StatusCode::OK);
            assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF-"));
        } else {
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            assert!(r.text().await.expect("text").contains("未安装 LibreOffice"));
        }

        // Not public: a 交办函 (not found, as an unknown id is), a bad id, a voided notice.
        let k = app.api_login("city.staff").await;
        let (status, letter) = k.post("/api/v1/official-documents/new/assignment", json!({"unit": w.housing.0})).await;
        assert_eq!(status, StatusCode::CREATED, "{letter}");
        for other in [format!("/portal/notices/{}", letter["id"]), "/portal/notices/99999".into()] {
            let (status, body) = app.get(&citizen, &other).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{other}");
            assert!(body.contains("未找到"), "{other}: {body}");
        }
        let (status, body) = app.get(&citizen, "/portal/notices/abc").await;
        assert!(status.is_client_error() && body.contains("网址有误"), "{status}: {body}");
        let (status, _) =
            k.post(&format!("/api/v1/official-documents/{id}/void"), json!({"reason": "接待时间有变"})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(app.get(&citizen, &link).await.0, StatusCode::NOT_FOUND, "a voided notice is withdrawn");
        let (_, html) = app.get(&citizen, "/portal/receptions").await;
        assert!(!html.contains(&link), "no longer linked");
    }
}

#[tokio::test]
async fn the_api_issues_a_reception_notice_once_and_not_for_a_cancelled_reception() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let (_, rid) = reception(&s, &w).await;
        let app = TestApp::new(t).await;
        let url = format!("/api/v1/official-documents/reception/{}", rid.0);
        let unit = app.api_login("housing").await;
        assert_eq!(unit.post(&url, json!({})).await.0, StatusCode::FORBIDDEN);
        let county = app.api_login("county.staff").await;
        assert_eq!(county.post(&url, json!({})).await.0, StatusCode::FORBIDDEN);
        let k = app.api_login("city.staff").await;
        let (status, d) = k.post(&url, json!({})).await;
        assert_eq!(
            (status, d["kind"].as_str(), d["number"].as_str(), d["unit_id"].is_null()),
            (StatusCode::CREATED, Some("reception_notice"), Some("示人常联〔2026〕1号"), true),
            "{d}"
        );
        assert_eq!(d["title"], "关于示范市人大代表联络站（市民中心）2026年3月12日代表接待活动的公告");
        let (status, body) = k.post(&url, json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_issued")));
        s.cancel_reception(&staff(w.city), rid, "代表另有公务").await.expect("cancelled");
        let (status, body) = k.post(&url, json!({})).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("illegal_transition")),
            "{body}"
        );
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("已取消")), "{body}");
        let (status, body) = k.post("/api/v1/official-documents/reception/99999", json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    }
}

#[tokio::test]
async fn the_appointment_notices_template_is_listed_read_and_saved_like_the_others() {
    for t in testing::all().await {
        let s = t.store.clone();
        let _ = world(&s).await;
        let app = TestApp::new(t).await;
        let (c, _) = app.login("city.staff").await;
        let (status, page) = app.get(&c, "/official/templates?kind=appointment_notice").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("任免公告") && page.contains("{会议}"), "the kind and its placeholders");
        let k = app.api_login("city.staff").await;
        let (status, t) = k.get("/api/v1/official-templates/appointment_notice").await;
        assert_eq!((status, t["code"].as_str()), (StatusCode::OK, Some("示人常公")));
        assert_eq!(t["signature"], "示范市人民代表大会常务委员会");
        let mut bad = t.clone();
        bad["paragraphs"] = json!(["请{单位}知悉"]);
        let (status, body) = k.post("/api/v1/official-templates/appointment_notice", bad).await;
        assert_eq!(
            (status, body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("paragraphs")),
            "another kind's placeholder: {body}"
        );
        let mut good = t.clone();
        good["signatory"] = json!("陈志远");
        assert_eq!(k.post("/api/v1/official-templates/appointment_notice", good).await.0, StatusCode::OK);
        let (_, kept) = k.get("/api/v1/official-templates/appointment_notice").await;
        assert_eq!(kept["signatory"], "陈志远");
    }
}

#[tokio::test]
async fn a_clerk_previews_the_template_being_edited_as_a_specimen_and_nothing_is_kept() {
    use std::io::Read;
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let app = TestApp::new(t).await;
        let (c, csrf) = app.login("city.staff").await;
        let page_url = "/official/templates?kind=reception_notice";
        let (_, page) = app.get(&c, page_url).await;
        assert!(page.contains("formaction=\"/official/templates/specimen\"") && page.contains("预览样张"), "{page}");
        let token = field_of(&page, "_form");
        let form = |mark: &'static str, paragraphs: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("_form", token.clone()),
                ("kind", "reception_notice".to_string()),
                ("mark", mark.to_string()),
                ("code", "示人常联".into()),
                ("signature", "示范市人大常委会办公室".into()),
                ("signatory", "".into()),
                ("printed_by", "".into()),
                ("copy_to", "".into()),
                ("paragraphs", paragraphs.into()),
            ]
        };
        let typed = form("示范市人大常委会联络工作办公室文件", "{日期}，{代表}在{联络站}接待群众。");
        let r = c.post(app.url("/official/templates/specimen")).form(&typed).send().await.expect("answered");
        assert_eq!((r.status(), r.headers()["content-type"].to_str().expect("ascii")), (StatusCode::OK, DOCX));
        let bytes = r.bytes().await.expect("bytes");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a DOCX package");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("its body").read_to_string(&mut xml).expect("utf-8");
        assert!(
            xml.contains("示范市人大常委会联络工作办公室文件")
                && xml.contains("示人常联〔2026〕（签发时编号）号")
                && xml.contains("在示范市人大代表联络站（市民中心）接待群众。")
                && !xml.contains('{'),
            "the mark and the paragraph as typed, filled from the specimen's records: {xml}"
        );
        // Nothing kept: the template is the default still, no document and no number taken.
        let kept = s.official_template(&staff(w.city), w.city, renda_core::official::Kind::ReceptionNotice).await;
        assert_eq!(kept.expect("read").mark, "示范市人大常委会办公室文件");
        assert_eq!(renda_testkit::count(&s, "SELECT COUNT(*) FROM official_documents").await, 0);

        // A template the core refuses comes back as typed, the reason beside it.
        let bad = form("示范市人大常委会办公室文件", "请{经办人}接待。");
        let r = c.post(app.url("/official/templates/specimen")).header("referer", app.url(page_url)).form(&bad);
        let r = r.send().await.expect("answered");
        let status = r.status();
        let page = r.text().await.expect("a body");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("占位符“{经办人}”不认识") && page.contains("请{经办人}接待。"), "{page}");

        // Only a congress's staff.
        let (uc, ucsrf) = app.login("housing").await;
        let mut theirs = form("示范市人大常委会办公室文件", "");
        theirs[0].1 = ucsrf;
        let r = uc.post(app.url("/official/templates/specimen")).form(&theirs).send().await.expect("answered");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_certificate_template_is_edited_previewed_and_saved_on_its_tab_and_in_the_api() {
    use std::io::Read;
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let app = TestApp::new(t).await;
        let (c, csrf) = app.login("city.staff").await;
        let url = "/official/templates?kind=appointment_certificate";
        let (status, page) = app.get(&c, url).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(">任命书</a>") && page.contains("第五十条") && page.contains("{会议}"), "{page}");
        let token = field_of(&page, "_form");
        let form = |basis: &'static str, signer: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("_form", token.clone()),
                ("kind", "appointment_certificate".to_string()),
                ("title", "任命书".into()),
                ("basis", basis.into()),
                ("signer_title", "主任".into()),
                ("signer", signer.into()),
                ("code", "示人常任".into()),
            ]
        };
        // The specimen of what is typed, nothing kept.
        let typed = form("根据有关规定，经{会议}决定：", "");
        let r = c.post(app.url("/official/templates/specimen")).form(&typed).send().await.expect("answered");
        assert_eq!((r.status(), r.headers()["content-type"].to_str().expect("ascii")), (StatusCode::OK, DOCX));
        let mut zip =
            zip::ZipArchive::new(std::io::Cursor::new(r.bytes().await.expect("bytes").to_vec())).expect("zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("body").read_to_string(&mut xml).expect("utf-8");
        assert!(
            xml.contains("根据有关规定，经示范市人民代表大会常务委员会第二十次会议决定：")
                && xml.contains("（签署人）"),
            "{xml}"
        );
        assert_eq!(s.certificate_template(&staff(w.city), w.city).await.expect("read").signer, "");

        // Refused as typed, the reason beside the basis.
        let bad = form("经{单位}决定：", "陈志远");
        let r = c.post(app.url("/official/templates")).header("referer", app.url(url)).form(&bad);
        let r = r.send().await.expect("answered");
        let status = r.status();
        let page = r.text().await.expect("a body");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("经{单位}决定：</textarea><span class=\"field-error\""), "{page}");
        assert!(page.contains("value=\"陈志远\""), "the signer typed stays: {page}");

        // Saved, back on its tab.
        let good = form("根据有关规定，经{会议}决定：", "陈志远");
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, to, _) = app.post_with_location(&c, "/official/templates", &good).await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/official/templates?kind=appointment_certificate&notice=template_saved")
        );
        let kept = s.certificate_template(&staff(w.city), w.city).await.expect("read");
        assert_eq!((kept.signer.as_str(), kept.basis.as_str()), ("陈志远", "根据有关规定，经{会议}决定："));

        // The API reads and saves the same template; another kind's tab is untouched.
        let k = app.api_login("city.staff").await;
        let (status, body) = k.get("/api/v1/official-templates/appointment_certificate").await;
        assert_eq!((status, body["signer"].as_str()), (StatusCode::OK, Some("陈志远")), "{body}");
        let mut wrong = body.clone();
        wrong["code"] = json!("示人常任〔2026〕");
        let (status, e) = k.post("/api/v1/official-templates/appointment_certificate", wrong).await;
        assert_eq!((status, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("code")), "{e}");
        let mut other = body.clone();
        other["signer"] = json!("李明");
        assert_eq!(k.post("/api/v1/official-templates/appointment_certificate", other).await.0, StatusCode::OK);
        assert_eq!(s.certificate_template(&staff(w.city), w.city).await.expect("read").signer, "李明");
        let unit = app.api_login("housing").await;
        assert_eq!(unit.get("/api/v1/official-templates/appointment_certificate").await.0, StatusCode::FORBIDDEN);
    }
}
