//! Issue 14, point 2, with the real binary: a county office makes an empty database its own —
//! `renda init`, its tree of 15 townships, 40 handling units and 5 liaison stations from one
//! generated sheet with `renda import orgs`, accounts from `renda import users` — serves it, and
//! finds its own name on the home page, the portal, a feed and an export, and "示范" nowhere.
//! Also: a malformed sheet (every bad cell by row and column, nothing changed), the same sheet
//! twice (nothing changed), a changed sheet (updated by code, nothing deleted), and `init`
//! refused on a database that has a congress or is a demo's.

use crate::common::*;
use renda_core::install::OrgCode;
use renda_core::policy::Role;
use renda_office::table::Table;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

const SITE: &str = "某县人大代表工作平台";
const ADMIN_PW: &str = "county-admin-2026";
const HEADERS: [&str; 8] = ["机构代码", "类型", "名称", "上级代码", "层级", "届次", "单位类别", "地址"];

/// What these tests ask of a database besides [`crate::common::TempDb`].
impl TempDb {
    /// `renda init` for 某县, the admin's password on standard input.
    fn init(&self) -> Output {
        self.run_with_stdin(
            &[
                "init",
                "--name",
                SITE,
                "--congress",
                "某县人民代表大会",
                "--level",
                "县区",
                "--term",
                "18",
                "--admin",
                "admin",
            ],
            &format!("{ADMIN_PW}\n"),
        )
    }

    /// The tree as `renda org list` prints it, and the audit chain's length: what "nothing
    /// changed" compares.
    fn state(&self) -> (String, i64) {
        let list = self.ok(&["org", "list"]);
        let entries = self.with_store(async |s| s.verify_audit().await.expect("verify").expect("intact").entries);
        (list, entries as i64)
    }
}

fn row(cells: [&str; 8]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

/// The county's sheet: the county itself (adopting the congress `renda init` made), 15
/// townships, 40 units of every kind and 5 stations in townships.
fn county_rows() -> Vec<Vec<String>> {
    let mut rows = vec![row(["C", "人大", "某县人民代表大会", "", "县区", "18", "", ""])];
    let towns = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "东", "南", "西", "北", "中"];
    for (i, t) in towns.iter().enumerate() {
        let kind = if i % 2 == 0 { "镇" } else { "乡" };
        rows.push(row([
            &format!("C-T{:02}", i + 1),
            "人大",
            &format!("{t}{kind}人民代表大会"),
            "C",
            "乡镇",
            "18",
            "",
            "",
        ]));
    }
    for i in 1..=40 {
        let (name, kind) = match i {
            1 => ("某县人民法院".to_owned(), "法院"),
            2 => ("某县人民检察院".to_owned(), "检察院"),
            3 => ("某县监察委员会".to_owned(), "监察委员会"),
            4 => ("某县供电公司".to_owned(), "其他"),
            n => (format!("某县第{n}局"), "政府部门"),
        };
        rows.push(row([&format!("C-U{i:02}"), "承办单位", &name, "C", "", "", kind, ""]));
    }
    for i in 1..=5 {
        let t = towns[i - 1];
        rows.push(row([
            &format!("C-S{i}"),
            "联络站",
            &format!("{t}镇人大代表联络站"),
            &format!("C-T{i:02}"),
            "",
            "",
            "",
            &format!("{t}镇人民路{i}号"),
        ]));
    }
    rows
}

fn write_xlsx(path: &Path, rows: Vec<Vec<String>>) {
    let table = Table { title: "机构".into(), headers: HEADERS.iter().map(|h| (*h).to_owned()).collect(), rows };
    renda_office::sheet::write_sheets(path, &[table]).expect("the sheet is written");
}

/// A `renda serve` child, killed on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(mut cmd: Command) -> Server {
        // The log (stderr) is not read, so it must not fill a pipe.
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("renda starts");
        let out = child.stdout.take().expect("piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        loop {
            match lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    if let Some(at) = line.find("http://") {
                        let url = line[at..].trim().trim_end_matches('/').to_owned();
                        return Server { child, url };
                    }
                    seen.push(line);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("renda serve printed no address: {}", seen.join("\n"));
                }
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("page has a CSRF field") + "name=\"_csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_owned()
}

