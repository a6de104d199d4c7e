//! 全文检索: documents and suggestions in one search, as this reader may see them.
//!
//! The index only returns records that name one of the reader's principals
//! (`crate::indexer::reader_principals`); each hit is then checked against the store once
//! more, so a record whose visibility changed a moment ago and is not re-indexed yet is left
//! out rather than shown. A logged-in-users document is found by everyone through its title and
//! 导读 (its snippet is the 导读), and through its text only by those who may read it. A
//! document's hit is dated by the text's date (its year when that is all that is known). A
//! law's hit links to the article (第X条) its first highlighted word
//! is in.

use super::{Ctx, render};
use crate::AppState;
use crate::auth::MaybeUser;
use crate::error::AppResult;
use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use renda_core::document::{self, Block, DocKind, Reader};
use renda_store::suggestions::{Reading, SuggestionId};
use renda_store::users::Session;
use serde::Deserialize;

pub const PER_PAGE: usize = 10;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub year: Option<String>,
    pub congress: Option<String>,
    pub page: Option<usize>,
}

/// One hit as the page shows it. `title_html` and `snippet_html` come from the search crate,
/// which escapes the text and adds only `<mark>`.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HitView {
    pub href: String,
    pub kind: String,
    pub title_html: String,
    pub snippet_html: String,
    pub date: String,
    pub article: String,
}

#[derive(Template)]
#[template(path = "portal_search.html")]
pub struct SearchPage {
    pub ctx: Ctx,
    pub q: String,
    pub kind: String,
    pub year: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    /// The congresses to narrow to (a congress includes those below it).
    pub congresses: Vec<(String, String)>,
    pub congress: String,
    pub hits: Vec<HitView>,
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub prev_link: String,
    pub next_link: String,
    pub unavailable: bool,
    pub searched: bool,
}

pub async fn search(
    State(state): State<AppState>,
    MaybeUser(s): MaybeUser,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let text: String = q.q.unwrap_or_default().trim().chars().take(100).collect();
    let kind = q.kind.unwrap_or_default();
    let year_text = q.year.unwrap_or_default().trim().to_string();
    let year = year_text.parse::<i32>().ok().filter(|y| (1949..=2100).contains(y));
    let page = q.page.unwrap_or(1).clamp(1, 100);
    let mut kinds: Vec<(&'static str, &'static str)> = DocKind::ALL.iter().map(|k| (k.code(), k.label())).collect();
    kinds.push((crate::indexer::SUGGESTION_KIND, "代表建议"));
    kinds.push((crate::indexer::FILING_KIND, "备案文件"));
    kinds.push((crate::indexer::DRAFT_KIND, "法规草案"));
    let known_kind = kinds.iter().any(|(c, _)| *c == kind);
    let congresses: Vec<(String, String)> =
        state.store.congresses().await?.into_iter().map(|c| (c.org.id.0.to_string(), c.org.name.to_string())).collect();
    let congress = q.congress.unwrap_or_default();
    let congress_id = congresses.iter().find(|(id, _)| *id == congress).and_then(|(id, _)| id.parse::<u64>().ok());
    let mut view = SearchPage {
        ctx: Ctx::new(&state, s.as_ref(), "全文检索", "/portal"),
        q: text.clone(),
        kind: if known_kind { kind.clone() } else { String::new() },
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        kinds,
        congress: if congress_id.is_some() { congress.clone() } else { String::new() },
        congresses,
        hits: Vec::new(),
        total: 0,
        page,
        pages: 1,
        prev_link: String::new(),
        next_link: String::new(),
        unavailable: state.search.is_none(),
        searched: !text.is_empty(),
    };
    if text.is_empty() || state.search.is_none() {
        return render(&view);
    }
    let kinds = if known_kind { vec![kind.clone()] } else { Vec::new() };
    let (total, hits) = find(&state, s.as_ref(), &text, kinds, year, congress_id, page).await?;
    view.total = total;
    view.pages = total.div_ceil(PER_PAGE).max(1);
    view.hits = hits;
    let base = format!(
        "/portal/search?q={}&kind={}&year={}&congress={}",
        crate::auth::urlencode(&text),
        crate::auth::urlencode(&view.kind),
        view.year,
        view.congress
    );
    view.prev_link = format!("{base}&page={}", page.saturating_sub(1).max(1));
    view.next_link = format!("{base}&page={}", page + 1);
    render(&view)
}

/// One page of hits for this reader, each checked against the store (shared by the search
/// page and `/api/v1/search`). Without an index there are no hits.
pub async fn find(
    state: &AppState,
    s: Option<&Session>,
    text: &str,
    kinds: Vec<String>,
    year: Option<i32>,
    congress: Option<u64>,
    page: usize,
) -> AppResult<(usize, Vec<HitView>)> {
    let Some(indexer) = state.search.clone() else {
        return Ok((0, Vec::new()));
    };
    let query = renda_search::Query {
        text: text.to_owned(),
        kinds,
        year,
        congress,
        principals: crate::indexer::reader_principals(s.map(|s| s.user.role)),
        offset: (page.max(1) - 1) * PER_PAGE,
        limit: PER_PAGE,
    };
    // On the bounded search pool: a burst of searches waits its turn (or gets 503), instead of
    // growing tokio's blocking pool.
    let hits = renda_store::workers::Workers::searches()
        .run(move || indexer.index().search(&query))
        .await
        .map_err(|_| crate::error::AppError::of(renda_core::ErrorCode::Busy))?
        .map_err(|e| internal("search", &e))?;
    let mut out = Vec::new();
    for h in hits.hits {
        if let Some(v) = checked(state, s, &h).await? {
            out.push(v);
        }
    }
    Ok((hits.total, out))
}

