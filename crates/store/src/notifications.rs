//! In-app notifications, derived from the event log.
//!
//! [`Store::run_notification_consumer`] reads the audit entries after its saved position, turns
//! each suggestion event into notifications for the people it concerns (the units given a new
//! assignment, the lead deputy asked to rate a reply, the co-signers asked to confirm, the staff
//! asked to decide a return or extension…), and saves its new position in the same transaction.
//! A crash leaves the position before the batch, and a replayed entry adds nothing twice: each
//! notification carries its source (the audit entry id) under a unique key.
//!
//! [`Store::sweep_deadline_reminders`] is the time-driven half: once per deadline, a reminder
//! when a reply is near due and when it is overdue.
//!
//! Notifications are derived data, so they are not themselves on the audit chain.

use crate::suggestions::SuggestionId;
use crate::{Result, Store};
use jiff::civil::Date;
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::suggestion::SuggestionState;
use serde::Serialize;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

const CONSUMER: &str = "notifications";

/// One notification as the inbox shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub suggestion: Option<SuggestionId>,
    /// The page of what it is about when that is not a suggestion (a ballot, an opinion).
    pub link: Option<String>,
    pub text: String,
    pub created_at: String,
    pub read: bool,
}

/// Who a notification goes to. `notify` returns how many it really made: a notification that
/// exists already (same user, same source) is not made again.
enum To {
    Persons(Vec<PersonId>),
    Units(Vec<OrgId>),
    Staff(OrgId),
}

async fn users_of(conn: &mut AnyConnection, to: &To) -> Result<Vec<i64>> {
    let ids = |v: &[i64]| {
        if v.is_empty() { "0".to_owned() } else { v.iter().map(i64::to_string).collect::<Vec<_>>().join(",") }
    };
    let sql = match to {
        To::Persons(p) => format!(
            "SELECT id FROM users WHERE active = 1 AND role = 'deputy' AND person_id IN ({})",
            ids(&p.iter().map(|x| x.0).collect::<Vec<_>>())
        ),
        To::Units(u) => format!(
            "SELECT id FROM users WHERE active = 1 AND role = 'unit' AND scope_org_id IN ({})",
            ids(&u.iter().map(|x| x.0).collect::<Vec<_>>())
        ),
        To::Staff(c) => format!("SELECT id FROM users WHERE active = 1 AND role = 'staff' AND scope_org_id = {}", c.0),
    };
    Ok(sqlx::query_scalar(AssertSqlSafe(sql)).fetch_all(conn).await?)
}

async fn notify(
    conn: &mut AnyConnection,
    now: &str,
    to: &To,
    kind: &str,
    suggestion: SuggestionId,
    text: &str,
    source: &str,
) -> Result<usize> {
    let users = users_of(conn, to).await?;
    insert(conn, now, &users, kind, Some(suggestion), None, text, source).await
}

/// Writes one notification for each of `users` (once per user and source).
#[expect(clippy::too_many_arguments, reason = "the columns of one notification row")]
async fn insert(
    conn: &mut AnyConnection,
    now: &str,
    users: &[i64],
    kind: &str,
    suggestion: Option<SuggestionId>,
    link: Option<&str>,
    text: &str,
    source: &str,
) -> Result<usize> {
    let mut made = 0;
    for u in users {
        made += sqlx::query(
            "INSERT INTO notifications (user_id, kind, suggestion_id, link, text, source, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, source) DO NOTHING",
        )
        .bind(u)
        .bind(kind)
        .bind(suggestion.map(|s| s.0))
        .bind(link)
        .bind(text)
        .bind(source)
        .bind(now)
        .execute(&mut *conn)
        .await?
        .rows_affected() as usize;
    }
    Ok(made)
}

/// The staff of `congress` but the one who acted (who knows already).
async fn staff_but(conn: &mut AnyConnection, congress: OrgId, actor: Option<i64>) -> Result<Vec<i64>> {
    let users = users_of(conn, &To::Staff(congress)).await?;
    Ok(users.into_iter().filter(|u| Some(*u) != actor).collect())
}

