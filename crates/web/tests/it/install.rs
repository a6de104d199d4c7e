//! A congress's own installation over real HTTP (SQLite, and PostgreSQL too when
//! `RENDA_TEST_PG_URL` is set): the platform's name comes from the one setting `renda init`
//! wrote, the admin edits it on the organisations page and every page, title and feed follows;
//! a name fixed by configuration wins and is not editable; only a demo database says its data
//! are fictional; an account given a one-time password is sent to change it before anything else.

use renda_core::install::{SheetRow, SiteName, parse_user_rows};
use renda_core::org::CongressLevel;
use renda_core::person::Term;
use renda_core::value::{Login, NewPassword, OrgName};
use renda_store::install::Installation;
use renda_store::{Actor, Store};
use renda_testkit::http::{TestApp, client, csrf_of};
use renda_testkit::{PW, TestStore, account_with, new_user, on_each_store};
use reqwest::StatusCode;

const COUNTY: &str = "某县人大代表工作平台";

async fn init(s: &Store) {
    s.init_installation(
        &Actor::system(),
        Installation {
            site_name: SiteName::parse(COUNTY).expect("name"),
            congress: OrgName::parse("某县人民代表大会").expect("congress"),
            level: CongressLevel::County,
            term: Term(18),
            admin_login: Login::parse("admin").expect("login"),
            admin_name: "系统管理员".into(),
            admin_password: NewPassword::parse(PW).expect("pw"),
        },
    )
    .await
    .expect("init");
}

async fn serve(db: TestStore, config: renda_web::Config) -> TestApp {
    let state = renda_web::AppState::new(db.store.clone(), config);
    TestApp::with_state(db, state).await
}

/// The installation `renda init` made, served with `config`, on each store.
async fn installed(config: renda_web::Config) -> Vec<TestApp> {
    on_each_store(|db| {
        let config = config.clone();
        async move {
            init(&db.store).await;
            serve(db, config).await
        }
    })
    .await
}

/// Logs `login` in with `password`: the client with the session (its home may be refused).
async fn logged_in(app: &TestApp, login: &str, password: &str) -> reqwest::Client {
    let (c, r) = app.try_login(login, password).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} logs in");
    c
}

