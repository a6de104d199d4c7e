//! The portal over real HTTP: staff publish with a preview, readers read by visibility, views
//! and likes count once, search finds what each reader may see (and nothing else), feeds and
//! QR codes. SQLite always, PostgreSQL too when `RENDA_TEST_PG_URL` is set.

use renda_core::document::{DocumentDraft, DocumentInput};
use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::Actor;
use renda_store::documents::DocumentId;
use renda_testkit::http::{TestApp, client, csrf_of, field_of, location_of};
use renda_testkit::{TestStore, count, has_chinese, on_each_store, org, testing, user};
use renda_web::indexer::Indexer;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use std::sync::Arc;

struct App {
    app: TestApp,
    city: OrgId,
    east: OrgId,
    station: OrgId,
    indexer: Arc<Indexer>,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

async fn spawn(db: TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    user(&s, "staff.city", Role::Staff { congress: city }).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "citizen", Role::Public).await;
    let station = org(&s, "示范市人大代表联络站", OrgKind::LiaisonStation, Some(city)).await;
    let housing =
        org(&s, "示范市住房和城乡建设局", OrgKind::Unit(renda_core::org::UnitKind::GovernmentDepartment), Some(city))
            .await;
    user(&s, "unit.housing", Role::Unit { unit: housing }).await;
    let indexer = Arc::new(Indexer::in_memory().expect("index"));
    let state = renda_web::AppState::new(s.clone(), renda_web::Config::default()).with_search(indexer.clone());
    App { app: TestApp::with_state(db, state).await, city, east, station, indexer }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

impl App {
    /// A published document written straight into the store.
    async fn doc(&self, congress: OrgId, title: &str, kind: &str, visibility: &str, body: &str) -> DocumentId {
        let draft = DocumentDraft::parse(&DocumentInput {
            kind,
            visibility,
            title,
            text_date: "2026-03-01",
            organ: "示范市人大常委会办公室",
            lead: "本文导读。",
            body,
            tags: "",
            featured: false,
        })
        .expect("draft");
        self.store.create_document(&Actor::system(), congress, &draft, true).await.expect("doc")
    }

    async fn count(&self, sql: &str) -> i64 {
        count(&self.store, sql).await
    }
}

#[tokio::test]
async fn staff_preview_then_publish_and_a_bad_form_comes_back_with_what_was_typed() {
    for app in apps().await {
        let (staff, csrf) = app.login("staff.city").await;
        let city = app.city.0.to_string();
        let form = |action: &'static str, title: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("congress", city.clone()),
                ("kind", "news".into()),
                ("visibility", "public".into()),
                ("title", title.into()),
                ("text_date", "2026-05-03".into()),
                ("organ", "示范市人大常委会办公室".into()),
                ("lead", "常委会召开第十次会议。".into()),
                ("body", "会议由主任主持。\n# 一、会议议程\n听取报告。".into()),
                ("tags", "常委会".into()),
                ("action", action.into()),
            ]
        };
        let post = |f: Vec<(&'static str, String)>| {
            let c = staff.clone();
            let url = app.url("/admin/documents");
            async move {
                let r = c.post(url).form(&f).send().await.expect("post");
                (
                    r.status(),
                    r.headers().get("location").map(|l| l.to_str().unwrap_or("").to_owned()),
                    r.text().await.expect("body"),
                )
            }
        };
        let (status, _, page) = post(form("preview", "示范市人大常委会召开第十次会议")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("预览（尚未保存）") && page.contains("<h2>一、会议议程</h2>"), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0, "a preview saves nothing");

        let (status, _, page) = post(form("publish", "  ")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("标题不能为空") && page.contains("会议由主任主持。"), "the typed text comes back");
        assert_eq!(app.count("SELECT COUNT(*) FROM documents").await, 0);

