//! Staff's page of a liaison station (`/stations/{id}/manage`): its profile, the deputies
//! attached to it, the reception days posted ahead with their receiving deputies (cancelled with
//! a reason, recorded when held, each upcoming one with its 接待公告 to preview and issue — see
//! [`super::notices`]), and the congress's notice setting; and the portal's list of upcoming
//! receptions (`/portal/receptions`), with their standing notices to download.
//!
//! Every form posts to one address with a `command`; a refusal shows the page again with the
//! reason and what was typed, and changes nothing.

use crate::AppState;
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Query};
use crate::pages::{Ctx, actor, done, render};
use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::{Date, Time};
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, PersonId};
use renda_core::liaison::form::OpinionForm;
use renda_core::liaison::station::StationForm;
use renda_core::value::parse_date;
use renda_store::liaison::stations::{NewReception, ReceptionId, ReceptionRow, StationInfo};
use renda_store::people::DeputyFilter;
use renda_store::users::Session;

#[derive(Template)]
#[template(path = "station_manage.html")]
pub struct ManagePage {
    pub ctx: Ctx,
    pub info: StationInfo,
    pub form: StationForm,
    pub errors: Vec<String>,
    pub notice: &'static str,
    /// The name searched for in the attach form, and the deputies found who may be attached:
    /// (person, "name（congress · delegation）").
    pub q: String,
    pub candidates: Vec<(i64, String)>,
    pub receptions: Vec<ReceptionRow>,
    pub notice_days: u32,
    pub earliest: Date,
    pub today: Date,
    /// What was typed in the reception form.
    pub r: ReceptionInput,
    /// Recording a citizen's opinion at this reception (`?record=`), with what was typed.
    pub record: Option<(ReceptionRow, OpinionForm)>,
    /// The receptions' standing 接待公告.
    pub notices: super::notices::Notices,
}

#[derive(Clone, Debug, Default)]
pub struct ReceptionInput {
    pub on: String,
    pub starts: String,
    pub ends: String,
    pub topic: String,
    pub deputies: Vec<i64>,
}

impl ReceptionInput {
    pub fn has(&self, person: &PersonId) -> bool {
        self.deputies.contains(&person.0)
    }
}

/// Only staff of the station's own congress manage it (the store checks again on each write).
fn check_staff(s: &Session, info: &StationInfo) -> AppResult<()> {
    if crate::pages::own_staff(s.user.role, info.congress) {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "只有本级人大工作人员可以管理该联络站。"))
    }
}

/// What the manage page shows besides the station.
#[derive(Default)]
struct Shown {
    q: String,
    form: Option<StationForm>,
    errors: Vec<String>,
    r: ReceptionInput,
    notice: &'static str,
    record: Option<(ReceptionId, OpinionForm)>,
}

async fn page(state: &AppState, s: &Session, id: OrgId, shown: Shown) -> AppResult<ManagePage> {
    let Shown { q, form, errors, r, notice, record } = shown;
    let info = state.store.station_info(id).await?;
    check_staff(s, &info)?;
    let path = state.store.congress_path(info.congress).await?;
    let attached: Vec<PersonId> = info.deputies.iter().map(|d| d.person).collect();
    let q = q.trim();
    let record = match record {
        Some((rid, f)) => {
            let rec = state.store.reception(rid).await?;
            if rec.station != id {
                return Err(AppError::new(ErrorCode::NotFound, "未找到该接待安排"));
            }
            Some((rec, f))
        }
        None => None,
    };
    let found = if q.is_empty() {
        renda_store::Page { items: Vec::new(), total: 0, page: 0, per_page: 0 }
    } else {
        state
            .store
            .search_deputies(
                &crate::pages::actor(s),
                &DeputyFilter {
                    congresses: path,
                    name: Some(q.to_owned()),
                    active_only: true,
                    per_page: 50,
                    ..DeputyFilter::default()
                },
            )
            .await?
    };
    let mut candidates: Vec<(i64, String)> = found
        .items
        .iter()
        .filter(|d| !attached.contains(&d.person))
        .map(|d| (d.person.0, format!("{}（{} · {}）", d.name, d.congress_name, d.delegation)))
        .collect();
    candidates.dedup_by_key(|c| c.0);
    let settings = state.store.reception_settings(info.congress).await?;
    let today = state.today();
    let form = form.unwrap_or_else(|| info.profile.as_ref().map(StationForm::from_profile).unwrap_or_default());
    let receptions = state.store.receptions_of_station(id, 50).await?;
    Ok(ManagePage {
        ctx: Ctx::new(state, Some(s), &format!("管理：{}", info.name), "/stations"),
        notices: super::notices::Notices::of_receptions(state, &receptions).await?,
        receptions,
        form,
        errors,
        notice,
        q: q.to_owned(),
        candidates,
        notice_days: settings.notice_days(),
        earliest: settings.earliest_reception(today),
        today,
        r,
        record,
        info,
    })
}

