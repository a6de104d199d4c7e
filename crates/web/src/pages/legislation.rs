//! 法规草案公开征求意见 for the congress's staff (issue 18): the list of draft regulations with
//! the form that opens a consultation (a county's or township's staff get the core's refusal)
//! and the 基层立法联系点 of the congress; a regulation's page with its versions, the comments by
//! every channel with who sent them, the letters, e-mails and 联系点 meetings entered here, the
//! duplicate groups offered by the core's `suggest_groups`, each group's answer and the report
//! published once a version's period has closed. [`portal`] is the public side.
//!
//! The helpers the API shares (`open_from`, `comment_from`, …) take what a form or a JSON body
//! gives and return the store's answer, so both carry the same rules and codes.

pub mod portal;

use super::{Ctx, actor, done, notice_text, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::pages::oversight::Fields;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::ErrorCode;
use renda_core::ValidationError;
use renda_core::filing::consultation::{Channel, Disposition, NewComment, Source, Target, suggest_groups};
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::receipt::ReceiptCode;
use renda_core::org::OrgKind;
use renda_core::policy::{Action, Resource};
use renda_store::legislation::{
    CommentGroupId, CommentId, CommentRow, GroupRow, LegislativePoint, NewDraft, RegulationId, RegulationRow,
    RegulationSummary,
};
use renda_store::users::Session;

// ---- what forms and JSON bodies give ---------------------------------------------------------

/// A draft as a form or the API gives it; dates and days as typed.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct DraftInput {
    /// The regulation's name (the first version only).
    #[serde(default)]
    pub title: String,
    pub text: String,
    pub explanation: String,
    /// YYYY-MM-DD; today when empty.
    #[serde(default)]
    pub opens_on: String,
    /// 10 to 90; the congress's setting (30 by default) when empty.
    #[serde(default)]
    pub period_days: String,
}

impl DraftInput {
    fn from_fields(f: &Fields) -> DraftInput {
        DraftInput {
            title: f.get("title").to_owned(),
            text: f.get("text").to_owned(),
            explanation: f.get("explanation").to_owned(),
            opens_on: f.get("opens_on").to_owned(),
            period_days: f.get("period_days").to_owned(),
        }
    }

    fn parse(&self) -> AppResult<NewDraft> {
        let opens_on = if self.opens_on.trim().is_empty() {
            None
        } else {
            Some(renda_core::value::parse_date("opens_on", &self.opens_on)?)
        };
        let period_days = match self.period_days.trim() {
            "" => None,
            d => Some(
                d.parse::<u32>().map_err(|_| ValidationError::new("period_days", "征求意见期限应填写天数，如30"))?,
            ),
        };
        Ok(NewDraft {
            title: self.title.clone(),
            text: self.text.clone(),
            explanation: self.explanation.clone(),
            opens_on,
            period_days,
        })
    }
}

/// A comment as a form or the API gives it. `channel`: online (a citizen), deputy (the deputy
/// signed in), letter, email, liaison_point (staff entering it); empty: deputy for a deputy,
/// online for anyone else. `article`: empty or 0 for the whole draft.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct CommentInput {
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub article: Option<u32>,
    pub text: String,
    #[serde(default)]
    pub name: String,
    /// A citizen's phone or e-mail (never published).
    #[serde(default)]
    pub contact: String,
    /// An e-mail's address.
    #[serde(default)]
    pub address: String,
    /// A 联系点 meeting's station and the number of people heard.
    #[serde(default)]
    pub station: Option<i64>,
    #[serde(default)]
    pub people: Option<u32>,
}

impl CommentInput {
    pub(crate) fn from_fields(f: &Fields) -> AppResult<CommentInput> {
        let article = match f.get("article").trim() {
            "" | "0" => None,
            a => Some(a.parse::<u32>().map_err(|_| ValidationError::new("article", "请选择草案的条文"))?),
        };
        let people = match f.get("people").trim() {
            "" => None,
            p => Some(p.parse::<u32>().map_err(|_| ValidationError::new("people", "参加人数应为整数"))?),
        };
        Ok(CommentInput {
            channel: f.get("channel").to_owned(),
            article,
            text: f.get("text").to_owned(),
            name: f.get("name").to_owned(),
            contact: f.get("contact").to_owned(),
            address: f.get("address").to_owned(),
            station: f.opt_int("station")?,
            people,
        })
    }