        let (status, location, _) = post(form("draft", "示范市人大常委会召开第十次会议")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let edit = location.expect("redirect").split('?').next().unwrap_or_default().to_owned();
        let id = edit.rsplit('/').next().unwrap_or_default().to_owned();
        let (_, portal) = app.get(&client(), "/portal/k/news").await;
        assert!(!portal.contains("第十次会议"), "a draft is not on the portal");
        let (status, _) = app.get(&client(), &format!("/portal/docs/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let (status, _) =
            app.post(&staff, &format!("{edit}/publish"), &[("_csrf", &csrf), ("action", "publish")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, portal) = app.get(&client(), "/portal/k/news").await;
        assert!(portal.contains("示范市人大常委会召开第十次会议"));
        let (status, _) = app.get(&client(), "/portal/k/news?page=9223372036854775807").await;
        assert_eq!(status, StatusCode::OK, "an absurd page number is an empty page, not an overflow");
        let (_, article) = app.get(&client(), &format!("/portal/docs/{id}")).await;
        assert!(article.contains("会议由主任主持。") && article.contains("文章导读"));

        // Another district's staff may not edit the city's document.
        let (east, east_csrf) = app.login("staff.east").await;
        let mut f = form("save", "改标题");
        f[0].1 = east_csrf;
        let r = east.post(app.url(&edit)).form(&f).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'document' ORDER BY id")
                .fetch_all(app.store.pool())
                .await
                .expect("audit");
        assert_eq!(actions, ["document.create", "document.publish"]);
    }
}

#[tokio::test]
async fn a_logged_in_only_text_asks_to_log_in_and_a_staff_document_does_not_exist_for_others() {
    for app in apps().await {
        let users = app.doc(app.city, "在座谈会上的讲话", "speech", "users", "同志们：\n今天召开这次座谈会。").await;
        let staff = app.doc(app.east, "区内部工作安排", "notice", "staff", "内部安排的正文。").await;
        let anon = client();
        let (status, page) = app.get(&anon, &format!("/portal/docs/{}", users.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("在座谈会上的讲话") && page.contains("本文导读。"), "title and 导读 are public");
        assert!(page.contains("阅读全文请先") && !page.contains("今天召开这次座谈会"), "the text is not");
        let (citizen, _) = app.login("citizen").await;
        let (_, page) = app.get(&citizen, &format!("/portal/docs/{}", users.0)).await;
        assert!(page.contains("今天召开这次座谈会") && !page.contains("阅读全文请先"));

        for c in [&anon, &citizen] {
            let (status, page) = app.get(c, &format!("/portal/docs/{}", staff.0)).await;
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert!(!page.contains("内部安排"));
        }
        let (east, _) = app.login("staff.east").await;
        let (status, page) = app.get(&east, &format!("/portal/docs/{}", staff.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("内部安排的正文。"));
        let (_, home) = app.get(&anon, "/portal").await;
        assert!(home.contains("在座谈会上的讲话") && !home.contains("区内部工作安排"));

        // The API follows the same rules.
        let get = |c: &reqwest::Client, path: String| {
            let r = c.get(app.url(&path)).send();
            async move { r.await.expect("api").json::<serde_json::Value>().await.expect("json") }
        };
        let one = get(&anon, format!("/api/v1/documents/{}", users.0)).await;
        assert_eq!(one["login_required"], true);
        assert!(one["body"].is_null() && one["lead"] == "本文导读。");
        let one = get(&citizen, format!("/api/v1/documents/{}", users.0)).await;
        assert!(one["body"].as_str().unwrap_or("").contains("今天召开这次座谈会"));
        let list = get(&anon, "/api/v1/documents".into()).await;
        assert_eq!(list["total"], 1, "the staff document is not listed: {list}");
        let r = anon.get(app.url(&format!("/api/v1/documents/{}", staff.0))).send().await.expect("api");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_view_counts_once_per_reader_per_day_and_a_like_once_per_reader() {
    for app in apps().await {
        let id = app.doc(app.city, "人大代表培训通知", "notice", "public", "请各位代表按时参加。").await;
        let a = client();
        for _ in 0..3 {
            let (status, _) = app.get(&a, &format!("/portal/docs/{}", id.0)).await;
            assert_eq!(status, StatusCode::OK);
        }
        assert_eq!(
            app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.views,
            0,
            "a read writes nothing"
        );
        assert_eq!(app.store.pending_views(), 1, "three reads by one reader are one view");
        app.store.flush_views().await.expect("flush");
        assert_eq!(app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.views, 1);
        // A client that drops its cookies is still the same reader (address and browser).
        for _ in 0..3 {
            app.get(&client(), &format!("/portal/docs/{}", id.0)).await;
        }
        app.store.flush_views().await.expect("flush");
        assert_eq!(
            app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.views,
            1,
            "no cookie, no new reader"
        );
        // Another browser is another reader, counted though the page now comes from memory.
        let b = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .user_agent("Mozilla/5.0 (iPhone) MicroMessenger")
            .build()
            .expect("client");
        let (_, page) = app.get(&b, &format!("/portal/docs/{}", id.0)).await;
        app.store.flush_views().await.expect("flush");
        assert_eq!(app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.views, 2);
        let (_, home) = app.get(&b, "/portal").await;
        assert!(home.contains("本周热门") && home.contains("2 次"), "the week's hot list counts the reads");

        // The anonymous page carries the signed form token, no token of the reader's own.
        let form = field_of(&page, "_form");
        for _ in 0..2 {
            let r = b
                .post(app.url(&format!("/portal/docs/{}/like", id.0)))
                .form(&[("_csrf", ""), ("_form", form.as_str())])
                .send()
                .await
                .expect("like");
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            assert_eq!(location_of(&r), format!("/portal/docs/{}?liked=1#like", id.0));
        }
        assert_eq!(app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.likes, 1);
        let (_, liked) = app.get(&b, &format!("/portal/docs/{}?liked=1", id.0)).await;
        assert!(liked.contains("已赞 1"), "the page after the like says so");
        // A like without cookies: a fresh client each time, still one reader.
        for _ in 0..3 {
            let c = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .user_agent("Mozilla/5.0 (iPhone) MicroMessenger")
                .build()
                .expect("client");
            let (_, page) = app.get(&c, &format!("/portal/docs/{}", id.0)).await;
            let (status, _) =
                app.post(&c, &format!("/portal/docs/{}/like", id.0), &[("_form", &field_of(&page, "_form"))]).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        assert_eq!(
            app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.likes,
            1,
            "likes cannot be pumped"
        );
        let (status, _) = app.post(&client(), &format!("/portal/docs/{}/like", id.0), &[("_csrf", "forged")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a like without the reader's token is refused");
        let (status, _) = app.post(&client(), &format!("/portal/docs/{}/like", id.0), &[("_form", "forged")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "nor with a forged form token");
        let r = client()
            .post(app.url(&format!("/portal/docs/{}/like", id.0)))
            .header("origin", "https://evil.example")
            .form(&[("_form", form.as_str())])
            .send()
            .await
            .expect("like");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "another site cannot post the form token");
        assert_eq!(app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.likes, 1);

        // The API's twin: once per reader too, and not from another site's page.
        let like = app.url(&format!("/api/v1/documents/{}/like", id.0));
        let r = client().post(&like).header("user-agent", "MiniProgram/1.0").send().await.expect("like");
        assert_eq!(r.status(), StatusCode::OK);
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!((v["likes"].as_i64(), v["added"].as_bool()), (Some(2), Some(true)), "{v}");
        let r = client().post(&like).header("user-agent", "MiniProgram/1.0").send().await.expect("like");
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!((v["likes"].as_i64(), v["added"].as_bool()), (Some(2), Some(false)), "the same reader: {v}");
        let r = client().post(&like).header("origin", "https://evil.example").send().await.expect("like");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "another site's page cannot like for its visitor");
        let v: serde_json::Value = r.json().await.expect("json");
        assert!(has_chinese(v["error"]["message"].as_str().unwrap_or("")), "{v}");
        assert_eq!(app.store.document(&renda_store::Actor::system(), id).await.expect("doc").row.likes, 2);
    }
}

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The public read path: an anonymous page is rendered once and served again from memory with
/// its validators, compressed as the client accepts; the same bytes as a fresh rendering; a
/// write makes it stale at once; a logged-in reader gets their own, never kept.
#[tokio::test]
async fn anonymous_pages_are_kept_with_validators_and_a_write_or_a_login_gets_a_fresh_one() {
    for app in apps().await {
        let id = app.doc(app.city, "关于召开代表座谈会的通知", "notice", "public", "请各位代表按时参加。").await;
        let path = format!("/portal/docs/{}", id.0);
        // A HEAD first: its empty answer is not what a GET is served later.
        let head = client().head(app.url(&path)).send().await.expect("head");
        assert_eq!(head.status(), StatusCode::OK);
        let first = client().get(app.url(&path)).send().await.expect("get");
        assert_eq!(first.status(), StatusCode::OK);
        let etag = header(&first, "etag");
        assert!(etag.starts_with('"') && etag.len() > 10, "{etag}");
        assert_eq!(header(&first, "cache-control"), "public, max-age=10");
        assert!(header(&first, "vary").contains("Cookie"));
        assert!(!header(&first, "last-modified").is_empty());
        assert!(first.headers().get("set-cookie").is_none(), "a shared page sets no cookie");
        let guards = ["content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"];
        let rendered: Vec<String> = guards.iter().map(|h| header(&first, h)).collect();
        assert!(rendered.iter().all(|v| !v.is_empty()), "{rendered:?}");
        let first = first.text().await.expect("body");
        assert!(first.contains("关于召开代表座谈会的通知"), "the page, not the HEAD's empty answer");
        // Served again from memory: the same bytes.
        let again = client().get(app.url(&path)).send().await.expect("get");
        assert_eq!(header(&again, "etag"), etag);
        let kept: Vec<String> = guards.iter().map(|h| header(&again, h)).collect();
        assert_eq!(kept, rendered, "a kept page carries the headers of every page");
        assert_eq!(again.text().await.expect("body"), first, "a kept page is the page as rendered");
        // A conditional request is answered with 304 and no body.
        let r = client().get(app.url(&path)).header("if-none-match", &etag).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert!(r.bytes().await.expect("body").is_empty());
        // Compressed as the client accepts, and the same page once decoded.
        let r = client().get(app.url(&path)).header("accept-encoding", "br").send().await.expect("get");
        assert_eq!(header(&r, "content-encoding"), "br");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut std::io::Cursor::new(r.bytes().await.expect("body")), &mut decoded)
            .expect("brotli");
        assert_eq!(String::from_utf8(decoded).expect("utf-8"), first);
        let r = client().get(app.url(&path)).header("accept-encoding", "gzip").send().await.expect("get");
        assert_eq!(header(&r, "content-encoding"), "gzip");
        let mut decoded = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&r.bytes().await.expect("body")[..]),
            &mut decoded,
        )
        .expect("gzip");
        assert_eq!(decoded, first);

        // A logged-in reader's page is theirs: never kept, never shared.
        let (staff, _) = app.login("staff.city").await;
        let r = staff.get(app.url(&path)).send().await.expect("get");
        assert_eq!(header(&r, "cache-control"), "private, no-store");
        assert!(header(&r, "vary").contains("Cookie"));
        assert!(r.text().await.expect("body").contains("退出"), "the member's own page");
        let (_, anon) = app.get(&client(), &path).await;
        assert!(!anon.contains("退出"), "the public page is not the member's");

        // A write (the text withdrawn) makes the kept page stale at once.
        app.store.set_document_published(&Actor::system(), id, false).await.expect("withdraw");
        let r = client().get(app.url(&path)).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "a withdrawn text is gone for the public at once");
        let (_, home) = app.get(&client(), "/portal").await;
        assert!(!home.contains("关于召开代表座谈会的通知"));
    }
}

/// The lists a page is made of (neighbours, related, hot lists) are kept between requests, for
/// logged-in readers too, and computed again after a write.
#[tokio::test]
async fn a_logged_in_reader_sees_a_new_neighbour_at_once_though_the_lists_are_kept() {
    for app in apps().await {
        let a = app.doc(app.city, "关于代表培训的通知", "notice", "public", "培训安排。").await;
        let path = format!("/portal/docs/{}", a.0);
        let (citizen, _) = app.login("citizen").await;
        for _ in 0..2 {
            let (status, page) = app.get(&citizen, &path).await;
            assert_eq!(status, StatusCode::OK);
            assert!(!page.contains("上一篇") && !page.contains("下一篇"), "no other notice yet");
        }
        app.doc(app.city, "关于代表视察的通知", "notice", "public", "视察安排。").await;
        let (_, page) = app.get(&citizen, &path).await;
        assert!(
            page.contains("篇：<a") && page.contains("关于代表视察的通知"),
            "the new notice is a neighbour: {page}"
        );
    }
}

#[tokio::test]
async fn search_finds_what_each_reader_may_see_with_highlights_and_nothing_else() {
    for app in apps().await {
        app.doc(app.city, "关于推进农村厕所革命的报告", "report", "public", "全市推进厕所革命，改造农户厕所。").await;
        app.doc(app.city, "代表建议办理情况的内部通报", "speech", "users", "本年度代表建议的保密通报内容。").await;
        app.doc(app.east, "区代表建议工作安排", "notice", "staff", "代表建议内部安排。").await;
        app.doc(app.city, "其他新闻", "news", "public", "与检索无关的内容。").await;
        app.indexer.catch_up(&app.store).await.expect("index");

        let anon = client();
        let (status, page) = app.get(&anon, "/portal/search?q=厕所革命").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("<mark>厕所革命</mark>") || page.contains("<mark>厕所</mark>"), "{page}");
        assert!(page.contains("关于推进农村"), "the report is found");
        assert!(!page.contains("其他新闻"));

        let (_, page) = app.get(&anon, "/portal/search?q=代表建议").await;
        // The logged-in-users text is found by its public title, with its 导读 as the snippet.
        assert!(page.contains("共找到 1 条结果") && page.contains("本文导读"), "found by its title only: {page}");
        assert!(!page.contains("保密通报") && !page.contains("内部安排"), "no snippet of a hidden text");

        let (citizen, _) = app.login("citizen").await;
        let (_, page) = app.get(&citizen, "/portal/search?q=代表建议").await;
        assert!(page.contains("共找到 1 条结果") && page.contains("保密通报"), "{page}");
        let (east, _) = app.login("staff.east").await;
        let (_, page) = app.get(&east, "/portal/search?q=代表建议").await;
        assert!(page.contains("共找到 2 条结果") && page.contains("内部安排"), "{page}");
        let (_, page) = app.get(&east, &format!("/portal/search?q=代表建议&congress={}", app.east.0)).await;
        assert!(page.contains("共找到 1 条结果") && page.contains("内部安排"), "the congress filter narrows: {page}");
        let (_, page) = app.get(&east, "/portal/search?q=代表建议&kind=notice&year=2025").await;
        assert!(page.contains("共找到 0 条结果"), "kind and year narrow too: {page}");

        // The same over the API, for a mini-program.
        let api: serde_json::Value =
            anon.get(app.url("/api/v1/search?q=厕所革命")).send().await.expect("api").json().await.expect("json");
        assert_eq!(api["total"], 1);
        assert!(api["hits"][0]["title_html"].as_str().unwrap_or("").contains("<mark>"));
        let api: serde_json::Value =
            anon.get(app.url("/api/v1/search?q=代表建议")).send().await.expect("api").json().await.expect("json");
        assert_eq!(api["total"], 1, "by the title of the logged-in-users text");
        assert!(!api.to_string().contains("保密通报"), "no snippet of its text: {api}");
        let api: serde_json::Value =
            anon.get(app.url("/api/v1/search?q=保密通报")).send().await.expect("api").json().await.expect("json");
        assert_eq!(api["total"], 0, "its text is not searched for everyone");
        let r = anon.get(app.url("/api/v1/search?q=")).send().await.expect("api");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // A change reaches the index through the event log, not the request.
        let law = app
            .doc(
                app.city,
                "代表法",
                "law",
                "public",
                "# 第一章 总则\n第一条 为了保障代表依法行使职权。\n第二条 代表应当联系群众。",
            )
            .await;
        let (_, page) = app.get(&anon, "/portal/search?q=联系群众").await;
        assert!(page.contains("共找到 0 条结果"));
        app.indexer.catch_up(&app.store).await.expect("index");
        let (_, page) = app.get(&anon, "/portal/search?q=联系群众").await;
        assert!(page.contains(&format!("/portal/docs/{}#第二条", law.0)), "a law's hit links to its article: {page}");
    }
}

#[tokio::test]
async fn feeds_are_valid_and_carry_only_what_everyone_may_read_and_the_qr_code_is_an_svg() {
    for app in apps().await {
        let id = app.doc(app.city, "常委会会议公告 <第十次>", "news", "public", "正文。").await;
        app.doc(app.east, "区内部新闻", "news", "staff", "内部。").await;
        let r = client().get(app.url("/portal/feeds/news.rss")).send().await.expect("rss");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("application/rss+xml"));
        let body = r.text().await.expect("body");
        let channel = rss::Channel::read_from(body.as_bytes()).expect("valid RSS 2.0");
        assert_eq!(channel.items().len(), 1);
        assert_eq!(channel.items()[0].title(), Some("常委会会议公告 <第十次>"));
        assert!(channel.items()[0].link().unwrap_or("").ends_with(&format!("/portal/docs/{}", id.0)));

        let body = client().get(app.url("/portal/feeds/all.atom")).send().await.expect("atom").text().await.expect("b");
        let feed = atom_syndication::Feed::read_from(body.as_bytes()).expect("valid Atom");
        assert_eq!(feed.entries().len(), 1);
        assert!(!body.contains("区内部新闻"));
        let (status, _) = app.get(&client(), "/portal/feeds/blog.rss").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        let r = client().get(app.url(&format!("/portal/docs/{}/qr.svg", id.0))).send().await.expect("qr");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("image/svg+xml"));
        assert!(r.text().await.expect("svg").contains("<svg"));
    }
}

#[tokio::test]
async fn staff_attach_files_and_only_readers_of_the_text_may_download_them() {
    for app in apps().await {
        let open = app.doc(app.city, "会议议程公告", "notice", "public", "议程见附件。").await;
        let members = app.doc(app.city, "内部学习材料", "speech", "users", "材料见附件。").await;
        let (staff, csrf) = app.login("staff.city").await;
        let upload = |id: DocumentId, name: &'static str, bytes: &'static [u8]| {
            let form = reqwest::multipart::Form::new()
                .text("_csrf", csrf.clone())
                .part("files", reqwest::multipart::Part::bytes(bytes).file_name(name));
            staff.post(app.url(&format!("/admin/documents/{}/files", id.0))).multipart(form).send()
        };
        let r = upload(open, "伪装.pdf", b"<html>not a pdf</html>").await.expect("upload");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a file is judged by its content");
        assert!(r.text().await.expect("body").contains("类型不受支持"));
        assert_eq!(app.count("SELECT COUNT(*) FROM document_files").await, 0);
        for id in [open, members] {
            let r = upload(id, "议程.pdf", b"%PDF-1.7 agenda").await.expect("upload");
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
        }
        let hash = app.store.document_files(open).await.expect("files")[0].0.clone();

        let anon = client();
        let (_, page) = app.get(&anon, &format!("/portal/docs/{}", open.0)).await;
        assert!(page.contains("议程.pdf"));
        let r = anon.get(app.url(&format!("/portal/docs/{}/files/{hash}", open.0))).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.bytes().await.expect("bytes").as_ref(), b"%PDF-1.7 agenda");
        let (_, page) = app.get(&anon, &format!("/portal/docs/{}", members.0)).await;
        assert!(!page.contains("议程.pdf"), "attachments of a logged-in-only text are not listed");
        let r = anon.get(app.url(&format!("/portal/docs/{}/files/{hash}", members.0))).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let (citizen, _) = app.login("citizen").await;
        let r = citizen.get(app.url(&format!("/portal/docs/{}/files/{hash}", members.0))).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::OK);
    }
}

