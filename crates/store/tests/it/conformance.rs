//! The store's conformance suite: every test runs on SQLite, and on PostgreSQL too when
//! `RENDA_TEST_PG_URL` is set, each on fresh databases.

use jiff::civil::date;
use renda_core::ErrorCode;
use renda_core::ids::{OrgId, UserId};
use renda_core::org::{CongressLevel, OrgKind, UnitKind};
use renda_core::person::EndReason;
use renda_core::policy::Role;
use renda_core::value::{Ethnicity, Gender, NewPassword, OrgName};
use renda_store::audit::Chain;
use renda_store::orgs::NewOrganisation;
use renda_store::people::{DeputyFilter, NewDeputyship, NewPerson};
use renda_store::users::{LoginError, NewUser, User};
use renda_store::{Actor, Store, StoreError, testing};
use renda_testkit::{audit_count, label, new_user, org, staff};

const SYSTEM: Actor = Actor { user: None, role: Role::Admin };

/// 示范市 › 东城区 › 东湖镇, with 西城区 beside 东城区 and one unit in 东城区.
struct World {
    city: OrgId,
    east: OrgId,
    west: OrgId,
    town: OrgId,
    unit: OrgId,
}

async fn world(s: &Store) -> World {
    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let east = org(s, "东城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let west = org(s, "西城区人民代表大会", OrgKind::Congress(CongressLevel::County), Some(city)).await;
    let town = org(s, "东湖镇人民代表大会", OrgKind::Congress(CongressLevel::Township), Some(east)).await;
    let unit = org(s, "东城区住房和城乡建设局", OrgKind::Unit(UnitKind::GovernmentDepartment), Some(east)).await;
    World { city, east, west, town, unit }
}

fn person(name: &str, ethnicity: &str, gender: Gender) -> NewPerson {
    let ethnicity = Ethnicity::parse(ethnicity).expect("ethnicity");
    NewPerson { gender: Some(gender), ethnicity: Some(ethnicity), ..renda_testkit::person(name) }
}

fn seat(congress: OrgId, delegation: &str) -> NewDeputyship {
    NewDeputyship { delegation: label(delegation), ..renda_testkit::seat(congress) }
}

#[tokio::test]
async fn congresses_nest_and_paths_and_subtrees_follow_the_tree() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        assert_eq!(s.congress_path(w.town).await.expect("path"), vec![w.town, w.east, w.city]);
        assert_eq!(
            s.congress_path(w.unit).await.expect("path"),
            vec![w.east, w.city],
            "a unit belongs to its congress"
        );
        let mut sub = s.congress_subtree(w.east).await.expect("subtree");
        sub.sort();
        assert_eq!(sub, vec![w.east, w.town]);
        assert_eq!(s.congress_subtree(w.city).await.expect("subtree").len(), 4);
        let tree = s.org_tree().await.expect("tree");
        assert_eq!(tree.first().map(|r| r.org.id), Some(w.city));
        assert_eq!(tree.iter().find(|r| r.org.id == w.town).map(|r| r.depth), Some(2));
    }
}

#[tokio::test]
async fn a_misplaced_or_duplicate_organisation_is_refused_and_nothing_is_written() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let before = (s.count_orgs().await.expect("n"), audit_count(s).await);
        let misplaced = s
            .create_org(
                &SYSTEM,
                NewOrganisation {
                    name: OrgName::parse("某镇人民代表大会").expect("name"),
                    kind: OrgKind::Congress(CongressLevel::Township),
                    parent: Some(w.city),
                },
            )
            .await
            .expect_err("township under city");
        assert_eq!(misplaced.code(), ErrorCode::InvalidInput);
        assert!(misplaced.user_message().contains("不能设在"), "{}", misplaced.user_message());
        let dup = s
            .create_org(
                &SYSTEM,
                NewOrganisation {
                    name: OrgName::parse("东湖镇人民代表大会").expect("name"),
                    kind: OrgKind::Congress(CongressLevel::Township),
                    parent: Some(w.east),
                },
            )
            .await
            .expect_err("duplicate");
        assert_eq!(dup.code(), ErrorCode::InvalidInput);
        assert!(dup.user_message().contains("已有名为"));
        assert_eq!((s.count_orgs().await.expect("n"), audit_count(s).await), before);
    }
}

