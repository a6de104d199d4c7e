use super::city::*;
use super::suggestions::*;
use super::topics::*;
use super::*;
use jiff::civil::date;
use renda_core::calendar::add_months;
use renda_core::org::CongressLevel;
use renda_core::person::StartReason;
use renda_core::suggestion::{Command, ReplyClass, Satisfaction, SuggestionState};
use renda_core::suggestion::{CommandKind, Settings};
use renda_core::value::{Gender, OrgName, PersonName};
use renda_store::people::{DeputyFilter, DeputyRow};
use renda_store::suggestions::Extra;
use renda_store::suggestions::{Due, SuggestionFilter, SuggestionRow};
use renda_store::testing;
use std::collections::HashSet;

/// The day the tests seed the demo as of: suggestions are dated relative to it.
const TODAY: Date = date(2026, 6, 15);

/// The statutory size of every demo congress, from the tables (not from the plan).
fn expected_sizes() -> HashMap<String, i64> {
    let mut out = HashMap::new();
    let size = |level: CongressLevel, pop: u64| i64::from(level.statutory_size(pop));
    out.insert(format!("{CITY}人民代表大会"), size(CongressLevel::City, CITY_POPULATION));
    for c in COUNTIES.iter() {
        out.insert(format!("{}人民代表大会", c.name), size(CongressLevel::County, c.population));
        for (t, pop) in &c.townships {
            out.insert(format!("{t}人民代表大会"), size(CongressLevel::Township, *pop));
        }
    }
    out
}

async fn seeded() -> (testing::TestStore, DemoSummary) {
    let t = testing::sqlite().await;
    let started = std::time::Instant::now();
    let summary = seed_on(&t.store, TODAY).await.expect("the demo loads into an empty store");
    eprintln!("seeded the demo in {:.1} s", started.elapsed().as_secs_f64());
    (t, summary)
}

async fn all_congresses(store: &Store) -> Vec<OrgId> {
    store.congresses().await.expect("congresses").into_iter().map(|r| r.org.id).collect()
}

#[test]
fn every_generated_value_passes_the_parsers_the_store_uses() {
    let plan = plan();
    for c in &plan.congresses {
        OrgName::parse(&c.name).expect("congress name");
        for seat in &c.seats {
            seat.to_new_deputyship(OrgId(1), c.term).expect("deputyship parses");
            if let Holder::New(p) = &seat.holder {
                p.to_new_person().expect("person parses");
            }
        }
    }
    for o in &plan.others {
        OrgName::parse(&o.name).expect("org name");
    }
    for u in &plan.users {
        Login::parse(u.login).expect("login");
        PersonName::parse(&u.display_name).expect("display name");
    }
    NewPassword::parse(DEMO_PASSWORD).expect("the demo password is strong enough");
}

#[test]
fn deputies_are_about_seventy_percent_men_and_five_percent_minorities() {
    let plan = plan();
    let people: Vec<&PersonPlan> = plan
        .congresses
        .iter()
        .flat_map(|c| &c.seats)
        .filter_map(|s| match &s.holder {
            Holder::New(p) => Some(p),
            Holder::Below { .. } => None,
        })
        .collect();
    let share =
        |f: &dyn Fn(&PersonPlan) -> bool| people.iter().copied().filter(|&p| f(p)).count() as f64 / people.len() as f64;
    let men = share(&|p| p.gender == Gender::Male);
    let minorities = share(&|p| p.ethnicity != "汉族");
    let with_dot = share(&|p| p.name.contains('·'));
    let single = share(&|p| p.name.chars().count() == 2);
    assert!((0.66..0.74).contains(&men), "men {men}");
    assert!((0.035..0.065).contains(&minorities), "minorities {minorities}");
    assert!(with_dot > 0.0, "no Uyghur-style name");
    assert!((0.2..0.4).contains(&single), "one-character given names {single}");
    assert!(people.iter().all(|p| (1955..=2000).contains(&p.birth.year) && p.birth.month.is_some()));
}

#[test]
fn the_demo_logins_are_the_nine_accounts_with_chinese_roles() {
    let logins = demo_logins();
    let names: Vec<&str> = logins.iter().map(|l| l.login.as_str()).collect();
    assert_eq!(
        names,
        [
            "admin",
            "city.staff",
            "east.staff",
            "town.staff",
            "deputy",
            "deputy2",
            "unit.housing",
            "unit.court",
            "public"
        ]
    );
    assert!(logins.iter().all(|l| l.password == DEMO_PASSWORD));
    assert_eq!(logins[0].role_label, "系统管理员");
    assert_eq!(logins[1].who, "示范市人大常委会工作人员");
    assert_eq!(logins[3].who, "东湖镇人大主席团工作人员");
    assert!(logins[4].who.contains("同时是东城区人大代表"));
    assert_eq!(logins[5].role_label, "人大代表");
    assert!(logins[5].who.contains("东城区代表团") && logins[5].who.contains(&logins[4].who[..6]));
    assert_eq!(demo_logins(), logins, "the logins are the same on every call");
}

