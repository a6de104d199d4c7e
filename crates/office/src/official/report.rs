//! The year's reports to the standing committee laid out, each an upward document (上行文) under
//! its 签发人 with the clerk's edited text as its body (headings read from their numbers by
//! `renda_core::official::report::report_line`): the 代表建议办理情况报告 with each main unit's
//! figures as its attachment, and the 备案审查工作情况报告 with the figures per filing body and
//! the register of the year's documents.

use super::{Attachment, Block, Direction, DocTable, OfficialDocument};
use jiff::civil::Date;
use renda_core::filing::annual::{AnnualFigures, annual_title};
use renda_core::official::report::{HandlingFigures, percent_text, report_addressee, report_line, report_title};
use renda_core::official::{Kind, Template};

/// The clerk's text as blocks: a numbered line is a heading, any other a paragraph.
fn body_of(text: &str) -> Vec<Block> {
    text.lines()
        .map(report_line)
        .filter(|(_, l)| !l.is_empty())
        .map(|(level, l)| match level {
            Some(level) => Block::Heading { level, text: l.to_string() },
            None => Block::Paragraph(l.to_string()),
        })
        .collect()
}

/// The report as issued under `number`, from the clerk's `text` (checked by the core before).
pub fn handling_report(f: &HandlingFigures, text: &str, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let body = body_of(text);
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

/// The year's 备案审查工作情况报告 as issued under `number`, from the clerk's `text` (checked by
/// the core before): the figures per filing body and the register of the documents registered
/// that year are its two attachments.
pub fn filing_report(f: &AnnualFigures, text: &str, t: &Template, number: &str, today: Date) -> OfficialDocument {
    let addressee = Some(report_addressee(&f.congress_name));
    let bodies = DocTable {
        headers: ["报备机关", "报送件数", "按时报送", "逾期报送", "退回补正", "提出审查意见", "已纠正", "已撤销"]
            .into_iter()
            .map(String::from)
            .collect(),
        widths: vec![8, 4, 4, 4, 4, 5, 4, 4],
        rows: f
            .bodies
            .iter()
            .map(|b| {
                let name = b.body.map_or("合计", |b| b.label()).to_owned();
                let n = [b.filed, b.on_time, b.late, b.returned, b.opinions, b.corrected, b.revoked];
                std::iter::once(name).chain(n.iter().map(|n| n.to_string())).collect()
            })
            .collect(),
    };
    let register = DocTable {
        headers: ["备案号", "文件名称", "制定机关", "公布日期"].into_iter().map(String::from).collect(),
        widths: vec![7, 14, 8, 5],
        rows: f
            .registered
            .iter()
            .map(|r| vec![r.number.clone(), r.title.clone(), r.maker_name.clone(), r.published_on.to_string()])
            .collect(),
    };
    let mut attachments = vec![Attachment {
        title: "规范性文件报送备案情况统计表".into(),
        blocks: vec![Block::Table(bodies)],
    }];
    if !f.registered.is_empty() {
        attachments.push(Attachment {
            title: format!("{}年度备案登记的规范性文件目录", f.year),
            blocks: vec![Block::Table(register)],
        });
    }
    OfficialDocument {
        direction: Direction::Up { signer: t.signatory.clone() },
        attachments,
        ..OfficialDocument::on_template(
            Kind::FilingReport,
            t,
            number,
            today,
            annual_title(f.year),
            addressee,
            body_of(text),
        )
    }
}