#[tokio::test]
async fn staff_write_only_in_their_own_congress() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let east_staff = staff(w.east);
        let new_unit = |name: &str, parent| NewOrganisation {
            name: OrgName::parse(name).expect("name"),
            kind: OrgKind::Unit(UnitKind::Court),
            parent: Some(parent),
        };
        s.create_org(&east_staff, new_unit("东城区人民法院", w.east)).await.expect("own congress");
        let denied = s.create_org(&east_staff, new_unit("西城区人民法院", w.west)).await.expect_err("sibling");
        assert_eq!(denied.code(), ErrorCode::Forbidden);
        let denied = s.create_org(&east_staff, new_unit("东湖镇法庭", w.town)).await.expect_err("below is read-only");
        assert_eq!(denied.code(), ErrorCode::Forbidden);
        let denied = s
            .create_deputy(&east_staff, person("李四", "汉族", Gender::Male), seat(w.west, "第一选区"))
            .await
            .expect_err("deputy in sibling congress");
        assert!(matches!(denied, StoreError::Denied(_)));
        assert_eq!(s.count_deputyships().await.expect("n"), 0);
    }
}

#[tokio::test]
async fn deputies_are_found_by_name_delegation_ethnicity_and_paged() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let people = [
            ("王秀英", "汉族", Gender::Female, "第一选区"),
            ("马建国", "回族", Gender::Male, "第一选区"),
            ("买买提明·牙生", "维吾尔族", Gender::Male, "第二选区"),
            ("王建华", "汉族", Gender::Male, "第二选区"),
            ("刘_百分%", "汉族", Gender::Female, "第二选区"),
        ];
        for (name, eth, g, del) in people {
            s.create_deputy(&SYSTEM, person(name, eth, g), seat(w.east, del)).await.expect("deputy");
        }
        s.create_deputy(&SYSTEM, person("王西城", "汉族", Gender::Male), seat(w.west, "第一选区"))
            .await
            .expect("deputy");
        let east_scope = s.congress_subtree(w.east).await.expect("scope");
        let find = |f: DeputyFilter| async move { s.search_deputies(&Actor::system(), &f).await.expect("search") };
        let base = DeputyFilter { congresses: east_scope.clone(), per_page: 50, ..DeputyFilter::default() };

        let by_name = find(DeputyFilter { name: Some("王".into()), ..base.clone() }).await;
        assert_eq!(by_name.total, 2, "王西城 is outside the scope");
        let by_del = find(DeputyFilter { delegation: Some("第二选区".into()), ..base.clone() }).await;
        assert_eq!(by_del.total, 3);
        let by_eth = find(DeputyFilter { ethnicity: Some("维吾尔族".into()), ..base.clone() }).await;
        assert_eq!(by_eth.items.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), vec!["买买提明·牙生"]);
        let women = find(DeputyFilter { gender: Some(Gender::Female), ..base.clone() }).await;
        assert_eq!(women.total, 2);
        // LIKE wildcards typed by a user are literal characters.
        assert_eq!(find(DeputyFilter { name: Some("%".into()), ..base.clone() }).await.total, 1);
        assert_eq!(find(DeputyFilter { name: Some("_".into()), ..base.clone() }).await.total, 1);

        let p0 = find(DeputyFilter { per_page: 2, page: 0, ..base.clone() }).await;
        let p2 = find(DeputyFilter { per_page: 2, page: 2, ..base.clone() }).await;
        assert_eq!((p0.total, p0.items.len(), p0.pages()), (5, 2, 3));
        assert_eq!(p2.items.len(), 1);
        let past_end = find(DeputyFilter { per_page: 2, page: 99, ..base.clone() }).await;
        assert_eq!((past_end.page, past_end.items.len()), (2, 1), "a page past the end is the last page");
        let (dels, eths) = s.deputy_facets(&Actor::system(), &east_scope).await.expect("facets");
        assert_eq!(dels, vec!["第一选区", "第二选区"]);
        assert_eq!(eths.len(), 3);
    }
}

