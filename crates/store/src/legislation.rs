//! Public consultation on draft regulations in the store (法规草案公开征求意见, issue 18): the rules
//! are the core's `filing::consultation`, `filing::draft` and `filing::report`; the store keeps
//! the records and applies them.
//!
//! - A regulation ([`Store::open_consultation`]) and its later drafts
//!   ([`Store::add_regulation_version`]): each version's text, 说明 and articles (split by the core's
//!   [`Draft::parse`]) and its period from the congress's settings (`filing::settings`, read in the
//!   write's transaction). Opening a version is the event the notifications follow: the
//!   congress's deputies and its 基层立法联系点 hear of it.
//! - Comments ([`Store::comment_on_regulation`]) by every channel, each with a receipt code; the
//!   public form is rate-limited per address as opinions are. A citizen's name and contact stay
//!   in `source` and never reach the audit trail or a public read.
//! - Groups of duplicates and their answers ([`Store::group_comments`],
//!   [`Store::answer_comment_group`]) and the 征求意见情况 report of a version, published once its
//!   period has closed ([`Store::publish_regulation_report`]) as a snapshot the portal shows.
//! - Liaison stations flagged as 基层立法联系点 ([`Store::set_legislative_point`]).
//!
//! The policy is `Resource::Regulation`: the congress's staff run it, the congress above reads
//! it, everyone reads a regulation once a version has opened. Every write is one `WriteTx` on the
//! congress's chain with its audit entry.

use crate::audit::Chain;
use crate::filing::settings::settings_on;
use crate::{Actor, Result, Store, StoreError};
use jiff::civil::Date;
use renda_core::event::{ConsultationOpened, Event};
use renda_core::filing::consultation::{
    self, Answer, Comment, Disposition, Group, NewComment, Regulation, Source, Target,
};
use renda_core::filing::draft::{self, Draft};
use renda_core::filing::report::{self, Report};
use renda_core::ids::OrgId;
pub use renda_core::ids::{CommentGroupId, CommentId, RegulationId};
use renda_core::liaison::opinion::{check_flood, congress_of_station};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource, Role, Target as PolicyTarget, decide};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// A new draft (the first of a regulation, or a later version) as a form gives it.
#[derive(Clone, Debug, Default)]
pub struct NewDraft {
    /// The regulation's name (ignored for a later version).
    pub title: String,
    pub text: String,
    pub explanation: String,
    /// Today when `None`.
    pub opens_on: Option<Date>,
    /// The congress's `consultation_days` when `None`.
    pub period_days: Option<u32>,
}

/// One version of a regulation: its period and its draft.
#[derive(Clone, Debug, Serialize)]
pub struct VersionRow {
    pub version: consultation::Version,
    pub draft: Draft,
}

/// A regulation with its versions (those a reader may see).
#[derive(Clone, Debug, Serialize)]
pub struct RegulationRow {
    pub id: RegulationId,
    pub congress: OrgId,
    pub congress_name: String,
    pub title: String,
    pub versions: Vec<VersionRow>,
    /// The versions whose report is published.
    pub reported: Vec<u32>,
}

impl RegulationRow {
    /// The core's regulation, for its rules.
    pub fn regulation(&self) -> Result<Regulation> {
        Regulation::from_versions(&self.title, self.versions.iter().map(|v| v.version).collect())
            .ok_or_else(|| StoreError::Internal(format!("regulation {} has versions out of order", self.id)))
    }

    pub fn latest(&self) -> Option<&VersionRow> {
        self.versions.last()
    }

    pub fn version(&self, number: u32) -> Option<&VersionRow> {
        self.versions.iter().find(|v| v.version.number == number)
    }
}

/// A regulation in a list.
#[derive(Clone, Debug, Serialize)]
pub struct RegulationSummary {
    pub id: RegulationId,
    pub congress: OrgId,
    pub congress_name: String,
    pub title: String,
    /// The latest version.
    pub latest: consultation::Version,
    pub comments: i64,
    pub reported: bool,
}

