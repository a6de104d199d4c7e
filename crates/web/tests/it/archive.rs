//! The duty archive's pages over real HTTP, as each role: the deputy's page with every line
//! explained, a declaration that counts only once verified, a locked year's rules refused,
//! rankings that annualise a mid-year joiner, the A4 print view, DOCX and XLSX exports read
//! back, the portal showing only the public kinds, and strangers refused. SQLite always,
//! PostgreSQL too when `RENDA_TEST_PG_URL` is set.

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use jiff::civil::{Date, date};
use renda_core::archive::rules::Band;
use renda_core::archive::templates::Template;
use renda_core::archive::{ItemKind, RuleTable};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_store::Actor;
use renda_store::archive::PlatformItem;
use renda_store::people::NewDeputyship;
use renda_testkit::http::TestApp;
use renda_testkit::{TestStore, count, deputy_with, label, on_each_store, org, person, seat, seat_from, user};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::io::{Cursor, Read};

/// The last day of the year scored: the mid-year joiner has served 184 of 365 days.
const TODAY: Date = date(2025, 12, 31);
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n-evidence-photo";

struct App {
    app: TestApp,
    east: OrgId,
    /// In office all year with three inspections; joined on 1 July with two; one survey only.
    a: PersonId,
    late: PersonId,
    idle: PersonId,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A deputy from `start`: in the 第一选区 when elected in January, the 第二选区 otherwise.
async fn deputy(s: &renda_store::Store, name: &str, congress: OrgId, start: Date) -> PersonId {
    let delegation = label(if start.month() == 1 { "第一选区" } else { "第二选区" });
    deputy_with(s, person(name), NewDeputyship { delegation, ..seat_from(congress, start) }).await
}

/// 江北区's table with bands and a minimum of two activities to be ranked.
fn table() -> RuleTable {
    let mut t = Template::Jiangbei.table();
    t.bands = vec![Band::new("好", Some(9), None), Band::new("一般", None, Some(9))];
    t.min_activity = 2;
    t
}

fn item(person: PersonId, day: Date, kind: ItemKind, n: i64) -> PlatformItem {
    PlatformItem { person, date: day, kind, quantity: 1, source: format!("activity:{n}:{}", person.0) }
}

async fn spawn(db: TestStore) -> App {
    spawn_on(db, TODAY).await
}

/// The app with its clock on `today`.
async fn spawn_on(db: TestStore, today: Date) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let a = deputy(&s, "周建国", east, date(2022, 1, 10)).await;
    let idle = deputy(&s, "吴丽", east, date(2022, 1, 10)).await;
    let late = deputy(&s, "郑平", east, date(2025, 7, 1)).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "staff.west", Role::Staff { congress: west }).await;
    user(&s, "deputy.a", Role::Deputy { person: a }).await;
    user(&s, "deputy.late", Role::Deputy { person: late }).await;
    let sys = Actor::system();
    s.publish_rules(&sys, east, 2025, table(), date(2025, 1, 1), date(2024, 12, 1)).await.expect("rules");
    let items = vec![
        item(a, date(2025, 3, 5), ItemKind::Inspection, 1),
        item(a, date(2025, 4, 9), ItemKind::Inspection, 2),
        item(a, date(2025, 5, 20), ItemKind::Inspection, 3),
        item(late, date(2025, 9, 2), ItemKind::Inspection, 4),
        item(late, date(2025, 10, 15), ItemKind::Inspection, 5),
        item(idle, date(2025, 6, 1), ItemKind::Survey, 6),
    ];
    s.record_platform_items(&sys, east, &items).await.expect("items");

    s.clock().set_on(today);
    App { app: TestApp::new(db).await, east, a, late, idle }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

impl App {
    /// GET `path`: status and the body's bytes.
    async fn bytes(&self, c: &reqwest::Client, path: &str) -> (StatusCode, Vec<u8>) {
        let r = c.get(self.url(path)).send().await.expect("get");
        (r.status(), r.bytes().await.expect("body").to_vec())
    }