/// A citizen's opinion arrived at a station: the staff of the station's congress hear of it.
async fn on_opinion_submitted(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    entity_id: &str,
    actor: Option<i64>,
) -> Result<usize> {
    let Ok(id) = entity_id.parse::<i64>() else { return Ok(0) };
    let Some(r) = sqlx::query(
        "SELECT o.congress_id, s.name, o.title, o.channel FROM opinions o JOIN organisations s ON s.id = o.station_id WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(0);
    };
    let congress = OrgId(r.try_get(0)?);
    let station: String = r.try_get(1)?;
    let title: Option<String> = r.try_get(2)?;
    let how = if r.try_get::<String, _>(3)? == "online" { "网上" } else { "接待中" };
    let what = title.filter(|t| !t.trim().is_empty()).map_or_else(String::new, |t| format!("《{t}》"));
    let text = format!("{station}{how}收到一条新的群众意见{what}，请及时处理。");
    let users = staff_but(conn, congress, actor).await?;
    let link = format!("/opinions/{id}");
    insert(conn, now, &users, "opinion_new", None, Some(&link), &text, &format!("audit:{audit_id}")).await
}

/// The clerk reminded the deputies who have not voted: each of them hears of it.
async fn on_ballot_reminder(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    entity_id: &str,
    after: Option<&str>,
) -> Result<usize> {
    let Ok(id) = entity_id.parse::<i64>() else { return Ok(0) };
    let Some((title, closes_on)) =
        sqlx::query_as::<_, (String, String)>("SELECT title, closes_on FROM ballots WHERE id = $1 AND state = 'open'")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(0);
    };
    let payload: serde_json::Value = after.and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
    let persons: Vec<PersonId> = payload["persons"]
        .as_array()
        .map_or_else(Vec::new, |a| a.iter().filter_map(serde_json::Value::as_i64).map(PersonId).collect());
    // Whoever voted since the reminder was sent is not bothered.
    let voted: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM ballot_marks WHERE ballot_id = $1")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    let persons = persons.into_iter().filter(|p| !voted.contains(&p.0)).collect();
    let users = users_of(conn, &To::Persons(persons)).await?;
    let text = format!("代表评议《{title}》正在投票，您尚未投票，请于{closes_on}前完成投票。");
    let link = format!("/ballots/{id}");
    insert(conn, now, &users, "ballot_remind", None, Some(&link), &text, &format!("audit:{audit_id}")).await
}

/// An audit entry as the consumer reads it: id, action, entity id, after, actor's user.
type LogEntry = (i64, String, String, Option<String>, Option<i64>);

/// The facts of a suggestion a notification needs.
struct About {
    id: SuggestionId,
    congress: OrgId,
    title: String,
    state: SuggestionState,
    due_on: Option<String>,
    lead: PersonId,
    cosigners: Vec<(PersonId, bool)>,
    main_units: Vec<OrgId>,
    assisting_units: Vec<OrgId>,
}

async fn about(conn: &mut AnyConnection, id: SuggestionId) -> Result<Option<About>> {
    let Some(r) =
        sqlx::query("SELECT congress_id, title, state, due_on, lead_person_id FROM suggestions WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let state: String = r.try_get(2)?;
    let signers: Vec<(i64, String, Option<String>)> =
        sqlx::query_as("SELECT person_id, role, confirmed_at FROM suggestion_signers WHERE suggestion_id = $1")
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?;
    let units: Vec<(i64, String)> =
        sqlx::query_as("SELECT unit_id, role FROM suggestion_units WHERE suggestion_id = $1")
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Some(About {
        id,
        congress: OrgId(r.try_get(0)?),
        title: r.try_get(1)?,
        state: SuggestionState::from_code(&state).unwrap_or(SuggestionState::Draft),
        due_on: r.try_get(3)?,
        lead: PersonId(r.try_get(4)?),
        cosigners: signers
            .iter()
            .filter(|(_, role, _)| role == "cosigner")
            .map(|(p, _, confirmed)| (PersonId(*p), confirmed.is_some()))
            .collect(),
        main_units: units.iter().filter(|(_, r)| r == "main").map(|(u, _)| OrgId(*u)).collect(),
        assisting_units: units.iter().filter(|(_, r)| r == "assisting").map(|(u, _)| OrgId(*u)).collect(),
    }))
}

