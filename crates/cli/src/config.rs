//! `renda.toml`: the configuration file (`--config PATH` or `RENDA_CONFIG`).
//!
//! A file holds what the flags and `RENDA_*` variables hold, each under the variable's name
//! without `RENDA_` and in lower case (`RENDA_DATABASE_URL` → `database_url`). Precedence: a
//! flag, then the variable, then the file, then the built-in default. The file's values become
//! the command line's defaults ([`command`]), so clap applies that order itself and every
//! command sees the file. A key no setting has is an error naming it, so a typo never passes
//! silently; the settings are read from the command-line definition, so the two cannot drift.
//! `renda config default` prints a commented file ([`default_file`]).

use anyhow::{Context, Result, anyhow, bail};
use clap::CommandFactory;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The variable naming the configuration file.
pub const CONFIG_ENV: &str = "RENDA_CONFIG";

/// The command line with the configuration file's values as defaults, when `args` (or
/// `RENDA_CONFIG`) name a file.
pub fn command(args: &[OsString]) -> Result<clap::Command> {
    let cmd = crate::Cli::command();
    let Some(path) = config_path(args) else { return Ok(cmd) };
    let values = read(&path, &settings(&cmd))?;
    Ok(with_defaults(cmd, &values))
}

/// The file named by `--config PATH`/`--config=PATH` in `args`, else by `RENDA_CONFIG`.
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--config" {
            return it.next().map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--config=") {
            return Some(PathBuf::from(p));
        }
        if a == "--" {
            break;
        }
    }
    std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Every setting a file may hold: the `RENDA_*` variable of each argument, anywhere in the tree.
fn settings(cmd: &clap::Command) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect(cmd, &mut out);
    out.remove(CONFIG_ENV);
    out
}

fn collect(cmd: &clap::Command, out: &mut BTreeSet<String>) {
    for a in cmd.get_arguments() {
        if let Some(env) = a.get_env().and_then(|e| e.to_str()) {
            out.insert(env.to_owned());
        }
    }
    for sc in cmd.get_subcommands() {
        collect(sc, out);
    }
}

/// The file's key for a variable: `RENDA_ADDR` → `addr`.
fn key_of(env: &str) -> String {
    env.trim_start_matches("RENDA_").to_lowercase()
}

/// Reads and checks a file: every key a setting, every value text, a number or true/false.
/// Returns the values by variable name.
fn read(path: &Path, known: &BTreeSet<String>) -> Result<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("无法读取配置文件 {}", path.display()))?;
    parse(&text, known).map_err(|e| anyhow!("配置文件 {} 有误：{e}", path.display()))
}

fn parse(text: &str, known: &BTreeSet<String>) -> Result<BTreeMap<String, String>> {
    let table: toml::Table =
        text.parse().map_err(|e: toml::de::Error| anyhow!("不是有效的 TOML（{}）", e.message()))?;
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let env = format!("RENDA_{}", key.to_uppercase());
        if key != key.to_lowercase() || !known.contains(&env) {
            let names: Vec<String> = known.iter().map(|e| key_of(e)).collect();
            bail!("未知的设置项“{key}”。可用的设置项：{}", names.join("、"));
        }
        let value = match value {
            toml::Value::String(s) => s,
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            _ => bail!("设置项“{key}”的值应为文字（加引号）、整数或 true/false"),
        };
        out.insert(env, value);
    }
    Ok(out)
}

/// `cmd` with `values` (by variable name) as the defaults of the arguments they belong to.
fn with_defaults(cmd: clap::Command, values: &BTreeMap<String, String>) -> clap::Command {
    let cmd = cmd.mut_args(|a| {
        let value = a.get_env().and_then(|e| e.to_str()).and_then(|e| values.get(e)).cloned();
        match value {
            Some(v) => a.default_value(v),
            None => a,
        }
    });
    cmd.mut_subcommands(|sc| with_defaults(sc, values))
}

/// What one setting means and its default, for [`default_file`].
struct Documented {
    env: &'static str,
    /// Chinese, one line.
    meaning: &'static str,
    /// The default as TOML, or `None` when it is off by default (the line is commented out).
    default: Option<&'static str>,
    /// An example value for a setting off by default.
    example: &'static str,
}

