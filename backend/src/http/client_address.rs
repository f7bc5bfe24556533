//! The client's address, for throttles and the audit log.
//!
//! `X-Forwarded-For` and `Forwarded` are written by whoever sends the request, so they are
//! believed only as far as proxies we run have written them: each proxy appends the address
//! it received the request from, so with `KURA_TRUSTED_PROXIES = n` the client is the n-th
//! address from the right. Anything to its left came from the client and is ignored. With
//! no trusted proxies (the default) the address is the TCP peer's.

use std::net::{IpAddr, SocketAddr};

use actix_web::{HttpRequest, http::header};

/// The client's IP address as text, `trusted_proxies` hops behind the TCP peer. Falls back
/// to the peer when the forwarded chain is shorter than that or its entry is not an address.
pub fn client_address(req: &HttpRequest, trusted_proxies: usize) -> Option<String> {
    let peer = req.peer_addr().map(|addr| addr.ip().to_string());
    if trusted_proxies == 0 {
        return peer;
    }
    let chain = forwarded_chain(req);
    chain
        .len()
        .checked_sub(trusted_proxies)
        .and_then(|index| parse_ip(&chain[index]))
        .map(|ip| ip.to_string())
        .or(peer)
}

/// Every hop in `X-Forwarded-For` (all its header lines, in order), or when there is none,
/// every `for=` in `Forwarded`.
fn forwarded_chain(req: &HttpRequest) -> Vec<String> {
    let values = |name: &str| -> Vec<String> {
        req.headers()
            .get_all(name)
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|hop| hop.trim().to_owned())
            .collect()
    };
    let forwarded_for = values("x-forwarded-for");
    if !forwarded_for.is_empty() {
        return forwarded_for;
    }
    values(header::FORWARDED.as_str())
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| value.trim().trim_matches('"').to_owned())
            })
        })
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:4711` as an address.
fn parse_ip(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|addr| addr.ip()))
        .or_else(|_| {
            hop.trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
        })
        .ok()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    const PEER: &str = "198.51.100.7:40000";

    fn request(headers: &[(&str, &str)]) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(PEER.parse().unwrap());
        for (name, value) in headers {
            req = req.append_header((*name, *value));
        }
        req.to_http_request()
    }

    #[test]
    fn without_trusted_proxies_forwarded_headers_are_ignored() {
        let req = request(&[
            ("X-Forwarded-For", "203.0.113.9"),
            ("Forwarded", "for=203.0.113.10"),
        ]);
        assert_eq!(client_address(&req, 0).as_deref(), Some("198.51.100.7"));
    }

    #[test]
    fn one_trusted_proxy_means_the_right_most_forwarded_address() {
        let req = request(&[("X-Forwarded-For", "6.6.6.6, 203.0.113.9")]);
        assert_eq!(client_address(&req, 1).as_deref(), Some("203.0.113.9"));
        assert_eq!(client_address(&req, 2).as_deref(), Some("6.6.6.6"));
    }

    #[test]
    fn several_header_lines_form_one_chain() {
        let req = request(&[
            ("X-Forwarded-For", "6.6.6.6"),
            ("X-Forwarded-For", "203.0.113.9, 10.0.0.2"),
        ]);
        assert_eq!(client_address(&req, 2).as_deref(), Some("203.0.113.9"));
    }

    #[test]
    fn a_chain_shorter_than_the_proxies_or_garbage_falls_back_to_the_peer() {
        let short = request(&[("X-Forwarded-For", "203.0.113.9")]);
        assert_eq!(client_address(&short, 2).as_deref(), Some("198.51.100.7"));
        let garbage = request(&[("X-Forwarded-For", "not-an-address")]);
        assert_eq!(client_address(&garbage, 1).as_deref(), Some("198.51.100.7"));
        let none = request(&[]);
        assert_eq!(client_address(&none, 1).as_deref(), Some("198.51.100.7"));
    }

    #[test]
    fn ports_brackets_and_the_forwarded_header_are_understood() {
        let req = request(&[("X-Forwarded-For", "203.0.113.9:1234")]);
        assert_eq!(client_address(&req, 1).as_deref(), Some("203.0.113.9"));
        let req = request(&[(
            "Forwarded",
            r#"for=6.6.6.6;proto=https, for="[2001:db8::1]:4711";by=10.0.0.1"#,
        )]);
        assert_eq!(client_address(&req, 1).as_deref(), Some("2001:db8::1"));
        let req = request(&[("X-Forwarded-For", "2001:db8::2")]);
        assert_eq!(client_address(&req, 1).as_deref(), Some("2001:db8::2"));
    }
}
