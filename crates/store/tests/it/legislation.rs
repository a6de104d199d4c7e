//! Public consultation on draft regulations (法规草案公开征求意见) in the store, on every backend:
//! a city opens one and a county cannot; comments come by every channel, each with a receipt
//! code, none after the period or on an article the draft lacks, none from a station that is no
//! 基层立法联系点, and a citizen's name and contact never reach the audit trail; staff group
//! duplicates, answer each group and publish the report once the period has closed; opening
//! notifies the city's deputies and its 基层立法联系点.

use jiff::civil::{Date, date};
use renda_core::filing::consultation::{Channel, Disposition, NewComment, Source, Target, suggest_groups};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::{CongressLevel, OrgKind};
use renda_core::policy::Role;
use renda_store::legislation::{CommentId, NewDraft, RegulationId};
use renda_store::{Actor, Store, StoreError, testing};
use renda_testkit::{as_deputy, audit_count, count, deputy, org, public, user};

const OPENS: Date = date(2026, 3, 2);
const CLOSES: Date = date(2026, 4, 1);

pub const DRAFT: &str = "示范市养犬管理条例（草案）\n第一章 总则\n第一条 为了规范养犬行为，制定本条例。\n\
    第二条 本条例适用于本市行政区域。\n第三条 养犬人应当办理登记。\n第四条 犬只应当接种狂犬病疫苗。\n\
    第五条 携犬出户应当束犬链。\n第二章 附则\n第六条 本条例自公布之日起施行。";

struct World {
    city: OrgId,
    county: OrgId,
    point: OrgId,
    plain_station: OrgId,
    city_staff: Actor,
    county_staff: Actor,
    deputy: PersonId,
}

async fn world(s: &Store) -> World {
    s.clock().set_on(OPENS);
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let point = org(s, "东湖街道代表联络站", OrgKind::LiaisonStation, Some(county)).await;
    let plain_station = org(s, "西湖街道代表联络站", OrgKind::LiaisonStation, Some(county)).await;
    let city_staff = Actor {
        user: Some(user(s, "city.staff", Role::Staff { congress: city }).await),
        role: Role::Staff { congress: city },
    };
    let county_staff = Actor {
        user: Some(user(s, "county.staff", Role::Staff { congress: county }).await),
        role: Role::Staff { congress: county },
    };
    let deputy = deputy(s, "邓庆丰", city).await;
    user(s, "deputy", Role::Deputy { person: deputy }).await;
    s.set_legislative_point(&county_staff, point, true).await.expect("flagged by the county's staff");
    World { city, county, point, plain_station, city_staff, county_staff, deputy }
}

fn draft() -> NewDraft {
    NewDraft {
        title: "示范市养犬管理条例（草案）".into(),
        text: DRAFT.into(),
        explanation: "关于《示范市养犬管理条例（草案）》的说明".into(),
        opens_on: None,
        period_days: None,
    }
}

fn online(target: Target, text: &str) -> NewComment {
    NewComment {
        target,
        source: Source::Online { name: "王小明".into(), contact: "13912345678".into() },
        text: text.into(),
    }
}

fn code(e: StoreError) -> &'static str {
    e.code().as_str()
}

#[tokio::test]
async fn a_city_opens_a_consultation_for_the_default_thirty_days_and_a_county_is_refused() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let before = audit_count(s).await;
        let e = s.open_consultation(&w.county_staff, w.county, &draft(), OPENS).await.expect_err("a county");
        assert_eq!(code(e), "consultation_needs_city");
        let e = s.open_consultation(&w.county_staff, w.city, &draft(), OPENS).await.expect_err("not its congress");
        assert_eq!(code(e), "forbidden");
        let bad = NewDraft { text: "没有条文的草案".into(), ..draft() };
        let e = s.open_consultation(&w.city_staff, w.city, &bad, OPENS).await.expect_err("no article");
        assert_eq!(code(e), "draft_without_articles");
        assert_eq!((count(s, "SELECT COUNT(*) FROM regulations").await, audit_count(s).await), (0, before));

        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        let r = s.regulation(&public(), id).await.expect("published today");
        let v = r.latest().expect("a version");
        assert_eq!((v.version.number, v.version.articles, v.version.closes_on), (1, 6, CLOSES));
        assert_eq!(v.draft.article(5).map(|a| a.text.as_str()), Some("携犬出户应当束犬链。"));
        assert_eq!(v.draft.article(6).and_then(|a| a.chapter.as_deref()), Some("第二章 附则"));
        assert_eq!(audit_count(s).await, before + 1);
        let listed = s.list_regulations(&public()).await.expect("the portal's list");
        assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    }
}