/// `../shared/data` beside the repository, if it is there.
fn shared_data() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/data is absent");
        None
    }
}

#[tokio::test]
async fn the_real_reports_and_laws_answer_chinese_searches_with_highlights() {
    let Some(data) = shared_data() else { return };
    let db = testing::sqlite().await;
    let app = spawn(db).await;
    let reports = std::fs::read_to_string(data.join("documents/government_work_reports.jsonl")).expect("reports");
    let mut docs = renda_office::documents::parse_reports_jsonl(&reports).expect("72 reports parse");
    // The laws on congresses and deputies (the whole 1,165 are imported by the CLI tests).
    docs.extend(renda_office::documents::read_laws_dir(&data.join("laws/宪法相关法")).documents);
    let texts: Vec<renda_store::documents::ImportedText> = docs
        .into_iter()
        .map(|d| renda_store::documents::ImportedText {
            source: d.source,
            draft: DocumentDraft {
                kind: renda_core::document::DocKind::from_code(d.kind).expect("kind"),
                visibility: renda_core::document::Visibility::Public,
                title: d.title,
                text_date: d.text_date,
                date_precision: d.date_precision,
                organ: d.organ,
                lead: d.lead,
                body: d.body,
                tags: d.tags,
                featured: false,
            },
            published_at: d.published_at,
            views: i64::try_from(d.views).unwrap_or(0),
        })
        .collect();
    app.store.import_documents(&Actor::system(), app.city, &texts).await.expect("import");
    app.indexer.rebuild(&app.store).await.expect("index");

    let anon = client();
    let (_, page) = app.get(&anon, "/portal/search?q=厕所革命").await;
    let first = page.split("class=\"card item hit\"").nth(1).unwrap_or_default();
    assert!(first.contains("政府工作报告") && first.contains("<mark>"), "a work report comes first: {first}");
    let (_, page) = app.get(&anon, "/portal/search?q=代表建议&kind=law").await;
    let first = page.split("class=\"card item hit\"").nth(1).unwrap_or_default();
    let plain = first.replace("<mark>", "").replace("</mark>", "");
    assert!(
        plain.contains("地方各级人民代表大会代表法") && first.contains("#第"),
        "the deputies law, linked to an article: {first}"
    );
    assert!(first.contains("<mark>代表</mark>") || first.contains("<mark>代表建议</mark>"), "{first}");
}

