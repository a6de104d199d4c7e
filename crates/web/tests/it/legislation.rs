//! The consultation on a draft regulation on its pages and through the API (SQLite, and
//! PostgreSQL when `RENDA_TEST_PG_URL` is set): the city's staff open one, a citizen reads the
//! draft with an anchor per article and comments on article 5 for a receipt code, staff enter a
//! letter, group duplicates, answer each group and publish the report, which the portal shows.
//! Bad input — a county opening a consultation, an article the draft does not have, a comment
//! after the period — gets a 4xx with a stable code and a Chinese message, the form comes back
//! as typed, and nothing changes.

use jiff::civil::date;
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::Store;
use renda_testkit::http::{TestApp, client, csrf_of, field_of, location_of};
use renda_testkit::{count, deputy, has_chinese, org, testing, user};
use reqwest::StatusCode;
use serde_json::json;

const DRAFT: &str = "第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n第二条 本条例适用于本市行政区域。\n\
    第三条 养犬人应当办理登记。\n第四条 犬只应当接种狂犬病疫苗。\n第五条 携犬出户应当束犬链。\n\
    第二章 附则\n第六条 本条例自公布之日起施行。";

/// A page's form post, with the page's tokens and as sent from it.
async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = app.get(c, page).await;
    let mut all = vec![("_csrf", csrf_of(&html)), ("_form", field_of(&html, "_form"))];
    all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let r = c.post(app.url(action)).header("referer", app.url(page)).form(&all).send().await.expect("answered");
    let (status, to) = (r.status(), location_of(&r));
    (status, to, r.text().await.expect("a body"))
}

/// A city and a county below it, their staff, a city deputy.
async fn world(s: &Store) {
    s.clock().set_on(date(2026, 3, 2));
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    user(s, "city.staff", Role::Staff { congress: city }).await;
    user(s, "county.staff", Role::Staff { congress: county }).await;
    let d = deputy(s, "邓庆丰", city).await;
    user(s, "deputy", Role::Deputy { person: d }).await;
}

async fn rows(s: &Store) -> (i64, i64) {
    (count(s, "SELECT COUNT(*) FROM regulations").await, count(s, "SELECT COUNT(*) FROM regulation_comments").await)
}