#[tokio::test]
async fn a_draft_opening_later_is_seen_only_by_its_staff_until_its_day() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let later = NewDraft { opens_on: Some(date(2026, 3, 10)), ..draft() };
        let id = s.open_consultation(&w.city_staff, w.city, &later, OPENS).await.expect("opened");
        assert!(s.regulation(&w.city_staff, id).await.is_ok());
        assert!(matches!(s.regulation(&public(), id).await, Err(StoreError::NotFound(_))));
        assert!(s.list_regulations(&public()).await.expect("list").is_empty());
        let e = s.comment_on_regulation(&public(), id, &online(Target::Whole, "意见"), "1.1.1.1", OPENS).await;
        assert_eq!(e.map(|_| ()).map_err(code), Err("not_found"));
        s.clock().set_on(date(2026, 3, 10));
        assert!(s.regulation(&public(), id).await.is_ok());
    }
}

#[tokio::test]
async fn comments_come_by_every_channel_with_a_receipt_and_the_audit_keeps_no_name_or_contact() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        let day = date(2026, 3, 5);
        let (_, receipt) = s
            .comment_on_regulation(&public(), id, &online(Target::Article(5), "建议明确犬链长度。"), "1.1.1.1", day)
            .await
            .expect("a citizen online");
        let staff_entered = [
            Source::Letter { name: "李华".into() },
            Source::Email { name: String::new(), address: "citizen@example.cn".into() },
            Source::LiaisonPoint { station: w.point, people: 23 },
        ];
        for source in staff_entered {
            let new =
                NewComment { target: Target::Whole, source, text: "建议增加养犬登记的便民措施。".into() };
            s.comment_on_regulation(&w.city_staff, id, &new, "2.2.2.2", day).await.expect("entered by staff");
        }
        let mine = NewComment {
            target: Target::Article(3),
            source: Source::Deputy { person: w.deputy },
            text: "登记应当可以网上办理。".into(),
        };
        s.comment_on_regulation(&as_deputy(w.deputy), id, &mine, "3.3.3.3", day).await.expect("a deputy");

        let before = (count(s, "SELECT COUNT(*) FROM regulation_comments").await, audit_count(s).await);
        let refused = [
            (public(), online(Target::Article(7), "第七条"), day, "no_such_article"),
            (public(), online(Target::Whole, "晚了"), date(2026, 4, 2), "consultation_not_open"),
            (
                w.city_staff,
                NewComment {
                    target: Target::Whole,
                    source: Source::LiaisonPoint { station: w.plain_station, people: 5 },
                    text: "座谈意见".into(),
                },
                day,
                "not_liaison_point",
            ),
            (
                public(),
                NewComment {
                    target: Target::Whole, source: Source::Letter { name: String::new() }, text: "信".into()
                },
                day,
                "forbidden",
            ),
            (
                w.county_staff,
                NewComment {
                    target: Target::Whole, source: Source::Letter { name: String::new() }, text: "信".into()
                },
                day,
                "forbidden",
            ),
        ];
        for (who, new, on, expected) in refused {
            let e = s.comment_on_regulation(&who, id, &new, "4.4.4.4", on).await.expect_err(expected);
            assert_eq!(code(e), expected);
        }
        assert_eq!(
            (count(s, "SELECT COUNT(*) FROM regulation_comments").await, audit_count(s).await),
            before,
            "a refusal writes nothing"
        );

        let comments = s.regulation_comments(&w.city_staff, id).await.expect("staff read them");
        let channels: Vec<Channel> = comments.iter().map(|c| c.comment.source.channel()).collect();
        assert_eq!(channels, Channel::ALL);
        assert!(matches!(s.regulation_comments(&public(), id).await, Err(StoreError::NotFound(_))));
        assert!(matches!(s.regulation_comments(&w.county_staff, id).await, Err(StoreError::NotFound(_))));
        let audit: Vec<String> =
            sqlx::query_scalar("SELECT COALESCE(after_json, '') FROM audit_log WHERE action = 'regulation.comment'")
                .fetch_all(s.pool())
                .await
                .expect("audit");
        assert_eq!(audit.len(), 5);
        assert!(audit.iter().all(|a| !a.contains("王小明") && !a.contains("13912345678") && !a.contains("李华")));

        let r = s.comment_by_receipt(receipt).await.expect("the citizen's receipt");
        assert_eq!((r.target, r.version, r.reported, r.answer), (Target::Article(5), 1, false, None));
    }
}

