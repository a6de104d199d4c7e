//! Issue 13, point 5: every count a clerk reads — a home tile, a statistic — is the total of the
//! list its link opens. Checked on the real demo city (the cli's generator), served over HTTP
//! with the demo's own "today", as the city's and a district's staff and a unit.

use renda_store::testing;
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const TODAY: jiff::civil::Date = jiff::civil::date(2026, 6, 15);

struct App {
    base: String,
    _db: testing::TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn spawn(db: testing::TestStore) -> App {
    db.store.clock().set_on(TODAY);
    renda_cli::demo::seed_on(&db.store, TODAY).await.expect("the demo loads");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = renda_web::Config::default();
    let app = renda_web::router(renda_web::AppState::new(db.store.clone(), config));
    tokio::spawn(renda_web::serve(listener, app, async move {
        let _ = rx.await;
    }));
    App { base, _db: db, _shutdown: tx }
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#38;", "&").replace("&#x26;", "&")
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_owned()
}

impl App {
    async fn get(&self, c: &reqwest::Client, path: &str) -> String {
        let r = c.get(format!("{}{path}", self.base)).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        r.text().await.expect("body")
    }

    async fn login(&self, login: &str) -> reqwest::Client {
        let c = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client");
        let page = self.get(&c, "/login").await;
        let form = [
            ("_csrf", csrf_of(&page)),
            ("login", login.to_owned()),
            ("password", renda_cli::demo::DEMO_PASSWORD.to_owned()),
            ("next", "/".to_owned()),
        ];
        let r = c.post(format!("{}/login", self.base)).form(&form).send().await.expect("post");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{login} logs in");
        c
    }

    /// The total a suggestion list states.
    async fn list_total(&self, c: &reqwest::Client, href: &str) -> i64 {
        let page = self.get(c, href).await;
        let at = page.find("<b class=\"total\">").unwrap_or_else(|| panic!("{href} states its total"))
            + "<b class=\"total\">".len();
        page[at..].split('<').next().unwrap_or_default().parse().expect("a number")
    }
}

/// Every `<a … href="/suggestions?…"…><b>N</b><span>LABEL` of a page: (href, N, label).
fn linked_counts(page: &str) -> Vec<(String, i64, String)> {
    linked_counts_to(page, "/suggestions?")
}

/// The same for links to lists under `prefix`.
fn linked_counts_to(page: &str, prefix: &str) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    for piece in page.split("href=\"").skip(1) {
        let href = unescape(piece.split('"').next().unwrap_or_default());
        if !href.starts_with(prefix) {
            continue;
        }
        let Some(rest) = piece.split_once('>').map(|(_, r)| r) else { continue };
        let Some(n) = rest.strip_prefix("<b>").and_then(|r| r.split('<').next()).and_then(|n| n.parse().ok()) else {
            continue;
        };
        let label = rest.split("<span>").nth(1).and_then(|r| r.split("</span>").next()).unwrap_or_default();
        out.push((href, n, label.to_owned()));
    }
    out
}

#[tokio::test]
async fn every_tile_and_statistic_of_the_demo_agrees_with_the_list_behind_it() {
    for db in testing::all().await {
        let app = spawn(db).await;
        for login in ["city.staff", "east.staff", "unit.housing"] {
            let c = app.login(login).await;
            let home = app.get(&c, "/").await;
            let tiles = linked_counts(&home);
            assert!(tiles.len() >= 4, "{login}: the home shows its suggestion tiles");
            let mut nonzero = 0;
            for (href, n, label) in &tiles {
                assert!(
                    label.contains("（本级）") || label.contains("（含下级）") || label.contains("（本单位）"),
                    "{login}: the tile {label} says whose records it counts"
                );
                let total = app.list_total(&c, href).await;
                assert_eq!(*n, total, "{login}: the tile {label} counts what its list {href} holds");
                let list = app.get(&c, href).await;
                let whose = label.split('（').nth(1).and_then(|w| w.split('）').next()).unwrap_or_default();
                assert!(list.contains(&format!("（{whose}）")), "{login}: the list {href} says {whose} as its tile");
                nonzero += i64::from(*n > 0);
            }
            assert!(nonzero >= 2, "{login}: the demo gives the tiles something to count");
            if login.ends_with(".staff") {
                // The roster tiles: this congress's sitting deputies, and those of the congresses below.
                let roster = linked_counts_to(&home, "/admin/deputies?");
                assert_eq!(roster.len(), 2, "{login}: two roster tiles");
                let orgs = linked_counts_to(&home, "/admin/orgs?");
                assert_eq!(orgs.len(), 2, "{login}: two organisation tiles");
                for (href, n, label) in roster.iter().chain(&orgs) {
                    assert_eq!(
                        *n,
                        app.list_total(&c, href).await,
                        "{login}: the tile {label} counts what {href} lists"
                    );
                }
                let year = TODAY.year();
                let stats = app.get(&c, &format!("/suggestions/stats?year={year}")).await;
                let figures = linked_counts(&stats);
                assert!(figures.iter().any(|(h, _, _)| h.contains("due=overdue")), "{login}: overdue stated");
                for (href, n, label) in &figures {
                    assert_eq!(*n, app.list_total(&c, href).await, "{login}: {label} agrees with {href}");
                }
                // Each unit's line: its overdue figure is its list of overdue suggestions it leads.
                for piece in stats.split("<a class=\"due overdue\" href=\"").skip(1) {
                    let href = unescape(piece.split('"').next().unwrap_or_default());
                    let n: i64 =
                        piece.split('>').nth(1).and_then(|r| r.split('<').next()).unwrap_or("").parse().expect("n");
                    assert_eq!(n, app.list_total(&c, &href).await, "{login}: a unit's overdue count, {href}");
                }
                // Overdue items keep 按期答复率 below 100 %.
                let overdue = figures.iter().find(|(h, _, _)| h.contains("due=overdue")).map_or(0, |f| f.1);
                if overdue > 0 {
                    assert!(!stats.contains("<b>100%</b><span>按期答复率"), "{login}: {overdue} overdue is not 100 %");
                }
            }
        }
    }
}
