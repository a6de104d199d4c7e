//! A refused form comes back as it was typed, with the reason beside the field.
//!
//! When a handler refuses a form post — invalid input, a rule of the lifecycle, a conflict — its
//! [`AppError`](crate::error::AppError) marks the response with a [`Refusal`] (the message and
//! the field at fault), and the session layer adds what was posted ([`Posted`]). This service,
//! the outermost of the application, then shows the page the form was sent from again instead of
//! a bare error page: it asks the application for that page (the `Referer`, same origin only) as
//! the same user, finds the form that was sent (its action and hidden fields match the post),
//! and writes the posted values back into it with `lol_html`: text inputs get their values,
//! options and check boxes their choices, text areas their text (never passwords or files, which
//! browsers do not let a page fill). The message goes right after the field at fault (or at the
//! top of the form), that field gets `autofocus` — the browser scrolls to it and puts the
//! cursor there — and the `<details>` around the form open. The answer keeps the refusal's 4xx
//! status. So no page needs code of its own for it, and a form added tomorrow is covered.

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request};
use axum::http::header::{CONTENT_TYPE, HOST, REFERER};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use tower::Service;

/// Why a form was refused: put in a page error's response by `AppError`.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub field: Option<String>,
    pub message: String,
}

/// What the refused form carried (text fields in order; whether it had file inputs filled).
#[derive(Clone, Debug)]
pub struct Posted {
    pub pairs: Vec<(String, String)>,
}

/// Marks a refused answer that already is the form's page, rendered again by its handler with
/// what was typed (a form that is not on any other page): the reason is placed in it as above,
/// without asking for the page again.
#[derive(Clone, Copy, Debug)]
pub struct InPlace;

/// Pages larger than this are shown as refused without the form refilled.
const PAGE_LIMIT: usize = 4 * 1024 * 1024;

/// The service around the whole application (see the module documentation).
#[derive(Clone)]
pub struct Echo<S> {
    inner: S,
}

impl<S> Echo<S> {
    pub fn new(inner: S) -> Self {
        Echo { inner }
    }
}

impl<S> Service<Request> for Echo<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        // The clone that was made ready is the one to call; keep a fresh one for the page.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let mut again = self.inner.clone();
        let back = (req.method() == Method::POST && !req.uri().path().starts_with("/api/"))
            .then(|| page_of(req.headers()))
            .flatten();
        let post_path = req.uri().path().to_owned();
        let headers = req.headers().clone();
        let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().cloned();
        Box::pin(async move {
            let resp = inner.call(req).await?;
            if resp.extensions().get::<InPlace>().is_some()
                && let Some(refusal) = resp.extensions().get::<Refusal>().cloned()
            {
                // Without what was posted the handler's page keeps its own values; the reason
                // then goes on top of it.
                let posted = resp.extensions().get::<Posted>().cloned();
                let (mut parts, body) = resp.into_parts();
                let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else {
                    return Ok(Response::from_parts(parts, Body::empty()));
                };
                let html = std::str::from_utf8(&bytes).ok().and_then(|html| {
                    posted
                        .and_then(|p| refill(html, &post_path, &p.pairs, &refusal))
                        .or_else(|| announce(html, &refusal))
                });
                parts.headers.remove(axum::http::header::CONTENT_LENGTH);
                return Ok(Response::from_parts(parts, Body::from(html.map_or(bytes.to_vec(), String::into_bytes))));
            }
            let (Some(back), Some(refusal), Some(posted)) =
                (back, resp.extensions().get::<Refusal>().cloned(), resp.extensions().get::<Posted>().cloned())
            else {
                return Ok(resp);
            };
            let get = page_request(&headers, peer, &back);
            let page = match again.call(get).await {
                Ok(p) if p.status().is_success() && is_html(p.headers()) => p,
                _ => return Ok(resp),
            };
            let status = resp.status();
            let (mut parts, body) = page.into_parts();
            let Ok(bytes) = to_bytes(body, PAGE_LIMIT).await else { return Ok(resp) };
            let Ok(html) = std::str::from_utf8(&bytes) else { return Ok(resp) };
            match refill(html, &post_path, &posted.pairs, &refusal).or_else(|| announce(html, &refusal)) {
                Some(html) => {
                    parts.status = status;
                    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
                    Ok(Response::from_parts(parts, Body::from(html)))
                }
                None => Ok(resp),
            }
        })
    }
}

