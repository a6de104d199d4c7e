//! renda's web tier: server-rendered pages and the JSON API, over one [`AppState`].
//!
//! - [`router`] builds the whole application (every route is registered in this file);
//!   [`serve`] runs it on an already-bound listener until a shutdown future resolves, so tests
//!   start it on port 0.
//! - [`auth`]: sessions from the database, CSRF on every state-changing request, the
//!   [`auth::CurrentUser`] extractor.
//! - [`repeat`]: repeated submissions at the door — a form sent twice or an API call retried
//!   gets the first answer again and changes nothing.
//! - [`echo`]: the outermost service — a refused form comes back as it was typed, with the
//!   reason beside the field at fault.
//! - [`error`]: [`error::AppError`], the one error type of every handler: a stable code, an HTTP
//!   status and a Chinese message; JSON under `/api/`, an HTML page elsewhere.
//! - [`extract`]: the `Path`, `Query`, `Form` and `Json` extractors every handler uses: bad
//!   input answered in Chinese with a stable code, every typed value through the core's text
//!   check.
//! - [`pages`]: the HTML pages (askama templates in `templates/`, checked at compile time and
//!   auto-escaping), one module per area: login, each role's home page, the admin pages for
//!   organisations, deputies, users and the audit log, suggestions, activities, the archive,
//!   liaison stations, oversight, draft regulations put to public consultation, the portal.
//! - [`picker`]: searchable lists — the pinyin and delegation keys a `<select data-picker>`'s
//!   options are found by, and the search behind lists too long to send with the page.
//! - [`public`]: the public read path — anonymous pages rendered once, kept and served from
//!   memory until a write makes them stale.
//! - [`captcha`]: the registration captcha, four digits drawn as bent SVG strokes.
//! - [`api`]: `/api/v1`, with its OpenAPI document at `/api/v1/openapi.json`;
//!   [`api_suggestions`]: its suggestion and notification endpoints; [`api_portal`]: documents
//!   and full-text search for a WeChat account or mini-program; [`api_opinions`]: a citizen's
//!   opinion at a station, its receipt code, and its handling; [`api_ballots`]: 代表评议, prepared,
//!   opened, reminded and closed by the clerk, voted by the deputies; [`api_reports`]: 代表述职
//!   meetings and their ratings; [`api_stations`]: a station's profile, deputies and reception
//!   days; [`api_groups`]: deputy groups and their "十有" checklist; [`api_rules`]: rule books
//!   and recomputed scores; [`api_archive`]: items declared with evidence and reviewed, the kinds made public;
//!   [`api_activities`]: 履职活动 organised, read with their roll, and every step of their page;
//!   [`api_official`]: official documents (公文) — the register, a document and its DOCX, a 交办函
//!   issued for a unit's batch, voiding, a congress's templates;
//!   [`api_legislation`]: 法规草案公开征求意见 — drafts opened and their versions, comments by every
//!   channel with receipt codes, duplicate groups answered, the published 征求意见情况, the
//!   基层立法联系点;
//!   [`api_major_matters`]: 重大事项请示报告 drafted with attachments and carried through, the grant;
//!   [`api_meetings`]: the standing committee's members, meetings, agenda, leave, sign-in and votes
//!   (and a vote counted in the room); [`api_meeting_settings`]: a congress's meeting and
//!   appointment settings;
//!   [`api_meetings`]: the standing committee's members, meetings, agenda, leave, sign-in and votes;
//!   [`api_minutes`]: a meeting's 列席 and 旁听 lists, speeches signed off by their speakers, 简报;
//!   [`api_filing`]: filing review (备案审查) — filings and their steps, the year's figures, the
//!   periods, and 审查建议 (the public form's twin among them);
//!   [`api_personnel`]: personnel cases (任免案), posts, the register and a meeting's 任免公告;
//!   [`api_oversight`]: 监督工作 — the deadline setting, annual plans and items made and published,
//!   inquiry signatures, review opinions drafted and carried to the body's handling report;
//!   [`api_register`]: a citizen's self-registration (captcha, code, account);
//!   [`api_admin`]: the admin pages — an organisation renamed, the platform's name, deputies
//!   registered and their seats ended, work phones, accounts created, read and changed;
//!   [`api_documents`]: the portal's documents created, edited, published, their attachments;
//!   [`api_twins`]: which page
//!   actions have their API twin, which are the page's own, and which have none yet.
//! - [`indexer`]: the search index following the event log, and who may find what.
//! - [`limits`]: per-address rate limits of public lookups (receipt codes).
//! - [`feeds`]: RSS 2.0 and Atom feeds of the portal; [`qr`]: QR codes of page addresses.
//! - [`delivery`]: notifications by e-mail (SMTP) and webhook (SMS gateways), when configured.
//! - [`worker`]: the background worker — one loop running the followers of the event log (search
//!   index, notifications, delivery) and the timed tasks (views, reminders, backups).
//! - [`tls`]: HTTPS without a reverse proxy (rustls): certificates reloaded on SIGHUP, a
//!   listener that completes each handshake in its own task, the HTTP → HTTPS redirect.
//! - [`download`]: files and exports as downloads with their Chinese file names.
//! - [`assets`]: the stylesheet, icons and scripts, embedded in the binary (congress intranets
//!   are often offline: nothing is loaded from a CDN).
//!
//! The web tier holds no state of its own: sessions live in the database, so several
//! `renda serve` processes can stand behind one load balancer.

