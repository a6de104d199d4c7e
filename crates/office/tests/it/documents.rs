//! Importing the library's three real sources: the seed speech page, the government work
//! reports and the laws. Each test reads ../shared and is skipped when it is absent.

use renda_core::document::{Block, blocks};
use renda_office::documents::{
    ImportedDocument, article_number, parse_law, parse_page, parse_reports_jsonl, read_laws_dir,
};
use std::collections::HashSet;
use std::path::PathBuf;

/// `../shared` next to the repository (the crate is at crates/office).
fn shared(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: ../shared/{rel} absent");
        None
    }
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).expect("the shared file is UTF-8 text")
}

fn paragraphs(d: &ImportedDocument) -> Vec<&str> {
    blocks(&d.body)
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Heading { .. } => None,
        })
        .collect()
}

fn headings(d: &ImportedDocument) -> Vec<(u8, &str)> {
    blocks(&d.body)
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading { level, text } => Some((level, text)),
            Block::Paragraph(_) => None,
        })
        .collect()
}

/// The body keeps the block format: blocks separated by exactly one blank line, each on one
/// line, none empty, no stray `#` paragraphs.
fn assert_well_formed(d: &ImportedDocument) {
    assert!(!d.body.is_empty(), "{}: empty body", d.source);
    assert!(!d.body.starts_with('\n') && !d.body.ends_with('\n'), "{}", d.source);
    for block in d.body.split("\n\n") {
        assert!(!block.trim().is_empty(), "{}: empty block", d.source);
        assert!(!block.contains('\n'), "{}: block on several lines: {block:?}", d.source);
        assert_eq!(block, block.trim(), "{}: untrimmed block", d.source);
        assert!(!block.contains("  ") && !block.contains('\u{3000}'), "{}: spaces in {block:?}", d.source);
        if block.starts_with('#') {
            assert!(block.starts_with("# ") || block.starts_with("## "), "{}: {block:?}", d.source);
            assert!(!block.starts_with("###"), "{}: {block:?}", d.source);
        }
    }
}

#[test]
fn the_seed_speech_page_imports_its_text_and_nothing_of_the_site() {
    let Some(path) = shared("samples/000_284f5eaf7f680906.txt") else { return };
    let page = parse_page(&read(&path)).expect("the seed page parses");
    let d = &page.document;
    assert_eq!(d.title, "在全市县区人大主任座谈会上的讲话");
    assert_eq!(d.text_date.map(|x| x.to_string()).as_deref(), Some("2021-05-03"));
    assert_eq!(d.published_at.map(|x| x.to_string()).as_deref(), Some("2022-10-24T13:43:49"));
    assert_eq!(d.views, 125);
    assert_eq!(d.kind, "speech");
    assert_eq!(d.source, "page:在全市县区人大主任座谈会上的讲话:20210503");
    assert_well_formed(d);

    let ps = paragraphs(d);
    assert_eq!(ps[0], "同志们:");
    assert!(ps[1].starts_with("今天召开这次全市县区人大主任座谈会"), "{}", ps[1]);
    assert!(ps.last().is_some_and(|p| p.ends_with("作出积极贡献。")), "{:?}", ps.last());
    let hs = headings(d);
    assert!(hs.iter().any(|(l, h)| *l == 1 && h.starts_with("一、认清形势")), "{hs:?}");
    assert!(hs.iter().any(|(l, h)| *l == 1 && h.starts_with("二、科学定位")), "{hs:?}");
    assert!(ps.iter().any(|p| p.starts_with("(一)国家、省、市")), "a long (一)…。 line stays a paragraph");

    for furniture in [
        "xiebitongdao",
        "阅读全文",
        "登陆",
        "赏",
        "¥",
        "分享",
        "微信扫一扫",
        "本文标题",
        "链接地址",
        "相关内容",
        "热门推荐",
        "本周热门",
        "本月热门",
        "二维码",
        "微信订阅号",
        "联系客服",
    ] {
        for (field, text) in [("title", &d.title), ("lead", &d.lead), ("body", &d.body)] {
            assert!(!text.contains(furniture), "{furniture} survived in the {field}");
        }
    }
    assert!(!d.lead.starts_with("携笔同道"), "{}", d.lead);
    assert!(d.lead.starts_with("同志们:今天召开这次全市县区人大主任座谈会"), "{}", d.lead);

    assert!(!page.dropped.is_empty());
    assert!(page.dropped.iter().any(|x| x.line == 38), "阅读全文 is on line 38: {:?}", page.dropped);
    assert!(page.dropped.iter().any(|x| x.line == 10), "the slogan on line 10");
    assert!(page.dropped.iter().any(|x| x.line == 12), "the repeated title on line 12");
    assert!(page.dropped.iter().all(|x| x.line >= 38 || [10, 12].contains(&x.line)), "{:?}", page.dropped);
    assert_eq!(page.dropped.last().map(|x| x.line), Some(73), "everything after the text is accounted for");
}