#[tokio::test]
async fn one_person_can_sit_in_two_congresses_and_a_seat_ends_with_a_reason() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let (p, town_seat) = s
            .create_deputy(&SYSTEM, person("赵敏", "汉族", Gender::Female), seat(w.town, "东湖村选区"))
            .await
            .expect("deputy");
        s.add_deputyship(&SYSTEM, p, seat(w.east, "东湖镇代表团")).await.expect("second seat");
        assert_eq!(s.deputyships_of(p).await.expect("seats").len(), 2);
        let bad = s
            .end_deputyship(&SYSTEM, town_seat, date(2021, 1, 1), EndReason::Resigned)
            .await
            .expect_err("before start");
        assert_eq!(bad.code(), ErrorCode::InvalidInput);
        let ended =
            s.end_deputyship(&SYSTEM, town_seat, date(2024, 6, 1), EndReason::TransferredOut).await.expect("ended");
        assert_eq!(ended.end_reason_label(), "调离");
        let again =
            s.end_deputyship(&SYSTEM, town_seat, date(2024, 7, 1), EndReason::Resigned).await.expect_err("twice");
        assert_eq!(again.code(), ErrorCode::DeputyshipEnded);
        let active = s
            .search_deputies(
                &Actor::system(),
                &DeputyFilter {
                    congresses: vec![w.town, w.east],
                    active_only: true,
                    per_page: 10,
                    ..Default::default()
                },
            )
            .await
            .expect("search");
        assert_eq!(active.total, 1);
    }
}

#[tokio::test]
async fn importing_the_same_roster_twice_creates_nothing_the_second_time() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let rows: Vec<_> = (0..30)
            .map(|i| (person(&format!("代表{i}"), "汉族", Gender::Male), seat(w.city, "东城区代表团")))
            .collect();
        let mut ticks = 0;
        let first = s.import_roster(&SYSTEM, w.city, &rows, |_| ticks += 1).await.expect("import");
        assert_eq!((first.created, first.already_present, ticks), (30, 0, 30));
        let audit_after_first = audit_count(s).await;
        let second = s.import_roster(&SYSTEM, w.city, &rows, |_| {}).await.expect("import again");
        assert_eq!((second.created, second.already_present), (0, 30));
        assert_eq!(s.count_deputyships().await.expect("n"), 30);
        assert_eq!(audit_count(s).await, audit_after_first);
    }
}

#[tokio::test]
async fn a_write_that_records_no_audit_entry_cannot_commit_and_leaves_nothing() {
    for t in testing::all().await {
        let s = &t.store;
        let mut w = s.begin_write(Chain::Global, None).await.expect("begin");
        sqlx::query("INSERT INTO organisations (name, kind, created_at) VALUES ('无审计', 'congress:city', 'x')")
            .execute(w.conn())
            .await
            .expect("insert");
        assert!(w.commit().await.is_err());
        assert_eq!(s.count_orgs().await.expect("n"), 0);
    }
}

#[tokio::test]
async fn every_write_is_on_the_chain_and_tampering_is_named() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        s.create_deputy(&SYSTEM, person("钱进", "汉族", Gender::Male), seat(w.west, "第三选区")).await.expect("deputy");
        let ok = s.verify_audit().await.expect("verify").expect("intact");
        assert_eq!(ok.entries as i64, audit_count(s).await);
        assert_eq!(ok.entries, 6);
        assert_eq!(ok.chains, 4, "global (the city), the city (its districts), 东城区 and 西城区");

        // Edit one entry by hand: verify names it.
        let victim: i64 = sqlx::query_scalar("SELECT id FROM audit_log WHERE action = 'deputy.create'")
            .fetch_one(s.pool())
            .await
            .expect("id");
        sqlx::query("UPDATE audit_log SET after_json = '{\"name\":\"篡改\"}' WHERE id = $1")
            .bind(victim)
            .execute(s.writer())
            .await
            .expect("tamper");
        let broken = s.verify_audit().await.expect("verify").expect_err("tampered");
        assert_eq!(broken.id, victim);
        assert!(broken.to_string().contains(&format!("#{victim}")));
    }
}