    fn comment(&self, s: Option<&Session>) -> AppResult<NewComment> {
        let deputy = s.and_then(|s| s.user.role.deputy());
        let channel = match self.channel.trim() {
            "" => deputy.map_or(Channel::Online, |_| Channel::Deputy),
            c => Channel::from_code(c).ok_or_else(|| ValidationError::new("channel", "请选择意见的来源渠道"))?,
        };
        let source = match channel {
            Channel::Online => Source::Online { name: self.name.clone(), contact: self.contact.clone() },
            Channel::Letter => Source::Letter { name: self.name.clone() },
            Channel::Email => Source::Email { name: self.name.clone(), address: self.address.clone() },
            Channel::LiaisonPoint => Source::LiaisonPoint {
                station: OrgId(self.station.ok_or_else(|| ValidationError::new("station", "请选择基层立法联系点"))?),
                people: self.people.unwrap_or(0),
            },
            Channel::Deputy => Source::Deputy {
                person: deputy
                    .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有代表本人可以以代表身份提出意见。"))?,
            },
        };
        let target = self.article.filter(|n| *n > 0).map_or(Target::Whole, Target::Article);
        Ok(NewComment { target, source, text: self.text.clone() })
    }
}

/// The congress a staff member opens consultations in.
fn own_congress(s: &Session) -> AppResult<OrgId> {
    s.user
        .role
        .staff_congress()
        .ok_or_else(|| AppError::new(ErrorCode::Forbidden, "只有人大工作人员可以公开征求法规草案意见。"))
}

/// Opens a consultation on a first draft in the staff member's congress (page and API).
pub(crate) async fn open_from(state: &AppState, s: &Session, input: &DraftInput) -> AppResult<RegulationId> {
    let congress = own_congress(s)?;
    Ok(state.store.open_consultation(&actor(s), congress, &input.parse()?, state.today()).await?)
}

/// The next draft of a regulation (page and API).
pub(crate) async fn add_version_from(
    state: &AppState,
    s: &Session,
    id: RegulationId,
    input: &DraftInput,
) -> AppResult<u32> {
    Ok(state.store.add_regulation_version(&actor(s), id, &input.parse()?, state.today()).await?)
}

/// A comment by whoever sends it (the portal, a deputy, staff entering one; page and API).
pub(crate) async fn comment_from(
    state: &AppState,
    s: Option<&Session>,
    id: RegulationId,
    input: &CommentInput,
    addr: &str,
) -> AppResult<(CommentId, ReceiptCode)> {
    let new = input.comment(s)?;
    let who = super::reader_actor(s);
    Ok(state.store.comment_on_regulation(&who, id, &new, addr, state.today()).await?)
}

/// Groups comments (page and API).
pub(crate) async fn group_from(
    state: &AppState,
    s: &Session,
    id: RegulationId,
    comments: &[i64],
) -> AppResult<CommentGroupId> {
    let ids: Vec<CommentId> = comments.iter().copied().map(CommentId).collect();
    Ok(state.store.group_comments(&actor(s), id, &ids).await?)
}

/// Answers a group (page and API): `disposition` adopted, partly_adopted or not_adopted.
pub(crate) async fn answer_from(
    state: &AppState,
    s: &Session,
    id: RegulationId,
    group: i64,
    disposition: &str,
    reason: &str,
) -> AppResult<()> {
    let d = Disposition::from_code(disposition)
        .ok_or_else(|| ValidationError::new("disposition", "请选择采纳、部分采纳或未采纳"))?;
    state.store.answer_comment_group(&actor(s), id, CommentGroupId(group), d, reason).await?;
    Ok(())
}

/// Flags a station as a 基层立法联系点 or takes the flag away (page and API).
pub(crate) async fn point_from(state: &AppState, s: &Session, station: i64, on: bool) -> AppResult<()> {
    Ok(state.store.set_legislative_point(&actor(s), OrgId(station), on).await?)
}

