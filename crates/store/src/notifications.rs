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

use crate::{Result, Store};
use jiff::civil::Date;
use renda_core::event::{self, Event, SuggestionChange};
use renda_core::ids::{BallotId, OpinionId, SuggestionId};
use renda_core::ids::{OrgId, PersonId, UserId};
use renda_core::oversight::review;
use renda_core::suggestion::{Command, CommandKind, Extra, Satisfaction, SuggestionState};
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
    pub created_at: jiff::Timestamp,
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
    id: OpinionId,
    actor: Option<i64>,
) -> Result<usize> {
    let Some(r) = sqlx::query(
        "SELECT o.congress_id, s.name, o.title, o.channel FROM opinions o JOIN organisations s ON s.id = o.station_id WHERE o.id = $1",
    )
    .bind(id.0)
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

/// An official document was issued to a unit: its users find it among 收到的公文.
async fn on_official_issued(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    id: renda_core::ids::OfficialDocumentId,
) -> Result<usize> {
    let Some((unit, number, title)) = sqlx::query_as::<_, (Option<i64>, String, String)>(
        "SELECT unit_id, number, title FROM official_documents WHERE id = $1 AND voided_at IS NULL",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(0);
    };
    let Some(unit) = unit else { return Ok(0) };
    let users = users_of(conn, &To::Units(vec![OrgId(unit)])).await?;
    let text = format!("收到公文：{number}《{title}》，请及时查看办理。");
    insert(conn, now, &users, "official_new", None, Some("/official"), &text, &format!("audit:{audit_id}")).await
}

/// A draft regulation's version opened for comment: the deputies sitting in its congress on
/// its first day, and each 基层立法联系点 of the congress or below — the staff of the station's
/// congress and the deputies attached to it — hear of it.
async fn on_consultation_opened(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    id: renda_core::ids::RegulationId,
    opened: &event::ConsultationOpened,
) -> Result<usize> {
    let Some((congress, title)) =
        sqlx::query_as::<_, (i64, String)>("SELECT congress_id, title FROM regulations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(0);
    };
    let day = opened.opens_on.to_string();
    let deputies: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT person_id FROM deputyships WHERE congress_id = $1 AND start_date <= $2
         AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(congress)
    .bind(&day)
    .fetch_all(&mut *conn)
    .await?;
    // The flagged stations of the congress and of those below it (the tree is shallow).
    let stations: Vec<(i64, i64)> = sqlx::query_as(
        "WITH RECURSIVE down(id) AS (
            SELECT id FROM organisations WHERE id = $1
            UNION ALL
            SELECT o.id FROM organisations o JOIN down ON o.parent_id = down.id WHERE o.kind LIKE 'congress:%'
         )
         SELECT s.id, s.parent_id FROM organisations s JOIN down ON s.parent_id = down.id
         WHERE s.kind = 'liaison_station' AND s.legislative_point = 1",
    )
    .bind(congress)
    .fetch_all(&mut *conn)
    .await?;
    let mut attached = Vec::new();
    let mut staff = Vec::new();
    for (station, station_congress) in &stations {
        let people: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM station_deputies WHERE station_id = $1")
            .bind(station)
            .fetch_all(&mut *conn)
            .await?;
        attached.extend(people);
        staff.extend(users_of(conn, &To::Staff(OrgId(*station_congress))).await?);
    }
    let link = format!("/portal/drafts/{id}");
    let src = format!("audit:{audit_id}");
    let version = if opened.version > 1 { format!("（第{}稿）", opened.version) } else { String::new() };
    let text = format!("《{title}》{version}公开征求意见，截止日期{}，欢迎提出修改意见。", opened.closes_on);
    let persons = To::Persons(deputies.into_iter().map(PersonId).collect());
    let users = users_of(conn, &persons).await?;
    let mut n = insert(conn, now, &users, "consultation_open", None, Some(&link), &text, &src).await?;
    let text = format!("《{title}》{version}公开征求意见至{}，请基层立法联系点组织座谈、收集意见。", opened.closes_on);
    let mut to = users_of(conn, &To::Persons(attached.into_iter().map(PersonId).collect())).await?;
    to.extend(staff);
    to.sort_unstable();
    to.dedup();
    n += insert(conn, now, &to, "consultation_point", None, Some(&link), &text, &src).await?;
    Ok(n)
}

