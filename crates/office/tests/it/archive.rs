//! The archive's DOCX and XLSX read back: the deputy's name, each item line and the total are
//! in the file a clerk downloads.

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use renda_office::archive::{ArchiveExport, ExportItem, ExportScore, archive_docx, archive_xlsx};
use std::io::{Cursor, Read};

fn sample() -> ArchiveExport {
    ArchiveExport {
        name: "周建国".into(),
        congress: "东城区人民代表大会".into(),
        term: "第十八届".into(),
        year: 2025,
        basic: vec![("代表团（选区）".into(), "第一选区".into()), ("性别".into(), "男".into())],
        items: vec![
            ExportItem {
                date: "2025-03-05".into(),
                kind: "参加视察".into(),
                quantity: "2次".into(),
                source: "平台记录".into(),
                status: "已计入".into(),
            },
            ExportItem {
                date: "2025-04-01".into(),
                kind: "走访联系选民 <东片>".into(),
                quantity: "10户".into(),
                source: "代表本人申报".into(),
                status: "待审核".into(),
            },
        ],
        score: Some(ExportScore {
            rules: "重庆市江北区人大代表履职积分细则（第1版）".into(),
            lines: vec!["参加视察 2 次 × 3 分 = 6 分".into()],
            total: "6".into(),
            band: String::new(),
        }),
    }
}

fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    for part in ["[Content_Types].xml", "_rels/.rels"] {
        zip.by_name(part).expect("package part present");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("document part").read_to_string(&mut xml).expect("utf-8");
    xml
}

#[test]
fn the_docx_holds_the_cover_every_item_and_the_explained_total_on_a4() {
    let xml = docx_text(&archive_docx(&sample()).expect("docx"));
    assert!(xml.contains("姓名：周建国"));
    assert!(xml.contains("届次：第十八届"));
    assert!(xml.contains("参加视察") && xml.contains("2025-03-05"));
    assert!(xml.contains("走访联系选民 &lt;东片&gt;"), "text is escaped, not markup");
    assert!(xml.contains("待审核"));
    assert!(xml.contains("参加视察 2 次 × 3 分 = 6 分"));
    assert!(xml.contains("合计：6 分"));
    assert!(xml.contains("w:w=\"11906\" w:h=\"16838\""), "A4 page");
}

#[test]
fn the_xlsx_has_an_items_sheet_and_a_score_sheet_that_read_back() {
    let bytes = archive_xlsx(&sample()).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    assert_eq!(wb.sheet_names(), vec!["履职事项".to_owned(), "年度得分".to_owned()]);
    let items = wb.worksheet_range("履职事项").expect("items");
    let cells: Vec<String> = items.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.contains(&"周建国代表履职档案（2025年度）".to_owned()));
    assert!(cells.contains(&"走访联系选民 <东片>".to_owned()));
    assert!(cells.contains(&"待审核".to_owned()));
    let score = wb.worksheet_range("年度得分").expect("score");
    let rows: Vec<Vec<String>> = score.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert!(rows.iter().any(|r| r.contains(&"参加视察 2 次 × 3 分 = 6 分".to_owned())));
    assert!(
        rows.iter().any(|r| r.first().map(String::as_str) == Some("合计") && r.get(1).map(String::as_str) == Some("6"))
    );
}

#[test]
fn an_archive_without_rules_says_so_instead_of_a_score() {
    let a = ArchiveExport { score: None, items: Vec::new(), ..sample() };
    let xml = docx_text(&archive_docx(&a).expect("docx"));
    assert!(xml.contains("本年度尚未发布评分细则"));
    assert!(xml.contains("本年度暂无履职事项"));
}