#[tokio::test]
async fn a_citizen_comments_on_article_five_and_reads_the_answer_in_the_published_report() {
    for t in testing::all().await {
        let s = t.store.clone();
        world(&s).await;
        let app = TestApp::new(t).await;
        let open = [
            ("title", "示范市养犬管理条例（草案）"),
            ("text", DRAFT),
            ("explanation", "关于草案的说明"),
            ("opens_on", ""),
            ("period_days", ""),
        ];

        // A county cannot open one: the core's reason, in Chinese (a refusal of the forbidden
        // class is an error page, not a form to correct).
        let (county, _) = app.login("county.staff").await;
        let (status, _, body) = post(&app, &county, "/legislation", "/legislation", &open).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("没有地方立法权，不能公开征求法规草案意见"), "{body}");
        assert_eq!(rows(&s).await, (0, 0));

        let (staff, _) = app.login("city.staff").await;
        let (status, to, _) = post(&app, &staff, "/legislation", "/legislation", &open).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id: i64 =
            to.trim_start_matches("/legislation/").split('?').next().and_then(|x| x.parse().ok()).expect("id");

        // The citizen reads the draft on the portal, article 5 anchored, with the days left.
        let citizen = client();
        let page = format!("/portal/drafts/{id}");
        let (status, html) = app.get(&citizen, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"id="art-5""#) && html.contains("还有30天截止"), "{html}");
        let (_, list) = app.get(&citizen, "/portal/drafts").await;
        assert!(list.contains("示范市养犬管理条例（草案）"));

        // An article the draft does not have: 422, refilled, nothing written.
        let comment = |article: &'static str| {
            vec![
                ("article", article),
                ("text", "建议明确犬链长度不超过1.5米。"),
                ("name", "王小明"),
                ("contact", "13912345678"),
            ]
        };
        let (status, _, body) = post(&app, &citizen, &page, &page, &comment("9")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("没有第9条") && body.contains("建议明确犬链长度不超过1.5米。"), "{body}");
        assert_eq!(rows(&s).await, (1, 0));

        let (status, to, _) = post(&app, &citizen, &page, &page, &comment("5")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(to.starts_with("/portal/drafts/receipt?code="), "{to}");
        let (_, receipt) = app.get(&citizen, &to).await;
        assert!(receipt.contains("意见已收到") && receipt.contains("第5条") && !receipt.contains("13912345678"));

        // Staff enter a letter, group the copies the page offers and answer each group.
        let show = format!("/legislation/{id}");
        let letter = [("channel", "letter"), ("article", "0"), ("name", ""), ("text", "建议取消养犬登记费。")];
        let (status, _, _) = post(&app, &staff, &show, &format!("{show}/comments"), &letter).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let comments: Vec<i64> = sqlx::query_scalar("SELECT id FROM regulation_comments ORDER BY id")
            .fetch_all(s.pool())
            .await
            .expect("ids");
        assert_eq!(comments.len(), 2);
        let (_, html) = app.get(&staff, &show).await;
        assert!(html.contains("王小明（13912345678）") && html.contains("来信（未署名）"), "staff see who sent it");
        let (status, _, _) =
            post(&app, &staff, &show, &format!("{show}/groups"), &[("comments", &comments[0].to_string())]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) =
            post(&app, &staff, &show, &format!("{show}/groups"), &[("comments", &comments[1].to_string())]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let groups: Vec<i64> = sqlx::query_scalar("SELECT id FROM regulation_groups ORDER BY id")
            .fetch_all(s.pool())
            .await
            .expect("groups");
        let answer = |g: i64, d: &'static str, r: &'static str| (g.to_string(), d, r);
        let (g, d, r) = answer(groups[1], "not_adopted", "");
        let (status, _, body) =
            post(&app, &staff, &show, &format!("{show}/answer"), &[("group", &g), ("disposition", d), ("reason", r)])
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a 未采纳 says why");
        assert!(body.contains("请填写未采纳的理由"), "{body}");
        for (g, d, r) in [answer(groups[0], "adopted", ""), answer(groups[1], "not_adopted", "登记费由省级规定。")]
        {
            let f = [("group", g.as_str()), ("disposition", d), ("reason", r)];
            let (status, _, _) = post(&app, &staff, &show, &format!("{show}/answer"), &f).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }

        // After the period: no comment is taken, and the report is published.
        s.clock().set_on(date(2026, 4, 2));
        let (_, html) = app.get(&citizen, &page).await;
        assert!(html.contains("不再接收意见") && !html.contains("提交意见"), "the form is gone once closed");
        let api = app.api_anonymous();
        let late = json!({"article": 5, "text": "晚了", "name": "王小明", "contact": "13912345678"});
        let (status, body) = api.post(&format!("/api/v1/regulations/{id}/comments"), late).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("consultation_not_open")));
        assert!(has_chinese(body["error"]["message"].as_str().unwrap_or_default()));
        assert_eq!(rows(&s).await, (1, 2));
        let (staff, _) = app.login("city.staff").await;
        let (status, _, _) = post(&app, &staff, &show, &format!("{show}/report"), &[("version", "1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, report) = app.get(&citizen, &format!("/portal/drafts/{id}/report")).await;
        assert!(
            report.contains("第1组") && report.contains("采纳") && report.contains("登记费由省级规定。"),
            "{report}"
        );
        assert!(!report.contains("王小明") && !report.contains("13912345678"), "never who sent it");
        let (_, receipt) = app.get(&citizen, &to).await;
        assert!(receipt.contains("已归入征求意见情况第1组：采纳"), "{receipt}");
    }
}

#[tokio::test]
async fn the_api_twins_carry_the_same_rules_and_codes() {
    for t in testing::all().await {
        let s = t.store.clone();
        world(&s).await;
        let app = TestApp::new(t).await;
        let draft = json!({"title": "示范市养犬管理条例（草案）", "text": DRAFT, "explanation": "说明"});
        let county = app.api_login("county.staff").await;
        let (status, body) = county.post("/api/v1/regulations", draft.clone()).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("consultation_needs_city")));
        assert!(has_chinese(body["error"]["message"].as_str().unwrap_or_default()));
        assert_eq!(rows(&s).await, (0, 0));

        let staff = app.api_login("city.staff").await;
        let (status, made) = staff.post("/api/v1/regulations", draft).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["versions"][0]["articles"][4]["anchor"], "art-5");
        assert_eq!(made["versions"][0]["days_left"], 30);
        let id = made["id"].as_i64().expect("id");
        let url = format!("/api/v1/regulations/{id}/comments");

        let anon = app.api_anonymous();
        let (status, body) =
            anon.post(&url, json!({"article": 99, "text": "x", "name": "王", "contact": "13912345678"})).await;
        assert_eq!(
            (status, body["error"]["code"].as_str(), body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("no_such_article"), Some("article"))
        );
        let (status, got) =
            anon.post(&url, json!({"article": 5, "text": "好", "name": "王", "contact": "13912345678"})).await;
        assert_eq!((status, got["article"].as_u64()), (StatusCode::CREATED, Some(5)), "{got}");
        let deputy = app.api_login("deputy").await;
        let (status, mine) = deputy.post(&url, json!({"text": "代表的意见"})).await;
        assert_eq!((status, mine["channel"].as_str()), (StatusCode::CREATED, Some("deputy")), "{mine}");
        let (status, body) = deputy.post(&url, json!({"channel": "letter", "text": "冒充"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        let (status, _) = anon.get(&url).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "who sent what is for staff");
        let (_, all) = staff.get(&url).await;
        assert_eq!(all.as_array().map(Vec::len), Some(2));
        let first = all[0]["id"].as_i64().expect("id");
        let (status, g) = staff.post(&format!("/api/v1/regulations/{id}/groups"), json!({"comments": [first]})).await;
        assert_eq!(status, StatusCode::CREATED, "{g}");
        let answer = json!({"group": g["id"], "disposition": "partly_adopted", "reason": "部分吸收。"});
        let (status, a) = staff.post(&format!("/api/v1/regulations/{id}/answers"), answer).await;
        assert_eq!((status, a["disposition"].as_str()), (StatusCode::OK, Some("partly_adopted")));
        let report = format!("/api/v1/regulations/{id}/report");
        let (status, body) = staff.post(&report, json!({"version": 1})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("consultation_still_open")));
        let code = got["receipt"].as_str().expect("a receipt");
        let (status, r) = anon.get(&format!("/api/v1/regulations/receipt/{code}")).await;
        assert_eq!((status, r["reported"].as_bool()), (StatusCode::OK, Some(false)), "{r}");
    }
}

