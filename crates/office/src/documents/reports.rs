//! Government work reports (政府工作报告) and the NPC's resolutions on them, one JSON object per
//! line: `{"title", "url", "content", "year"}`, as scraped from Wikisource.
//!
//! The scraped `content` keeps Wikisource's traces, which the body normaliser undoes: a link
//! inside a sentence became a line of its own (`所作的\n政府工作报告\n。`), so lines of one
//! block are joined unless the earlier one ends a sentence or the later one is indented; runs
//! of blank lines separate paragraphs; the licence template at the end (`本作品…`, `Public
//! domain`) is cut off; zero-width spaces are dropped.

use super::body::{
    BodyBuilder, cn_date_at_start, cn_number, is_invisible, normalise_space, numbered_heading_level, squash,
};
use super::{ImportError, ImportedDocument};
use renda_core::document::{DatePrecision, DocKind};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
struct RawReport {
    title: String,
    url: String,
    content: String,
    #[serde(default)]
    year: serde_json::Value,
}

/// Parses the whole file, all or nothing: the first bad line is an error naming it. Blank lines
/// are allowed.
pub fn parse_reports_jsonl(text: &str) -> Result<Vec<ImportedDocument>, ImportError> {
    let mut docs = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let no = i + 1;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let raw: RawReport = serde_json::from_str(line).map_err(|e| err(no, json_problem(&e)))?;
        let title = normalise_space(&raw.title);
        if title.is_empty() {
            return Err(err(no, "标题（title）为空"));
        }
        let url = raw.url.trim().to_string();
        if url.is_empty() {
            return Err(err(no, "网址（url）为空"));
        }
        if let Some(first) = seen.insert(url.clone(), no) {
            return Err(err(no, format!("网址与第{first}行重复")));
        }
        let year = match &raw.year {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) if s.trim().is_empty() => None,
            serde_json::Value::String(s) => Some(s.trim().to_string()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => return Err(err(no, "年份（year）应为文本或数字")),
        };
        if let Some(y) = &year
            && (y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(err(no, format!("年份（year）“{y}”不是四位数的年份")));
        }

        let paragraphs = paragraphs(&raw.content);
        let text_date = paragraphs.iter().take(6).find_map(|p| header_date(p));
        let body = body(&paragraphs, &title);
        if body.is_empty() {
            return Err(err(no, "正文（content）为空"));
        }

        let is_decision = title.contains("决议") || title.contains("决定");
        let (kind, organ) = if is_decision {
            (DocKind::Decision, "全国人民代表大会")
        } else if title.contains("政府工作报告") {
            (DocKind::Report, "国务院")
        } else {
            (DocKind::Report, "")
        };
        let year = year
            .or_else(|| text_date.map(|d| d.year().to_string()))
            .or_else(|| npc_session_year(&title).map(|y| y.to_string()));
        // A report whose header gives no day is dated by its year alone.
        let (text_date, date_precision) = match (text_date, year.as_deref().and_then(|y| y.parse::<i16>().ok())) {
            (Some(day), _) => (Some(day), DatePrecision::Day),
            (None, Some(y)) => (jiff::civil::Date::new(y, 1, 1).ok(), DatePrecision::Year),
            (None, None) => (None, DatePrecision::Day),
        };
        let mut tags: Vec<String> = year.into_iter().collect();
        if title.contains("政府工作报告") {
            tags.push("政府工作报告".to_string());
        }

        docs.push(ImportedDocument {
            source: format!("report:{url}"),
            kind: kind.code(),
            title,
            text_date,
            date_precision,
            published_at: None,
            views: 0,
            lead: String::new(),
            organ: organ.to_string(),
            tags,
            body,
        });
    }
    Ok(docs)
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError::Report { line, message: message.into() }
}

fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data => "字段不全或类型不对（每行应有文本字段 title、url、content 和 year）".to_string(),
        Category::Eof => "JSON 不完整（行尾缺少内容）".to_string(),
        Category::Syntax | Category::Io => format!("不是有效的 JSON（第{}列附近）", e.column()),
    }
}

/// The content as paragraphs of raw (not yet normalised) text, up to the licence template.
fn paragraphs(content: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let p = normalise_space(current);
        if !p.is_empty() {
            out.push(p);
        }
        current.clear();
    };
    for line in content.lines() {
        // A line of nothing but a zero-width space marks a page break of the scanned original
        // and may fall inside a word: skip it without ending the paragraph.
        if !line.is_empty() && line.chars().all(is_invisible) {
            continue;
        }
        let visible = normalise_space(line);
        if visible.is_empty() {
            flush(&mut current, &mut out);
            continue;
        }
        let indented = line.starts_with(['\u{3000}', '\t']) || line.starts_with("  ");
        let previous = normalise_space(&current);
        if indented || previous.ends_with(['。', '！', '？', '：', '；', '!', '?', ':', ';']) {
            flush(&mut current, &mut out);
        }
        current.push_str(line);
    }
    flush(&mut current, &mut out);
    if let Some(licence) = out.iter().position(|p| p.starts_with("本作品")) {
        out.truncate(licence);
    }
    out
}

fn body(paragraphs: &[String], title: &str) -> String {
    let mut body = BodyBuilder::new();
    let title_key = squash(title);
    for (i, p) in paragraphs.iter().enumerate() {
        let key = squash(p);
        // The page's own heading: the resolution's full title, or 政府工作报告 over a report.
        if i == 0 && (key == title_key || (key.chars().count() >= 4 && title_key.ends_with(&key))) {
            continue;
        }
        match report_heading_level(p) {
            Some(level) => body.heading(level, p),
            None => body.paragraph(p),
        }
    }
    body.finish()
}