#[tokio::test]
async fn each_congress_holds_exactly_its_statutory_number_of_seats() {
    let (t, summary) = seeded().await;
    let expected = expected_sizes();
    let mut total = 0;
    for row in t.store.congresses().await.expect("congresses") {
        let id = row.org.id;
        let seats = t
            .store
            .search_deputies(
                &renda_store::Actor::system(),
                &DeputyFilter { congresses: vec![id], congress: Some(id), per_page: 1, ..DeputyFilter::default() },
            )
            .await
            .expect("search")
            .total;
        let name = row.org.name.as_str();
        assert_eq!(Some(&seats), expected.get(name), "{name}");
        total += seats;
    }
    assert_eq!(total as usize, summary.deputies);
    assert_eq!(t.store.count_deputyships().await.expect("count"), total, "no seat outside a congress");
    assert!((3_000..5_000).contains(&summary.deputies));
}

#[tokio::test]
async fn the_tree_has_one_city_six_counties_about_thirty_townships_and_sixty_units() {
    let (t, summary) = seeded().await;
    let tree = t.store.org_tree().await.expect("tree");
    let count = |f: &dyn Fn(OrgKind) -> bool| tree.iter().filter(|r| f(r.org.kind)).count();
    let level = |l: CongressLevel| move |k: OrgKind| k == OrgKind::Congress(l);
    assert_eq!(count(&level(CongressLevel::City)), 1);
    assert_eq!(count(&level(CongressLevel::County)), 6);
    let townships = count(&level(CongressLevel::Township));
    assert!((25..=35).contains(&townships), "{townships} townships");
    let units = count(&|k| matches!(k, OrgKind::Unit(_)));
    assert!((55..=70).contains(&units), "{units} units");
    assert_eq!(units, summary.units);
    assert_eq!(summary.congresses, 1 + 6 + townships);
    let stations = count(&|k| k == OrgKind::LiaisonStation);
    let groups = count(&|k| k == OrgKind::DeputyGroup);
    assert!((6..=12).contains(&stations) && (6..=12).contains(&groups));
    // Every township congress is a 镇 or a 乡: 街道 have no congress.
    for r in &tree {
        if r.org.kind == OrgKind::Congress(CongressLevel::Township) {
            let name = r.org.name.as_str();
            assert!(name.ends_with("镇人民代表大会") || name.ends_with("乡人民代表大会"), "{name}");
        }
    }
}

#[tokio::test]
async fn seeding_a_store_that_is_not_empty_is_refused_and_changes_nothing() {
    let (t, _) = seeded().await;
    let orgs = t.store.count_orgs().await.expect("count");
    let seats = t.store.count_deputyships().await.expect("count");
    let err = seed_on(&t.store, TODAY).await.expect_err("a second run is refused");
    assert!(err.to_string().contains("数据库不是空的"), "{err}");
    assert_eq!(t.store.count_orgs().await.expect("count"), orgs);
    assert_eq!(t.store.count_deputyships().await.expect("count"), seats);
}

