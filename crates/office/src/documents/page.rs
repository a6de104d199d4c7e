//! One saved article page of a model-text site (公文范文网站), as text:
//!
//! ```text
//! 20210503:在全市县区人大主任座谈会上的讲话      ← text date and title
//! 2022-10-24 13:43:49 125                         ← published at, views
//! 文章导读                                        ← optional, then the 导读 line
//! 携笔同道公文写作范文宝典:www.xiebitongdao.com在全市…同志们:今天召开……
//! 携笔同道公文写作范文宝典:www.xiebitongdao.com   ← furniture from here on, mixed with the text
//! 在全市县区人大主任座谈会上的讲话                ← the title again
//! 同志们:                                         ← the text, one paragraph per line
//! ……
//! 阅读全文                                        ← the text ends; the rest is the page's furniture
//! ```
//!
//! Every line left out of the document is reported in [`PageImport::dropped`] with the reason, so
//! an editor can check that nothing of the text was lost.

use super::body::{BodyBuilder, normalise_space, numbered_heading_level, squash};
use super::{ImportError, ImportedDocument};
use jiff::civil::{Date, DateTime};
use renda_core::document::DocKind;
use serde::Serialize;

/// A page turned into a document, and the lines that were left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PageImport {
    pub document: ImportedDocument,
    pub dropped: Vec<Dropped>,
}

/// A line of the page that is not part of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// 1-based line number in the page.
    pub line: usize,
    /// Why, in Chinese.
    pub reason: &'static str,
}

const READ_MORE: &str = "阅读全文";
const AFTER_TEXT: &str = "正文结束后的页面内容";

/// Parses a page; see the module documentation for the format. A page without its title line
/// or its publication line is an error naming the line.
pub fn parse_page(text: &str) -> Result<PageImport, ImportError> {
    let lines: Vec<String> = text.lines().map(normalise_space).collect();
    let mut rest = lines.iter().enumerate().map(|(i, l)| (i + 1, l.as_str())).filter(|(_, l)| !l.is_empty());

    let (title_no, title_line) = rest.next().ok_or_else(|| err(1, "页面是空的，缺少“yyyymmdd:标题”行"))?;
    let (text_date, title) = split_title_line(title_no, title_line)?;

    let (pub_no, pub_line) =
        rest.next().ok_or_else(|| err(title_no + 1, "缺少发布时间和阅读次数行（如“2022-10-24 13:43:49 125”）"))?;
    let (published_at, views) = parse_published(pub_no, pub_line)?;

    let mut dropped = Vec::new();
    let mut body = BodyBuilder::new();
    let mut lead = String::new();
    let mut expect_lead = false;
    let mut seen_text = false;
    let mut ended = false;
    for (no, line) in rest {
        if ended {
            dropped.push(Dropped { line: no, reason: furniture_reason(line).unwrap_or(AFTER_TEXT) });
            continue;
        }
        if !seen_text && lead.is_empty() && !expect_lead && line == "文章导读" {
            expect_lead = true;
            continue;
        }
        if expect_lead {
            expect_lead = false;
            lead = clean_lead(line, &title);
            if lead.is_empty() {
                dropped.push(Dropped { line: no, reason: "导读只有网站标语或标题" });
            }
            continue;
        }
        if line.starts_with(READ_MORE) {
            ended = true;
            dropped.push(Dropped { line: no, reason: "“阅读全文”链接，正文到此为止" });
            continue;
        }
        if let Some(reason) = furniture_reason(line) {
            dropped.push(Dropped { line: no, reason });
            continue;
        }
        if !seen_text && squash(line) == squash(&title) {
            dropped.push(Dropped { line: no, reason: "正文开头重复的标题" });
            continue;
        }
        seen_text = true;
        match numbered_heading_level(line) {
            Some(level) => body.heading(level, line),
            None => body.paragraph(line),
        }
    }
    if body.is_empty() {
        return Err(err(lines.len().max(1), "页面没有正文"));
    }

    let kind = if title.contains("讲话") { DocKind::Speech } else { DocKind::Model };
    let source = format!("page:{title}:{}", text_date.strftime("%Y%m%d"));
    let document = ImportedDocument {
        source,
        kind: kind.code(),
        title,
        text_date: Some(text_date),
        date_precision: renda_core::document::DatePrecision::Day,
        published_at: Some(published_at),
        views,
        lead,
        organ: String::new(),
        tags: Vec::new(),
        body: body.finish(),
    };
    Ok(PageImport { document, dropped })
}