/// The seed speech (imported as the CLI does, for logged-in readers), the 72 work reports and
/// the laws on congresses, all from the shared data.
async fn app_with_the_real_speech_reports_and_laws(data: &std::path::Path) -> App {
    let app = spawn(testing::sqlite().await).await;
    let page = std::fs::read_to_string(data.join("../samples/000_284f5eaf7f680906.txt")).expect("seed speech");
    let speech = renda_office::documents::parse_page(&page).expect("speech parses").document;
    let reports = std::fs::read_to_string(data.join("documents/government_work_reports.jsonl")).expect("reports");
    let mut docs = renda_office::documents::parse_reports_jsonl(&reports).expect("reports parse");
    docs.extend(renda_office::documents::read_laws_dir(&data.join("laws/宪法相关法")).documents);
    let as_text = |d: renda_office::documents::ImportedDocument, visibility| renda_store::documents::ImportedText {
        source: d.source,
        draft: DocumentDraft {
            kind: renda_core::document::DocKind::from_code(d.kind).expect("kind"),
            visibility,
            title: d.title,
            text_date: d.text_date,
            date_precision: d.date_precision,
            organ: d.organ,
            lead: d.lead,
            body: d.body,
            tags: d.tags,
            featured: false,
        },
        published_at: d.published_at,
        views: i64::try_from(d.views).unwrap_or(0),
    };
    let mut texts = vec![as_text(speech, renda_core::document::Visibility::Users)];
    texts.extend(docs.into_iter().map(|d| as_text(d, renda_core::document::Visibility::Public)));
    app.store.import_documents(&Actor::system(), app.city, &texts).await.expect("import");
    app.indexer.rebuild(&app.store).await.expect("index");
    app
}