// ---- the list --------------------------------------------------------------------------------

/// A station of the staff's congress and whether it is a 基层立法联系点.
pub struct StationFlag {
    pub id: i64,
    pub name: String,
    pub flagged: bool,
}

#[derive(Template)]
#[template(path = "legislation.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub rows: Vec<RegulationSummary>,
    pub today: Date,
    /// Staff may try to open one (a county's are refused by the core, with its reason).
    pub may_open: bool,
    pub default_days: u32,
    pub stations: Vec<StationFlag>,
}

impl ListPage {
    pub fn phase(&self, r: &RegulationSummary) -> String {
        r.latest.phase(self.today).label()
    }
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    if !renda_core::policy::may_congress_wide(s.user.role, Action::View, Resource::Regulation) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "法规草案征求意见的办理页面仅限人大工作人员；阅读草案、提出意见请访问门户网站的“法规草案征求意见”栏目。",
        ));
    }
    let rows = state.store.list_regulations(&a).await?;
    let (may_open, default_days, stations) = match s.user.role.staff_congress() {
        Some(c) => {
            let mut stations = Vec::new();
            for o in state.store.orgs_of_congress(c).await? {
                if o.kind == OrgKind::LiaisonStation {
                    let flagged = state.store.is_legislative_point(o.id).await?;
                    stations.push(StationFlag { id: o.id.0, name: o.name.to_string(), flagged });
                }
            }
            (true, state.store.filing_settings(c).await?.consultation_days, stations)
        }
        None => (false, 30, Vec::new()),
    };
    render(&ListPage {
        ctx: Ctx::new(&state, Some(&s), "法规草案征求意见", "/legislation"),
        notice: notice_text(q.notice.as_deref()),
        rows,
        today: state.today(),
        may_open,
        default_days,
        stations,
    })
}

pub async fn open(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let id = open_from(&state, &s, &DraftInput::from_fields(&f)).await?;
    Ok(done(&format!("/legislation/{id}"), "consultation_opened"))
}

pub async fn point(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let on = f.get("on") == "1";
    point_from(&state, &s, f.int("station", "联络站")?, on).await?;
    Ok(done("/legislation", if on { "point_flagged" } else { "point_unflagged" }))
}

// ---- one regulation --------------------------------------------------------------------------

/// A comment as the staff's table shows it.
pub struct CommentView {
    pub id: i64,
    pub receipt: String,
    pub version: u32,
    pub target: String,
    pub channel: &'static str,
    /// Who sent it: a name and contact, a station and the people heard, a deputy.
    pub from: String,
    pub text: String,
    pub on: Date,
    pub group: Option<i64>,
}

#[derive(Template)]
#[template(path = "legislation_show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub r: RegulationRow,
    pub today: Date,
    pub may_edit: bool,
    pub comments: Vec<CommentView>,
    pub groups: Vec<GroupRow>,
    /// Duplicate comments not yet grouped, as the core offers them.
    pub suggested: Vec<Vec<i64>>,
    pub points: Vec<LegislativePoint>,
    /// Versions whose period has closed and whose report is not yet published.
    pub publishable: Vec<u32>,
    pub dispositions: Vec<(&'static str, &'static str)>,
    /// The latest version's article numbers, for the entry form.
    pub articles: Vec<u32>,
}

impl ShowPage {
    pub fn phase(&self) -> String {
        self.r.latest().map(|v| v.version.phase(self.today).label()).unwrap_or_default()
    }

    pub fn phase_of(&self, v: &renda_core::filing::consultation::Version) -> String {
        v.phase(self.today).label()
    }

    pub fn group_number(&self, id: &i64) -> usize {
        self.groups.iter().position(|g| g.id.0 == *id).map_or(0, |i| i + 1)
    }
}

