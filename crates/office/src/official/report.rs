//! The year's 代表建议办理情况报告 laid out: an upward document (上行文) to the standing committee
//! under its 签发人, the clerk's edited text as its body (headings read from their numbers by
//! `renda_core::official::report::report_line`), and each main unit's figures as its attachment.

use super::{Attachment, Block, Direction, DocTable, OfficialDocument};
use jiff::civil::Date;
use renda_core::official::report::{HandlingFigures, percent_text, report_addressee, report_line, report_title};
use renda_core::official::{Kind, Template};

/// The report as issued under `number`, from the clerk's `text` (checked by the core before).
pub fn handling_report(f: &HandlingFigures, text: &str, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let body = text
        .lines()
        .map(report_line)
        .filter(|(_, l)| !l.is_empty())
        .map(|(level, l)| match level {
            Some(level) => Block::Heading { level, text: l.to_string() },
            None => Block::Paragraph(l.to_string()),
        })
        .collect();
    let addressee = Some(report_addressee(&f.congress_name));
    OfficialDocument {
        direction: Direction::Up { signer: t.signatory.clone() },
        attachments: vec![Attachment {
            title: "各承办单位办理情况统计表".into(),
            blocks: vec![Block::Table(units_table(f))],
        }],
        ..OfficialDocument::on_template(Kind::HandlingReport, t, number, today, report_title(f.year), addressee, body)
    }
}

/// Each main unit's line: assigned, answered, on time, overdue, satisfied.
fn units_table(f: &HandlingFigures) -> DocTable {
    DocTable {
        headers: ["序号", "承办单位", "主办件数", "已答复", "按期答复率", "逾期未答复", "满意率"]
            .into_iter()
            .map(String::from)
            .collect(),
        widths: vec![3, 12, 4, 4, 5, 5, 4],
        rows: f
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    (i + 1).to_string(),
                    u.name.clone(),
                    u.assigned.to_string(),
                    u.replied.to_string(),
                    u.rate.percent_text(),
                    u.overdue.to_string(),
                    percent_text(u.satisfied),
                ]
            })
            .collect(),
    }
}
