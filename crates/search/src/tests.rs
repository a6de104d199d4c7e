//! Searching a small index of realistic records, as a page of the portal would.

use jiff::civil::date;

use crate::tokenizer::{JiebaTokenizer, Mode};
use crate::{Hits, IndexDoc, Query, Result, SearchIndex};

/// A record builder: public, kind "news", undated unless told.
struct Rec(IndexDoc);

fn rec(key: &str, title: &str, body: &str) -> Rec {
    Rec(IndexDoc {
        key: key.into(),
        kind: "news".into(),
        title: title.into(),
        body: body.into(),
        principals: vec!["public".into()],
        ..IndexDoc::default()
    })
}

impl Rec {
    fn kind(mut self, kind: &str) -> Self {
        self.0.kind = kind.into();
        self
    }
    fn date(mut self, y: i16, m: i8, d: i8) -> Self {
        self.0.date = Some(date(y, m, d));
        self
    }
    fn congresses(mut self, ids: &[u64]) -> Self {
        self.0.congresses = ids.to_vec();
        self
    }
    fn principals(mut self, principals: &[&str]) -> Self {
        self.0.principals = principals.iter().map(|p| p.to_string()).collect();
        self
    }
    fn organ(mut self, organ: &str) -> Self {
        self.0.organ = organ.into();
        self
    }
    fn lead(mut self, lead: &str) -> Self {
        self.0.lead = lead.into();
        self
    }
    fn summary_principals(mut self, principals: &[&str]) -> Self {
        self.0.summary_principals = principals.iter().map(|p| p.to_string()).collect();
        self
    }
    fn tags(mut self, tags: &[&str]) -> Self {
        self.0.tags = tags.iter().map(|t| t.to_string()).collect();
        self
    }
}

fn index_of(records: Vec<Rec>) -> Result<SearchIndex> {
    let index = SearchIndex::in_memory()?;
    index.apply(records.into_iter().map(|r| r.0).collect(), vec![], 1)?;
    Ok(index)
}

fn public(text: &str) -> Query {
    Query { text: text.into(), principals: vec!["public".into()], limit: 10, ..Query::default() }
}

fn keys(hits: &Hits) -> Vec<&str> {
    hits.hits.iter().map(|h| h.key.as_str()).collect()
}

fn corpus() -> Result<SearchIndex> {
    index_of(vec![
        rec(
            "news:1",
            "区人大常委会视察农村厕所革命推进情况",
            "近日，区人大常委会组织部分代表视察农村厕所革命。代表们指出，厕所革命关系群众切身利益，要因地制宜推进改厕。",
        )
        .date(2024, 5, 10)
        .congresses(&[3, 1]),
        rec(
            "suggestion:7",
            "关于加强快递员权益保障的建议",
            "快递员是新就业形态劳动者，建议落实社会保险，设立休息驿站。本件代表建议已交办主办单位区人社局。",
        )
        .kind("suggestion")
        .date(2025, 3, 2)
        .congresses(&[2, 1])
        .organ("区人力资源和社会保障局"),
        rec(
            "news:2",
            "市人大代表联络站开展接待活动",
            "联络站每月开展代表接待群众活动，收集意见。群众反映的营商环境问题，代表将形成代表建议提交。",
        )
        .date(2023, 11, 20)
        .congresses(&[1]),
        rec(
            "law:1",
            "乡村振兴促进法",
            "为了全面实施乡村振兴战略，发挥乡村在保障农产品供给和粮食安全、保护生态环境等方面的特有功能，制定本法。",
        )
        .kind("law")
        .date(2021, 4, 29)
        .tags(&["法律"]),
    ])
}

