//! Reading deputy rosters from CSV and .xlsx: the national roster, bad cells, blank rows,
//! numeric Excel cells and whole-file errors.

use renda_core::person::StartReason;
use renda_core::value::Gender;
use renda_office::roster::{
    Roster, RosterError, RosterRow, read_roster, read_roster_csv, read_roster_xlsx, write_roster_xlsx,
};
use std::collections::HashSet;
use std::path::Path;

const NPC14: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/rosters/npc14_deputies.csv");

const HEADER: &str = "代表团,姓名,政党,性别,民族,出生日期,职务,备注";

fn csv(text: &str) -> Roster {
    read_roster_csv(text.as_bytes()).expect("the CSV is readable as a whole")
}

fn find<'a>(roster: &'a Roster, name: &str) -> &'a RosterRow {
    roster.rows.iter().find(|r| r.name.as_str() == name).unwrap_or_else(|| panic!("{name} is missing"))
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

#[test]
fn the_national_roster_reads_every_deputy_and_repairs_the_one_row_whose_cells_slipped() {
    let path = Path::new(NPC14);
    if !path.exists() {
        println!("skipping: ../shared/data is absent");
        return;
    }
    let roster = read_roster(path).expect("the national roster is readable");
    // One row in the file slipped one column left: 金不换's 职务 sits under 出生日期 and 连任
    // under 职务. That exact shape is moved back and reported as a warning to check.
    assert!(roster.errors.is_empty(), "{:?}", roster.errors);
    let warned: Vec<(usize, &str)> = roster.warnings.iter().map(|w| (w.row, w.field.as_str())).collect();
    // Besides the slipped row, three pairs of namesakes share a delegation (河南省 王天宇 and
    // 王永红, 西藏自治区 拉琼): all six are read, the second of each pair with a warning.
    assert_eq!(warned, [(1330, "姓名"), (1331, "姓名"), (1431, "出生日期"), (2387, "姓名")]);
    assert!(roster.warnings[2].message.contains("错位"));
    assert!(roster.warnings[0].message.contains("姓名、代表团相同"));
    let jin = roster.rows.iter().find(|r| r.row == 1431).expect("row 1431 is read");
    assert_eq!(jin.name.as_str(), "金不换");
    assert_eq!(jin.occupation.as_ref().map(|o| o.as_str()), Some("鹤壁市豫剧团团长"));
    assert_eq!(jin.note.as_ref().map(|n| n.as_str()), Some("连任"));
    assert_eq!(jin.birth, None);
    assert_eq!(roster.rows.len(), 2953);
    assert_eq!(roster.skipped_blank, 0);
    let delegations: HashSet<&str> = roster.rows.iter().map(|r| r.delegation.as_str()).collect();
    assert_eq!(delegations.len(), 35);

    let ma = roster
        .rows
        .iter()
        .find(|r| r.delegation.as_str() == "北京市" && r.name.as_str() == "马一德")
        .expect("北京市 马一德 is in the roster");
    assert_eq!(ma.row, 2, "the first deputy sits under the header");
    assert_eq!(ma.party.as_ref().map(|p| p.as_str()), Some("致公党"));
    assert_eq!(ma.gender, Some(Gender::Male));
    assert_eq!(ma.ethnicity.as_ref().map(|e| e.as_str()), Some("汉族"));
    assert_eq!(ma.birth.map(|b| b.to_iso()).as_deref(), Some("1967-03"));
    assert_eq!(ma.note.as_ref().map(|n| n.as_str()), Some("连任"));
    assert_eq!(ma.start_reason, StartReason::Elected);

    assert!(roster.rows.iter().any(|r| r.name.as_str() == "嘉木样·洛桑久美·图丹却吉尼玛"));
    assert!(roster.rows.iter().any(|r| r.start_reason == StartReason::ByElection));
    assert!(roster.rows.iter().any(|r| r.start_reason == StartReason::TransferredIn));
    // The file writes both 無 and 无, and both 連任 and 连任; each is read in its simplified form.
    assert!(roster.rows.iter().all(|r| r.party.as_ref().is_none_or(|p| !p.as_str().contains('無'))));
    assert!(roster.rows.iter().any(|r| r.party.as_ref().is_some_and(|p| p.as_str() == "无")));
    assert!(roster.rows.iter().all(|r| r.note.as_ref().is_none_or(|n| !n.as_str().contains("連任"))));
}