/// A step of a filed normative document: its maker hears of what the office and the committee
/// did (the 备案号 given is its electronic receipt, a return, a 审查意见…), the receiving
/// congress's staff of what the maker filed or answered — never the one who acted.
async fn on_filing(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    action: &str,
    entity_id: &str,
    actor: Option<i64>,
) -> Result<usize> {
    let Ok(id) = entity_id.parse::<i64>() else { return Ok(0) };
    let Some((congress, maker, title, number, kind, state)) =
        sqlx::query_as::<_, (i64, i64, String, Option<String>, String, String)>(
            "SELECT f.congress_id, f.maker_id, f.title, f.number, o.kind, f.state FROM filings f
           JOIN organisations o ON o.id = f.maker_id WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(0);
    };
    let number = number.unwrap_or_default();
    let (to_maker, text) = match action {
        "filing.file" => (false, format!("收到报送备案的规范性文件《{title}》，请在十日内审查登记或者退回补正。")),
        "filing.resubmit" => (false, format!("《{title}》的制定机关已补正材料，请审查登记。")),
        "filing.answer" => (false, format!("《{title}》的制定机关已回复审查意见。")),
        "filing.report_correction" => (false, format!("《{title}》的制定机关已报告纠正情况。")),
        "filing.register" => (true, format!("《{title}》已登记备案，备案号{number}（电子回执）。")),
        "filing.return" => (true, format!("《{title}》备案材料不齐全，已退回补正，请在期限内补正。")),
        "filing.transfer" => (true, format!("《{title}》不属于本级审查范围，已移送。")),
        "filing.send_opinion" => (true, format!("人大常委会对《{title}》提出书面审查意见，请在期限内回复。")),
        "filing.find_no_problem" => (true, format!("《{title}》审查完毕，未发现问题。")),
        "filing.propose_revocation" => (true, format!("《{title}》已提请人大常委会审议撤销。")),
        "filing.decide" if state == "revoked" => (true, format!("人大常委会会议表决决定撤销《{title}》。")),
        "filing.decide" => (true, format!("人大常委会会议表决未通过撤销《{title}》的决定。")),
        _ => return Ok(0),
    };
    let users = if !to_maker {
        staff_but(conn, OrgId(congress), actor).await?
    } else if kind.starts_with("congress:") {
        staff_but(conn, OrgId(maker), actor).await?
    } else {
        users_of(conn, &To::Units(vec![OrgId(maker)])).await?.into_iter().filter(|u| Some(*u) != actor).collect()
    };
    let link = format!("/filings/{id}");
    insert(conn, now, &users, "filing", None, Some(&link), &text, &format!("audit:{audit_id}")).await
}

/// The clerk reminded the deputies who have not voted: each of them hears of it.
async fn on_ballot_reminder(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    id: BallotId,
    persons: &[PersonId],
) -> Result<usize> {
    let Some((title, closes_on)) =
        sqlx::query_as::<_, (String, String)>("SELECT title, closes_on FROM ballots WHERE id = $1 AND state = 'open'")
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(0);
    };
    // Whoever voted since the reminder was sent is not bothered.
    let voted: Vec<i64> = sqlx::query_scalar("SELECT person_id FROM ballot_marks WHERE ballot_id = $1")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    let persons = persons.iter().copied().filter(|p| !voted.contains(&p.0)).collect();
    let users = users_of(conn, &To::Persons(persons)).await?;
    let text = format!("代表评议《{title}》正在投票，您尚未投票，请于{closes_on}前完成投票。");
    let link = format!("/ballots/{id}");
    insert(conn, now, &users, "ballot_remind", None, Some(&link), &text, &format!("audit:{audit_id}")).await
}

