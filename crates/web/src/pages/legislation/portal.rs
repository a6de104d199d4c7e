//! The public side of a consultation on the portal: `/portal/drafts` (the drafts open now and
//! those closed), `/portal/drafts/{id}` (the draft with an anchor per article, `#art-5`, its
//! 说明, the period with the days left, and the comment form on the whole draft or one article —
//! a deputy signed in comments as a deputy), `/portal/drafts/receipt` (the receipt code after
//! submitting and, later, the answer of the comment's group) and `/portal/drafts/{id}/report`
//! (the published 征求意见情况).
//!
//! A refused comment comes back on the draft's page with what was typed, the reason beside the
//! field (`crate::echo`).

use super::{CommentInput, comment_from};
use crate::AppState;
use crate::auth::{ClientAddr, MaybeUser};
use crate::error::AppResult;
use crate::extract::{Path, Query};
use crate::pages::oversight::Fields;
use crate::pages::{Ctx, done, notice_text, reader_actor, render};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use jiff::civil::Date;
use renda_core::filing::consultation::Disposition;
use renda_core::filing::draft::Article;
use renda_core::liaison::receipt::ReceiptCode;
use renda_store::legislation::{CommentReceipt, PublishedReport, RegulationId, RegulationRow, RegulationSummary};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "portal_drafts.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<RegulationSummary>,
    pub today: Date,
}

impl ListPage {
    pub fn phase(&self, r: &RegulationSummary) -> String {
        r.latest.phase(self.today).label()
    }
}

pub async fn list(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    let rows = state.store.list_regulations(&reader_actor(s.as_ref())).await?;
    // Staff see their own drafts before they open in their list; the portal shows what is public.
    let today = state.today();
    let rows = rows.into_iter().filter(|r| r.latest.opens_on <= today || r.latest.number > 1).collect();
    render(&ListPage { ctx: Ctx::new(&state, s.as_ref(), "法规草案征求意见", "/portal"), rows, today })
}

#[derive(Template)]
#[template(path = "portal_draft.html")]
pub struct DraftPage {
    pub ctx: Ctx,
    pub notice: &'static str,
    pub r: RegulationRow,
    pub csrf: String,
    pub today: Date,
    /// The article the form is for (`?article=5`), 0 for the whole draft.
    pub article: u32,
    pub open: bool,
    pub is_deputy: bool,
}

impl DraftPage {
    pub fn articles(&self) -> &[Article] {
        self.r.latest().map_or(&[], |v| v.draft.articles.as_slice())
    }

    pub fn explanation(&self) -> Vec<&str> {
        self.r
            .latest()
            .map_or_else(Vec::new, |v| v.draft.explanation.lines().filter(|l| !l.trim().is_empty()).collect())
    }

    pub fn phase(&self) -> String {
        self.r.latest().map(|v| v.version.phase(self.today).label()).unwrap_or_default()
    }

    pub fn period(&self) -> String {
        self.r.latest().map(|v| format!("{} 至 {}", v.version.opens_on, v.version.closes_on)).unwrap_or_default()
    }

    /// Whether a chapter heading goes before article `i` (the first under it).
    pub fn chapter_before(&self, i: &usize) -> Option<&str> {
        let arts = self.articles();
        let a = arts.get(*i)?;
        let c = a.chapter.as_deref()?;
        let prev = if *i == 0 { None } else { arts.get(*i - 1).and_then(|p| p.chapter.as_deref()) };
        (prev != Some(c)).then_some(c)
    }

    pub fn item_lines<'a>(&self, a: &'a Article) -> Vec<&'a str> {
        a.text.lines().collect()
    }
}

#[derive(Deserialize)]
pub struct DraftQuery {
    pub article: Option<u32>,
    pub notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<DraftQuery>,
) -> AppResult<Response> {
    let mut r = state.store.regulation(&reader_actor(s.as_ref()), RegulationId(id)).await?;
    let today = state.today();
    // The portal shows the versions opened, to staff as to everyone.
    r.versions.retain(|v| v.version.opens_on <= today);
    if r.versions.is_empty() {
        return Err(renda_store::StoreError::NotFound("该法规草案").into());
    }
    let (csrf, fresh) = crate::pages::portal::visitor_token(&headers, s.as_ref());
    let open = r.latest().is_some_and(|v| v.version.days_left(today).is_some());
    let is_deputy = s.as_ref().is_some_and(|s| s.user.role.deputy().is_some());
    let page = DraftPage {
        ctx: Ctx::new(&state, s.as_ref(), &r.title, "/portal"),
        notice: notice_text(q.notice.as_deref()),
        article: q.article.unwrap_or(0),
        r,
        csrf,
        today,
        open,
        is_deputy,
    };
    crate::pages::portal::with_visitor_cookie(&state, render(&page)?, fresh)
}

/// A comment from the portal: a citizen's (name and contact), or a deputy's when one is
/// signed in. Post/redirect/get to the receipt.
pub async fn comment(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let mut input = CommentInput::from_fields(&f)?;
    // The portal's form gives no channel: a deputy signed in speaks as a deputy, anyone else online.
    input.channel = String::new();
    let (_, code) = comment_from(&state, s.as_ref(), RegulationId(id), &input, &addr).await?;
    Ok(done(&format!("/portal/drafts/receipt?code={}", code.as_str()), "draft_comment_received"))
}