#[test]
fn a_dictionary_term_finds_the_right_record_and_is_marked() -> Result<()> {
    let index = corpus()?;
    let hits = index.search(&public("厕所革命"))?;
    assert_eq!(keys(&hits), vec!["news:1"]);
    let hit = &hits.hits[0];
    assert!(hit.title_html.contains("<mark>厕所革命</mark>"), "{}", hit.title_html);
    assert!(hit.snippet_html.contains("<mark>厕所革命</mark>"), "{}", hit.snippet_html);
    assert_eq!(hit.date, Some(date(2024, 5, 10)));
    assert!(hit.score > 0.0);

    let hits = index.search(&public("代表建议"))?;
    assert_eq!(hits.total, 2, "{:?}", keys(&hits));
    assert!(keys(&hits).contains(&"suggestion:7") && keys(&hits).contains(&"news:2"));
    for hit in &hits.hits {
        assert!(hit.snippet_html.contains("<mark>代表建议</mark>"), "{}", hit.snippet_html);
    }
    Ok(())
}

#[test]
fn every_word_of_the_query_must_match() -> Result<()> {
    let index = corpus()?;
    assert_eq!(keys(&index.search(&public("代表建议 营商环境"))?), vec!["news:2"]);
    assert_eq!(index.search(&public("代表建议 不存在的词汇"))?.total, 0);
    Ok(())
}

#[test]
fn the_organ_and_the_tags_are_searched_too() -> Result<()> {
    let index = corpus()?;
    assert_eq!(keys(&index.search(&public("人力资源"))?), vec!["suggestion:7"]);
    let hits = index.search(&public("法律"))?;
    assert_eq!(keys(&hits), vec!["law:1"]);
    // Matched only in a tag: the snippet is the start of the body.
    assert!(hits.hits[0].snippet_html.starts_with("为了全面实施"), "{}", hits.hits[0].snippet_html);
    Ok(())
}

#[test]
fn a_match_in_the_title_outranks_one_in_the_body() -> Result<()> {
    let index = index_of(vec![
        rec("news:body", "基层治理工作动态", "本期介绍各地的做法，其中提到质询制度。").date(2024, 1, 1),
        rec("news:title", "常委会依法开展质询", "本次会议听取了报告。").date(2023, 1, 1),
    ])?;
    assert_eq!(keys(&index.search(&public("质询"))?), vec!["news:title", "news:body"]);
    Ok(())
}

#[test]
fn kind_year_and_congress_filter_the_hits() -> Result<()> {
    let index = corpus()?;
    let all = |mut q: Query| {
        q.text = String::new();
        q
    };
    let suggestions = all(Query { kinds: vec!["suggestion".into()], ..public("") });
    assert_eq!(keys(&index.search(&suggestions)?), vec!["suggestion:7"]);
    let two_kinds = all(Query { kinds: vec!["suggestion".into(), "law".into()], ..public("") });
    assert_eq!(keys(&index.search(&two_kinds)?), vec!["suggestion:7", "law:1"]);
    assert_eq!(keys(&index.search(&Query { year: Some(2023), ..public("") })?), vec!["news:2"]);
    assert_eq!(index.search(&Query { year: Some(-1), ..public("") })?.total, 0);
    // Congress 1 is the city: its records and those of its districts 2 and 3.
    assert_eq!(
        keys(&index.search(&Query { congress: Some(1), ..public("") })?),
        vec!["suggestion:7", "news:1", "news:2"]
    );
    assert_eq!(keys(&index.search(&Query { congress: Some(3), ..public("代表") })?), vec!["news:1"]);
    Ok(())
}

#[test]
fn a_record_for_users_is_invisible_to_the_public() -> Result<()> {
    let index = index_of(vec![
        rec("news:open", "公开的代表建议", "代表建议的办理情况。"),
        rec("suggestion:closed", "内部的代表建议", "代表建议涉及个人信息。").principals(&["users"]),
    ])?;
    let hits = index.search(&public("代表建议"))?;
    assert_eq!(hits.total, 1);
    assert_eq!(keys(&hits), vec!["news:open"]);
    assert!(!hits.hits.iter().any(|h| h.snippet_html.contains("个人信息")));

    let signed_in = Query { principals: vec!["public".into(), "users".into()], ..public("代表建议") };
    let hits = index.search(&signed_in)?;
    assert_eq!(hits.total, 2);

    let nobody = Query { principals: vec![], ..public("代表建议") };
    assert_eq!(index.search(&nobody)?, Hits::default());
    assert_eq!(index.search(&Query { text: String::new(), ..nobody })?, Hits::default());
    Ok(())
}

