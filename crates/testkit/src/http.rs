//! The app served on a loopback port, and a client that behaves like a browser: it keeps
//! cookies and does not follow redirects, so a test sees each `303` and where it points.

use crate::{PW, TestStore};
use renda_store::Store;
use renda_web::{AppState, Config};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// A served app on its own fresh store; the server stops and the store goes when it drops.
pub struct TestApp {
    pub base: String,
    pub store: Store,
    _db: TestStore,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    /// The app with the default configuration on `db`.
    pub async fn new(db: TestStore) -> TestApp {
        let state = AppState::new(db.store.clone(), Config::default());
        TestApp::with_state(db, state).await
    }

    /// The app on `db` with a state the test built (a configuration, a search index, a
    /// hashing pool); `state` must be built on `db.store`.
    pub async fn with_state(db: TestStore, state: AppState) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("its address"));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(renda_web::serve(listener, renda_web::router(state), async move {
            let _ = rx.await;
        }));
        TestApp { base, store: db.store.clone(), _db: db, _shutdown: tx }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path`: status and body.
    pub async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.expect("the GET is answered");
        (r.status(), r.text().await.expect("a body"))
    }

    /// POST the form to `path`: status and body.
    pub async fn post(&self, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let r = c.post(self.url(path)).form(form).send().await.expect("the POST is answered");
        (r.status(), r.text().await.expect("a body"))
    }

    /// GET `path`: status and where it redirects ("" when it does not).
    pub async fn location(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(self.url(path)).send().await.expect("the GET is answered");
        (r.status(), location_of(&r))
    }

    /// POST the form to `path`: status, where it redirects ("" when it does not) and body.
    pub async fn post_with_location(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String, String) {
        let r = c.post(self.url(path)).form(form).send().await.expect("the POST is answered");
        let to = location_of(&r);
        (r.status(), to, r.text().await.expect("a body"))
    }

    /// A fresh client holding the login form's CSRF cookie, and the form's token.
    pub async fn login_page(&self) -> (reqwest::Client, String) {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        let csrf = csrf_of(&page);
        (c, csrf)
    }

    /// Posts the login form for `login` with `password` from a fresh client: the client and the
    /// answer, whatever it is (a redirect home, a refusal, a lock).
    pub async fn try_login(&self, login: &str, password: &str) -> (reqwest::Client, reqwest::Response) {
        let (c, csrf) = self.login_page().await;
        let form = [("_csrf", csrf.as_str()), ("login", login), ("password", password), ("next", "/")];
        let r = c.post(self.url("/login")).form(&form).send().await.expect("the login is answered");
        (c, r)
    }

    /// Logs `login` in with [`PW`]: a client with the session, and the CSRF token of its home
    /// page.
    pub async fn login(&self, login: &str) -> (reqwest::Client, String) {
        let (c, csrf) = self.login_page().await;
        let (status, _) =
            self.post(&c, "/login", &[("_csrf", &csrf), ("login", login), ("password", PW), ("next", "/")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{login} logs in");
        let (_, home) = self.get(&c, "/").await;
        (c, csrf_of(&home))
    }
}

impl TestApp {
    /// Logs `login` in through the API with [`PW`].
    pub async fn api_login(&self, login: &str) -> ApiUser {
        self.api_login_with(login, PW).await
    }

    /// Logs `login` in through the API with `password`.
    pub async fn api_login_with(&self, login: &str, password: &str) -> ApiUser {
        let client = client();
        let r = client
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"login": login, "password": password}))
            .send()
            .await
            .expect("the login is answered");
        assert_eq!(r.status(), StatusCode::OK, "{login} logs in through the API");
        let me: serde_json::Value = r.json().await.expect("JSON");
        let csrf = me["csrf_token"].as_str().expect("a CSRF token").to_owned();
        ApiUser { client, csrf, base: self.base.clone() }
    }

    /// Someone without an account calling the API.
    pub fn api_anonymous(&self) -> ApiUser {
        ApiUser { client: client(), csrf: String::new(), base: self.base.clone() }
    }
}

/// A caller of the API: a client with its session (if any) and the session's CSRF token, sent
/// with every POST.
pub struct ApiUser {
    pub client: reqwest::Client,
    pub csrf: String,
    base: String,
}

impl ApiUser {
    /// POSTs `body` as JSON to `path`: the status and the JSON answer (`null` for a 204).
    pub async fn post(&self, path: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        self.send(self.client.post(format!("{}{path}", self.base)), body).await
    }

    /// PUTs `body` as JSON to `path` (a resource replaced whole, such as a congress's settings):
    /// the status and the JSON answer.
    pub async fn put(&self, path: &str, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        self.send(self.client.put(format!("{}{path}", self.base)), body).await
    }

    async fn send(&self, req: reqwest::RequestBuilder, body: serde_json::Value) -> (StatusCode, serde_json::Value) {
        let mut req = req.json(&body);
        if !self.csrf.is_empty() {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        answer(req.send().await.expect("the request is answered")).await
    }

    /// POSTs `body` with files, as the API takes them: a multipart form whose `body` part is the
    /// JSON and whose `files` parts are the files, each `(name, bytes)`.
    pub async fn post_files(
        &self,
        path: &str,
        body: serde_json::Value,
        files: &[(&str, &[u8])],
    ) -> (StatusCode, serde_json::Value) {
        use reqwest::multipart::{Form, Part};
        let form = files.iter().fold(Form::new().text("body", body.to_string()), |form, (name, bytes)| {
            form.part("files", Part::bytes(bytes.to_vec()).file_name((*name).to_owned()))
        });
        let mut req = self.client.post(format!("{}{path}", self.base)).multipart(form);
        if !self.csrf.is_empty() {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        answer(req.send().await.expect("the POST is answered")).await
    }

    /// GETs `path`: the status and the JSON answer.
    pub async fn get(&self, path: &str) -> (StatusCode, serde_json::Value) {
        answer(self.client.get(format!("{}{path}", self.base)).send().await.expect("the GET is answered")).await
    }
}

async fn answer(r: reqwest::Response) -> (StatusCode, serde_json::Value) {
    let status = r.status();
    if status == StatusCode::NO_CONTENT {
        return (status, serde_json::Value::Null);
    }
    (status, r.json().await.expect("a JSON answer"))
}

/// A browser-like client: cookies kept, redirects not followed.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("a client")
}

/// The CSRF token in a page's first form.
pub fn csrf_of(html: &str) -> String {
    field_of(html, "_csrf")
}

/// The value of the field `name` in the first form that has it.
pub fn field_of(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("the page has a {name} field")) + key.len();
    html[at..].split('"').next().unwrap_or_default().to_owned()
}

/// Where a redirect points.
pub fn location_of(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The number after `prefix` in a redirect such as `/suggestions/12?notice=…` or
/// `/ballots/3/open`.
pub fn id_in(location: &str, prefix: &str) -> i64 {
    location
        .strip_prefix(prefix)
        .and_then(|rest| rest.split(['?', '/', '#']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("an id after {prefix} in the redirect {location:?}"))
}
