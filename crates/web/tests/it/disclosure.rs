//! What a published suggestion discloses, driven over real HTTP as each role: once the lead
//! deputy agrees to publish a reply, everyone reads the public reply at `/replies/{id}`, and
//! only the suggestion's parties (its signers, the staff of its congress and those above, its
//! units, the admin) open the handling record — its contacts, 会办 opinions, ratings, signers,
//! documents and history — on the page, through the API, in lists and from search.

use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_core::suggestion::{Command, ReplyClass, Satisfaction};
use renda_store::files::Upload;
use renda_store::people::NewDeputyship;
use renda_store::suggestions::{ContactWay, Extra, NewSuggestion, Period};
use renda_testkit::http::{TestApp, client};
use renda_testkit::{TestStore, as_deputy, deputy_with, on_each_store, org, person, seat, staff, unit, user};
use renda_web::indexer::Indexer;
use reqwest::StatusCode;
use std::sync::Arc;

const TODAY: jiff::civil::Date = jiff::civil::date(2025, 3, 10);

const TITLE: &str = "关于东湖小学门前增设护学岗的建议";
/// The reply, which the public reads.
const REPLY: &str = "护学岗已于三月设立，斑马线将于下月施划完成，请代表继续监督。";
/// Everything below belongs to the handling record only.
const CONTACT: &str = "面谈核实青鸾路口早高峰车流数据";
const VIEW: &str = "建议同步调整白鹭巷公交站位以分流车辆";
const RATING: &str = "夜间照明仍待紫藤巷改造后落实";
const REPLY_SIGNER: &str = "孔令舟";
const COSIGNER: &str = "欧阳澜";
const DOCUMENT: &str = "青鸾答复函.pdf";
/// The timeline's heading on the suggestion page.
const TIMELINE: &str = "办理记录";
const SECRETS: [&str; 7] = [CONTACT, VIEW, RATING, REPLY_SIGNER, COSIGNER, DOCUMENT, TIMELINE];

struct App {
    app: TestApp,
    indexer: Arc<Indexer>,
    east: OrgId,
    education: OrgId,
    transport: OrgId,
    lead: PersonId,
    cosigner: PersonId,
}

impl std::ops::Deref for App {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.app
    }
}

/// A deputy of the 19th term (the tests' own seat).
async fn deputy(s: &renda_store::Store, name: &str, congress: OrgId) -> PersonId {
    deputy_with(s, person(name), NewDeputyship { term: Term(19), ..seat(congress) }).await
}

/// A city with two districts; in the east, the units and deputies of one suggestion and others
/// who have nothing to do with it; one account for each, served on port 0 with a search index.
async fn spawn(db: TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let unit = OrgKind::Unit(UnitKind::GovernmentDepartment);
    let education = org(&s, "东城区教育局", unit, Some(east)).await;
    let transport = org(&s, "东城区交通运输局", unit, Some(east)).await;
    let health = org(&s, "东城区卫生健康局", unit, Some(east)).await;
    let lead = deputy(&s, "李东", east).await;
    let cosigner = deputy(&s, COSIGNER, east).await;
    let outsider = deputy(&s, "赵外", east).await;
    user(&s, "admin", Role::Admin).await;
    user(&s, "staff.city", Role::Staff { congress: city }).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "staff.west", Role::Staff { congress: west }).await;
    user(&s, "deputy.lead", Role::Deputy { person: lead }).await;
    user(&s, "deputy.cosigner", Role::Deputy { person: cosigner }).await;
    user(&s, "deputy.outsider", Role::Deputy { person: outsider }).await;
    user(&s, "unit.education", Role::Unit { unit: education }).await;
    user(&s, "unit.transport", Role::Unit { unit: transport }).await;
    user(&s, "unit.health", Role::Unit { unit: health }).await;
    user(&s, "citizen", Role::Public).await;

    let indexer = Arc::new(Indexer::in_memory().expect("index"));
    s.clock().set_on(TODAY);
    let config = renda_web::Config::default();
    let state = renda_web::AppState::new(s.clone(), config).with_search(indexer.clone());
    let app = TestApp::with_state(db, state).await;
    App { app, indexer, east, education, transport, lead, cosigner }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

