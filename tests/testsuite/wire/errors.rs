//! Every error Attio documents (attio-api.md §7) becomes the right typed error; bodies
//! that are not what Attio documents become `Decode` errors with an excerpt; bad input is
//! rejected before anything is sent; no error or `Debug` output shows the token.

use std::time::{Duration, SystemTime};

use attio_core::error::{ErrorCode, PathSegment};
use attio_core::retry::RetryPolicy;
use attio_core::{Client, Error};
use attio_testkit::wire::*;
use serde_json::json;
use wiremock::matchers::{any, method};
use wiremock::{Mock, ResponseTemplate};

/// Answers every GET with `response` once and returns the client's error.
async fn error_for(response: ResponseTemplate) -> Error {
    let server = server().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    client_with(&server, RetryPolicy::none())
        .get_record("users", RECORD_ID)
        .await
        .expect_err("an error response")
}

#[tokio::test]
async fn every_documented_error_body_becomes_a_typed_api_error() {
    let cases = [
        (
            400,
            "invalid_request_error",
            "validation_type",
            ErrorCode::ValidationType,
        ),
        (
            400,
            "invalid_request_error",
            "missing_value",
            ErrorCode::MissingValue,
        ),
        (
            400,
            "invalid_request_error",
            "value_not_found",
            ErrorCode::ValueNotFound,
        ),
        (
            400,
            "invalid_request_error",
            "immutable_value",
            ErrorCode::ImmutableValue,
        ),
        (
            400,
            "invalid_request_error",
            "filter_error",
            ErrorCode::FilterError,
        ),
        (
            400,
            "invalid_request_error",
            "multiple_match_results",
            ErrorCode::MultipleMatchResults,
        ),
        (
            400,
            "invalid_request_error",
            "system_edit_unauthorized",
            ErrorCode::SystemEditUnauthorized,
        ),
        (
            400,
            "invalid_request_error",
            "uniqueness_conflict",
            ErrorCode::UniquenessConflict,
        ),
        (
            400,
            "invalid_request_error",
            "matching_attribute_definition_not_unique",
            ErrorCode::MatchingAttributeNotUnique,
        ),
        (
            404,
            "invalid_request_error",
            "not_found",
            ErrorCode::NotFound,
        ),
        (
            404,
            "invalid_request_error",
            "merge_in_progress",
            ErrorCode::MergeInProgress,
        ),
        (
            409,
            "invalid_request_error",
            "slug_conflict",
            ErrorCode::SlugConflict,
        ),
        (403, "auth_error", "billing_error", ErrorCode::BillingError),
        (401, "auth_error", "unauthorized", ErrorCode::Unauthorized),
        (
            403,
            "invalid_request_error",
            "quota_exceeded",
            ErrorCode::QuotaExceeded,
        ),
        (
            409,
            "invalid_request_error",
            "concurrent_write_conflict",
            ErrorCode::Unknown("concurrent_write_conflict".into()),
        ),
        (
            500,
            "api_error",
            "internal_server_error",
            ErrorCode::Unknown("internal_server_error".into()),
        ),
    ];
    for (status, kind, code, expected) in cases {
        let message = format!("Attio says {code}.");
        let error = error_for(
            ResponseTemplate::new(status)
                .insert_header("x-request-id", format!("req-{code}"))
                .set_body_json(error_body(status, kind, code, &message)),
        )
        .await;
        let api = error.api().unwrap_or_else(|| panic!("{code}: {error:?}"));
        assert_eq!(api.status, status, "{code}");
        assert_eq!(api.code, expected, "{code}");
        assert_eq!(api.kind, kind, "{code}");
        assert_eq!(api.message, message, "{code}");
        assert!(api.validation_errors.is_empty(), "{code}");
        assert_eq!(error.request_id(), Some(format!("req-{code}").as_str()));
        assert_eq!(error.status(), Some(status));
        let display = error.to_string();
        assert!(
            display.contains(&message) && display.contains(code),
            "{display}"
        );
        assert_eq!(error.is_not_found(), code == "not_found", "{code}");
        assert_eq!(error.is_unauthorized(), status == 401, "{code}");
        assert_eq!(
            error.is_uniqueness_conflict(),
            code == "uniqueness_conflict"
        );
        assert_eq!(error.is_server_error(), status >= 500, "{code}");
        assert_eq!(
            error.is_validation(),
            matches!(
                code,
                "validation_type" | "missing_value" | "value_not_found"
            ),
            "{code}"
        );
        assert!(!error.is_rejected_before_sending());
    }
}

