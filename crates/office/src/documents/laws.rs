//! Laws and regulations as Markdown, one file per version:
//!
//! ```text
//! # 中华人民共和国全国人民代表大会和地方各级人民代表大会代表法
//!
//! 1992年4月3日 第七届全国人民代表大会第五次会议通过          ← adoption notes (题注)
//! 2025年3月11日 第十四届全国人民代表大会第三次会议《…》第四次修正）
//!
//! <!-- INFO END -->
//!
//! 中华人民共和国全国人民代表大会和 地方各级人民代表大会代表法  ← the title again (dropped)
//!
//! ## 第一章 总 则                                            ← 章 (or ### when 编 are above)
//! ### 第一节 …                                               ← 节
//! 第一条 为保证……                                           ← one 条 per line
//! （一）出席本级人民代表大会会议……                          ← its 款 and 项, one per line
//! ```
//!
//! The file name carries the version's date when there is one: `代表法(2025-03-11).md`.

use super::body::{BodyBuilder, close_cjk_gaps, cn_date_at_start, cn_dates, is_cn_numeral, normalise_space, squash};
use super::{ImportError, ImportedDocument};
use jiff::civil::Date;
use renda_core::document::DocKind;
pub use renda_core::document::article_number;
use serde::Serialize;
use std::path::Path;

/// What [`read_laws_dir`] found: the laws, and every other file with the reason it was left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LawsImport {
    pub documents: Vec<ImportedDocument>,
    /// (path relative to the directory, with `/`; reason in Chinese).
    pub skipped: Vec<(String, String)>,
}

const INFO_END: &str = "<!-- INFO END -->";

/// Parses one law. `relative_path` is the file's path below the laws directory, with `/`
/// separators; it names the source, gives the tag (its top folder) and the version date.
pub fn parse_law(relative_path: &str, text: &str) -> Result<ImportedDocument, ImportError> {
    let path = relative_path.replace('\\', "/");
    let err = |line: Option<usize>, message: &str| ImportError::Law {
        path: path.clone(),
        line,
        message: message.to_string(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let (title_idx, first) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| !normalise_space(l).is_empty())
        .ok_or_else(|| err(None, "文件是空的"))?;
    let first = first.trim_start_matches('\u{feff}').trim();
    if first == "---" {
        return Err(err(Some(title_idx + 1), "这是目录页的前置元数据（front matter），不是法规正文"));
    }
    let title = first
        .strip_prefix("# ")
        .map(normalise_space)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| err(Some(title_idx + 1), "第一行应为以“# ”开头的标题"))?;
    let info_end = lines
        .iter()
        .position(|l| l.trim() == INFO_END)
        .ok_or_else(|| err(None, "缺少“<!-- INFO END -->”标记，分不清题注和正文"))?;
    if info_end < title_idx {
        return Err(err(Some(info_end + 1), "“<!-- INFO END -->”标记出现在标题之前"));
    }

    // Some files wrap the title over the first note lines (`中华人民共和国各级人民代表大会` /
    // `常务委员会监督法`): those pieces are the title again, not notes.
    let title_key = squash(&title);
    let notes: Vec<String> = lines[title_idx + 1..info_end]
        .iter()
        .map(|l| clean_note(l))
        .filter(|n| !n.is_empty() && !title_key.contains(&squash(n)))
        .collect();

    let mut body = BodyBuilder::new();
    let mut seen_text = false;
    for raw in &lines[info_end + 1..] {
        let line = normalise_space(raw);
        if line.is_empty() || (line.starts_with("<!--") && line.ends_with("-->")) {
            continue;
        }
        if !seen_text && squash(&line) == squash(&title) {
            continue;
        }
        seen_text = true;
        let hashes = line.len() - line.trim_start_matches('#').len();
        match line[hashes..].strip_prefix(' ') {
            Some(heading) if hashes > 0 => {
                let heading = tidy_heading(heading);
                let level = if is_section(&heading) { 2 } else { 1 };
                body.heading(level, &heading);
            }
            _ => body.paragraph(&line),
        }
    }
    if body.is_empty() {
        return Err(err(None, "“<!-- INFO END -->”之后没有正文"));
    }

    let text_date = date_in_file_name(&path).or_else(|| notes.iter().flat_map(|n| cn_dates(n)).max());
    let organ = notes.iter().find_map(|n| organ_of_note(n)).unwrap_or_default();
    Ok(ImportedDocument {
        source: format!("law:{path}"),
        kind: DocKind::Law.code(),
        title,
        text_date,
        date_precision: renda_core::document::DatePrecision::Day,
        published_at: None,
        views: 0,
        lead: notes.join("\n"),
        organ,
        tags: folder_tag(&path).into_iter().collect(),
        body: body.finish(),
    })
}

