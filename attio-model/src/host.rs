//! DNS host names: the rule of a `domain` value and of the domain part of an
//! [`email`](crate::email) address.
//!
//! The rule set:
//! 1. The name is converted to its ASCII form with UTS #46 `ToASCII` (the `idna` crate,
//!    with `UseSTD3ASCIIRules`, hyphens checked at the start and end of labels and
//!    `VerifyDnsLength`): upper case is mapped to lower case, internationalised labels
//!    become A-labels (`münchen` → `xn--mnchen-3ya`), and every label must then be 1–63
//!    letters, digits or hyphens (RFC 1123 §2.1), not starting or ending with `-`, the
//!    whole name at most 253 characters, without a trailing dot.
//! 2. There are at least two labels.
//! 3. The last label (the top-level domain) is letters only, or an A-label (`xn--…`):
//!    RFC 3696 §2 — top-level domains are never numeric, which keeps IP addresses out.

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

/// The normal form of `name` (lower-case ASCII, A-labels), or why it is not a host name.
///
/// # Errors
/// The reason, in words, when `name` breaks the [rules](self).
pub fn normalize(name: &str) -> Result<String, &'static str> {
    let ascii = Uts46::new()
        .to_ascii(
            name.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Verify,
        )
        .map_err(|_| {
            "not a valid host name: labels of 1-63 letters, digits or inner hyphens \
             (internationalised labels allowed), at most 253 characters"
        })?;
    let Some((_, tld)) = ascii.rsplit_once('.') else {
        return Err("a single label; a domain has at least two, like `attio.com`");
    };
    let letters = tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic());
    if !(letters || tld.starts_with("xn--")) {
        return Err("the top-level domain is not letters (an IP address is not a domain)");
    }
    Ok(ascii.into_owned())
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn lower_cases_and_converts_to_a_labels() {
        assert_eq!(normalize("App.Attio.COM").unwrap(), "app.attio.com");
        assert_eq!(normalize("münchen.de").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(normalize("MÜNCHEN.DE").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(normalize("пример.рф").unwrap(), "xn--e1afmkfd.xn--p1ai");
        assert_eq!(normalize("xn--mnchen-3ya.de").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(normalize("a-b.co.uk").unwrap(), "a-b.co.uk");
    }

    #[test]
    fn rejects_what_is_not_a_host_name() {
        for name in [
            "",
            "com",
            "ex_ample.com",
            "-a.com",
            "a-.com",
            "a..com",
            ".a.com",
            "a.com.",
            "a b.com",
            "1.2.3.4",
            "example.c0m",
            "example.c",
            "xn--zz.com",
        ] {
            assert!(normalize(name).is_err(), "{name:?}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(normalize(&long_label).is_err());
        let long_name = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        assert!(normalize(&long_name).is_err());
    }
}
