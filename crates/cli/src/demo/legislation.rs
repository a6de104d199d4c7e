//! The demo's consultations on draft regulations (法规草案公开征求意见): one of the city's
//! stations flagged as a 基层立法联系点; the city's 《养犬管理条例（草案）》 in consultation today
//! (opened ten days ago for the default 30 days) with comments from every channel, three copies
//! of one text grouped and answered 采纳 and a letter answered 未采纳 with its reason; and an
//! earlier draft whose consultation closed, its 征求意见情况 published.

use super::parse_data;
use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::filing::consultation::{Disposition, NewComment, Source, Target};
use renda_core::ids::{OrgId, PersonId};
use renda_core::org::OrgKind;
use renda_core::policy::Role;
use renda_store::legislation::{CommentId, NewDraft, RegulationId};
use renda_store::{Actor, Store};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LegislationFile {
    open: DraftData,
    closed: DraftData,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftData {
    title: String,
    explanation: String,
    text: String,
    comments: Vec<CommentData>,
    groups: Vec<GroupData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommentData {
    article: u32,
    channel: String,
    text: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    people: u32,
    #[serde(default)]
    group: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupData {
    group: u32,
    disposition: Disposition,
    reason: String,
}

const LEGISLATION_TOML: &str = include_str!("data/legislation.toml");

static DATA: LazyLock<LegislationFile> = LazyLock::new(|| parse_data("legislation.toml", LEGISLATION_TOML));

/// Seeds the consultations as of `today`: `point` is flagged as a 基层立法联系点 of `city`,
/// `deputy` (a city deputy) comments on the open draft. Returns the regulations made.
pub async fn seed(store: &Store, city: OrgId, point: OrgId, deputy: Option<PersonId>, today: Date) -> Result<usize> {
    let staff = Actor { user: None, role: Role::Staff { congress: city } };
    let point_congress = store.org(point).await?.parent.context("联络站没有所属人大")?;
    let point_staff = Actor { user: None, role: Role::Staff { congress: point_congress } };
    store.set_legislative_point(&point_staff, point, true).await.context("无法设置基层立法联系点")?;

    // The earlier draft: opened 100 days ago, closed 70 days ago, reported since.
    let opened = today.checked_sub(100.days())?;
    let closed = seed_draft(store, &staff, city, point, deputy, &DATA.closed, opened).await?;
    store
        .publish_regulation_report(&staff, closed, 1, today.checked_sub(60.days())?)
        .await
        .context("无法公布演示的征求意见情况")?;
    // Today's draft: ten days into its period.
    seed_draft(store, &staff, city, point, deputy, &DATA.open, today.checked_sub(10.days())?).await?;
    Ok(2)
}

async fn seed_draft(
    store: &Store,
    staff: &Actor,
    city: OrgId,
    point: OrgId,
    deputy: Option<PersonId>,
    d: &DraftData,
    opens_on: Date,
) -> Result<RegulationId> {
    let new = NewDraft {
        title: d.title.clone(),
        text: d.text.clone(),
        explanation: d.explanation.clone(),
        opens_on: Some(opens_on),
        period_days: None,
    };
    let id = store
        .open_consultation(staff, city, &new, opens_on)
        .await
        .with_context(|| format!("无法公开《{}》", d.title))?;
    let mut groups: BTreeMap<u32, Vec<CommentId>> = BTreeMap::new();
    for (i, c) in d.comments.iter().enumerate() {
        let on = opens_on.checked_add(((i % 9) as i64 + 1).days())?;
        let (who, source) = match c.channel.as_str() {
            "online" => (
                Actor { user: None, role: Role::Public },
                Source::Online { name: c.name.clone(), contact: c.contact.clone() },
            ),
            "letter" => (*staff, Source::Letter { name: c.name.clone() }),
            "email" => (*staff, Source::Email { name: c.name.clone(), address: c.contact.clone() }),
            "liaison_point" => (*staff, Source::LiaisonPoint { station: point, people: c.people }),
            "deputy" => match deputy {
                Some(person) => (Actor { user: None, role: Role::Deputy { person } }, Source::Deputy { person }),
                None => continue,
            },
            other => anyhow::bail!("demo/data/legislation.toml: unknown channel {other}"),
        };
        let target = if c.article == 0 { Target::Whole } else { Target::Article(c.article) };
        let new = NewComment { target, source, text: c.text.clone() };
        let addr = format!("demo-{i}");
        let (cid, _) = store
            .comment_on_regulation(&who, id, &new, &addr, on)
            .await
            .with_context(|| format!("无法录入《{}》的演示意见", d.title))?;
        if let Some(g) = c.group {
            groups.entry(g).or_default().push(cid);
        }
    }
    for g in &d.groups {
        let members = groups.get(&g.group).with_context(|| format!("演示意见中没有第{}组", g.group))?;
        let group = store.group_comments(staff, id, members).await?;
        store.answer_comment_group(staff, id, group, g.disposition, &g.reason).await?;
    }
    Ok(id)
}

/// The station to flag: the first of 东城区's, else the city's own.
pub async fn point_of(store: &Store, city: OrgId, east: OrgId) -> Result<OrgId> {
    let tree = store.org_tree().await?;
    let stations = tree.iter().filter(|r| r.org.kind == OrgKind::LiaisonStation);
    let mut fallback = None;
    for r in stations {
        match r.org.parent {
            Some(p) if p == east => return Ok(r.org.id),
            Some(p) if p == city && fallback.is_none() => fallback = Some(r.org.id),
            _ => {}
        }
    }
    fallback.context("演示数据中没有联络站")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_drafts_read_and_every_group_has_members() {
        for d in [&super::DATA.open, &super::DATA.closed] {
            let draft = renda_core::filing::draft::Draft::parse(&d.text, &d.explanation).expect("a draft");
            assert!(draft.articles.len() >= 5, "{}", d.title);
            for g in &d.groups {
                assert!(d.comments.iter().any(|c| c.group == Some(g.group)), "group {}", g.group);
            }
        }
        assert_eq!(super::DATA.open.comments.iter().filter(|c| c.group == Some(1)).count(), 3);
    }
}