#[test]
fn a_bad_cell_is_reported_with_its_spreadsheet_row_and_header_and_its_row_is_left_out() {
    let roster = csv(&format!(
        "{HEADER}\n\
         北京市,张三,中共,男,汉族,1967年3月,教师,\n\
         北京市,李四,,女,回族,1988年,,\n\
         北京市,王五,,未知,汉族,1970-01-31,,\n\
         北京市,赵六,,男,火星族,1975年13月,,\n"
    ));
    assert_eq!(roster.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["张三", "李四"]);
    assert_eq!(roster.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);

    // Data row 3 (王五) is spreadsheet row 4.
    let bad = &roster.errors[0];
    assert_eq!((bad.row, bad.field.as_str()), (4, "性别"));
    assert!(bad.message.contains("未知") && bad.message.contains("男"), "{}", bad.message);

    // One error per bad cell: 赵六 has two.
    let fields: Vec<(usize, &str)> = roster.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(fields, [(4, "性别"), (5, "民族"), (5, "出生日期")]);
    assert_eq!(roster.errors[0].to_string(), format!("第4行“性别”：{}", roster.errors[0].message));
}

#[test]
fn empty_optional_cells_are_none_and_an_empty_required_cell_is_an_error() {
    let roster = csv(&format!("{HEADER}\n北京市,张三,,,,,,\n,李四,,,,,,\n北京市,,中共,,,,,\n"));
    let zhang = find(&roster, "张三");
    assert_eq!(
        (&zhang.party, zhang.gender, &zhang.ethnicity, zhang.birth, &zhang.occupation, &zhang.note, &zhang.phone),
        (&None, None, &None, None, &None, &None, &None)
    );
    let errors: Vec<(usize, &str, &str)> =
        roster.errors.iter().map(|e| (e.row, e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(errors, [(3, "代表团", "代表团不能为空"), (4, "姓名", "姓名不能为空")]);
}

#[test]
fn a_roster_without_a_name_column_is_refused_with_the_column_named() {
    let err = read_roster_csv("代表团,性别\n北京市,男\n".as_bytes()).expect_err("no 姓名 column");
    assert!(matches!(err, RosterError::MissingColumn { column: "姓名" }));
    assert!(err.to_string().contains("缺少必需的列“姓名”"), "{err}");

    let err = read_roster_csv("姓名,性别\n张三,男\n".as_bytes()).expect_err("no 代表团 column");
    assert!(err.to_string().starts_with("缺少必需的列“代表团”（也可写作“代表团（选区）”“选区”“选举单位”）"), "{err}");
}

#[test]
fn blank_rows_are_skipped_and_counted_and_a_byte_order_mark_is_accepted() {
    // Row 3 is an empty line, row 4 holds only commas, row 6 only a 序号 (an unread column).
    let text = "\u{feff}序号,代表团,姓名\r\n1,北京市,张三\r\n\r\n,,\r\n2,北京市,李四\r\n3,,\r\n4,北京市,王五\r\n";
    // Windows, Unix and old Mac line endings number the rows alike.
    for text in [text.to_owned(), text.replace("\r\n", "\n"), text.replace("\r\n", "\r")] {
        let roster = csv(&text);
        assert_eq!(roster.errors, vec![]);
        assert_eq!(roster.skipped_blank, 3, "{text:?}");
        let rows: Vec<(&str, usize)> = roster.rows.iter().map(|r| (r.name.as_str(), r.row)).collect();
        assert_eq!(rows, [("张三", 2), ("李四", 5), ("王五", 7)], "blank rows still count: {text:?}");
    }
}

#[test]
fn a_quoted_cell_spanning_lines_is_one_row_and_its_line_break_reads_as_a_space() {
    let text = "代表团,姓名,性别,职务\n北京市,张三,男,\"某大学\n教授\"\n北京市,李四,未知,\n";
    let roster = csv(text);
    assert_eq!(find(&roster, "张三").occupation.as_ref().map(|o| o.as_str()), Some("某大学 教授"));
    assert_eq!(roster.errors.first().map(|e| e.row), Some(3), "李四 is row 3 although on line 4");
}

#[test]
fn synonym_and_spaced_headers_are_recognised_below_a_title_row_and_unknown_columns_ignored() {
    let text = "第十六届示范市人民代表大会代表名单,,,,\n\
                序号,代表团(选区),姓　名,出生年月,手机,身份证号\n\
                1,第一选区,张三,1967.03,138 0013 8000,不读\n";
    let roster = csv(text);
    assert_eq!(roster.errors, vec![]);
    let zhang = find(&roster, "张三");
    assert_eq!(zhang.row, 3);
    assert_eq!(zhang.delegation.as_str(), "第一选区");
    assert_eq!(zhang.birth.map(|b| b.to_iso()).as_deref(), Some("1967-03"));
    assert_eq!(zhang.phone.as_ref().map(|p| p.as_str()), Some("13800138000"));
}

#[test]
fn the_note_decides_how_the_deputyship_began_and_traditional_characters_are_simplified() {
    let roster = csv(&format!(
        "{HEADER}\n\
         北京市,甲,無,男,汉族,,,補選\n\
         北京市,乙,,男,汉族,,,补选\n\
         北京市,丙,,男,汉族,,,自吉林省代表团调入\n\
         北京市,丁,,男,汉族,,,連任；自湖北省代表团调入\n\
         北京市,戊,,男,汉族,,,連任\n\
         北京市,己,,男,汉族,,,调入后自行辞职\n"
    ));
    let reason = |name| find(&roster, name).start_reason;
    assert_eq!(reason("甲"), StartReason::ByElection);
    assert_eq!(reason("乙"), StartReason::ByElection);
    assert_eq!(reason("丙"), StartReason::TransferredIn);
    assert_eq!(reason("丁"), StartReason::TransferredIn);
    assert_eq!(reason("戊"), StartReason::Elected);
    assert_eq!(reason("己"), StartReason::Elected, "调入 must come after 自");
    assert_eq!(find(&roster, "甲").party.as_ref().map(|p| p.as_str()), Some("无"));
    assert_eq!(find(&roster, "丁").note.as_ref().map(|n| n.as_str()), Some("连任；自湖北省代表团调入"));
}

#[test]
fn a_csv_that_is_not_utf8_is_refused_with_advice_to_save_it_as_utf8() {
    // 代表团,姓名 then 北京市,张三 in GBK.
    let mut gbk = "代表团,姓名\n".as_bytes().to_vec();
    gbk.extend_from_slice(b"\xb1\xb1\xbe\xa9\xca\xd0,\xd5\xc5\xc8\xfd\n");
    let err = read_roster_csv(gbk.as_slice()).expect_err("GBK is not UTF-8");
    assert!(matches!(err, RosterError::NotUtf8 { line: 2 }), "{err:?}");
    assert!(err.to_string().contains("请另存为 UTF-8 编码的 CSV"), "{err}");
}

#[test]
fn an_empty_file_or_one_without_data_is_told_apart() {
    for text in ["", "\u{feff}", "\n\n", ",,,\n"] {
        let err = read_roster_csv(text.as_bytes()).expect_err("nothing to read");
        assert!(matches!(err, RosterError::Empty), "{text:?} gave {err:?}");
        assert!(err.to_string().contains("名册是空的"));
    }
    let roster = csv("代表团,姓名\n");
    assert_eq!((roster.rows.len(), roster.errors.len()), (0, 0), "a header alone is an empty roster, not an error");
}

#[test]
fn an_xlsx_written_by_write_roster_xlsx_reads_back_with_its_bad_row_numbered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("名册.XLSX");
    let header = ["代表团", "姓名", "性别", "民族", "出生日期", "备注", "联系电话"];
    let rows = [
        strings(&["北京市", "张三", "男", "汉族", "1967年3月", "連任", "010-12345678"]),
        strings(&["", "", "", "", "", "", ""]),
        strings(&["北京市", "李四", "未知", "回族", "1988年", "", ""]),
        strings(&["北京市", "嘉木样·洛桑久美·图丹却吉尼玛", "男", "藏族", "1970-01-31", "补选", ""]),
    ];
    write_roster_xlsx(&path, &header, &rows).expect("the fixture is written");

    let roster = read_roster(&path).expect("an upper-case .XLSX is read as .xlsx");
    assert_eq!(roster.skipped_blank, 1);
    let zhang = find(&roster, "张三");
    assert_eq!(zhang.row, 2);
    assert_eq!(zhang.birth.map(|b| b.to_chinese()).as_deref(), Some("1967年3月"));
    assert_eq!(zhang.note.as_ref().map(|n| n.as_str()), Some("连任"));
    assert_eq!(zhang.phone.as_ref().map(|p| p.as_str()), Some("010-12345678"));
    let lama = find(&roster, "嘉木样·洛桑久美·图丹却吉尼玛");
    assert_eq!((lama.row, lama.start_reason), (5, StartReason::ByElection));
    assert_eq!(lama.birth.map(|b| b.to_iso()).as_deref(), Some("1970-01-31"));

    assert!(roster.rows.iter().all(|r| r.name.as_str() != "李四"));
    let errors: Vec<(usize, &str)> = roster.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(errors, [(4, "性别")]);
}

#[test]
fn numeric_and_date_cells_in_an_xlsx_are_read_as_the_values_people_typed() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("numbers.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut write = || -> Result<(), rust_xlsxwriter::XlsxError> {
        for (col, h) in ["代表团", "姓名", "出生日期", "联系电话"].into_iter().enumerate() {
            sheet.write_string(0, col as u16, h)?;
        }
        sheet.write_string(1, 0, "北京市")?.write_string(1, 1, "张三")?;
        sheet.write_number(1, 2, 1967.0)?.write_number(1, 3, 13800138000.0)?;
        sheet.write_string(2, 0, "北京市")?.write_string(2, 1, "李四")?;
        sheet.write_datetime_with_format(2, 2, &ExcelDateTime::from_ymd(1970, 1, 31)?, &date)?;
        sheet.write_string(3, 0, "北京市")?.write_string(3, 1, "王五")?;
        sheet.write_number(3, 2, 1975.03)?;
        sheet.write_string(4, 0, "北京市")?.write_string(4, 1, "赵六")?;
        sheet.write_number(4, 2, 1980.1)?;
        Ok(())
    };
    write().expect("cells are written");
    book.save(&path).expect("the workbook is saved");

    let roster = read_roster_xlsx(&path).expect("the workbook is readable");
    let zhang = find(&roster, "张三");
    assert_eq!(zhang.birth.map(|b| b.to_iso()).as_deref(), Some("1967"), "a whole number is a year");
    assert_eq!(zhang.phone.as_ref().map(|p| p.as_str()), Some("13800138000"));
    let li = find(&roster, "李四");
    assert_eq!(li.birth.map(|b| b.to_iso()).as_deref(), Some("1970-01-31"), "an Excel date is a full date");
    assert_eq!(find(&roster, "王五").birth.map(|b| b.to_iso()).as_deref(), Some("1975-03"));

    // 1980.1 may have been typed as 1980.1 (January) or 1980.10 (October): ask, don't guess.
    assert_eq!(roster.errors.len(), 1, "{:?}", roster.errors);
    let err = &roster.errors[0];
    assert_eq!((err.row, err.field.as_str()), (5, "出生日期"));
    assert!(err.message.contains("1月还是10月"), "{}", err.message);
}