#[test]
fn an_upsert_is_searchable_at_once_and_a_delete_hides_the_record() -> Result<()> {
    let index = corpus()?;
    let changed = rec("news:1", "区人大常委会视察垃圾分类", "视察垃圾分类工作。").date(2024, 5, 10);
    index.apply(vec![changed.0], vec![], 2)?;
    assert_eq!(index.search(&public("厕所革命"))?.total, 0);
    assert_eq!(keys(&index.search(&public("垃圾分类"))?), vec!["news:1"]);

    index.apply(vec![], vec!["news:1".into()], 3)?;
    assert_eq!(index.search(&public("垃圾分类"))?.total, 0);
    assert_eq!(index.position(), 3);
    Ok(())
}

#[test]
fn an_empty_query_lists_the_newest_first_and_pages() -> Result<()> {
    let index = corpus()?;
    let hits = index.search(&public("  "))?;
    assert_eq!(hits.total, 4);
    assert_eq!(keys(&hits), vec!["suggestion:7", "news:1", "news:2", "law:1"]);
    assert!(hits.hits.iter().all(|h| h.score == 0.0 && !h.title_html.contains("<mark>")));

    let page_two = index.search(&Query { offset: 1, limit: 2, ..public("") })?;
    assert_eq!(page_two.total, 4);
    assert_eq!(keys(&page_two), vec!["news:1", "news:2"]);
    assert_eq!(index.search(&Query { limit: 0, ..public("") })?.hits.len(), 0);
    Ok(())
}

#[test]
fn html_in_the_text_is_escaped_in_title_and_snippet() -> Result<()> {
    let index = index_of(vec![rec(
        "news:x",
        "<script>alert('履职')</script>",
        "代表\"履职\"情况 <b>&</b> 'quoted' <img src=x onerror=alert(1)>",
    )])?;
    let hits = index.search(&public("履职"))?;
    let hit = &hits.hits[0];
    assert_eq!(hit.title_html, "&lt;script&gt;alert(&#39;<mark>履职</mark>&#39;)&lt;/script&gt;");
    let unmarked = hit.snippet_html.replace("<mark>", "").replace("</mark>", "");
    assert!(!unmarked.contains(['<', '>', '"', '\'']), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&quot;<mark>履职</mark>&quot;"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{}", hit.snippet_html);
    Ok(())
}