fn is_html(h: &HeaderMap) -> bool {
    h.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
}

/// The path and query of the page a form was sent from: the `Referer`, when it is this site's
/// (same host), without a notice of an earlier action.
fn page_of(headers: &HeaderMap) -> Option<String> {
    let referer: Uri = headers.get(REFERER)?.to_str().ok()?.parse().ok()?;
    let host = headers.get(HOST)?.to_str().ok()?;
    if referer.authority().map(|a| a.as_str()) != Some(host) {
        return None;
    }
    let path = referer.path();
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let query: Vec<&str> =
        referer.query().unwrap_or("").split('&').filter(|p| !p.is_empty() && !p.starts_with("notice=")).collect();
    Some(if query.is_empty() { path.to_owned() } else { format!("{path}?{}", query.join("&")) })
}

/// A GET of `path` as the same browser (its cookies, address and agent).
fn page_request(headers: &HeaderMap, peer: Option<ConnectInfo<SocketAddr>>, path: &str) -> Request {
    let mut req = Request::new(Body::empty());
    if let Some(p) = peer {
        req.extensions_mut().insert(p);
    }
    *req.uri_mut() = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    for (name, value) in headers {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            req.headers_mut().append(name.clone(), value.clone());
        }
    }
    req
}

/// One form of the page as the first pass saw it.
#[derive(Default, Debug)]
struct FormSeen {
    /// Sent by POST (a search or filter form sent by GET to the same path is never the one).
    post: bool,
    action: Option<String>,
    /// Where its buttons send it instead (`formaction`: a preview beside the form's save).
    formactions: Vec<String>,
    hidden: Vec<(String, String)>,
    names: HashSet<String>,
    /// The names of its check boxes and radio buttons (a message beside one would split the
    /// box from its label: it goes on top of the form, the box takes the focus).
    boxes: HashSet<String>,
    /// The `<details>` (by order in the page) around it.
    details: Vec<usize>,
}

/// The page with the form that was sent refilled, or `None` when no form of the page matches.
pub fn refill(html: &str, post_path: &str, posted: &[(String, String)], refusal: &Refusal) -> Option<String> {
    let forms = survey(html)?;
    let target = forms.iter().position(|f| {
        f.post
            && (f.action.as_deref().is_none_or(|a| a == post_path) || f.formactions.iter().any(|a| a == post_path))
            && f.hidden
                .iter()
                .filter(|(n, _)| !n.starts_with('_'))
                .all(|(n, v)| posted.iter().any(|(pn, pv)| pn == n && pv == v))
    })?;
    let form = &forms[target];
    let field = refusal.field.as_deref().filter(|f| form.names.contains(*f)).map(str::to_owned);
    let on_top = field.as_ref().is_none_or(|f| form.boxes.contains(f));
    let message = escape(&refusal.message);
    let open: HashSet<usize> = form.details.iter().copied().collect();

    #[derive(Default)]
    struct Walk {
        form: usize,
        inside: bool,
        details: usize,
        select: Option<String>,
        /// How many values of each name were written back (repeated names take them in order).
        used: HashMap<String, usize>,
        placed: bool,
    }
    let walk = Rc::new(RefCell::new(Walk::default()));
    let values =
        |name: &str| -> Vec<&str> { posted.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect() };
    let note = format!(r#"<span class="field-error" role="alert">{message}</span>"#);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("form", |el| {
                let w2 = Rc::clone(&walk);
                let mut w = walk.borrow_mut();
                let this = w.form;
                w.form += 1;
                if this == target {
                    w.inside = true;
                    el.set_attribute("data-refused", "1")?;
                    if on_top {
                        // The message takes the focus unless a box of the form is at fault.
                        let focus = if field.is_none() { " autofocus" } else { "" };
                        el.prepend(
                            &format!(
                                r#"<p class="alert error field-error" role="alert" tabindex="-1"{focus}>{message}</p>"#
                            ),
                            ContentType::Html,
                        );
                        w.placed = field.is_none();
                    }
                    if let Some(h) = el.end_tag_handlers() {
                        let end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                            w2.borrow_mut().inside = false;
                            Ok(())
                        });
                        h.push(end);
                    }
                }
                Ok(())
            }),
            element!("details", |el| {
                let mut w = walk.borrow_mut();
                if open.contains(&w.details) {
                    el.set_attribute("open", "")?;
                }
                w.details += 1;
                Ok(())
            }),
            element!("[autofocus]", |el| {
                // Only the refused field may take the focus.
                if !walk.borrow().inside || el.tag_name() != "p" {
                    el.remove_attribute("autofocus");
                }
                Ok(())
            }),
            element!("input, textarea, select", |el| {
                let mut w = walk.borrow_mut();
                if !w.inside {
                    return Ok(());
                }
                let Some(name) = el.get_attribute("name") else { return Ok(()) };
                let tag = el.tag_name();
                if tag == "select" {
                    w.select = Some(name.clone());
                    let w2 = Rc::clone(&walk);
                    if let Some(h) = el.end_tag_handlers() {
                        let end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                            w2.borrow_mut().select = None;
                            Ok(())
                        });
                        h.push(end);
                    }
                } else if !name.starts_with('_') {
                    refill_field(el, &tag, &name, &values(&name), &mut w.used)?;
                }
                if field.as_deref() == Some(name.as_str()) && !w.placed {
                    w.placed = true;
                    el.set_attribute("autofocus", "")?;
                    el.set_attribute("aria-invalid", "true")?;
                    if !on_top {
                        el.after(&note, ContentType::Html);
                    }
                }
                Ok(())
            }),
            element!("option", |el| {
                let w = walk.borrow();
                let (true, Some(select)) = (w.inside, w.select.as_deref()) else { return Ok(()) };
                let Some(value) = el.get_attribute("value") else { return Ok(()) };
                let chosen = values(select);
                if chosen.is_empty() {
                    return Ok(());
                }
                if chosen.contains(&value.as_str()) {
                    el.set_attribute("selected", "")?;
                } else {
                    el.remove_attribute("selected");
                }
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).ok()
}