fn report_heading_level(p: &str) -> Option<u8> {
    if p == "结束语" || cn_number(p).is_some_and(|n| n > 0 && p.chars().count() <= 3) {
        return Some(1);
    }
    numbered_heading_level(p)
}

/// The date of a report or resolution as its header gives it: `——2024年3月5日在第十四届…` or
/// `（2023年3月13日第十四届全国人民代表大会第一次会议通过）`.
fn header_date(p: &str) -> Option<jiff::civil::Date> {
    let rest = p.trim_start_matches(['—', '-', '（', '(', ' ']);
    let (date, len) = cn_date_at_start(rest)?;
    let after = &rest[len..];
    (after.starts_with('在') || after.starts_with('第')).then_some(date)
}

/// The year of a session of the National People's Congress named in a title like
/// `第十四届全国人民代表大会第三次会议关于…`: each congress met once a year from its first
/// year, except the 2nd, which did not meet in 1961.
fn npc_session_year(title: &str) -> Option<i32> {
    const FIRST_YEARS: [i32; 14] = [1954, 1959, 1964, 1975, 1978, 1983, 1988, 1993, 1998, 2003, 2008, 2013, 2018, 2023];
    let rest = title.strip_prefix('第')?;
    let (term, rest) = rest.split_once("届全国人民代表大会第")?;
    let (session, _) = rest.split_once("次会议")?;
    let term = usize::try_from(cn_number(term)?).ok()?;
    let session = i32::try_from(cn_number(session)?).ok()?;
    let first = *FIRST_YEARS.get(term.checked_sub(1)?)?;
    if !(1..=5).contains(&session) {
        return None;
    }
    Some(if term == 2 && session >= 3 { first + session } else { first + session - 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str, content: &str, year: &str) -> String {
        serde_json::json!({ "title": title, "url": format!("https://example.org/{title}"), "content": content, "year": year })
            .to_string()
    }

    #[test]
    fn wikisource_link_breaks_are_joined_and_the_licence_is_cut() {
        let content = "\u{200b}\n\n政府工作报\n告\n\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n\
            各位代表：\n现在，我代表国务\n\u{200b}\n院\n政府工作报告\n。\n\n\n\n一、2023年工作回顾\n\n\n\
            \u{3000}\u{3000}过去一年。\n\u{3000}\u{3000}新的一年。\n\n\n\n本作品是中华人民共和国的\n法律\n\nPublic domain\nfalse";
        let docs =
            parse_reports_jsonl(&line("2024年中华人民共和国国务院政府工作报告", content, "2024")).expect("valid");
        let d = &docs[0];
        assert_eq!(
            d.body,
            "——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n各位代表：\n\n\
             现在，我代表国务院政府工作报告。\n\n# 一、2023年工作回顾\n\n过去一年。\n\n新的一年。"
        );
        assert_eq!(d.text_date.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
        assert_eq!(d.date_precision, DatePrecision::Day);
        assert_eq!((d.kind, d.organ.as_str()), ("report", "国务院"));
        assert_eq!(d.tags, vec!["2024".to_string(), "政府工作报告".to_string()]);
    }

    #[test]
    fn a_resolution_is_a_decision_of_the_npc_with_its_year_from_the_session() {
        let title = "第二届全国人民代表大会第三次会议关于政府工作报告的决议";
        let docs = parse_reports_jsonl(&format!("\n{}\n", line(title, &format!("{title}\n\n会议决定批准。"), "")))
            .expect("valid");
        assert_eq!(docs[0].kind, "decision");
        assert_eq!(docs[0].organ, "全国人民代表大会");
        assert_eq!(docs[0].body, "会议决定批准。");
        assert_eq!(docs[0].tags[0], "1962");
        assert_eq!(docs[0].text_date, Some(jiff::civil::date(1962, 1, 1)), "no day in the header: the year");
        assert_eq!(docs[0].date_precision, DatePrecision::Year);
        assert_eq!(npc_session_year("第十四届全国人民代表大会第三次会议关于政府工作报告的决议"), Some(2025));
        assert_eq!(npc_session_year("第十三届全国人民代表大会第三次会议关于政府工作报告的决议"), Some(2020));
        assert_eq!(npc_session_year("第五届全国人民代表大会第五次会议"), Some(1982));
        assert_eq!(npc_session_year("2025年政府工作报告"), None);
    }

    #[test]
    fn one_bad_line_fails_the_whole_file_naming_it() {
        let good = line("2025年中华人民共和国国务院政府工作报告", "各位代表：", "2025");
        let e = parse_reports_jsonl(&format!("{good}\n{{\"title\": \"残缺\n")).expect_err("broken JSON");
        assert_eq!(e.line(), Some(2));
        assert!(e.to_string().starts_with("工作报告数据第2行："), "{e}");
        let e = parse_reports_jsonl(&format!("{good}\n{good}")).expect_err("same url twice");
        assert!(e.to_string().contains("与第1行重复"), "{e}");
        let e = parse_reports_jsonl("{\"title\": \"标题\"}").expect_err("missing fields");
        assert!(e.message().contains("字段"), "{e}");
        let e = parse_reports_jsonl(&line("标题", "正文", "二〇二五")).expect_err("bad year");
        assert!(e.message().contains("年份"), "{e}");
        let e = parse_reports_jsonl(&line("标题", "\u{200b}\n\n", "2025")).expect_err("empty content");
        assert!(e.message().contains("正文"), "{e}");
    }
}
