//! 履职活动 over real HTTP (SQLite, and PostgreSQL when `RENDA_TEST_PG_URL` is set): forbidden
//! and invalid input answers 4xx with a Chinese message and stores nothing; the check-in link
//! sends a stranger to the login first, refuses expired and altered tokens, and checks a
//! deputy in.

use renda_core::archive::activity::{ActivityKind, Attendance};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_store::activities::{ActivityId, NewActivity};
use renda_store::people::NewDeputyship;
use renda_testkit::http::{TestApp, client};
use renda_testkit::{TestStore, audit_count, deputy_with, has_chinese, on_each_store, org, person, seat, staff, user};
use reqwest::StatusCode;

struct App {
    app: TestApp,
    east: OrgId,
    deputy: PersonId,
    deputy2: PersonId,
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

async fn spawn(db: TestStore) -> App {
    let s = db.store.clone();
    let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(&s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let d = deputy(&s, "李东", east).await;
    let w = deputy(&s, "王西", west).await;
    let d2 = deputy(&s, "马东", east).await;
    user(&s, "staff.east", Role::Staff { congress: east }).await;
    user(&s, "staff.west", Role::Staff { congress: west }).await;
    user(&s, "deputy.east", Role::Deputy { person: d }).await;
    user(&s, "deputy.west", Role::Deputy { person: w }).await;
    user(&s, "deputy.east2", Role::Deputy { person: d2 }).await;
    App { app: TestApp::new(db).await, east, deputy: d, deputy2: d2 }
}

impl App {
    /// An inspection of 东城区 underway now, with 李东 invited.
    async fn underway(&self) -> ActivityId {
        let now = self.store.clock().beijing();
        let new = NewActivity {
            kind: ActivityKind::Inspection,
            title: "视察老旧小区改造".into(),
            place: "东湖街道".into(),
            organiser: "区人大常委会办公室".into(),
            starts_at: now - jiff::Span::new().hours(1),
            ends_at: now + jiff::Span::new().hours(2),
            description: String::new(),
            station: None,
            mediation: None,
        };
        let id = self.store.create_activity(&staff(self.east), self.east, &new).await.expect("create");
        self.store.invite(&staff(self.east), id, &[self.deputy]).await.expect("invite");
        id
    }

    async fn audit_count(&self) -> i64 {
        audit_count(&self.store).await
    }
}

async fn apps() -> Vec<App> {
    on_each_store(spawn).await
}

#[tokio::test]
async fn forbidden_and_invalid_input_gets_a_4xx_with_a_chinese_message_and_stores_nothing() {
    for app in apps().await {
        let id = app.underway().await;
        let act = format!("/activities/{}/act", id.0);
        let person = app.deputy.0.to_string();
        let n = app.audit_count().await;

        let (dc, dcsrf) = app.login("deputy.east").await;
        let (status, body) =
            app.post(&dc, "/activities", &[("_csrf", &dcsrf), ("kind", "inspection"), ("title", "x")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a deputy does not create activities");
        assert!(body.contains("只有人大工作人员可以组织履职活动"), "{body}");
        let (status, body) = app.post(&dc, &act, &[("_csrf", &dcsrf), ("command", "check_in")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a deputy checks in only by scanning");
        assert!(body.contains("签到二维码"), "{body}");
        let (status, body) = app.post(&dc, &act, &[("_csrf", &dcsrf), ("command", "sign_up")]).await;
        assert_eq!(status, StatusCode::CONFLICT, "too late to sign up");
        assert!(body.contains("活动已开始，不能再报名"), "{body}");
        let (status, _) = app.get(&dc, &format!("/activities/{}/qr", id.0)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only the organiser shows the code");

        let (sc, scsrf) = app.login("staff.east").await;
        let form = [
            ("_csrf", scsrf.as_str()),
            ("kind", "inspection"),
            ("title", "调研"),
            ("place", "区政府"),
            ("organiser", "区人大常委会办公室"),
            ("starts_at", "2026-03-05T09:00"),
            ("ends_at", "2026-03-05T08:00"),
        ];
        let (status, body) = app.post(&sc, "/activities", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("结束时间不能早于开始时间") && body.contains("区人大常委会办公室"), "form kept: {body}");
        assert!(
            body.contains("aria-invalid=\"true\"><span class=\"field-error\" role=\"alert\">结束时间不能早于开始时间"),
            "the reason is beside the end time, which takes the focus: {body}"
        );
        let mut bad_time = form;
        bad_time[5] = ("starts_at", "三月五日");
        let (status, body) = app.post(&sc, "/activities", &bad_time).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请填写开始时间"), "{body}");
        let (status, body) = app.post(&sc, &act, &[("_csrf", &scsrf), ("command", "fly"), ("person", &person)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("未知的操作"), "{body}");
        let (status, body) =
            app.post(&sc, &act, &[("_csrf", &scsrf), ("command", "mark_absent"), ("person", &person)]).await;
        assert_eq!(status, StatusCode::CONFLICT, "not over yet");
        assert!(body.contains("活动结束后才能记为缺席"), "{body}");
        let (status, body) =
            app.post(&sc, &format!("/activities/{}/invite", id.0), &[("_csrf", &scsrf), ("names", "无此人")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("没有找到在任代表“无此人”"), "{body}");
        let invite = format!("/activities/{}/invite", id.0);
        let (status, body) = app.post(&sc, &invite, &[("_csrf", &scsrf), ("persons", "999999")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("不是本活动举办人大在活动当天在任的代表"), "{body}");
        let (status, body) = app.post(&sc, &invite, &[("_csrf", &scsrf), ("persons", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("请从列表中选择要邀请的代表"), "{body}");

        let (wc, wcsrf) = app.login("staff.west").await;
        let (status, body) =
            app.post(&wc, &act, &[("_csrf", &wcsrf), ("command", "check_in"), ("person", &person)]).await;
        assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{status}");
        assert!(has_chinese(&body));
        let (status, _) = app.get(&wc, &format!("/activities/{}", id.0)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another county does not see it");

        assert_eq!(app.audit_count().await, n, "nothing was stored");
        // Deputies are invited by picking them from a list searchable by pinyin.
        let (_, page) = app.get(&sc, &format!("/activities/{}", id.0)).await;
        let list = page.split("<select name=\"persons\" multiple size=\"8\" data-picker>").nth(1).expect("the list");
        let list = &list[..list.find("</select>").expect("its end")];
        let first = list.split("<option value=\"").nth(1).and_then(|o| o.split('"').next()).expect("someone to invite");
        assert!(list.contains("data-keys=\""), "{list}");
        let before = page.matches("class=\"roll-line").count();
        let (status, _) = app.post(&sc, &invite, &[("_csrf", &scsrf), ("persons", first)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&sc, &format!("/activities/{}", id.0)).await;
        let list = page.split("<select name=\"persons\"").nth(1).unwrap_or_default();
        assert!(
            !list[..list.find("</select>").unwrap_or(list.len())].contains(&format!("<option value=\"{first}\"")),
            "an invited deputy leaves the list"
        );
        assert_eq!(page.matches("class=\"roll-line").count(), before + 1, "and joins the roll");
        // The organiser's own tick works.
        let (status, _) = app.post(&sc, &act, &[("_csrf", &scsrf), ("command", "check_in"), ("person", &person)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = app.get(&sc, &format!("/activities/{}", id.0)).await;
        assert!(page.contains("已签到") && page.contains("名单"), "{page}");
    }
}

#[tokio::test]
async fn the_check_in_link_asks_for_login_refuses_bad_tokens_and_checks_a_deputy_in() {
    for app in apps().await {
        let id = app.underway().await;
        let (sc, _) = app.login("staff.east").await;
        let (status, qr) = app.get(&sc, &format!("/activities/{}/qr", id.0)).await;
        assert_eq!(status, StatusCode::OK);
        let at = qr.find("data-link=\"").expect("link on the page") + "data-link=\"".len();
        let link = qr[at..].split('"').next().expect("link").replace("&amp;", "&");
        let path = link.strip_prefix(&app.base).expect("same server").to_owned();
        let token = path.split("t=").nth(1).expect("token").to_owned();
        let (status, svg) = app.get(&sc, &format!("/activities/{}/qr.svg?t={token}", id.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(svg.contains("<svg"));

        // A stranger goes to the login first and comes back.
        let r = client().get(app.url(&path)).send().await.expect("get");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let to = r.headers()["location"].to_str().expect("location").to_owned();
        assert!(to.starts_with("/login?next=/activities/checkin%3Ft%3D"), "{to}");

        let (dc, _) = app.login("deputy.east").await;
        let expiry: i64 = token.split('.').nth(1).expect("expiry").parse().expect("number");
        let secret = app.store.checkin_secret().await.expect("secret");
        let expired = renda_core::archive::checkin::sign(&secret, id.0, expiry - 600);
        let (status, body) = app.get(&dc, &format!("/activities/checkin?t={expired}")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body.contains("签到二维码已过期") && body.contains("checkin_token_expired"), "{body}");
        let altered = token.replacen(&format!("{}.{expiry}", id.0), &format!("{}.{}", id.0, expiry + 3600), 1);
        let (status, body) = app.get(&dc, &format!("/activities/checkin?t={altered}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("签到二维码无效") && body.contains("checkin_token_invalid"), "{body}");
        let (dw, _) = app.login("deputy.west").await;
        let (status, body) = app.get(&dw, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a deputy of another county");
        assert!(body.contains("不是本活动举办人大的在任代表"), "{body}");
        let roll = app.store.activity_roll(&renda_store::Actor::system(), id).await.expect("roll");
        assert_eq!(roll.len(), 1);
        assert_eq!(roll[0].attendance, Attendance::Invited, "refusals stored nothing");

        let (status, body) = app.get(&dc, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("签到成功") && body.contains("视察老旧小区改造"), "{body}");
        assert_eq!(
            app.store.activity_roll(&renda_store::Actor::system(), id).await.expect("roll")[0].attendance,
            Attendance::CheckedIn
        );
        let (_, page) = app.get(&sc, &format!("/activities/{}", id.0)).await;
        assert!(page.contains("已签到") && page.contains("扫码"), "{page}");
    }
}

#[tokio::test]
async fn a_leave_reason_is_shown_to_the_organiser_and_the_deputy_but_not_to_other_deputies() {
    for app in apps().await {
        let now = app.store.clock().beijing();
        let new = NewActivity {
            kind: ActivityKind::Survey,
            title: "调研农村养老".into(),
            place: "东湖镇".into(),
            organiser: "区人大常委会办公室".into(),
            starts_at: now + jiff::Span::new().days(2),
            ends_at: now + jiff::Span::new().days(2).hours(3),
            description: String::new(),
            station: None,
            mediation: None,
        };
        let staff = staff(app.east);
        let id = app.store.create_activity(&staff, app.east, &new).await.expect("create");
        app.store.invite(&staff, id, &[app.deputy, app.deputy2]).await.expect("invite");
        let page = format!("/activities/{}", id.0);

        let (c2, csrf2) = app.login("deputy.east2").await;
        let leave = [("_csrf", csrf2.as_str()), ("command", "request_leave"), ("reason", "家中老人住院")];
        let (status, _) = app.post(&c2, &format!("{page}/act"), &leave).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, own) = app.get(&c2, &page).await;
        assert!(own.contains("家中老人住院") && own.contains("请假待批"), "{own}");

        let (c1, _) = app.login("deputy.east").await;
        let (status, other) = app.get(&c1, &page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(other.contains("请假待批") && !other.contains("家中老人住院"), "{other}");
        let (sc, _) = app.login("staff.east").await;
        let (_, organiser) = app.get(&sc, &page).await;
        assert!(organiser.contains("家中老人住院") && organiser.contains("批准请假"), "{organiser}");
    }
}