/// A comment as staff read it. `comment.source` holds the name and contact: staff only.
#[derive(Clone, Debug, Serialize)]
pub struct CommentRow {
    pub id: CommentId,
    pub regulation: RegulationId,
    pub receipt: String,
    pub comment: Comment,
    pub created_at: jiff::Timestamp,
}

/// A group with its answer and size.
#[derive(Clone, Debug, Serialize)]
pub struct GroupRow {
    pub id: CommentGroupId,
    pub version: u32,
    pub summary: String,
    pub answer: Option<Answer>,
    pub size: i64,
}

/// What the holder of a receipt code reads: the comment without who sent it, and its group's
/// answer once the report of its version is published.
#[derive(Clone, Debug, Serialize)]
pub struct CommentReceipt {
    pub regulation: RegulationId,
    pub title: String,
    pub version: u32,
    pub target: Target,
    pub text: String,
    pub on: Date,
    pub channel: consultation::Channel,
    /// The group's number in the published report, and its answer, once published.
    pub group: Option<CommentGroupId>,
    pub answer: Option<Answer>,
    pub reported: bool,
}

/// The published 征求意见情况 of a version: the core's report and each group's summary.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PublishedReport {
    pub version: u32,
    pub published_on: Date,
    pub report: Report,
    pub summaries: BTreeMap<i64, String>,
}

/// A liaison station that is a 基层立法联系点.
#[derive(Clone, Debug, Serialize)]
pub struct LegislativePoint {
    pub id: OrgId,
    pub name: String,
    pub congress: OrgId,
}

const SUMMARY_MAX: usize = 200;

fn json_err(what: &str) -> impl Fn(serde_json::Error) -> StoreError + '_ {
    move |e| StoreError::Internal(format!("{what}: {e}"))
}

fn comment_from(r: &AnyRow) -> Result<CommentRow> {
    let source: String = r.try_get("source")?;
    let article: Option<i64> = r.try_get("article")?;
    let group: Option<i64> = r.try_get("group_id")?;
    Ok(CommentRow {
        id: CommentId(r.try_get("id")?),
        regulation: RegulationId(r.try_get("regulation_id")?),
        receipt: r.try_get("receipt")?,
        comment: Comment {
            version: r.try_get::<i64, _>("version")? as u32,
            target: article.map_or(Target::Whole, |n| Target::Article(n as u32)),
            source: serde_json::from_str(&source).map_err(json_err("comment source"))?,
            text: r.try_get("body")?,
            on: crate::columns::date(r, "on_day")?,
            key: r.try_get("grouping_key")?,
            group: group.map(CommentGroupId),
        },
        created_at: crate::columns::instant(r, "created_at")?,
    })
}

const COMMENT_COLUMNS: &str =
    "id, regulation_id, version, receipt, article, source, body, on_day, grouping_key, group_id, created_at";

