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

/// The named part of the package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut xml = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the package")).read_to_string(&mut xml).expect("utf-8");
    xml
}

fn docx_text(bytes: &[u8]) -> String {
    for name in ["[Content_Types].xml", "_rels/.rels"] {
        part(bytes, name);
    }
    part(bytes, "word/document.xml")
}

/// The run (or paragraph) that holds `text`: from the last `open` tag before it.
fn around<'a>(xml: &'a str, text: &str, open: &str) -> &'a str {
    let at = xml.find(text).unwrap_or_else(|| panic!("{text} in the document"));
    &xml[xml[..at].rfind(open).unwrap_or_else(|| panic!("{open} before {text}"))..at]
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
fn the_docx_is_on_the_official_documents_page_with_the_body_in_fangsong() {
    let mut a = sample();
    a.items[0].kind = "参加\u{1}视察".into();
    let bytes = archive_docx(&a).expect("docx");
    let xml = docx_text(&bytes);
    // The engine's page: A4, 37 mm top and 28 mm binding margin around a 156 × 225 mm block,
    // the grid of 22 lines.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4: {xml}");
    assert!(xml.contains(r#"w:top="2098""#) && xml.contains(r#"w:left="1587""#), "margins");
    assert!(xml.contains(r#"w:right="1475""#) && xml.contains(r#"w:bottom="1984""#), "margins");
    assert!(xml.contains(r#"<w:docGrid w:type="lines" w:linePitch="579""#), "the line grid");
    // The body in 3号仿宋 by default.
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="仿宋_GB2312""#), "仿宋 body: {styles}");
    assert!(styles.contains(r#"<w:sz w:val="32" />"#), "3号 body");
    // The cover's title in 小标宋, the sections numbered by the engine in 黑体.
    assert!(around(&xml, "代表履职档案", "<w:r>").contains("方正小标宋简体"));
    for heading in ["一、基本情况", "二、履职事项", "三、年度履职得分"] {
        assert!(around(&xml, heading, "<w:r>").contains("黑体"), "{heading} in 黑体");
    }
    let year_at = xml.find("年度：2025年").expect("the cover's year");
    let cover_end = &xml[year_at..year_at + xml[year_at..].find("</w:p>").expect("its paragraph ends")];
    assert!(cover_end.contains(r#"<w:br w:type="page" />"#), "the sections start a page: {cover_end}");
    assert!(xml.find("一、基本情况") > Some(year_at), "after the cover");
    assert!(around(&xml, "合计：6 分", "<w:r>").contains("<w:b />"), "the total in bold");
    assert!(xml.contains("<w:cantSplit"), "rows kept whole across pages");
    assert!(xml.contains("参加视察") && !xml.contains('\u{1}'), "no control character in the XML");
    // The page number — 1 — on odd and even pages.
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("evenAndOddHeaders"));
    let zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).expect("zip");
    let footers: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/footer"))
        .map(|n| part(&bytes, &n))
        .collect();
    assert_eq!(footers.len(), 2, "odd and even footers");
    assert!(footers.iter().all(|f| f.contains("— ") && f.contains("PAGE") && f.contains(" —")), "{footers:?}");
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