#[test]
fn a_county_sets_itself_up_from_a_sheet_and_serves_under_its_own_name() {
    let db = TempDb::new();
    let out = db.init();
    assert!(out.status.success(), "{}", show(&out));

    // The template is a valid sheet of its own.
    let template = db.path("模板.xlsx");
    db.ok(&["import", "orgs", "--template", template.to_str().expect("utf-8")]);
    assert!(template.exists());
    // Writing it needs no database and makes none where it is run.
    let elsewhere = tempfile::tempdir().expect("dir");
    let out = renda(elsewhere.path()).args(["import", "orgs", "--template", "t.xlsx"]).output().expect("runs");
    assert!(out.status.success() && elsewhere.path().join("t.xlsx").exists(), "{}", show(&out));
    assert!(!elsewhere.path().join("data").exists(), "no ./data made for a template");

    let sheet = db.path("机构表.xlsx");
    write_xlsx(&sheet, county_rows());
    let said = db.ok(&["import", "orgs", sheet.to_str().expect("utf-8")]);
    assert!(said.contains("新增 60 个，更新 1 个"), "{said}");
    let (list, _) = db.state();
    assert_eq!(list.lines().count(), 61, "{list}");
    assert_eq!(list.lines().filter(|l| l.contains("人大·乡镇")).count(), 15);
    assert_eq!(list.lines().filter(|l| l.contains("承办单位")).count(), 40);
    assert_eq!(list.lines().filter(|l| l.contains("（联络站）")).count(), 5);
    assert!(list.contains("C-U01") && list.contains("某县人民法院"), "{list}");
    // A station's address went into its profile.
    let address = db.with_store(async |s| {
        let id = s.org_by_code(&OrgCode::parse("C-S1").expect("code")).await.expect("read").expect("station");
        s.station_info(id).await.expect("station read").profile.map(|p| p.address)
    });
    assert_eq!(address.as_deref(), Some("甲镇人民路1号"));

    // A roster, then the accounts: staff, a unit's clerk and a deputy (by name and delegation).
    let roster = db.path("名册.csv");
    std::fs::write(&roster, "代表团,姓名,性别\n甲镇代表团,欧阳明远,男\n乙乡代表团,司马青,女\n").expect("written");
    let said = db.ok(&["import", "roster", roster.to_str().expect("utf-8")]);
    assert!(said.contains("第十八届"), "the roster takes the congress's term: {said}");
    let users = db.path("账号.csv");
    std::fs::write(
        &users,
        "登录名,姓名,角色,机构代码,机构名称,代表团\n\
         county.staff,张明,工作人员,C,,\n\
         court.clerk,李华,承办单位,C-U01,,\n\
         ouyang,欧阳明远,代表,,,甲镇代表团\n",
    )
    .expect("written");
    let passwords = db.path("初始密码.csv");
    let said = db.ok(&["import", "users", users.to_str().expect("utf-8"), "--out", passwords.to_str().expect("utf-8")]);
    assert!(said.contains("已创建 3 个账号"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&passwords).expect("written").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the clerk reads the passwords");
    }
    let text = std::fs::read_to_string(&passwords).expect("readable");
    let clerk_line = text.lines().find(|l| l.contains("court.clerk")).expect("the clerk's line");
    let one_time = clerk_line.rsplit(',').next().expect("a password").trim().to_owned();
    let clerk = db.with_store(async |s| s.verify_login("court.clerk", &one_time, "127.0.0.1").await.expect("logs in"));
    assert!(matches!(clerk.role, Role::Unit { .. }));
    let deputy = db.with_store(async |s| s.user_by_login("ouyang").await.expect("read").expect("made"));
    let Role::Deputy { person } = deputy.role else { panic!("a deputy's account") };
    // The same sheet again makes nobody twice and writes no file.
    let again = db.path("再次.csv");
    let said = db.ok(&["import", "users", users.to_str().expect("utf-8"), "--out", again.to_str().expect("utf-8")]);
    assert!(said.contains("没有新的账号"), "{said}");
    assert!(!again.exists());

    let server = Server::start(db.command(&["serve", "--addr", "127.0.0.1:0"]));
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(async {
        let c = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let get = async |path: &str| {
            let r = c.get(format!("{}{path}", server.url)).send().await.expect("get");
            assert_eq!(r.status(), reqwest::StatusCode::OK, "{path}");
            r.text().await.expect("body")
        };
        for path in ["/", "/portal", "/portal/feeds/all.rss", "/portal/feeds/all.atom", "/login", "/stations"] {
            let body = get(path).await;
            assert!(body.contains(SITE), "{path} shows the county's name");
            assert!(!body.contains("示范"), "{path} says nothing of the demo:\n{body}");
        }
        // The admin logs in and prints a deputy's archive (the export that names the platform).
        let login = get("/login").await;
        let form = [
            ("_csrf", csrf_of(&login)),
            ("login", "admin".to_owned()),
            ("password", ADMIN_PW.to_owned()),
            ("next", "/".to_owned()),
        ];
        let r = c.post(format!("{}/login", server.url)).form(&form).send().await.expect("post");
        assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER, "the admin logs in");
        let print = get(&format!("/archive/{}/print", person.0)).await;
        assert!(print.contains(SITE) && print.contains("欧阳明远"), "{print}");
        assert!(!print.contains("示范"));
        let csv = get("/suggestions/export/csv").await;
        assert!(!csv.contains("示范"), "{csv}");
        let admin_orgs = get("/admin/orgs").await;
        assert!(admin_orgs.contains(&format!("value=\"{SITE}\"")), "the admin can edit the name");
    });
}

