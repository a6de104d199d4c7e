//! Every action a page offers has an API twin with the same rules and codes, or is listed here
//! as not having one yet (or as the page's own, with the reason). `web/tests/it/twins.rs` walks
//! the router's registrations in `lib.rs` and fails for a page action in none of the lists, and
//! for a twin the OpenAPI document does not describe.

/// A page action (`POST` path as `lib.rs` registers it) and its API twin (`POST` under `/api/v1`);
/// a page route whose form does two things has a twin for each.
pub const TWINS: &[(&str, &str)] = &[
    ("/login", "/api/v1/login"),
    ("/logout", "/api/v1/logout"),
    ("/admin/orgs", "/api/v1/organisations"),
    ("/notifications", "/api/v1/notifications/read"),
    ("/suggestions/new", "/api/v1/suggestions"),
    ("/suggestions/{id}/act", "/api/v1/suggestions/{id}/actions"),
    ("/stations/{id}", "/api/v1/stations/{id}/opinions"),
    ("/opinions/receipt", "/api/v1/opinions/receipt/{code}/rating"),
    ("/opinions/{id}", "/api/v1/opinions/{id}/actions"),
    ("/ballots", "/api/v1/ballots"),
    ("/reports", "/api/v1/reports"),
    ("/archive/items/{id}/review", "/api/v1/archive/items/{id}/review"),
    ("/archive/settings", "/api/v1/archive/settings"),
    ("/archive/{person}/declare", "/api/v1/archive/{person}/declare"),
    ("/register/code", "/api/v1/register/code"),
    ("/register", "/api/v1/register"),
    ("/rules/install", "/api/v1/rules/install"),
    ("/rules/publish", "/api/v1/rules/publish"),
    ("/rules/edit", "/api/v1/rules/edit"),
    ("/rules/recompute", "/api/v1/rules/recompute"),
    ("/groups", "/api/v1/groups/checklist"),
    ("/groups/{id}", "/api/v1/groups/{id}/actions"),
    ("/stations/{id}/manage", "/api/v1/stations/{id}/actions"),
    ("/reports", "/api/v1/reports/settings"),
    ("/reports/{id}", "/api/v1/reports/{id}/actions"),
    ("/account/password", "/api/v1/account/password"),
    ("/portal/docs/{id}/like", "/api/v1/documents/{id}/like"),
    ("/ballots/{id}/open", "/api/v1/ballots/{id}/open"),
    ("/ballots/{id}/remind", "/api/v1/ballots/{id}/remind"),
    ("/ballots/{id}/close", "/api/v1/ballots/{id}/close"),
    ("/ballots/{id}/vote", "/api/v1/ballots/{id}/vote"),
    ("/suggestions/settings", "/api/v1/suggestions/settings"),
    ("/suggestions/bulk", "/api/v1/suggestions/bulk"),
    ("/suggestions/bulk-assign", "/api/v1/suggestions/bulk"),
    ("/activities", "/api/v1/activities"),
    ("/activities/{id}/edit", "/api/v1/activities/{id}"),
    ("/activities/{id}/act", "/api/v1/activities/{id}/actions"),
    ("/activities/{id}/cancel", "/api/v1/activities/{id}/actions"),
    ("/activities/{id}/joint", "/api/v1/activities/{id}/actions"),
    ("/activities/{id}/invite", "/api/v1/activities/{id}/actions"),
    ("/activities/{id}/report", "/api/v1/activities/{id}/actions"),
    ("/activities/{id}/photos", "/api/v1/activities/{id}/actions"),
    ("/major-matters", "/api/v1/major-matters"),
    ("/major-matters/grants", "/api/v1/major-matters/grants"),
    ("/major-matters/{id}/act", "/api/v1/major-matters/{id}/actions"),
    ("/oversight/settings", "/api/v1/oversight/settings"),
    ("/oversight/plans", "/api/v1/oversight/plans"),
    ("/oversight/plans/{id}", "/api/v1/oversight/plans/{id}"),
    ("/oversight/plans/{id}/publish", "/api/v1/oversight/plans/{id}/publish"),
    ("/oversight/items", "/api/v1/oversight/items"),
    ("/oversight/items/{id}", "/api/v1/oversight/items/{id}"),
    ("/oversight/items/{id}/publish", "/api/v1/oversight/items/{id}/publish"),
    ("/oversight/items/{id}/sign", "/api/v1/oversight/items/{id}/sign"),
    ("/oversight/items/{id}/reviews", "/api/v1/oversight/items/{id}/reviews"),
    ("/oversight/reviews/{id}/act", "/api/v1/oversight/reviews/{id}/actions"),
];

/// Page actions that are the page's own and need no twin, with why.
pub const PAGE_ONLY: &[(&str, &str)] = &[
    ("/suggestions/columns", "the columns a clerk chose for the page's export; the API answers every field"),
    ("/opinions/overdue/columns", "the columns a clerk chose for the page's export; the API answers every field"),
    ("/oversight/overdue/columns", "the columns a clerk chose for the page's export; the API answers every field"),
];

/// Page actions without an API twin yet (issue 16, point 7): this list only shrinks.
pub const NOT_YET: &[&str] = &[
    "/admin/orgs/{id}",
    "/admin/deputies/new",
    "/admin/deputies/{person}/work-phone",
    "/admin/deputyships/{id}/end",
    "/admin/users",
    "/admin/users/{id}",
    "/admin/documents",
    "/admin/documents/{id}",
    "/admin/documents/{id}/publish",
    "/admin/documents/{id}/files",
    "/admin/documents/{id}/files/{hash}/delete",
    "/admin/site",
];