    /// A declaration through the page's multipart form, with one evidence file.
    async fn declare(&self, c: &reqwest::Client, csrf: &str, person: PersonId, kind: &str, day: &str) -> StatusCode {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.to_owned())
            .text("kind", kind.to_owned())
            .text("date", day.to_owned())
            .text("quantity", "1")
            .text("description", "参加区人大组织的农村饮水安全专题调研")
            .text("evidence", "")
            .part("files", reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("调研合影.png"));
        c.post(self.url(&format!("/archive/{}/declare", person.0))).multipart(form).send().await.expect("post").status()
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.store, sql).await
    }
}

#[tokio::test]
async fn the_deputy_page_explains_every_line_and_the_total() {
    for app in apps().await {
        let (c, _) = app.login("deputy.a").await;
        let (status, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("周建国的履职档案"));
        assert!(page.contains("参加视察 3 次 × 3 分 = 9 分"), "the line is explained");
        assert!(page.contains("class=\"score-total\">9 分"), "the total");
        assert!(page.contains("等次：<strong class=\"band\">好"), "the band");
        assert!(page.contains("第1版"), "the rule version used");
        assert!(page.contains("2025-03-05") && page.contains("平台记录"), "items with date and source");
        // The deputy's own entry in the navigation leads here.
        let r = c.get(app.url("/archive")).send().await.expect("get");
        assert_eq!(
            r.headers().get("location").and_then(|v| v.to_str().ok()),
            Some(format!("/archive/{}", app.a.0).as_str())
        );
    }
}

#[tokio::test]
async fn the_page_opens_with_the_score_band_and_rank_of_the_period() {
    for app in apps().await {
        app.store.recompute_scores(app.east, 2025, TODAY).await.expect("recompute");
        let (c, _) = app.login("deputy.a").await;
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("{needle} missing: {page}"));
        // The summary comes first: before the filters, the basic facts and the lines.
        assert!(at("id=\"summary\"") < at("基本情况") && at("id=\"summary\"") < at("class=\"filters\""));
        assert!(page.contains("<strong class=\"score-number\">9</strong> 分"), "the number");
        assert!(page.contains("<dd class=\"band\">好</dd>"), "the band");
        // The mid-year joiner's 6 in 184 days annualise to 11.9, ahead of A's 9; 吴丽 has one
        // activity of the two required and is not ranked.
        assert!(page.contains("<dd class=\"rank\">第 2 名（共 2 名）</dd>"), "the rank");
        assert!(page.contains("考核期间 <span class=\"period\">2025-01-01 至 2025-12-31</span>"), "the period");
        assert!(page.contains("2025年度履职得分：9 分"), "the heading has the number");
        let (c, _) = app.login("staff.east").await;
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.idle.0)).await;
        assert!(page.contains("<dd class=\"rank\">不参与排名</dd>"), "{page}");
        assert!(page.contains("少于参与排名所需的 2 次"), "with the reason");
    }
}

#[tokio::test]
async fn items_after_the_period_are_not_shown_as_counted_and_the_page_says_what_counts() {
    for app in on_each_store(|db| spawn_on(db, date(2025, 6, 30))).await {
        // On 30 June the period is the half-year: the joiner's September and October
        // inspections are in the archive but not in the score.
        let (c, _) = app.login("deputy.late").await;
        let (status, page) = app.get(&c, &format!("/archive/{}?year=2025", app.late.0)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("2025-09-02") && page.contains("2025-10-15"), "the items are listed");
        assert!(!page.contains("已计入"), "nothing after the period shows as counted: {page}");
        assert_eq!(page.matches("不在本考核期（2025-06-30之后），暂不计入").count(), 2, "{page}");
        assert!(page.contains("class=\"score-total\">0 分"), "and the score agrees");
        assert!(
            page.contains("考核期间 <span class=\"period\">2025-01-01 至 2025-06-30</span>"),
            "the period is stated"
        );
        assert!(page.contains("计入得分的是考核期内平台记录的事项和经审核核实的申报事项"), "and what counts");
        // A's items of the spring are in the period and counted.
        let (c, _) = app.login("deputy.a").await;
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert_eq!(page.matches("已计入").count(), 3, "{page}");
    }
}

