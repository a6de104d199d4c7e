//! The portal's subscription feeds: RSS 2.0 and Atom 1.0 renderings of a list of published
//! documents, so that readers and other sites can follow a congress's news and notices.
//!
//! The XML is written by the `rss` and `atom_syndication` crates (which do the escaping); this
//! module only decides what goes in. A feed carries each document's title, link, time, kind
//! and 导读 (lead) — never the body: some documents show their text to signed-in users only,
//! and a feed is public.
//!
//! Times in the store are Beijing civil time; the feeds give them with the fixed `+08:00`
//! offset (China keeps one zone without daylight saving, so no time zone database is needed).

use atom_syndication as atom;
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ZonedDateTime};
use renda_store::documents::DocumentRow;
use std::collections::BTreeMap;

/// What a feed says about itself. URLs are built as `base_url` + path.
#[derive(Clone, Copy, Debug)]
pub struct FeedMeta<'a> {
    /// The site's name, e.g. 示范市人大 (the feed's author).
    pub site_name: &'a str,
    /// The feed's title, e.g. 示范市人大 · 新闻.
    pub title: &'a str,
    /// Scheme and host, without a trailing slash, e.g. `http://127.0.0.1:8080`.
    pub base_url: &'a str,
    /// Where this feed is served, e.g. `/portal/feeds/news.atom`.
    pub self_path: &'a str,
    /// The HTML page listing the same documents, e.g. `/portal/news`.
    pub html_path: &'a str,
    /// The instant the feed is made (the app's clock): its date when it lists nothing dated.
    pub now: Timestamp,
}

impl FeedMeta<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url.trim_end_matches('/'), path)
    }

    fn doc_url(&self, row: &DocumentRow) -> String {
        self.url(&format!("/portal/docs/{}", row.id.0))
    }

    fn description(&self) -> String {
        format!("{}：最新发布的文件", self.title)
    }
}

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn beijing() -> Offset {
    renda_core::clock::BEIJING
}

/// A document's time as a Beijing zoned datetime: its publication time, else midnight of the
/// date of its text. `None` when it has neither (or the date is out of range).
fn doc_time(row: &DocumentRow) -> Option<ZonedDateTime> {
    let civil: DateTime =
        row.published_at.or_else(|| row.text_date.map(|d| d.to_datetime(jiff::civil::Time::midnight())))?;
    civil.to_zoned_datetime(TimeZone::fixed(beijing())).ok()
}

/// The newest time among the documents, else now (in Beijing).
fn newest_or_now(items: &[DocumentRow], now: Timestamp) -> ZonedDateTime {
    items
        .iter()
        .filter_map(doc_time)
        .max_by_key(ZonedDateTime::timestamp)
        .unwrap_or_else(|| now.to_zoned_datetime(TimeZone::fixed(beijing())))
}

/// RFC 2822 as RSS writes it, with a two-digit day (`Thu, 01 Sep 2022 09:00:00 +0800`; jiff's
/// own RFC 2822 printer writes `Thu, 1 Sep`, also valid but less common in feeds). The
/// names are English whatever the locale, as the RFC requires.
fn rfc2822(t: &ZonedDateTime) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

fn rfc3339(t: &ZonedDateTime) -> String {
    t.timestamp().display_with_offset(beijing()).to_string()
}

/// Plain text made safe for an RSS `<description>`, which readers treat as HTML: a lead
/// mentioning `<某条例>` must show those characters, not become a tag. (The XML escaping on top
/// of this is the `rss` crate's.)
fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The documents as an RSS 2.0 channel, in the order given.
pub fn rss(meta: &FeedMeta, items: &[DocumentRow]) -> String {
    let newest = newest_or_now(items, meta.now);
    let self_link = rss::extension::Extension {
        name: "atom:link".to_owned(),
        attrs: BTreeMap::from([
            ("href".to_owned(), meta.url(meta.self_path)),
            ("rel".to_owned(), "self".to_owned()),
            ("type".to_owned(), "application/rss+xml".to_owned()),
        ]),
        ..Default::default()
    };
    let mut channel = rss::Channel {
        title: meta.title.to_owned(),
        link: meta.url(meta.html_path),
        description: meta.description(),
        language: Some("zh-CN".to_owned()),
        last_build_date: Some(rfc2822(&newest)),
        items: items.iter().map(|row| rss_item(meta, row)).collect(),
        ..Default::default()
    };
    channel.extensions.insert("atom".to_owned(), BTreeMap::from([("link".to_owned(), vec![self_link])]));
    channel.namespaces.insert("atom".to_owned(), ATOM_NS.to_owned());

    let bytes = channel.write_to(Vec::new()).expect("writing XML into a Vec cannot fail: it does no I/O");
    String::from_utf8(bytes).expect("the rss crate writes UTF-8 from UTF-8 strings")
}