#[tokio::test]
async fn validation_errors_are_kept_with_their_paths() {
    let body = json!({
        "status_code": 400,
        "type": "invalid_request_error",
        "code": "validation_type",
        "message": "Body payload validation error.",
        "validation_errors": [{
            "code": "invalid_type",
            "path": ["data", "values", "workspace", 0],
            "message": "Required",
            "expected": "string",
            "received": "undefined"
        }]
    });
    let error = error_for(
        ResponseTemplate::new(400)
            .insert_header("x-attio-request-id", "req-attio")
            .set_body_json(body),
    )
    .await;
    let api = error.api().expect("api error");
    let [problem] = api.validation_errors.as_slice() else {
        panic!("one validation error: {api:?}")
    };
    assert_eq!(problem.code, "invalid_type");
    assert_eq!(
        problem.path,
        [
            PathSegment::Key("data".into()),
            PathSegment::Key("values".into()),
            PathSegment::Key("workspace".into()),
            PathSegment::Index(0)
        ]
    );
    assert_eq!(problem.expected.as_deref(), Some("string"));
    assert_eq!(problem.received.as_deref(), Some("undefined"));
    assert_eq!(api.request_id.as_deref(), Some("req-attio"));
    assert!(
        error
            .to_string()
            .contains("data.values.workspace.0: Required (expected string, received undefined)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_429_beyond_the_retries_is_rate_limited_with_the_retry_instant() {
    let before = SystemTime::now();
    let error = error_for(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "7")
            .insert_header("x-request-id", "req-429")
            .set_body_json(error_body(
                429,
                "rate_limit_error",
                "rate_limit_exceeded",
                "Rate limit exceeded, please try again later",
            )),
    )
    .await;
    let Error::RateLimited {
        retry_at,
        request_id,
        message,
    } = &error
    else {
        panic!("rate limited: {error:?}")
    };
    let wait = retry_at.duration_since(before).expect("in the future");
    assert!(
        (Duration::from_secs(6)..Duration::from_secs(9)).contains(&wait),
        "{wait:?}"
    );
    assert_eq!(request_id.as_deref(), Some("req-429"));
    assert_eq!(message, "Rate limit exceeded, please try again later");
    assert!(error.is_rate_limited());
    assert_eq!(error.status(), Some(429));
}

#[tokio::test]
async fn bodies_that_are_not_what_attio_documents_are_decode_errors_with_an_excerpt() {
    let record = fixture("assert-user.response.json").to_string();
    let truncated = record[..record.len() / 2].to_owned();
    let long_html = format!("<html>{}</html>", "Bad gateway ".repeat(100));
    let cases: [(u16, String); 8] = [
        (502, long_html.clone()),
        (500, String::new()),
        (
            400,
            r#"{"status_code":400,"type":"invalid_request_error"}"#.into(),
        ),
        (404, "not found".into()),
        (200, truncated.clone()),
        (200, r#"{"data": {"id": 1}}"#.into()),
        (200, r#"{"record": {}}"#.into()),
        (200, "\u{0}\u{fffd}garbage\u{7f}".into()),
    ];
    for (status, body) in cases {
        let error = error_for(ResponseTemplate::new(status).set_body_string(body.clone())).await;
        let Error::Decode {
            status: got,
            excerpt,
            message,
        } = &error
        else {
            panic!("HTTP {status} {body:?}: {error:?}")
        };
        assert_eq!(*got, status);
        assert!(!message.is_empty());
        assert!(excerpt.chars().count() <= 200, "{excerpt}");
        let expected: String = body.chars().take(200).collect();
        assert_eq!(excerpt, &expected);
    }
}

#[tokio::test]
async fn a_record_id_that_is_not_a_uuid_is_rejected_before_sending() {
    let server = server().await;
    Mock::given(any())
        .respond_with(record_response())
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for bad in [
        "123",
        "",
        "72ef5feaf-4919-4208-b332-1339ab8ba040",
        "../../v2/self",
        "bf071e1f-6035-429d-b874-d83ea64ea13b?x=1",
    ] {
        let errors = [
            client.get_record("users", bad).await.unwrap_err(),
            client
                .update_record("users", bad, Default::default())
                .await
                .unwrap_err(),
            client
                .overwrite_record("users", bad, Default::default())
                .await
                .unwrap_err(),
            client.delete_record("users", bad).await.unwrap_err(),
        ];
        for error in errors {
            assert!(
                matches!(&error, Error::InvalidRecordId { record_id } if record_id == bad),
                "{error:?}"
            );
            assert!(error.is_rejected_before_sending());
        }
    }
    for bad_object in ["", "..", "users/records", "users\n"] {
        let error = client
            .assert_record(bad_object, "user_id", Default::default())
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidSlug { what: "object", .. }),
            "{error:?}"
        );
    }
    let error = client
        .assert_record("users", "", Default::default())
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::InvalidSlug {
            what: "matching attribute",
            ..
        }
    ));
    server.verify().await;
}

#[tokio::test]
async fn no_output_ever_shows_the_token() {
    // Errors of every kind the client can produce.
    let mut errors = vec![
        error_for(ResponseTemplate::new(401).set_body_json(error_body(
            401,
            "auth_error",
            "unauthorized",
            "The Authorization header was not provided.",
        )))
        .await,
        error_for(ResponseTemplate::new(502).set_body_string("<html>")).await,
        error_for(ResponseTemplate::new(429).insert_header("retry-after", "1")).await,
    ];
    let unreachable = Client::builder()
        .base_url(CLOSED_PORT)
        .token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    let transport = unreachable
        .get_record("users", RECORD_ID)
        .await
        .expect_err("nothing listens");
    assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    errors.push(transport);
    errors.push(
        Client::builder()
            .token(format!("{TOKEN} with spaces"))
            .build()
            .expect_err("a token with spaces"),
    );

    for error in &errors {
        for text in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!text.contains(TOKEN), "token leaked: {text}");
        }
    }
    let client = Client::builder().token(TOKEN).build().expect("client");
    let builder = Client::builder().token(TOKEN);
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{builder:?}"),
    ] {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
}

#[tokio::test]
async fn from_env_style_config_errors_name_the_problem() {
    let error = Client::builder().build().expect_err("no token");
    assert!(matches!(error, Error::Config(_)));
    let error = Client::builder()
        .token(TOKEN)
        .base_url("not a url")
        .build()
        .expect_err("bad base url");
    assert!(error.to_string().contains("not a url"), "{error}");
}
