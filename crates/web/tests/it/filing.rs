//! Filing review on its pages (SQLite, and PostgreSQL when `RENDA_TEST_PG_URL` is set): a
//! government department files a document with its files (a multipart form), the office returns
//! it for the missing drafting note, the department supplies it, the office registers it under
//! its 备案号, the committee sends a written 审查意见 and the department answers and reports the
//! correction; the portal lists the registered document. Bad input — a filing without its text, a
//! 审查建议 without its document, a township's staff at the register — gets a Chinese message
//! and changes nothing; a citizen's 审查建议 gets a receipt code to follow it by.

use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::policy::Role;
use renda_testkit::http::{TestApp, client, csrf_of, field_of, location_of};
use renda_testkit::{count, org, testing, user};
use reqwest::StatusCode;

fn pdf(name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(format!("%PDF-1.4\n% {name}\n%%EOF\n").into_bytes()).file_name(name.to_owned())
}

/// A page's form post, with the page's tokens and as sent from it.
async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = app.get(c, page).await;
    let mut all = vec![("_csrf", csrf_of(&html)), ("_form", field_of(&html, "_form"))];
    all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let r = c.post(app.url(action)).header("referer", app.url(page)).form(&all).send().await.expect("answered");
    let (status, to) = (r.status(), location_of(&r));
    (status, to, r.text().await.expect("a body"))
}

/// A multipart post of the filing page's forms, with the page's tokens.
async fn post_files(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let (_, html) = app.get(c, page).await;
    let mut form =
        reqwest::multipart::Form::new().text("_csrf", csrf_of(&html)).text("_form", field_of(&html, "_form"));
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (field, name) in files {
        form = form.part(field.to_string(), pdf(name));
    }
    let r = c.post(app.url(action)).header("referer", app.url(page)).multipart(form).send().await.expect("answered");
    let (status, to) = (r.status(), location_of(&r));
    (status, to, r.text().await.expect("a body"))
}

