//! Signature checks against known vectors computed with Python's `hmac` (and OpenSSL):
//! see `tests/fixtures/webhook/README.md`.

use attio_core::webhook::{
    self, LEGACY_SIGNATURE_HEADER, SIGNATURE_HEADER, SignatureProblem, WebhookError, WebhookSecret,
};
use http::{HeaderMap, HeaderValue};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/webhook");

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).expect("fixture is UTF-8")
}

fn secret() -> WebhookSecret {
    WebhookSecret::new(fixture_text("secret.txt"))
}

/// Body and expected signature of one vector.
fn vector(name: &str) -> (Vec<u8>, String) {
    (
        fixture(&format!("{name}.json")),
        fixture_text(&format!("{name}.sig")),
    )
}

fn headers_with(name: &'static str, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(name, HeaderValue::from_str(signature).unwrap());
    headers
}

#[test]
fn the_known_vectors_sign_and_verify() {
    for name in ["record-updated", "unicode-note"] {
        let (body, expected) = vector(name);
        assert_eq!(expected.len(), 64, "{name}.sig is 64 hex characters");
        assert_eq!(secret().sign(&body), expected, "{name}");
        secret().verify(&body, &expected).unwrap();
        let delivery =
            webhook::receive(&secret(), &headers_with(SIGNATURE_HEADER, &expected), &body)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(delivery.payload.events.len(), 1, "{name}");
    }
}

#[test]
fn the_legacy_header_alone_is_accepted() {
    let (body, expected) = vector("record-updated");
    // Header names are case-insensitive: the mixed-case spelling Attio documents works too.
    let headers = headers_with("X-Attio-Signature", &expected);
    assert!(headers.contains_key(LEGACY_SIGNATURE_HEADER));
    secret().verify_headers(&headers, &body).unwrap();
}

#[test]
fn attio_signature_wins_over_the_legacy_header() {
    let (body, expected) = vector("record-updated");
    let mut headers = headers_with(SIGNATURE_HEADER, &"0".repeat(64));
    headers.insert(
        LEGACY_SIGNATURE_HEADER,
        HeaderValue::from_str(&expected).unwrap(),
    );
    assert!(matches!(
        secret().verify_headers(&headers, &body),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn one_byte_changed_in_the_body_is_a_mismatch() {
    let (body, expected) = vector("record-updated");
    for index in [0, body.len() / 2, body.len() - 1] {
        let mut changed = body.clone();
        changed[index] ^= 0x01;
        assert!(
            matches!(
                secret().verify(&changed, &expected),
                Err(WebhookError::SignatureMismatch)
            ),
            "byte {index}"
        );
    }
}

#[test]
fn one_char_changed_in_the_signature_is_a_mismatch() {
    let (body, expected) = vector("record-updated");
    for index in [0, 31, 63] {
        let mut changed = expected.clone().into_bytes();
        changed[index] = if changed[index] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8(changed).unwrap();
        assert!(
            matches!(
                secret().verify(&body, &changed),
                Err(WebhookError::SignatureMismatch)
            ),
            "char {index}"
        );
    }
}

#[test]
fn a_wrong_secret_is_a_mismatch() {
    let (body, expected) = vector("record-updated");
    let mut wrong = fixture_text("secret.txt");
    wrong.pop();
    for secret in [
        WebhookSecret::new(wrong),
        WebhookSecret::new(""),
        WebhookSecret::new("x".repeat(200)),
    ] {
        assert!(matches!(
            secret.verify(&body, &expected),
            Err(WebhookError::SignatureMismatch)
        ));
    }
}

#[test]
fn a_missing_header_is_missing_signature() {
    let (body, _) = vector("record-updated");
    let mut headers = HeaderMap::new();
    headers.insert("idempotency-key", HeaderValue::from_static("k"));
    headers.insert("attio-signature-typo", HeaderValue::from_static("abc"));
    assert!(matches!(
        webhook::receive(&secret(), &headers, &body),
        Err(WebhookError::MissingSignature)
    ));
}

#[test]
fn re_serialised_json_is_a_mismatch() {
    let (body, expected) = vector("record-updated");
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    for again in [
        serde_json::to_vec(&value).unwrap(),
        serde_json::to_vec_pretty(&value).unwrap(),
    ] {
        assert_ne!(again, body, "the bytes differ");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&again).unwrap(),
            value,
            "the data does not"
        );
        assert!(matches!(
            secret().verify(&again, &expected),
            Err(WebhookError::SignatureMismatch)
        ));
    }
    // The same holds for the non-ASCII vector, whose `\u00e9` escape serde writes as `é`.
    let (body, expected) = vector("unicode-note");
    let again =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&body).unwrap()).unwrap();
    assert_ne!(again, body);
    assert!(matches!(
        secret().verify(&again, &expected),
        Err(WebhookError::SignatureMismatch)
    ));
}