const DOCUMENTED: &[Documented] = &[
    Documented {
        env: "RENDA_DATABASE_URL",
        meaning: "数据库地址：sqlite://文件路径（默认，无需安装）或 postgres://用户:密码@主机/库名",
        default: Some("\"sqlite://./data/renda.db\""),
        example: "",
    },
    Documented {
        env: "RENDA_DEMO_DATABASE_URL",
        meaning: "renda demo 使用的示范数据库",
        default: Some("\"sqlite://./data/demo.db\""),
        example: "",
    },
    Documented {
        env: "RENDA_ADDR",
        meaning: "监听地址（端口 0 表示自动选择）",
        default: Some("\"127.0.0.1:8080\""),
        example: "",
    },
    Documented {
        env: "RENDA_SECURE_COOKIES",
        meaning: "通过 HTTPS 访问时设为 true，Cookie 将带 Secure 标记",
        default: Some("false"),
        example: "",
    },
    Documented {
        env: "RENDA_TRUST_PROXY",
        meaning: "仅在自己的反向代理之后设为 true：从代理的 X-Forwarded-For、X-Forwarded-Proto 读取客户端地址和协议（只信任 proxy_addrs 中的代理）",
        default: Some("false"),
        example: "",
    },
    Documented {
        env: "RENDA_PROXY_ADDRS",
        meaning: "信任其 X-Forwarded-* 头的反向代理地址，逗号分隔（默认只信任本机 127.0.0.1、::1）",
        default: None,
        example: "\"10.0.0.2, 10.0.0.3\"",
    },
    Documented {
        env: "RENDA_SITE_NAME",
        meaning: "平台名称：不设则用 renda init 设置的名称（管理员可在“机构管理”页修改）；设置后以此为准",
        default: None,
        example: "\"某县人大代表工作平台\"",
    },
    Documented {
        env: "RENDA_SMTP_URL",
        meaning: "消息同时以邮件发送：smtps://用户:密码@邮件服务器（TLS）、smtp://…:587?tls=required（STARTTLS）或 smtp://…:25（不加密）；默认关闭",
        default: None,
        example: "\"smtp://renda:密码@mail.example.gov.cn:25\"",
    },
    Documented {
        env: "RENDA_SMTP_FROM",
        meaning: "邮件的发件人",
        default: Some("\"人大代表工作平台 <renda@localhost>\""),
        example: "",
    },
    Documented {
        env: "RENDA_WEBHOOK_URL",
        meaning: "消息同时推送到短信网关（JSON POST：phone、text、kind、login、suggestion_id；默认关闭）",
        default: None,
        example: "\"http://10.0.0.5:8000/sms\"",
    },
    Documented {
        env: "RENDA_OFFICE_PHONE",
        meaning: "人大办公室电话：未开放自助注册时显示在登录页",
        default: None,
        example: "\"0571-88886666\"",
    },
    Documented {
        env: "RENDA_INDEX_DIR",
        meaning: "全文检索索引目录（由数据库派生，可随时用 renda reindex 重建；演示默认 ./data/demo-index）",
        default: Some("\"./data/index\""),
        example: "",
    },
    Documented {
        env: "RENDA_TLS_CERT",
        meaning: "由 renda 直接提供 HTTPS：证书链文件（PEM）；收到 SIGHUP 时与私钥一起重新读取",
        default: None,
        example: "\"/etc/renda/tls/renda.crt\"",
    },
    Documented {
        env: "RENDA_TLS_KEY",
        meaning: "证书的私钥文件（PEM）",
        default: None,
        example: "\"/etc/renda/tls/renda.key\"",
    },
    Documented {
        env: "RENDA_REDIRECT_HTTP",
        meaning: "启用 HTTPS 时，另在此地址监听 HTTP 并转到 HTTPS",
        default: None,
        example: "\"0.0.0.0:80\"",
    },
    Documented {
        env: "RENDA_TLS_EXTRA_CA",
        meaning: "内网 CA 的证书（PEM），在公共根证书之外信任它：用于加密的邮件服务器（smtps://）和 https:// 短信网关",
        default: None,
        example: "\"/etc/renda/tls/intranet-ca.pem\"",
    },
    Documented {
        env: "RENDA_BACKUP_DIR",
        meaning: "每天北京时间 2:00 后把 SQLite 数据库备份到此目录（renda-年-月-日.db）；PostgreSQL 请用 pg_dump",
        default: None,
        example: "\"/var/lib/renda/backups\"",
    },
    Documented { env: "RENDA_BACKUP_KEEP", meaning: "保留最近几天的备份", default: Some("14"), example: "" },
    Documented {
        env: "RENDA_NOW",
        meaning: "平台时钟从此北京时间起运行（仅用于演示指定日期；不设即系统时钟，按北京时间计）",
        default: None,
        example: "\"2026-03-10T09:00\"",
    },
    Documented {
        env: "RENDA_LOG",
        meaning: "日志级别（tracing 过滤语法）",
        default: Some("\"info,sqlx=warn\""),
        example: "",
    },
    Documented {
        env: "RENDA_LOG_FORMAT", meaning: "日志格式：text 或 json", default: Some("\"text\""), example: ""
    },
];

