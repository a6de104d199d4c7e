//! A 样张 of each kind: the document the congress's template makes, filled from a few fictional
//! records, so a clerk adjusting a template sees the page it gives before saving it (the
//! templates page), and the tests lay out and convert every kind the register knows from one
//! place. Each kind goes through the same function as the issued document
//! (`batch_letter`, `review_letter`, `handling_report`, `reception_notice`,
//! `appointment_notice`); only the records are made up.

use super::DocumentError;
use super::{OfficialDocument, batch_letter, filing_report, handling_report, reception_notice, review_letter};
use crate::appointment::{appointment_notice, certificate};
use jiff::ToSpan;
use jiff::civil::Date;
use renda_core::ids::{OrgId, ReceptionId, ReviewId, SuggestionId};
use renda_core::official::appointment::{Action, CertificateTemplate, Decision, Entry};
use renda_core::official::report::{HandlingFigures, TopicFigure, UnitFigure, report_draft};
use renda_core::official::{Batch, BatchLine, Kind, ReceptionSource, ReviewSource, Template};
use renda_core::suggestion::{OnTimeRate, SuggestionState};

/// What a 样张 prints where the signer's name is not filled in yet (an upward document must
/// name one to be laid out at all).
pub const NO_SIGNER: &str = "（签发人）";

/// The 样张 of `kind` on template `t` of `congress` (示范市人民代表大会), numbered `number`
/// and dated `today`; the records' dates follow `today`.
pub fn specimen(kind: Kind, congress: &str, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let year = today.year();
    match kind {
        Kind::Assignment | Kind::Reminder => {
            let line = |n: i64, title: &str, lead: &str, role, due: Date, overdue| BatchLine {
                suggestion: SuggestionId(n),
                number: format!("{year}年第{n}号"),
                title: title.into(),
                lead: lead.into(),
                role,
                due_on: Some(due),
                overdue,
            };
            let lines = match kind {
                Kind::Reminder => vec![
                    line(12, "关于加快老旧小区加装电梯的建议", "周建国", "主办", today - 3.days(), true),
                    line(27, "关于增设社区养老服务站点的建议", "李秀英", "主办", today + 10.days(), false),
                ],
                _ => vec![
                    line(12, "关于加快老旧小区加装电梯的建议", "周建国", "主办", today + 3.months(), false),
                    line(27, "关于增设社区养老服务站点的建议", "李秀英", "会办", today + 3.months(), false),
                    line(31, "关于规范物业服务收费的建议", "王立新", "主办", today + 3.months(), false),
                ],
            };
            let batch = Batch {
                congress: OrgId(1),
                congress_name: congress.into(),
                unit: OrgId(2),
                unit_name: unit(congress, "住房和城乡建设局"),
                lines,
            };
            batch_letter(kind, &batch, t, number, today)
        }
        Kind::ReviewOpinion => {
            let body = unit(congress, "人民政府");
            let review = ReviewSource {
                review: ReviewId(1),
                congress: OrgId(1),
                congress_name: congress.into(),
                topic: renda_core::official::review_subject(&format!("听取和审议{body}关于{year}年城市更新工作情况的报告"), &body),
                body_name: body,
                body: OrgId(2),
                text: "一、加快老旧小区改造进度，年内完成既定计划。\n二、完善加装电梯的资金分担办法，简化审批程序。\n三、建立改造项目居民意见征询和质量回访制度。".into(),
                due_on: Some(today + 2.months()),
            };
            review_letter(&review, t, number, today)
        }
        Kind::HandlingReport => {
            let rate = |on_time, replied| OnTimeRate { on_time, replied, overdue: 0 };
            let unit_figure = |name: &str, assigned, on_time, replied: u64, satisfied| UnitFigure {
                name: unit(congress, name),
                assigned,
                replied: i64::try_from(replied).unwrap_or(0),
                overdue: 0,
                rate: rate(on_time, replied),
                satisfied: Some(satisfied),
            };
            let by_state =
                vec![(SuggestionState::Closed, 118), (SuggestionState::Replied, 9), (SuggestionState::Assigned, 3)];
            let figures = HandlingFigures {
                congress_name: congress.into(),
                year: i64::from(year),
                by_class: vec![
                    ("A类：已解决或基本解决".into(), 71),
                    ("B类：正在解决或列入计划解决".into(), 43),
                    ("C类：因条件限制或其他原因需以后解决".into(), 13),
                ],
                rate: rate(121, 127),
                overdue: 0,
                attitude: Some(99),
                result: Some(96),
                topics: vec![TopicFigure::of(
                    "老旧小区改造".into(),
                    &[(SuggestionState::Closed, 6), (SuggestionState::Replied, 2)],
                )],
                units: vec![
                    unit_figure("住房和城乡建设局", 26, 25, 26, 96),
                    unit_figure("教育局", 19, 19, 19, 100),
                    unit_figure("交通运输局", 15, 13, 15, 93),
                ],
                by_state,
            };
            let mut t = t.clone();
            if t.signatory.trim().is_empty() {
                NO_SIGNER.clone_into(&mut t.signatory);
            }
            handling_report(&figures, &report_draft(&figures, &t), &t, number, today)
        }
        Kind::FilingReport => {
            use renda_core::filing::FilingBody;
            use renda_core::filing::annual::{
                AnnualFigures, BodyFigures, ProposalFigures, RegisteredLine, annual_draft,
            };
            use renda_core::filing::review::{FilingState, ReviewKind};
            let row = |body, filed, late, opinions, corrected| BodyFigures {
                body,
                filed,
                on_time: filed - late,
                late,
                returned: 1,
                opinions,
                corrected,
                revoked: 0,
            };
            let figures = AnnualFigures {
                congress_name: congress.into(),
                year,
                bodies: vec![
                    row(Some(FilingBody::Government), 21, 2, 2, 1),
                    row(Some(FilingBody::Court), 3, 0, 0, 0),
                    row(Some(FilingBody::LowerCongress), 6, 1, 1, 1),
                    row(None, 30, 3, 3, 2),
                ],
                by_kind: vec![(ReviewKind::Active, 26), (ReviewKind::OnRequest, 2), (ReviewKind::Special, 2)],
                by_state: vec![
                    (FilingState::NoProblem, 25),
                    (FilingState::Corrected, 2),
                    (FilingState::OpinionSent, 1),
                ],
                proposals: ProposalFigures { received: 4, declined: 1, reviewed: 3, answered: 2, published: 1 },
                registered: vec![RegisteredLine {
                    number: format!("{}备〔{year}〕1号", short(congress).chars().next().unwrap_or('某')),
                    title: format!("{}校外培训机构管理办法", short(congress)),
                    maker_name: unit(congress, "人民政府"),
                    published_on: today - 2.months(),
                }],
            };
            let mut t = t.clone();
            if t.signatory.trim().is_empty() {
                NO_SIGNER.clone_into(&mut t.signatory);
            }
            filing_report(&figures, &annual_draft(&figures, &t), &t, number, today)
        }
        Kind::ReceptionNotice => {
            let reception = ReceptionSource {
                reception: ReceptionId(1),
                congress: OrgId(1),
                congress_name: congress.into(),
                station: OrgId(3),
                station_name: format!("{}人大代表联络站（市民中心）", short(congress)),
                address: Some("市民中心便民服务中心二楼".into()),
                phone: Some("0000-12345678".into()),
                on: today + 7.days(),
                hours: "9:00—11:30".into(),
                topic: "老旧小区加装电梯".into(),
                deputies: vec!["周建国".into(), "李秀英".into()],
                cancelled: false,
                held: false,
            };
            reception_notice(&reception, t, number, today)
        }
        Kind::AppointmentNotice => {
            let entry =
                |name: &str, post: &str, action| Entry { name: name.into(), post: unit(congress, post), action };
            let decision = Decision {
                congress: congress.into(),
                meeting: format!("{congress}常务委员会第二十次会议"),
                decided_on: today - 2.days(),
                entries: vec![
                    entry("张明", "教育局局长", Action::Appoint),
                    entry("王建华", "教育局局长", Action::Remove),
                    entry("刘芳", "卫生健康委员会主任", Action::Appoint),
                ],
            };
            appointment_notice(&decision, t, number, today)
        }
    }
}