#[derive(serde::Deserialize)]
pub struct ManageQuery {
    pub notice: Option<String>,
    #[serde(default)]
    pub q: String,
    /// A reception to record a citizen's opinion at.
    pub record: Option<i64>,
}

pub async fn manage(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ManageQuery>,
) -> AppResult<Response> {
    let notice = crate::pages::notice_text(q.notice.as_deref());
    let shown = Shown {
        q: q.q,
        notice,
        record: q.record.map(|r| (ReceptionId(r), OpinionForm::default())),
        ..Shown::default()
    };
    render(&page(&state, &s, OrgId(id), shown).await?)
}

struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, k: &str) -> &str {
        self.0.iter().find(|(n, _)| n == k).map_or("", |(_, v)| v.as_str())
    }

    fn ids(&self, k: &str) -> Vec<i64> {
        self.0.iter().filter(|(n, _)| n == k).filter_map(|(_, v)| v.trim().parse().ok()).collect()
    }

    fn id(&self, k: &str) -> AppResult<i64> {
        self.get(k).trim().parse().map_err(|_| AppError::new(ErrorCode::InvalidInput, "请选择一名代表。"))
    }
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

fn parse_time(raw: &str, what: &str) -> AppResult<Time> {
    raw.trim().parse::<Time>().map_err(|_| invalid(format!("{what}格式不正确，请填写如 9:00 的时间。")))
}

fn reception_input(f: &Fields) -> ReceptionInput {
    ReceptionInput {
        on: f.get("on").to_owned(),
        starts: f.get("starts").to_owned(),
        ends: f.get("ends").to_owned(),
        topic: f.get("topic").to_owned(),
        deputies: f.ids("deputy"),
    }
}

/// The reception `rid` when it is this station's, else 404.
pub(crate) async fn reception_of(state: &AppState, station: OrgId, rid: ReceptionId) -> AppResult<ReceptionId> {
    if state.store.reception(rid).await?.station != station {
        return Err(AppError::new(ErrorCode::NotFound, "未找到该接待安排"));
    }
    Ok(rid)
}

/// A reception as typed (date, times like 9:00, topic, deputies), checked.
pub(crate) fn new_reception(r: &ReceptionInput) -> AppResult<NewReception> {
    let on = parse_date("on", r.on.trim()).map_err(|e| invalid(format!("接待日期：{}", e.message)))?;
    let pad = |t: &str| if t.trim().len() == 4 { format!("0{}", t.trim()) } else { t.trim().to_owned() };
    Ok(NewReception {
        on,
        starts: parse_time(&pad(&r.starts), "开始时间")?,
        ends: parse_time(&pad(&r.ends), "结束时间")?,
        topic: r.topic.clone(),
        deputies: r.deputies.iter().map(|p| PersonId(*p)).collect(),
    })
}