/// A commented `renda.toml` with every setting: its meaning, its variable and its default
/// (settings off by default are commented out with an example).
pub fn default_file() -> String {
    let mut out = String::from(
        "# renda 配置文件（renda.toml）：用 --config 路径 或环境变量 RENDA_CONFIG 指定。\n\
         # 优先顺序：命令行参数 > RENDA_* 环境变量 > 本文件 > 默认值。未知的设置项会报错。\n",
    );
    for d in DOCUMENTED {
        out.push_str(&format!("\n# {}（环境变量 {}）\n", d.meaning, d.env));
        match d.default {
            Some(v) => out.push_str(&format!("{} = {v}\n", key_of(d.env))),
            None => out.push_str(&format!("# {} = {}\n", key_of(d.env), d.example)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> BTreeSet<String> {
        settings(&crate::Cli::command())
    }

    #[test]
    fn the_default_file_documents_every_setting_the_command_line_has_and_no_other() {
        let documented: BTreeSet<String> = DOCUMENTED.iter().map(|d| d.env.to_owned()).collect();
        assert_eq!(documented, known(), "DOCUMENTED and the command line's RENDA_* variables differ");
        // It parses as a configuration file itself, and uncommenting an example still does.
        let file = default_file();
        assert!(parse(&file, &known()).is_ok(), "{file}");
        let uncommented = file.replace("# smtp_url = ", "smtp_url = ");
        assert_eq!(
            parse(&uncommented, &known()).expect("valid")["RENDA_SMTP_URL"],
            "smtp://renda:密码@mail.example.gov.cn:25"
        );
    }

    #[test]
    fn an_unknown_key_is_named_and_a_bad_value_or_syntax_is_explained_in_chinese() {
        let e = parse("adress = \"0.0.0.0:80\"\n", &known()).expect_err("a typo").to_string();
        assert!(e.contains("未知的设置项“adress”") && e.contains("addr"), "{e}");
        let e = parse("ADDR = \"0.0.0.0:80\"\n", &known()).expect_err("upper case").to_string();
        assert!(e.contains("“ADDR”"), "{e}");
        let e = parse("addr = [1, 2]\n", &known()).expect_err("an array").to_string();
        assert!(e.contains("addr") && e.contains("true/false"), "{e}");
        let e = parse("addr = \n", &known()).expect_err("no value").to_string();
        assert!(e.contains("TOML"), "{e}");
        let v = parse("addr = \"0.0.0.0:80\"\nsecure_cookies = true\n", &known()).expect("valid");
        assert_eq!((v["RENDA_ADDR"].as_str(), v["RENDA_SECURE_COOKIES"].as_str()), ("0.0.0.0:80", "true"));
    }

    #[test]
    fn the_packaged_configuration_file_is_valid() {
        let file = include_str!("../../../deploy/renda.toml");
        let v = parse(file, &known()).expect("deploy/renda.toml is a valid configuration");
        assert_eq!(v["RENDA_DATABASE_URL"], "sqlite:///var/lib/renda/renda.db");
        assert_eq!(v["RENDA_BACKUP_KEEP"], "14");
    }

    #[test]
    fn a_config_path_comes_from_the_flag_in_either_form() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            config_path(&args(&["renda", "serve", "--config", "/etc/renda/renda.toml"])),
            Some("/etc/renda/renda.toml".into())
        );
        assert_eq!(config_path(&args(&["renda", "--config=x.toml", "migrate"])), Some("x.toml".into()));
    }
}