/// The notifications one suggestion event makes.
async fn on_event(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    action: &str,
    entity_id: &str,
    after: Option<&str>,
    actor: Option<i64>,
) -> Result<usize> {
    match action {
        "review.send" | "review.order_follow_up" => {
            return crate::oversight::notify_review_sent(conn, now, audit_id, entity_id).await;
        }
        "opinion.submit" => return on_opinion_submitted(conn, now, audit_id, entity_id, actor).await,
        "ballot.remind" => return on_ballot_reminder(conn, now, audit_id, entity_id, after).await,
        _ => {}
    }
    let Some(kind) = action.strip_prefix("suggestion.") else { return Ok(0) };
    let Ok(id) = entity_id.parse::<i64>() else { return Ok(0) };
    let Some(s) = about(conn, SuggestionId(id)).await? else { return Ok(0) };
    let payload: serde_json::Value = after.and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
    let command = &payload["command"];
    // The facts as the event left them: the suggestion may have moved on by the time the
    // consumer runs (a co-signer confirms within a second).
    let facts = &payload["facts"];
    let state_then = facts["state"].as_str().and_then(SuggestionState::from_code).unwrap_or(s.state);
    let src = format!("audit:{audit_id}");
    let t = &s.title;
    let due = facts["due_on"].as_str().map(str::to_owned).or_else(|| s.due_on.clone()).unwrap_or_default();
    let all_signers = || {
        let mut v = vec![s.lead];
        v.extend(s.cosigners.iter().map(|(p, _)| *p));
        To::Persons(v)
    };
    let note = |key: &str| command[key].as_str().unwrap_or("").trim().to_owned();
    let mut n = 0;
    // A suggestion reaching its congress (submitted alone, or the last co-signer answered, or
    // the lead stopped waiting): the staff there hear of it, but the one who entered it.
    if state_then == SuggestionState::Submitted
        && matches!(kind, "submit" | "revise" | "confirm_cosign" | "decline_cosign" | "drop_pending_cosigners")
    {
        let lead: Option<String> = sqlx::query_scalar("SELECT name FROM persons WHERE id = $1")
            .bind(s.lead.0)
            .fetch_optional(&mut *conn)
            .await?;
        let text = format!("{}代表提出的新建议《{t}》已提交，请审查立案。", lead.unwrap_or_default());
        let users = staff_but(conn, s.congress, actor).await?;
        n += insert(conn, now, &users, "submitted", Some(s.id), None, &text, &src).await?;
    }
    match kind {
        "submit" | "revise" if state_then == SuggestionState::Cosigning => {
            let pending = s.cosigners.iter().filter(|(_, c)| !c).map(|(p, _)| *p).collect();
            n += notify(
                conn,
                now,
                &To::Persons(pending),
                "please_cosign",
                s.id,
                &format!("请确认是否联名提出建议《{t}》。"),
                &src,
            )
            .await?;
        }
        "register" => {
            n += notify(conn, now, &all_signers(), "registered", s.id, &format!("建议《{t}》已立案。"), &src).await?
        }
        "exclude" => {
            let text = format!("建议《{t}》未予立案，已退回：{}", note("note"));
            n += notify(conn, now, &To::Persons(vec![s.lead]), "returned", s.id, &text, &src).await?;
        }
        "convert_to_letter" => {
            let text = format!("建议《{t}》已转为代表来信处理：{}", note("note"));
            n += notify(conn, now, &To::Persons(vec![s.lead]), "returned", s.id, &text, &src).await?;
        }
        "assign" => {
            let text = format!("新交办建议《{t}》（主办），请与代表联系沟通，并于{due}前答复。");
            n += notify(conn, now, &To::Units(s.main_units.clone()), "assigned", s.id, &text, &src).await?;
            let text = format!("新交办建议《{t}》（会办），请于交办后一个月内向主办单位提出会办意见。");
            n += notify(conn, now, &To::Units(s.assisting_units.clone()), "assigned", s.id, &text, &src).await?;
            n += notify(
                conn,
                now,
                &all_signers(),
                "assigned",
                s.id,
                &format!("建议《{t}》已交办，答复期限为{due}。"),
                &src,
            )
            .await?;
        }
        "reply" => {
            let text = format!("建议《{t}》已收到答复，请对办理态度和办理结果作出评价。");
            n += notify(conn, now, &To::Persons(vec![s.lead]), "please_rate", s.id, &text, &src).await?;
            let co = s.cosigners.iter().map(|(p, _)| *p).collect();
            n +=
                notify(conn, now, &To::Persons(co), "replied", s.id, &format!("建议《{t}》已收到答复。"), &src).await?;
        }
        "rate" => {
            let unhappy = command["attitude"] == "unsatisfied" || command["result"] == "unsatisfied";
            if unhappy {
                let text = format!("代表对建议《{t}》的办理不满意：{}", note("reason"));
                n += notify(conn, now, &To::Staff(s.congress), "unsatisfied", s.id, &text, &src).await?;
            }
        }
        "send_back" => {
            let text = format!("代表对建议《{t}》的办理不满意，已交回重新办理，请于{due}前再次答复。");
            n += notify(conn, now, &To::Units(s.main_units.clone()), "sent_back", s.id, &text, &src).await?;
        }
        "request_return" | "request_extension" => {
            let what = if kind == "request_return" { "退回调整" } else { "延期答复" };
            let text = format!("承办单位申请{what}建议《{t}》：{}，请审核。", note("reason"));
            n += notify(conn, now, &To::Staff(s.congress), "request", s.id, &text, &src).await?;
        }
        "approve_return" | "refuse_return" | "grant_extension" | "refuse_extension" => {
            let text = match kind {
                "approve_return" => format!("已同意退回建议《{t}》。"),
                "refuse_return" => format!("未同意退回建议《{t}》：{}，请继续办理。", note("note")),
                "grant_extension" => format!("已同意延期，建议《{t}》的答复期限为{due}。"),
                _ => format!("未同意延期答复建议《{t}》：{}", note("note")),
            };
            let units = if kind == "approve_return" {
                // The assignment is gone by now; the units that had it are in the last assign event.
                let assign: Option<String> = sqlx::query_scalar(
                    "SELECT after_json FROM audit_log WHERE entity = 'suggestion' AND entity_id = $1
                     AND action = 'suggestion.assign' AND id < $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(entity_id)
                .bind(audit_id)
                .fetch_optional(&mut *conn)
                .await?
                .flatten();
                let v: serde_json::Value = assign.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or_default();
                v["extra"]["main"]
                    .as_array()
                    .map_or_else(Vec::new, |a| a.iter().filter_map(|x| x.as_i64()).map(OrgId).collect())
            } else {
                s.main_units.clone()
            };
            n += notify(conn, now, &To::Units(units), "request_decided", s.id, &text, &src).await?;
        }
        // The 主办 learns when it may reply: the last 会办 view arrived, or staff waived those missing.
        "submit_view" if facts["views_pending"].as_u64() == Some(0) => {
            let text = format!("建议《{t}》的会办意见已全部送达，主办单位可以答复。");
            n += notify(conn, now, &To::Units(s.main_units.clone()), "views_in", s.id, &text, &src).await?;
        }
        "waive_views" => {
            let text = format!("人大工作人员决定建议《{t}》不再等待会办意见（{}），主办单位可以答复。", note("reason"));
            n += notify(conn, now, &To::Units(s.main_units.clone()), "views_in", s.id, &text, &src).await?;
        }
        "close" => {
            let text = if state_then == SuggestionState::FollowUp {
                format!("建议《{t}》已办结，答复中的承诺将跟踪落实。")
            } else {
                format!("建议《{t}》已办结。")
            };
            n += notify(conn, now, &all_signers(), "closed", s.id, &text, &src).await?;
        }
        "remind" => {
            // 催办: every unit on the assignment, main and assisting.
            let text = format!("催办：建议《{t}》已超过答复期限（{due}），请尽快办理并答复代表。");
            let mut units = s.main_units.clone();
            units.extend(s.assisting_units.iter().copied());
            n += notify(conn, now, &To::Units(units), "remind", s.id, &text, &src).await?;
        }
        "end_follow_up" => {
            let text = format!("建议《{t}》跟踪落实结束：{}", note("note"));
            n += notify(conn, now, &all_signers(), "closed", s.id, &text, &src).await?;
        }
        _ => {}
    }
    Ok(n)
}

impl Store {
    /// Processes up to `batch` event-log entries after the consumer's position; returns how
    /// many notifications were made. Call it until it processes nothing.
    pub async fn run_notification_consumer(&self, batch: i64) -> Result<usize> {
        let mut tx = self.writer().begin().await?;
        sqlx::query("INSERT INTO consumer_positions (name, last_id) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
            .bind(CONSUMER)
            .execute(&mut *tx)
            .await?;
        // Writing the position first takes the lock, so two processes do not work the same batch.
        let last: i64 =
            sqlx::query_scalar("UPDATE consumer_positions SET last_id = last_id WHERE name = $1 RETURNING last_id")
                .bind(CONSUMER)
                .fetch_one(&mut *tx)
                .await?;
        let entries: Vec<LogEntry> = sqlx::query_as(
            "SELECT id, action, entity_id, after_json, actor_id FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(last)
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        let Some(newest) = entries.last().map(|e| e.0) else {
            return Ok(0);
        };
        let now = self.now_text();
        let mut made = 0;
        for (id, action, entity_id, after, actor) in &entries {
            made += on_event(&mut tx, &now, *id, action, entity_id, after.as_deref(), *actor).await?;
        }
        sqlx::query("UPDATE consumer_positions SET last_id = $2 WHERE name = $1")
            .bind(CONSUMER)
            .bind(newest)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(made)
    }

    /// Catches up with the whole event log.
    pub async fn catch_up_notifications(&self) -> Result<usize> {
        let mut made = 0;
        loop {
            let before: i64 = self.consumer_position().await?;
            made += self.run_notification_consumer(500).await?;
            if self.consumer_position().await? == before {
                return Ok(made);
            }
        }
    }

    async fn consumer_position(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT last_id FROM consumer_positions WHERE name = $1")
            .bind(CONSUMER)
            .fetch_optional(self.pool())
            .await?
            .unwrap_or(0))
    }

    /// Near-due and overdue reminders as of `today`: once per suggestion and deadline each, to
    /// the main units and the staff of the congress.
    pub async fn sweep_deadline_reminders(&self, today: Date) -> Result<usize> {
        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT id, congress_id, title, due_on FROM suggestions
             WHERE state IN ('assigned','in_progress','rehandling') AND due_on IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?;
        let now = self.now_text();
        let mut tx = self.writer().begin().await?;
        let mut made = 0;
        for (id, congress, title, due) in rows {
            let Ok(due_date) = due.parse::<Date>() else { continue };
            let settings = self.suggestion_settings(OrgId(congress)).await?;
            let left = (due_date - today).get_days();
            let (kind, text) = if left < 0 {
                ("overdue", format!("建议《{title}》已超过答复期限（{due}），请尽快答复。"))
            } else if left <= settings.near_due_days {
                ("near_due", format!("建议《{title}》的答复期限为{due}，还剩{left}天。"))
            } else {
                continue;
            };
            let Some(s) = about(&mut tx, SuggestionId(id)).await? else { continue };
            let src = format!("reminder:{id}:{kind}:{due}");
            made += notify(&mut tx, &now, &To::Units(s.main_units.clone()), kind, s.id, &text, &src).await?;
            made += notify(&mut tx, &now, &To::Staff(s.congress), kind, s.id, &text, &src).await?;
        }
        tx.commit().await?;
        Ok(made)
    }

    /// A user's latest notifications, unread first.
    pub async fn notifications(&self, user: UserId, limit: i64) -> Result<Vec<Notification>> {
        let rows = sqlx::query(
            "SELECT id, kind, suggestion_id, text, created_at, read_at, link FROM notifications WHERE user_id = $1
             ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, id DESC LIMIT $2",
        )
        .bind(user.0)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notification {
                    id: r.try_get(0)?,
                    kind: r.try_get(1)?,
                    suggestion: r.try_get::<Option<i64>, _>(2)?.map(SuggestionId),
                    text: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                    read: r.try_get::<Option<String>, _>(5)?.is_some(),
                    link: r.try_get(6)?,
                })
            })
            .collect()
    }

    pub async fn unread_notifications(&self, user: UserId) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.0)
            .fetch_one(self.pool())
            .await?)
    }

    /// Marks one notification (or all, with `None`) of `user` as read.
    pub async fn mark_notifications_read(&self, user: UserId, id: Option<i64>) -> Result<()> {
        let now = self.now_text();
        match id {
            Some(id) => {
                sqlx::query("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = $2 AND read_at IS NULL")
                    .bind(user.0)
                    .bind(id)
                    .bind(&now)
                    .execute(self.writer())
                    .await?
            }
            None => {
                sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                    .bind(user.0)
                    .bind(&now)
                    .execute(self.writer())
                    .await?
            }
        };
        Ok(())
    }
}