#[tokio::test]
async fn deleting_the_last_entry_of_a_chain_is_detected() {
    for t in testing::all().await {
        let s = &t.store;
        world(s).await;
        let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM audit_log").fetch_one(s.pool()).await.expect("id");
        sqlx::query("DELETE FROM audit_log WHERE id = $1").bind(last).execute(s.writer()).await.expect("delete");
        assert!(s.verify_audit().await.expect("verify").is_err());
    }
}

#[tokio::test]
async fn concurrent_writes_in_many_congresses_keep_every_chain_intact() {
    for t in testing::all().await {
        let s = t.store.clone();
        let w = world(&s).await;
        let mut tasks = Vec::new();
        for i in 0..24 {
            let s = s.clone();
            let parent = [w.city, w.east, w.west, w.town][i % 4];
            tasks.push(tokio::spawn(async move {
                s.create_org(
                    &SYSTEM,
                    NewOrganisation {
                        name: OrgName::parse(&format!("单位{i}")).expect("name"),
                        kind: OrgKind::Unit(UnitKind::Other),
                        parent: Some(parent),
                    },
                )
                .await
            }));
        }
        for task in tasks {
            task.await.expect("join").expect("created");
        }
        let v = s.verify_audit().await.expect("verify").expect("intact");
        assert_eq!(v.entries, 5 + 24);
    }
}

async fn user(s: &Store, actor: &Actor, login: &str, role: Role) -> Result<User, StoreError> {
    s.create_user(actor, NewUser { display_name: "测试用户".into(), ..new_user(login, role) }).await
}

#[tokio::test]
async fn logins_are_checked_throttled_and_sessions_carry_a_csrf_token() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let u = user(s, &SYSTEM, "staff.east", Role::Staff { congress: w.east }).await.expect("user");
        assert_eq!(u.role, Role::Staff { congress: w.east });
        assert_eq!(u.scope_name.as_deref(), Some("东城区人民代表大会"));

        let ok = s.verify_login("STAFF.EAST", "renda-2026", "10.0.0.1").await.expect("login");
        assert_eq!(ok.id, u.id);
        let token = s.create_session(u.id).await.expect("session");
        let session = s.session(&token).await.expect("lookup").expect("live");
        assert_eq!(session.user.id, u.id);
        assert_eq!(session.csrf_token.len(), 64);
        assert!(s.session("not-a-token").await.expect("lookup").is_none());
        s.delete_session(&token).await.expect("logout");
        assert!(s.session(&token).await.expect("lookup").is_none());

        for _ in 0..5 {
            assert!(matches!(
                s.verify_login("staff.east", "wrong-pass1", "10.0.0.2").await,
                Err(LoginError::BadCredentials)
            ));
        }
        // Locked now from that address, even with the right password.
        let locked = s.verify_login("staff.east", "renda-2026", "10.0.0.2").await.expect_err("throttled");
        assert_eq!(locked.code(), ErrorCode::TooManyAttempts);
        // The colleagues behind that address still log in (tests/lockout.rs has the rest).
        user(s, &SYSTEM, "staff.west", Role::Staff { congress: w.west }).await.expect("user");
        assert!(s.verify_login("staff.west", "renda-2026", "10.0.0.2").await.is_ok());
        // An unknown login says the same as a wrong password.
        assert!(matches!(s.verify_login("nobody", "renda-2026", "10.0.0.8").await, Err(LoginError::BadCredentials)));
    }
}