#[tokio::test]
async fn the_public_form_is_limited_per_address() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        for i in 0..5 {
            let text = format!("第{i}条意见");
            s.comment_on_regulation(&public(), id, &online(Target::Whole, &text), "9.9.9.9", OPENS).await.expect("ok");
        }
        let e = s.comment_on_regulation(&public(), id, &online(Target::Whole, "再来"), "9.9.9.9", OPENS).await;
        assert_eq!(e.map(|_| ()).map_err(code), Err("too_many_opinions"));
        s.comment_on_regulation(&public(), id, &online(Target::Whole, "另一处"), "8.8.8.8", OPENS).await.expect("ok");
    }
}

async fn comments_of(s: &Store, w: &World, id: RegulationId) -> Vec<CommentId> {
    let day = date(2026, 3, 6);
    let mut ids = Vec::new();
    for (i, text) in ["建议犬链不超过1.5米！", "建议犬链不超过1.5米", "建议 犬链不超过1.5米。"].iter().enumerate()
    {
        let addr = format!("10.0.0.{i}");
        ids.push(
            s.comment_on_regulation(&public(), id, &online(Target::Article(5), text), &addr, day).await.expect("c").0,
        );
    }
    let letter = NewComment {
        target: Target::Whole,
        source: Source::Letter { name: String::new() },
        text: "建议取消养犬登记费。".into(),
    };
    ids.push(s.comment_on_regulation(&w.city_staff, id, &letter, "", day).await.expect("letter").0);
    ids
}

