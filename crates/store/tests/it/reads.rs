//! Policy on every read: each public `async fn` of `impl Store` takes the one who acts (an
//! `Actor`, or a `Role` where only the role matters), so the store applies the policy itself
//! and no caller can forget it — or is listed in [`ALLOW`] with the reason it needs none.
//!
//! The rule, read from the store's source (`crates/store/src/**/*.rs`): a method is a line
//! `    pub async fn name(` inside a top-level `impl Store {` block; its parameters (up to the
//! matching parenthesis) must name the type `Actor` or `Role` as a whole word. `pub(crate)`
//! methods (the store's own unchecked reads for its write paths, `*_unchecked`) and private
//! ones are not public and are not asked. A listed method that now takes the actor, or no
//! longer exists, fails too, so the list stays as short as it is honest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The public methods that take no actor, each with why. Keep it short: prefer giving a
/// getter the actor to listing it here.
const ALLOW: &[(&str, &str)] = &[
    // The store's life: opening, migrating, backups, maintenance (the CLI and the server's start).
    ("connect", "opens the store: no one acts yet"),
    ("open", "opens the store: no one acts yet"),
    ("migrate", "runs the migrations at start or from `renda migrate`"),
    ("migrate_until", "runs the first migrations only, for a test of a data migration"),
    ("migration_notes", "what data migrations did, for `renda migrate` to print: no record of anyone's"),
    ("pending_migrations", "`renda migrate --check` and the server's start"),
    ("optimize", "system task: the planner's statistics"),
    ("close", "shuts the pools down"),
    ("ping", "the health check"),
    ("backup_sqlite", "system task: `renda backup`, the operator's command"),
    ("backup_due", "system task: the scheduled backup"),
    ("server_secret", "system: named secrets of the server, never shown"),
    ("audit_mark", "the page cache's staleness mark, no record"),
    ("flush_views", "system task: writes the counted reads"),
    ("purge_idempotency_keys", "system task: drops expired keys"),
    ("kept_answer", "idempotency: the request's own earlier answer, keyed by its scope"),
    ("keep_answer", "idempotency: keeps the request's own answer, keyed by its scope"),
    ("is_demo", "whether this is the demo: shown to everyone"),
    ("site_settings", "the platform's name and settings: public"),
    ("holiday_calendar", "public holidays: public data"),
    ("checkin_secret", "system: the key that signs check-in codes, never shown"),
    // The audit chain and the event log: writers open it, followers read it.
    ("begin_write", "opens the audited write: its caller checked the policy (the actor's user is recorded)"),
    ("verify_audit", "system task: `renda audit verify`"),
    ("events_after", "system task: the followers (notifications, indexer) read the log"),
    ("events_by_ids", "system task: the followers read the log"),
    ("last_event_id", "system task: a follower's position"),
    ("audit_of", "a record's history, read after the record itself was read with the actor"),
    // Accounts and sessions: logging in comes before there is an actor.
    ("user_by_login", "login and registration: before there is an actor"),
    ("verify_login", "login: before there is an actor"),
    ("verify_login_at", "login: before there is an actor"),
    ("create_session", "login: makes the actor's session"),
    ("session", "auth: finds the actor from the cookie"),
    ("delete_session", "logout of the session's own token"),
    ("count_users", "`renda init` and the install check: a count, no record"),
    ("new_captcha", "registration: before there is an actor"),
    ("captcha_digits", "registration: the captcha's image, for its token's holder"),
    ("issue_register_code", "registration: before there is an actor"),
    ("register_public", "registration: makes the public account"),
    ("has_grant", "the session's own grants (asked with the session's user id)"),
    ("grants_of", "the session's own grants, or an account's after a checked read"),
    ("export_columns", "the session's own export columns (asked with the session's user id)"),
    // Notifications and delivery: the session's own, or the worker's.
    ("notifications", "the session's own notifications (asked with the session's user id)"),
    ("unread_notifications", "the session's own count (asked with the session's user id)"),
    ("mark_notifications_read", "the session's own notifications (asked with the session's user id)"),
    ("run_notification_consumer", "system task: the notification worker"),
    ("catch_up_notifications", "system task: the notification worker"),
    ("notification_position", "system task: the notification worker's position"),
    ("sweep_deadline_reminders", "system task: the daily deadline sweep"),
    ("pending_deliveries", "system task: the delivery worker"),
    ("record_delivery", "system task: the delivery worker"),
    // The organisation tree: public structure (names of congresses, units, stations).
    ("org", "an organisation's name and place: public structure"),
    ("congress_path", "the path up a congress: public structure, what Target is built from"),
    ("congress_subtree", "the congresses below one: public structure"),
    ("org_tree", "the organisation tree: public structure"),
    ("orgs_of_congress", "a congress's organisations: public structure"),
    ("congresses", "the congresses: public structure"),
    ("org_by_name", "the importers and the CLI: system tasks"),
    ("org_by_code", "the organisation sheet's import: system task"),
    ("org_listing", "`renda org list` and the sheet's import: system tasks"),
    ("open_units_of", "the units work may be given to: public structure"),
    ("org_term", "a congress's current term: public"),
    ("count_orgs", "`renda init` and the install check: a count, no record"),
    // People: the public roster and what the deputy pages show.
    ("deputyships_of", "a person's seats: the public roster"),
    ("count_deputyships", "`renda init` and the install check: a count, no record"),
    ("person_phone", "read on the deputy's page after it found a seat the actor may view"),
    ("work_phone", "read on the deputy's page after it found a seat the actor may view, or for a suggestion's parties"),
    // Settings each congress publishes as rules.
    ("suggestion_settings", "a congress's deadlines: the law's numbers, public rules"),
    ("review_settings", "a congress's review deadline: public rules"),
    ("report_settings", "a congress's 述职 settings: public rules"),
    ("reception_settings", "a congress's reception settings: public rules"),
    ("meeting_settings", "a congress's meeting and appointment settings: public rules"),
    ("filing_settings", "a congress's filing-review and consultation periods: public rules"),
    ("regulation_ids", "ids only, for the search index's rebuild (which writes each record's principals)"),
    ("filing_ids", "ids only, for the search index's rebuild (which writes each record's principals)"),
    ("public_filing_place", "a registered filing's congress and year: the public list it is on"),
    ("public_filings", "the list of documents a congress registered in a year: published by law, no review in it"),
    ("published_review_proposals", "审查建议 published with the proposer's consent, redacted, without name or contact"),
    ("review_proposal_by_receipt", "the holder of a receipt code reads their proposal's state and answer"),
    ("submit_review_proposal", "the portal's public form: anyone may propose a review (rate-limited per address)"),
    ("checklist_config", "a congress's 十有 labels: public rules"),
    ("rule_book", "rules are public: deputies know them before they are judged by them"),
    ("public_kinds", "the item kinds a congress publishes: public"),
    ("public_archive", "the public part of an archive: anyone may read it"),
    ("seats_of", "seats beside a ranking's scores: the public roster"),
    // Archive derivation: system tasks.
    ("archive_from_suggestions", "system task: the archive's derivation from the event log"),
    ("recompute_scores", "system task: the score worker"),
    ("recompute_scores_below", "system task: the score worker"),
    ("rebuild_tallies", "system task: `renda` maintenance"),
    ("tallies_out_of_step", "system task: the tallies' check"),
    ("archive_files", "the evidence of items read with the actor (Store::archive_item, archive_of)"),
    // Lookups by id used only after a checked read of their record.
    ("document_files", "the attachments of a document read with the actor (Store::document)"),
    ("document_file", "an attachment of a document read with the actor (Store::document)"),
    ("item_documents", "the documents linked to an item read with the actor (Store::item)"),
    ("signatures", "the signers of an item read with the actor (Store::item)"),
    ("inquiry_filed", "a threshold over an item read with the actor (Store::item)"),
    ("ballot_electorate", "the electorate of a ballot read with the actor (Store::ballot)"),
    ("has_voted", "whether a deputy voted in a ballot read with the actor (Store::ballot)"),
    ("opinions_of_suggestion", "the opinions behind a suggestion read with the actor"),
    ("suggestion_export_details", "the details of suggestions the caller listed for the actor"),
    // Lists scoped by the caller with Store::listable_congresses or the actor's own id.
    ("document_ids", "system task: the indexer's rebuild"),
    ("like_document", "the public's like: one per reader key, no account"),
    ("has_liked", "the reader's own like (their reader key)"),
    ("opinion_by_receipt", "the citizen holding the receipt code: the code is the key"),
    ("comment_by_receipt", "a draft's commenter holding the receipt code: the code is the key, no name or contact"),
    ("legislative_points", "which stations are 基层立法联系点: public"),
    ("is_legislative_point", "whether a station is a 基层立法联系点: public"),
    ("rate_opinion", "the citizen holding the receipt code rates: the code is the key"),
    ("published_opinions", "opinions published with consent: public"),
    ("groups_of_congress", "a congress's deputy groups: public structure"),
    ("group_checklist", "a group's checklist: read after Store::group_info or Store::check_can_view_group"),
    ("group_activities", "a group's activities: read after Store::group_info or Store::check_can_view_group"),
    ("group_activity_count", "a group's activity count: read after Store::group_info or Store::check_can_view_group"),
    ("unlinked_group_activities", "a congress's group activities for its staff's group page, after the check"),
    ("station_info", "a station's public page: public"),
    ("reception", "a station's reception (a public notice), read on its staff's page after their check"),
    ("item_meeting", "the meeting a matter is on (ids only), for the page to go back to after the actor's own vote"),
    ("upcoming_receptions", "receptions' public notices: public"),
    ("receptions_of_station", "a station's receptions: public notices"),
    ("stations_of_deputy", "where a citizen can meet a deputy: public"),
    ("upcoming_receptions_of_deputy", "a deputy's receptions: public notices"),
    ("public_reception_notices", "the numbers of receptions' standing 接待公告: public notices"),
    ("public_official_file", "a standing 公告 (Kind::public) is put up for everyone; other documents are not found"),
    (
        "public_appointment_notice",
        "a standing 任免公告 with its meeting's decision: a 公告 is put up for everyone; anything else is not found",
    ),
    (
        "public_official_documents",
        "the standing 公告 of a public kind (Kind::public): put up for everyone; other kinds list nothing",
    ),
    // The suggestions: the lead's rewrite gives their reads the actor.
    ("suggestion_ids", "every suggestion, for rebuilding the search index"),
    ("suggestion_for_system", "the search index's and the store's own read; readers use `suggestion`/`public_reply`"),
];

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the store's source folder is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The public async methods of `impl Store` in one file: name → whether they take the actor.
fn methods(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut in_store = false;
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("impl") {
            in_store = line.starts_with("impl Store {") || line.starts_with("impl crate::Store {");
        } else if *line == "}" {
            in_store = false;
        }
        let Some(rest) = line.strip_prefix("    pub async fn ") else { continue };
        if !in_store {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        // The parameters: from the first '(' to its match, across lines.
        let signature = lines[i..].join("\n");
        let open = signature.find('(').expect("a parameter list");
        let mut depth = 0usize;
        let mut end = open;
        for (j, c) in signature[open..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let params = &signature[open + 1..end];
        let takes_actor =
            params.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == "Actor" || word == "Role");
        out.push((name, takes_actor));
    }
    out
}