pub mod api;
pub mod api_activities;
pub mod api_admin;
pub mod api_archive;
pub mod api_ballots;
pub mod api_documents;
pub mod api_filing;
pub mod api_groups;
pub mod api_legislation;
pub mod api_major_matters;
pub mod api_meeting_settings;
pub mod api_meetings;
pub mod api_minutes;
pub mod api_official;
pub mod api_opinions;
pub mod api_oversight;
pub mod api_personnel;
pub mod api_portal;
pub mod api_register;
pub mod api_reports;
pub mod api_rules;
pub mod api_stations;
pub mod api_suggestions;
pub mod api_twins;
pub mod assets;
pub mod auth;
pub mod captcha;
pub mod delivery;
pub mod download;
pub mod echo;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod indexer;
pub mod limits;
pub mod pages;
pub mod picker;
pub mod public;
pub mod qr;
pub mod repeat;
pub mod tls;
pub mod worker;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use renda_store::Store;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::Predicate as _;
use tower_http::trace::TraceLayer;

/// Settings of the web tier (from flags and `RENDA_*` variables, see the CLI).
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Mark cookies `Secure` (set when renda is served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` and the scheme from `X-Forwarded-Proto`
    /// (only behind a proxy you run), from the addresses in `proxies` only.
    pub trust_proxy: bool,
    /// The proxies whose forwarding headers are believed; empty: loopback only (a proxy on the
    /// same machine). A request from any other address is taken at its connection's word.
    pub proxies: Vec<std::net::IpAddr>,
    /// The platform's name when fixed by configuration (`RENDA_SITE_NAME`, `--site-name`): it
    /// overrides the installation's setting, which the admin then cannot edit. `None`: the
    /// setting `renda init` wrote (see [`AppState::site`]).
    pub site_name: Option<String>,
    /// The congress office's phone, shown where an account is needed and self-registration
    /// is off (`RENDA_OFFICE_PHONE`).
    pub office_phone: Option<String>,
}

/// What every handler can reach, behind one `Arc`: axum clones the state for every layer and
/// handler that takes it, so a clone is one reference count, not one per part.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The parts of [`AppState`].
#[derive(Clone, Debug)]
pub struct Shared {
    pub store: Store,
    pub config: Arc<Config>,
    /// The search index, when this server keeps one (searches say so when it does not).
    pub search: Option<Arc<indexer::Indexer>>,
    /// The secret of anonymous reader keys, read from the database once.
    reader_secret: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// Today's part of the anonymous reader key, made once a day from that secret.
    reader_day: Arc<std::sync::Mutex<Option<renda_core::reader::DayKey>>>,
    /// The secret form tokens are signed with (`renda_core::idempotency`), read once.
    form_secret: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// Receipt-code lookups per address (30 a minute, 10 at once): a code cannot be guessed by
    /// asking thousands of times.
    pub receipt_limit: Arc<limits::AddressLimiter>,
    /// Sends registration codes by SMS or e-mail; self-registration is off without it.
    pub deliverer: Option<Arc<delivery::Deliverer>>,
    /// Registration requests per address (forms, captchas and codes: 30 a minute, 10 at once).
    pub register_limit: Arc<limits::AddressLimiter>,
    /// The platform's name and whether this is a demo database: the one place every page,
    /// title, feed, export and e-mail takes the name from. Checked at every request
    /// (`auth::session_layer`) and read again after any write, so an edit shows at once in this
    /// process and within a second in the others.
    pub site: SiteHandle,
    /// The anonymous pages kept in memory ([`public`]).
    pub pages: Arc<public::PageCache>,
    /// The write count and audit mark the site was last read at.
    site_seen: Arc<std::sync::Mutex<Option<(u64, i64)>>>,
}

/// The platform's name as shown, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub name: String,
    /// Set by configuration (`RENDA_SITE_NAME`), not editable on the admin page.
    pub fixed: bool,
    /// A database `renda demo` loaded: the footer says the data are fictional.
    pub demo: bool,
}

/// The shared, current [`Site`] (also held by the [`delivery::Deliverer`] for e-mails).
pub type SiteHandle = Arc<std::sync::RwLock<Site>>;

impl Site {
    /// The site as configuration and the installation's settings make it: the configured name,
    /// else the setting, else the neutral 人大代表工作平台 (never the demo's name).
    pub fn of(configured: Option<&str>, settings: &renda_store::install::SiteSettings) -> Site {
        let configured = configured.map(str::trim).filter(|n| !n.is_empty());
        Site {
            name: configured.or(settings.name.as_deref()).unwrap_or(renda_core::install::NEUTRAL_SITE_NAME).to_owned(),
            fixed: configured.is_some(),
            demo: settings.demo,
        }
    }
}

impl AppState {
    pub fn new(store: Store, config: Config) -> Self {
        let site = Site::of(config.site_name.as_deref(), &Default::default());
        Self(Arc::new(Shared {
            store,
            config: Arc::new(config),
            search: None,
            reader_secret: Arc::default(),
            reader_day: Arc::default(),
            form_secret: Arc::default(),
            receipt_limit: Arc::new(limits::AddressLimiter::per_minute(30, 10)),
            deliverer: None,
            register_limit: Arc::new(limits::AddressLimiter::per_minute(30, 10)),
            site: Arc::new(std::sync::RwLock::new(site)),
            pages: Arc::default(),
            site_seen: Arc::default(),
        }))
    }

    /// The platform's name now.
    pub fn site_name(&self) -> String {
        self.site().name
    }

    /// The platform's name, where it comes from, and whether this is a demo database.
    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Reads the installation's settings again (every request, and after the admin edits them).
    pub async fn refresh_site(&self) -> Result<(), renda_store::StoreError> {
        // Read again only when a write may have changed it: one of this process (at once) or of
        // another (its audit entry, polled every second by the `worker`).
        let seen = (self.store.changes(), self.pages.mark());
        if *self.site_seen.lock().unwrap_or_else(|p| p.into_inner()) == Some(seen) {
            return Ok(());
        }
        let settings = self.store.site_settings().await?;
        let fresh = Site::of(self.config.site_name.as_deref(), &settings);
        let mut held = self.site.write().unwrap_or_else(|p| p.into_inner());
        if *held != fresh {
            *held = fresh;
        }
        *self.site_seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen);
        Ok(())
    }

    /// The day's key anonymous reader keys are hashed under (`renda_core::reader`), made from
    /// the server secret once a day.
    pub async fn reader_day_key(
        &self,
        day: jiff::civil::Date,
    ) -> Result<renda_core::reader::DayKey, renda_store::StoreError> {
        if let Some(kept) =
            self.reader_day.lock().unwrap_or_else(|p| p.into_inner()).as_ref().filter(|k| k.day() == day)
        {
            return Ok(kept.clone());
        }
        let secret = self.reader_secret.get_or_try_init(|| self.store.server_secret("reader_key")).await?;
        let key = renda_core::reader::DayKey::new(secret, day);
        *self.reader_day.lock().unwrap_or_else(|p| p.into_inner()) = Some(key.clone());
        Ok(key)
    }

    /// The secret form tokens are signed with.
    pub async fn form_secret(&self) -> Result<Vec<u8>, renda_store::StoreError> {
        self.form_secret.get_or_try_init(|| self.store.server_secret("form_token")).await.cloned()
    }

    /// The instant now, from the store's clock (`renda_core::clock`): form tokens, captchas,
    /// check-in codes, feeds. A hand-set clock in tests.
    pub fn now(&self) -> jiff::Timestamp {
        self.store.clock().now()
    }

    /// Today in Beijing, from the same clock: deadlines, windows, forms' default dates.
    pub fn today(&self) -> jiff::civil::Date {
        self.store.clock().today()
    }

    /// A new form token for a page rendered now; empty before the secret was read (the form
    /// then goes through unguarded).
    pub fn form_token(&self) -> String {
        match self.form_secret.get() {
            Some(secret) => renda_core::idempotency::form_token(secret, rand::random(), self.now().as_second()),
            None => String::new(),
        }
    }

    /// The same state with a way to send registration codes (turns self-registration on).
    pub fn with_deliverer(mut self, deliverer: Arc<delivery::Deliverer>) -> Self {
        Arc::make_mut(&mut self.0).deliverer = Some(deliverer);
        self
    }

    /// The same state with a search index.
    pub fn with_search(mut self, indexer: Arc<indexer::Indexer>) -> Self {
        Arc::make_mut(&mut self.0).search = Some(indexer);
        self
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home::home))
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/register", get(pages::register::form).post(pages::register::submit))
        .route("/register/code", post(pages::register::send_code))
        .route("/register/captcha/{token}", get(pages::register::captcha))
        .route("/account/password", get(pages::account::form).post(pages::account::submit))
        .route("/admin/orgs", get(pages::orgs::list).post(pages::orgs::create))
        .route("/admin/orgs/{id}", get(pages::orgs::show).post(pages::orgs::rename))
        .route("/admin/deputies", get(pages::deputies::list))
        .route("/admin/deputies/new", get(pages::deputies::new_form).post(pages::deputies::create))
        .route("/admin/deputies/{person}", get(pages::deputies::show))
        .route("/admin/deputies/{person}/work-phone", post(pages::deputies::work_phone))
        .route("/admin/deputyships/{id}/end", post(pages::deputies::end))
        .route("/admin/users", get(pages::users::list).post(pages::users::create))
        .route("/admin/users/{id}", get(pages::users::show).post(pages::users::update))
        .route("/admin/deputy-choices", get(pages::users::deputy_choices))
        .route("/admin/audit", get(pages::audit::list))
        .route("/notifications", get(pages::notifications::list).post(pages::notifications::mark_read))
        .route("/suggestions", get(pages::suggestions::list))
        .route("/suggestions/new", get(pages::suggestions::new_form).post(pages::suggestions::create))
        .route("/suggestions/stats", get(pages::suggestions::stats))
        .route("/suggestions/settings", get(pages::suggestions::settings_form).post(pages::suggestions::settings_save))
        .route("/suggestions/bulk-assign", post(pages::suggestions::bulk_assign))
        .route("/suggestions/bulk", post(pages::suggestion_bulk::bulk))
        .route("/suggestions/columns", post(pages::suggestion_bulk::save_columns))
        .route("/suggestions/export/{format}", get(pages::suggestions::export))
        .route("/suggestions/{id}", get(pages::suggestions::show))
        .route("/suggestions/{id}/act", post(pages::suggestions::act))
        .route("/suggestions/{id}/files/{hash}", get(pages::suggestions::file))
        .route("/portal", get(pages::portal::home))
        .route("/portal/k/{kind}", get(pages::portal::list))
        .route("/portal/docs/{id}", get(pages::portal::show))
        .route("/portal/docs/{id}/like", post(pages::portal::like))
        .route("/portal/docs/{id}/qr.svg", get(pages::portal::qr))
        .route("/portal/docs/{id}/files/{hash}", get(pages::portal::file))
        .route("/portal/feeds/{file}", get(pages::portal::feed))
        .route("/portal/search", get(pages::search::search))
        .route("/portal/deputies", get(pages::portal::deputies))
        .route("/portal/deputies/{person}", get(pages::archive::portal_deputy))
        .route("/portal/deputies/{person}/qr.svg", get(pages::archive::portal_deputy_qr))
        .route("/admin/documents", get(pages::documents::list).post(pages::documents::create))
        .route("/admin/documents/new", get(pages::documents::new_form))
        .route("/admin/documents/{id}", get(pages::documents::edit_form).post(pages::documents::update))
        .route("/admin/documents/{id}/publish", post(pages::documents::publish))
        .route("/admin/documents/{id}/files", post(pages::documents::attach))
        .route("/admin/documents/{id}/files/{hash}/delete", post(pages::documents::detach))
        .route("/stations", get(pages::liaison::opinions::station_list))
        .route("/stations/{id}", get(pages::liaison::opinions::station).post(pages::liaison::opinions::submit))
        .route("/stations/{id}/qr.svg", get(pages::liaison::opinions::station_qr))
        .route("/stations/{id}/manage", get(pages::liaison::stations::manage).post(pages::liaison::stations::act))
        .route("/portal/receptions", get(pages::liaison::stations::upcoming))
        .route("/portal/notices/{id}", get(pages::liaison::notices::public_file))
        .route("/portal/notices/{id}/pdf", get(pages::liaison::notices::public_pdf))
        .route("/opinions/receipt", get(pages::liaison::opinions::receipt).post(pages::liaison::opinions::rate))
        .route("/opinions", get(pages::liaison::opinions::list))
        .route("/opinions/{id}", get(pages::liaison::opinions::show).post(pages::liaison::opinions::act))
        .route("/activities", get(pages::activities::list).post(pages::activities::create))
        .route("/activities/new", get(pages::activities::new_form))
        .route("/activities/checkin", get(pages::activities::checkin))
        .route("/activities/{id}", get(pages::activities::show))
        .route("/activities/{id}/edit", get(pages::activities::edit_form).post(pages::activities::update))
        .route("/activities/{id}/act", post(pages::activities::act))
        .route("/activities/{id}/cancel", post(pages::activities::cancel))
        .route("/activities/{id}/joint", post(pages::activities::joint))
        .route("/activities/{id}/invite", post(pages::activities::invite))
        .route("/activities/{id}/report", post(pages::activities::report))
        .route("/activities/{id}/photos", post(pages::activities::photos))
        .route("/activities/{id}/photos/{hash}", get(pages::activities::photo))
        .route("/activities/{id}/qr", get(pages::activities::qr_page))
        .route("/activities/{id}/qr.svg", get(pages::activities::qr_svg))
        .route("/reports", get(pages::reports::list).post(pages::reports::create))
        .route("/reports/{id}", get(pages::reports::show).post(pages::reports::act))
        .route("/groups", get(pages::groups::list).post(pages::groups::configure))
        .route("/groups/{id}", get(pages::groups::show).post(pages::groups::act))
        .route("/oversight", get(pages::oversight::home))
        .route("/oversight/settings", post(pages::oversight::settings))
        .route("/oversight/overdue", get(pages::oversight::overdue))
        .route("/oversight/overdue/columns", post(pages::oversight::overdue_columns))
        .route("/oversight/overdue/export/{format}", get(pages::oversight::overdue_export))
        .route("/opinions/overdue", get(pages::liaison::opinions::overdue))
        .route("/opinions/overdue/columns", post(pages::liaison::opinions::overdue_columns))
        .route("/opinions/overdue/export/{format}", get(pages::liaison::opinions::overdue_export))
        .route("/oversight/plans", post(pages::oversight::create_plan))
        .route("/oversight/plans/{id}", get(pages::oversight::plan).post(pages::oversight::update_plan))
        .route("/oversight/plans/{id}/publish", post(pages::oversight::publish_plan))
        .route("/oversight/items", post(pages::oversight::create_item))
        .route("/oversight/items/{id}", get(pages::oversight::item).post(pages::oversight::update_item))
        .route("/oversight/items/{id}/publish", post(pages::oversight::publish_item))
        .route("/oversight/items/{id}/sign", post(pages::oversight::sign))
        .route("/oversight/items/{id}/reviews", post(pages::oversight::create_review))
        .route("/oversight/reviews/{id}", get(pages::oversight::review))
        .route("/oversight/reviews/{id}/act", post(pages::oversight::act))
        .route("/portal/oversight", get(pages::oversight::portal))
        .route("/meetings", get(pages::meetings::list).post(pages::meetings::create))
        .route("/meetings/members", get(pages::meetings::committee).post(pages::meetings::add_member))
        .route("/meetings/members/{id}/end", post(pages::meetings::end_member))
        .route("/meetings/settings", get(pages::meeting_settings::form).post(pages::meeting_settings::save))
        .route("/meetings/{id}", get(pages::meetings::show))
        .route("/meetings/{id}/notify", post(pages::meetings::notify))
        .route("/meetings/{id}/items", post(pages::meetings::add_item))
        .route("/meetings/{id}/leave", post(pages::meetings::leave))
        .route("/meetings/{id}/sign-in", post(pages::meetings::sign_in))
        .route("/meetings/leave/{id}/decide", post(pages::meetings::decide_leave))
        .route("/meetings/items/{id}/open", post(pages::meetings::open_vote))
        .route("/meetings/items/{id}/close", post(pages::meetings::close_vote))
        .route("/meetings/items/{id}/count", post(pages::meetings::count_vote))
        .route("/meetings/items/{id}/vote", post(pages::meetings::vote))
        .route("/meetings/{id}/appointment-notice", post(pages::personnel::issue_notice))
        .route("/personnel", get(pages::personnel::list).post(pages::personnel::file))
        .route("/personnel/posts", post(pages::personnel::add_post))
        .route("/personnel/register", get(pages::personnel::register))
        .route("/personnel/register.xlsx", get(pages::personnel::register_xlsx))
        .route("/personnel/{id}", get(pages::personnel::show))
        .route("/personnel/{id}/step", post(pages::personnel::step))
        .route("/personnel/{id}/files", post(pages::personnel::add_files))
        .route("/personnel/{id}/files/{hash}", get(pages::personnel::case_file))
        .route("/personnel/{id}/schedule", post(pages::personnel::schedule))
        .route("/personnel/{id}/statement", post(pages::personnel::statement))
        .route("/personnel/{id}/defence", post(pages::personnel::defence))
        .route("/personnel/{id}/exam", post(pages::personnel::exam))
        .route("/personnel/{id}/oath", post(pages::personnel::oath))
        .route(
            "/personnel/{id}/certificate",
            get(pages::personnel::certificate_file).post(pages::personnel::issue_certificate),
        )
        .route("/filings", get(pages::filing::list).post(pages::filing::file))
        .route("/filings/stats", get(pages::filing::stats))
        .route("/filings/report", get(pages::filing::annual_report).post(pages::filing::issue_annual_report))
        .route("/filings/report/preview", post(pages::filing::preview_annual_report))
        .route("/filings/overdue", get(pages::filing::overdue))
        .route("/filings/overdue/columns", post(pages::filing::overdue_columns))
        .route("/filings/overdue/export/{format}", get(pages::filing::overdue_export))
        .route("/filings/settings", get(pages::filing::settings).post(pages::filing::save_settings))
        .route("/filings/proposals", get(pages::filing::proposals))
        .route("/filings/proposals/{id}", get(pages::filing::proposal).post(pages::filing::act_on_proposal))
        .route("/filings/{id}", get(pages::filing::show))
        .route("/filings/{id}/step", post(pages::filing::step))
        .route("/filings/{id}/files/{hash}", get(pages::filing::file_download))
        .route("/portal/filings", get(pages::filing::portal))
        .route("/portal/review-proposal", get(pages::filing::proposal_form).post(pages::filing::submit_proposal))
        .route("/portal/review-proposal/{code}", get(pages::filing::receipt))
        .route("/portal/appointments", get(pages::personnel::portal))
        .route("/portal/appointments/{id}", get(pages::personnel::portal_notice))
        .route("/meetings/{id}/attendees", post(pages::meeting_minutes::add_attendee))
        .route("/meetings/attendees/{id}/remove", post(pages::meeting_minutes::remove_attendee))
        .route("/meetings/{id}/gallery", post(pages::meeting_minutes::gallery))
        .route("/meetings/{id}/visitors", post(pages::meeting_minutes::add_visitor))
        .route("/meetings/visitors/{id}/remove", post(pages::meeting_minutes::remove_visitor))
        .route("/meetings/{id}/speeches", post(pages::meeting_minutes::record_speech))
        .route("/meetings/speeches/{id}/act", post(pages::meeting_minutes::act))
        .route("/meetings/{id}/bulletins", post(pages::meeting_minutes::create_bulletin))
        .route("/meetings/bulletins/{id}", get(pages::meeting_minutes::show_bulletin))
        .route("/meetings/bulletins/{id}/publish", post(pages::meeting_minutes::publish_bulletin))
        .route("/meetings/bulletins/{id}/discard", post(pages::meeting_minutes::discard_bulletin))
        .route("/ballots", get(pages::ballots::list).post(pages::ballots::create))
        .route("/ballots/{id}", get(pages::ballots::show))
        .route("/ballots/{id}/open", post(pages::ballots::open))
        .route("/ballots/{id}/close", post(pages::ballots::close))
        .route("/ballots/{id}/remind", post(pages::ballots::remind))
        .route("/ballots/{id}/vote", post(pages::ballots::vote))
        .route("/legislation", get(pages::legislation::list).post(pages::legislation::open))
        .route("/legislation/points", post(pages::legislation::point))
        .route("/legislation/{id}", get(pages::legislation::show))
        .route("/legislation/{id}/versions", post(pages::legislation::add_version))
        .route("/legislation/{id}/comments", post(pages::legislation::enter_comment))
        .route("/legislation/{id}/groups", post(pages::legislation::group))
        .route("/legislation/{id}/answer", post(pages::legislation::answer))
        .route("/legislation/{id}/report", post(pages::legislation::publish))
        .route("/portal/drafts", get(pages::legislation::portal::list))
        .route("/portal/drafts/receipt", get(pages::legislation::portal::receipt))
        .route("/portal/drafts/{id}", get(pages::legislation::portal::show).post(pages::legislation::portal::comment))
        .route("/portal/drafts/{id}/report", get(pages::legislation::portal::report))
        .route("/major-matters", get(pages::major_matters::register).post(pages::major_matters::create))
        .route("/major-matters/grants", post(pages::major_matters::grant))
        .route("/major-matters/{id}", get(pages::major_matters::show))
        .route("/major-matters/{id}/act", post(pages::major_matters::act))
        .route("/major-matters/{id}/files/{hash}", get(pages::major_matters::file))
        .route("/official", get(pages::official::register))
        .route("/official/templates", get(pages::official::templates).post(pages::official::save_template))
        .route("/official/templates/specimen", post(pages::official::specimen))
        .route("/official/new/{kind}", get(pages::official::batch).post(pages::official::issue))
        .route("/official/new/{kind}/preview", post(pages::official::preview))
        .route("/official/report", get(pages::official::report::page).post(pages::official::report::issue))
        .route("/official/report/preview", post(pages::official::report::preview))
        .route("/official/review/{id}", post(pages::official::issue_review))
        .route("/official/review/{id}/preview", post(pages::official::review_preview))
        .route("/official/reception/{id}", post(pages::liaison::notices::issue))
        .route("/official/reception/{id}/preview", get(pages::liaison::notices::preview))
        .route("/official/{id}/file", get(pages::official::file))
        .route("/official/{id}/pdf", get(pages::official::pdf))
        .route("/official/{id}/void", post(pages::official::void))
        .route("/replies", get(pages::public::list))
        .route("/replies/{id}", get(pages::public::show))
        .route("/archive", get(pages::archive::index))
        .route("/archive/pending", get(pages::archive::pending))
        .route("/archive/settings", get(pages::archive::settings).post(pages::archive::settings_save))
        .route("/archive/items/{id}/review", post(pages::archive::review))
        .route("/archive/items/{id}/files/{hash}", get(pages::archive::file))
        .route("/archive/{person}", get(pages::archive::show))
        .route("/archive/{person}/declare", post(pages::archive::declare))
        .route("/archive/{person}/print", get(pages::archive::print))
        .route("/archive/{person}/{file}", get(pages::archive::export))
        .route("/rules", get(pages::archive::rules::show))
        .route("/rules/install", post(pages::archive::rules::install))
        .route("/rules/publish", post(pages::archive::rules::publish))
        .route("/rules/edit", post(pages::archive::rules::edit))
        .route("/rules/recompute", post(pages::archive::rules::recompute))
        .route("/rankings", get(pages::archive::rankings::show))
        .route("/rankings/export.xlsx", get(pages::archive::rankings::export))
        .route("/admin/site", post(pages::orgs::site_name))
        .route("/healthz", get(pages::home::healthz))
        .route("/assets/{file}", get(assets::serve));
    let api = api::routes();
    let app = Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .fallback(pages::home::not_found)
        .method_not_allowed_fallback(pages::home::method_not_allowed)
        // Errors get their body by route (JSON under /api/, a page elsewhere): here, so that a
        // kept answer (`repeat`) is the whole answer, and again outside the layers below for
        // their own refusals.
        .layer(axum::middleware::from_fn(error::shape))
        // The session layer bounds every body by its kind (`auth::FORM_LIMIT`, `UPLOAD_LIMIT`);
        // axum's own 2 MB default would refuse a 5 MB attachment in English.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(from_fn_with_state(state.clone(), auth::session_layer))
        // Before the session layer: what an anonymous reader is served is kept for `public::fast`.
        .layer(from_fn_with_state(state.clone(), public::layer))
        .layer(axum::middleware::from_fn(error::shape))
        .layer(TraceLayer::new_for_http());
    let app = SECURITY_HEADERS
        .into_iter()
        .fold(app, |app, (name, value)| {
            app.layer(tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                name,
                axum::http::HeaderValue::from_static(value),
            ))
        })
        .with_state(state.clone());
    // A refused form is shown again on its page as it was typed (`echo` reads the pages, so
    // they are compressed after it); before all of it, a kept anonymous page is answered from
    // memory, already compressed.
    Router::new()
        .fallback_service(echo::Echo::new(app))
        // What is not kept precompressed is compressed as it goes (not files already packed).
        .layer(
            tower_http::compression::CompressionLayer::new().compress_when(
                tower_http::compression::DefaultPredicate::new()
                    .and(tower_http::compression::predicate::NotForContentType::const_new("application/vnd"))
                    .and(tower_http::compression::predicate::NotForContentType::const_new("application/zip"))
                    .and(tower_http::compression::predicate::NotForContentType::const_new("application/pdf")),
            ),
        )
        .layer(from_fn_with_state(state, public::fast))
}

/// The headers every answer carries, the kept pages of `public::fast` included.
pub(crate) const SECURITY_HEADERS: [(axum::http::HeaderName, &str); 4] = [
    (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    // Everything comes from this server: no CDN, no inline scripts or styles. A script that
    // slipped past the templates' escaping would still not run.
    (
        axum::http::header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
    ),
    // Addresses of this site (ids, search words, receipt codes) do not leave it.
    (axum::http::header::REFERRER_POLICY, "same-origin"),
    (axum::http::header::X_FRAME_OPTIONS, "SAMEORIGIN"),
];

/// Serves `router` on `listener` until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