fn internal(what: &str, e: &dyn std::fmt::Debug) -> crate::error::AppError {
    tracing::error!(error = ?e, "{what}");
    crate::error::AppError::of(renda_core::ErrorCode::Internal)
}

/// The hit as a link, if the store agrees the reader may see it.
async fn checked(state: &AppState, s: Option<&Session>, h: &renda_search::Hit) -> AppResult<Option<HitView>> {
    let date = h.date.map(|d| d.to_string()).unwrap_or_default();
    if let Some(id) = h.key.strip_prefix("document:").and_then(|i| i.parse::<i64>().ok()) {
        let Ok(d) = super::portal::visible_document(state, s, id).await else {
            return Ok(None);
        };
        let reader = s.map_or(Reader::Anonymous, |s| Reader::User(s.user.role));
        let staff = super::portal::works_for(state, s, d.row.congress).await?;
        // A reader who may not read the text sees a hit found by title and 导读 only (the
        // index made its snippet of the 导读); one found through the text is stale: left out.
        if !document::can_read_text(d.row.visibility, reader, &d.congress_path) && !staff && h.full_text {
            return Ok(None);
        }
        let article = if h.full_text { article_of(&d.body, &h.snippet_html) } else { String::new() };
        let anchor = if article.is_empty() { String::new() } else { format!("#{article}") };
        return Ok(Some(HitView {
            href: format!("/portal/docs/{id}{anchor}"),
            kind: d.row.kind.label().into(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            // The text's date (or its year), never the time it was imported.
            date: d.row.shown_date(),
            article,
        }));
    }
    if let Some(id) = h.key.strip_prefix("suggestion:").and_then(|i| i.parse::<i64>().ok()) {
        let reader = super::reader_actor(s);
        // Its parties open the record; everyone else, the published reply (the index holds only
        // the text and the replies, which that page shows too).
        let href = match state.store.suggestion_reading(&reader, SuggestionId(id)).await {
            Ok((_, Reading::Record)) => format!("/suggestions/{id}"),
            Ok((_, Reading::PublicReply)) => format!("/replies/{id}"),
            Err(_) => return Ok(None),
        };
        return Ok(Some(HitView {
            href,
            kind: "代表建议".into(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            date,
            article: String::new(),
        }));
    }
    if let Some(id) = h.key.strip_prefix("regulation:").and_then(|i| i.parse::<i64>().ok()) {
        // The store decides again: a draft not yet open is its staff's only.
        let reader = super::reader_actor(s);
        if state.store.regulation(&reader, renda_core::ids::RegulationId(id)).await.is_err() {
            return Ok(None);
        }
        return Ok(Some(HitView {
            href: format!("/portal/drafts/{id}"),
            kind: "法规草案".into(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            date,
            article: String::new(),
        }));
    }
    if let Some(id) = h.key.strip_prefix("filing:").and_then(|i| i.parse::<i64>().ok()) {
        let id = renda_core::ids::FilingId(id);
        // Its maker and the receiving congress's staff open the filing; everyone else finds a
        // registered one by its title and 备案号 only, on the public register of its year.
        let href = match state.store.filing(&super::reader_actor(s), id).await {
            Ok(_) => format!("/filings/{}", id.0),
            Err(_) if !h.full_text => match state.store.public_filing_place(id).await? {
                Some((congress, year)) => format!("/portal/filings?congress={}&year={year}", congress.0),
                None => return Ok(None),
            },
            Err(_) => return Ok(None),
        };
        return Ok(Some(HitView {
            href,
            kind: "备案文件".into(),
            title_html: h.title_html.clone(),
            snippet_html: h.snippet_html.clone(),
            date,
            article: String::new(),
        }));
    }
    Ok(None)
}

/// The article (第十条) holding the first highlighted word of a snippet, if the text has
/// articles.
pub fn article_of(body: &str, snippet_html: &str) -> String {
    let Some(word) = snippet_html.split("<mark>").nth(1).and_then(|rest| rest.split("</mark>").next()) else {
        return String::new();
    };
    let word = word.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
    let mut current = "";
    for b in document::blocks(body) {
        if let Block::Paragraph(p) = b {
            if let Some(a) = renda_office::documents::article_number(p) {
                current = a;
            }
            if p.contains(&word) {
                return current.to_string();
            }
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hit_points_to_the_article_its_first_highlighted_word_is_in() {
        let body =
            "# 第一章 总则\n\n第一条 为了保障代表依法行使职权。\n\n第二条 代表应当联系群众。\n\n代表应当听取意见。";
        assert_eq!(super::article_of(body, "…应当<mark>听取</mark>意见"), "第二条");
        assert_eq!(super::article_of(body, "<mark>职权</mark>"), "第一条");
        assert_eq!(super::article_of(body, "no mark"), "");
        assert_eq!(super::article_of("没有条文的讲话。", "<mark>讲话</mark>"), "");
    }
}