#[test]
fn malformed_pages_are_errors_not_panics() {
    for text in [
        "",
        "\n\n\n",
        "没有日期的标题\n2022-10-24 13:43:49 125\n正文",
        "20210503:标题",
        "20210503:标题\n2022-10-24\n正文",
        "20210503:\n2022-10-24 13:43:49 125\n正文",
        "99999999:标题\n2022-10-24 13:43:49 125\n正文",
        "20210503:标题\n2022-10-24 13:43:49 -1\n正文",
        "20210503:标题\n2022-10-24 13:43:49 125\n文章导读\n导读",
        "２０２１０５０３:标题\n2022-10-24 13:43:49 125\n正文",
    ] {
        let e = parse_page(text).expect_err(text);
        assert!(e.line().is_some(), "{e}");
        assert!(e.to_string().starts_with("网页第"), "{e}");
    }
}

#[test]
fn the_government_work_reports_import_all_72_with_unique_sources() {
    let Some(path) = shared("data/documents/government_work_reports.jsonl") else { return };
    let text = read(&path);
    let docs = parse_reports_jsonl(&text).expect("the reports parse");
    assert_eq!(docs.len(), 72);
    let sources: HashSet<&str> = docs.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(sources.len(), 72);
    for d in &docs {
        assert_well_formed(d);
        assert!(d.source.starts_with("report:https://"), "{}", d.source);
        assert!(d.tags.iter().any(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())), "{}", d.title);
        assert!(!d.body.contains("本作品") && !d.body.contains("Public domain"), "licence left in {}", d.title);
        assert!(!d.body.contains('\u{200b}'), "{}", d.title);
    }

    let latest = docs.iter().find(|d| d.title == "2025年中华人民共和国国务院政府工作报告").expect("the 2025 report");
    assert_eq!((latest.kind, latest.organ.as_str()), ("report", "国务院"));
    assert!(latest.tags.contains(&"2025".to_string()));
    assert_eq!(
        headings(latest),
        vec![(1, "一、2024年工作回顾"), (1, "二、2025年经济社会发展总体要求和政策取向"), (1, "三、2025年政府工作任务")]
    );
    assert_eq!(paragraphs(latest)[0], "各位代表：");

    let decisions: Vec<&ImportedDocument> = docs.iter().filter(|d| d.kind == "decision").collect();
    assert_eq!(decisions.len(), 20);
    assert!(decisions.iter().all(|d| d.organ == "全国人民代表大会"));
    let r2025 = decisions
        .iter()
        .find(|d| d.title == "第十四届全国人民代表大会第三次会议关于政府工作报告的决议")
        .expect("the 2025 resolution");
    assert!(r2025.tags.contains(&"2025".to_string()));
    assert!(paragraphs(r2025)[0].contains("所作的政府工作报告。会议充分肯定"), "link breaks are joined");

    let r2023 = decisions.iter().find(|d| d.title.starts_with("第十四届全国人民代表大会第一次会议")).expect("2023");
    assert_eq!(r2023.text_date.map(|x| x.to_string()).as_deref(), Some("2023-03-13"));
    let report2024 = docs.iter().find(|d| d.title.starts_with("2024年")).expect("2024");
    assert_eq!(report2024.text_date.map(|x| x.to_string()).as_deref(), Some("2024-03-05"));
}

