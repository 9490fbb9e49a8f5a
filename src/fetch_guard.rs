//! `--fetch-images` reaches public hosts only: a post must not make postbind connect to the
//! machine it runs on, its network, or a cloud metadata service (SSRF).
//!
//! The check is made on the addresses a host name resolves to, the ones the connection then
//! uses (so every spelling of an address, `0x7f000001`, `2130706433`, `127.1`,
//! `[::ffff:127.0.0.1]`, and every DNS answer that points inward are caught), and again on every
//! redirect hop, because each hop is a new request through the same resolver.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `ip` is a public unicast address, the only kind a download may connect to.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let denied = a == 0 // "this network", 0.0.0.0
        || a == 10 // RFC 1918
        || a == 127 // loopback
        || (a == 100 && (64..128).contains(&b)) // CGNAT, RFC 6598
        || (a == 169 && b == 254) // link-local, cloud metadata (169.254.169.254)
        || (a == 172 && (16..32).contains(&b)) // RFC 1918
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // TEST-NET-1
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // RFC 1918
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // TEST-NET-2
        || (a == 203 && b == 0 && c == 113) // TEST-NET-3
        || a >= 224; // multicast, reserved, broadcast
    !denied
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // Forms that carry an IPv4 address are judged by that address.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4); // ::ffff:a.b.c.d
    }
    let [s0, s1, s2, s3, s4, s5, s6, s7] = s;
    let embedded = Ipv4Addr::new(
        (s6 >> 8) as u8,
        (s6 & 0xff) as u8,
        (s7 >> 8) as u8,
        (s7 & 0xff) as u8,
    );
    if s0 == 0x64 && s1 == 0xff9b && s2 == 0 && s3 == 0 && s4 == 0 && s5 == 0 {
        return is_public_v4(embedded); // NAT64 64:ff9b::/96
    }
    if s0 == 0x2002 {
        // 6to4: the IPv4 address is in the second and third segments.
        let v4 = Ipv4Addr::new(
            (s1 >> 8) as u8,
            (s1 & 0xff) as u8,
            (s2 >> 8) as u8,
            (s2 & 0xff) as u8,
        );
        return is_public_v4(v4);
    }
    let denied = ip.is_unspecified()
        || ip.is_loopback()
        || (s0 == 0 && s1 == 0 && s2 == 0 && s3 == 0 && s4 == 0 && s5 == 0) // ::a.b.c.d (deprecated)
        || (s0 & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s0 & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s0 & 0xffc0) == 0xfec0 // site-local (deprecated) fec0::/10
        || (s0 & 0xff00) == 0xff00 // multicast
        || (s0 == 0x2001 && s1 == 0) // Teredo: tunnels to anywhere
        || (s0 == 0x2001 && s1 == 0xdb8) // documentation
        || (s0 == 0x100 && s1 == 0 && s2 == 0 && s3 == 0) // discard 100::/64
        || (s0 == 0x64 && s1 == 0xff9b && s2 == 1); // local-use NAT64 64:ff9b:1::/48
    !denied
}

/// A host name resolved to an address a download may not connect to.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{host} resolves to {addr}, a loopback, private or otherwise non-public address")]
pub struct Inward {
    pub host: String,
    pub addr: IpAddr,
}

#[cfg(feature = "fetch")]
pub use resolver::GuardedResolver;

#[cfg(feature = "fetch")]
mod resolver {
    use ureq::config::Config;
    use ureq::http::Uri;
    use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
    use ureq::unversioned::transport::NextTimeout;

    use super::{is_public, Inward};

    /// The system resolver, then the check: a host with any non-public address is refused as a
    /// whole (a DNS answer mixing a public and an inward address is an attack, not a mirror).
    #[derive(Debug, Default)]
    pub struct GuardedResolver {
        /// `--allow-private-fetch`: connect anywhere.
        pub allow_private: bool,
    }

    impl Resolver for GuardedResolver {
        fn resolve(
            &self,
            uri: &Uri,
            config: &Config,
            timeout: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            let addrs = DefaultResolver::default().resolve(uri, config, timeout)?;
            if !self.allow_private {
                if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
                    return Err(ureq::Error::Other(Box::new(Inward {
                        host: uri.host().unwrap_or_default().to_string(),
                        addr: bad.ip(),
                    })));
                }
            }
            Ok(addrs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every request, each redirect hop included, resolves through this: it is what refuses.
    #[test]
    #[cfg(feature = "fetch")]
    fn the_resolver_refuses_inward_hosts() {
        use ureq::unversioned::resolver::Resolver;
        let resolve = |allow_private: bool, url: &str| {
            let uri: ureq::http::Uri = url.parse().map_err(|_| "bad uri".to_string())?;
            GuardedResolver { allow_private }
                .resolve(
                    &uri,
                    &ureq::config::Config::default(),
                    ureq::unversioned::transport::NextTimeout::default(),
                )
                .map(|a| a.len())
                .map_err(|e| e.to_string())
        };
        for url in [
            "http://127.0.0.1:1/",
            "http://[::1]:1/",
            "http://localhost:1/",
        ] {
            let e = resolve(false, url).err().unwrap_or_default();
            assert!(e.contains("non-public"), "{url}: {e}");
            assert!(resolve(true, url).is_ok_and(|n| n > 0), "{url}");
        }
    }

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }

    #[test]
    fn inward_addresses_are_refused() {
        for bad in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
        ] {
            assert!(!public(bad), "{bad} passed");
        }
        for good in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(public(good), "{good} refused");
        }
    }
}