#[test]
fn a_malformed_sheet_names_every_bad_cell_and_changes_nothing() {
    let db = TempDb::new();
    assert!(db.init().status.success());
    let before = db.state();
    let mut rows = county_rows();
    rows[3][4] = "省".into(); // row 5: a township's level
    rows[20][6] = "委员会".into(); // row 22: a unit's kind
    rows[30][3] = "NOPE".into(); // row 32: an unknown parent
    rows[58][2] = String::new(); // row 60: a station without a name
    rows[40][0] = "C-U01".into(); // row 42: a code used twice
    let sheet = db.path("坏表.xlsx");
    write_xlsx(&sheet, rows);
    let out = db.run(&["import", "orgs", sheet.to_str().expect("utf-8")]);
    assert!(!out.status.success(), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "第5行“层级”：层级须为“市”“县区”或“乡镇”",
        "第22行“单位类别”",
        "第32行“上级代码”：“NOPE”在本表和数据库中都找不到",
        "第60行“名称”：不能为空",
        "第42行“机构代码”：“C-U01”与第18行重复",
        "未导入任何数据",
    ] {
        assert!(said.contains(expected), "{expected} missing:\n{said}");
    }
    assert_eq!(db.state(), before, "nothing changed");

    // A sheet without its code column is refused as a whole, by name.
    let csv = db.path("缺列.csv");
    std::fs::write(&csv, "类型,名称,上级代码\n人大,某镇人民代表大会,C\n").expect("written");
    let out = db.run(&["import", "orgs", csv.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("缺少必需的列“机构代码”"), "{}", show(&out));
    assert_eq!(db.state(), before);
}

#[test]
fn the_same_sheet_twice_changes_nothing_and_a_changed_one_updates_by_code() {
    let db = TempDb::new();
    assert!(db.init().status.success());
    let sheet = db.path("机构表.xlsx");
    write_xlsx(&sheet, county_rows());
    db.ok(&["import", "orgs", sheet.to_str().expect("utf-8")]);
    let first = db.state();
    let said = db.ok(&["import", "orgs", sheet.to_str().expect("utf-8")]);
    assert!(said.contains("未做任何修改"), "{said}");
    assert_eq!(db.state(), first, "neither the tree nor the audit log changed");

    // Renamed, moved, added, and one row dropped from the sheet.
    let mut rows = county_rows();
    rows[20][2] = "某县教育和体育局".into(); // C-U05, 某县第5局, is renamed
    rows[56][3] = "C-T02".into(); // C-S1 moves from 甲镇 to 乙乡
    rows.push(row(["C-U41", "承办单位", "某县数据局", "C", "", "", "政府部门", ""]));
    let dropped = rows.remove(50); // C-U35 is no longer in the sheet
    let changed = db.path("新机构表.xlsx");
    write_xlsx(&changed, rows);
    let said = db.ok(&["import", "orgs", changed.to_str().expect("utf-8")]);
    assert!(said.contains("新增 1 个，更新 2 个"), "{said}");
    let (list, _) = db.state();
    assert!(list.contains("某县教育和体育局") && !list.contains("某县第5局"), "{list}");
    assert!(list.contains("某县数据局"));
    assert!(list.contains(&dropped[2]), "a row left out of the sheet is not deleted");
    let (station_parent, town2) = db.with_store(async |s| {
        let code = |c: &str| OrgCode::parse(c).expect("code");
        let station = s.org_by_code(&code("C-S1")).await.expect("read").expect("station");
        let town2 = s.org_by_code(&code("C-T02")).await.expect("read").expect("town");
        (s.org(station).await.expect("read").parent, town2)
    });
    assert_eq!(station_parent, Some(town2));
}

#[test]
fn init_is_refused_on_a_database_with_a_congress_or_a_demo() {
    let db = TempDb::new();
    assert!(db.init().status.success());
    let before = db.state();
    let out = db.init();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("已初始化过"), "{}", show(&out));
    assert_eq!(db.state(), before);

    let demo = TempDb::new();
    demo.with_store(async |s| {
        s.mark_demo(&renda_store::Actor::system(), &renda_cli::demo::demo_site_name()).await.expect("marked")
    });
    let out = demo.init();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("示范数据库"), "{}", show(&out));
    assert_eq!(demo.with_store(async |s| s.count_orgs().await.expect("count")), 0);
}

