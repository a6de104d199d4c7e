//! The installation on both backends (issue 14): `init_installation` once and only once,
//! organisation sheets imported in one transaction (refused whole, idempotent, updated by code),
//! accounts with one-time passwords that must be changed, moving and closing organisations.

use renda_core::install::{OrgCode, SheetRow, SiteName, parse_user_rows};
use renda_core::org::CongressLevel;
use renda_core::person::Term;
use renda_core::policy::Role;
use renda_core::value::{Login, NewPassword, OrgName};
use renda_store::install::Installation;
use renda_store::people::NewDeputyship;
use renda_store::{Actor, Store, testing};
use renda_testkit::{label, person, seat};

const SYSTEM: Actor = Actor { user: None, role: Role::Admin };

fn sheet_row(n: usize, cells: &[(&str, &str)]) -> SheetRow {
    SheetRow { row: n, cells: cells.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect() }
}

fn county_sheet() -> Vec<SheetRow> {
    vec![
        sheet_row(
            2,
            &[("机构代码", "C"), ("类型", "人大"), ("名称", "某县人民代表大会"), ("层级", "县区"), ("届次", "18")],
        ),
        sheet_row(
            3,
            &[
                ("机构代码", "C-T1"),
                ("类型", "人大"),
                ("名称", "甲镇人民代表大会"),
                ("层级", "乡镇"),
                ("上级代码", "C"),
            ],
        ),
        sheet_row(
            4,
            &[
                ("机构代码", "C-T2"),
                ("类型", "人大"),
                ("名称", "乙镇人民代表大会"),
                ("层级", "乡镇"),
                ("上级代码", "C"),
            ],
        ),
        sheet_row(
            5,
            &[
                ("机构代码", "C-U1"),
                ("类型", "承办单位"),
                ("名称", "某县教育局"),
                ("单位类别", "政府部门"),
                ("上级代码", "C"),
            ],
        ),
        sheet_row(
            6,
            &[
                ("机构代码", "C-S1"),
                ("类型", "联络站"),
                ("名称", "甲镇代表联络站"),
                ("地址", "人民路1号"),
                ("上级代码", "C-T1"),
            ],
        ),
    ]
}

async fn init(s: &Store) {
    s.init_installation(
        &SYSTEM,
        Installation {
            site_name: SiteName::parse("某县人大代表工作平台").expect("name"),
            congress: OrgName::parse("某县人民代表大会").expect("congress"),
            level: CongressLevel::County,
            term: Term(18),
            admin_login: Login::parse("admin").expect("login"),
            admin_name: "系统管理员".into(),
            admin_password: NewPassword::parse("admin-2026").expect("pw"),
        },
    )
    .await
    .expect("init");
}

async fn audit_entries(s: &Store) -> usize {
    s.verify_audit().await.expect("verify").expect("intact").entries
}

async fn code(s: &Store, c: &str) -> renda_core::ids::OrgId {
    s.org_by_code(&OrgCode::parse(c).expect("code")).await.expect("read").expect("exists")
}

#[tokio::test]
async fn init_writes_name_congress_and_admin_once() {
    for t in testing::all().await {
        let s = &t.store;
        init(s).await;
        assert_eq!(s.site_settings().await.expect("read").name.as_deref(), Some("某县人大代表工作平台"));
        assert!(!s.is_demo().await.expect("read"));
        let top = s.congresses().await.expect("read");
        assert_eq!(top.len(), 1);
        assert_eq!(s.org_term(top[0].org.id).await.expect("read"), Some(Term(18)));
        assert!(s.verify_login("admin", "admin-2026", "127.0.0.1").await.is_ok());
        let entries = audit_entries(s).await;
        let err = s
            .init_installation(
                &SYSTEM,
                Installation {
                    site_name: SiteName::parse("别的平台").expect("name"),
                    congress: OrgName::parse("别的县人民代表大会").expect("congress"),
                    level: CongressLevel::County,
                    term: Term(1),
                    admin_login: Login::parse("admin2").expect("login"),
                    admin_name: "管理员".into(),
                    admin_password: NewPassword::parse("admin-2026").expect("pw"),
                },
            )
            .await
            .expect_err("refused");
        assert!(err.user_message().contains("已初始化过"), "{err}");
        assert_eq!(audit_entries(s).await, entries);
        assert_eq!(s.site_settings().await.expect("read").name.as_deref(), Some("某县人大代表工作平台"));
        assert!(s.user_by_login("admin2").await.expect("read").is_none());
    }
}