fn err(line: usize, message: impl Into<String>) -> ImportError {
    ImportError::Page { line, message: message.into() }
}

/// `20210503:标题` (ASCII or full-width colon) → the date and the title.
fn split_title_line(no: usize, line: &str) -> Result<(Date, String), ImportError> {
    let shape = || err(no, "标题行应为“yyyymmdd:标题”，如“20210503:在全市县区人大主任座谈会上的讲话”");
    let (digits, title) = line.split_once([':', '：']).ok_or_else(shape)?;
    let digits = digits.trim();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(shape());
    }
    let number = |range: std::ops::Range<usize>| digits[range].parse::<i16>().ok();
    let date = match (number(0..4), number(4..6), number(6..8)) {
        (Some(y), Some(m), Some(d)) => {
            i8::try_from(m).ok().zip(i8::try_from(d).ok()).and_then(|(m, d)| Date::new(y, m, d).ok())
        }
        _ => None,
    }
    .ok_or_else(|| err(no, format!("标题行的日期“{digits}”不是有效日期")))?;
    let title = title.trim();
    if title.is_empty() {
        return Err(err(no, "标题行没有标题"));
    }
    Ok((date, title.to_string()))
}

/// `2022-10-24 13:43:49 125` → the publication time and the view count.
fn parse_published(no: usize, line: &str) -> Result<(DateTime, u64), ImportError> {
    let shape = || err(no, format!("应为发布时间和阅读次数（如“2022-10-24 13:43:49 125”），而不是“{line}”"));
    let parts: Vec<&str> = line.split(' ').collect();
    let [date, time, views] = parts.as_slice() else {
        return Err(shape());
    };
    let plausible = date.len() == 10 && time.len() == 8 && date.as_bytes()[4] == b'-' && time.as_bytes()[2] == b':';
    if !plausible {
        return Err(shape());
    }
    let published_at: DateTime =
        format!("{date}T{time}").parse().map_err(|_| err(no, format!("发布时间“{date} {time}”不是有效的日期时间")))?;
    let views = views.parse::<u64>().map_err(|_| err(no, format!("阅读次数“{views}”不是非负整数")))?;
    Ok((published_at, views))
}

/// The 导读 without the site's slogan and address in front and without the title repeated at
/// its start.
fn clean_lead(line: &str, title: &str) -> String {
    let mut lead = line;
    if let Some((start, end)) = find_url(lead) {
        // The slogan is “网站名:www.site.com” glued to the front of the excerpt.
        if lead[..start].chars().count() <= 30 {
            lead = &lead[end..];
        }
    }
    let mut lead = lead.trim_start_matches([':', '：', ' ']).trim_start().to_string();
    if let Some((start, end)) = find_url(&lead) {
        lead.replace_range(start..end, "");
    }
    let lead = lead.trim();
    let lead = lead.strip_prefix(title).unwrap_or(lead).trim();
    // The site cuts its excerpt with a full stop, sometimes after one of its own.
    let mut out = String::with_capacity(lead.len());
    for c in lead.chars() {
        if !(c == '。' && out.ends_with('。')) {
            out.push(c);
        }
    }
    out
}