/// Reads every file below `dir`, in sorted order of relative path, parsing each Markdown law.
/// Everything else — index pages, databases, unreadable or malformed files — is listed in
/// [`LawsImport::skipped`] with the reason; a file is never half imported.
pub fn read_laws_dir(dir: &Path) -> LawsImport {
    let mut files = Vec::new();
    let mut import = LawsImport::default();
    walk(dir, "", &mut files, &mut import.skipped);
    files.sort();
    for rel in files {
        let reason = if !rel.ends_with(".md") {
            let ext = rel.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.contains('/')).unwrap_or("");
            Some(if ext.is_empty() {
                "不是 Markdown 法规文本".to_string()
            } else {
                format!("不是 Markdown 法规文本（.{ext} 文件）")
            })
        } else {
            match std::fs::read(dir.join(&rel)) {
                Err(e) => Some(format!("无法读取文件（{}）", e.kind())),
                Ok(bytes) => match String::from_utf8(bytes) {
                    Err(_) => Some("不是 UTF-8 编码的文本".to_string()),
                    Ok(text) => match parse_law(&rel, &text) {
                        Ok(doc) => {
                            import.documents.push(doc);
                            None
                        }
                        Err(e) => Some(match e.line() {
                            Some(l) => format!("第{l}行：{}", e.message()),
                            None => e.message().to_string(),
                        }),
                    },
                },
            }
        };
        if let Some(reason) = reason {
            import.skipped.push((rel, reason));
        }
    }
    import.skipped.sort();
    import
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<String>, skipped: &mut Vec<(String, String)>) {
    let shown = if prefix.is_empty() { ".".to_string() } else { prefix.to_string() };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push((shown, format!("无法读取目录（{}）", e.kind())));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skipped.push((shown.clone(), format!("无法列出目录中的一项（{}）", e.kind())));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), &rel, files, skipped),
            Ok(t) if t.is_file() => files.push(rel),
            Ok(_) => skipped.push((rel, "不是普通文件（如符号链接），未读取".to_string())),
            Err(e) => skipped.push((rel, format!("无法读取文件类型（{}）", e.kind()))),
        }
    }
}

/// `第一章　总　则` → `第一章 总则`; `第一章总则` → `第一章 总则`; anything else only normalised.
fn tidy_heading(heading: &str) -> String {
    let heading = normalise_space(heading);
    let Some(rest) = heading.strip_prefix('第') else {
        return heading;
    };
    let numeral = rest.len() - rest.trim_start_matches(is_cn_numeral).len();
    let after = &rest[numeral..];
    let Some(unit) = after.chars().next().filter(|c| numeral > 0 && "编章节".contains(*c)) else {
        return heading;
    };
    let label = &heading[..'第'.len_utf8() + numeral + unit.len_utf8()];
    let name = close_cjk_gaps(after[unit.len_utf8()..].trim());
    if name.is_empty() { label.to_string() } else { format!("{label} {name}") }
}

fn is_section(heading: &str) -> bool {
    heading.strip_prefix('第').is_some_and(|rest| {
        let numeral = rest.len() - rest.trim_start_matches(is_cn_numeral).len();
        numeral > 0 && rest[numeral..].starts_with('节')
    })
}

/// A note line trimmed, with the bracket that wraps the whole block of notes in the source
/// (`（1992年…通过` … `…第四次修正）`) removed where it is left unmatched on one line.
fn clean_note(line: &str) -> String {
    let mut note = normalise_space(line);
    let opens = |s: &str| s.matches(['（', '(']).count();
    let closes = |s: &str| s.matches(['）', ')']).count();
    if note.ends_with(['）', ')']) && closes(&note) > opens(&note) {
        note.pop();
    }
    if note.starts_with(['（', '(']) && opens(&note) > closes(&note) {
        note.remove(0);
    }
    note.trim().to_string()
}