#[tokio::test]
async fn an_org_sheet_lands_whole_once_and_updates_by_code() {
    for t in testing::all().await {
        let s = &t.store;
        init(s).await;
        let first = s.import_orgs(&SYSTEM, &county_sheet()).await.expect("import").expect("no errors");
        assert_eq!((first.created, first.updated), (4, 1), "the county row adopts init's congress");
        assert_eq!(s.count_orgs().await.expect("count"), 5);
        let station = code(s, "C-S1").await;
        assert_eq!(
            s.station_info(station).await.expect("read").profile.map(|p| p.address).as_deref(),
            Some("人民路1号")
        );
        let entries = audit_entries(s).await;
        let again = s.import_orgs(&SYSTEM, &county_sheet()).await.expect("import").expect("no errors");
        assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 5));
        assert_eq!(audit_entries(s).await, entries, "nothing recorded");

        let mut changed = county_sheet();
        changed[3].cells.insert("名称".into(), "某县教育和体育局".into());
        changed[4].cells.insert("上级代码".into(), "C-T2".into());
        changed.remove(2); // 乙镇 is left out of the sheet… but is still C-S1's parent by code
        changed.push(sheet_row(
            7,
            &[
                ("机构代码", "C-U2"),
                ("类型", "承办单位"),
                ("名称", "某县财政局"),
                ("单位类别", "政府部门"),
                ("上级代码", "C"),
            ],
        ));
        let third = s.import_orgs(&SYSTEM, &changed).await.expect("import").expect("no errors");
        assert_eq!((third.created, third.updated), (1, 2));
        assert_eq!(s.org(code(s, "C-U1").await).await.expect("read").name.as_str(), "某县教育和体育局");
        assert_eq!(s.org(station).await.expect("read").parent, Some(code(s, "C-T2").await));
        assert_eq!(s.congress_path(station).await.expect("path")[0], code(s, "C-T2").await);
        assert_eq!(s.count_orgs().await.expect("count"), 6, "nothing deleted");

        // A bad sheet: every error, nothing written.
        let entries = audit_entries(s).await;
        let mut bad = county_sheet();
        bad[1].cells.insert("层级".into(), "省".into());
        bad.push(sheet_row(
            7,
            &[
                ("机构代码", "C-U9"),
                ("类型", "承办单位"),
                ("名称", "某县民政局"),
                ("单位类别", "政府部门"),
                ("上级代码", "Q"),
            ],
        ));
        bad.push(sheet_row(
            8,
            &[
                ("机构代码", "C-U8"),
                ("类型", "承办单位"),
                ("名称", "某县统计局"),
                ("单位类别", "政府部门"),
                ("上级代码", "C"),
            ],
        ));
        let errors = s.import_orgs(&SYSTEM, &bad).await.expect("import").expect_err("refused");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("第3行“层级”"));
        assert!(shown[1].starts_with("第7行“上级代码”"));
        assert_eq!(audit_entries(s).await, entries);
        assert!(s.org_by_name("某县统计局").await.expect("read").is_none(), "the good rows were not imported either");
    }
}

