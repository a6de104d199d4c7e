//! Filing review through the API: a department files with its files (materials named in
//! order), the office registers and sends it, the committee writes a 审查意见, the department
//! disagrees and the committee proposes revocation onto a standing committee meeting's agenda;
//! mismatched materials, unknown codes, a revocation without a meeting and a citizen's 审查建议
//! without its document come back as 4xx with stable codes and Chinese messages, and change
//! nothing.

use jiff::civil::date;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_store::meetings::NewMeeting;
use renda_testkit::http::TestApp;
use renda_testkit::{count, org, staff, testing, user};
use reqwest::StatusCode;
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

#[tokio::test]
async fn a_filing_is_carried_to_a_proposed_revocation_through_the_api() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let bureau = org(&s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "unit.edu", Role::Unit { unit: bureau }).await;
        let new = NewMeeting {
            kind: renda_core::meeting::MeetingKind::StandingCommittee,
            number: None,
            title: "常委会第三十次会议".into(),
            held_on: date(2026, 3, 25),
            place: String::new(),
            notified_on: None,
        };
        let meeting = s.create_meeting(&staff(city), city, &new).await.expect("meeting");
        let app = TestApp::new(t).await;
        let clerk = app.api_login("staff.city").await;
        let edu = app.api_login("unit.edu").await;

        // Two files, one material named: refused, nothing filed.
        let body =
            json!({"title": "示范市校外培训机构管理办法", "published_on": "2026-03-01", "attachments": ["text"]});
        let (status, e) = edu.post_files("/api/v1/filings", body, &[("a.pdf", PDF), ("b.pdf", PDF)]).await;
        assert_eq!(
            (status, e["error"]["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_input")),
            "{e}"
        );
        assert_eq!(count(&s, "SELECT COUNT(*) FROM filings").await, 0);

        let body = json!({"title": "示范市校外培训机构管理办法", "published_on": "2026-03-01",
            "attachments": ["report", "text", "drafting_note", "legal_basis", "announcement"]});
        let files: Vec<(&str, &[u8])> = (0..5).map(|_| ("f.pdf", PDF)).collect();
        let (status, f) = edu.post_files("/api/v1/filings", body, &files).await;
        assert_eq!(status, StatusCode::CREATED, "{f}");
        assert_eq!(f["filing"]["state"], "filed");
        let id = f["filing"]["id"].as_i64().expect("an id");
        let steps = format!("/api/v1/filings/{id}/steps");

        let (status, e) = clerk.post(&steps, json!({"command": "send", "kind": "sideways"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["error"]["field"], "kind");
        let (status, f) = clerk.post(&steps, json!({"command": "register"})).await;
        assert_eq!(status, StatusCode::OK, "{f}");
        assert_eq!(f["filing"]["number"], "示人常备〔2026〕1号");
        let (status, f) = clerk.post(&steps, json!({"command": "send", "kind": "active"})).await;
        assert_eq!(status, StatusCode::OK, "{f}");
        // A 专门委员会 asked for its opinion: the review waits for it (409), then goes on.
        let (status, f) =
            clerk.post(&steps, json!({"command": "ask_opinion", "committee": "教育科学文化卫生委员会"})).await;
        assert_eq!(status, StatusCode::OK, "{f}");
        assert_eq!(f["filing"]["opinions"][0]["due_on"], "2026-04-09", "{f}");
        assert_eq!(f["filing"]["due_on"], "2026-04-09", "{f}");
        let opinion =
            json!({"command": "send_opinion", "demand": "repeal", "text": "该办法与上位法相抵触，建议废止。"});
        let (status, e) = clerk.post(&steps, opinion.clone()).await;
        assert_eq!(
            (status, e["error"]["code"].as_str()),
            (StatusCode::CONFLICT, Some("committee_opinions_pending")),
            "{e}"
        );
        assert!(e["error"]["message"].as_str().is_some_and(|m| m.contains("教育科学文化卫生委员会")), "{e}");
        let (status, e) =
            clerk.post(&steps, json!({"command": "record_opinion", "committee": "法制委员会", "text": "同意"})).await;
        assert_eq!(
            (status, e["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("committee")),
            "{e}"
        );
        let (status, f) = clerk
            .post(
                &steps,
                json!({"command": "record_opinion", "committee": "教育科学文化卫生委员会", "text": "同意废止"}),
            )
            .await;
        assert_eq!(
            (status, f["filing"]["opinions"][0]["given_on"].as_str()),
            (StatusCode::OK, Some("2026-03-10")),
            "{f}"
        );
        for step in [opinion] {
            let (status, f) = clerk.post(&steps, step.clone()).await;
            assert_eq!(status, StatusCode::OK, "{step}: {f}");
        }
        let (status, f) =
            edu.post(&steps, json!({"command": "answer", "agrees": false, "text": "我局认为不抵触。"})).await;
        assert_eq!((status, f["filing"]["state"].as_str()), (StatusCode::OK, Some("disputed")), "{f}");

        let (status, e) =
            clerk.post(&steps, json!({"command": "propose_revocation", "reason": "制定机关不同意"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["error"]["field"], "meeting_id");
        let items = count(&s, "SELECT COUNT(*) FROM meeting_items").await;
        let (status, f) = clerk
            .post(
                &steps,
                json!({"command": "propose_revocation", "reason": "制定机关不同意审查意见", "meeting_id": meeting.0}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{f}");
        assert_eq!(f["filing"]["state"], "revocation_proposed");
        assert!(f["filing"]["item_id"].as_i64().is_some(), "{f}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM meeting_items").await, items + 1);
        let title: String =
            sqlx::query_scalar("SELECT title FROM meeting_items").fetch_one(s.pool()).await.expect("item");
        assert_eq!(title, "关于撤销《示范市校外培训机构管理办法》的决定（草案）");
        let events = f["events"].as_array().expect("events").len();
        assert_eq!(events, 8, "{f}");

        let (status, list) = clerk.get("/api/v1/filings").await;
        assert_eq!((status, list.as_array().map(Vec::len)), (StatusCode::OK, Some(1)));
        let (status, list) = edu.get("/api/v1/filings").await;
        assert_eq!((status, list.as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "the maker's own");
        let (status, stats) = clerk.get("/api/v1/filings/stats?year=2026").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(stats.as_array().and_then(|a| a.last()).map(|t| t["opinions"].clone()), Some(json!(1)));

        // The settings: out of bounds is refused naming the field.
        let (status, mut settings) = clerk.get("/api/v1/filing-settings").await;
        assert_eq!((status, settings["filing_days"].as_i64()), (StatusCode::OK, Some(30)));
        settings["consultation_days"] = json!(5);
        let (status, e) = clerk.put("/api/v1/filing-settings", settings).await;
        assert_eq!(
            (status, e["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("consultation_days")),
            "{e}"
        );

        // A 审查建议 without its document; then one with it, answered with a receipt code.
        let anyone = app.api_anonymous();
        let proposal = json!({"congress_id": city.0, "document": "", "provision": "第五条", "reasons": "没有上位法依据",
            "name": "王某", "contact": "13900139000"});
        let (status, e) = anyone.post("/api/v1/review-proposals", proposal.clone()).await;
        assert_eq!((status, e["error"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("document")), "{e}");
        assert!(e["error"]["message"].as_str().is_some_and(|m| m.contains("请填写建议审查的规范性文件")), "{e}");
        let mut proposal = proposal;
        proposal["document"] = json!("示范市校外培训机构管理办法");
        let (status, r) = anyone.post("/api/v1/review-proposals", proposal).await;
        assert_eq!(status, StatusCode::CREATED, "{r}");
        assert!(r["receipt"].as_str().is_some_and(|c| !c.is_empty()));
        let (status, list) = clerk.get("/api/v1/review-proposals").await;
        assert_eq!((status, list[0]["contact"].as_str()), (StatusCode::OK, Some("13900139000")));
        let pid = list[0]["id"].as_i64().expect("id");
        let (status, p) = clerk
            .post(&format!("/api/v1/review-proposals/{pid}"), json!({"command": "open_review", "filing_id": id}))
            .await;
        assert_eq!((status, p["state"].as_str()), (StatusCode::OK, Some("under_review")), "{p}");
        let (status, _) = edu.get("/api/v1/review-proposals").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