fn rss_item(meta: &FeedMeta, row: &DocumentRow) -> rss::Item {
    let link = meta.doc_url(row);
    rss::Item {
        title: Some(row.title.clone()),
        link: Some(link.clone()),
        guid: Some(rss::Guid { value: link, permalink: true }),
        pub_date: doc_time(row).as_ref().map(rfc2822),
        description: (!row.lead.trim().is_empty()).then(|| html_text(&row.lead)),
        categories: vec![rss::Category { name: row.kind.label().to_owned(), domain: None }],
        ..Default::default()
    }
}

/// Parses the RFC 3339 text jiff printed into the `chrono` type `atom_syndication` stores.
fn atom_time(t: &ZonedDateTime) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(&rfc3339(t))
        .expect("jiff prints RFC 3339 with a numeric offset, which chrono parses")
}

/// The documents as an Atom 1.0 feed, in the order given.
pub fn atom(meta: &FeedMeta, items: &[DocumentRow]) -> String {
    let newest = newest_or_now(items, meta.now);
    let self_url = meta.url(meta.self_path);
    let feed = atom::Feed {
        id: self_url.clone(),
        title: atom::Text::plain(meta.title),
        subtitle: Some(atom::Text::plain(meta.description())),
        updated: atom_time(&newest),
        authors: vec![atom::Person {
            name: meta.site_name.to_owned(),
            uri: Some(meta.url("/portal")),
            ..Default::default()
        }],
        links: vec![
            atom::Link {
                href: self_url,
                rel: "self".to_owned(),
                mime_type: Some("application/atom+xml".to_owned()),
                ..Default::default()
            },
            atom::Link {
                href: meta.url(meta.html_path),
                rel: "alternate".to_owned(),
                mime_type: Some("text/html".to_owned()),
                ..Default::default()
            },
        ],
        lang: Some("zh-CN".to_owned()),
        entries: items.iter().map(|row| atom_entry(meta, row, &newest)).collect(),
        ..Default::default()
    };

    let bytes = feed.write_to(Vec::new()).expect("writing XML into a Vec cannot fail: it does no I/O");
    String::from_utf8(bytes).expect("the atom_syndication crate writes UTF-8 from UTF-8 strings")
}