async fn who_sent(state: &AppState, c: &CommentRow, points: &[LegislativePoint]) -> AppResult<String> {
    Ok(match &c.comment.source {
        Source::Online { name, contact } => format!("{name}（{contact}）"),
        Source::Letter { name } if name.is_empty() => "来信（未署名）".to_owned(),
        Source::Letter { name } => format!("来信：{name}"),
        Source::Email { name, address } => format!("{name} {address}").trim().to_owned(),
        Source::LiaisonPoint { station, people } => {
            let name = match points.iter().find(|p| p.id == *station) {
                Some(p) => p.name.clone(),
                None => state.store.org(*station).await?.name.to_string(),
            };
            format!("{name}座谈会（{people}人参加）")
        }
        Source::Deputy { person } => deputy_name(state, *person).await?,
    })
}

async fn deputy_name(state: &AppState, person: PersonId) -> AppResult<String> {
    let rows = state.store.deputyships_of(person).await?;
    Ok(rows.first().map_or_else(|| "代表".to_owned(), |d| format!("{}代表", d.name)))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> AppResult<Response> {
    let a = actor(&s);
    let id = RegulationId(id);
    let r = state.store.regulation(&a, id).await?;
    let rows = state.store.regulation_comments(&a, id).await?;
    let groups = state.store.comment_groups(&a, id).await?;
    let points = state.store.legislative_points(r.congress).await?;
    let may_edit = super::own_staff(s.user.role, r.congress);
    let today = state.today();
    let loose: Vec<_> = rows.iter().filter(|c| c.comment.group.is_none()).map(|c| (c.id, c.comment.clone())).collect();
    let suggested = suggest_groups(&loose).into_iter().map(|g| g.into_iter().map(|c| c.0).collect()).collect();
    let mut comments = Vec::with_capacity(rows.len());
    for c in &rows {
        comments.push(CommentView {
            id: c.id.0,
            receipt: c.receipt.clone(),
            version: c.comment.version,
            target: c.comment.target.label(),
            channel: c.comment.source.channel().label(),
            from: who_sent(&state, c, &points).await?,
            text: c.comment.text.clone(),
            on: c.comment.on,
            group: c.comment.group.map(|g| g.0),
        });
    }
    let publishable = r
        .versions
        .iter()
        .filter(|v| v.version.closes_on < today && !r.reported.contains(&v.version.number))
        .map(|v| v.version.number)
        .collect();
    let articles = r.latest().map(|v| (1..=v.version.articles).collect()).unwrap_or_default();
    render(&ShowPage {
        ctx: Ctx::new(&state, Some(&s), &r.title, "/legislation"),
        notice: notice_text(q.notice.as_deref()),
        today,
        may_edit,
        comments,
        groups,
        suggested,
        points,
        publishable,
        dispositions: Disposition::ALL.iter().map(|d| (d.code(), d.label())).collect(),
        articles,
        r,
    })
}

pub async fn add_version(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    add_version_from(&state, &s, RegulationId(id), &DraftInput::from_fields(&f)).await?;
    Ok(done(&format!("/legislation/{id}"), "version_added"))
}

pub async fn enter_comment(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let input = CommentInput::from_fields(&f)?;
    if matches!(input.channel.as_str(), "" | "online" | "deputy") {
        return Err(ValidationError::new("channel", "请选择信函、电子邮件或基层立法联系点").into());
    }
    comment_from(&state, Some(&s), RegulationId(id), &input, "").await?;
    Ok(done(&format!("/legislation/{id}#comments"), "comment_entered"))
}

pub async fn group(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let ids: Vec<i64> = f.all("comments").iter().filter_map(|v| v.trim().parse().ok()).collect();
    group_from(&state, &s, RegulationId(id), &ids).await?;
    Ok(done(&format!("/legislation/{id}#groups"), "comments_grouped"))
}

pub async fn answer(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let group = f.int("group", "意见组")?;
    answer_from(&state, &s, RegulationId(id), group, f.get("disposition"), f.get("reason")).await?;
    Ok(done(&format!("/legislation/{id}#groups"), "group_answered"))
}

pub async fn publish(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let version =
        u32::try_from(f.int("version", "草案稿次")?).map_err(|_| ValidationError::new("version", "稿次有误"))?;
    state.store.publish_regulation_report(&actor(&s), RegulationId(id), version, state.today()).await?;
    Ok(done(&format!("/legislation/{id}"), "report_published"))
}