/// An audit entry as the consumer reads it: id, action, entity, entity id, after, actor's user.
type LogEntry = (i64, String, String, String, Option<String>, Option<i64>);

/// The facts of a suggestion a notification needs.
struct About {
    id: SuggestionId,
    congress: OrgId,
    title: String,
    due_on: Option<String>,
    lead: PersonId,
    cosigners: Vec<(PersonId, bool)>,
    main_units: Vec<OrgId>,
    assisting_units: Vec<OrgId>,
}

async fn about(conn: &mut AnyConnection, id: SuggestionId) -> Result<Option<About>> {
    let Some(r) = sqlx::query("SELECT congress_id, title, due_on, lead_person_id FROM suggestions WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
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
        due_on: r.try_get(2)?,
        lead: PersonId(r.try_get(3)?),
        cosigners: signers
            .iter()
            .filter(|(_, role, _)| role == "cosigner")
            .map(|(p, _, confirmed)| (PersonId(*p), confirmed.is_some()))
            .collect(),
        main_units: units.iter().filter(|(_, r)| r == "main").map(|(u, _)| OrgId(*u)).collect(),
        assisting_units: units.iter().filter(|(_, r)| r == "assisting").map(|(u, _)| OrgId(*u)).collect(),
    }))
}

/// The notifications one event makes.
async fn on_event(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    event: &Event,
    actor: Option<i64>,
) -> Result<usize> {
    match event {
        Event::Review { id, change }
            if matches!(change.command.kind(), review::CommandKind::Send | review::CommandKind::OrderFollowUp) =>
        {
            crate::oversight::notify_review_sent(conn, now, audit_id, *id).await
        }
        Event::OpinionSubmitted { id } => on_opinion_submitted(conn, now, audit_id, *id, actor).await,
        Event::BallotReminded { id, reminder } => on_ballot_reminder(conn, now, audit_id, *id, &reminder.persons).await,
        Event::Suggestion { id, change } => on_suggestion_command(conn, now, audit_id, *id, change, actor).await,
        Event::OfficialIssued { id } => on_official_issued(conn, now, audit_id, *id).await,
        Event::ConsultationOpened { id, opened } => on_consultation_opened(conn, now, audit_id, *id, opened).await,
        _ => Ok(0),
    }
}