/// Search follows drafts: one open for comment is found by anyone through the words of its
/// articles and leads to its page; one that opens later is its congress's staff's only.
#[tokio::test]
async fn search_finds_an_open_draft_for_everyone_and_a_draft_not_yet_open_for_its_staff_only() {
    use renda_store::legislation::NewDraft;
    use renda_testkit::staff;
    use std::sync::Arc;
    for t in testing::all().await {
        let s = t.store.clone();
        s.clock().set_on(date(2026, 3, 2));
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        let open = NewDraft {
            title: "示范市养犬管理条例（草案）".into(),
            text: DRAFT.into(),
            explanation: "关于条例草案的说明".into(),
            ..NewDraft::default()
        };
        let open = s.open_consultation(&staff(city), city, &open, date(2026, 3, 2)).await.expect("open");
        let later = NewDraft {
            title: "示范市湿地保护条例（草案）".into(),
            text: "第一条 为了保护湿地，制定本条例。\n第二条 湿地保护坚持保护优先。".into(),
            explanation: "关于湿地条例草案的说明".into(),
            opens_on: Some(date(2026, 4, 1)),
            ..NewDraft::default()
        };
        let later = s.open_consultation(&staff(city), city, &later, date(2026, 3, 2)).await.expect("scheduled");
        let later_link = format!("href=\"/portal/drafts/{}\"", later.0);
        let indexer = Arc::new(renda_web::indexer::Indexer::in_memory().expect("index"));
        indexer.catch_up(&s).await.expect("indexed");
        let state = renda_web::AppState::new(s.clone(), renda_web::Config::default()).with_search(indexer.clone());
        let app = TestApp::with_state(t, state).await;
        let leash = "/portal/search?q=%E7%8A%AC%E9%93%BE&kind=draft"; // 犬链, in article 5
        let (_, html) = app.get(&client(), leash).await;
        assert!(html.contains(&format!("href=\"/portal/drafts/{}\"", open.0)) && html.contains("法规草案"), "{html}");
        let wetland = "/portal/search?q=%E6%B9%BF%E5%9C%B0&kind=draft"; // 湿地
        let (_, html) = app.get(&client(), wetland).await;
        assert!(!html.contains(&later_link) && html.contains("湿地"), "not open yet: {html}");
        let (clerk, _) = app.login("staff.city").await;
        let (_, html) = app.get(&clerk, wetland).await;
        assert!(html.contains(&later_link), "its staff find it: {html}");
    }
}
