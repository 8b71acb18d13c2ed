//! Email addresses: the rule of an `email-address` value.
//!
//! An address is `local@domain` (one `@`, no display name, no surrounding whitespace) where
//! - the **local part** is an RFC 5322 `dot-atom` in ASCII: 1–64 characters (RFC 5321
//!   §4.5.3.1.1), each an ASCII letter, digit or one of ``!#$%&'*+-/=?^_`{|}~``, or a `.`
//!   that is not first, last or next to another `.`. Quoted local parts, comments and
//!   non-ASCII local parts (RFC 6531) are refused. The local part is kept as written: it
//!   is case-sensitive (RFC 5321 §2.4);
//! - the **domain** is a host name under the [host-name rules](crate::host) (no address
//!   literal), normalised by them (lower case, A-labels);
//! - the normalised address has at most 254 characters (a 256-octet path minus its angle
//!   brackets, RFC 5321 §4.5.3.1.3).
//!
//! Hand-written rather than the `email_address` crate: that crate accepts all of RFC 5322
//! and 6531 (quoted and non-ASCII local parts, any `atext` domain), which the rule
//! excludes; the remaining subset is a `dot-atom` check plus the host-name rule.

use crate::host;

/// The longest local part (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_LEN: usize = 64;
/// The longest address: a 256-octet path minus its angle brackets (RFC 5321 §4.5.3.1.3).
pub const MAX_ADDRESS_LEN: usize = 254;
/// The characters of an RFC 5322 `atext`, besides ASCII letters and digits.
const ATEXT_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~";

/// The normal form of `address` under the [rules](self) (the local part as written, the
/// domain normalised), or why it breaks them.
///
/// # Errors
/// The reason, in words.
pub fn normalize(address: &str) -> Result<String, &'static str> {
    let (local, domain) = address.split_once('@').ok_or("no `@`")?;
    if local.is_empty() || local.len() > MAX_LOCAL_LEN {
        return Err("the local part (before `@`) must have 1 to 64 characters");
    }
    if !local
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || ATEXT_SYMBOLS.contains(b as char))
    {
        return Err(
            "the local part may only hold ASCII letters, digits, `.` and \
             ``!#$%&'*+-/=?^_`{|}~`` (no quotes, spaces or non-ASCII)",
        );
    }
    if local.split('.').any(str::is_empty) {
        return Err("a `.` in the local part may not be first, last or next to another `.`");
    }
    if domain.starts_with('[') {
        return Err("an address literal; the domain must be a host name");
    }
    let domain = host::normalize(domain)?;
    let normal = format!("{local}@{domain}");
    if normal.len() > MAX_ADDRESS_LEN {
        return Err("longer than 254 characters");
    }
    Ok(normal)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn the_domain_is_normalised_and_the_local_part_kept() {
        assert_eq!(normalize("Ada@Example.COM").unwrap(), "Ada@example.com");
        assert_eq!(
            normalize("a.b+c@münchen.de").unwrap(),
            "a.b+c@xn--mnchen-3ya.de"
        );
        assert_eq!(
            normalize("x!#$%&'*+-/=?^_`{|}~@a.io").unwrap(),
            "x!#$%&'*+-/=?^_`{|}~@a.io"
        );
    }

    #[test]
    fn what_breaks_the_rules_is_refused() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long = format!(
            "{}@{}.com",
            "a".repeat(64),
            vec!["b".repeat(63); 3].join(".")
        );
        for bad in [
            "no-at-sign",
            "@example.com",
            "a@b",
            "a@example.c",
            "a@xn--zz.com",
            "üser@example.com",
            "a.@example.com",
            ".a@example.com",
            "a..b@example.com",
            "\"a b\"@example.com",
            " a@example.com",
            "a@[127.0.0.1]",
            &long_local,
            &long,
        ] {
            assert!(normalize(bad).is_err(), "{bad}");
        }
        assert_eq!(normalize("ada.acme.io"), Err("no `@`"));
    }
}
