//! Where sign-in sends people: back to the page they were going to, but only ever to a page
//! of this dashboard. `?next=` is attacker-controlled (anyone can send a link to
//! `/login?next=https://evil.example`), so it is reduced to a local path or dropped.

/// The sign-in page.
pub const LOGIN_PATH: &str = "/login";
/// The sign-up page.
pub const SIGNUP_PATH: &str = "/signup";
/// Where sign-in goes when there is nowhere (safe) to return to.
pub const HOME_PATH: &str = "/";

/// Longest `next` kept; anything longer is not a page of ours.
const MAX_NEXT_LEN: usize = 2_048;

/// The page to open after signing in: `next` when it is a path on this site, else `/`.
///
/// Accepted: one leading `/` followed by anything but a second `/` or `\` (which browsers
/// read as a scheme-relative URL to another host), with no control characters or
/// backslashes anywhere. The auth pages themselves are refused so sign-in never loops.
pub fn safe_next(next: Option<&str>) -> String {
    // No trimming: browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would
    // become "//evil.example". Anything with control characters is refused instead.
    let Some(next) = next else {
        return HOME_PATH.to_owned();
    };
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= MAX_NEXT_LEN
        && !next.chars().any(|c| c == '\\' || c.is_control());
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let auth_page = [LOGIN_PATH, SIGNUP_PATH]
        .iter()
        .any(|page| path == *page || path.strip_prefix(page) == Some("/"));
    if local && !auth_page {
        next.to_owned()
    } else {
        HOME_PATH.to_owned()
    }
}

/// `page` (an auth page) carrying `next`, or plain `page` when `next` is home or unsafe.
pub fn auth_href(page: &str, next: &str) -> String {
    let next = safe_next(Some(next));
    if next == HOME_PATH {
        page.to_owned()
    } else {
        format!("{page}?next={}", percent_encode(&next))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, as
/// `encodeURIComponent` would (minus its few extra exemptions), without needing a browser.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_kept_with_their_query() {
        assert_eq!(safe_next(Some("/stock")), "/stock");
        assert_eq!(
            safe_next(Some("/sales?from=2026-01-01#top")),
            "/sales?from=2026-01-01#top"
        );
        assert_eq!(safe_next(Some("/商品")), "/商品");
    }

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for hostile in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "javascript:alert(1)",
            "evil.example",
            "/\tstock",
            "/\t/evil.example",
            "/stock\n",
            " /stock",
            "",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3_000)))), "/");
    }

    #[test]
    fn the_auth_pages_are_never_a_destination() {
        for page in ["/login", "/signup", "/login?next=/stock", "/signup/"] {
            assert_eq!(safe_next(Some(page)), "/", "{page}");
        }
        assert_eq!(safe_next(Some("/login-help")), "/login-help");
    }

    #[test]
    fn auth_links_carry_an_encoded_destination_only_when_there_is_one() {
        assert_eq!(auth_href(LOGIN_PATH, "/"), "/login");
        assert_eq!(auth_href(LOGIN_PATH, "//evil.example"), "/login");
        assert_eq!(
            auth_href(LOGIN_PATH, "/sales?day=1&x=a b"),
            "/login?next=%2Fsales%3Fday%3D1%26x%3Da%20b"
        );
        assert_eq!(
            auth_href(SIGNUP_PATH, "/在庫"),
            "/signup?next=%2F%E5%9C%A8%E5%BA%AB"
        );
    }
}