#[tokio::test]
async fn staff_cannot_make_admins_or_accounts_outside_their_congress() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let staff = user(s, &SYSTEM, "staff.east", Role::Staff { congress: w.east }).await.expect("user");
        let actor = Actor { user: Some(staff.id), role: staff.role };
        user(s, &actor, "unit.east", Role::Unit { unit: w.unit }).await.expect("own unit");
        assert_eq!(user(s, &actor, "boss", Role::Admin).await.expect_err("admin").code(), ErrorCode::Forbidden);
        assert_eq!(
            user(s, &actor, "staff.west2", Role::Staff { congress: w.west }).await.expect_err("sibling").code(),
            ErrorCode::Forbidden
        );
        assert_eq!(
            user(s, &actor, "unit.east", Role::Unit { unit: w.unit }).await.expect_err("dup").code(),
            ErrorCode::InvalidInput
        );
        // A unit user is not a congress.
        assert_eq!(
            user(s, &SYSTEM, "odd", Role::Staff { congress: w.unit }).await.expect_err("bad scope").code(),
            ErrorCode::InvalidInput
        );
        let listed = s.list_users(&Actor { user: None, role: Role::Staff { congress: w.east } }).await.expect("list");
        assert_eq!(listed.iter().map(|u| u.login.as_str()).collect::<Vec<_>>(), vec!["staff.east", "unit.east"]);
    }
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_and_cannot_log_in() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let u = user(s, &SYSTEM, "deputy.one", Role::Staff { congress: w.city }).await.expect("user");
        let token = s.create_session(u.id).await.expect("session");
        s.set_active(&SYSTEM, u.id, false).await.expect("disable");
        assert!(s.session(&token).await.expect("lookup").is_none());
        assert!(s.verify_login("deputy.one", "renda-2026", "10.1.1.1").await.is_err());
        s.set_active(&SYSTEM, u.id, true).await.expect("enable");
        s.set_password(&SYSTEM, u.id, NewPassword::parse("another-2027").expect("pw")).await.expect("password");
        assert!(s.verify_login("deputy.one", "another-2027", "10.1.1.1").await.is_ok());
        assert!(s.set_active(&Actor { user: Some(u.id), role: u.role }, u.id, false).await.is_err(), "not oneself");
        let _ = UserId(0);
    }
}

#[tokio::test]
async fn a_sqlite_database_backs_up_while_open() {
    let t = testing::sqlite().await;
    world(&t.store).await;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("backup.db");
    t.store.backup_sqlite(&out).await.expect("backup");
    let copy = Store::open(&format!("sqlite://{}", out.display())).await.expect("open copy");
    assert_eq!(copy.count_orgs().await.expect("n"), 5);
    assert!(copy.verify_audit().await.expect("verify").is_ok());
    assert!(t.store.backup_sqlite(&out).await.is_err(), "never overwrites");
}

#[tokio::test]
async fn two_namesakes_in_one_delegation_are_two_seats_and_a_rerun_adds_neither_again() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        let rows = vec![
            (person("拉琼", "藏族", Gender::Male), seat(w.city, "西城区代表团")),
            (person("拉琼", "藏族", Gender::Female), seat(w.city, "西城区代表团")),
            (person("拉琼", "藏族", Gender::Male), seat(w.city, "东城区代表团")),
        ];
        let first = s.import_roster(&SYSTEM, w.city, &rows, |_| {}).await.expect("import");
        assert_eq!((first.created, first.already_present), (3, 0));
        let again = s.import_roster(&SYSTEM, w.city, &rows, |_| {}).await.expect("again");
        assert_eq!((again.created, again.already_present), (0, 3));
        assert_eq!(s.count_deputyships().await.expect("n"), 3);
    }
}