/// One entry. A document without any date (not expected once published) takes the feed's
/// time, since Atom requires `updated`.
fn atom_entry(meta: &FeedMeta, row: &DocumentRow, feed_time: &ZonedDateTime) -> atom::Entry {
    let link = meta.doc_url(row);
    let time = doc_time(row);
    let updated = atom_time(time.as_ref().unwrap_or(feed_time));
    atom::Entry {
        id: link.clone(),
        title: atom::Text::plain(row.title.clone()),
        updated,
        published: time.as_ref().map(atom_time),
        authors: if row.organ.trim().is_empty() {
            Vec::new()
        } else {
            vec![atom::Person { name: row.organ.clone(), ..Default::default() }]
        },
        links: vec![atom::Link {
            href: link,
            rel: "alternate".to_owned(),
            mime_type: Some("text/html".to_owned()),
            ..Default::default()
        }],
        summary: (!row.lead.trim().is_empty()).then(|| atom::Text::plain(row.lead.clone())),
        categories: vec![atom::Category {
            term: row.kind.code().to_owned(),
            label: Some(row.kind.label().to_owned()),
            scheme: None,
        }],
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use renda_core::document::{DocKind, Visibility};
    use renda_core::ids::OrgId;
    use renda_store::documents::DocumentId;

    const META: FeedMeta<'static> = FeedMeta {
        site_name: "示范市人大",
        title: "示范市人大 · 新闻",
        base_url: "http://127.0.0.1:8080",
        self_path: "/portal/feeds/news.atom",
        html_path: "/portal/news",
        now: Timestamp::constant(1_772_000_000, 0),
    };

    fn row(id: i64, title: &str, lead: &str, published_at: Option<DateTime>) -> DocumentRow {
        DocumentRow {
            id: DocumentId(id),
            congress: OrgId(1),
            kind: DocKind::News,
            visibility: Visibility::Users,
            title: title.to_owned(),
            text_date: None,
            date_precision: Default::default(),
            organ: "示范市人大常委会办公室".to_owned(),
            lead: lead.to_owned(),
            tags: vec!["监督".to_owned()],
            featured: false,
            published: true,
            published_at,
            views: 0,
            likes: 0,
        }
    }

    fn sample() -> Vec<DocumentRow> {
        vec![
            row(7, "市人大常委会召开第五次会议", "会议审议了三项报告。", Some(date(2022, 10, 24).at(13, 43, 49, 0))),
            row(3, "代表视察城市更新工作", "", Some(date(2022, 9, 1).at(9, 0, 0, 0))),
        ]
    }

    fn read_rss(xml: &str) -> rss::Channel {
        rss::Channel::read_from(xml.as_bytes()).expect("the RSS output parses back")
    }

    fn read_atom(xml: &str) -> atom::Feed {
        atom::Feed::read_from(xml.as_bytes()).expect("the Atom output parses back")
    }

    #[test]
    fn rss_parses_back_with_items_in_order_links_and_beijing_pub_dates() {
        let ch = read_rss(&rss(&META, &sample()));
        assert_eq!(ch.title(), "示范市人大 · 新闻");
        assert_eq!(ch.link(), "http://127.0.0.1:8080/portal/news");
        assert_eq!(ch.language(), Some("zh-CN"));
        assert_eq!(ch.last_build_date(), Some("Mon, 24 Oct 2022 13:43:49 +0800"));
        let items = ch.items();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].link(), Some("http://127.0.0.1:8080/portal/docs/7"));
        assert_eq!(items[1].link(), Some("http://127.0.0.1:8080/portal/docs/3"));
        assert_eq!(items[0].pub_date(), Some("Mon, 24 Oct 2022 13:43:49 +0800"));
        assert_eq!(items[1].pub_date(), Some("Thu, 01 Sep 2022 09:00:00 +0800"));
        let guid = items[0].guid().expect("every item has a guid");
        assert!(guid.is_permalink());
        assert_eq!(guid.value(), "http://127.0.0.1:8080/portal/docs/7");
        assert_eq!(items[0].description(), Some("会议审议了三项报告。"));
        assert_eq!(items[1].description(), None, "an empty lead gives no description");
        assert_eq!(items[0].categories()[0].name(), "新闻");
    }

    #[test]
    fn rss_has_one_atom_self_link_to_the_feed() {
        let xml = rss(&META, &sample());
        let ch = read_rss(&xml);
        assert_eq!(ch.namespaces().get("atom").map(String::as_str), Some(ATOM_NS));
        let links = &ch.extensions()["atom"]["link"];
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].attrs()["rel"], "self");
        assert_eq!(links[0].attrs()["href"], "http://127.0.0.1:8080/portal/feeds/news.atom");
    }

    #[test]
    fn atom_parses_back_with_rfc3339_times_at_plus_eight() {
        let feed = read_atom(&atom(&META, &sample()));
        assert_eq!(feed.id(), "http://127.0.0.1:8080/portal/feeds/news.atom");
        assert_eq!(feed.title().as_str(), "示范市人大 · 新闻");
        assert_eq!(feed.updated().to_rfc3339(), "2022-10-24T13:43:49+08:00");
        assert_eq!(feed.authors()[0].name(), "示范市人大");
        let entries = feed.entries();
        assert_eq!(entries.len(), 2);
        let e = &entries[0];
        assert_eq!(e.id(), "http://127.0.0.1:8080/portal/docs/7");
        assert_eq!(e.updated().to_rfc3339(), "2022-10-24T13:43:49+08:00");
        assert_eq!(e.published().map(|t| t.to_rfc3339()).as_deref(), Some("2022-10-24T13:43:49+08:00"));
        assert_eq!(e.links()[0].href(), "http://127.0.0.1:8080/portal/docs/7");
        assert_eq!(e.links()[0].rel(), "alternate");
        assert_eq!(e.summary().map(|s| s.as_str()), Some("会议审议了三项报告。"));
        assert_eq!(e.categories()[0].term(), "news");
        assert_eq!(e.categories()[0].label(), Some("新闻"));
        assert_eq!(entries[1].id(), "http://127.0.0.1:8080/portal/docs/3");
        assert!(entries[1].summary().is_none());
    }

    #[test]
    fn the_raw_atom_text_carries_the_offset_as_written() {
        let xml = atom(&META, &sample());
        assert!(xml.contains("<updated>2022-10-24T13:43:49+08:00</updated>"), "{xml}");
        assert!(xml.contains("<published>2022-10-24T13:43:49+08:00</published>"), "{xml}");
    }

    #[test]
    fn markup_in_titles_and_leads_is_escaped_and_round_trips() {
        let nasty = r#"<script>alert(1)</script> & "引号""#;
        let items = vec![row(1, nasty, nasty, Some(date(2022, 10, 24).at(13, 43, 49, 0)))];
        let meta = FeedMeta { title: "<b>人大</b> & 新闻", ..META };

        let xml = rss(&meta, &items);
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(!xml.contains("<b>"), "{xml}");
        let ch = read_rss(&xml);
        assert_eq!(ch.title(), "<b>人大</b> & 新闻");
        assert_eq!(ch.items()[0].title(), Some(nasty));
        // The description is HTML to a reader: the lead comes back HTML-escaped, so it is shown
        // as the characters typed, never run as markup.
        assert_eq!(ch.items()[0].description(), Some("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;"));

        let xml = atom(&meta, &items);
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(!xml.contains("<b>"), "{xml}");
        let feed = read_atom(&xml);
        assert_eq!(feed.title().as_str(), "<b>人大</b> & 新闻");
        assert_eq!(feed.entries()[0].title().as_str(), nasty);
        assert_eq!(feed.entries()[0].summary().map(|s| s.as_str()), Some(nasty));
    }

    /// The checks a feed validator makes on RSS 2.0.
    fn assert_valid_rss(xml: &str) {
        assert!(xml.starts_with("<?xml"), "{xml}");
        assert!(xml.contains(r#"<rss version="2.0""#), "{xml}");
        let ch = read_rss(xml);
        assert!(!ch.title().is_empty(), "channel title");
        assert!(ch.link().starts_with("http"), "channel link");
        assert!(!ch.description().is_empty(), "channel description");
        for item in ch.items() {
            assert!(item.title().is_some() || item.description().is_some(), "item without title or description");
            if let Some(d) = item.pub_date() {
                assert!(jiff::fmt::rfc2822::parse(d).is_ok(), "pubDate {d:?} is RFC 2822");
            }
        }
        if let Some(d) = ch.last_build_date() {
            assert!(jiff::fmt::rfc2822::parse(d).is_ok(), "lastBuildDate {d:?} is RFC 2822");
        }
    }

    /// The checks a feed validator makes on Atom 1.0.
    fn assert_valid_atom(xml: &str) {
        assert!(xml.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom""#), "{xml}");
        let feed = read_atom(xml);
        assert!(!feed.id().is_empty(), "feed id");
        assert!(!feed.title().as_str().is_empty(), "feed title");
        assert!(xml.contains("<updated>"), "feed updated");
        let selfs: Vec<_> = feed.links().iter().filter(|l| l.rel() == "self").collect();
        assert_eq!(selfs.len(), 1, "exactly one rel=self link");
        assert_eq!(selfs[0].href(), feed.id());
        assert!(!feed.authors().is_empty(), "a feed author covers entries without one");
        for e in feed.entries() {
            assert!(!e.id().is_empty(), "entry id");
            assert!(!e.title().as_str().is_empty(), "entry title");
            assert!(e.updated().timestamp() > 0, "entry updated");
            assert!(e.links().iter().any(|l| l.rel() == "alternate"), "entry alternate link");
        }
        let entries = xml.matches("<entry>").count();
        assert_eq!(xml.matches("<updated>").count(), entries + 1, "updated on the feed and every entry");
        assert_eq!(xml.matches("<id>").count(), entries + 1, "id on the feed and every entry");
    }

    #[test]
    fn both_feeds_pass_validator_checks() {
        assert_valid_rss(&rss(&META, &sample()));
        assert_valid_atom(&atom(&META, &sample()));
    }

    #[test]
    fn an_empty_list_still_gives_valid_feeds() {
        let xml = rss(&META, &[]);
        assert_valid_rss(&xml);
        assert!(read_rss(&xml).items().is_empty());
        assert!(read_rss(&xml).last_build_date().is_some());

        let xml = atom(&META, &[]);
        assert_valid_atom(&xml);
        assert!(read_atom(&xml).entries().is_empty());
    }

    #[test]
    fn a_document_with_only_a_text_date_is_dated_at_beijing_midnight() {
        let mut r = row(5, "关于召开会议的通知", "", None);
        r.text_date = Some(date(2023, 1, 2));
        let ch = read_rss(&rss(&META, std::slice::from_ref(&r)));
        assert_eq!(ch.items()[0].pub_date(), Some("Mon, 02 Jan 2023 00:00:00 +0800"));
        let xml = atom(&META, &[r]);
        assert!(xml.contains("<updated>2023-01-02T00:00:00+08:00</updated>"), "{xml}");
    }

    #[test]
    fn a_document_without_any_date_still_gives_a_valid_entry() {
        let items = vec![row(9, "无日期文件", "导读", None)];
        let ch = read_rss(&rss(&META, &items));
        assert_eq!(ch.items()[0].pub_date(), None);
        let xml = atom(&META, &items);
        assert_valid_atom(&xml);
        assert!(read_atom(&xml).entries()[0].published().is_none());
    }
}
