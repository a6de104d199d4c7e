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
use renda_store::{Actor, Store, testing};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PW: &str = "renda-2026";
const COUNTY: &str = "某县人大代表工作平台";

struct App {
    base: String,
    store: Store,
    _db: testing::TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

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

async fn serve(db: testing::TestStore, config: renda_web::Config) -> App {
    let s = db.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let app = renda_web::router(renda_web::AppState::new(s.clone(), config));
    tokio::spawn(renda_web::serve(listener, app, async move {
        let _ = rx.await;
    }));
    App { base, store: s, _db: db, _shutdown: tx }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client")
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_owned()
}

impl App {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.expect("get");
        (r.status(), r.text().await.expect("body"))
    }

    /// GET, answering the redirect's target instead of following it.
    async fn location(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.expect("get");
        let to = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (r.status(), to)
    }

    async fn post(&self, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let r = c.post(self.url(path)).form(form).send().await.expect("post");
        (r.status(), r.text().await.expect("body"))
    }

    async fn login(&self, login: &str, password: &str) -> reqwest::Client {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        let csrf = csrf_of(&page);
        let r = c
            .post(self.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("login", login), ("password", password), ("next", "/")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} logs in");
        c
    }
}

#[tokio::test]
async fn the_admin_edits_the_one_site_name_and_every_page_and_feed_follows() {
    for db in testing::all().await {
        init(&db.store).await;
        let app = serve(db, renda_web::Config::default()).await;
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

        let admin = app.login("admin", PW).await;
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
    for db in testing::all().await {
        init(&db.store).await;
        let congress = db.store.org_by_name("某县人民代表大会").await.expect("read").expect("congress").id;
        db.store
            .create_user(
                &Actor::system(),
                renda_store::users::NewUser {
                    login: Login::parse("staff").expect("login"),
                    display_name: "工作人员".into(),
                    password: NewPassword::parse(PW).expect("pw"),
                    role: renda_core::policy::Role::Staff { congress },
                },
            )
            .await
            .expect("staff");
        let app = serve(db, renda_web::Config::default()).await;
        let staff = app.login("staff", PW).await;
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
    for db in testing::all().await {
        init(&db.store).await;
        let config =
            renda_web::Config { site_name: Some("配置的平台名称".into()), ..renda_web::Config::default() };
        let app = serve(db, config).await;
        let (_, portal) = app.get(&client(), "/portal").await;
        assert!(portal.contains("配置的平台名称") && !portal.contains(COUNTY));
        let admin = app.login("admin", PW).await;
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
    for db in testing::all().await {
        let store = db.store.clone();
        let app = serve(db, renda_web::Config::default()).await;
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
    for db in testing::all().await {
        init(&db.store).await;
        let row = SheetRow {
            row: 2,
            cells: [("登录名", "clerk"), ("姓名", "张三"), ("角色", "工作人员"), ("机构名称", "某县人民代表大会")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        };
        let (lines, errors) = parse_user_rows(&[row]);
        assert!(errors.is_empty());
        let issued = db.store.import_users(&Actor::system(), &lines).await.expect("import").expect("no errors");
        let one_time = issued.created[0].password.clone();
        let app = serve(db, renda_web::Config::default()).await;

        let c = app.login("clerk", &one_time).await;
        for path in ["/", "/suggestions", "/admin/orgs"] {
            let (status, to) = app.location(&c, path).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(to, "/account/password?notice=must_change_password", "{path}");
        }
        let (status, body) = app.get(&c, "/api/v1/me").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert!(body.contains("修改初始密码"), "{body}");
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
        let c = app.login("clerk", "my-own-2026").await;
        let (status, _) = app.get(&c, "/").await;
        assert_eq!(status, StatusCode::OK, "free to work once the password is their own");
    }
}