#[derive(Template)]
#[template(path = "portal_draft_receipt.html")]
pub struct ReceiptPage {
    pub ctx: Ctx,
    pub fresh: bool,
    pub code: String,
    pub error: String,
    pub c: Option<CommentReceipt>,
    /// The comment's group's number in the published report.
    pub number: Option<usize>,
}

impl ReceiptPage {
    pub fn answer_label(&self) -> &'static str {
        self.c.as_ref().and_then(|c| c.answer.as_ref()).map_or("", |a| a.disposition.label())
    }

    pub fn answer_reason(&self) -> &str {
        self.c.as_ref().and_then(|c| c.answer.as_ref()).map_or("", |a| a.reason.as_str())
    }
}

#[derive(Deserialize)]
pub struct ReceiptQuery {
    pub code: Option<String>,
    pub notice: Option<String>,
}

pub async fn receipt(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    ClientAddr(addr): ClientAddr,
    Query(q): Query<ReceiptQuery>,
) -> AppResult<Response> {
    let raw = q.code.unwrap_or_default();
    if !raw.trim().is_empty()
        && let Some(refused) = crate::pages::liaison::opinions::receipt_flood(&state, &addr)
    {
        return Ok(refused);
    }
    let fresh = q.notice.as_deref() == Some("draft_comment_received");
    let mut page = ReceiptPage {
        ctx: Ctx::new(&state, s.as_ref(), if fresh { "意见已收到" } else { "草案意见查询" }, "/portal"),
        fresh,
        code: raw.trim().to_owned(),
        error: String::new(),
        c: None,
        number: None,
    };
    if !raw.trim().is_empty() {
        match ReceiptCode::parse(&raw) {
            Err(e) => page.error = e.message,
            Ok(code) => match state.store.comment_by_receipt(code).await {
                Ok(c) => {
                    page.code = code.grouped();
                    if c.reported {
                        let reports = state.store.regulation_reports(&reader_actor(None), c.regulation).await?;
                        page.number = number_in(&reports, &c);
                    }
                    page.c = Some(c);
                }
                Err(_) => page.error = "没有找到该回执码对应的意见，请核对后重试。".into(),
            },
        }
    }
    render(&page)
}

/// One line of a published report as the page shows it.
pub struct GroupLineView {
    pub number: usize,
    pub summary: String,
    pub size: usize,
    pub targets: String,
    pub disposition: &'static str,
    pub reason: String,
}

/// One version's published report, ready to show.
pub struct ReportView {
    pub version: u32,
    pub published_on: Date,
    pub comments: usize,
    pub opinions: usize,
    pub people: u64,
    pub by_channel: Vec<(&'static str, usize)>,
    pub by_target: Vec<(String, usize)>,
    pub by_disposition: Vec<(&'static str, usize)>,
    pub groups: Vec<GroupLineView>,
}

impl ReportView {
    fn of(p: &PublishedReport) -> ReportView {
        let r = &p.report;
        let label = |d: Option<Disposition>| d.map_or("未答复", Disposition::label);
        ReportView {
            version: p.version,
            published_on: p.published_on,
            comments: r.comments,
            opinions: r.opinions,
            people: r.people,
            by_channel: r.by_channel.iter().map(|(c, n)| (c.label(), *n)).collect(),
            by_target: r.by_target.iter().map(|(t, n)| (t.label(), *n)).collect(),
            by_disposition: r.by_disposition.iter().map(|(d, n)| (label(*d), *n)).collect(),
            groups: r
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| GroupLineView {
                    number: i + 1,
                    summary: p.summaries.get(&g.group.0).cloned().unwrap_or_default(),
                    size: g.size,
                    targets: g.targets.iter().map(|t| t.label()).collect::<Vec<_>>().join("、"),
                    disposition: label(g.disposition),
                    reason: g.reason.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "portal_draft_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub id: i64,
    pub title: String,
    pub reports: Vec<ReportView>,
}

pub async fn report(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let reader = reader_actor(s.as_ref());
    let r = state.store.regulation(&reader, RegulationId(id)).await?;
    let reports = state.store.regulation_reports(&reader, RegulationId(id)).await?;
    render(&ReportPage {
        ctx: Ctx::new(&state, s.as_ref(), &format!("《{}》征求意见情况", r.title), "/portal"),
        id,
        title: r.title,
        reports: reports.iter().map(ReportView::of).collect(),
    })
}

/// The number a group has in its version's published report (1, 2, 3… in id order), for the
/// receipt page: `None` when the report is not published or the comment was never grouped.
pub(crate) fn number_in(reports: &[PublishedReport], c: &CommentReceipt) -> Option<usize> {
    let g = c.group?;
    let p = reports.iter().find(|p| p.version == c.version)?;
    p.report.groups.iter().position(|l| l.group == g).map(|i| i + 1)
}
