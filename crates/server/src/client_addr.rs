//! The client's address for rate limiting: the TCP peer, or, when the peer is one of the
//! trusted proxies (`--trusted-proxy`), the right-most untrusted address in `X-Forwarded-For`.
//!
//! Only the right-most entries can be believed: each trusted proxy appends the address it saw,
//! while everything to the left of the first untrusted hop was written by the client itself
//! and may be invented to dodge a limit.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;

use crate::error::AppError;
use crate::startup::AppState;

/// The proxies whose `X-Forwarded-For` entries are believed (addresses or CIDR ranges).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// The set of these networks.
    pub fn new(networks: Vec<IpNet>) -> Self {
        TrustedProxies(networks.into())
    }

    /// True when `ip` is one of the trusted proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// True when no proxy is trusted (the default).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Parses one `--trusted-proxy` value: an address (`10.0.0.7`, `::1`) or a range (`10.0.0.0/8`).
pub fn parse_trusted_proxy(value: &str) -> Result<IpNet, String> {
    let value = value.trim();
    if let Ok(ip) = IpAddr::from_str(value) {
        return Ok(IpNet::from(ip.to_canonical()));
    }
    IpNet::from_str(value).map(|net| net.trunc()).map_err(|_| {
        format!("\"{value}\" is not an IP address or CIDR range; write one like 10.0.0.7, 10.0.0.0/8 or fd00::/8")
    })
}

/// The client's address: the peer itself unless it is a trusted proxy; then the right-most
/// `X-Forwarded-For` entry that is not a trusted proxy. When every entry is trusted, the
/// left-most of them; an entry that is not an address ends the walk at the hop to its right.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    // Several X-Forwarded-For headers are one list, in order.
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        let Some(ip) = parse_entry(entry) else { break };
        if !trusted.contains(ip) {
            return ip;
        }
        client = ip;
    }
    client
}

/// An X-Forwarded-For entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    IpAddr::from_str(entry)
        .ok()
        .or_else(|| SocketAddr::from_str(entry).ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

impl FromRef<AppState> for TrustedProxies {
    fn from_ref(state: &AppState) -> Self {
        state.trusted_proxies.clone()
    }
}

/// The client's address for rate limits (see [`client_address`]); needs the server to run with
/// `into_make_service_with_connect_info::<SocketAddr>()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl<S> FromRequestParts<S> for ClientAddr
where
    S: Send + Sync,
    TrustedProxies: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Err(AppError::internal(
                "no peer address: serve with into_make_service_with_connect_info",
            ));
        };
        let trusted = TrustedProxies::from_ref(state);
        Ok(ClientAddr(client_address(
            peer.ip(),
            &parts.headers,
            &trusted,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn trusted(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(
            list.iter()
                .map(|s| parse_trusted_proxy(s).unwrap())
                .collect(),
        )
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", v.parse().unwrap());
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &TrustedProxies::default()),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn a_peer_that_is_not_trusted_cannot_choose_its_address() {
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            client_address(ip("198.51.100.1"), &headers, &trusted(&["10.0.0.0/8"])),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_entry_is_the_client() {
        // The client wrote "1.1.1.1" itself; the proxy appended the address it really saw.
        let headers = forwarded(&["1.1.1.1, 203.0.113.9"]);
        assert_eq!(
            client_address(ip("10.0.0.5"), &headers, &trusted(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn trusted_hops_are_skipped_across_several_headers() {
        let headers = forwarded(&["1.1.1.1, 203.0.113.9", "10.1.2.3"]);
        assert_eq!(
            client_address(ip("10.0.0.5"), &headers, &trusted(&["10.0.0.0/8"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_trusted_proxy_without_the_header_is_the_client() {
        assert_eq!(
            client_address(ip("10.0.0.5"), &HeaderMap::new(), &trusted(&["10.0.0.5"])),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn a_garbled_entry_stops_at_the_hop_that_reported_it() {
        let headers = forwarded(&["203.0.113.9, not-an-address, 10.9.9.9"]);
        assert_eq!(
            client_address(ip("10.0.0.5"), &headers, &trusted(&["10.0.0.0/8"])),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn ports_ipv6_and_mapped_addresses_are_understood() {
        let headers = forwarded(&["[2001:db8::7]:4711"]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &headers, &trusted(&["127.0.0.1"])),
            ip("2001:db8::7")
        );
        let headers = forwarded(&["203.0.113.9:1234"]);
        assert_eq!(
            client_address(ip("::1"), &headers, &trusted(&["::1"])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_bad_trusted_proxy_value_says_what_to_write() {
        let message = parse_trusted_proxy("10.0.0/8x").unwrap_err();
        assert!(message.contains("10.0.0.0/8"), "{message}");
        assert_eq!(
            parse_trusted_proxy("10.1.2.3/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
    }
}