/// The notifications one command on a suggestion makes.
async fn on_suggestion_command(
    conn: &mut AnyConnection,
    now: &str,
    audit_id: i64,
    id: SuggestionId,
    change: &SuggestionChange,
    actor: Option<i64>,
) -> Result<usize> {
    let Some(s) = about(conn, id).await? else { return Ok(0) };
    // The facts as the event left them: the suggestion may have moved on by the time the
    // consumer runs (a co-signer confirms within a second).
    let state_then = change.facts.state;
    let src = format!("audit:{audit_id}");
    let t = &s.title;
    let due = change.facts.due_on.map(|d| d.to_string()).or_else(|| s.due_on.clone()).unwrap_or_default();
    let all_signers = || {
        let mut v = vec![s.lead];
        v.extend(s.cosigners.iter().map(|(p, _)| *p));
        To::Persons(v)
    };
    let mut n = 0;
    // A suggestion reaching its congress (submitted alone, or the last co-signer answered, or
    // the lead stopped waiting): the staff there hear of it, but the one who entered it.
    if state_then == SuggestionState::Submitted
        && matches!(
            change.command,
            Command::Submit
                | Command::Revise
                | Command::ConfirmCosign
                | Command::DeclineCosign
                | Command::DropPendingCosigners
        )
    {
        let lead: Option<String> = sqlx::query_scalar("SELECT name FROM persons WHERE id = $1")
            .bind(s.lead.0)
            .fetch_optional(&mut *conn)
            .await?;
        let text = format!("{}代表提出的新建议《{t}》已提交，请审查立案。", lead.unwrap_or_default());
        let users = staff_but(conn, s.congress, actor).await?;
        n += insert(conn, now, &users, "submitted", Some(s.id), None, &text, &src).await?;
    }
    let main = || To::Units(s.main_units.clone());
    match &change.command {
        Command::Submit | Command::Revise if state_then == SuggestionState::Cosigning => {
            let pending = s.cosigners.iter().filter(|(_, c)| !c).map(|(p, _)| *p).collect();
            let text = format!("请确认是否联名提出建议《{t}》。");
            n += notify(conn, now, &To::Persons(pending), "please_cosign", s.id, &text, &src).await?;
        }
        Command::Register => {
            n += notify(conn, now, &all_signers(), "registered", s.id, &format!("建议《{t}》已立案。"), &src).await?
        }
        Command::Exclude { note, .. } => {
            let text = format!("建议《{t}》未予立案，已退回：{}", note.trim());
            n += notify(conn, now, &To::Persons(vec![s.lead]), "returned", s.id, &text, &src).await?;
        }
        Command::ConvertToLetter { note } => {
            let text = format!("建议《{t}》已转为代表来信处理：{}", note.trim());
            n += notify(conn, now, &To::Persons(vec![s.lead]), "returned", s.id, &text, &src).await?;
        }
        Command::Assign { .. } => {
            let text = format!("新交办建议《{t}》（主办），请与代表联系沟通，并于{due}前答复。");
            n += notify(conn, now, &main(), "assigned", s.id, &text, &src).await?;
            let text = format!("新交办建议《{t}》（会办），请于交办后一个月内向主办单位提出会办意见。");
            n += notify(conn, now, &To::Units(s.assisting_units.clone()), "assigned", s.id, &text, &src).await?;
            let text = format!("建议《{t}》已交办，答复期限为{due}。");
            n += notify(conn, now, &all_signers(), "assigned", s.id, &text, &src).await?;
        }
        Command::Reply { .. } => {
            let text = format!("建议《{t}》已收到答复，请对办理态度和办理结果作出评价。");
            n += notify(conn, now, &To::Persons(vec![s.lead]), "please_rate", s.id, &text, &src).await?;
            let co = s.cosigners.iter().map(|(p, _)| *p).collect();
            n +=
                notify(conn, now, &To::Persons(co), "replied", s.id, &format!("建议《{t}》已收到答复。"), &src).await?;
        }
        Command::Rate { attitude, result, reason }
            if *attitude == Satisfaction::Unsatisfied || *result == Satisfaction::Unsatisfied =>
        {
            let text = format!("代表对建议《{t}》的办理不满意：{}", reason.trim());
            n += notify(conn, now, &To::Staff(s.congress), "unsatisfied", s.id, &text, &src).await?;
        }
        Command::SendBack => {
            let text = format!("代表对建议《{t}》的办理不满意，已交回重新办理，请于{due}前再次答复。");
            n += notify(conn, now, &main(), "sent_back", s.id, &text, &src).await?;
        }
        Command::RequestReturn { reason } | Command::RequestExtension { reason } => {
            let what =
                if matches!(change.command, Command::RequestReturn { .. }) { "退回调整" } else { "延期答复" };
            let text = format!("承办单位申请{what}建议《{t}》：{}，请审核。", reason.trim());
            n += notify(conn, now, &To::Staff(s.congress), "request", s.id, &text, &src).await?;
        }
        Command::ApproveReturn => {
            // The assignment is gone by now; the units that had it are in the last assign event.
            let units = assigned_main_units(conn, id, audit_id).await?;
            let text = format!("已同意退回建议《{t}》。");
            n += notify(conn, now, &To::Units(units), "request_decided", s.id, &text, &src).await?;
        }
        Command::RefuseReturn { note } => {
            let text = format!("未同意退回建议《{t}》：{}，请继续办理。", note.trim());
            n += notify(conn, now, &main(), "request_decided", s.id, &text, &src).await?;
        }
        Command::GrantExtension { .. } => {
            let text = format!("已同意延期，建议《{t}》的答复期限为{due}。");
            n += notify(conn, now, &main(), "request_decided", s.id, &text, &src).await?;
        }
        Command::RefuseExtension { note } => {
            let text = format!("未同意延期答复建议《{t}》：{}", note.trim());
            n += notify(conn, now, &main(), "request_decided", s.id, &text, &src).await?;
        }
        // The 主办 learns when it may reply: the last 会办 view arrived, or staff waived those missing.
        Command::SubmitView if change.facts.views_pending == 0 => {
            let text = format!("建议《{t}》的会办意见已全部送达，主办单位可以答复。");
            n += notify(conn, now, &main(), "views_in", s.id, &text, &src).await?;
        }
        Command::WaiveViews { reason } => {
            let text = format!("人大工作人员决定建议《{t}》不再等待会办意见（{}），主办单位可以答复。", reason.trim());
            n += notify(conn, now, &main(), "views_in", s.id, &text, &src).await?;
        }
        Command::Close => {
            let text = if state_then == SuggestionState::FollowUp {
                format!("建议《{t}》已办结，答复中的承诺将跟踪落实。")
            } else {
                format!("建议《{t}》已办结。")
            };
            n += notify(conn, now, &all_signers(), "closed", s.id, &text, &src).await?;
        }
        Command::Remind => {
            // 催办: every unit on the assignment, main and assisting.
            let text = format!("催办：建议《{t}》已超过答复期限（{due}），请尽快办理并答复代表。");
            let mut units = s.main_units.clone();
            units.extend(s.assisting_units.iter().copied());
            n += notify(conn, now, &To::Units(units), "remind", s.id, &text, &src).await?;
        }
        Command::EndFollowUp { note, .. } => {
            let text = format!("建议《{t}》跟踪落实结束：{}", note.trim());
            n += notify(conn, now, &all_signers(), "closed", s.id, &text, &src).await?;
        }
        _ => {}
    }
    Ok(n)
}