#[test]
fn malformed_signatures_say_why() {
    let (body, expected) = vector("record-updated");
    let cases = [
        (format!("{}g", &expected[..63]), SignatureProblem::NotHex),
        (expected[..63].to_owned(), SignatureProblem::WrongLength(63)),
        (format!("{expected}00"), SignatureProblem::WrongLength(66)),
        (
            format!("sha256={expected}"),
            SignatureProblem::WrongLength(71),
        ),
        (String::new(), SignatureProblem::WrongLength(0)),
    ];
    for (signature, problem) in cases {
        match secret().verify(&body, &signature) {
            Err(WebhookError::MalformedSignature(found)) => {
                assert_eq!(found, problem, "{signature:?}")
            }
            other => panic!("{signature:?}: {other:?}"),
        }
    }
    // A header value that is not visible ASCII.
    let mut headers = HeaderMap::new();
    headers.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_bytes(&[0xE9; 64]).unwrap(),
    );
    assert!(matches!(
        secret().verify_headers(&headers, &body),
        Err(WebhookError::MalformedSignature(SignatureProblem::NotHex))
    ));
}

#[test]
fn upper_case_hex_and_surrounding_spaces_are_accepted() {
    let (body, expected) = vector("record-updated");
    secret().verify(&body, &expected.to_uppercase()).unwrap();
    secret().verify(&body, &format!(" {expected} ")).unwrap();
}

#[test]
fn the_signature_is_checked_before_the_body_is_parsed() {
    let body = b"not json at all";
    let unsigned = headers_with(SIGNATURE_HEADER, &"ab".repeat(32));
    assert!(matches!(
        webhook::receive(&secret(), &unsigned, body),
        Err(WebhookError::SignatureMismatch)
    ));
    let signed = headers_with(SIGNATURE_HEADER, &secret().sign(body));
    let err = webhook::receive(&secret(), &signed, body).unwrap_err();
    assert!(matches!(err, WebhookError::InvalidPayload(_)), "{err:?}");
    assert!(!err.is_signature_error());
    assert_eq!(err.status(), http::StatusCode::BAD_REQUEST);
}

#[test]
fn neither_the_secret_nor_the_expected_signature_leaks() {
    let secret_text = fixture_text("secret.txt");
    let (body, expected) = vector("record-updated");
    assert_eq!(format!("{:?}", secret()), "WebhookSecret(REDACTED)");
    let wrong = "0".repeat(64);
    let errors = [
        secret().verify(&body, &wrong).unwrap_err(),
        secret().verify(&body, "abc").unwrap_err(),
        secret()
            .verify_headers(&HeaderMap::new(), &body)
            .unwrap_err(),
        webhook::receive(
            &secret(),
            &headers_with(SIGNATURE_HEADER, &secret().sign(b"[]")),
            b"[]",
        )
        .unwrap_err(),
    ];
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(&secret_text), "{shown}");
        assert!(!shown.contains(&expected), "{shown}");
        assert!(!shown.contains(&secret().sign(b"[]")), "{shown}");
    }
}

proptest! {
    /// Any body verifies under its own signature and fails once any one bit changes.
    #[test]
    fn any_flipped_bit_is_caught(body in proptest::collection::vec(any::<u8>(), 1..512), index in any::<usize>(), bit in 0u8..8) {
        let signature = secret().sign(&body);
        prop_assert!(secret().verify(&body, &signature).is_ok());
        let mut changed = body.clone();
        let at = index % changed.len();
        changed[at] ^= 1 << bit;
        prop_assert!(matches!(secret().verify(&changed, &signature), Err(WebhookError::SignatureMismatch)));
    }
}
