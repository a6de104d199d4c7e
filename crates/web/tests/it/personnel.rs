//! Personnel cases on their pages: the clerk registers a post and a case with its 呈报表 (a
//! multipart form), is refused acceptance until the 考察材料 is supplied, records the exam and
//! puts it on the agenda; on the meeting day members vote on their phones, the appointment passes
//! with a majority of all members; the clerk records the oath, issues the 任命书 and the meeting's
//! 任免公告, which the portal then lists for anyone. A case filed too late comes back refused
//! with what was typed, and nothing changes.

use renda_core::meeting::MemberRole;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::meetings::{NewMeeting, NewMembership};
use renda_testkit::http::{TestApp, field_of};
use renda_testkit::{TEST_DAY, count, deputy, org, staff, testing, user};
use reqwest::StatusCode;

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    csrf: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = app.get(c, page).await;
    let token = field_of(&html, "_form");
    let mut all = vec![("_csrf", csrf), ("_form", token.as_str())];
    all.extend_from_slice(fields);
    let r = c.post(app.url(action)).header("referer", app.url(page)).form(&all).send().await.expect("answered");
    let status = r.status();
    let to = r.headers().get("location").map(|l| l.to_str().expect("ascii").to_string()).unwrap_or_default();
    (status, to, r.text().await.expect("a body"))
}

fn pdf(name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes()).file_name(name.to_owned())
}

