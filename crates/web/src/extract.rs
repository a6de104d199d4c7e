//! The extractors every handler uses instead of axum's own: [`Path`], [`Query`], [`Form`],
//! [`Json`], and the parsers of hand-read bodies ([`form_pairs`], [`read_multipart`]).
//!
//! Two things hold for every request that reaches a handler through them:
//!
//! - **Bad input is answered in Chinese, in the app's own format.** axum's rejections are plain
//!   English text ("Failed to deserialize query string", "Failed to buffer the request body");
//!   here each becomes an [`AppError`] with a stable code — `not_found` for a path that names no
//!   record (`/suggestions/abc`), `invalid_input` for a query or form that does not parse,
//!   `payload_too_large` for a body over its limit — as the error page, or as the API's JSON
//!   error under `/api/`.
//! - **Every typed value passes [`renda_core::text::clean`]** before the handler sees it: control
//!   and direction-override characters are refused with a message naming the field, the rest is
//!   put in NFC and trimmed. A handler cannot forget it, because it never sees the raw text.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use renda_core::ErrorCode;
use renda_core::text::{clean, field_label};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A path parameter. One that does not parse (`/suggestions/abc`) names no record: 404.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(e) => {
                let err = match e {
                    PathRejection::FailedToDeserializePathParams(_) => {
                        AppError::new(ErrorCode::NotFound, "网址有误：未找到该页面或记录。")
                    }
                    other => {
                        tracing::error!(error = %other.body_text(), "path parameters missing from a route");
                        AppError::of(ErrorCode::Internal)
                    }
                };
                Err(err)
            }
        }
    }
}

/// A query string. One that does not parse (`?page=abc`, `?page=-1`) is a 422 naming the field.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        let pairs = parse_pairs(raw.as_bytes())?;
        decode(&pairs, "查询参数").map(Query)
    }
}

/// A urlencoded form body (for forms whose fields repeat, see [`form_pairs`]).
#[derive(Debug)]
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let urlencoded = content_type(&parts).starts_with("application/x-www-form-urlencoded");
        if !urlencoded {
            return Err(AppError::new(ErrorCode::InvalidInput, "提交的格式不正确，请从页面上的表单提交。"));
        }
        let bytes = read_body(Request::from_parts(parts, body), state).await?;
        let pairs = parse_pairs(&bytes)?;
        decode(&pairs, "表单").map(Form)
    }
}

/// A JSON body in, or a JSON answer out. Every string in the body passes the text check, named
/// by its key.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let is_json = {
            let ct = content_type(&parts);
            ct.starts_with("application/json") || (ct.starts_with("application/") && ct.contains("+json"))
        };
        if !is_json {
            return Err(AppError::new(ErrorCode::InvalidInput, "请求须为 JSON（Content-Type: application/json）"));
        }
        let bytes = read_body(Request::from_parts(parts, body), state).await?;
        from_json(&bytes).map(Json)
    }
}

/// `T` from a JSON text, every string in it checked and normalised.
fn from_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::new(ErrorCode::InvalidInput, format!("请求内容不是有效的 JSON（第{}行第{}列）", e.line(), e.column()))
    })?;
    clean_json(&mut value, "body")?;
    serde_json::from_value(value).map_err(|e| {
        let text = e.to_string();
        let message = match missing_field(&text) {
            Some(f) => format!("缺少字段“{f}”"),
            None => format!("请求字段有误：{}", english_detail(&text)),
        };
        AppError::new(ErrorCode::InvalidInput, message)
    })
}