/// The organ a note names as having adopted, promulgated or approved the text:
/// `第十二届全国人民代表大会常务委员会第十六次会议通过` → 全国人民代表大会常务委员会,
/// `北京市第十三届人民代表大会常务委员会…` → 北京市人民代表大会常务委员会,
/// `中华人民共和国国务院令第656号公布` → 国务院. Only a note that starts with its date counts; a
/// note about an amending decision (`《关于修改…》`) or a date of effect names none.
fn organ_of_note(note: &str) -> Option<String> {
    let (_, len) = cn_date_at_start(note)?;
    let s = note[len..].trim().replace("人大常委会", "人民代表大会常务委员会").replace("中央军委", "中央军事委员会");
    let s = s.strip_prefix('经').unwrap_or(&s);
    if s.starts_with(['《', '〈', '<']) {
        return None;
    }
    const CONGRESS: &str = "人民代表大会";
    if let Some(pos) = s.find(CONGRESS) {
        let before = &s[..pos];
        // Drop the term: 北京市第十三届 → 北京市, 第十一届全国 → 全国.
        let place = match before.find('第') {
            Some(i) => match before[i..].find('届') {
                Some(j) => format!("{}{}", &before[..i], &before[i + j + '届'.len_utf8()..]),
                None => before.to_string(),
            },
            None => before.to_string(),
        };
        let standing = s[pos + CONGRESS.len()..].starts_with("常务委员会");
        let place = place.trim();
        if place.is_empty() || place.chars().count() > 12 {
            return None;
        }
        return Some(format!("{place}{CONGRESS}{}", if standing { "常务委员会" } else { "" }));
    }
    let s = s.replace("中华人民共和国", "");
    let cut = ["令第", "第", "发布", "公布", "批准", "会议", "审议", "通过", "修订", "施行", "执行", "生效", " "]
        .iter()
        .filter_map(|m| s.find(m))
        .chain(s.find(|c: char| c.is_ascii_digit()))
        .min()
        .unwrap_or(s.len());
    let organ = s[..cut].trim();
    (!organ.is_empty() && organ.chars().count() <= 30).then(|| organ.to_string())
}

/// `…(2025-03-11).md` → 2025-03-11.
fn date_in_file_name(path: &str) -> Option<Date> {
    let stem = path.strip_suffix(".md")?.strip_suffix(')')?;
    let (_, date) = stem.rsplit_once('(')?;
    date.parse().ok()
}