/// The byte range of the first web address (`http://…`, `https://…` or `www.…`) in `s`.
///
/// The host ends with its top-level label, which is letters only: text glued to the address
/// (`www.site.com2021年工作报告`) is not part of it. A path after the host is (`/a/b.html`).
fn find_url(s: &str) -> Option<(usize, usize)> {
    let start = ["http://", "https://", "www."].iter().filter_map(|p| s.find(p)).min()?;
    let rest = &s[start..];
    let scheme = ["http://", "https://"].iter().find(|p| rest.starts_with(**p)).map_or(0, |p| p.len());
    let host_len = rest[scheme..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len() - scheme);
    let host = &rest[scheme..scheme + host_len];
    // Keep the labels up to the last one made of letters (the top-level domain), and of that
    // label only its letters.
    let host_end = match host.rfind('.') {
        Some(dot) => dot + 1 + host[dot + 1..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(host.len() - dot - 1),
        None => host.len(),
    };
    let mut end = scheme + host_end;
    if host_end == host.len() && rest[end..].starts_with(['/', ':', '?']) {
        end += rest[end..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "./:-_?=&%#~+".contains(c)))
            .unwrap_or(rest.len() - end);
    }
    Some((start, start + end))
}

/// Why a line is the site's furniture rather than text, if it is. Words that also occur in
/// speeches (二维码, 分享, 赞赏) only count on short lines or as whole lines, so a sentence
/// that mentions them is kept.
fn furniture_reason(line: &str) -> Option<&'static str> {
    let short = line.chars().count() <= 40;
    let item = line.trim_start_matches(['•', '·', '●', ' ']);
    let reason = if line.starts_with(READ_MORE) {
        "“阅读全文”链接"
    } else if item.starts_with("本文标题") {
        "页面信息：本文标题"
    } else if item.starts_with("链接地址") {
        "页面信息：链接地址"
    } else if find_url(line).is_some() {
        "网站标语或网址"
    } else if short && (line.contains("登陆") || line.contains("登录")) && line.contains("阅读") {
        "登录提示"
    } else if is_tipping(line) {
        "打赏提示"
    } else if is_money(line) {
        "打赏金额"
    } else if item.starts_with("查看更多") {
        "“查看更多”链接"
    } else if item.starts_with("分享:") || item.starts_with("分享：") || item == "分享" {
        "分享按钮"
    } else if item.starts_with("微信扫一扫") {
        "微信扫码提示"
    } else if item == "关于本文" {
        "“关于本文”栏目"
    } else if ["相关内容", "热门推荐", "本周热门", "本月热门", "相关推荐", "猜你喜欢"].contains(&item)
    {
        "推荐栏目"
    } else if ["二维码", "微信订阅号", "联系客服", "微信公众号"].contains(&item) {
        "二维码与客服栏目"
    } else if line.starts_with(['•', '·', '●']) && short {
        "推荐列表项"
    } else {
        return None;
    };
    Some(reason)
}

/// “请赞赏鼓励哦!”, “请选择打赏类型”, “赏赞”: asking for a tip. 赞赏 alone is an ordinary word
/// (“值得赞赏”), so it counts only together with the words of the request.
fn is_tipping(line: &str) -> bool {
    if line.chars().count() > 30 || line.ends_with('。') {
        return false;
    }
    line.contains("打赏")
        || line.contains("赏赞")
        || (line.contains("赞赏") && ["喜欢", "鼓励", "作者", "支持"].iter().any(|w| line.contains(w)))
}