#[tokio::test]
async fn a_confirmed_correction_with_a_reason_reaches_back_to_january_and_reranks() {
    for app in apps().await {
        app.store.recompute_scores(app.east, 2025, TODAY).await.expect("recompute");
        let (staff, csrf) = app.login("staff.east").await;
        let (_, page) = app.get(&staff, &format!("/rules?congress={}&year=2025", app.east.0)).await;
        assert!(page.contains("id=\"correction\"") && page.contains("name=\"confirm\""), "the form offers it");
        let east = app.east.0.to_string();
        let form = |confirm: &'static str, reason: &'static str| {
            vec![
                ("congress", east.clone()),
                ("year", "2025".to_owned()),
                ("version", "1".to_owned()),
                ("name", "东城区人大代表履职积分细则".to_owned()),
                ("bands", "好,9,\n一般,,9".to_owned()),
                ("min_activity", "1".to_owned()),
                ("p_inspection", "3".to_owned()),
                ("p_survey", "20".to_owned()),
                ("confirm", confirm.to_owned()),
                ("reason", reason.to_owned()),
            ]
        };
        let post = |f: Vec<(&'static str, String)>| {
            let mut f = f;
            f.push(("_csrf", csrf.clone()));
            let c = staff.clone();
            let url = app.url("/rules/edit");
            async move {
                let r = c.post(url).form(&f).send().await.expect("post");
                (r.status(), r.text().await.expect("body"))
            }
        };
        // Unconfirmed: the locked year's refusal. Confirmed without a reason: refused too.
        let (status, body) = post(form("", "调研分值录入有误")).await;
        assert!(status.is_client_error() && body.contains("已于2025年1月1日起锁定"), "{status} {body}");
        let (status, body) = post(form("1", " ")).await;
        assert!(status.is_client_error() && body.contains("更正评分细则须写明理由"), "{status} {body}");
        assert_eq!(app.store.rule_book(app.east, 2025).await.expect("book").versions().len(), 1);

        let (status, _) = post(form("1", "调研每次应为20分，发布时误录")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&staff, &format!("/rules?congress={}&year=2025", app.east.0)).await;
        assert!(page.contains("更正第1版，自2025-01-01起施行。更正理由：调研每次应为20分，发布时误录"), "{page}");
        assert!(page.contains("已被更正，留存备查"), "the old version is kept");
        let audit: i64 = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'rules.correct'").await;
        assert_eq!(audit, 1);

        // Recomputed, 吴丽's one survey (20) leads the ranking.
        let (status, _) =
            app.post(&staff, "/rules/recompute", &[("_csrf", &csrf), ("congress", &east), ("year", "2025")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, ranking) = app.get(&staff, &format!("/rankings?congress={}&year=2025", app.east.0)).await;
        let first = ranking.find("吴丽").expect("ranked");
        assert!(first < ranking.find("周建国").expect("a") && first < ranking.find("郑平").expect("late"));
    }
}

#[tokio::test]
async fn a_declared_item_counts_only_after_staff_verify_it() {
    for app in apps().await {
        let (c, csrf) = app.login("deputy.a").await;
        assert_eq!(app.declare(&c, &csrf, app.a, "survey", "2025-06-01").await, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert!(page.contains("待审核"), "shown as waiting");
        assert!(page.contains("调研合影.png"), "the evidence file is listed for the deputy");
        assert!(!page.contains("参加调研 1 次"), "not in the score before verification");
        assert!(page.contains("class=\"score-total\">9 分"));

        let (staff, scsrf) = app.login("staff.east").await;
        let (status, queue) = app.get(&staff, "/archive/pending").await;
        assert_eq!(status, StatusCode::OK);
        assert!(queue.contains("周建国") && queue.contains("农村饮水安全专题调研"));
        let id: i64 = app.count("SELECT MAX(id) FROM archive_items WHERE origin = 'declared'").await;
        let hash: String = sqlx::query_scalar("SELECT hash FROM archive_item_files WHERE item_id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .expect("file row");
        let (status, file) = app.bytes(&staff, &format!("/archive/items/{id}/files/{hash}")).await;
        assert_eq!((status, file.as_slice()), (StatusCode::OK, PNG), "staff open the evidence");

        // A rejection needs a reason.
        let (status, body) =
            app.post(&staff, &format!("/archive/items/{id}/review"), &[("_csrf", &scsrf), ("action", "reject")]).await;
        assert!(status.is_client_error(), "{status}");
        assert!(body.contains("理由"), "{body}");
        let (status, _) =
            app.post(&staff, &format!("/archive/items/{id}/review"), &[("_csrf", &scsrf), ("action", "verify")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert!(page.contains("参加调研 1 次 × 3 分 = 3 分"), "counted once verified");
        assert!(page.contains("class=\"score-total\">12 分"));

        // The API's twins: declared with its evidence file, then reviewed — the same rules (a
        // rejection needs its reason), the same counting.
        let deputy = app.api_login("deputy.a").await;
        let declare = format!("/api/v1/archive/{}/declare", app.a.0);
        let item = |date: &str| serde_json::json!({"kind": "survey", "date": date, "description": "农村饮水安全专题调研", "evidence": ["调研报告"]});
        let (status, body) = deputy.post_files(&declare, item("2025-13-01"), &[("调研合影.png", PNG)]).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("date")));
        let (status, body) =
            app.api_login("deputy.late").await.post_files(&declare, item("2025-07-01"), &[("调研合影.png", PNG)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "not for another deputy: {body}");
        let (status, made) = deputy.post_files(&declare, item("2025-07-01"), &[("调研合影.png", PNG)]).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        let second = made["id"].as_i64().expect("the item");
        let files: i64 = app.count(&format!("SELECT COUNT(*) FROM archive_item_files WHERE item_id = {second}")).await;
        assert_eq!(files, 1, "with its evidence file");
        let api = app.api_login("staff.east").await;
        let review = format!("/api/v1/archive/items/{second}/review");
        let (status, body) = api.post(&review, serde_json::json!({"action": "reject"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("理由")), "{body}");
        assert_eq!(deputy.post(&review, serde_json::json!({"action": "verify"})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(api.post(&review, serde_json::json!({"action": "verify"})).await.0, StatusCode::NO_CONTENT);
        let (_, page) = app.get(&c, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert!(page.contains("参加调研 2 次 × 3 分 = 6 分"), "counted once verified through the API");
    }
}

#[tokio::test]
async fn editing_a_locked_year_is_refused_in_chinese_and_the_book_is_unchanged() {
    for app in apps().await {
        let (staff, csrf) = app.login("staff.east").await;
        let (status, page) = app.get(&staff, &format!("/rules?congress={}&year=2025", app.east.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("已锁定") && page.contains("每次 3 分"), "{page}");
        let east = app.east.0.to_string();
        let (status, body) = app
            .post(
                &staff,
                "/rules/edit",
                &[
                    ("_csrf", &csrf),
                    ("congress", &east),
                    ("year", "2025"),
                    ("version", "1"),
                    ("name", "改过的细则"),
                    ("p_inspection", "5"),
                ],
            )
            .await;
        assert!(status.is_client_error(), "{status}");
        assert!(body.contains("已于2025年1月1日起锁定"), "{body}");
        let book = app.store.rule_book(app.east, 2025).await.expect("book");
        assert_eq!(book.versions().len(), 1);
        assert_eq!(book.versions()[0].table, table(), "nothing changed");

        // Next year's book is still open: a template installs and can be corrected.
        let (status, _) = app
            .post(
                &staff,
                "/rules/install",
                &[
                    ("_csrf", &csrf),
                    ("congress", &east),
                    ("year", "2026"),
                    ("template", "yinchuan"),
                    ("effective_from", "2026-01-01"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = app
            .post(
                &staff,
                "/rules/edit",
                &[
                    ("_csrf", &csrf),
                    ("congress", &east),
                    ("year", "2026"),
                    ("version", "1"),
                    ("name", "东城区代表履职考核办法"),
                    ("base", "0"),
                    ("max_total", "100"),
                    ("bands", "好,80,\n较好,60,80\n差,,60"),
                    ("p_inspection", "4"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let next = app.store.rule_book(app.east, 2026).await.expect("book");
        assert_eq!(next.versions()[0].table.name, "东城区代表履职考核办法");
        // Another congress's staff change nothing.
        let (west, wcsrf) = app.login("staff.west").await;
        let (status, _) = app
            .post(
                &west,
                "/rules/install",
                &[
                    ("_csrf", &wcsrf),
                    ("congress", &east),
                    ("year", "2027"),
                    ("template", "dongbao"),
                    ("effective_from", "2027-01-01"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(app.store.rule_book(app.east, 2027).await.expect("book").versions().is_empty());
    }
}

#[tokio::test]
async fn rankings_annualise_a_mid_year_joiner_and_list_the_inactive_apart() {
    for app in apps().await {
        let (staff, csrf) = app.login("staff.east").await;
        let east = app.east.0.to_string();
        let (status, _) =
            app.post(&staff, "/rules/recompute", &[("_csrf", &csrf), ("congress", &east), ("year", "2025")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // The same with the congresses below (the district has none): the same scores.
        app.store.recompute_scores(app.east, 2025, jiff::civil::date(2025, 1, 2)).await.expect("spring");
        let form = [("_csrf", csrf.as_str()), ("congress", east.as_str()), ("year", "2025"), ("below", "1")];
        let (status, _) = app.post(&staff, "/rules/recompute", &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, page) = app.get(&staff, &format!("/rankings?congress={east}&year=2025")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let ranked = page.split("id=\"ranked\"").nth(1).expect("ranked table");
        let ranked = ranked.split("</table>").next().unwrap_or_default();
        let (late, a) = (ranked.find("郑平").expect("late ranked"), ranked.find("周建国").expect("a ranked"));
        assert!(late < a, "6 points in 184 days rank above 9 points in 365");
        assert!(ranked.contains("<td>11.9</td>"), "annualised: 6 × 365 / 184");
        assert!(ranked.contains("184 / 365"), "time in office shown");
        let unranked = page.split("未达排名门槛").nth(1).expect("listed apart");
        assert!(unranked.contains("吴丽") && unranked.contains("少于参与排名所需的 2 次"));
        // One delegation only.
        let (_, one) = app
            .get(
                &staff,
                &format!("/rankings?congress={east}&year=2025&delegation=%E7%AC%AC%E4%BA%8C%E9%80%89%E5%8C%BA"),
            )
            .await;
        assert!(one.contains("郑平") && !one.contains("周建国"));
        // The whole list as Excel, best first.
        let (status, bytes) = app.bytes(&staff, &format!("/rankings/export.xlsx?congress={east}&year=2025")).await;
        assert_eq!(status, StatusCode::OK);
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
        let sheet = wb.worksheet_range_at(0).expect("a sheet").expect("readable");
        let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
        assert_eq!(rows[1][1], "郑平");
        assert_eq!(rows[2][1], "周建国");
        assert!(rows[3][8].starts_with("未达排名门槛"));
        let _ = (app.late, app.idle);
    }
}

#[tokio::test]
async fn the_print_view_is_a4_without_navigation_and_the_exports_read_back() {
    for app in apps().await {
        let (staff, _) = app.login("staff.east").await;
        let (status, page) = app.get(&staff, &format!("/archive/{}/print?year=2025", app.a.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("/assets/print.") && page.contains("class=\"cover\""));
        assert!(page.contains("东城区人民代表大会") && page.contains("第十八届"));
        assert!(!page.contains("主导航"), "no navigation on paper");
        let (_, css) = app.get(&staff, "/assets/print.css").await;
        assert!(css.contains("@page { size: A4;"), "{css}");

        let (status, docx) = app.bytes(&staff, &format!("/archive/{}/export.docx?year=2025", app.a.0)).await;
        assert_eq!(status, StatusCode::OK);
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("docx is a zip");
        let mut xml = String::new();
        zip.by_name("word/document.xml").expect("document").read_to_string(&mut xml).expect("utf-8");
        assert!(xml.contains("姓名：周建国"));
        assert!(xml.contains("参加视察 3 次 × 3 分 = 9 分"));
        assert!(xml.contains("合计：9 分"));

        let (status, xlsx) = app.bytes(&staff, &format!("/archive/{}/export.xlsx?year=2025", app.a.0)).await;
        assert_eq!(status, StatusCode::OK);
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx)).expect("xlsx");
        let items = wb.worksheet_range("履职事项").expect("items");
        let cells: Vec<String> = items.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(cells.contains(&"周建国代表履职档案（2025年度）".to_owned()));
        assert_eq!(cells.iter().filter(|c| *c == "参加视察").count(), 3, "every item line");
        let score = wb.worksheet_range("年度得分").expect("score");
        let cells: Vec<String> = score.cells().map(|(_, _, c)| c.to_string()).collect();
        assert!(cells.contains(&"合计".to_owned()) && cells.contains(&"9".to_owned()));
    }
}

#[tokio::test]
async fn the_portal_shows_only_the_public_kinds_and_never_pending_declarations_or_evidence() {
    for app in apps().await {
        let (c, csrf) = app.login("deputy.a").await;
        assert_eq!(app.declare(&c, &csrf, app.a, "inspection", "2025-08-08").await, StatusCode::SEE_OTHER);
        let (staff, scsrf) = app.login("staff.east").await;
        let east = app.east.0.to_string();
        let (status, _) = app
            .post(&staff, "/archive/settings", &[("_csrf", &scsrf), ("congress", &east), ("kind", "inspection")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(app.store.public_kinds(app.east).await.expect("kinds"), vec![ItemKind::Inspection]);

        let anon = reqwest::Client::builder().redirect(Policy::none()).build().expect("client");
        let (_, list) = app.get(&anon, "/portal/deputies").await;
        assert!(list.contains(&format!("/portal/deputies/{}", app.a.0)), "the directory links to the page");
        let (status, page) = app.get(&anon, &format!("/portal/deputies/{}", app.a.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("周建国") && page.contains("参加视察") && page.contains("2025-03-05"));
        assert!(!page.contains("2025-08-08"), "a pending declaration is not public");
        assert!(!page.contains("调研合影") && !page.contains("/files/"), "no evidence");
        let (_, idle) = app.get(&anon, &format!("/portal/deputies/{}", app.idle.0)).await;
        assert!(!idle.contains("参加调研"), "a kind not made public stays off the portal");
        // Deputies cannot change what is public.
        let (status, _) =
            app.post(&c, "/archive/settings", &[("_csrf", &csrf), ("congress", &east), ("kind", "survey")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.store.public_kinds(app.east).await.expect("kinds"), vec![ItemKind::Inspection]);

        // The API's twin, with the same rules.
        let kinds = |k: &[&str]| serde_json::json!({"congress": app.east.0, "kinds": k});
        let deputy = app.api_login("deputy.a").await;
        assert_eq!(deputy.post("/api/v1/archive/settings", kinds(&["survey"])).await.0, StatusCode::FORBIDDEN);
        let api = app.api_login("staff.east").await;
        let (status, body) = api.post("/api/v1/archive/settings", kinds(&["no_such_kind"])).await;
        assert_eq!((status, body["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("kinds")));
        assert_eq!(
            api.post("/api/v1/archive/settings", kinds(&["inspection", "survey"])).await.0,
            StatusCode::NO_CONTENT
        );
        let mut public = app.store.public_kinds(app.east).await.expect("kinds");
        public.sort_by_key(|k| k.code());
        assert_eq!(public, vec![ItemKind::Inspection, ItemKind::Survey]);
    }
}

#[tokio::test]
async fn another_congresss_staff_and_another_deputy_are_refused() {
    for app in apps().await {
        let (west, wcsrf) = app.login("staff.west").await;
        for path in [
            format!("/archive/{}", app.a.0),
            format!("/archive/{}/print", app.a.0),
            format!("/archive/{}/export.docx", app.a.0),
            format!("/rankings?congress={}&year=2025", app.east.0),
            format!("/archive/pending?congress={}", app.east.0),
        ] {
            let (status, body) = app.get(&west, &path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
            assert!(!body.contains("周建国"), "{path} leaks nothing");
        }
        let (late, lcsrf) = app.login("deputy.late").await;
        let (status, _) = app.get(&late, &format!("/archive/{}", app.a.0)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let before = app.count("SELECT COUNT(*) FROM archive_items").await;
        assert_eq!(app.declare(&late, &lcsrf, app.a, "survey", "2025-06-01").await, StatusCode::FORBIDDEN);
        assert_eq!(app.count("SELECT COUNT(*) FROM archive_items").await, before, "nothing declared");

        // A declaration of the deputy's own, then strangers try to verify it.
        let (c, csrf) = app.login("deputy.a").await;
        assert_eq!(app.declare(&c, &csrf, app.a, "survey", "2025-06-01").await, StatusCode::SEE_OTHER);
        let id: i64 = app.count("SELECT MAX(id) FROM archive_items WHERE origin = 'declared'").await;
        for (client, token) in [(&west, &wcsrf), (&late, &lcsrf), (&c, &csrf)] {
            let (status, _) = app
                .post(client, &format!("/archive/items/{id}/review"), &[("_csrf", token), ("action", "verify")])
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let status: String = sqlx::query_scalar("SELECT status FROM archive_items WHERE id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .expect("status");
        assert_eq!(status, "declared", "still waiting");
        let hash: String = sqlx::query_scalar("SELECT hash FROM archive_item_files WHERE item_id = $1")
            .bind(id)
            .fetch_one(app.store.pool())
            .await
            .expect("file");
        let (status, _) = app.bytes(&late, &format!("/archive/items/{id}/files/{hash}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "another deputy cannot open the evidence");
    }
}

#[tokio::test]
async fn staff_first_see_the_seat_a_deputy_holds_in_their_own_congress() {
    for app in apps().await {
        // 周建国 is elected to the city as well: the newest seat is the city's.
        let city = app.store.congress_path(app.east).await.expect("path")[1];
        let ship =
            NewDeputyship {
                term: Term(16), delegation: label("东城区代表团"), start: date(2023, 1, 10), ..seat(city)
            };
        app.store.add_deputyship(&Actor::system(), app.a, ship).await.expect("city seat");
        let (east, _) = app.login("staff.east").await;
        let (status, page) = app.get(&east, &format!("/archive/{}?year=2025", app.a.0)).await;
        assert_eq!(status, StatusCode::OK, "the district's staff open the district seat, not the city's: {page}");
        assert!(page.contains("参加视察 3 次 × 3 分 = 9 分"), "the district's archive and score");
    }
}

#[tokio::test]
async fn a_refused_declaration_comes_back_with_the_reason_and_what_was_typed() {
    for app in apps().await {
        let (c, csrf) = app.login("deputy.a").await;
        let before = app.count("SELECT COUNT(*) FROM archive_items").await;
        // No evidence at all: neither a line of text nor a file.
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .text("kind", "survey")
            .text("date", "2025-06-01")
            .text("quantity", "2")
            .text("description", "走访东湖社区独居老人")
            .text("evidence", "");
        let r = c.post(app.url(&format!("/archive/{}/declare", app.a.0))).multipart(form).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.expect("body");
        assert!(page.contains("role=\"alert\""), "the reason is shown: {page}");
        assert!(
            page.contains(">走访东湖社区独居老人</textarea>") && page.contains("value=\"2025-06-01\""),
            "what was typed"
        );
        assert!(page.contains("value=\"survey\" selected"), "the kind chosen");
        assert_eq!(app.count("SELECT COUNT(*) FROM archive_items").await, before, "nothing stored");
    }
}