/// The search hits of a page, in order.
fn hits(page: &str) -> Vec<&str> {
    page.split("class=\"card item hit\"").skip(1).collect()
}

#[tokio::test]
async fn the_seed_speech_is_found_by_its_title_when_logged_out_and_first_for_its_key_idea_when_logged_in() {
    let Some(data) = shared_data() else { return };
    let app = app_with_the_real_speech_reports_and_laws(&data).await;
    let title = "在全市县区人大主任座谈会上的讲话";
    let anon = client();
    for q in ["人大主任座谈会", title] {
        let (status, page) = app.get(&anon, &format!("/portal/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK);
        let first = hits(&page).first().copied().unwrap_or_default();
        let plain = first.replace("<mark>", "").replace("</mark>", "");
        assert!(plain.contains(title), "logged out, {q} finds the speech by its title: {page}");
        assert!(first.contains("2021-05-03"), "dated by the speech, not the import: {first}");
        assert!(!plain.contains("三同") && !plain.contains("认清形势"), "no snippet of the body: {first}");
    }
    // Its key idea is only in the body: logged out it is not found by it.
    let (_, page) = app.get(&anon, "/portal/search?q=三同").await;
    assert!(!page.contains(title), "the body is not searched for a reader who may not read it: {page}");
    let api: serde_json::Value =
        anon.get(app.url("/api/v1/search?q=人大主任座谈会")).send().await.expect("api").json().await.expect("json");
    let api_title = api["hits"][0]["title_html"].as_str().unwrap_or("").replace("<mark>", "").replace("</mark>", "");
    assert!(api_title == title && api["hits"][0]["date"] == "2021-05-03", "{api}");

    // Logged in, 三同 is a phrase: the speech comes before laws that merely contain 三 and 同.
    let (citizen, _) = app.login("citizen").await;
    let (_, page) = app.get(&citizen, "/portal/search?q=三同").await;
    let first = hits(&page).first().copied().unwrap_or_default();
    assert!(first.contains(title) && first.contains("<mark>三同</mark>"), "the speech comes first: {page}");
    assert!(!page.contains("<mark>三</mark>") && !page.contains("<mark>同</mark>"), "no scattered marks");

    // A highlight marks the phrase searched, not its parts elsewhere.
    let (_, page) = app.get(&anon, "/portal/search?q=厕所革命").await;
    assert!(page.contains("<mark>厕所革命</mark>"), "{page}");
    assert!(!page.contains("<mark>革命</mark>"), "革命 in 革命老区 is not marked: {page}");
}

#[tokio::test]
async fn the_work_reports_list_starts_with_the_newest_and_a_report_without_a_day_shows_its_year() {
    let Some(data) = shared_data() else { return };
    let app = app_with_the_real_speech_reports_and_laws(&data).await;
    let (status, page) = app.get(&client(), "/portal/k/report").await;
    assert_eq!(status, StatusCode::OK);
    let dates: Vec<String> = page
        .split("<div class=\"item-top\"><span class=\"muted small\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or_default().to_owned())
        .collect();
    assert!(!dates.is_empty(), "{page}");
    assert!(!dates[0].starts_with("1954") && dates[0].starts_with("202"), "the newest report leads: {dates:?}");
    let years = |d: &str| d.get(..4).and_then(|y| y.parse::<i32>().ok()).unwrap_or(0);
    assert!(dates.windows(2).all(|w| years(&w[0]) >= years(&w[1])), "newest first: {dates:?}");
    // The whole list, oldest last: a report of 1954 without a day shows its year alone.
    let all = app
        .store
        .list_documents(
            &renda_testkit::public(),
            &renda_store::documents::DocumentFilter {
                published_only: true,
                kinds: vec![renda_core::document::DocKind::Report],
                per_page: 200,
                ..Default::default()
            },
        )
        .await
        .expect("list");
    assert!(all.items.iter().all(|d| d.published_at.is_none()), "the import gives no publication time of its own");
    let last = all.items.last().expect("reports");
    assert!(last.shown_date().starts_with("1954"), "{}", last.shown_date());
    let year_only = all.items.iter().filter(|d| d.date_precision == renda_core::document::DatePrecision::Year);
    for d in year_only {
        assert!(d.shown_date().ends_with('年') && d.shown_date().len() == "1954年".len(), "{}", d.shown_date());
    }
    let (_, doc) = app.get(&client(), &format!("/portal/docs/{}", last.id.0)).await;
    assert!(doc.contains(&format!("成文日期 {}", last.shown_date())), "the page shows the text's date");
}

#[tokio::test]
async fn an_index_ahead_of_the_event_log_is_rebuilt_at_start() {
    for app in apps().await {
        app.doc(app.city, "关于乡村振兴的报告", "report", "public", "推进乡村振兴。").await;
        // An index left from another, longer database: its position is far ahead of this log.
        app.indexer.index().apply(Vec::new(), Vec::new(), 1_000_000).expect("apply");
        app.indexer.start(&app.store).await.expect("start");
        assert!(app.indexer.index().position() < 1_000_000);
        let (_, page) = app.get(&client(), "/portal/search?q=乡村振兴").await;
        assert!(page.contains("共找到 1 条结果") && page.contains("关于<mark>"), "{page}");
    }
}

#[tokio::test]
async fn a_citizen_leaves_an_opinion_gets_a_receipt_and_reads_the_units_answer_under_it() {
    for app in apps().await {
        let phone = client();
        let station = format!("/stations/{}", app.station.0);
        let (status, page) = app.get(&phone, &station).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("码上见代表") && page.contains("qr.svg"));
        let csrf = csrf_of(&page);
        let before = app.count("SELECT COUNT(*) FROM audit_log").await;

        // Empty, oversized and malformed input is refused in Chinese and stores nothing.
        let long = "长".repeat(2001);
        for (content, phone_no, why) in
            [("", "", "请填写"), (long.as_str(), "", "2000"), ("路灯坏了两个月没人修。", "12345", "电话")]
        {
            let (status, page) =
                app.post(&phone, &station, &[("_csrf", &csrf), ("content", content), ("phone", phone_no)]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
            assert!(page.contains(why), "{why}: {page}");
        }
        // As a browser sends it (from the station's page, accepting compression), the refusal
        // is the station's page again with what was typed and the reason beside the field.
        let r = phone
            .post(app.url(&station))
            .header("referer", app.url(&station))
            .header("accept-encoding", "gzip")
            .form(&[("_csrf", csrf.as_str()), ("content", "太短"), ("name", "李四")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let gzipped = r.headers().get("content-encoding").is_some_and(|v| v == "gzip");
        let bytes = r.bytes().await.expect("body");
        let mut again = String::new();
        if gzipped {
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut again).expect("gzip");
        } else {
            again = String::from_utf8(bytes.to_vec()).expect("utf-8");
        }
        assert!(again.contains("码上见代表") && again.contains("field-error"), "the station's page: {again}");
        assert!(again.contains(">太短</textarea>") && again.contains("value=\"李四\""), "as typed: {again}");
        assert_eq!(app.count("SELECT COUNT(*) FROM opinions").await, 0);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, before);

        let token = field_of(&page, "_form");
        let form = [
            ("_csrf", csrf.as_str()),
            ("_form", token.as_str()),
            ("title", "小区路灯损坏"),
            ("content", "东湖小区三号楼前的路灯坏了两个月。"),
            ("name", "张三"),
            ("phone", "13800138000"),
            ("consent", "1"),
        ];
        // Post/redirect/get: the receipt is a page of its own, so a refresh sends nothing.
        let first = phone.post(app.url(&station)).form(&form).send().await.expect("post");
        assert_eq!(first.status(), StatusCode::SEE_OTHER);
        let receipt = location_of(&first);
        assert!(receipt.starts_with("/opinions/receipt?code="), "{receipt}");
        // The same form sent again (a double tap, the browser's resend) gets the same receipt
        // and stores nothing.
        let again = phone.post(app.url(&station)).form(&form).send().await.expect("post again");
        assert_eq!((again.status(), location_of(&again)), (StatusCode::SEE_OTHER, receipt.clone()));
        assert_eq!(again.headers().get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
        assert_eq!(app.count("SELECT COUNT(*) FROM opinions").await, 1);
        let (status, page) = app.get(&phone, &receipt).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("意见已收到"), "the fresh receipt says it arrived");
        let at = page.find("receipt-code\">").expect("a receipt code is shown") + "receipt-code\">".len();
        let code = page[at..].split('<').next().unwrap_or_default().to_owned();
        assert_eq!(code.len(), 11, "grouped as ABCDE-FGH2K: {code}");
        // Another reader's copy of the same cached page is another reader's opinion.
        let other = client();
        let r = other
            .post(app.url(&station))
            .header("user-agent", "another phone")
            .form(&[
                ("_csrf", csrf_of(&app.get(&other, &station).await.1).as_str()),
                ("_form", token.as_str()),
                ("content", "东湖小区三号楼前的路灯坏了两个月。"),
                ("consent", "1"),
            ])
            .send()
            .await
            .expect("another reader");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_ne!(location_of(&r), receipt);
        assert_eq!(app.count("SELECT COUNT(*) FROM opinions").await, 2);

        // Staff forward it; the unit answers; staff feed back.
        let id = app.count("SELECT MIN(id) FROM opinions").await;
        let (staff, staff_csrf) = app.login("staff.city").await;
        let (_, detail) = app.get(&staff, &format!("/opinions/{id}")).await;
        assert!(detail.contains("13800138000"), "staff of the opinion's congress see the phone");
        let (east, _) = app.login("staff.east").await;
        let (status, _) = app.get(&east, &format!("/opinions/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another district's staff do not see it");
        let unit_id = detail
            .split("name=\"unit\"")
            .nth(1)
            .and_then(|r| r.split("<option value=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let (status, _) = app
            .post(
                &staff,
                &format!("/opinions/{id}"),
                &[("_csrf", &staff_csrf), ("command", "forward"), ("unit", &unit_id), ("due", "2099-12-31")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (unit, unit_csrf) = app.login("unit.housing").await;
        let (_, detail) = app.get(&unit, &format!("/opinions/{id}")).await;
        assert!(!detail.contains("13800138000"), "units do not see the citizen's phone");
        let answer = "已安排维修，十二月一日前修复。";
        let (status, _) = app
            .post(
                &unit,
                &format!("/opinions/{id}"),
                &[("_csrf", &unit_csrf), ("command", "unit_answer"), ("answer", answer)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = app
            .post(
                &staff,
                &format!("/opinions/{id}"),
                &[("_csrf", &staff_csrf), ("command", "feed_back"), ("method", "online")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // The citizen reads the answer under the receipt code and rates it once.
        let (_, page) = app.get(&phone, &format!("/opinions/receipt?code={code}")).await;
        assert!(page.contains(answer) && page.contains("对答复的评价"), "{page}");
        let csrf = csrf_of(&page);
        let (status, _) =
            app.post(&phone, "/opinions/receipt", &[("_csrf", &csrf), ("code", &code), ("rating", "satisfied")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&phone, &format!("/opinions/receipt?code={code}")).await;
        assert!(page.contains("您的评价：满意") && !page.contains("对答复的评价"));
        let (_, page) = app.get(&phone, "/opinions/receipt?code=ABCDE-FGH2L").await;
        assert!(page.contains("alert error"), "a mistyped code is caught: {page}");

        // The other opinion, forwarded with today as its due date and not answered, is on the
        // overdue board three days later, in the columns the clerk chose (remembered), and in
        // the export; never with the citizen's phone.
        let other = app.count("SELECT MAX(id) FROM opinions").await;
        let today = app.store.today();
        let (status, _) = app
            .post(
                &staff,
                &format!("/opinions/{other}"),
                &[("_csrf", &staff_csrf), ("command", "forward"), ("unit", &unit_id), ("due", &today.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, board) = app.get(&staff, "/opinions/overdue").await;
        assert!(board.contains("没有逾期未答复的意见"), "due today is not late yet: {board}");
        app.store.clock().set_on(today + jiff::Span::new().days(3));
        let (clerk, clerk_csrf) = app.login("staff.city").await;
        let (status, board) = app.get(&clerk, "/opinions/overdue").await;
        assert_eq!(status, StatusCode::OK);
        assert!(board.contains("<td>3</td>") && board.contains("<th>回执码</th>"), "{board}");
        assert!(!board.contains("13800138000"), "no phone on the board");
        let (_, list) = app.get(&clerk, "/opinions?view=overdue").await;
        assert!(
            list.contains("共 1 条超过办理期限") && list.contains("/opinions/overdue"),
            "the tab counts the board's one"
        );
        let (status, _) = app
            .post(
                &clerk,
                "/opinions/overdue/columns",
                &[("_csrf", &clerk_csrf), ("col", "days_overdue"), ("col", "station")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, board) = app.get(&clerk, "/opinions/overdue").await;
        assert!(board.contains("<th>联络站</th><th>逾期天数</th></tr>"), "{board}");
        let r = clerk.get(app.url("/opinions/overdue/export/csv")).send().await.expect("csv");
        assert_eq!(r.status(), StatusCode::OK);
        let csv = r.text().await.expect("body");
        assert!(csv.contains("联络站,逾期天数\r\n") && csv.ends_with(",3\r\n"), "{csv}");
        let (housing, _) = app.login("unit.housing").await;
        let (_, board) = app.get(&housing, "/opinions/overdue").await;
        assert!(board.contains("<td>3</td>"), "the unit sees its own overdue opinion: {board}");
    }
}

#[tokio::test]
async fn the_public_form_refuses_flooding_with_a_chinese_message_and_stores_nothing() {
    for app in apps().await {
        let c = client();
        let station = format!("/stations/{}", app.station.0);
        let (_, page) = app.get(&c, &station).await;
        let csrf = csrf_of(&page);
        for i in 0..renda_store::liaison::opinions::PUBLIC_PER_HOUR {
            let content = format!("第{i}条：东湖路需要增设红绿灯。");
            let (status, _) = app.post(&c, &station, &[("_csrf", &csrf), ("content", &content)]).await;
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
        let (status, page) = app.post(&c, &station, &[("_csrf", &csrf), ("content", "再来一条刷屏的意见。")]).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.contains("一小时内") && page.contains("再来一条刷屏的意见。"), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM opinions").await, renda_store::liaison::opinions::PUBLIC_PER_HOUR);
    }
}

#[tokio::test]
async fn staff_run_a_station_and_its_receptions_appear_on_the_station_page_and_the_portal() {
    use renda_store::people::NewDeputyship;
    use renda_testkit::{deputy_with, label, person, seat};
    for app in apps().await {
        let ship = NewDeputyship { delegation: label("东城区代表团"), ..seat(app.city) };
        let person = deputy_with(&app.store, person("欧阳明"), ship).await;
        let manage = format!("/stations/{}/manage", app.station.0);

        // Another congress's staff may not manage the city's station.
        let (east, east_csrf) = app.login("staff.east").await;
        let (status, page) = app.get(&east, &manage).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("只有本级人大工作人员"), "{page}");
        let (status, _) =
            app.post(&east, &manage, &[("_csrf", &east_csrf), ("command", "notice"), ("notice_days", "1")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let (staff, csrf) = app.login("staff.city").await;
        // A bad phone comes back with the reason and what was typed; nothing is stored.
        let bad = [
            ("_csrf", csrf.as_str()),
            ("command", "profile"),
            ("address", "示范市人民路1号市民中心二楼"),
            ("opening_hours", "工作日 9:00—17:00"),
            ("reception_days", "每月5日、20日上午"),
            ("phone", "12"),
            ("intro", ""),
        ];
        let (status, page) = app.post(&staff, &manage, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("电话号码格式不正确") && page.contains("示范市人民路1号市民中心二楼"), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM station_profiles").await, 0);
        let mut good = bad;
        good[5] = ("phone", "0571-88886666");
        let (status, _) = app.post(&staff, &manage, &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // Find the deputy by name and attach them.
        let (_, page) = app.get(&staff, &format!("{manage}?q=欧阳")).await;
        assert!(page.contains("欧阳明（示范市人民代表大会"), "{page}");
        let pid = person.0.to_string();
        let (status, _) = app.post(&staff, &manage, &[("_csrf", &csrf), ("command", "attach"), ("person", &pid)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // Too short a notice is refused; five days ahead is posted.
        let today = app.store.today();
        let tomorrow = (today + jiff::Span::new().days(1)).to_string();
        let later = today + jiff::Span::new().days(5);
        let form = |on: &str| {
            vec![
                ("_csrf".to_owned(), csrf.clone()),
                ("command".to_owned(), "schedule".to_owned()),
                ("on".to_owned(), on.to_owned()),
                ("starts".to_owned(), "09:00".to_owned()),
                ("ends".to_owned(), "11:30".to_owned()),
                ("topic".to_owned(), "老旧小区加装电梯".to_owned()),
                ("deputy".to_owned(), pid.clone()),
            ]
        };
        let r = staff.post(app.url(&manage)).form(&form(&tomorrow)).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = r.text().await.expect("body");
        assert!(page.contains("至少提前3天公布"), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM receptions").await, 0);
        let r = staff.post(app.url(&manage)).form(&form(&later.to_string())).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        // A citizen sees the station's details and the reception, here and on the portal.
        let citizen = client();
        let (_, page) = app.get(&citizen, &format!("/stations/{}", app.station.0)).await;
        assert!(page.contains("示范市人民路1号市民中心二楼") && page.contains("0571-88886666"), "{page}");
        let when = format!("{}月{}日 9:00—11:30", later.month(), later.day());
        assert!(page.contains(&when) && page.contains("欧阳明"), "{page}");
        assert!(!page.contains("管理联络站"), "citizens get no management link");
        let (status, page) = app.get(&citizen, "/portal/receptions").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&when) && page.contains("老旧小区加装电梯"), "{page}");
        let (_, page) = app.get(&citizen, "/portal").await;
        assert!(page.contains(&when), "the portal's home lists it too");
        assert!(page.contains("<h1 class=\"vh\">") && page.contains("· 人大门户</h1>"), "the home has its heading");
        // 码上见代表: the deputy's public page names the station, the reception and its QR code.
        let (status, page) = app.get(&citizen, &format!("/portal/deputies/{pid}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&format!("/stations/{}", app.station.0)) && page.contains(&when), "{page}");
        let r = citizen.get(app.url(&format!("/portal/deputies/{pid}/qr.svg"))).send().await.expect("qr");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.expect("svg").contains("<svg"));
        let (status, _) = app.get(&citizen, "/portal/deputies/999999/qr.svg").await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // With no notice required, a reception today; staff record what a citizen brought.
        let (status, _) =
            app.post(&staff, &manage, &[("_csrf", &csrf), ("command", "notice"), ("notice_days", "0")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let r = staff.post(app.url(&manage)).form(&form(&today.to_string())).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let rid = app.count("SELECT MAX(id) FROM receptions").await.to_string();
        let (_, page) = app.get(&staff, &format!("{manage}?record={rid}")).await;
        assert!(page.contains("登记接待意见"), "{page}");
        let record = |content: &'static str| {
            let (csrf, rid) = (csrf.clone(), rid.clone());
            vec![("_csrf", csrf), ("command", "record_opinion".into()), ("reception", rid), ("content", content.into())]
        };
        let r = staff.post(app.url(&manage)).form(&record("短")).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "too short");
        assert_eq!(app.count("SELECT COUNT(*) FROM opinions").await, 0);
        let r = staff
            .post(app.url(&manage))
            .form(&record("小区的健身器材坏了，老人锻炼不方便。"))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = location_of(&r);
        assert!(to.starts_with("/opinions/"), "{to}");
        let linked = format!("SELECT COUNT(*) FROM opinions WHERE reception_id = {rid} AND channel = 'reception'");
        assert_eq!(app.count(&linked).await, 1);
    }
}

/// What a reader reads on the portal's pages — their text, tags and asset URLs aside — for a
/// fixed set of documents on a fixed day, against the text kept in `tests/golden/`. It was
/// first written by the portal as it was before its pages were kept in memory (issue 15), so a
/// change of what the public reads shows here. `RENDA_BLESS=1` writes the files afresh after a
/// deliberate change.
#[tokio::test]
async fn the_portal_reads_as_it_did_for_the_same_documents() {
    let app = spawn(testing::sqlite().await).await;
    let news =
        app.doc(app.city, "示范市人大常委会召开第十二次会议", "news", "public", "会议听取和审议了有关报告。").await;
    let speech = app
        .doc(
            app.city,
            "在全市人大主任座谈会上的讲话",
            "speech",
            "users",
            "要把人民代表大会制度坚持好、完善好、运行好。",
        )
        .await;
    app.doc(app.east, "东城区人大常委会关于开展代表接待日活动的通知", "notice", "public", "请各位代表按时参加。").await;
    app.doc(app.city, "示范市人民代表大会常务委员会2026年工作要点", "report", "public", "一、加强立法工作。").await;
    let pages = [
        ("home", "/portal".to_owned()),
        ("news", format!("/portal/docs/{}", news.0)),
        ("speech", format!("/portal/docs/{}", speech.0)),
        ("list", "/portal/k/news".to_owned()),
        ("search", "/portal/search?q=%E4%BB%A3%E8%A1%A8".to_owned()),
    ];
    app.indexer.catch_up(&app.store).await.expect("indexed");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("RENDA_BLESS").is_some();
    let mut differ = Vec::new();
    for (name, path) in &pages {
        let (status, html) = app.get(&client(), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = visible_text(&html);
        // Views are written within a second now, not with the page: written here, so the
        // lists count them as they did when the page wrote them.
        app.store.flush_views().await.expect("views written");
        let file = dir.join(format!("portal_{name}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).expect("golden dir");
            std::fs::write(&file, &text).expect("write golden");
            continue;
        }
        let kept = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if kept != text {
            std::fs::write(file.with_extension("new"), &text).expect("write new");
            differ.push(name);
        }
    }
    assert!(differ.is_empty(), "pages read differently: {differ:?} (compare tests/golden/*.txt with *.new)");
}

/// A page's text as a reader sees it: tags, scripts and styles dropped, entities decoded, one
/// line per block of text.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut line = String::new();
    let flush = |line: &mut String, out: &mut String| {
        let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
        line.clear();
    };
    while let Some(open) = rest.find('<') {
        line.push_str(&rest[..open]);
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = rest[open..tag_end].to_ascii_lowercase();
        rest = &rest[tag_end..];
        for skipped in ["script", "style"] {
            if tag.starts_with(&format!("<{skipped}")) {
                let close = format!("</{skipped}>");
                rest = rest.find(&close).map_or("", |e| &rest[e + close.len()..]);
            }
        }
        flush(&mut line, &mut out);
    }
    line.push_str(rest);
    flush(&mut line, &mut out);
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}
