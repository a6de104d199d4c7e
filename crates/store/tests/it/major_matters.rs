//! Major matters' lists are the getter's policy: for each role of a small world (a city and a
//! county below it, staff with and without the grant, a deputy, a unit, the public, the admin),
//! a matter is in the register or the awaiting-reply list of some congress exactly when
//! `major_matter(actor, id)` opens it — a county's staff holding the grant see nothing of the
//! city's, and the city's staff nothing of the county's.

use jiff::civil::{Date, date};
use renda_core::ids::OrgId;
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::oversight::major::{Command, MatterKind, RegisterNumber};
use renda_core::policy::Role;
use renda_store::major_matters::{GRANT_MAJOR_MATTERS, MatterId, NewMatter};
use renda_store::{Actor, Store, testing};
use renda_testkit::{as_deputy, deputy, org, public, unit, user};
use std::collections::BTreeSet;

const TODAY: Date = date(2026, 3, 10);

async fn keeper(s: &Store, login: &str, congress: OrgId) -> Actor {
    let id = user(s, login, Role::Staff { congress }).await;
    s.set_grant(&Actor::system(), id, GRANT_MAJOR_MATTERS, true).await.expect("grant");
    Actor { user: Some(id), role: Role::Staff { congress } }
}

/// A request sent (awaiting its reply), a report sent, and a draft, in `congress`.
async fn matters(s: &Store, k: &Actor, congress: OrgId) -> Vec<MatterId> {
    let mut ids = Vec::new();
    for (kind, subject) in [(MatterKind::Request, "关于召开会议的请示"), (MatterKind::Report, "关于执法检查的报告")]
    {
        let id =
            s.create_major_matter(k, congress, &NewMatter::new(kind, subject, "正文"), TODAY).await.expect("draft");
        s.act_on_major_matter(k, id, &Command::Submit, TODAY).await.expect("submit");
        s.act_on_major_matter(k, id, &Command::Approve, TODAY).await.expect("approve");
        let number = RegisterNumber::next(2026, kind, None);
        s.act_on_major_matter(k, id, &Command::Send { on: TODAY, number }, TODAY).await.expect("send");
        ids.push(id);
    }
    let draft = NewMatter::new(MatterKind::Request, "草稿", "");
    ids.push(s.create_major_matter(k, congress, &draft, TODAY).await.expect("draft"));
    ids
}

#[tokio::test]
async fn a_matter_is_listed_exactly_when_its_getter_opens_it() {
    for t in testing::all().await {
        let s = &t.store;
        let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
        let county = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
        let health = org(s, "示范市卫生健康委员会", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(city)).await;
        let city_keeper = keeper(s, "city.keeper", city).await;
        let county_keeper = keeper(s, "county.keeper", county).await;
        let mut all = matters(s, &city_keeper, city).await;
        all.extend(matters(s, &county_keeper, county).await);
        let city_staff = Actor {
            user: Some(user(s, "city.staff", Role::Staff { congress: city }).await),
            role: Role::Staff { congress: city },
        };
        let actors = [
            ("admin", Actor::system()),
            ("city keeper", city_keeper),
            ("county keeper", county_keeper),
            ("city staff without the grant", city_staff),
            ("deputy", as_deputy(deputy(s, "代表", city).await)),
            ("unit", unit(health)),
            ("public", public()),
        ];
        for (who, a) in &actors {
            let mut listed = BTreeSet::new();
            let mut awaiting = BTreeSet::new();
            for c in [city, county] {
                listed.extend(s.major_register(a, c, 2026).await.unwrap_or_default().into_iter().map(|m| m.id));
                awaiting.extend(s.awaiting_reply(a, c).await.unwrap_or_default().into_iter().map(|m| m.id));
            }
            let mut opened = BTreeSet::new();
            let mut opened_awaiting = BTreeSet::new();
            for id in &all {
                if let Ok(m) = s.major_matter(a, *id).await {
                    opened.insert(*id);
                    if m.facts.awaiting_reply() {
                        opened_awaiting.insert(*id);
                    }
                }
            }
            assert_eq!(listed, opened, "{who}: the register lists what the getter opens");
            assert_eq!(awaiting, opened_awaiting, "{who}: awaiting a reply lists what the getter opens");
            let expected = match *who {
                "admin" => 6,
                "city keeper" | "county keeper" => 3,
                _ => 0,
            };
            assert_eq!(opened.len(), expected, "{who}");
        }
        for id in &all[..3] {
            assert!(
                s.major_matter(&actors[2].1, *id).await.is_err(),
                "the county's keeper opens nothing of the city's"
            );
        }
    }
}
