//! Attio's documented example bodies (tests/fixtures) against Attio's own spec: proves the
//! spec is loaded from the repository, that the schema helper works, and records which
//! documented examples the spec accepts.

use attio_testkit::openapi::{Spec, repository_spec, spec_path};

use attio_testkit::wire::fixture;

#[test]
fn the_spec_is_loaded_with_the_records_endpoints() {
    let spec = Spec::load();
    assert_eq!(spec.path(), spec_path());
    if std::env::var_os("ATTIO_OPENAPI").is_none() {
        assert_eq!(
            spec.path(),
            repository_spec(),
            "the repository's copy by default"
        );
    }
    assert_eq!(
        spec.version(),
        Some("2.0.0"),
        "from {}",
        spec.path().display()
    );
    for (path, methods) in [
        ("/v2/objects/{object}/records", &["post", "put"][..]),
        (
            "/v2/objects/{object}/records/{record_id}",
            &["get", "put", "patch", "delete"][..],
        ),
        ("/v2/objects/{object}/records/query", &["post"][..]),
    ] {
        assert_eq!(
            spec.methods(path),
            methods,
            "{path} in {}",
            spec.path().display()
        );
    }
}

#[test]
fn a_missing_spec_is_an_error_naming_the_path() {
    let missing = repository_spec().with_file_name("no-such-spec.yaml");
    let Err(err) = Spec::read(&missing) else {
        panic!("{} does not exist", missing.display())
    };
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("ATTIO_OPENAPI"), "{err}");
}

#[test]
fn documented_requests_match_the_request_schemas() {
    let spec = Spec::load();
    spec.request("put", "/v2/objects/{object}/records")
        .assert_valid(&fixture("assert-user.request.json"));
    spec.request("patch", "/v2/objects/{object}/records/{record_id}")
        .assert_valid(&fixture("update-user.request.json"));
}

#[test]
fn documented_responses_match_the_response_schemas() {
    let spec = Spec::load();
    spec.response("put", "/v2/objects/{object}/records", 200)
        .assert_valid(&fixture("assert-user.response.json"));
    // The documented update response lacks `web_url`, which the spec marks required:
    // the spec and its own example disagree, and the schema check must say so.
    let update = fixture("update-user.response.json");
    let check = spec.response("patch", "/v2/objects/{object}/records/{record_id}", 200);
    let err = check
        .check(&update)
        .expect_err("web_url is required by the spec");
    assert!(err.contains("web_url"), "{err}");
}

#[test]
fn the_checker_rejects_a_wrong_body() {
    let spec = Spec::load();
    let bad = serde_json::json!({"data": {"values": {}, "extra": 1}});
    assert!(
        spec.request("put", "/v2/objects/{object}/records")
            .check(&bad)
            .is_err()
    );
}
