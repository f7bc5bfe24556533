//! The dashboard: static files built by trunk, with `index.html` for client-side routes,
//! and the Content-Security-Policy that lets exactly this build run.

use std::path::{Path, PathBuf};

use actix_web::{
    HttpRequest, HttpResponse,
    http::{Method, header},
    web,
};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::http::not_found;

/// The built dashboard and the policy its pages are served with.
#[derive(Debug, Clone)]
pub struct Spa {
    dir: PathBuf,
    index: Option<web::Bytes>,
    csp: String,
}

impl Spa {
    /// Reads `index.html` once at start. A missing build is not fatal: the API still serves
    /// and `/` explains how to build the dashboard.
    pub fn load(dir: &Path) -> Self {
        let index = std::fs::read(dir.join("index.html"))
            .ok()
            .map(web::Bytes::from);
        if index.is_none() {
            tracing::warn!(dir = %dir.display(), "dashboard not built: no index.html (see README)");
        }
        let hashes = index
            .as_deref()
            .map(|html| inline_script_hashes(&String::from_utf8_lossy(html)))
            .unwrap_or_default();
        Self {
            dir: dir.to_path_buf(),
            index,
            csp: content_security_policy(&hashes),
        }
    }

    /// The folder the static files come from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CSP for every response that does not set its own.
    pub fn csp(&self) -> &str {
        &self.csp
    }

    fn index_response(&self) -> HttpResponse {
        match &self.index {
            Some(html) => HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                // Always revalidate, so a new deploy's hashed assets are picked up at once.
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body(html.clone()),
            None => HttpResponse::ServiceUnavailable()
                .content_type("text/html; charset=utf-8")
                .body(NOT_BUILT),
        }
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Kura</title>\
<body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;line-height:1.6\">\
<h1>Kura is running</h1><p>The dashboard has not been built, so there is nothing to show here yet. \
The GraphQL API is available at <a href=\"/graphql\">/graphql</a>.</p>\
<p>Build and start everything with <code>infra/scripts/run</code> (see README.md), or point \
<code>KURA_WEB_DIR</code> at a built <code>frontend/dist</code>.</p></body></html>";

/// Fallback for paths no static file matched: client-side routes get `index.html`;
/// anything that looks like a file, or is not a GET, is a 404.
pub async fn fallback(req: HttpRequest, spa: web::Data<Spa>) -> HttpResponse {
    let is_read = req.method() == Method::GET || req.method() == Method::HEAD;
    let last_segment = req.path().rsplit('/').next().unwrap_or_default();
    let looks_like_file = last_segment.contains('.');
    let reserved = ["/graphql", "/webhooks", "/healthz", "/readyz", "/metrics"]
        .iter()
        .any(|p| req.path().starts_with(p));
    if is_read && !looks_like_file && !reserved {
        spa.index_response()
    } else {
        not_found(&req)
    }
}

/// SHA-256 sources for the inline `<script>` blocks trunk writes into `index.html`, so the
/// CSP can allow exactly those and no other inline code.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        let body = &body_start[..close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_start[close..];
    }
    hashes
}

fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = vec!["'self'", "'wasm-unsafe-eval'"];
    script_src.extend(script_hashes.iter().map(String::as_str));
    format!(
        "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        script_src.join(" ")
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html =
            r#"<head><script src="/a.js"></script><script type="module">init()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(content_security_policy(&hashes).contains(&hashes[0]));
    }
}