/// The 主办 units of a suggestion's last assignment before the entry `before`, as its event
/// recorded them.
async fn assigned_main_units(conn: &mut AnyConnection, id: SuggestionId, before: i64) -> Result<Vec<OrgId>> {
    let action = event::suggestion_action(CommandKind::Assign);
    let after: Option<String> = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE entity = 'suggestion' AND entity_id = $1
         AND action = $2 AND id < $3 ORDER BY id DESC LIMIT 1",
    )
    .bind(id.0.to_string())
    .bind(&action)
    .bind(before)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    Ok(match Event::read(&action, "suggestion", &id.0.to_string(), after.as_deref()) {
        Event::Suggestion { change, .. } => match change.extra {
            Extra::Assign { main, .. } => main,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    })
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
            "SELECT id, action, entity, entity_id, after_json, actor_id FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
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
        for (id, action, entity, entity_id, after, actor) in &entries {
            if entity == "filing" {
                made += on_filing(&mut tx, &now, *id, action, entity_id, *actor).await?;
                continue;
            }
            let event = Event::read(action, entity, entity_id, after.as_deref());
            made += on_event(&mut tx, &now, *id, &event, *actor).await?;
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
            let before: i64 = self.notification_position().await?;
            made += self.run_notification_consumer(500).await?;
            if self.notification_position().await? == before {
                return Ok(made);
            }
        }
    }

    /// The id of the last event-log entry the notification consumer has read.
    pub async fn notification_position(&self) -> Result<i64> {
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
                    created_at: crate::columns::instant(r, 4)?,
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