#[tokio::test]
async fn the_admin_edits_the_one_site_name_and_every_page_and_feed_follows() {
    for app in installed(renda_web::Config::default()).await {
        let anon = client();
        for path in ["/login", "/portal", "/portal/feeds/all.rss", "/portal/feeds/all.atom"] {
            let (status, body) = app.get(&anon, path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(body.contains(COUNTY), "{path} names the platform: {body}");
            assert!(!body.contains("示范"), "{path} says nothing of the demo");
        }
        let (_, login) = app.get(&anon, "/login").await;
        assert!(login.contains(&format!("<title>登录 · {COUNTY}</title>")), "{login}");

        // A closed unit stays in the tree, marked.
        let county = app.store.org_by_name("某县人民代表大会").await.expect("read").expect("county").id;
        let unit = app
            .store
            .create_org(
                &Actor::system(),
                renda_store::orgs::NewOrganisation {
                    name: OrgName::parse("某县粮食局").expect("name"),
                    kind: renda_core::org::OrgKind::Unit(renda_core::org::UnitKind::GovernmentDepartment),
                    parent: Some(county),
                },
            )
            .await
            .expect("unit");
        app.store.close_org(&Actor::system(), unit.id).await.expect("closed");

        let admin = logged_in(&app, "admin", PW).await;
        let (_, page) = app.get(&admin, "/admin/orgs").await;
        assert!(page.contains("某县粮食局</a> <span class=\"muted\">（已撤销）</span>"), "{page}");
        assert!(page.contains("action=\"/admin/site\""), "the admin has the form");
        assert!(page.contains(&format!("value=\"{COUNTY}\"")));
        let csrf = csrf_of(&page);
        let (status, body) = app.post(&admin, "/admin/site", &[("_csrf", csrf.as_str()), ("site_name", "  ")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("平台名称至少2个字"), "{body}");
        let (status, _) = app
            .post(&admin, "/admin/site", &[("_csrf", csrf.as_str()), ("site_name", "某县人大常委会代表履职平台")])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.store.site_settings().await.expect("settings").name.as_deref(),
            Some("某县人大常委会代表履职平台")
        );
        for path in ["/portal", "/portal/feeds/all.rss"] {
            let (_, body) = app.get(&anon, path).await;
            assert!(body.contains("某县人大常委会代表履职平台"), "{path} follows the edit");
            assert!(!body.contains(COUNTY), "{path} no longer shows the old name");
        }
        // The edit is audited.
        assert!(app.store.verify_audit().await.expect("verify").is_ok());
    }
}

#[tokio::test]
async fn staff_cannot_rename_the_platform() {
    for app in installed(renda_web::Config::default()).await {
        let congress = app.store.org_by_name("某县人民代表大会").await.expect("read").expect("congress").id;
        let new = new_user("staff", renda_core::policy::Role::Staff { congress });
        account_with(&app.store, renda_store::users::NewUser { display_name: "工作人员".into(), ..new }).await;
        let staff = logged_in(&app, "staff", PW).await;
        let (_, page) = app.get(&staff, "/admin/orgs").await;
        assert!(!page.contains("action=\"/admin/site\""), "staff have no form");
        let csrf = csrf_of(&page);
        let (status, _) = app.post(&staff, "/admin/site", &[("_csrf", csrf.as_str()), ("site_name", "别的名字")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.store.site_settings().await.expect("settings").name.as_deref(), Some(COUNTY));
    }
}

#[tokio::test]
async fn a_name_fixed_by_configuration_wins_and_is_not_editable() {
    let config = renda_web::Config { site_name: Some("配置的平台名称".into()), ..renda_web::Config::default() };
    for app in installed(config).await {
        let (_, portal) = app.get(&client(), "/portal").await;
        assert!(portal.contains("配置的平台名称") && !portal.contains(COUNTY));
        let admin = logged_in(&app, "admin", PW).await;
        let (_, page) = app.get(&admin, "/admin/orgs").await;
        assert!(page.contains("由服务器配置"), "the page says it is fixed");
        assert!(!page.contains("action=\"/admin/site\""));
        let csrf = csrf_of(&page);
        let (status, body) =
            app.post(&admin, "/admin/site", &[("_csrf", csrf.as_str()), ("site_name", "别的名字")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(app.store.site_settings().await.expect("settings").name.as_deref(), Some(COUNTY));
    }
}

#[tokio::test]
async fn an_old_database_gets_a_neutral_name_and_only_a_demo_says_its_data_are_fictional() {
    for app in on_each_store(|db| serve(db, renda_web::Config::default())).await {
        let store = app.store.clone();
        let (_, page) = app.get(&client(), "/login").await;
        assert!(page.contains("<title>登录 · 人大代表工作平台</title>"), "{page}");
        assert!(!page.contains("示范") && !page.contains("仅供演示"));
        store
            .mark_demo(&Actor::system(), &SiteName::parse("示范市人大代表工作平台").expect("name"))
            .await
            .expect("mark");
        assert!(store.is_demo().await.expect("read"));
        let (_, page) = app.get(&client(), "/login").await;
        assert!(page.contains("示范市人大代表工作平台 · 示范数据，仅供演示"), "{page}");
    }
}

#[tokio::test]
async fn an_account_with_a_one_time_password_changes_it_before_anything_else() {
    for app in installed(renda_web::Config::default()).await {
        let row = SheetRow {
            row: 2,
            cells: [("登录名", "clerk"), ("姓名", "张三"), ("角色", "工作人员"), ("机构名称", "某县人民代表大会")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        };
        let (lines, errors) = parse_user_rows(&[row]);
        assert!(errors.is_empty());
        let issued = app.store.import_users(&Actor::system(), &lines).await.expect("import").expect("no errors");
        let one_time = issued.created[0].password.clone();

        let c = logged_in(&app, "clerk", &one_time).await;
        for path in ["/", "/suggestions", "/admin/orgs"] {
            let (status, to) = app.location(&c, path).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(to, "/account/password?notice=must_change_password", "{path}");
        }
        let (status, body) = app.get(&c, "/api/v1/me").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("修改初始密码"), "{body}");
        // Through the API: a wrong current password says which field; the right one changes it
        // and ends the session.
        let api = app.api_login_with("clerk", &one_time).await;
        let change = |current: &str| {
            api.post("/api/v1/account/password", serde_json::json!({"current": current, "password": "api-own-2026"}))
        };
        let (status, v) = change("not-the-password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["error"]["field"].as_str(), Some("current"), "{v}");
        assert_eq!(change(&one_time).await.0, StatusCode::NO_CONTENT);
        assert_eq!(api.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "the change ended the session");
        let c = logged_in(&app, "clerk", "api-own-2026").await;
        let (status, _) = app.get(&c, "/api/v1/me").await;
        assert_eq!(status, StatusCode::OK, "the new password is the account's own");
        let one_time = "api-own-2026".to_owned();
        let (status, page) = app.get(&c, "/account/password?notice=must_change_password").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("请先设置自己的新密码"), "{page}");
        let csrf = csrf_of(&page);
        let (status, _) = app
            .post(
                &c,
                "/account/password",
                &[
                    ("_csrf", csrf.as_str()),
                    ("current", one_time.as_str()),
                    ("password", "my-own-2026"),
                    ("confirm", "my-own-2026"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let c = logged_in(&app, "clerk", "my-own-2026").await;
        let (status, _) = app.get(&c, "/").await;
        assert_eq!(status, StatusCode::OK, "free to work once the password is their own");
    }
}