/// The collection a law belongs to: its top folder (宪法, 行政法规…), or for the add-on
/// collections under `DLC/` the folder below (北京地方法规).
fn folder_tag(path: &str) -> Option<String> {
    let mut folders: Vec<&str> = path.split('/').collect();
    folders.pop();
    let top = match folders.as_slice() {
        ["DLC", next, ..] => next,
        [top, ..] => top,
        [] => return None,
    };
    Some((*top).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = "# 中华人民共和国示范法\n\n\
        2015年8月29日 第十二届全国人民代表大会常务委员会第十六次会议通过\u{3000}\n\n\
        2021年3月11日 第十三届全国人民代表大会第四次会议《关于修改〈中华人民共和国示范法〉的决定》修正）\n\n\
        <!-- INFO END -->\n\n中华人民共和国 示范法\n\n## 第一章\u{3000}总\u{3000}\u{3000}则\n\n\
        第一条 为了示范，制定本法。\n\n### 第一节 一般规定\n\n第二条 本法适用于：\n\n（一）示范；\n\n## 第二章附则\n\n第三条 本法自公布之日起施行。\n";

    #[test]
    fn a_law_becomes_chapters_sections_and_one_paragraph_per_article_or_item() {
        let d = parse_law("宪法相关法/示范法.md", LAW).expect("valid");
        assert_eq!(d.title, "中华人民共和国示范法");
        assert_eq!(d.source, "law:宪法相关法/示范法.md");
        assert_eq!(d.kind, "law");
        assert_eq!(
            d.body,
            "# 第一章 总则\n\n第一条 为了示范，制定本法。\n\n## 第一节 一般规定\n\n第二条 本法适用于：\n\n（一）示范；\n\n\
             # 第二章 附则\n\n第三条 本法自公布之日起施行。"
        );
        assert_eq!(
            d.lead,
            "2015年8月29日 第十二届全国人民代表大会常务委员会第十六次会议通过\n\
             2021年3月11日 第十三届全国人民代表大会第四次会议《关于修改〈中华人民共和国示范法〉的决定》修正"
        );
        assert_eq!(d.text_date.map(|d| d.to_string()).as_deref(), Some("2021-03-11"), "latest note date");
        assert_eq!(d.organ, "全国人民代表大会常务委员会");
        assert_eq!(d.tags, vec!["宪法相关法".to_string()]);
        let d = parse_law("DLC/北京地方法规/地方性法规/北京/示范法(2022-01-02).md", LAW).expect("valid");
        assert_eq!(d.text_date.map(|d| d.to_string()).as_deref(), Some("2022-01-02"), "the file name wins");
        assert_eq!(d.tags, vec!["北京地方法规".to_string()]);
    }

    #[test]
    fn what_is_not_a_law_is_an_error_not_half_a_document() {
        let e = parse_law("宪法/_index.md", "---\nbookCollapseSection: true\n---").expect_err("index page");
        assert!(e.message().contains("front matter"), "{e}");
        assert!(parse_law("a.md", "").is_err());
        assert!(parse_law("a.md", "标题\n<!-- INFO END -->\n第一条 内容").expect_err("no #").line() == Some(1));
        assert!(parse_law("a.md", "# 标题\n第一条 内容").expect_err("no marker").message().contains("INFO END"));
        let e = parse_law("a.md", "# 标题\n<!-- INFO END -->\n\n标题\n").expect_err("no body");
        assert!(e.to_string().starts_with("法规文件“a.md”："), "{e}");
    }

    #[test]
    fn organs_are_read_from_the_notes() {
        let o = |n: &str| organ_of_note(n);
        assert_eq!(o("1992年4月3日 第七届全国人民代表大会第五次会议通过").as_deref(), Some("全国人民代表大会"));
        assert_eq!(
            o("2010年12月23日北京市第十三届人民代表大会常务委员会第二十二次会议通过").as_deref(),
            Some("北京市人民代表大会常务委员会")
        );
        assert_eq!(o("2014年11月24日 中华人民共和国国务院令第656号公布").as_deref(), Some("国务院"));
        assert_eq!(
            o("2000年9月14日 中华人民共和国国务院、中华人民共和国中央军事委员会令第290号公布").as_deref(),
            Some("国务院、中央军事委员会")
        );
        assert_eq!(o("2004年10月13日 国务院第66次常务会议通过").as_deref(), Some("国务院"));
        assert_eq!(o("1999年5月25日 民政部令第14号发布").as_deref(), Some("民政部"));
        assert_eq!(o("1996年9月19日 经国务院批准").as_deref(), Some("国务院"));
        assert_eq!(o("2019年3月2日 《国务院关于修改部分行政法规的决定》第一次修订"), None);
        assert_eq!(o("2007年1月1日 施行"), None);
        assert_eq!(o("人薪发［1995］32号"), None, "not a dated note");
        assert_eq!(
            o("1991年12月21日 北京市第九届人大常委会第三十一次会议通过").as_deref(),
            Some("北京市人民代表大会常务委员会")
        );
        assert_eq!(
            o("2021年11月16日 国家互联网信息办公室2021年第20次室务会议审议通过").as_deref(),
            Some("国家互联网信息办公室")
        );
        assert_eq!(o("2022年1月24日 中共中央政治局会议审议批准").as_deref(), Some("中共中央政治局"));
        assert_eq!(o("1985年10月24日 国务院、中央军委发布").as_deref(), Some("国务院、中央军事委员会"));
    }

    #[test]
    fn article_numbers_are_found_at_the_start_of_a_paragraph() {
        assert_eq!(article_number("第一百零一条 代表……"), Some("第一百零一条"));
        assert_eq!(article_number("第十条之一 为了……"), Some("第十条之一"));
        assert_eq!(article_number("第一条\u{3000}为了……"), Some("第一条"));
        assert_eq!(article_number("第三条"), Some("第三条"));
        assert_eq!(article_number("第十条规定的情形，适用本法。"), None);
        assert_eq!(article_number("第一章 总则"), None);
        assert_eq!(article_number("本法第十条"), None);
        assert_eq!(article_number("第条 空"), None);
    }
}