#[test]
fn query_syntax_characters_are_plain_text() -> Result<()> {
    let index = corpus()?;
    for text in [r#""(title:"#, "AND OR *", "title:厕所革命 AND -body:x", "[1 TO 2] ~2 ^3 \\", "\"", "(((", "+-&&||!"]
    {
        let hits = index.search(&public(text))?;
        assert!(hits.total <= 4, "{text}");
    }
    // A field prefix is just a word: it must match like any other.
    assert_eq!(index.search(&public("title:厕所革命"))?.total, 0);
    Ok(())
}

#[test]
fn a_long_body_gets_a_short_snippet_around_the_match() -> Result<()> {
    let body = format!("{}区人大常委会开展执法检查。{}", "前言部分内容。".repeat(60), "后续部分内容。".repeat(60));
    let index = index_of(vec![rec("news:long", "工作动态", &body)])?;
    let hit = &index.search(&public("执法检查"))?.hits[0];
    assert!(hit.snippet_html.contains("<mark>执法检查</mark>"));
    assert!(hit.snippet_html.starts_with('…') && hit.snippet_html.ends_with('…'), "{}", hit.snippet_html);
    assert!(hit.snippet_html.chars().count() < 160, "{}", hit.snippet_html.chars().count());
    Ok(())
}

#[test]
fn more_like_this_finds_a_similar_record_that_the_principals_may_see() -> Result<()> {
    let index = index_of(vec![
        rec("news:a", "农村厕所革命推进情况", "农村厕所革命改厕工作，粪污处理，卫生厕所普及率提高。"),
        rec("news:b", "厕所革命改厕工作调研", "调研农村改厕，卫生厕所普及，粪污资源化利用。"),
        rec("news:c", "营商环境优化", "优化营商环境，减少审批事项，服务市场主体。"),
        rec("news:d", "厕所革命内部材料", "农村厕所革命改厕工作，卫生厕所普及率，粪污处理。").principals(&["staff:1"]),
    ])?;
    let public = vec!["public".to_string()];
    let related = index.more_like_this("news:a", &public, 5)?;
    let related_keys: Vec<&str> = related.iter().map(|h| h.key.as_str()).collect();
    assert_eq!(related_keys.first(), Some(&"news:b"), "{related_keys:?}");
    assert!(!related_keys.contains(&"news:a"), "the record itself is left out");
    assert!(!related_keys.contains(&"news:d"), "a staff record stays hidden");

    let staff = vec!["public".to_string(), "staff:1".to_string()];
    let related = index.more_like_this("news:a", &staff, 5)?;
    assert!(related.iter().any(|h| h.key == "news:d"));

    // A record the principals may not see has no related records for them.
    assert!(index.more_like_this("news:d", &public, 5)?.is_empty());
    assert!(index.more_like_this("news:404", &public, 5)?.is_empty());
    assert!(index.more_like_this("news:a", &[], 5)?.is_empty());
    Ok(())
}

#[test]
fn a_word_inside_a_longer_dictionary_word_is_found() -> Result<()> {
    let index = index_of(vec![rec("law:2", "全国人民代表大会常务委员会关于修改代表法的决定", "略。")])?;
    for text in ["人民代表大会", "常务委员会", "代表法", "人民代表大会 代表法"] {
        assert_eq!(keys(&index.search(&public(text))?), vec!["law:2"], "{text}");
    }
    Ok(())
}

#[test]
fn a_snippet_across_long_compound_words_does_not_panic() -> Result<()> {
    let body = "全国人民代表大会常务委员会关于中华人民共和国国务院组织法的决定，".repeat(40);
    let index = index_of(vec![rec("law:3", "决定", &body)])?;
    let hit = &index.search(&public("人民代表大会"))?.hits[0];
    assert!(hit.snippet_html.contains("<mark>人民代表大会</mark>"), "{}", hit.snippet_html);
    Ok(())
}

#[test]
fn a_query_word_matches_text_that_jieba_cut_differently() -> Result<()> {
    let text = "加快完善社会主义市场经济体制";
    let index_terms: Vec<String> = JiebaTokenizer::new(Mode::Index).tokens(text).into_iter().map(|t| t.text).collect();
    assert!(!index_terms.contains(&"市场经济".to_string()), "the premise: {index_terms:?}");

    let index = index_of(vec![
        rec("report:1", "政府工作报告", text),
        rec("report:2", "发展市场经济", "市场经济是法治经济。"),
        rec("report:3", "无关", "农贸市场的经营状况良好，地方经济平稳。"),
    ])?;
    let hits = index.search(&public("市场经济"))?;
    assert_eq!(keys(&hits), vec!["report:2", "report:1"], "the whole word ranks first; parts apart do not match");
    assert!(hits.hits[1].snippet_html.contains("<mark>市场经济</mark>"), "{}", hits.hits[1].snippet_html);
    Ok(())
}

#[test]
fn a_query_word_jieba_cuts_into_single_characters_matches_as_a_phrase() {
    let words = crate::tokenizer::parse_query("三同");
    assert_eq!(words.words.len(), 1, "{words:?}");
    assert!(words.words[0].is_phrase(), "{words:?}");
    assert_eq!(words.words[0].terms, vec![(0, "三".to_string()), (1, "同".to_string())]);
    assert!(words.runs.is_empty(), "one word is not a run as well: {words:?}");
}

#[test]
fn single_characters_apart_do_not_match_a_phrase_of_them() -> Result<()> {
    let index = index_of(vec![
        rec("law:scattered", "三项制度同步推进", "第三条 本法同样适用于三个以上的同类事项，同时三方共同协商。"),
        rec("speech:1", "在座谈会上的讲话", "要做到三同：同吃、同住、同劳动。坚持三同，密切联系群众。"),
    ])?;
    let hits = index.search(&public("三同"))?;
    assert_eq!(keys(&hits), vec!["speech:1"], "三 and 同 apart do not match");
    assert!(hits.hits[0].snippet_html.contains("<mark>三同</mark>"), "{}", hits.hits[0].snippet_html);
    assert!(!hits.hits[0].snippet_html.contains("<mark>同</mark>"), "{}", hits.hits[0].snippet_html);
    Ok(())
}

#[test]
fn the_words_typed_together_rank_a_text_with_the_exact_phrase_first() -> Result<()> {
    let query = crate::tokenizer::parse_query("人大主任座谈会");
    assert!(query.words.len() > 1 && query.runs.len() == 1, "{query:?}");
    let index = index_of(vec![
        rec("news:apart", "会议纪要", "区人大主任出席了会议。随后召开座谈会，座谈会上大家发言。"),
        rec("news:exact", "工作动态", "全市县区人大主任座谈会召开。"),
    ])?;
    let hits = index.search(&public("人大主任座谈会"))?;
    assert_eq!(keys(&hits), vec!["news:exact", "news:apart"], "{hits:?}");
    assert!(hits.hits[0].snippet_html.contains("<mark>人大主任座谈会</mark>"), "{}", hits.hits[0].snippet_html);
    Ok(())
}

#[test]
fn a_record_known_by_its_summary_is_found_by_title_and_lead_only_without_its_body() -> Result<()> {
    let members = || {
        rec("speech:m", "在全市县区人大主任座谈会上的讲话", "正文谈到三同和代表履职档案。")
            .lead("今天召开这次全市县区人大主任座谈会。")
            .principals(&["users", "staff:1"])
            .summary_principals(&["public"])
    };
    let index = index_of(vec![members()])?;
    for text in ["人大主任座谈会", "在全市县区人大主任座谈会上的讲话", "今天召开"] {
        let hits = index.search(&public(text))?;
        assert_eq!(keys(&hits), vec!["speech:m"], "{text}");
        let hit = &hits.hits[0];
        assert!(!hit.full_text, "{text}");
        assert!(!hit.snippet_html.contains("正文") && !hit.snippet_html.contains("三同"), "{}", hit.snippet_html);
        assert!(hit.snippet_html.contains("今天召开"), "the lead is the snippet: {}", hit.snippet_html);
    }
    // The body is not searched for the public …
    assert_eq!(index.search(&public("履职档案"))?.total, 0);
    assert_eq!(index.search(&public("三同"))?.total, 0);
    // … nor listed without a query for someone who is neither.
    let nobody = Query { principals: vec!["person:9".into()], ..public("") };
    assert_eq!(index.search(&nobody)?.total, 0);
    assert_eq!(index.search(&public(""))?.total, 1, "the public may list it by title");
    // Readers of the text find it by its body and see it in the snippet.
    let user = Query { principals: vec!["public".into(), "users".into()], ..public("三同") };
    let hits = index.search(&user)?;
    assert_eq!(keys(&hits), vec!["speech:m"]);
    assert!(hits.hits[0].full_text && hits.hits[0].snippet_html.contains("<mark>三同</mark>"));
    // Found through both routes, it is scored once: the same as through the body alone.
    let both = index.search(&Query { text: "座谈会".into(), ..user.clone() })?.hits[0].score;
    let body_only =
        index.search(&Query { text: "座谈会".into(), principals: vec!["users".into()], ..user })?.hits[0].score;
    assert_eq!(both, body_only);
    Ok(())
}