/// A notification waiting to be delivered outside the platform.
#[derive(Clone, Debug, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub kind: String,
    pub suggestion: Option<SuggestionId>,
    pub text: String,
    pub email: Option<String>,
    /// The account's mobile, or for a deputy the one on the roster.
    pub phone: Option<String>,
    pub attempts: i64,
}

/// Attempts before a delivery is given up (it stays in the inbox either way).
pub const MAX_DELIVERY_ATTEMPTS: i64 = 5;

impl Store {
    /// Notifications of the last two days not yet delivered outside the platform, oldest first
    /// (turning delivery on later does not send a backlog of old news).
    pub async fn pending_deliveries(&self, limit: i64) -> Result<Vec<Delivery>> {
        let since = (self.clock().now() - jiff::SignedDuration::from_hours(48)).to_string();
        let rows = sqlx::query(
            "SELECT n.id, u.login, u.display_name, n.kind, n.suggestion_id, n.text, u.email, COALESCE(u.phone, p.phone), n.send_attempts
             FROM notifications n JOIN users u ON u.id = n.user_id LEFT JOIN persons p ON p.id = u.person_id
             WHERE n.sent_at IS NULL AND n.send_attempts < $1 AND n.created_at > $3 ORDER BY n.id LIMIT $2",
        )
        .bind(MAX_DELIVERY_ATTEMPTS)
        .bind(limit)
        .bind(since)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delivery {
                    id: r.try_get(0)?,
                    login: r.try_get(1)?,
                    display_name: r.try_get(2)?,
                    kind: r.try_get(3)?,
                    suggestion: r.try_get::<Option<i64>, _>(4)?.map(SuggestionId),
                    text: r.try_get(5)?,
                    email: r.try_get(6)?,
                    phone: r.try_get(7)?,
                    attempts: r.try_get(8)?,
                })
            })
            .collect()
    }

    /// Records a delivery: done (`error` None), or failed with the reason (tried again later).
    pub async fn record_delivery(&self, id: i64, error: Option<&str>) -> Result<()> {
        match error {
            None => sqlx::query("UPDATE notifications SET sent_at = $2, send_error = NULL WHERE id = $1")
                .bind(id)
                .bind(self.now_text()),
            Some(e) => {
                sqlx::query("UPDATE notifications SET send_attempts = send_attempts + 1, send_error = $2 WHERE id = $1")
                    .bind(id)
                    .bind(e.chars().take(500).collect::<String>())
            }
        }
        .execute(self.writer())
        .await?;
        Ok(())
    }
}