/// `¥6.66`, `￥1`: a tipping amount.
fn is_money(line: &str) -> bool {
    line.strip_prefix(['¥', '￥'])
        .map(str::trim)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "20240102:关于加强代表联络站建设的意见\n\n2024-01-05 08:00:00 7\n\n文章导读\n\n\
        某某网:www.example.com关于加强代表联络站建设的意见为进一步加强……\n\n\
        某某网:www.example.com\n\n关于加强代表联络站建设的意见\n\n\
        一、总体要求\n\n(一)坚持党的领导。联络站建设必须坚持党的领导。\n\n\
        扫描二维码可以进站留言。\n\n阅读全文\n打赏\n¥6.66\n• 本周热门\n其他文章标题";

    #[test]
    fn a_small_page_keeps_its_text_and_reports_the_furniture() {
        let p = parse_page(PAGE).expect("a well-formed page");
        let d = &p.document;
        assert_eq!(d.title, "关于加强代表联络站建设的意见");
        assert_eq!(d.kind, "model");
        assert_eq!(d.source, "page:关于加强代表联络站建设的意见:20240102");
        assert_eq!(d.views, 7);
        assert_eq!(d.lead, "为进一步加强……");
        assert_eq!(
            d.body,
            "# 一、总体要求\n\n(一)坚持党的领导。联络站建设必须坚持党的领导。\n\n扫描二维码可以进站留言。"
        );
        let lines: Vec<usize> = p.dropped.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![9, 11, 19, 20, 21, 22, 23]);
        assert_eq!(p.dropped[0].reason, "网站标语或网址");
        assert_eq!(p.dropped[1].reason, "正文开头重复的标题");
        assert_eq!(p.dropped[6].reason, AFTER_TEXT);
    }

    #[test]
    fn a_lead_keeps_a_title_that_starts_with_a_year_and_loses_the_slogan_the_title_and_doubled_stops() {
        let lead =
            clean_lead("某某网:www.example.com2021年人大工作报告过去一年，常委会依法履职。。", "2021年人大工作报告");
        assert_eq!(lead, "过去一年，常委会依法履职。");
        let lead = clean_lead("某某网:www.example.com2021年是建党一百周年。", "关于加强代表联络站建设的意见");
        assert_eq!(lead, "2021年是建党一百周年。");
        let lead = clean_lead(
            "某某网:https://www.example.gov.cn/a/b.html在全市县区人大主任座谈会上的讲话同志们:",
            "在全市县区人大主任座谈会上的讲话",
        );
        assert_eq!(lead, "同志们:");
    }

    #[test]
    fn an_address_ends_at_its_top_level_label() {
        let s = "见www.example.com2021年";
        let (a, b) = find_url(s).expect("an address");
        assert_eq!(&s[a..b], "www.example.com");
        let s = "见 http://www.npc.gov.cn/npc/c2/index.html 全文";
        let (a, b) = find_url(s).expect("an address");
        assert_eq!(&s[a..b], "http://www.npc.gov.cn/npc/c2/index.html");
    }

    #[test]
    fn malformed_pages_are_errors_naming_the_line() {
        let e = parse_page("").expect_err("empty");
        assert_eq!(e.line(), Some(1));
        let e = parse_page("在全市县区人大主任座谈会上的讲话\n2022-10-24 13:43:49 125\n正文").expect_err("no date");
        assert_eq!(e.line(), Some(1));
        assert!(e.to_string().contains("yyyymmdd:标题"), "{e}");
        let e = parse_page("20211340:标题\n2022-10-24 13:43:49 125\n正文").expect_err("bad date");
        assert!(e.to_string().contains("20211340"), "{e}");
        let e = parse_page("20210503:标题\n\n正文第一段").expect_err("no publication line");
        assert_eq!(e.line(), Some(3));
        let e = parse_page("20210503:标题\n2022-10-24 25:43:49 125\n正文").expect_err("bad time");
        assert_eq!(e.line(), Some(2));
        let e = parse_page("20210503:标题\n2022-10-24 13:43:49 很多\n正文").expect_err("bad views");
        assert!(e.to_string().starts_with("网页第2行："), "{e}");
        let e = parse_page("20210503:标题\n2022-10-24 13:43:49 1\n阅读全文\n正文").expect_err("no text");
        assert!(e.message().contains("没有正文"));
    }

    #[test]
    fn words_that_speeches_also_use_survive_inside_sentences() {
        let long = format!("要充分运用二维码、微信公众号等方式，让群众随时找到代表，{}", "并及时反馈。".repeat(8));
        assert_eq!(furniture_reason(&long), None);
        assert_eq!(
            furniture_reason("对这种精神我们要大力赞赏和弘扬，并把它转化为推动工作的强大动力和实际行动。"),
            None
        );
        assert_eq!(furniture_reason("(想阅读完全部图文内容,您需要先登陆!)"), Some("登录提示"));
        assert_eq!(furniture_reason("¥99.99"), Some("打赏金额"));
        assert_eq!(furniture_reason("分享:"), Some("分享按钮"));
    }
}
