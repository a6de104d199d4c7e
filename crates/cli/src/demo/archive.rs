//! Duty archives for the demo: the city and 东城区 get this year's rule table (a template,
//! published the December before, as a congress publishes in advance), the archive items of
//! their suggestions, two declarations of the demo deputy in 东城区 (one verified, one waiting
//! for staff), the item kinds shown on the portal, and every deputy's score recomputed.

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::{Date, date};
use renda_core::ids::OrgId;
use renda_core::policy::Role;
use renda_core::scoring::ItemKind;
use renda_core::scoring::templates::Template;
use renda_store::archive::NewDeclaration;
use renda_store::{Actor, Store};

/// Seeds the archives of `city` and `east`; returns how many scores were computed.
pub async fn seed(store: &Store, city: OrgId, east: OrgId, today: Date) -> Result<usize> {
    let year = today.year();
    let published = date(year - 1, 12, 1);
    let public = [ItemKind::SuggestionLed, ItemKind::SuggestionCosigned, ItemKind::Inspection, ItemKind::Survey];
    let mut scored = 0;
    for (congress, template) in [(city, Template::Yinchuan), (east, Template::Jiangbei)] {
        let staff = Actor { user: None, role: Role::Staff { congress } };
        store
            .install_template(&staff, congress, year, template, date(year, 1, 1), published)
            .await
            .context("无法发布演示评分细则")?;
        store.set_public_kinds(&staff, congress, &public).await.context("无法设置演示公开事项")?;
        store.archive_from_suggestions(congress, year).await.context("无法生成演示履职档案")?;
    }
    // The demo deputy's own declarations, in 东城区 where they also sit.
    let deputy = match store.user_by_login("deputy").await?.map(|u| u.role) {
        Some(Role::Deputy { person }) => Some(person),
        _ => None,
    };
    if let Some(person) = deputy {
        let staff = Actor { user: None, role: Role::Staff { congress: east } };
        let me = Actor { user: None, role: Role::Deputy { person } };
        let claims = [
            (ItemKind::Survey, 40, "参加区人大常委会组织的农村饮水安全专题调研", "调研报告.pdf"),
            (ItemKind::VoterContact, 12, "走访东湖社区居民，听取对老旧小区改造的意见", "走访记录表.jpg"),
        ];
        for (i, (kind, days_ago, text, evidence)) in claims.into_iter().enumerate() {
            let day = today.checked_sub(days_ago.days()).unwrap_or(today);
            let new = NewDeclaration {
                kind,
                date: day,
                quantity: if kind == ItemKind::VoterContact { 6 } else { 1 },
                description: text.into(),
                evidence: vec![evidence.into()],
            };
            // A deputy whose seat began after the day simply has no such declaration.
            let Ok(id) = store.declare_item(&me, person, east, &new, today).await else { continue };
            if i == 0 {
                store.verify_declaration(&staff, id).await.context("无法核实演示申报")?;
            }
        }
    }
    for congress in [city, east] {
        scored += store.recompute_scores(congress, year, today).await.context("无法计算演示得分")?;
    }
    Ok(scored)
}