#[test]
fn every_public_store_method_takes_the_actor_or_says_why_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    let mut found: BTreeMap<String, bool> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a source file");
        for (name, takes_actor) in methods(&text) {
            found.insert(name, takes_actor);
        }
    }
    // The scanner works: it finds the checked getters with their actor, and many methods.
    assert!(found.len() > 150, "only {} methods found: is the scanner broken?", found.len());
    for checked in ["opinion", "activity", "document", "ballot", "plan", "item", "review", "report_meeting"] {
        assert_eq!(found.get(checked), Some(&true), "Store::{checked} takes the actor");
    }

    let allowed: BTreeMap<&str, &str> = ALLOW.iter().copied().collect();
    assert_eq!(allowed.len(), ALLOW.len(), "a method is listed twice in ALLOW");
    let unlisted: Vec<&String> =
        found.iter().filter(|(name, takes)| !**takes && !allowed.contains_key(name.as_str())).map(|(n, _)| n).collect();
    assert!(
        unlisted.is_empty(),
        "these public Store methods take no Actor or Role: give them the actor (and check the policy \
         inside), make them pub(crate), or list them in ALLOW with the reason: {unlisted:?}"
    );
    let stale: Vec<&str> = allowed.keys().copied().filter(|name| found.get(*name).is_none_or(|takes| *takes)).collect();
    assert!(stale.is_empty(), "these ALLOW entries no longer exist or now take the actor: remove them: {stale:?}");
    for (name, reason) in ALLOW {
        assert!(!reason.trim().is_empty(), "ALLOW gives {name} no reason");
    }
}