impl App {
    /// A suggestion with co-signer, contact, 会办 opinion, a reply with its document and
    /// signer, and the lead's rating, whose reply the lead agreed to publish. Returns its id
    /// and the document's hash.
    async fn published_suggestion(&self) -> (i64, String) {
        let s = &self.store;
        let new = NewSuggestion {
            congress: self.east,
            title: TITLE.into(),
            body: "东湖小学门前上下学时段车辆混行，建议增设护学岗并施划斑马线。".into(),
            period: Period::Recess,
            from_motion: false,
            cosigners: vec![self.cosigner],
        };
        let lead = as_deputy(self.lead);
        let id = s.create_suggestion(&lead, self.lead, new, TODAY).await.expect("draft");
        let staff = staff(self.east);
        let main = unit(self.education);
        let steps = [
            (lead, Command::Submit, Extra::None),
            (as_deputy(self.cosigner), Command::ConfirmCosign, Extra::None),
            (staff, Command::Register, Extra::None),
            (
                staff,
                Command::Assign { on: jiff::civil::date(2025, 3, 3), complex: false },
                Extra::Assign { main: vec![self.education], assisting: vec![self.transport] },
            ),
            (
                main,
                Command::RecordContact,
                Extra::Contact { on: TODAY, way: ContactWay::Meeting, summary: CONTACT.into() },
            ),
            (unit(self.transport), Command::SubmitView, Extra::View { text: VIEW.into() }),
        ];
        // Registered on the day it was assigned, handled since.
        for (i, (who, cmd, extra)) in steps.into_iter().enumerate() {
            s.clock().set_on(if i < 3 { jiff::civil::date(2025, 3, 3) } else { TODAY });
            s.act(&who, id, &cmd, &extra, TODAY).await.unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        }
        let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
        let reply = Extra::Reply { body: REPLY.into(), signer: REPLY_SIGNER.into(), on: TODAY };
        let files = [Upload { filename: DOCUMENT.into(), bytes: pdf }];
        s.act_with_files(&main, id, &Command::Reply { class: ReplyClass::B }, &reply, TODAY, &files)
            .await
            .expect("reply");
        let rate = Command::Rate {
            attitude: Satisfaction::Satisfied,
            result: Satisfaction::Unsatisfied,
            reason: RATING.into(),
        };
        s.act(&lead, id, &rate, &Extra::None, TODAY).await.expect("rate");
        s.act(&lead, id, &Command::PublishReply { publish: true }, &Extra::None, TODAY).await.expect("publish");
        self.indexer.catch_up(s).await.expect("index");
        let d = s.suggestion(&renda_store::Actor::system(), id).await.expect("detail");
        assert!(d.is_public(), "the reply is published");
        (id.0, d.replies[0].files[0].0.clone())
    }
}

/// Roles that have nothing to do with the suggestion: the public, a deputy who did not sign
/// it, a unit it was not assigned to, the staff of another congress.
const OUTSIDERS: [&str; 4] = ["citizen", "deputy.outsider", "unit.health", "staff.west"];
/// Its parties.
const PARTIES: [&str; 7] =
    ["deputy.lead", "deputy.cosigner", "staff.east", "staff.city", "unit.education", "unit.transport", "admin"];

fn assert_discloses_nothing(who: &str, what: &str, body: &str) {
    for secret in SECRETS {
        assert!(!body.contains(secret), "{who}: {what} discloses “{secret}”");
    }
}

