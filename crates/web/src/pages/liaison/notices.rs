//! 接待公告 (issue 21): a clerk of the station's congress previews and issues the notice of a
//! reception day from the station's page — a 公文 in the general format, numbered from the
//! register like the others — and prints it for the station's notice board; citizens download
//! it from the portal beside the reception (`/portal/notices/{id}`, and its PDF where the server
//! has LibreOffice). Only a standing notice is served there (`Store::public_official_file`).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::pages::official::{pdf_available, pdf_response};
use crate::pages::{actor, done};
use axum::extract::State;
use axum::response::Response;
use renda_core::ErrorCode;
use renda_core::ids::{OfficialDocumentId, ReceptionId};
use renda_core::official::{Kind, number_to_come};
use renda_office::official::{reception_notice, reception_title};
use renda_store::liaison::stations::ReceptionRow;
use renda_store::official::{Issue, IssuedDocument, Source, StandingNotice};
use renda_store::users::Session;

/// 预览: the notice as it will be issued, its number still to come (nothing is kept).
pub async fn preview(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = state.store.reception_source(&actor(&s), ReceptionId(id)).await?;
    let t = state.store.official_template(&actor(&s), r.congress, Kind::ReceptionNotice).await?;
    let today = state.today();
    let doc = reception_notice(&r, &t, &number_to_come(&t.code, today.year()), today);
    let bytes = doc.to_docx().map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let name = format!("接待公告（预览）-{}-{}.docx", r.station_name, r.on);
    Ok(crate::download::file(&name, renda_store::files::DOCX_MIME, bytes))
}

/// 印发: issues the notice, then back to the station's page where it now stands.
pub async fn issue(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let station = state.store.reception(ReceptionId(id)).await?.station;
    issue_for(&state, &s, ReceptionId(id)).await?;
    Ok(done(&format!("/stations/{}/manage", station.0), "reception_notice_issued"))
}

/// Issues the 接待公告 of a reception: the page's and the API's.
pub(crate) async fn issue_for(state: &AppState, s: &Session, id: ReceptionId) -> AppResult<IssuedDocument> {
    let r = state.store.reception_source(&actor(s), id).await?;
    let today = state.today();
    let issue = Issue {
        congress: r.congress,
        kind: Kind::ReceptionNotice,
        title: reception_title(&r),
        unit: None,
        addressee: String::new(),
        sources: vec![Source::Reception(r.reception)],
        filename: format!("接待公告-{}-{}", r.station_name, r.on),
    };
    let d = state
        .store
        .issue_official(&actor(s), issue, |t, number| {
            reception_notice(&r, t, number, today).to_docx().map_err(|e| e.to_string())
        })
        .await?;
    Ok(d)
}

/// A standing 接待公告's DOCX, for anyone.
pub async fn public_file(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let (d, bytes) = state.store.public_official_file(OfficialDocumentId(id)).await?;
    Ok(crate::download::file(&d.filename, renda_store::files::DOCX_MIME, bytes))
}

/// A standing 接待公告 as PDF, for anyone, where the server has LibreOffice (else 404
/// `pdf_unavailable`).
pub async fn public_pdf(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let (d, bytes) = state.store.public_official_file(OfficialDocumentId(id)).await?;
    pdf_response(&d, bytes).await
}

/// The standing 接待公告 of the receptions a page lists, and whether the server offers their
/// PDF: the portal's list, a station's public page and its staff's page show each beside its
/// reception.
pub struct Notices {
    pub standing: Vec<StandingNotice>,
    pub pdf: bool,
}

impl Notices {
    pub async fn of_receptions(state: &AppState, receptions: &[ReceptionRow]) -> AppResult<Notices> {
        let ids: Vec<ReceptionId> = receptions.iter().map(|r| r.id).collect();
        let standing = state.store.public_reception_notices(&ids).await?;
        let pdf = !standing.is_empty() && pdf_available().await;
        Ok(Notices { standing, pdf })
    }

    /// The notice standing for `r`, if any.
    pub fn of(&self, r: &ReceptionRow) -> Option<&StandingNotice> {
        self.standing.iter().find(|n| n.reception == r.id)
    }
}