#[test]
fn an_unsupported_extension_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("名册.txt");
    std::fs::write(&path, format!("{HEADER}\n")).expect("the file is written");
    let err = read_roster(&path).expect_err(".txt is not a roster format");
    assert!(matches!(&err, RosterError::UnsupportedExtension { extension } if extension == ".txt"));
    assert!(err.to_string().contains("名册须为 .csv 或 .xlsx 文件"), "{err}");
}

#[test]
fn a_missing_or_corrupt_file_is_reported_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = read_roster(&dir.path().join("无此文件.csv")).expect_err("absent");
    assert!(missing.to_string().contains("文件不存在"), "{missing}");

    let fake = dir.path().join("假的.xlsx");
    std::fs::write(&fake, "代表团,姓名\n").expect("the file is written");
    let corrupt = read_roster(&fake).expect_err("a CSV renamed to .xlsx");
    assert!(matches!(corrupt, RosterError::BadXlsx { .. }), "{corrupt:?}");
    assert!(corrupt.to_string().contains("无法打开 Excel 文件"), "{corrupt}");
}

#[test]
fn only_the_exact_slipped_shape_is_repaired() {
    let csv = "代表团,姓名,政党,性别,民族,出生日期,职务,备注\n\
               河南省,金不换,无,男,汉族,鹤壁市豫剧团团长,连任,\n\
               河南省,张三,无,男,汉族,鹤壁市豫剧团团长,团长,\n\
               河南省,李四,无,男,汉族,某某,连任,连任\n";
    let roster = read_roster_csv(csv.as_bytes()).expect("readable");
    assert_eq!(roster.warnings.iter().map(|w| w.row).collect::<Vec<_>>(), [2]);
    assert_eq!(roster.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2]);
    assert_eq!(
        roster.errors.iter().map(|e| (e.row, e.field.as_str())).collect::<Vec<_>>(),
        [(3, "出生日期"), (4, "出生日期")]
    );
}