#[test]
fn org_commands_add_rename_move_and_close_one_organisation_each() {
    let db = TempDb::new();
    assert!(db.init().status.success());
    let sheet = db.path("机构表.xlsx");
    write_xlsx(&sheet, county_rows());
    db.ok(&["import", "orgs", sheet.to_str().expect("utf-8")]);

    let said = db.ok(&[
        "org",
        "add",
        "子镇人民代表大会",
        "--type",
        "人大",
        "--level",
        "乡镇",
        "--parent",
        "C",
        "--code",
        "c-t16",
        "--term",
        "十八",
    ]);
    assert!(said.contains("已添加乡镇人大“子镇人民代表大会”"), "{said}");
    let list = db.ok(&["org", "list"]);
    let line = list.lines().find(|l| l.contains("子镇人民代表大会")).expect("listed");
    assert!(line.contains("C-T16") && line.contains("第十八届"), "{line}");
    let before = db.state();
    let out = db.run(&["org", "add", "某县数据局", "--type", "承办单位", "--parent", "C", "--code", "C-T16"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("机构代码“C-T16”已被其他机构使用"), "{}", show(&out));
    let out = db.run(&["org", "add", "某县数据局", "--type", "承办单位", "--parent", "C-S1"]);
    assert!(!out.status.success(), "a unit cannot hang off a station: {}", show(&out));
    assert_eq!(db.state(), before, "refusals change nothing");

    db.ok(&["org", "rename", "C-U05", "某县教育和体育局"]);
    db.ok(&["org", "move", "C-S1", "--parent", "C-T16"]);
    let out = db.run(&["org", "close", "C-T16"]);
    assert!(!out.status.success(), "a township with a station below is not closed");
    assert!(String::from_utf8_lossy(&out.stderr).contains("未撤销的机构"), "{}", show(&out));
    db.ok(&["org", "close", "C-U35"]);
    let list = db.ok(&["org", "list"]);
    assert!(list.contains("某县教育和体育局"));
    assert!(list.lines().any(|l| l.contains("某县第35局") && l.contains("已撤销")), "{list}");
    let parent = db.with_store(async |s| {
        let station = s.org_by_code(&OrgCode::parse("C-S1").expect("code")).await.expect("read").expect("station");
        s.org(station).await.expect("read").parent
    });
    let t16 = db.with_store(async |s| s.org_by_code(&OrgCode::parse("C-T16").expect("code")).await.expect("read"));
    assert_eq!(parent, t16);
    let out = db.run(&["org", "rename", "NOPE", "无名"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有机构代码、名称或编号为“NOPE”的机构"), "{}", show(&out));
}