#[test]
fn one_broken_line_fails_the_reports_as_a_whole_naming_it() {
    let Some(path) = shared("data/documents/government_work_reports.jsonl") else { return };
    let text = read(&path);
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = lines[40].find("\"content\"").expect("line 41 has a content field");
    lines[40] = &lines[40][..cut];
    let e = parse_reports_jsonl(&lines.join("\n")).expect_err("a broken line");
    assert_eq!(e.line(), Some(41));
    assert!(e.to_string().contains("第41行"), "{e}");
}

#[test]
fn the_laws_directory_imports_1165_laws_and_skips_the_7_other_files_with_reasons() {
    let Some(dir) = shared("data/laws") else { return };
    let import = read_laws_dir(&dir);
    assert_eq!(import.documents.len(), 1165, "skipped: {:?}", import.skipped);
    assert_eq!(import.skipped.len(), 7, "{:?}", import.skipped);
    assert_eq!(import.documents.len() + import.skipped.len(), 1172);
    let index_pages = import.skipped.iter().filter(|(p, _)| p.ends_with("_index.md")).count();
    let databases = import.skipped.iter().filter(|(p, _)| p.ends_with("db.sqlite3")).count();
    assert_eq!((index_pages, databases), (5, 2));
    assert!(import.skipped.iter().all(|(_, reason)| !reason.is_empty()));

    let sources: HashSet<&str> = import.documents.iter().map(|d| d.source.as_str()).collect();
    assert_eq!(sources.len(), 1165);
    let mut sorted: Vec<&str> = import.documents.iter().map(|d| d.source.as_str()).collect();
    sorted.sort_unstable();
    assert_eq!(sorted, import.documents.iter().map(|d| d.source.as_str()).collect::<Vec<_>>(), "sorted");
    for d in &import.documents {
        assert_well_formed(d);
        assert_eq!(d.kind, "law");
        assert_eq!(d.tags.len(), 1, "{}", d.source);
    }

    let law = import
        .documents
        .iter()
        .find(|d| d.source == "law:宪法相关法/全国人民代表大会和地方各级人民代表大会代表法(2025-03-11).md")
        .expect("the 2025 代表法");
    assert_eq!(law.title, "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法");
    assert_eq!(law.text_date.map(|x| x.to_string()).as_deref(), Some("2025-03-11"));
    assert_eq!(law.organ, "全国人民代表大会");
    assert_eq!(law.tags, vec!["宪法相关法".to_string()]);
    assert!(law.lead.starts_with("1992年4月3日 第七届全国人民代表大会第五次会议通过"), "{}", law.lead);
    let hs = headings(law);
    assert_eq!(hs.first(), Some(&(1, "第一章 总则")));
    assert!(hs.len() >= 5, "{hs:?}");
    let ps = paragraphs(law);
    assert!(ps[0].starts_with("第一条 "), "{}", ps[0]);
    assert_eq!(article_number(ps[0]), Some("第一条"));
    assert!(ps.iter().any(|p| article_number(p) == Some("第十条")));

    let tags: HashSet<&str> = import.documents.iter().map(|d| d.tags[0].as_str()).collect();
    let expected: HashSet<&str> = ["宪法", "宪法相关法", "行政法规", "北京地方法规", "上海地方法规"].into();
    assert_eq!(tags, expected);
}

#[test]
fn a_single_law_file_parses_on_its_own() {
    let Some(path) = shared("data/laws/宪法/宪法.md") else { return };
    let d = parse_law("宪法/宪法.md", &read(&path)).expect("the constitution parses");
    assert_eq!(d.title, "中华人民共和国宪法");
    assert_eq!(headings(&d).first(), Some(&(1, "序言")));
    assert!(!d.body.contains("FORCE BREAK"));
    assert_eq!(d.text_date.map(|x| x.to_string()).as_deref(), Some("2018-03-11"));
}

#[test]
fn article_numbers_link_a_paragraph_to_its_article() {
    assert_eq!(article_number("第一百零一条 代表……"), Some("第一百零一条"));
    assert_eq!(article_number("第十条之一 为了……"), Some("第十条之一"));
    assert_eq!(article_number("第十条"), Some("第十条"));
    assert_eq!(article_number("（一）出席本级人民代表大会会议"), None);
    assert_eq!(article_number("第一章 总则"), None);
    assert_eq!(article_number(""), None);
}