#[tokio::test]
async fn every_demo_login_signs_in_with_the_demo_password_and_has_its_role() {
    let (t, summary) = seeded().await;
    assert_eq!(summary.logins, demo_logins());
    assert_eq!(summary.users, summary.logins.len());
    for l in &summary.logins {
        let user = t
            .store
            .verify_login(&l.login, DEMO_PASSWORD, "127.0.0.1")
            .await
            .unwrap_or_else(|e| panic!("{} cannot log in: {e}", l.login));
        assert_eq!(user.role.label(), l.role_label, "{}", l.login);
        let scope = user.scope_name.clone().unwrap_or_default();
        match l.login.as_str() {
            "city.staff" => assert_eq!(scope, "示范市人民代表大会"),
            "east.staff" => assert_eq!(scope, "东城区人民代表大会"),
            "town.staff" => assert_eq!(scope, "东湖镇人民代表大会"),
            "unit.housing" => assert_eq!(scope, "示范市住房和城乡建设局"),
            "unit.court" => assert_eq!(scope, "示范市中级人民法院"),
            "deputy" => {
                let Role::Deputy { person } = user.role else { panic!("deputy has role {:?}", user.role) };
                let seats = t.store.deputyships_of(person).await.expect("seats");
                let mut where_: Vec<&str> = seats.iter().map(|s| s.congress_name.as_str()).collect();
                where_.sort_unstable();
                assert_eq!(where_, ["东城区人民代表大会", "示范市人民代表大会"]);
                assert_eq!(scope, seats[0].name);
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn about_ten_deputies_sit_in_two_congresses_and_a_few_seats_ended_in_2024() {
    let (t, _) = seeded().await;
    let all = all_congresses(&t.store).await;
    let mut rows = Vec::new();
    for c in &all {
        rows.extend(roster(&t.store, *c).await.expect("roster"));
    }
    let mut seats_per_person: HashMap<PersonId, usize> = HashMap::new();
    for r in &rows {
        *seats_per_person.entry(r.person).or_default() += 1;
    }
    let twice = seats_per_person.values().filter(|&&n| n == 2).count();
    assert!((8..=15).contains(&twice), "{twice} people sit twice");
    assert!(seats_per_person.values().all(|&n| n <= 2));
    let ended: Vec<&DeputyRow> = rows.iter().filter(|r| !r.is_active()).collect();
    let by_election = rows.iter().filter(|r| r.start_reason == StartReason::ByElection.code()).count();
    let share = ended.len() as f64 / rows.len() as f64;
    assert!((0.004..0.02).contains(&share), "{} ended", ended.len());
    assert!(by_election > 10, "{by_election} by-elections");
    assert!(ended.iter().all(|r| {
        r.end_date.is_some_and(|d| d.year() == 2024) && matches!(r.end_reason_label(), "辞职" | "调离")
    }));
}

#[tokio::test]
async fn two_runs_on_fresh_stores_produce_the_same_deputies() {
    let mut firsts = Vec::new();
    for _ in 0..2 {
        let (t, _) = seeded().await;
        let page = t
            .store
            .search_deputies(
                &renda_store::Actor::system(),
                &DeputyFilter { congresses: all_congresses(&t.store).await, per_page: 20, ..DeputyFilter::default() },
            )
            .await
            .expect("search");
        let names: Vec<(String, String, Option<String>)> =
            page.items.into_iter().map(|r| (r.name, r.delegation, r.occupation)).collect();
        assert_eq!(names.len(), 20);
        firsts.push(names);
    }
    assert_eq!(firsts[0], firsts[1]);
}

#[tokio::test]
async fn the_audit_chain_of_the_demo_data_verifies_and_holds_every_suggestion_command() {
    let (t, summary) = seeded().await;
    let verified = t.store.verify_audit().await.expect("audit readable").expect("audit chain intact");
    assert!(verified.entries >= summary.deputies + summary.users + summary.suggestions);
    assert_eq!(verified.chains, 1 + summary.congresses, "global + one per congress");
    // Each suggestion got where it is through the store's calls only: its creation, one
    // audited command per step, and the lead's consent to publish.
    let planned = planned();
    let expected: usize = planned.iter().map(|p| 1 + p.steps.len() + usize::from(p.publish_reply)).sum();
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'suggestion'")
        .fetch_one(t.store.pool())
        .await
        .expect("count");
    assert_eq!(logged as usize, expected);
    assert_eq!(planned.len(), summary.suggestions);
}

#[tokio::test]
async fn the_library_holds_the_demo_texts_dated_over_two_months_and_read_this_week() {
    use renda_store::documents::DocumentFilter;
    let (t, summary) = seeded().await;
    assert_eq!(summary.documents, 13);
    assert!(summary.shared.is_none(), "seed_on never reads ../shared");
    let open = DocumentFilter { published_only: true, per_page: 50, ..DocumentFilter::default() };
    let public = renda_store::Actor { user: None, role: renda_core::policy::Role::Public };
    let rows = t.store.list_documents(&public, &open).await.expect("listed").items;
    assert_eq!(rows.len(), 12, "every text but the draft is published");
    let earliest = TODAY.checked_sub(jiff::Span::new().days(60)).expect("a date");
    let dated = rows.iter().filter(|r| r.published_at.is_some_and(|p| (earliest..=TODAY).contains(&p.date())));
    // The one published through `set_document_published` carries the real date.
    assert!(dated.count() >= 11);
    assert!(rows.iter().filter(|r| r.featured).count() >= 3);
    assert_eq!(rows.iter().filter(|r| r.visibility == renda_core::document::Visibility::Users).count(), 2);
    let week = TODAY.checked_sub(jiff::Span::new().days(7)).expect("a date");
    let hot = t.store.most_read(&public, &open, week, 10).await.expect("most read");
    assert!(hot.len() >= 3 && hot[0].1 >= 5, "{hot:?}");
    assert!(summary.document_views > 100, "{} reads", summary.document_views);
    // The staff draft is 东城区's, seen by its staff and not by the portal.
    let east = t.store.org_by_name("东城区人民代表大会").await.expect("read").expect("東城区").id;
    let kept = DocumentFilter { kept_only: true, per_page: 50, ..DocumentFilter::default() };
    let east_staff = renda_store::Actor { user: None, role: renda_core::policy::Role::Staff { congress: east } };
    let drafts: Vec<_> = t.store.list_documents(&east_staff, &kept).await.expect("listed").items;
    assert_eq!(drafts.len(), 1);
    assert!(!drafts[0].published && drafts[0].visibility == renda_core::document::Visibility::Staff);
    let verified = t.store.verify_audit().await.expect("audit readable").expect("audit chain intact");
    assert!(verified.entries > 0);
}

/// The suggestions the plan makes for [`TODAY`].
fn planned() -> Vec<SuggestionPlan> {
    Drafter::new(&plan(), TODAY).all()
}

async fn all_suggestions(store: &Store, f: SuggestionFilter) -> Vec<SuggestionRow> {
    let mut f = SuggestionFilter { congresses: all_congresses(store).await, per_page: 500, ..f };
    let mut out = Vec::new();
    loop {
        let page = store.list_suggestions(&Actor::system(), &f, TODAY).await.expect("list");
        let total = page.total as usize;
        out.extend(page.items);
        if out.len() >= total {
            return out;
        }
        f.page += 1;
    }
}

async fn person_of(store: &Store, login: &str) -> PersonId {
    match store.verify_login(login, DEMO_PASSWORD, "127.0.0.1").await.expect("login").role {
        Role::Deputy { person } => person,
        other => panic!("{login} has role {other:?}"),
    }
}

#[tokio::test]
async fn every_suggestion_state_occurs_and_most_are_in_progress_answered_or_closed() {
    let (t, summary) = seeded().await;
    let rows = all_suggestions(&t.store, SuggestionFilter::default()).await;
    assert_eq!(rows.len(), summary.suggestions);
    let mut per_state: HashMap<SuggestionState, usize> = HashMap::new();
    for r in &rows {
        *per_state.entry(r.facts.state).or_default() += 1;
    }
    for s in SuggestionState::ALL {
        assert!(per_state.get(&s).is_some_and(|&n| n > 0), "no suggestion is {}", s.label());
    }
    let busy: usize = [SuggestionState::InProgress, SuggestionState::Replied, SuggestionState::Closed]
        .iter()
        .map(|s| per_state[s])
        .sum();
    assert!(busy * 2 > rows.len(), "{busy} of {} in progress, answered or closed", rows.len());
    let city = t.store.congresses().await.expect("congresses")[0].org.id;
    let mut per_congress: HashMap<OrgId, usize> = HashMap::new();
    for r in &rows {
        *per_congress.entry(r.congress).or_default() += 1;
    }
    assert_eq!(per_congress.get(&city), Some(&CITY_SUGGESTIONS));
    assert_eq!(per_congress.len(), 7, "the city and its six counties and districts");
    assert!(per_congress.iter().all(|(c, n)| *c == city || (15..=25).contains(n)), "{per_congress:?}");
    // Units answered in all four classes; deputies rated 不满意 now and then, with reasons.
    let classes: HashSet<ReplyClass> = rows.iter().filter_map(|r| r.facts.reply_class).collect();
    assert_eq!(classes.len(), 4);
    let unhappy = rows.iter().filter(|r| r.facts.result == Some(Satisfaction::Unsatisfied)).count();
    let rated = rows.iter().filter(|r| r.facts.result.is_some()).count();
    assert!(unhappy > 0 && unhappy * 5 < rated, "{unhappy} of {rated} unsatisfied");
    assert!(rows.iter().any(|r| r.facts.rehandled > 0 && r.facts.state == SuggestionState::Closed));
    assert!(rows.iter().any(|r| r.publish_reply));
}

#[tokio::test]
async fn some_suggestions_are_overdue_near_due_extended_or_key_supervised_on_the_fixed_day() {
    let (t, _) = seeded().await;
    let rows = all_suggestions(&t.store, SuggestionFilter::default()).await;
    let settings = Settings::default();
    let count = |f: &dyn Fn(&SuggestionRow) -> bool| rows.iter().filter(|r| f(r)).count();
    let overdue = count(&|r| r.facts.is_overdue(TODAY));
    let near = count(&|r| r.facts.is_near_due(TODAY, &settings));
    assert!((1..=rows.len() / 10).contains(&overdue), "{overdue} overdue");
    assert!(near >= 1, "none near due");
    let overdue_listed =
        all_suggestions(&t.store, SuggestionFilter { due: Some(Due::Overdue), ..Default::default() }).await.len();
    assert_eq!(overdue_listed, overdue, "the overdue list shows the same");
    let extended = count(&|r| {
        !r.facts.complex
            && r.facts.assigned_on.zip(r.facts.due_on).is_some_and(|(on, due)| due > add_months(on, 3))
            && r.facts.state.is_with_unit()
            && r.facts.rehandled == 0
    });
    assert!(extended >= 1, "none extended");
    assert!(count(&|r| r.facts.complex) >= 1, "none complex");
    assert!(count(&|r| r.facts.extension_requested) >= 1, "no extension request pending");
    assert!(count(&|r| r.facts.return_requested) >= 1, "no return request pending");
    let key = count(&|r| r.facts.key_topic.is_some());
    assert!((3..=rows.len() / 5).contains(&key), "{key} key-supervised");
    let reassigned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'suggestion.approve_return'")
            .fetch_one(t.store.pool())
            .await
            .expect("count");
    assert!(reassigned >= 1, "no return approved");
}

#[tokio::test]
async fn the_deputy_login_leads_suggestions_waiting_for_cosigning_rating_and_closed() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let (d1, d2) = (person_of(s, "deputy").await, person_of(s, "deputy2").await);
    let mine = all_suggestions(s, SuggestionFilter { person: Some(d1), ..Default::default() }).await;
    let led = |state| mine.iter().find(|r| r.lead == d1 && r.facts.state == state);
    let waiting = led(SuggestionState::Cosigning).expect("one waits for co-signing");
    let d = s.suggestion(&Actor::system(), waiting.id).await.expect("detail");
    assert!(d.signers.iter().any(|x| x.person == d2 && x.confirmed_at.is_none()), "deputy2 has not confirmed");
    let buttons = s.permitted_commands(&d, Role::Deputy { person: d2 }, TODAY).await.expect("buttons");
    assert!(buttons.contains(&CommandKind::ConfirmCosign), "{buttons:?}");

    let replied = led(SuggestionState::Replied).expect("one waits for the lead's rating");
    let d = s.suggestion(&Actor::system(), replied.id).await.expect("detail");
    let buttons = s.permitted_commands(&d, Role::Deputy { person: d1 }, TODAY).await.expect("buttons");
    // Rating is the one step; the lead's choice to publish the replies is open at any time.
    assert_eq!(buttons, [CommandKind::Rate, CommandKind::PublishReply]);
    assert_eq!(d.replies.len(), 1);
    assert!(led(SuggestionState::Closed).is_some(), "one is closed");

    let theirs = all_suggestions(s, SuggestionFilter { person: Some(d2), ..Default::default() }).await;
    let mut cosigned = 0;
    for r in theirs.iter().filter(|r| r.lead == d1 && r.facts.state != SuggestionState::Cosigning) {
        let d = s.suggestion(&Actor::system(), r.id).await.expect("detail");
        cosigned += usize::from(d.signers.iter().any(|x| x.person == d2 && !x.lead && x.confirmed_at.is_some()));
    }
    assert!(cosigned >= 1, "deputy2 co-signed none of deputy's suggestions");
}

#[tokio::test]
async fn the_housing_unit_has_a_suggestion_to_contact_and_one_to_answer() {
    let (t, _) = seeded().await;
    let s = &t.store;
    let user = s.verify_login("unit.housing", DEMO_PASSWORD, "127.0.0.1").await.expect("login");
    let Role::Unit { unit } = user.role else { panic!("unit.housing has role {:?}", user.role) };
    let inbox = all_suggestions(s, SuggestionFilter { unit: Some(unit), ..Default::default() }).await;
    let (mut to_contact, mut to_answer) = (0, 0);
    for r in &inbox {
        let d = s.suggestion(&Actor::system(), r.id).await.expect("detail");
        if !d.units.iter().any(|u| u.unit == unit && u.main) {
            continue;
        }
        let buttons = s.permitted_commands(&d, user.role, TODAY).await.expect("buttons");
        match r.facts.state {
            SuggestionState::Assigned if d.contacts.is_empty() => {
                assert!(buttons.contains(&CommandKind::RecordContact), "{buttons:?}");
                to_contact += 1;
            }
            SuggestionState::InProgress if !d.contacts.is_empty() => {
                assert!(buttons.contains(&CommandKind::Reply), "{buttons:?}");
                to_answer += 1;
            }
            _ => {}
        }
    }
    assert!(to_contact >= 1 && to_answer >= 1, "{to_contact} to contact, {to_answer} to answer");
}

#[test]
fn no_demo_text_contains_thirty_characters_of_the_messages_csv() {
    const CSV: &str =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/messages/messages_with_replies_2816.csv");
    let Ok(csv) = std::fs::read_to_string(CSV) else {
        eprintln!("skipped: {CSV} is not here");
        return;
    };
    const N: usize = 30;
    let plans = planned();
    let mut windows: HashSet<&str> = HashSet::new();
    let mut texts: Vec<&str> = TOPICS
        .iter()
        .flat_map(|t| [&t.title, &t.problem, &t.cause, &t.ask, &t.thing, &t.action].map(String::as_str))
        .collect();
    texts.extend(plans.iter().flat_map(SuggestionPlan::texts));
    for text in texts {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for k in 0..starts.len().saturating_sub(N) {
            windows.insert(&text[starts[k]..starts[k + N]]);
        }
    }
    assert!(windows.len() > 10_000, "{} windows", windows.len());
    let starts: Vec<usize> = csv.char_indices().map(|(i, _)| i).chain([csv.len()]).collect();
    for k in 0..starts.len().saturating_sub(N) {
        let w = &csv[starts[k]..starts[k + N]];
        assert!(!windows.contains(w), "demo text repeats the messages CSV: {w}");
    }
}

#[test]
fn texts_and_dates_of_the_demo_suggestions_are_plausible_for_the_fixed_day() {
    let plans = planned();
    for p in &plans {
        assert!(p.title.starts_with("关于") && p.title.ends_with("的建议"), "{}", p.title);
        assert!(!p.title.contains('{') && !p.body.contains('{'), "{}", p.title);
        let sentences = p.body.matches('。').count();
        assert!((2..=5).contains(&sentences), "{sentences} sentences: {}", p.body);
        let mut assigned: Option<Date> = None;
        for s in &p.steps {
            if let Command::Assign { on, .. } = s.command {
                assert!(on <= TODAY);
                assigned = Some(on);
            }
            let on = match &s.extra {
                StepExtra::Given(Extra::Contact { on, summary, .. }) => {
                    assert!(!summary.contains('{'), "{summary}");
                    Some(*on)
                }
                StepExtra::Given(Extra::Reply { on, body, .. }) => {
                    let n = body.chars().count();
                    assert!((80..=300).contains(&n), "{n} characters: {body}");
                    assert!(body.contains("经研究") && !body.contains('{'), "{body}");
                    Some(*on)
                }
                _ => None,
            };
            if let Some(on) = on {
                assert!(on <= TODAY, "{} on {on}", p.title);
                assert!(assigned.is_some_and(|a| a <= on), "{} on {on}, assigned {assigned:?}", p.title);
            }
        }
    }
}

#[test]
fn the_demo_suggestions_draw_on_sixty_topics_each_handled_by_a_fitting_city_unit() {
    assert!(TOPICS.len() >= 60, "{} topics", TOPICS.len());
    let plan = plan();
    let drafter = Drafter::new(&plan, TODAY);
    for t in TOPICS.iter() {
        let units = drafter.topic_units(0, t);
        let main = format!("{CITY}{}", t.units[0]);
        assert!(units.first().is_some_and(|u| *u == main || *u == t.units[0]), "{}: {units:?}", t.title);
        assert_eq!(units.len(), t.units.iter().filter(|u| !u.ends_with("卫生健康局")).count(), "{}", t.title);
    }
    let plans = planned();
    let used: HashSet<usize> = plans.iter().map(|p| p.topic).collect();
    assert!(used.len() >= 50, "{} topics used", used.len());
    let titles: HashSet<&str> = plans.iter().map(|p| p.title.as_str()).collect();
    assert!(titles.len() * 10 >= plans.len() * 9, "{} titles for {} suggestions", titles.len(), plans.len());
    let again: Vec<(String, SuggestionState)> = planned().into_iter().map(|p| (p.title, p.state)).collect();
    let first: Vec<(String, SuggestionState)> = plans.into_iter().map(|p| (p.title, p.state)).collect();
    assert_eq!(first, again, "the same day gives the same suggestions");
}

#[tokio::test]
async fn the_demo_holds_opinions_in_every_state_at_the_citys_station() {
    use renda_core::liaison::opinion::OpinionState;
    let (t, summary) = seeded().await;
    let city = all_congresses(&t.store).await[0];
    let page = t
        .store
        .list_opinions(
            &Actor::system(),
            &renda_store::liaison::opinions::OpinionFilter {
                congresses: vec![city],
                per_page: 50,
                ..Default::default()
            },
        )
        .await
        .expect("opinions");
    assert_eq!(page.total as usize, summary.opinions);
    let mut states: Vec<OpinionState> = page.items.iter().map(|o| o.facts.state).collect();
    states.sort_by_key(|s| s.code());
    states.dedup();
    assert_eq!(states.len(), OpinionState::ALL.len(), "every state: {states:?}");
}

/// Issue 13: with the demo's year every template spreads the deputies of the level it
/// serves over its bands — none holds more than 60 %, 差 under 20 % — scored from the real
/// items in the store (江北's district table over the counties' deputies, like 东宝's).
#[tokio::test]
async fn every_template_spreads_the_demo_deputies_over_its_bands() {
    use renda_core::archive::templates::Template;
    use renda_core::archive::{ArchiveItem, Period, score};
    let (t, _) = seeded().await;
    let admin = Actor::system();
    let period = Period::new(TODAY.first_of_year(), TODAY).expect("period");
    let level_index = |l: CongressLevel| match l {
        CongressLevel::City => 0,
        CongressLevel::County => 1,
        CongressLevel::Township => 2,
    };
    let mut by_level: [Vec<Vec<ArchiveItem>>; 3] = Default::default();
    for row in t.store.congresses().await.expect("congresses") {
        let OrgKind::Congress(level) = row.org.kind else { continue };
        for d in roster(&t.store, row.org.id).await.expect("roster") {
            let in_office = d.start_date <= TODAY && d.end_date.is_none_or(|e| e > TODAY.first_of_year());
            if !in_office {
                continue;
            }
            let rows = t.store.archive_of(&admin, d.person, row.org.id, TODAY.year()).await.expect("archive");
            by_level[level_index(level)].push(rows.iter().map(|r| r.item()).collect());
        }
    }
    assert_eq!(by_level[0].len(), 366, "the city's deputies");
    for (template, level) in [
        (Template::Yinchuan, CongressLevel::City),
        (Template::Jiangbei, CongressLevel::County),
        (Template::Dongbao, CongressLevel::County),
        (Template::TownshipGroup, CongressLevel::Township),
    ] {
        let table = template.table().prepare().expect("valid");
        let deputies = &by_level[level_index(level)];
        let n = deputies.len();
        let mut counts: Vec<(String, usize)> = table.table().bands.iter().map(|b| (b.label.clone(), 0)).collect();
        for items in deputies {
            let sheet = score(items.iter().copied(), &table, period);
            counts[sheet.band.expect("every template has bands")].1 += 1;
        }
        eprintln!("{}: {n} deputies, {counts:?}", template.label());
        for (label, c) in &counts {
            assert!(c * 100 <= 60 * n, "{}: {label} holds {c} of {n}", template.label());
        }
        let poor = counts.iter().find(|(l, _)| l == "差").map_or(0, |(_, c)| *c);
        assert!(poor * 100 < 20 * n, "{}: 差 holds {poor} of {n}", template.label());
    }
}

#[tokio::test]
async fn every_congress_scores_its_deputies_and_the_demo_deputys_archive_has_every_origin() {
    use renda_core::archive::items::DeclaredStatus;
    use renda_core::archive::{ItemKind, Origin};
    let (t, summary) = seeded().await;
    let congresses = all_congresses(&t.store).await;
    assert_eq!(summary.archive.congresses, congresses.len());
    assert!(summary.archive.scores > 1000, "{} scores", summary.archive.scores);
    let admin = Actor::system();
    let city_scores = t.store.scores(&admin, congresses[0], TODAY.year()).await.expect("scores");
    assert!(!city_scores.is_empty());
    assert!(city_scores.iter().all(|s| s.band.is_some()), "the city's template (银川) has bands");

    let plan = plan();
    let (ci, seat) = plan
        .users
        .iter()
        .find_map(|u| match u.role {
            RolePlan::Deputy { congress, seat } => Some((congress, seat)),
            _ => None,
        })
        .expect("a demo deputy");
    let name = plan.person(ci, seat).expect("person").name.clone();
    let found = t
        .store
        .search_deputies(
            &renda_store::Actor::system(),
            &renda_store::people::DeputyFilter {
                congresses: vec![congresses[ci]],
                name: Some(name),
                per_page: 5,
                ..Default::default()
            },
        )
        .await
        .expect("search");
    let person = found.items[0].person;
    let items = t.store.archive_of(&admin, person, congresses[ci], TODAY.year()).await.expect("archive");
    let declared = |st: DeclaredStatus| {
        items.iter().filter(|i| matches!(i.origin, Origin::Declared { status, .. } if status == st)).count()
    };
    assert_eq!(
        (declared(DeclaredStatus::Verified), declared(DeclaredStatus::Declared), declared(DeclaredStatus::Rejected)),
        (3, 1, 1)
    );
    assert!(items.iter().any(|i| i.kind == ItemKind::SuggestionLed || i.kind == ItemKind::SuggestionCosigned));
    let sheet = t.store.score_sheet(&admin, person, congresses[ci], TODAY.year(), TODAY).await.expect("sheet");
    assert!(sheet.lines.iter().any(|l| l.count > 0 && !l.explanation.is_empty()), "explained lines");
}

/// Issue 21: the portal offers one 接待公告, beside an upcoming reception at a city station, and
/// serves its file to anyone.
#[tokio::test]
async fn the_portal_offers_a_reception_notice_beside_one_of_the_citys_upcoming_receptions() {
    let (t, summary) = seeded().await;
    let city = all_congresses(&t.store).await[0];
    let upcoming = t.store.upcoming_receptions(None, TODAY, 200).await.expect("receptions");
    let ids: Vec<_> = upcoming.iter().map(|r| r.id).collect();
    let standing = t.store.public_reception_notices(&ids).await.expect("notices");
    assert_eq!(standing.len(), 1, "{standing:?}");
    let reception = upcoming.iter().find(|r| r.id == standing[0].reception).expect("its reception");
    assert_eq!(reception.congress, city);
    assert!(standing[0].number.starts_with("示人常联〔2026〕"), "{}", standing[0].number);
    let (_, file) = t.store.public_official_file(standing[0].id).await.expect("public");
    assert!(file.starts_with(b"PK"), "a DOCX");
    assert!(summary.official >= 1);
}

/// Issue 17: the city's committee of fifteen and today's meeting — a decision passed by a
/// majority of all members, an amendment with more yes than no that failed, a regulation
/// waiting to be opened; the demo deputy sits on the committee and is not signed in yet.
#[tokio::test]
async fn the_city_holds_todays_committee_meeting_with_one_decision_passed_and_one_amendment_failed() {
    use renda_core::meeting::vote::VoteState;
    let (t, summary) = seeded().await;
    let personnel = super::personnel::PersonnelSummary { cases: 4, passed: 2, failed: 1 };
    let expected = meetings::MeetingsSummary {
        members: 15,
        matters: 3,
        personnel,
        attendees: 4,
        visitors: 2,
        speeches: 3,
        bulletins: 1,
    };
    assert_eq!(summary.meetings, expected);
    let city = all_congresses(&t.store).await[0];
    let clerk = Actor { user: None, role: Role::Staff { congress: city } };
    let list = t.store.list_meetings(&clerk, city).await.expect("meetings");
    assert_eq!(list.len(), 1);
    let v = t.store.meeting(&clerk, list[0].id).await.expect("the meeting");
    assert_eq!((v.meeting.held_on, v.attendance.len(), v.present, v.quorum), (t.store.today(), 15, 12, 8));
    let results: Vec<(VoteState, Option<bool>)> =
        v.items.iter().map(|i| (i.state, i.announcement.as_ref().map(|a| a.passed))).collect();
    // The amendment is voted before its regulation, so it comes second; then the personnel
    // cases: the removal before the appointment to the same post (both pass), and the court's
    // nominee, who fails.
    assert_eq!(
        results,
        [
            (VoteState::Closed, Some(true)),
            (VoteState::Closed, Some(false)),
            (VoteState::Draft, None),
            (VoteState::Closed, Some(true)),
            (VoteState::Closed, Some(true)),
            (VoteState::Closed, Some(false)),
        ]
    );
    let register = t.store.appointment_register(&clerk, city).await.expect("the register");
    assert_eq!(register.len(), 1);
    assert!(register[0].oath.is_some() && register[0].certificate.is_some(), "{register:?}");
    let notices =
        t.store.public_official_documents(renda_core::official::Kind::AppointmentNotice).await.expect("public");
    assert_eq!(notices.len(), 1);
    assert!(notices[0].number.starts_with("示人常公〔2026〕"), "{}", notices[0].number);
    let amendment = v.items[1].announcement.as_ref().expect("announced");
    assert!(amendment.tally.yes > amendment.tally.no && amendment.tally.yes < amendment.needed);
    assert_eq!(v.leave_requests.len(), 2);
    // The demo deputy is a member, not yet signed in, and finds the meeting.
    let deputy = summary.logins.iter().find(|l| l.role_label == "人大代表").expect("the demo deputy");
    let me = t.store.user_by_login(&deputy.login).await.expect("the account").expect("exists");
    let Role::Deputy { person } = me.role else { panic!("a deputy") };
    assert!(v.attendance.iter().any(|a| a.person == person && a.presence.code() == "absent"));
    let mine = t.store.meetings_of_member(&Actor { user: None, role: me.role }).await.expect("theirs");
    assert_eq!(mine.len(), 1);

    // 列席 and 旁听, and the speeches: two signed off and published in 简报第1期, the demo
    // deputy's waiting for their sign-off.
    let minutes = t.store.minutes(&clerk, list[0].id).await.expect("the minutes");
    assert_eq!((minutes.attendees.len(), minutes.visitors.len(), minutes.gallery_seats), (4, 2, Some(20)));
    let states: Vec<_> = minutes.speeches.iter().map(|s| (s.state, s.frozen)).collect();
    use renda_core::meeting::minutes::SpeechState::{SentBack, SignedOff};
    assert_eq!(states, [(SignedOff, true), (SignedOff, true), (SentBack, false)]);
    assert_eq!(minutes.bulletins.iter().map(|b| b.number).collect::<Vec<_>>(), [Some(1)]);
    let theirs = t.store.minutes(&Actor { user: None, role: me.role }, list[0].id).await.expect("read");
    assert_eq!(theirs.speeches.len(), 1, "the demo deputy's own, waiting");
    assert!(theirs.speeches.iter().all(|s| s.speaker == renda_core::meeting::minutes::Speaker::Member(person)));
}

/// Issue 18: the city's filing register in every state — corrected after a written 审查意见,
/// under review, returned, waiting, recorded late from the gazette, the district's resolution
/// without problem — 东城区's own register, and two 审查建议 (one published without its contact).
#[tokio::test]
async fn the_city_keeps_filings_in_every_state_and_a_published_review_proposal() {
    use renda_core::filing::review::FilingState;
    let (t, summary) = seeded().await;
    assert_eq!(summary.filing, super::filing::FilingSummary { filings: 8, proposals: 2 });
    let congresses = all_congresses(&t.store).await;
    let city = congresses[0];
    let clerk = Actor { user: None, role: Role::Staff { congress: city } };
    let rows = t.store.filings_received(&clerk, city).await.expect("the register");
    let mut states: Vec<FilingState> = rows.iter().map(|f| f.filing.state()).collect();
    states.sort();
    assert_eq!(
        states,
        [
            FilingState::Filed,
            FilingState::Filed,
            FilingState::Returned,
            FilingState::UnderReview,
            FilingState::Disputed,
            FilingState::NoProblem,
            FilingState::Corrected
        ]
    );
    let reviewing = rows.iter().find(|f| f.filing.state() == FilingState::UnderReview).expect("under review");
    assert_eq!(reviewing.filing.opinions_awaited(), 1, "a committee's opinion awaited");
    assert_eq!(reviewing.due_on, reviewing.filing.opinions().first().map(|o| o.due_on));
    assert!(
        rows.iter().any(|f| f.origin == renda_core::filing::review::Origin::Gazette && !f.filing.late().is_empty())
    );
    let year = t.store.today().year();
    let public = t.store.public_filings(city, year).await.expect("public");
    assert!(public.iter().all(|f| f.number.starts_with("示人常备〔")), "{public:?}");
    let published = t.store.published_review_proposals(city).await.expect("published");
    assert_eq!(published.len(), 1);
    assert!(!serde_json::to_string(&published).expect("json").contains("13812345678"));
    let east = congresses.iter().copied().find(|c| *c != city && rows.iter().any(|f| f.maker == *c)).expect("东城区");
    let east_clerk = Actor { user: None, role: Role::Staff { congress: east } };
    assert_eq!(t.store.filings_received(&east_clerk, east).await.expect("东城区").len(), 1);
}