impl Store {
    /// A regulation as stored, every version, unchecked: the write paths check the policy next.
    async fn regulation_unchecked(&self, id: RegulationId) -> Result<RegulationRow> {
        let r = sqlx::query(
            "SELECT r.id, r.congress_id, o.name AS congress_name, r.title FROM regulations r
             JOIN organisations o ON o.id = r.congress_id WHERE r.id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该法规草案"))?;
        let versions = sqlx::query(
            "SELECT number, articles, opens_on, closes_on, draft FROM regulation_versions
             WHERE regulation_id = $1 ORDER BY number",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|v| {
            let draft: String = v.try_get("draft")?;
            Ok(VersionRow {
                version: consultation::Version {
                    number: v.try_get::<i64, _>("number")? as u32,
                    articles: v.try_get::<i64, _>("articles")? as u32,
                    opens_on: crate::columns::date(v, "opens_on")?,
                    closes_on: crate::columns::date(v, "closes_on")?,
                },
                draft: serde_json::from_str(&draft).map_err(json_err("draft"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let reported: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM regulation_reports WHERE regulation_id = $1 ORDER BY version")
                .bind(id.0)
                .fetch_all(self.pool())
                .await?;
        Ok(RegulationRow {
            id,
            congress: OrgId(r.try_get("congress_id")?),
            congress_name: r.try_get("congress_name")?,
            title: r.try_get("title")?,
            versions,
            reported: reported.into_iter().map(|v| v as u32).collect(),
        })
    }

    /// Whether `actor` reads the regulation as its staff do (every version, the comments with
    /// who sent them): staff of its congress and above, and the admin.
    async fn staff_reader(&self, actor: &Actor, congress: OrgId) -> Result<bool> {
        Ok(self.check_run_regulation(actor, Action::View, congress).await.is_ok())
    }

    /// The policy for a congress's regulations as a whole (`Resource::Regulation`, a target of
    /// the congress alone, so being published opens nothing here): its staff write, those above
    /// read.
    async fn check_run_regulation(&self, actor: &Actor, action: Action, congress: OrgId) -> Result<()> {
        let path = self.congress_path(congress).await?;
        decide(
            actor.role,
            action,
            Resource::Regulation,
            &PolicyTarget { congress_path: &path, ..PolicyTarget::default() },
        )?;
        Ok(())
    }

    /// Every regulation's id, for rebuilding the search index.
    pub async fn regulation_ids(&self) -> Result<Vec<RegulationId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM regulations ORDER BY id").fetch_all(self.pool()).await?;
        Ok(ids.into_iter().map(RegulationId).collect())
    }

    /// One regulation for `actor`: its staff and those above see every version; anyone else the
    /// versions opened by today, and nothing before the first opens.
    pub async fn regulation(&self, actor: &Actor, id: RegulationId) -> Result<RegulationRow> {
        let mut r = self.regulation_unchecked(id).await?;
        if self.staff_reader(actor, r.congress).await? {
            return Ok(r);
        }
        let today = self.today();
        r.versions.retain(|v| v.version.opens_on <= today);
        let path = self.congress_path(r.congress).await?;
        let target = PolicyTarget { congress_path: &path, public: !r.versions.is_empty(), ..PolicyTarget::default() };
        decide(actor.role, Action::View, Resource::Regulation, &target)
            .map_err(|_| StoreError::NotFound("该法规草案"))?;
        Ok(r)
    }

    /// The regulations `actor` may list, newest first: staff and the admin those of the
    /// congresses they read (every state); anyone else those published (a version opened).
    pub async fn list_regulations(&self, actor: &Actor) -> Result<Vec<RegulationSummary>> {
        let today = self.today();
        let scope = match actor.role {
            Role::Admin | Role::Staff { .. } => self.listable_congresses(actor).await?,
            _ => Vec::new(),
        };
        let rows = sqlx::query(
            "SELECT r.id, r.congress_id, o.name AS congress_name, r.title,
                    v.number, v.articles, v.opens_on, v.closes_on,
                    (SELECT COUNT(*) FROM regulation_comments c WHERE c.regulation_id = r.id) AS comments,
                    (SELECT COUNT(*) FROM regulation_reports p WHERE p.regulation_id = r.id) AS reports,
                    (SELECT MIN(f.opens_on) FROM regulation_versions f WHERE f.regulation_id = r.id) AS first_opens
             FROM regulations r JOIN organisations o ON o.id = r.congress_id
             JOIN regulation_versions v ON v.regulation_id = r.id
               AND v.number = (SELECT MAX(x.number) FROM regulation_versions x WHERE x.regulation_id = r.id)
             ORDER BY v.opens_on DESC, r.id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let congress = OrgId(r.try_get("congress_id")?);
            let first_opens = crate::columns::date(r, "first_opens")?;
            if !scope.contains(&congress) && first_opens > today {
                continue;
            }
            if !scope.contains(&congress) {
                let path = self.congress_path(congress).await?;
                let target = PolicyTarget { congress_path: &path, public: true, ..PolicyTarget::default() };
                if decide(actor.role, Action::View, Resource::Regulation, &target).is_err() {
                    continue;
                }
            }
            out.push(RegulationSummary {
                id: RegulationId(r.try_get("id")?),
                congress,
                congress_name: r.try_get("congress_name")?,
                title: r.try_get("title")?,
                latest: consultation::Version {
                    number: r.try_get::<i64, _>("number")? as u32,
                    articles: r.try_get::<i64, _>("articles")? as u32,
                    opens_on: crate::columns::date(r, "opens_on")?,
                    closes_on: crate::columns::date(r, "closes_on")?,
                },
                comments: r.try_get("comments")?,
                reported: r.try_get::<i64, _>("reports")? > 0,
            });
        }
        Ok(out)
    }

    /// Opens a consultation on the first draft of a regulation of `congress` (a 设区的市's only:
    /// `consultation_needs_city`), for the period of the congress's settings unless the form
    /// gives one. Its deputies and 基层立法联系点 are notified (from the event).
    pub async fn open_consultation(
        &self,
        actor: &Actor,
        congress: OrgId,
        new: &NewDraft,
        today: Date,
    ) -> Result<RegulationId> {
        self.check_run_regulation(actor, Action::Create, congress).await?;
        let OrgKind::Congress(level) = self.org(congress).await?.kind else {
            return Err(StoreError::NotFound("该人大"));
        };
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let settings = settings_on(w.conn(), congress).await?;
        let draft = Draft::parse(&new.text, &new.explanation)?;
        let opens_on = new.opens_on.unwrap_or(today);
        let regulation =
            Regulation::open(level, &new.title, draft.articles.len() as u32, opens_on, new.period_days, &settings)?;
        let now = w.at().to_owned();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO regulations (congress_id, title, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(congress.0)
        .bind(regulation.title())
        .bind(actor.user.map(|u| u.0))
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        let v = *regulation.latest();
        insert_version(&mut w, RegulationId(id), &v, &draft).await?;
        let opened = ConsultationOpened { version: v.number, opens_on: v.opens_on, closes_on: v.closes_on };
        let after = serde_json::json!({ "title": regulation.title(), "version": v.number, "articles": v.articles,
            "opens_on": v.opens_on, "closes_on": v.closes_on, "congress": congress });
        w.record_event(&Event::ConsultationOpened { id: RegulationId(id), opened }, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(RegulationId(id))
    }

    /// Opens the next draft of a regulation for comment, once the last version's period closed.
    pub async fn add_regulation_version(
        &self,
        actor: &Actor,
        id: RegulationId,
        new: &NewDraft,
        today: Date,
    ) -> Result<u32> {
        let r = self.regulation_unchecked(id).await?;
        self.check_run_regulation(actor, Action::Edit, r.congress).await?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        let settings = settings_on(w.conn(), r.congress).await?;
        let draft = Draft::parse(&new.text, &new.explanation)?;
        let opens_on = new.opens_on.unwrap_or(today);
        let next = r.regulation()?.add_version(draft.articles.len() as u32, opens_on, new.period_days, &settings)?;
        let v = *next.latest();
        insert_version(&mut w, id, &v, &draft).await?;
        sqlx::query("UPDATE regulations SET updated_at = $2 WHERE id = $1")
            .bind(id.0)
            .bind(w.at().to_owned())
            .execute(w.conn())
            .await?;
        let opened = ConsultationOpened { version: v.number, opens_on: v.opens_on, closes_on: v.closes_on };
        let before = serde_json::json!({ "versions": r.versions.len() });
        let after = serde_json::json!({ "version": v.number, "articles": v.articles, "opens_on": v.opens_on,
            "closes_on": v.closes_on });
        w.record_event(&Event::ConsultationOpened { id, opened }, Some(&before), Some(&after)).await?;
        w.commit().await?;
        Ok(v.number)
    }

    /// Takes a comment on the version open today: a citizen's online (rate-limited per
    /// `client_addr`), a deputy's own, or a letter, an e-mail or a 联系点 meeting entered by
    /// the congress's staff. Returns it with the receipt code its sender follows it by.
    pub async fn comment_on_regulation(
        &self,
        actor: &Actor,
        id: RegulationId,
        new: &NewComment,
        client_addr: &str,
        today: Date,
    ) -> Result<(CommentId, ReceiptCode)> {
        let r = self.regulation_unchecked(id).await?;
        draft::check_channel(actor.role, &new.source)?;
        let path = self.congress_path(r.congress).await?;
        let staff_channel =
            matches!(new.source, Source::Letter { .. } | Source::Email { .. } | Source::LiaisonPoint { .. });
        let published = r.versions.iter().any(|v| v.version.opens_on <= today);
        if staff_channel {
            self.check_run_regulation(actor, Action::Edit, r.congress).await?;
        } else {
            let target = PolicyTarget { congress_path: &path, public: published, ..PolicyTarget::default() };
            decide(actor.role, Action::View, Resource::Regulation, &target)
                .map_err(|_| StoreError::NotFound("该法规草案"))?;
        }
        if let Source::LiaisonPoint { station, .. } = new.source {
            let (flagged, within) = match self.org(station).await {
                Ok(o) => {
                    let congress = congress_of_station(o.kind, o.parent).ok();
                    let subtree = self.congress_subtree(r.congress).await?;
                    let flagged: i64 = sqlx::query_scalar("SELECT legislative_point FROM organisations WHERE id = $1")
                        .bind(station.0)
                        .fetch_one(self.pool())
                        .await?;
                    (flagged != 0 && congress.is_some(), congress.is_some_and(|c| subtree.contains(&c)))
                }
                Err(StoreError::NotFound(_)) => (false, false),
                Err(e) => return Err(e),
            };
            draft::check_liaison_point(flagged, within)?;
        }
        let comment = consultation::comment(&r.regulation()?, new, today)?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        if matches!(new.source, Source::Online { .. }) {
            let since = (self.clock().now() - jiff::SignedDuration::from_hours(1)).to_string();
            let recent: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM regulation_comments WHERE client_addr = $1 AND created_at >= $2",
            )
            .bind(client_addr)
            .bind(&since)
            .fetch_one(w.conn())
            .await?;
            check_flood(recent)?;
        }
        let receipt = loop {
            let code = ReceiptCode::from_random(rand::random());
            let taken: i64 = sqlx::query_scalar(
                "SELECT (SELECT COUNT(*) FROM regulation_comments WHERE receipt = $1)
                      + (SELECT COUNT(*) FROM opinions WHERE receipt = $1)",
            )
            .bind(code.as_str())
            .fetch_one(w.conn())
            .await?;
            if taken == 0 {
                break code;
            }
        };
        let source = serde_json::to_string(&comment.source).map_err(json_err("comment source"))?;
        let article = match comment.target {
            Target::Whole => None,
            Target::Article(n) => Some(i64::from(n)),
        };
        let now = w.at().to_owned();
        let cid: i64 = sqlx::query_scalar(
            "INSERT INTO regulation_comments (regulation_id, version, receipt, channel, article, source, body,
                grouping_key, on_day, client_addr, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(id.0)
        .bind(i64::from(comment.version))
        .bind(receipt.as_str())
        .bind(comment.source.channel().code())
        .bind(article)
        .bind(&source)
        .bind(&comment.text)
        .bind(&comment.key)
        .bind(today.to_string())
        .bind(matches!(new.source, Source::Online { .. }).then_some(client_addr))
        .bind(actor.user.map(|u| u.0))
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        // Never the sender's name or contact: the channel, the target, the people a meeting heard.
        let after = serde_json::json!({ "regulation": id, "version": comment.version,
            "channel": comment.source.channel().code(), "target": comment.target, "people": comment.source.people(),
            "receipt": receipt.as_str() });
        w.record("regulation.comment", "regulation_comment", cid, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok((CommentId(cid), receipt))
    }

    /// Every comment on a regulation with who sent it, oldest first: its staff and those above.
    pub async fn regulation_comments(&self, actor: &Actor, id: RegulationId) -> Result<Vec<CommentRow>> {
        let r = self.regulation_unchecked(id).await?;
        if !self.staff_reader(actor, r.congress).await? {
            return Err(StoreError::NotFound("该法规草案的意见"));
        }
        self.comments_of(id).await
    }

    async fn comments_of(&self, id: RegulationId) -> Result<Vec<CommentRow>> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_COLUMNS} FROM regulation_comments WHERE regulation_id = $1 ORDER BY id"
        )))
        .bind(id.0)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(comment_from)
        .collect()
    }

    /// The groups of a regulation with their answers and sizes: its staff and those above.
    pub async fn comment_groups(&self, actor: &Actor, id: RegulationId) -> Result<Vec<GroupRow>> {
        let r = self.regulation_unchecked(id).await?;
        if !self.staff_reader(actor, r.congress).await? {
            return Err(StoreError::NotFound("该法规草案的意见"));
        }
        self.groups_of(id).await
    }

    async fn groups_of(&self, id: RegulationId) -> Result<Vec<GroupRow>> {
        let rows = sqlx::query(
            "SELECT g.id, g.version, g.summary, g.disposition, g.reason,
                    (SELECT COUNT(*) FROM regulation_comments c WHERE c.group_id = g.id) AS size
             FROM regulation_groups g WHERE g.regulation_id = $1 ORDER BY g.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let disposition: Option<String> = r.try_get("disposition")?;
                let answer = match disposition {
                    None => None,
                    Some(code) => Some(Answer {
                        disposition: Disposition::from_code(&code)
                            .ok_or_else(|| StoreError::Internal(format!("disposition {code}")))?,
                        reason: r.try_get("reason")?,
                    }),
                };
                Ok(GroupRow {
                    id: CommentGroupId(r.try_get("id")?),
                    version: r.try_get::<i64, _>("version")? as u32,
                    summary: r.try_get("summary")?,
                    answer,
                    size: r.try_get("size")?,
                })
            })
            .collect()
    }

    /// Puts `members` in one new group (they leave the groups they were in; a group left
    /// empty goes): comments of one version of this regulation (`group_across_versions`).
    pub async fn group_comments(
        &self,
        actor: &Actor,
        id: RegulationId,
        members: &[CommentId],
    ) -> Result<CommentGroupId> {
        let r = self.regulation_unchecked(id).await?;
        self.check_run_regulation(actor, Action::Edit, r.congress).await?;
        draft::check_members(members.len())?;
        let all = self.comments_of(id).await?;
        let mut chosen = Vec::new();
        for m in members {
            chosen.push(all.iter().find(|c| c.id == *m).ok_or(StoreError::NotFound("该意见"))?);
        }
        consultation::check_group(&chosen.iter().map(|c| &c.comment).collect::<Vec<_>>())?;
        let first = chosen.iter().min_by_key(|c| c.id).expect("at least one member (check_members)");
        let summary: String = first.comment.text.chars().take(SUMMARY_MAX).collect();
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        let now = w.at().to_owned();
        let gid: i64 = sqlx::query_scalar(
            "INSERT INTO regulation_groups (regulation_id, version, summary, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(id.0)
        .bind(i64::from(first.comment.version))
        .bind(&summary)
        .bind(&now)
        .fetch_one(w.conn())
        .await?;
        let left: Vec<i64> = chosen.iter().filter_map(|c| c.comment.group.map(|g| g.0)).collect();
        for c in &chosen {
            sqlx::query("UPDATE regulation_comments SET group_id = $2 WHERE id = $1")
                .bind(c.id.0)
                .bind(gid)
                .execute(w.conn())
                .await?;
        }
        for g in &left {
            sqlx::query(
                "DELETE FROM regulation_groups WHERE id = $1
                 AND NOT EXISTS (SELECT 1 FROM regulation_comments WHERE group_id = $1)",
            )
            .bind(g)
            .execute(w.conn())
            .await?;
        }
        let after = serde_json::json!({ "regulation": id, "version": first.comment.version,
            "comments": chosen.iter().map(|c| c.id.0).collect::<Vec<_>>(), "left": left });
        w.record("regulation.group", "regulation_group", gid, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(CommentGroupId(gid))
    }

    /// Answers a group: 采纳, or 部分采纳 / 未采纳 with the reason (`reason_required`).
    pub async fn answer_comment_group(
        &self,
        actor: &Actor,
        id: RegulationId,
        group: CommentGroupId,
        disposition: Disposition,
        reason: &str,
    ) -> Result<Answer> {
        let r = self.regulation_unchecked(id).await?;
        self.check_run_regulation(actor, Action::Edit, r.congress).await?;
        let before =
            self.groups_of(id).await?.into_iter().find(|g| g.id == group).ok_or(StoreError::NotFound("该组意见"))?;
        let answer = Answer::new(disposition, reason)?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        let now = w.at().to_owned();
        sqlx::query("UPDATE regulation_groups SET disposition = $2, reason = $3, answered_at = $4 WHERE id = $1")
            .bind(group.0)
            .bind(answer.disposition.code())
            .bind(&answer.reason)
            .bind(&now)
            .execute(w.conn())
            .await?;
        w.record("regulation.answer", "regulation_group", group.0, Some(&before.answer), Some(&answer)).await?;
        w.commit().await?;
        Ok(answer)
    }

    /// Publishes the 征求意见情况 of `version` once its period has closed, once: the core's
    /// report over the version's comments and groups, kept as published.
    pub async fn publish_regulation_report(
        &self,
        actor: &Actor,
        id: RegulationId,
        version: u32,
        today: Date,
    ) -> Result<PublishedReport> {
        let r = self.regulation_unchecked(id).await?;
        self.check_run_regulation(actor, Action::Edit, r.congress).await?;
        let v = r.version(version).ok_or(StoreError::NotFound("该稿草案"))?;
        draft::check_report(&v.version, today, r.reported.contains(&version))?;
        let comments: Vec<Comment> =
            self.comments_of(id).await?.into_iter().map(|c| c.comment).filter(|c| c.version == version).collect();
        let groups = self.groups_of(id).await?;
        let core_groups: Vec<Group> = groups.iter().map(|g| Group { id: g.id, answer: g.answer.clone() }).collect();
        let published = PublishedReport {
            version,
            published_on: today,
            report: report::report(&comments, &core_groups),
            summaries: groups.iter().filter(|g| g.version == version).map(|g| (g.id.0, g.summary.clone())).collect(),
        };
        let json = serde_json::to_string(&published).map_err(json_err("report"))?;
        let mut w = self.begin_write(Chain::Congress(r.congress), actor.user).await?;
        let now = w.at().to_owned();
        sqlx::query(
            "INSERT INTO regulation_reports (regulation_id, version, report, published_on, published_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(i64::from(version))
        .bind(&json)
        .bind(today.to_string())
        .bind(&now)
        .execute(w.conn())
        .await?;
        let after = serde_json::json!({ "version": version, "comments": published.report.comments,
            "opinions": published.report.opinions });
        w.record("regulation.publish_report", "regulation", id.0, None::<&()>, Some(&after)).await?;
        w.commit().await?;
        Ok(published)
    }

    /// The published reports of a regulation, by version: whoever may read the regulation.
    pub async fn regulation_reports(&self, actor: &Actor, id: RegulationId) -> Result<Vec<PublishedReport>> {
        self.regulation(actor, id).await?;
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT report FROM regulation_reports WHERE regulation_id = $1 ORDER BY version")
                .bind(id.0)
                .fetch_all(self.pool())
                .await?;
        rows.iter().map(|j| serde_json::from_str(j).map_err(json_err("report"))).collect()
    }

    /// The comment a receipt code names, for whoever holds the code: never who sent it; its
    /// group's answer once the report of its version is published.
    pub async fn comment_by_receipt(&self, code: ReceiptCode) -> Result<CommentReceipt> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_COLUMNS} FROM regulation_comments WHERE receipt = $1"
        )))
        .bind(code.as_str())
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("该回执码对应的意见"))?;
        let c = comment_from(&r)?;
        let reg = self.regulation_unchecked(c.regulation).await?;
        let reported = reg.reported.contains(&c.comment.version);
        let answer = match (reported, c.comment.group) {
            (true, Some(g)) => {
                self.groups_of(c.regulation).await?.into_iter().find(|x| x.id == g).and_then(|x| x.answer)
            }
            _ => None,
        };
        Ok(CommentReceipt {
            regulation: c.regulation,
            title: reg.title,
            version: c.comment.version,
            target: c.comment.target,
            text: c.comment.text,
            on: c.comment.on,
            channel: c.comment.source.channel(),
            group: if reported { c.comment.group } else { None },
            answer,
            reported,
        })
    }

    /// Flags a liaison station as a 基层立法联系点, or takes the flag away: staff of the
    /// station's congress (`Resource::Organisation`).
    pub async fn set_legislative_point(&self, actor: &Actor, station: OrgId, on: bool) -> Result<()> {
        let o = self.org(station).await?;
        let congress = congress_of_station(o.kind, o.parent)?;
        let path = self.congress_path(congress).await?;
        decide(
            actor.role,
            Action::Edit,
            Resource::Organisation,
            &PolicyTarget { congress_path: &path, ..PolicyTarget::default() },
        )?;
        let mut w = self.begin_write(Chain::Congress(congress), actor.user).await?;
        let before: i64 = sqlx::query_scalar("SELECT legislative_point FROM organisations WHERE id = $1")
            .bind(station.0)
            .fetch_one(w.conn())
            .await?;
        sqlx::query("UPDATE organisations SET legislative_point = $2 WHERE id = $1")
            .bind(station.0)
            .bind(i64::from(on))
            .execute(w.conn())
            .await?;
        w.record(
            "station.legislative_point",
            "organisation",
            station.0,
            Some(&serde_json::json!({ "legislative_point": before != 0 })),
            Some(&serde_json::json!({ "legislative_point": on })),
        )
        .await?;
        w.commit().await?;
        self.changed();
        Ok(())
    }

    /// The 基层立法联系点 of `congress` and the congresses below it, by name: public.
    pub async fn legislative_points(&self, congress: OrgId) -> Result<Vec<LegislativePoint>> {
        let subtree = self.congress_subtree(congress).await?;
        let rows = sqlx::query(
            "SELECT id, name, parent_id FROM organisations WHERE kind = 'liaison_station' AND legislative_point = 1 ORDER BY name",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let parent = OrgId(r.try_get("parent_id")?);
            if subtree.contains(&parent) {
                out.push(LegislativePoint { id: OrgId(r.try_get("id")?), name: r.try_get("name")?, congress: parent });
            }
        }
        Ok(out)
    }

    /// Whether a station is a 基层立法联系点 (its page shows the flag): public.
    pub async fn is_legislative_point(&self, station: OrgId) -> Result<bool> {
        let flagged: Option<i64> = sqlx::query_scalar("SELECT legislative_point FROM organisations WHERE id = $1")
            .bind(station.0)
            .fetch_optional(self.pool())
            .await?;
        Ok(flagged.unwrap_or(0) != 0)
    }
}

async fn insert_version(
    w: &mut crate::WriteTx,
    id: RegulationId,
    v: &consultation::Version,
    draft: &Draft,
) -> Result<()> {
    let json = serde_json::to_string(draft).map_err(json_err("draft"))?;
    let now = w.at().to_owned();
    sqlx::query(
        "INSERT INTO regulation_versions (regulation_id, number, articles, opens_on, closes_on, draft, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.0)
    .bind(i64::from(v.number))
    .bind(i64::from(v.articles))
    .bind(v.opens_on.to_string())
    .bind(v.closes_on.to_string())
    .bind(&json)
    .bind(&now)
    .execute(w.conn())
    .await?;
    Ok(())
}