#[tokio::test]
async fn imported_accounts_get_one_time_passwords_and_must_change_them() {
    for t in testing::all().await {
        let s = &t.store;
        init(s).await;
        s.import_orgs(&SYSTEM, &county_sheet()).await.expect("import").expect("no errors");
        let county = code(s, "C").await;
        s.import_roster(
            &SYSTEM,
            county,
            &[(person("欧阳明远"), NewDeputyship { delegation: label("甲镇代表团"), ..seat(county) })],
            |_| {},
        )
        .await
        .expect("roster");
        let rows = vec![
            sheet_row(2, &[("登录名", "staff"), ("姓名", "张明"), ("角色", "工作人员"), ("机构代码", "C")]),
            sheet_row(3, &[("登录名", "edu"), ("姓名", "李华"), ("角色", "承办单位"), ("机构名称", "某县教育局")]),
            sheet_row(4, &[("登录名", "ouyang"), ("姓名", "欧阳明远"), ("角色", "代表"), ("代表团", "甲镇代表团")]),
        ];
        let (lines, errors) = parse_user_rows(&rows);
        assert!(errors.is_empty());
        let made = s.import_users(&SYSTEM, &lines).await.expect("import").expect("no errors");
        assert_eq!(made.created.len(), 3);
        let edu = &made.created[1];
        let user = s.verify_login("edu", &edu.password, "127.0.0.1").await.expect("the one-time password works");
        assert!(matches!(user.role, Role::Unit { .. }));
        let token = s.create_session(user.id).await.expect("session");
        assert!(s.session(&token).await.expect("read").expect("live").must_change_password);
        s.set_password(
            &Actor { user: Some(user.id), role: user.role },
            user.id,
            NewPassword::parse("own-pw-2026").expect("pw"),
        )
        .await
        .expect("changed");
        let token = s.create_session(user.id).await.expect("session");
        assert!(!s.session(&token).await.expect("read").expect("live").must_change_password);

        // Again: nobody twice. A row that cannot be resolved refuses the sheet.
        let again = s.import_users(&SYSTEM, &lines).await.expect("import").expect("no errors");
        assert!(again.created.is_empty());
        assert_eq!(again.skipped.len(), 3);
        let bad = vec![
            sheet_row(2, &[("登录名", "new1"), ("姓名", "王五"), ("角色", "工作人员"), ("机构代码", "C-U1")]),
            sheet_row(3, &[("登录名", "new2"), ("姓名", "赵六"), ("角色", "代表"), ("代表团", "乙镇代表团")]),
        ];
        let (lines, _) = parse_user_rows(&bad);
        let errors = s.import_users(&SYSTEM, &lines).await.expect("import").expect_err("refused");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(s.user_by_login("new1").await.expect("read").is_none());
    }
}

#[tokio::test]
async fn closing_keeps_the_organisation_and_disables_its_accounts() {
    for t in testing::all().await {
        let s = &t.store;
        init(s).await;
        s.import_orgs(&SYSTEM, &county_sheet()).await.expect("import").expect("no errors");
        let rows =
            vec![sheet_row(2, &[("登录名", "edu"), ("姓名", "李华"), ("角色", "承办单位"), ("机构代码", "C-U1")])];
        let (lines, _) = parse_user_rows(&rows);
        let made = s.import_users(&SYSTEM, &lines).await.expect("import").expect("no errors");
        let town = code(s, "C-T1").await;
        let err = s.close_org(&SYSTEM, town).await.expect_err("a station hangs below");
        assert!(err.user_message().contains("未撤销的机构"), "{err}");
        let unit = code(s, "C-U1").await;
        let county = code(s, "C").await;
        assert_eq!(s.open_units_of(county).await.expect("units").len(), 1);
        assert_eq!(s.close_org(&SYSTEM, unit).await.expect("closed"), 1);
        assert!(s.open_units_of(county).await.expect("units").is_empty(), "a closed unit takes no new work");
        assert_eq!(s.orgs_of_congress(county).await.expect("orgs").len(), 1, "but it is still there");
        let listing = s.org_listing().await.expect("list");
        assert!(listing.iter().any(|o| o.id == unit && o.closed));
        assert!(s.verify_login("edu", &made.created[0].password, "127.0.0.1").await.is_err(), "its account is off");
        // Moving: a station to another township; a unit cannot go under a station.
        let station = code(s, "C-S1").await;
        s.move_org(&SYSTEM, station, code(s, "C-T2").await).await.expect("moved");
        assert!(s.move_org(&SYSTEM, unit, station).await.is_err());
        assert!(s.verify_audit().await.expect("verify").is_ok());
    }
}
