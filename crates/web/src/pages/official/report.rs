//! The year's 代表建议办理情况报告: the office opens a year, sees the figures it is written from,
//! edits the draft (`renda_core::official::report::report_draft`), previews it and issues it to
//! the standing committee. The text is the clerk's; the figures and the units' table are the
//! statistics'.

use super::super::oversight::Fields;
use super::super::{Ctx, actor, done, render};
use super::issuing_congress;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Query;
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::official::report::{
    HandlingFigures, check_figures, check_report_text, check_year, percent_text, report_addressee, report_draft,
    report_title,
};
use renda_core::official::{Kind, number_to_come};
use renda_office::official::handling_report;
use renda_store::official::{Issue, IssuedDocument, OfficialFilter, Source};
use renda_store::users::Session;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReportQuery {
    pub year: Option<String>,
}

#[derive(Template)]
#[template(path = "official_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub year: i64,
    pub years: Vec<i64>,
    pub f: HandlingFigures,
    pub text: String,
    pub number: String,
    pub signatory: String,
    /// The year's report standing already: its number.
    pub standing: Option<IssuedDocument>,
}

impl ReportPage {
    /// "93%" or "—", from a figure or a field (askama passes fields by reference).
    pub fn percent<P: std::borrow::Borrow<Option<i64>>>(&self, p: P) -> String {
        percent_text(*p.borrow())
    }

    pub fn closed_percent(&self) -> String {
        percent_text(self.f.closed_percent())
    }
}

/// The year asked for, this year when none.
fn year_of(raw: Option<&str>, state: &AppState) -> AppResult<i64> {
    let today = state.today();
    match raw.map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(i64::from(today.year())),
        Some(y) => Ok(check_year(y, today)?),
    }
}

/// The figures, the draft to edit, and the year's report if one stands.
pub async fn page(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let congress = issuing_congress(&s)?;
    let year = year_of(q.year.as_deref(), &state)?;
    let a = actor(&s);
    let today = state.today();
    let f = state.store.handling_figures(&a, congress, year, today).await?;
    let t = state.store.official_template(&a, congress, Kind::HandlingReport).await?;
    let standing = state
        .store
        .official_documents(
            &a,
            &OfficialFilter {
                congress: Some(congress),
                source: Some(Source::SuggestionYear(year)),
                ..Default::default()
            },
        )
        .await?
        .into_iter()
        .find(|d| d.kind == Kind::HandlingReport && !d.is_void());
    let this_year = i64::from(today.year());
    render(&ReportPage {
        ctx: Ctx::new(&state, Some(&s), &format!("{year}年代表建议办理情况报告"), "/official"),
        year,
        years: (this_year - 4..=this_year).rev().collect(),
        text: report_draft(&f, &t),
        number: number_to_come(&t.code, today.year()),
        signatory: t.signatory,
        f,
        standing,
    })
}

/// What the form posted: the year and the clerk's text, both checked by the core.
fn posted(state: &AppState, body: &Bytes) -> AppResult<(i64, String)> {
    let f = Fields::parse(body)?;
    let year = check_year(f.get("year"), state.today())?;
    let text = check_report_text(f.get("text"))?;
    Ok((year, text))
}

/// 预览: the report as it will be issued, its number still to come (nothing is kept). The text
/// may still hold passages to write: a preview shows them.
pub async fn preview(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let f = Fields::parse(&body)?;
    let year = check_year(f.get("year"), state.today())?;
    let text =
        renda_core::text::bounded("text", "报告正文", f.get("text"), 1, renda_core::official::report::MAX_REPORT)?;
    let congress = issuing_congress(&s)?;
    let a = actor(&s);
    let today = state.today();
    let figures = state.store.handling_figures(&a, congress, year, today).await?;
    let t = state.store.official_template(&a, congress, Kind::HandlingReport).await?;
    let doc = handling_report(&figures, &text, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    Ok(crate::download::file(
        &format!("{year}年代表建议办理情况报告（预览）.docx"),
        renda_store::files::DOCX_MIME,
        bytes,
    ))
}

/// 签发 the report.
pub async fn issue(State(state): State<AppState>, CurrentUser(s): CurrentUser, body: Bytes) -> AppResult<Response> {
    let (year, text) = posted(&state, &body)?;
    issue_report(&state, &s, year, &text).await?;
    Ok(done("/official", "official_issued"))
}

/// Issues the year's report with the clerk's `text` (checked): the page's and the API's.
pub(crate) async fn issue_report(state: &AppState, s: &Session, year: i64, text: &str) -> AppResult<IssuedDocument> {
    let text = check_report_text(text)?;
    let congress = issuing_congress(s)?;
    let a = actor(s);
    let today = state.today();
    let f = state.store.handling_figures(&a, congress, year, today).await?;
    check_figures(&f)?;
    let issue = Issue {
        congress,
        kind: Kind::HandlingReport,
        title: report_title(year),
        unit: None,
        addressee: report_addressee(&f.congress_name),
        sources: vec![Source::SuggestionYear(year)],
        filename: format!("{year}年代表建议办理情况报告"),
    };
    let d = state
        .store
        .issue_official(&a, issue, |t, number| {
            handling_report(&f, &text, t, number, today).to_docx().map_err(|e| e.to_string())
        })
        .await?;
    Ok(d)
}
