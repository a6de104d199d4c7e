//! Every action a page offers is an API call too (issue 16, point 7): the page router's `POST`
//! registrations, read from `lib.rs` where every page route is registered, each have a twin in
//! the OpenAPI document, or are listed in `api_twins` as the page's own, with the reason.

use renda_web::api_twins::{PAGE_ONLY, TWINS};
use std::collections::BTreeSet;
use utoipa::OpenApi;

/// The paths `source` registers with `.route("…", …)` whose handlers take a `POST`.
fn post_routes(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let starts: Vec<usize> = source.match_indices(".route(").map(|(i, _)| i).collect();
    for (n, &i) in starts.iter().enumerate() {
        // The registration runs to the next one (rustfmt may break a long one over lines).
        let registration = &source[i + ".route(".len()..starts.get(n + 1).copied().unwrap_or(source.len())];
        let Some(path) = registration.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) else {
            continue;
        };
        if registration.contains("post(") {
            found.insert(path.to_owned());
        }
    }
    found
}

#[test]
fn every_page_action_has_an_api_twin_or_is_listed_as_the_page_s_own_or_not_yet() {
    let lib = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs"));
    let pages = post_routes(lib);
    assert!(pages.len() > 50, "the page routes were read: {}", pages.len());

    let twins: BTreeSet<String> = TWINS.iter().map(|(p, _)| (*p).to_owned()).collect();
    let own: BTreeSet<String> = PAGE_ONLY.iter().map(|(p, _)| (*p).to_owned()).collect();
    for page in &pages {
        let lists = [&twins, &own].iter().filter(|l| l.contains(page)).count();
        assert_eq!(
            lists, 1,
            "POST {page} is in {lists} of TWINS and PAGE_ONLY: a page action needs an API twin, or a reason it is the page's own"
        );
    }
    for listed in twins.iter().chain(&own) {
        assert!(pages.contains(listed), "{listed} is listed in api_twins but no page registers a POST there");
    }
    assert_eq!(twins.len() + PAGE_ONLY.len(), pages.len(), "an entry is listed twice");
    for (_, reason) in PAGE_ONLY {
        assert!(!reason.trim().is_empty());
    }

    // Each twin is an operation of the API router and of its OpenAPI document.
    let api = post_routes(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api.rs")));
    let doc = renda_web::api::ApiDoc::openapi();
    for (page, twin) in TWINS {
        let path = twin.strip_prefix("/api/v1").unwrap_or_else(|| panic!("{twin} is not under /api/v1"));
        assert!(api.contains(path), "POST {page}'s twin POST {twin} is not registered in api::routes");
        let item = doc.paths.paths.get(*twin).unwrap_or_else(|| panic!("{twin} is not in the OpenAPI document"));
        assert!(item.post.is_some(), "the OpenAPI document has no POST {twin}");
    }
}

#[test]
fn the_route_reader_sees_a_post_beside_a_get_and_skips_a_get_alone() {
    let source = r#"
        .route("/a", get(x::a).post(x::b))
        .route("/b", get(x::c))
        .route("/c/{id}/act", post(x::d))
        .route(
            "/d/{kind}",
            get(x::e).post(x::f),
        )"#;
    let found: Vec<_> = post_routes(source).into_iter().collect();
    assert_eq!(found, ["/a", "/c/{id}/act", "/d/{kind}"]);
}