/// The page with the reason on top of its content, for a post no form of the page sends (an
/// action offered on an older copy of the page, say).
pub fn announce(html: &str, refusal: &Refusal) -> Option<String> {
    let message = escape(&refusal.message);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("main", |el| {
                el.prepend(
                    &format!(r#"<p class="alert error" role="alert" tabindex="-1" autofocus>{message}</p>"#),
                    ContentType::Html,
                );
                Ok(())
            }),
            element!("[autofocus]", |el| {
                el.remove_attribute("autofocus");
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).ok().filter(|out| out.len() > html.len())
}

/// Writes a posted value back into one input or text area.
fn refill_field(
    el: &mut Element<'_, '_>,
    tag: &str,
    name: &str,
    values: &[&str],
    used: &mut HashMap<String, usize>,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let kind = el.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
    match (tag, kind.as_str()) {
        ("textarea", _) => {
            let n = used.entry(name.to_owned()).or_default();
            if let Some(v) = values.get(*n) {
                el.set_inner_content(v, ContentType::Text);
            }
            *n += 1;
        }
        ("input", "checkbox" | "radio") => {
            let value = el.get_attribute("value").unwrap_or_else(|| "on".to_owned());
            if values.contains(&value.as_str()) {
                el.set_attribute("checked", "")?;
            } else {
                el.remove_attribute("checked");
            }
        }
        ("input", "file") => {
            el.after(
                r#"<span class="field-note">出于安全原因，浏览器不会保留已选择的文件，请重新选择附件。</span>"#,
                ContentType::Html,
            );
        }
        ("input", "password" | "hidden" | "submit" | "button" | "image" | "reset") => {}
        ("input", _) => {
            let n = used.entry(name.to_owned()).or_default();
            if let Some(v) = values.get(*n) {
                el.set_attribute("value", v)?;
            }
            *n += 1;
        }
        _ => {}
    }
    Ok(())
}

/// The first pass: every form with its action, hidden fields, field names and the details
/// around it.
fn survey(html: &str) -> Option<Vec<FormSeen>> {
    #[derive(Default)]
    struct Seen {
        forms: Vec<FormSeen>,
        current: Option<usize>,
        details: Vec<usize>,
        next_details: usize,
    }
    let seen = Rc::new(RefCell::new(Seen::default()));
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("details", |el| {
                let mut s = seen.borrow_mut();
                let n = s.next_details;
                s.next_details += 1;
                s.details.push(n);
                let s2 = Rc::clone(&seen);
                if let Some(h) = el.end_tag_handlers() {
                    let end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                        s2.borrow_mut().details.pop();
                        Ok(())
                    });
                    h.push(end);
                }
                Ok(())
            }),
            element!("form", |el| {
                let mut s = seen.borrow_mut();
                let details = s.details.clone();
                let post = el.get_attribute("method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
                s.forms.push(FormSeen { post, action: el.get_attribute("action"), details, ..FormSeen::default() });
                s.current = Some(s.forms.len() - 1);
                let s2 = Rc::clone(&seen);
                if let Some(h) = el.end_tag_handlers() {
                    let end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                        s2.borrow_mut().current = None;
                        Ok(())
                    });
                    h.push(end);
                }
                Ok(())
            }),
            element!("button[formaction], input[formaction]", |el| {
                let mut s = seen.borrow_mut();
                if let (Some(i), Some(to)) = (s.current, el.get_attribute("formaction")) {
                    s.forms[i].formactions.push(to);
                }
                Ok(())
            }),
            element!("input, textarea, select", |el| {
                let mut s = seen.borrow_mut();
                let Some(i) = s.current else { return Ok(()) };
                let Some(name) = el.get_attribute("name") else { return Ok(()) };
                if el.tag_name() == "input" && el.get_attribute("type").as_deref() == Some("hidden") {
                    let value = el.get_attribute("value").unwrap_or_default();
                    s.forms[i].hidden.push((name.clone(), value));
                }
                let kind = el.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
                if el.tag_name() == "input" && (kind == "checkbox" || kind == "radio") {
                    s.forms[i].boxes.insert(name.clone());
                }
                s.forms[i].names.insert(name);
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).ok()?;
    let forms = std::mem::take(&mut seen.borrow_mut().forms);
    Some(forms)
}