/// The 样张 of the congress's 任命书 on template `t`, numbered `number`: one appointment of a
/// fictional decision two days before `today`; a signer not named yet is printed as
/// [`NO_CERTIFICATE_SIGNER`].
pub fn certificate_specimen(
    congress: &str,
    t: &CertificateTemplate,
    number: &str,
    today: Date,
) -> Result<Vec<u8>, DocumentError> {
    let entry =
        Entry { name: "刘芳".into(), post: unit(congress, "卫生健康委员会主任"), action: Action::Appoint };
    let decision = Decision {
        congress: congress.into(),
        meeting: format!("{congress}常务委员会第二十次会议"),
        decided_on: today - 2.days(),
        entries: vec![entry.clone()],
    };
    let mut t = t.clone();
    if t.signer.trim().is_empty() {
        NO_CERTIFICATE_SIGNER.clone_into(&mut t.signer);
    }
    certificate(&entry, &decision, &t, number)
}

/// What a 任命书's 样张 prints where the signer's name is not filled in yet.
pub const NO_CERTIFICATE_SIGNER: &str = "（签署人）";

/// 示范市人民代表大会 → 示范市.
fn short(congress: &str) -> &str {
    congress.strip_suffix("人民代表大会").unwrap_or(congress)
}

/// A body of the congress's place: 示范市 + 教育局.
fn unit(congress: &str, name: &str) -> String {
    format!("{}{name}", short(congress))
}