#[tokio::test]
async fn duplicates_are_grouped_answered_and_reported_once_the_period_has_closed() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        let ids = comments_of(s, &w, id).await;
        let comments: Vec<_> =
            s.regulation_comments(&w.city_staff, id).await.expect("c").into_iter().map(|c| (c.id, c.comment)).collect();
        let offered = suggest_groups(&comments);
        assert_eq!(offered, vec![ids[..3].to_vec()], "the three copies are offered as one group");
        let e = s.group_comments(&w.city_staff, id, &[]).await.expect_err("empty");
        assert_eq!(code(e), "required");
        let e = s.group_comments(&w.county_staff, id, &ids[..3]).await.expect_err("not the county's");
        assert_eq!(code(e), "forbidden");
        let dupes = s.group_comments(&w.city_staff, id, &offered[0]).await.expect("grouped");
        let alone = s.group_comments(&w.city_staff, id, &ids[3..]).await.expect("a group of one");
        s.answer_comment_group(&w.city_staff, id, dupes, Disposition::Adopted, "").await.expect("adopted");
        let before = audit_count(s).await;
        let e = s.answer_comment_group(&w.city_staff, id, alone, Disposition::NotAdopted, " ").await.expect_err("why");
        assert_eq!((code(e), audit_count(s).await), ("reason_required", before));
        let reason = "登记费由省级规定，本条例不作调整。";
        s.answer_comment_group(&w.city_staff, id, alone, Disposition::NotAdopted, reason).await.expect("answered");

        let e = s.publish_regulation_report(&w.city_staff, id, 1, CLOSES).await.expect_err("still open");
        assert_eq!(code(e), "consultation_still_open");
        assert!(s.regulation_reports(&public(), id).await.expect("none yet").is_empty());
        let after = date(2026, 4, 2);
        let published = s.publish_regulation_report(&w.city_staff, id, 1, after).await.expect("published");
        let r = &published.report;
        assert_eq!((r.comments, r.opinions, r.people), (4, 2, 4));
        assert_eq!(r.by_target, vec![(Target::Whole, 1), (Target::Article(5), 3)]);
        assert_eq!(
            r.by_disposition,
            vec![
                (Some(Disposition::Adopted), 3),
                (Some(Disposition::PartlyAdopted), 0),
                (Some(Disposition::NotAdopted), 1),
                (None, 0)
            ]
        );
        assert_eq!(published.summaries.get(&dupes.0).map(String::as_str), Some("建议犬链不超过1.5米！"));
        let e = s.publish_regulation_report(&w.city_staff, id, 1, after).await.expect_err("twice");
        assert_eq!(code(e), "report_already_published");

        s.clock().set_on(after);
        let reports = s.regulation_reports(&public(), id).await.expect("public");
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].report.groups.iter().find(|g| g.group == alone).map(|g| g.reason.as_str()), Some(reason));
        let receipt: String = sqlx::query_scalar("SELECT receipt FROM regulation_comments WHERE id = $1")
            .bind(ids[0].0)
            .fetch_one(s.pool())
            .await
            .expect("receipt");
        let code_of = renda_core::liaison::receipt::ReceiptCode::parse(&receipt).expect("a code");
        let back = s.comment_by_receipt(code_of).await.expect("the receipt");
        assert_eq!((back.group, back.answer.map(|a| a.disposition)), (Some(dupes), Some(Disposition::Adopted)));
    }
}

#[tokio::test]
async fn a_later_draft_opens_after_the_first_closed_and_takes_its_own_comments() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        let early = NewDraft { opens_on: Some(date(2026, 3, 20)), ..draft() };
        let e = s.add_regulation_version(&w.city_staff, id, &early, date(2026, 3, 20)).await.expect_err("overlap");
        assert_eq!(code(e), "date_out_of_order");
        let second = NewDraft { text: format!("{DRAFT}\n第七条 新增条款。"), ..draft() };
        let day = date(2026, 5, 4);
        assert_eq!(s.add_regulation_version(&w.city_staff, id, &second, day).await.expect("second"), 2);
        let (c, _) = s
            .comment_on_regulation(&public(), id, &online(Target::Article(7), "第七条好"), "1.2.3.4", day)
            .await
            .expect("on the new article");
        let comments = s.regulation_comments(&w.city_staff, id).await.expect("c");
        assert_eq!(comments.iter().find(|x| x.id == c).map(|x| x.comment.version), Some(2));
    }
}

#[tokio::test]
async fn opening_notifies_the_city_s_deputies_and_its_legislative_points() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let county_staff_user = w.county_staff.user.expect("an account");
        let deputy_user: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'deputy'")
            .fetch_one(s.pool())
            .await
            .expect("deputy");
        let id = s.open_consultation(&w.city_staff, w.city, &draft(), OPENS).await.expect("opened");
        s.catch_up_notifications().await.expect("the consumer runs");
        let link = format!("/portal/drafts/{id}");
        for user in [renda_core::ids::UserId(deputy_user), county_staff_user] {
            let n = s.notifications(user, 10).await.expect("inbox");
            assert!(n.iter().any(|n| n.link.as_deref() == Some(link.as_str())), "{user:?} hears of it: {n:?}");
        }
        assert!(s.legislative_points(w.city).await.expect("points").iter().any(|p| p.id == w.point));
        s.set_legislative_point(&w.county_staff, w.point, false).await.expect("unflagged");
        assert!(s.legislative_points(w.city).await.expect("points").is_empty());
        let e = s.set_legislative_point(&w.city_staff, w.county, true).await.expect_err("not a station");
        assert_eq!(code(e), "not_found");
    }
}