#[tokio::test]
async fn a_department_files_the_office_registers_and_the_committee_reviews_to_a_reported_correction() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let district = org(&s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let township = org(&s, "东湖镇人民代表大会", OrgKind::Congress(CongressLevel::Township), Some(district)).await;
        let bureau = org(&s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "staff.town", Role::Staff { congress: township }).await;
        user(&s, "unit.edu", Role::Unit { unit: bureau }).await;
        let app = TestApp::new(t).await;
        let (clerk, _) = app.login("staff.city").await;
        let (edu, _) = app.login("unit.edu").await;

        // Without its text the filing is refused, with a Chinese message, and nothing is stored.
        let (status, _, body) = post_files(
            &app,
            &edu,
            "/filings",
            "/filings",
            &[("title", "示范市校外培训机构管理办法"), ("published_on", "2026-03-01")],
            &[("report", "备案报告.pdf")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("文件文本") && body.contains("示范市校外培训机构管理办法"), "refilled: {body}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM filings").await, 0);

        let (status, to, body) = post_files(
            &app,
            &edu,
            "/filings",
            "/filings",
            &[("title", "示范市校外培训机构管理办法"), ("published_on", "2026-03-01")],
            &[
                ("report", "备案报告.pdf"),
                ("text", "文本.pdf"),
                ("legal_basis", "依据.pdf"),
                ("announcement", "公告.pdf"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let page = to.split('?').next().expect("path").to_owned();
        let step = format!("{page}/step");

        let (_, html) = app.get(&clerk, "/filings").await;
        assert!(html.contains("示范市校外培训机构管理办法") && html.contains("示范市教育局"), "{html}");
        let (_, html) = app.get(&clerk, &page).await;
        assert!(html.contains("尚缺：起草说明") && html.contains("退回补正"), "{html}");
        // Registering it incomplete is refused.
        let (status, _, body) = post(&app, &clerk, &page, &step, &[("command", "register")]).await;
        assert!(status.is_client_error() && body.contains("备案材料不齐全"), "{status}: {body}");
        let (status, _, body) = post(
            &app,
            &clerk,
            &page,
            &step,
            &[("command", "return"), ("missing", "drafting_note"), ("note", "请补充起草说明")],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, _, body) =
            post_files(&app, &edu, &page, &step, &[("command", "resubmit")], &[("drafting_note", "起草说明.pdf")])
                .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        for fields in [
            vec![("command", "register")],
            vec![("command", "send"), ("kind", "special"), ("topic", "营商环境")],
            vec![("command", "ask_opinion"), ("committee", "财政经济委员会")],
        ] {
            let (status, _, body) = post(&app, &clerk, &page, &step, &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{fields:?}: {body}");
        }
        // The committee's opinion is awaited: the page offers to record it, not to conclude.
        let (_, html) = app.get(&clerk, &page).await;
        assert!(html.contains("登记专门委员会意见") && html.contains("限2026-04-09前回复"), "{html}");
        assert!(!html.contains("value=\"send_opinion\""), "no 审查意见 while the opinion is awaited");
        let (status, _, body) = post(&app, &clerk, &page, &step, &[("command", "find_no_problem")]).await;
        assert!(status.is_client_error() && body.contains("尚待财政经济委员会回复意见"), "{status}: {body}");
        for fields in [
            vec![("command", "record_opinion"), ("committee", "财政经济委员会"), ("text", "建议修改第五条")],
            vec![
                ("command", "send_opinion"),
                ("demand", "correct"),
                ("text", "第五条增设罚款没有上位法依据，建议修改。"),
            ],
        ] {
            let (status, _, body) = post(&app, &clerk, &page, &step, &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{fields:?}: {body}");
        }
        let (_, html) = app.get(&edu, &page).await;
        assert!(html.contains("示人常备〔2026〕1号") && html.contains("回复审查意见"), "{html}");
        // The office cannot answer for the maker.
        let (status, _, _) =
            post(&app, &clerk, &page, &step, &[("command", "answer"), ("agrees", "yes"), ("text", "计划")]).await;
        assert!(status.is_client_error());
        for fields in [
            vec![("command", "answer"), ("agrees", "yes"), ("text", "拟于4月修改第五条")],
            vec![("command", "report_correction"), ("text", "已删除第五条第二项")],
        ] {
            let (status, _, body) = post(&app, &edu, &page, &step, &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{fields:?}: {body}");
        }
        let (_, html) = app.get(&clerk, &page).await;
        assert!(html.contains("已纠正") && html.contains("制定机关报告纠正情况"), "{html}");

        // The register is public; the review is not.
        let (status, html) = app.get(&client(), &format!("/portal/filings?congress={}&year=2026", city.0)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("示人常备〔2026〕1号") && !html.contains("第五条增设罚款"), "{html}");
        let (status, _) = app.get(&client(), &page).await;
        assert!(status.is_redirection() || status.is_client_error(), "{status}");
        let (status, html) = app.get(&clerk, "/filings/overdue").await;
        assert!(status == StatusCode::OK && html.contains("没有逾期的备案文件"), "{html}");
        let (_, html) = app.get(&clerk, "/filings/stats?year=2026").await;
        assert!(html.contains("合计"), "{html}");
        let (status, html) = app.get(&clerk, "/filings/report?year=2026").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("2026年度备案审查工作情况") && html.contains("示人常备〔2026〕1号"), "{html}");
        assert!(html.contains("专项审查：1件") && html.contains("已纠正1件"), "{html}");
        // The report goes up as a 公文: the draft is written from the same figures; a passage
        // left to write is refused with the text kept; written, it is issued once.
        let draft = super::official_report::textarea(&html, "text");
        assert!(draft.contains("共收到报送备案的规范性文件1件") && draft.contains("【请填写"), "{draft}");
        let api = app.api_login("staff.city").await;
        let (_, mut tpl) = api.get("/api/v1/official-templates/filing_report").await;
        tpl["signatory"] = serde_json::json!("陈志远");
        assert_eq!(api.post("/api/v1/official-templates/filing_report", tpl).await.0, StatusCode::OK);
        let report = "/filings/report?year=2026";
        let (status, _, body) =
            post(&app, &clerk, report, "/filings/report", &[("year", "2026"), ("text", &draft)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("正文还有待填写的内容") && body.contains("共收到报送备案的规范性文件1件"), "{body}");
        let written = draft.replace("【请填写存在的问题和下一步工作打算】", "下一步将加强专项审查。");
        let (status, to, body) =
            post(&app, &clerk, report, "/filings/report", &[("year", "2026"), ("text", &written)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (_, html) = app.get(&clerk, &to).await;
        assert!(html.contains("2026年度的报告已签发：示人常法〔2026〕1号"), "{html}");
        let (status, e) = api.post("/api/v1/filings/report", serde_json::json!({"year": 2026, "text": written})).await;
        assert_eq!((status, e["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_issued")), "{e}");
        let (status, d) = api.get("/api/v1/filings/report?year=2026").await;
        assert_eq!((status, d["figures"]["bodies"][5]["filed"].as_i64()), (StatusCode::OK, Some(1)), "{d}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM official_documents WHERE kind = 'filing_report'").await, 1);

        // A township has no standing committee: it receives nothing, and files its own
        // resolutions with the district's.
        let (town, _) = app.login("staff.town").await;
        let (status, html) = app.get(&town, "/filings").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("报送东城区人民代表大会常务委员会备案") && !html.contains("报送本级备案的规范性文件"),
            "{html}"
        );
        let (status, html) = app.get(&town, "/filings/stats").await;
        assert!(status.is_client_error() && html.contains("乡镇人大不设常务委员会"), "{status}: {html}");
    }
}

#[tokio::test]
async fn a_review_proposal_without_its_document_comes_back_as_typed_and_a_valid_one_gets_a_receipt() {
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let app = TestApp::new(t).await;
        let citizen = client();
        let city_id = city.0.to_string();
        let (status, _, body) = post(
            &app,
            &citizen,
            "/portal/review-proposal",
            "/portal/review-proposal",
            &[
                ("congress", &city_id),
                ("document", " "),
                ("provision", "第五条"),
                ("reasons", "增设罚款没有上位法依据"),
                ("name", "王某"),
                ("contact", "13900139000"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("请填写建议审查的规范性文件") && body.contains("增设罚款没有上位法依据"), "{body}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM review_proposals").await, 0);

        let (status, to, body) = post(
            &app,
            &citizen,
            "/portal/review-proposal",
            "/portal/review-proposal",
            &[
                ("congress", &city_id),
                ("document", "示范市校外培训机构管理办法"),
                ("provision", "第五条"),
                ("reasons", "增设罚款没有上位法依据"),
                ("name", "王某"),
                ("contact", "13900139000"),
                ("consent", "1"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, html) = app.get(&citizen, &to).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("审查建议已收到") && html.contains("已收到") && !html.contains("13900139000"), "{html}");
        assert_eq!(count(&s, "SELECT COUNT(*) FROM review_proposals").await, 1);
        // Ten days to tell the proposer: on the eleventh the office's list and its count say so.
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        s.clock().set_on(jiff::civil::date(2026, 3, 21));
        let (clerk, _) = app.login("staff.city").await;
        let (_, html) = app.get(&clerk, "/filings").await;
        assert!(html.contains("1件审查建议已超过告知建议人的期限"), "{html}");
        let (_, html) = app.get(&clerk, "/filings/proposals?overdue=1").await;
        assert!(html.contains("示范市校外培训机构管理办法") && html.contains("已逾期"), "{html}");
        // The overdue board points to them too, with the same count.
        let (_, html) = app.get(&clerk, "/filings/overdue").await;
        assert!(
            html.contains("另有超过十日未告知建议人的审查建议1件") && html.contains("/filings/proposals?overdue=1"),
            "{html}"
        );
        let (status, _) = app.get(&citizen, "/portal/review-proposal/NOTACODE").await;
        assert!(status.is_client_error());
    }
}

/// Search follows filings: the receiving staff and the maker find a filing by the words of its
/// review and open it; a visitor finds a registered one by its title, linked to the public
/// register, never by its review; another department finds nothing of it.
#[tokio::test]
async fn search_finds_a_filing_by_its_review_for_its_parties_and_by_its_title_for_everyone() {
    use renda_core::filing::Attachment;
    use renda_core::filing::review::{Command, Demand, ReviewKind};
    use renda_store::files::Upload;
    use renda_store::filing::review::{FilingStep, NewDocument};
    use renda_testkit::{staff, unit};
    use std::sync::Arc;
    for t in testing::all().await {
        let s = t.store.clone();
        let city = org(&s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let bureau = org(&s, "示范市教育局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let other = org(&s, "示范市交通运输局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        user(&s, "staff.city", Role::Staff { congress: city }).await;
        user(&s, "unit.edu", Role::Unit { unit: bureau }).await;
        user(&s, "unit.other", Role::Unit { unit: other }).await;
        let files = Attachment::ALL
            .iter()
            .map(|a| (*a, Upload { filename: "f.pdf".into(), bytes: b"%PDF-1.4\n%%EOF\n".to_vec() }))
            .collect();
        let new = NewDocument {
            maker: bureau,
            title: "示范市校外培训机构管理办法".into(),
            published_on: jiff::civil::date(2026, 3, 1),
            files,
        };
        let id = s.file_document(&unit(bureau), new).await.expect("filed");
        for step in [
            FilingStep::Register,
            FilingStep::Act(Command::Send { kind: ReviewKind::Active, topic: String::new() }),
            FilingStep::Act(Command::SendOpinion {
                demand: Demand::Correct,
                text: "增设的罚款种类缺乏上位法依据".into(),
            }),
        ] {
            s.filing_step(&staff(city), id, step).await.expect("step");
        }
        let indexer = Arc::new(renda_web::indexer::Indexer::in_memory().expect("index"));
        indexer.catch_up(&s).await.expect("indexed");
        let state = renda_web::AppState::new(s.clone(), renda_web::Config::default()).with_search(indexer.clone());
        let app = TestApp::with_state(t, state).await;
        let review_words = "/portal/search?q=%E4%B8%8A%E4%BD%8D%E6%B3%95%E4%BE%9D%E6%8D%AE&kind=filing"; // 上位法依据
        let title_words = "/portal/search?q=%E6%A0%A1%E5%A4%96%E5%9F%B9%E8%AE%AD&kind=filing"; // 校外培训
        let page = format!("/filings/{}", id.0);
        for login in ["staff.city", "unit.edu"] {
            let (c, _) = app.login(login).await;
            let (_, html) = app.get(&c, review_words).await;
            assert!(html.contains(&format!("href=\"{page}\"")), "{login}: {html}");
        }
        let (other, _) = app.login("unit.other").await;
        let (_, html) = app.get(&other, review_words).await;
        assert!(!html.contains("示范市校外培训机构管理办法"), "another department: {html}");
        let (_, html) = app.get(&client(), review_words).await;
        assert!(!html.contains("示范市校外培训机构管理办法"), "the review is not public: {html}");
        let (_, html) = app.get(&client(), title_words).await;
        assert!(html.contains("/portal/filings?congress=") && html.contains("备案文件"), "{html}");
        assert!(!html.contains(&format!("href=\"{page}\"")), "{html}");
    }
}