/// On SQLite reads run on read-only connections and writes queue for the one writer: a write
/// sent to the read pool fails at once, and many writers at the same moment all commit, in
/// turn, each with its audit entry.
#[tokio::test]
async fn writes_queue_for_one_writer_and_reads_cannot_write() {
    let t = testing::sqlite().await;
    let s = &t.store;
    assert_eq!(s.writer().options().get_max_connections(), 1, "one writer connection on SQLite");
    let refused = sqlx::query("INSERT INTO server_secrets (name, value, created_at) VALUES ('x', 'y', 'z')")
        .execute(s.pool())
        .await
        .expect_err("the read pool is read-only");
    assert!(refused.to_string().contains("readonly"), "{refused}");
    assert!(s.ping().await.is_ok(), "reads still run there");

    let city = org(s, "示范市人民代表大会", OrgKind::Congress(CongressLevel::City), None).await;
    let before = s.verify_audit().await.expect("verify").expect("chains whole").entries;
    let writes = (0..24).map(|i| {
        let s = s.clone();
        tokio::spawn(async move {
            s.create_org(
                &SYSTEM,
                NewOrganisation {
                    name: OrgName::parse(&format!("示范市第{i}局")).expect("name"),
                    kind: OrgKind::Unit(UnitKind::GovernmentDepartment),
                    parent: Some(city),
                },
            )
            .await
        })
    });
    for w in futures_util::future::join_all(writes).await {
        w.expect("task").expect("every concurrent write commits");
    }
    assert_eq!(
        s.verify_audit().await.expect("verify").expect("chains whole").entries,
        before + 24,
        "one audit entry each"
    );
}

/// The deputy search keeps what the reader may list: every seat of the congresses they keep,
/// and only the sitting deputies (the published roster) of the others; facets only of the kept.
#[tokio::test]
async fn the_deputy_search_shows_ended_seats_only_to_the_congresses_keepers() {
    for t in testing::all().await {
        let s = &t.store;
        let w = world(s).await;
        s.create_deputy(&SYSTEM, person("张市代表", "汉族", Gender::Male), seat(w.city, "第一代表团"))
            .await
            .expect("d");
        s.create_deputy(&SYSTEM, person("李东城", "汉族", Gender::Female), seat(w.east, "第一选区")).await.expect("d");
        let (_, seat_id) = s
            .create_deputy(&SYSTEM, person("赵卸任", "回族", Gender::Male), seat(w.east, "第二选区"))
            .await
            .expect("d");
        s.end_deputyship(&SYSTEM, seat_id, date(2025, 6, 30), EndReason::Resigned).await.expect("ended");

        let all = DeputyFilter { congresses: vec![w.city, w.east], per_page: 50, ..DeputyFilter::default() };
        let names = |reader: Actor| {
            let all = all.clone();
            async move {
                let mut n: Vec<String> =
                    s.search_deputies(&reader, &all).await.expect("search").items.into_iter().map(|d| d.name).collect();
                n.sort();
                n
            }
        };
        let everyone = vec!["张市代表", "李东城", "赵卸任"];
        assert_eq!(names(staff(w.city)).await, everyone, "the city keeps the districts below it");
        assert_eq!(names(staff(w.east)).await, everyone, "东城区 keeps its own former deputy");
        let sitting = vec!["张市代表", "李东城"];
        assert_eq!(names(staff(w.west)).await, sitting, "西城区 reads the roster only");
        assert_eq!(names(renda_testkit::public()).await, sitting);
        assert_eq!(names(renda_testkit::unit(w.unit)).await, sitting);
        let none = DeputyFilter { congresses: Vec::new(), ..all.clone() };
        assert_eq!(s.search_deputies(&staff(w.city), &none).await.expect("search").total, 0, "no congress, no one");

        let (dels, _) = s.deputy_facets(&staff(w.east), &[w.city, w.east]).await.expect("facets");
        assert_eq!(dels, vec!["第一选区", "第二选区"], "the city's delegations are not 东城区's to filter by");
        let (dels, _) = s.deputy_facets(&renda_testkit::public(), &[w.east]).await.expect("facets");
        assert!(dels.is_empty());
    }
}