#[tokio::test]
async fn an_appointment_is_filed_voted_sworn_and_announced_on_the_pages() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        sqlx::query("UPDATE organisations SET term = 18 WHERE id = $1")
            .bind(city.0)
            .execute(s.writer())
            .await
            .expect("the term");
        let bureau = org(&s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        let mut logins = Vec::new();
        for i in 0..9 {
            let p = deputy(&s, &format!("委员{i}"), city).await;
            let role = if i == 0 { MemberRole::Director } else { MemberRole::Member };
            let new = NewMembership { person: p, role, from: jiff::civil::date(2026, 1, 1), until: None };
            s.add_membership(&staff(city), city, &new).await.expect("member");
            user(&s, &format!("member{i}"), Role::Deputy { person: p }).await;
            logins.push(format!("member{i}"));
        }
        let day = TEST_DAY.checked_add(jiff::ToSpan::days(11)).expect("a day");
        let new = NewMeeting {
            kind: renda_core::meeting::MeetingKind::StandingCommittee,
            number: Some(30),
            title: "示范市第十八届人民代表大会常务委员会第三十次会议".into(),
            held_on: day,
            place: "常委会议室".into(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("the meeting");
        let mut tpl = s.certificate_template(&staff(city), city).await.expect("template");
        tpl.signer = "陈志远".into();
        s.save_certificate_template(&staff(city), city, tpl).await.expect("signer");
        let kind = renda_core::official::Kind::AppointmentNotice;
        let mut notice_tpl = s.official_template(&staff(city), city, kind).await.expect("template");
        notice_tpl.signatory = "陈志远".into();
        s.save_official_template(&staff(city), city, kind, notice_tpl).await.expect("signatory");
        let app = TestApp::new(t).await;
        let (clerk, csrf) = app.login("staff.city").await;

        let (status, _, body) = post(
            &app,
            &clerk,
            &csrf,
            "/personnel",
            "/personnel/posts",
            &[("title", "示范市教育局局长"), ("organ", &bureau.0.to_string())],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let post_id: i64 = sqlx::query_scalar("SELECT id FROM posts").fetch_one(s.pool()).await.expect("the post");

        // The case with its 呈报表 only.
        let filing = |csrf: &str, name: &str, filed_on: &str| {
            reqwest::multipart::Form::new()
                .text("_csrf", csrf.to_owned())
                .text("meeting", meeting.0.to_string())
                .text("action", "appoint")
                .text("proposer", "government")
                .text("name", name.to_owned())
                .text("post", post_id.to_string())
                .text("filed_on", filed_on.to_owned())
                .part("form", pdf("任免呈报表.pdf"))
        };
        let r = clerk
            .post(app.url("/personnel"))
            .multipart(filing(&csrf, "张三", &TEST_DAY.to_string()))
            .send()
            .await
            .expect("filed");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let case = r.headers()["location"].to_str().expect("ascii").split('?').next().expect("path").to_owned();
        let (_, page) = app.get(&clerk, &case).await;
        assert!(page.contains("关于任命张三为示范市教育局局长的议案") && page.contains("尚缺：考察材料"), "{page}");
        let (status, _, body) = post(&app, &clerk, &csrf, &case, &format!("{case}/step"), &[("step", "accept")]).await;
        assert!(status.is_client_error() && body.contains("缺少：考察材料"), "{status}: {body}");

        let more = reqwest::multipart::Form::new().text("_csrf", csrf.clone()).part("assessment", pdf("考察材料.pdf"));
        let r = clerk.post(app.url(&format!("{case}/files"))).multipart(more).send().await.expect("supplied");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        for (action, fields) in [
            ("step", vec![("step", "accept")]),
            ("exam", vec![("sat_on", "2026-03-10"), ("score", "88"), ("passed", "yes")]),
            ("schedule", vec![]),
            ("statement", vec![("mode", "in_person"), ("statement", "如获任命，将依法履职，接受监督。")]),
        ] {
            let (status, _, body) = post(&app, &clerk, &csrf, &case, &format!("{case}/{action}"), &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {body}");
        }
        let (_, page) = app.get(&clerk, &case).await;
        assert!(page.contains("已列入议程") && page.contains("已合格") && page.contains("依法履职"), "{page}");

        // The meeting day: six sign in on their phones, five vote yes — of nine, it passes.
        s.clock().set_on(day);
        let (clerk, csrf) = app.login("staff.city").await;
        let meeting_page = format!("/meetings/{}", meeting.0);
        let item: i64 =
            sqlx::query_scalar("SELECT item_id FROM personnel_cases").fetch_one(s.pool()).await.expect("item");
        let mut members = Vec::new();
        for login in &logins[..6] {
            let (c, mcsrf) = app.login(login).await;
            let (status, _, body) =
                post(&app, &c, &mcsrf, &meeting_page, &format!("{meeting_page}/sign-in"), &[]).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
            members.push((c, mcsrf));
        }
        let (status, _, body) =
            post(&app, &clerk, &csrf, &meeting_page, &format!("/meetings/items/{item}/open"), &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        for (i, (c, mcsrf)) in members.iter().enumerate() {
            let choice = if i < 5 { "yes" } else { "abstain" };
            let (status, _, body) =
                post(&app, c, mcsrf, &meeting_page, &format!("/meetings/items/{item}/vote"), &[("choice", choice)])
                    .await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        }
        let close = format!("/meetings/items/{item}/close");
        assert_eq!(
            post(&app, &clerk, &csrf, &meeting_page, &close, &[("confirm", "1")]).await.0,
            StatusCode::SEE_OTHER
        );
        let (_, page) = app.get(&clerk, &case).await;
        assert!(page.contains("已通过") && page.contains("赞成5票"), "{page}");

        // The meeting page says by when the decision is to be published (5 days by default).
        let (_, page) = app.get(&clerk, &meeting_page).await;
        let by = day.checked_add(jiff::ToSpan::days(5)).expect("a day");
        assert!(page.contains(&format!("本次会议的任免决定应于{by}前公告")), "{page}");
        // Oath, 任命书, 公告.
        let day_text = day.to_string();
        let oath = [("sworn_on", day_text.as_str()), ("mode", "collective"), ("supervisor", "陈志远")];
        assert_eq!(post(&app, &clerk, &csrf, &case, &format!("{case}/oath"), &oath).await.0, StatusCode::SEE_OTHER);
        assert_eq!(
            post(&app, &clerk, &csrf, &case, &format!("{case}/certificate"), &[]).await.0,
            StatusCode::SEE_OTHER
        );
        let r = clerk.get(app.url(&format!("{case}/certificate"))).send().await.expect("the file");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.bytes().await.expect("bytes").starts_with(b"PK"), "a DOCX");
        let notice = format!("{meeting_page}/appointment-notice");
        let (status, _, body) = post(&app, &clerk, &csrf, &meeting_page, &notice, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, portal) = app.get(&reqwest::Client::new(), "/portal/appointments").await;
        assert_eq!(status, StatusCode::OK);
        assert!(portal.contains("示人常公〔2026〕1号") && portal.contains("任免公告"), "{portal}");
        let notice_id: i64 = sqlx::query_scalar("SELECT id FROM official_documents WHERE kind = 'appointment_notice'")
            .fetch_one(s.pool())
            .await
            .expect("the notice");
        let (status, text) = app.get(&reqwest::Client::new(), &format!("/portal/appointments/{notice_id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            text.contains("任命张三为示范市教育局局长。")
                && text.contains("现予公告。")
                && text.contains("示范市人民代表大会常务委员会"),
            "{text}"
        );
        // Any other document is not on the portal.
        assert_eq!(app.get(&reqwest::Client::new(), "/portal/appointments/999999").await.0, StatusCode::NOT_FOUND);
        let (_, register) = app.get(&clerk, "/personnel/register").await;
        assert!(register.contains("张三") && register.contains("示人常任〔2026〕1号"), "{register}");
        let r = clerk.get(app.url("/personnel/register.xlsx")).send().await.expect("the workbook");
        assert_eq!(r.status(), StatusCode::OK);

        // Filed on the meeting day itself: refused with what was typed, nothing kept.
        let before = count(&s, "SELECT COUNT(*) FROM personnel_cases").await;
        let r = clerk
            .post(app.url("/personnel"))
            .header("referer", app.url("/personnel"))
            .multipart(filing(&csrf, "李四", &day_text))
            .send()
            .await
            .expect("refused");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = r.text().await.expect("body");
        assert!(body.contains("任免案应在会议举行10日前提请") && body.contains("李四"), "{body}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM personnel_cases").await, before);
    }
}