/// Every form of the page posts here.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(s): CurrentUser,
    Path(id): Path<i64>,
    body: Bytes,
) -> AppResult<Response> {
    let pairs = crate::extract::form_pairs(&body)?;
    let f = Fields(pairs);
    let station = OrgId(id);
    let me = actor(&s);
    let today = state.today();
    let back = format!("/stations/{id}/manage");
    let mut form = None;
    let mut r = ReceptionInput::default();
    let mut record = None;
    let outcome: AppResult<()> = match f.get("command") {
        "record_opinion" => {
            let rid = ReceptionId(f.get("reception").trim().parse().map_err(|_| invalid("未指定接待安排。"))?);
            let rid = reception_of(&state, station, rid).await?;
            let typed = OpinionForm {
                title: f.get("title").into(),
                content: f.get("content").into(),
                name: f.get("name").into(),
                phone: f.get("phone").into(),
                consent_to_publish: f.get("consent") == "1",
            };
            let result = match typed.validate() {
                Ok(checked) => {
                    state.store.record_reception_opinion(&me, rid, &checked, today).await.map_err(AppError::from)
                }
                Err(errors) => Err(invalid(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" "))),
            };
            match result {
                Ok((opinion, _)) => return Ok(done(&format!("/opinions/{}", opinion.0), "opinion_recorded")),
                Err(e) => {
                    record = Some((rid, typed));
                    Err(e)
                }
            }
        }
        "profile" => {
            let typed = StationForm {
                address: f.get("address").into(),
                opening_hours: f.get("opening_hours").into(),
                reception_days: f.get("reception_days").into(),
                phone: f.get("phone").into(),
                intro: f.get("intro").into(),
            };
            let result = match typed.validate() {
                Ok(p) => state.store.set_station_profile(&me, station, &p).await.map_err(AppError::from),
                Err(errors) => Err(invalid(errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" "))),
            };
            form = Some(typed);
            result
        }
        "attach" => match f.id("person") {
            Ok(p) => state.store.attach_station_deputy(&me, station, PersonId(p), today).await.map_err(AppError::from),
            Err(e) => Err(e),
        },
        "detach" => match f.id("person") {
            Ok(p) => state.store.detach_station_deputy(&me, station, PersonId(p)).await.map_err(AppError::from),
            Err(e) => Err(e),
        },
        "schedule" => {
            r = reception_input(&f);
            match new_reception(&r) {
                Ok(new) => {
                    state.store.schedule_reception(&me, station, &new, today).await.map(|_| ()).map_err(AppError::from)
                }
                Err(e) => Err(e),
            }
        }
        "cancel" | "hold" => {
            let rid = ReceptionId(f.get("reception").trim().parse().map_err(|_| invalid("未指定接待安排。"))?);
            let rid = reception_of(&state, station, rid).await?;
            if f.get("command") == "cancel" {
                state.store.cancel_reception(&me, rid, f.get("reason")).await.map_err(AppError::from)
            } else {
                match f.get("visitors").trim().parse::<u32>() {
                    Ok(v) if v <= 10_000 => {
                        state.store.hold_reception(&me, rid, v, today).await.map_err(AppError::from)
                    }
                    _ => Err(invalid("请填写接待群众人数（0至10000）。")),
                }
            }
        }
        "notice" => {
            let info = state.store.station_info(station).await?;
            match f.get("notice_days").trim().parse::<u32>() {
                Ok(d) => {
                    state.store.set_reception_notice(&me, info.congress, d).await.map(|_| ()).map_err(AppError::from)
                }
                Err(_) => Err(invalid("提前公布天数应为0至30的整数。")),
            }
        }
        _ => Err(invalid("未知的操作。")),
    };
    match outcome {
        Ok(()) => {
            let notice = match f.get("command") {
                "profile" => "station_profile",
                "attach" => "station_attach",
                "detach" => "station_detach",
                "schedule" => "reception_scheduled",
                "cancel" => "reception_cancelled",
                "hold" => "reception_held",
                _ => "reception_notice",
            };
            Ok(done(&back, notice))
        }
        Err(e) if !matches!(e.code.class(), ErrorCode::NotFound | ErrorCode::Internal | ErrorCode::Forbidden) => {
            let status = e.status();
            let shown = Shown { form, errors: vec![e.message], r, record, ..Shown::default() };
            let mut resp = render(&page(&state, &s, station, shown).await?)?;
            *resp.status_mut() = status;
            Ok(resp)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "portal_receptions.html")]
pub struct ReceptionsPage {
    pub ctx: Ctx,
    pub receptions: Vec<ReceptionRow>,
    /// Their standing 接待公告, to download.
    pub notices: super::notices::Notices,
}

/// The portal's list of upcoming receptions at every station.
pub async fn upcoming(State(state): State<AppState>, MaybeUser(s): MaybeUser) -> AppResult<Response> {
    let receptions =
        state.store.upcoming_receptions(None, state.today(), renda_store::liaison::stations::LIST_MAX).await?;
    let notices = super::notices::Notices::of_receptions(&state, &receptions).await?;
    let mut resp = render(&ReceptionsPage {
        ctx: Ctx::new(&state, s.as_ref(), "代表接待安排", "/stations"),
        receptions,
        notices,
    })?;
    *resp.status_mut() = StatusCode::OK;
    Ok(resp)
}