#[tokio::test]
async fn an_outsider_opening_a_published_suggestion_is_sent_to_its_public_reply() {
    for app in apps().await {
        let (id, _) = app.published_suggestion().await;
        for who in OUTSIDERS {
            let (c, _) = app.login(who).await;
            let (status, to) = app.location(&c, &format!("/suggestions/{id}")).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{who} is redirected");
            assert_eq!(to, format!("/replies/{id}"), "{who} is sent to the public reply");
            let (status, page) = app.get(&c, &to).await;
            assert_eq!(status, StatusCode::OK, "{who} reads the public reply");
            assert!(page.contains(TITLE) && page.contains(REPLY), "{who}: the reply is there");
            assert_discloses_nothing(who, "the public reply", &page);
        }
        // An anonymous reader logs in for the record, and needs no login for the reply.
        let anon = client();
        let (status, to) = app.location(&anon, &format!("/suggestions/{id}")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(to.starts_with("/login?next="), "{to}");
        let (status, page) = app.get(&anon, &format!("/replies/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(REPLY));
        assert_discloses_nothing("anonymous", "the public reply", &page);
    }
}

#[tokio::test]
async fn the_api_does_not_give_an_outsider_a_published_suggestions_handling_record() {
    for app in apps().await {
        let (id, _) = app.published_suggestion().await;
        for who in OUTSIDERS {
            let (c, _) = app.login(who).await;
            let r = c.get(app.url(&format!("/api/v1/suggestions/{id}"))).send().await.expect("api");
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who}");
            let body = r.text().await.expect("body");
            assert_discloses_nothing(who, "the API", &body);
            assert!(!body.contains(REPLY), "{who}: the record is not given at all");
            let error: serde_json::Value = serde_json::from_str(&body).expect("json error");
            assert_eq!(error["error"]["code"], "not_found", "{who}: {body}");
            assert!(
                error["error"]["message"].as_str().unwrap_or_default().contains(&format!("/replies/{id}")),
                "{who}: the message points to the public reply: {body}"
            );
        }
    }
}

#[tokio::test]
async fn an_outsider_neither_lists_nor_downloads_nor_acts_on_a_published_suggestion() {
    for app in apps().await {
        let (id, hash) = app.published_suggestion().await;
        for who in OUTSIDERS {
            let (c, csrf) = app.login(who).await;
            let (status, list) = app.get(&c, "/suggestions").await;
            assert!(!list.contains(TITLE), "{who}: the list holds no foreign suggestion ({status})");
            let r = c.get(app.url("/api/v1/suggestions")).send().await.expect("api list");
            let status = r.status();
            let list = r.text().await.expect("body");
            assert!(!list.contains(TITLE), "{who}: the API list holds no foreign suggestion ({status})");
            let (status, body) = app.get(&c, &format!("/suggestions/{id}/files/{hash}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: the reply's document is not public");
            assert!(!body.starts_with("%PDF"));
            let rate = [
                ("_csrf", csrf.as_str()),
                ("command", "rate"),
                ("attitude", "satisfied"),
                ("result", "satisfied"),
                ("reason", ""),
            ];
            let r = c.post(app.url(&format!("/suggestions/{id}/act"))).form(&rate).send().await.expect("act");
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{who} gives no command");
            assert_discloses_nothing(who, "a refused action", &r.text().await.expect("body"));
        }
        let (citizen, _) = app.login("citizen").await;
        assert_eq!(app.get(&citizen, "/suggestions").await.0, StatusCode::FORBIDDEN);
        let r = citizen.get(app.url("/api/v1/suggestions")).send().await.expect("api list");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn search_links_an_outsider_to_the_public_reply_and_a_party_to_the_record() {
    for app in apps().await {
        let (id, _) = app.published_suggestion().await;
        let record = format!("href=\"/suggestions/{id}\"");
        let reply = format!("href=\"/replies/{id}\"");
        let anon = client();
        let (_, page) = app.get(&anon, "/portal/search?q=护学岗").await;
        assert!(page.contains(&reply) && !page.contains(&record), "anonymous");
        for who in OUTSIDERS {
            let (c, _) = app.login(who).await;
            let (_, page) = app.get(&c, "/portal/search?q=护学岗").await;
            assert!(page.contains(&reply), "{who}: the hit links to the public reply");
            assert!(!page.contains(&record), "{who}: the hit does not link to the record");
            assert_discloses_nothing(who, "search", &page);
            let hits: serde_json::Value =
                c.get(app.url("/api/v1/search?q=护学岗")).send().await.expect("api").json().await.expect("json");
            assert_eq!(hits["hits"][0]["href"], format!("/replies/{id}"), "{who}: {hits}");
        }
        for who in PARTIES {
            let (c, _) = app.login(who).await;
            let (_, page) = app.get(&c, "/portal/search?q=护学岗").await;
            assert!(page.contains(&record), "{who}: the hit links to the record");
        }
    }
}

#[tokio::test]
async fn the_parties_of_a_published_suggestion_still_see_its_whole_handling_record() {
    for app in apps().await {
        let (id, hash) = app.published_suggestion().await;
        for who in PARTIES {
            let (c, _) = app.login(who).await;
            let (status, page) = app.get(&c, &format!("/suggestions/{id}")).await;
            assert_eq!(status, StatusCode::OK, "{who} opens the record");
            for secret in SECRETS {
                assert!(page.contains(secret), "{who}: the record shows “{secret}”");
            }
            let r = c.get(app.url(&format!("/api/v1/suggestions/{id}"))).send().await.expect("api");
            assert_eq!(r.status(), StatusCode::OK, "{who} reads the record through the API");
            let d: serde_json::Value = r.json().await.expect("json");
            assert!(d["signers"].as_array().is_some_and(|s| s.iter().any(|g| g == COSIGNER)), "{who}: {d}");
            assert_eq!(d["replies"][0]["signer"], REPLY_SIGNER, "{who}");
            let r = c.get(app.url(&format!("/suggestions/{id}/files/{hash}"))).send().await.expect("file");
            assert_eq!(r.status(), StatusCode::OK, "{who} downloads the reply's document");
            assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF"));
        }
        for who in PARTIES {
            let (c, _) = app.login(who).await;
            let (_, list) = app.get(&c, "/suggestions").await;
            assert!(list.contains(TITLE), "{who} lists it");
        }
    }
}