/// An API call that may bring files: a JSON body as [`Json`] reads it (no files), or a
/// `multipart/form-data` body whose `body` part is that same JSON and whose file parts (named
/// `files`) are the files — the API's one way of sending files.
#[derive(Debug)]
pub struct JsonWithFiles<T>(pub T, pub Vec<Upload>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonWithFiles<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let ct = content_type(&parts).to_owned();
        if !ct.starts_with("multipart/form-data") {
            let Json(v) = Json::from_request(Request::from_parts(parts, body), state).await?;
            return Ok(JsonWithFiles(v, Vec::new()));
        }
        let bytes = read_body(Request::from_parts(parts, body), state).await?;
        let (pairs, files) = read_multipart(&ct, bytes).await?;
        let Some((_, json)) = pairs.iter().find(|(k, _)| k == "body") else {
            return Err(AppError {
                code: ErrorCode::InvalidInput,
                message: "缺少字段“body”：文件之外的内容以 JSON 放在名为 body 的部分".into(),
                field: Some("body".into()),
            });
        };
        Ok(JsonWithFiles(from_json(json.as_bytes())?, files))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn content_type(parts: &Parts) -> &str {
    parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The whole body. Its limit was set by the session layer from the kind of request (see
/// `auth`); going over it is a 413 in Chinese.
async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::of(ErrorCode::PayloadTooLarge)
        }
        _ => AppError::new(ErrorCode::InvalidInput, "提交的内容未能完整送达，请重新提交。"),
    })
}

fn parse_pairs(raw: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw)
        .map_err(|_| AppError::new(ErrorCode::InvalidInput, "提交的内容无法读取，请重新提交。"))
}

/// The fields of a urlencoded body in their order, each value checked and normalised. For
/// forms whose fields repeat (several units, several deputies).
pub fn form_pairs(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let mut pairs = parse_pairs(body)?;
    clean_pairs(&mut pairs)?;
    Ok(pairs)
}

fn clean_pairs(pairs: &mut [(String, String)]) -> Result<(), AppError> {
    for (k, v) in pairs.iter_mut() {
        *v = clean(k, v)?;
    }
    Ok(())
}

/// Deserializes checked pairs into `T`. What serde says in English becomes Chinese.
fn decode<T: DeserializeOwned>(pairs: &[(String, String)], what: &str) -> Result<T, AppError> {
    let mut cleaned = pairs.to_vec();
    clean_pairs(&mut cleaned)?;
    let encoded = serde_urlencoded::to_string(&cleaned)
        .map_err(|_| AppError::new(ErrorCode::InvalidInput, format!("{what}内容无法读取")))?;
    serde_urlencoded::from_str::<T>(&encoded).map_err(|e| {
        let text = e.to_string();
        match missing_field(&text) {
            Some(f) => AppError {
                code: ErrorCode::InvalidInput,
                message: format!("请填写“{}”。", label_or_name(&f)),
                field: Some(f),
            },
            None => {
                AppError::new(ErrorCode::InvalidInput, format!("{what}中有一项格式不正确：{}", english_detail(&text)))
            }
        }
    })
}

fn label_or_name(field: &str) -> String {
    match field_label(field) {
        "所填内容" => field.to_owned(),
        label => label.to_owned(),
    }
}

/// The field named by serde's "missing field `x`".
fn missing_field(text: &str) -> Option<String> {
    let rest = text.split("missing field `").nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

/// serde's English reasons, said in Chinese (the ones a person can cause by typing).
fn english_detail(text: &str) -> &'static str {
    if text.contains("invalid digit") || text.contains("invalid float") || text.contains("invalid type") {
        "应填写数字"
    } else if text.contains("number too large") || text.contains("too large") {
        "数字过大"
    } else if text.contains("unknown variant") {
        "不是可选的值"
    } else if text.contains("cannot parse integer from empty string") || text.contains("empty string") {
        "不能为空"
    } else {
        "请检查后重新提交"
    }
}