/// Text made safe for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PAGE: &str = r#"<main><details class="action"><summary>修改</summary>
<form method="post" action="/s/1/act"><input type="hidden" name="_csrf" value="t"><input type="hidden" name="command" value="edit">
<label>标题<input name="title" value="旧"></label></form></details>
<details class="action"><summary>评价</summary>
<form method="post" action="/s/1/act"><input type="hidden" name="_csrf" value="t"><input type="hidden" name="command" value="rate">
<label>办理态度<select name="attitude"><option value="satisfied" selected>满意</option><option value="unsatisfied">不满意</option></select></label>
<label>理由<textarea name="reason" rows="3"></textarea></label>
<label class="check"><input type="checkbox" name="confirm" value="1">我确认</label>
<label>附件<input type="file" name="files"></label>
<label>密码<input type="password" name="pw"></label>
</form></details><input name="q" autofocus></main>"#;

    #[test]
    fn a_filter_form_sent_by_get_to_the_same_path_is_not_the_form_refilled() {
        let page = r#"<form method="get" action="/t"><select name="kind"><option value="a">甲</option></select></form>
<form method="post" action="/t"><input type="hidden" name="kind" value="a"><textarea name="text">旧</textarea></form>"#;
        let refusal = Refusal { field: Some("text".into()), message: "不对".into() };
        let out = refill(page, "/t", &posted(&[("kind", "a"), ("text", "新写的")]), &refusal).expect("the POST form");
        assert!(out.contains("新写的</textarea>"), "{out}");
        assert!(out.contains(r#"</textarea><span class="field-error" role="alert">不对</span>"#), "{out}");
    }

    #[test]
    fn a_form_sent_by_its_preview_button_is_the_form_refilled() {
        let page = r#"<form method="post" action="/other"><textarea name="text"></textarea></form>
<form method="post" action="/t/save"><textarea name="text">旧</textarea><button>保存</button><button formaction="/t/preview">预览</button></form>"#;
        let refusal = Refusal { field: Some("text".into()), message: "不对".into() };
        let out = refill(page, "/t/preview", &posted(&[("text", "新写的")]), &refusal).expect("the form previewed");
        assert!(
            out.contains(r#"新写的</textarea><span class="field-error" role="alert">不对</span><button>"#),
            "{out}"
        );
        assert!(out.contains(r#"<textarea name="text"></textarea></form>"#), "not the other form: {out}");
    }

    fn posted(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_form_sent_comes_back_with_its_choices_and_the_reason_beside_the_field() {
        let p = posted(&[
            ("_csrf", "x"),
            ("command", "rate"),
            ("attitude", "unsatisfied"),
            ("reason", "<没写完>"),
            ("confirm", "1"),
            ("pw", "secret"),
        ]);
        let r = Refusal { field: Some("reason".into()), message: "不满意时请写明理由".into() };
        let out = refill(PAGE, "/s/1/act", &p, &r).expect("refilled");
        let rate = &out[out.find("value=\"rate\"").expect("rate form")..];
        assert!(rate.contains(r#"<option value="unsatisfied" selected="">"#), "{rate}");
        assert!(!rate.contains(r#"<option value="satisfied" selected>"#), "{rate}");
        assert!(rate.contains("&lt;没写完&gt;</textarea>"), "{rate}");
        assert!(rate.contains(r#"name="confirm" value="1" checked="">"#), "{rate}");
        assert!(rate.contains(r#"<textarea name="reason" rows="3" autofocus="" aria-invalid="true">"#), "{rate}");
        assert!(
            rate.contains(r#"</textarea><span class="field-error" role="alert">不满意时请写明理由</span>"#),
            "{rate}"
        );
        assert!(rate.contains("请重新选择附件"), "{rate}");
        assert!(!out.contains("secret"), "a password is never written into a page");
        // The rate form's details open, the edit form's stay closed, and only one autofocus.
        assert!(out.contains(r#"<details class="action" open=""><summary>评价"#), "{out}");
        assert!(out.contains(r#"<details class="action"><summary>修改"#), "{out}");
        assert_eq!(out.matches("autofocus").count(), 1, "{out}");
        // The other form keeps its own value.
        assert!(out.contains(r#"<input name="title" value="旧">"#), "{out}");
    }

    #[test]
    fn a_reason_without_a_field_goes_on_top_of_the_form() {
        let p = posted(&[("command", "edit"), ("title", "新标题")]);
        let r = Refusal { field: None, message: "当前状态不能修改".into() };
        let out = refill(PAGE, "/s/1/act", &p, &r).expect("refilled");
        let edit = &out[..out.find("value=\"rate\"").expect("rate form")];
        assert!(edit.contains(r#"<input name="title" value="新标题">"#), "{edit}");
        assert!(edit.contains("当前状态不能修改</p>"), "{edit}");
        assert!(edit.contains(r#"<details class="action" open="">"#), "{edit}");
    }

    #[test]
    fn a_post_no_form_of_the_page_sends_is_not_refilled_but_its_reason_is_on_top() {
        let p = posted(&[("command", "close")]);
        let r = Refusal { field: None, message: "当前状态<不能>办结".into() };
        assert!(refill(PAGE, "/s/1/act", &p, &r).is_none());
        assert!(refill(PAGE, "/other", &posted(&[("command", "rate")]), &r).is_none());
        let out = announce(PAGE, &r).expect("announced");
        assert!(
            out.starts_with(
                r#"<main><p class="alert error" role="alert" tabindex="-1" autofocus>当前状态&lt;不能&gt;办结</p>"#
            ),
            "{out}"
        );
        assert_eq!(out.matches("autofocus").count(), 1, "the page's own autofocus gives way: {out}");
        assert!(announce("<p>no main</p>", &r).is_none());
    }

    #[test]
    fn only_this_sites_referer_is_followed_and_an_old_notice_dropped() {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static("renda.test:8080"));
        h.insert(REFERER, HeaderValue::from_static("http://renda.test:8080/suggestions/3?notice=done&tab=x"));
        assert_eq!(page_of(&h).as_deref(), Some("/suggestions/3?tab=x"));
        h.insert(REFERER, HeaderValue::from_static("http://evil.example/suggestions/3"));
        assert_eq!(page_of(&h), None);
    }
}