/// Checks and normalises every string in a JSON value; `key` names it in messages.
fn clean_json(v: &mut serde_json::Value, key: &str) -> Result<(), AppError> {
    match v {
        serde_json::Value::String(s) => *s = clean(key, s)?,
        serde_json::Value::Array(items) => {
            for item in items {
                clean_json(item, key)?;
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                clean_json(item, k)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A file of a multipart form, as sent.
pub use renda_store::files::Upload;

/// The text fields and the files of a multipart form (empty file inputs are skipped). Text
/// fields pass the same check as every form's.
pub async fn read_multipart(content_type: &str, body: Bytes) -> Result<(Vec<(String, String)>, Vec<Upload>), AppError> {
    let (pairs, files) = read_multipart_named(content_type, body).await?;
    Ok((pairs, files.into_iter().map(|(_, u)| u).collect()))
}

/// A page form's fields and files: a multipart body (a form with file inputs) or a plain
/// urlencoded one (no files), as its `Content-Type` says.
pub async fn read_form(
    headers: &axum::http::HeaderMap,
    body: Bytes,
) -> Result<(Vec<(String, String)>, Vec<Upload>), AppError> {
    let (pairs, files) = read_form_named(headers, body).await?;
    Ok((pairs, files.into_iter().map(|(_, u)| u).collect()))
}

/// [`read_form`], each file with the name of the field it came in.
pub async fn read_form_named(
    headers: &axum::http::HeaderMap,
    body: Bytes,
) -> Result<(Vec<(String, String)>, Vec<(String, Upload)>), AppError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        read_multipart_named(content_type, body).await
    } else {
        Ok((form_pairs(&body)?, Vec::new()))
    }
}

/// [`read_multipart`], each file with the name of the field it came in (a form whose files are
/// of several kinds: a case's 呈报表 and 考察材料).
pub async fn read_multipart_named(
    content_type: &str,
    body: Bytes,
) -> Result<(Vec<(String, String)>, Vec<(String, Upload)>), AppError> {
    let unreadable = || AppError::new(ErrorCode::InvalidInput, "提交的内容无法读取");
    let boundary = multer::parse_boundary(content_type).map_err(|_| unreadable())?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut mp = multer::Multipart::new(stream, boundary);
    let (mut pairs, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or("").to_owned();
        match field.file_name().map(str::to_owned) {
            Some(filename) => {
                let bytes = field.bytes().await.map_err(|_| unreadable())?;
                if !filename.is_empty() && !bytes.is_empty() {
                    let filename = clean("filename", &filename)?;
                    files.push((name, Upload { filename, bytes: bytes.to_vec() }));
                }
            }
            None => {
                let text = field.text().await.map_err(|_| unreadable())?;
                pairs.push((name.clone(), clean(&name, &text)?));
            }
        }
    }
    Ok((pairs, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Sample {
        title: String,
        page: Option<u32>,
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn a_missing_field_is_named_in_chinese() {
        let e = decode::<Sample>(&pairs(&[("page", "1")]), "表单").expect_err("missing");
        assert_eq!(e.field.as_deref(), Some("title"));
        assert!(e.message.contains("标题"), "{}", e.message);
    }

    #[test]
    fn a_number_that_is_not_one_is_said_in_chinese() {
        let e = decode::<Sample>(&pairs(&[("title", "x"), ("page", "-1")]), "查询参数").expect_err("bad");
        assert!(e.message.contains("数字"), "{}", e.message);
        assert!(!e.message.is_ascii());
    }

    #[test]
    fn values_are_cleaned_before_the_handler_sees_them() {
        let ok: Sample = decode(&pairs(&[("title", "  关于修路的建议 ")]), "表单").expect("decodes");
        assert_eq!((ok.title.as_str(), ok.page), ("关于修路的建议", None));
        let e = decode::<Sample>(&pairs(&[("title", "修路\u{202e}")]), "表单").expect_err("bidi");
        assert_eq!(e.field.as_deref(), Some("title"));
    }

    #[test]
    fn json_strings_are_cleaned_by_key() {
        let mut v = serde_json::json!({"title": "a\u{0}", "list": ["ok"]});
        let e = clean_json(&mut v, "body").expect_err("NUL");
        assert_eq!(e.field.as_deref(), Some("title"));
    }
}
