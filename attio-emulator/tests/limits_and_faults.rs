//! Rate limits (429 + Retry-After HTTP-date), fault injection (scripted and seeded), and the
//! counters and journal tests read.

mod common;

use std::time::{Duration, SystemTime};

use attio_emulator::{EmulatorConfig, FaultConfig, Latency, RateLimitConfig, ScriptedFault};
use common::{Api, Reply};
use serde_json::json;

/// Waits until just after a clock-second boundary so a burst fits in one window.
async fn start_of_second() {
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    tokio::time::sleep(
        Duration::from_nanos(u64::from(1_000_000_000 - nanos)) + Duration::from_millis(5),
    )
    .await;
}

/// Whether two answers carry the same `Date` (the same clock second).
fn same_second(first: &Reply, last: &Reply) -> bool {
    first.headers.get("date") == last.headers.get("date")
}

/// Runs `burst` on a fresh emulator with `limits` from just after a clock-second boundary,
/// again (at most 5 tries) while it reports that its first and last answers fell in
/// different seconds ([`same_second`]): the burst must fit in one, and a slow machine can
/// straddle a boundary.
async fn in_one_second<T>(
    limits: RateLimitConfig,
    burst: impl AsyncFn(&Api) -> (T, bool),
) -> (Api, T) {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let api = Api::with(EmulatorConfig {
            rate_limits: limits,
            ..EmulatorConfig::for_tests()
        })
        .await;
        start_of_second().await;
        let (result, fitted) = burst(&api).await;
        if fitted || attempt == 5 {
            return (api, result);
        }
    }
}

#[tokio::test]
async fn default_config_has_attios_limits() {
    assert_eq!(
        EmulatorConfig::default().rate_limits,
        RateLimitConfig::new(100, 25)
    );
    assert_eq!(
        EmulatorConfig::for_tests().rate_limits,
        RateLimitConfig::off()
    );
}

#[tokio::test]
async fn writes_over_budget_get_429_with_retry_after_and_reads_are_counted_apart() {
    let (api, (writes, reads)) = in_one_second(RateLimitConfig::new(4, 2), async |api| {
        let mut writes = Vec::new();
        for i in 0..3 {
            writes.push(
                api.assert_user(&format!("u{i}"), &format!("u{i}@example.com"))
                    .await,
            );
        }
        // Reads have their own budget, and the query POST is a read.
        let mut reads = vec![api.post("/v2/objects/users/records/query", json!({})).await];
        for _ in 0..4 {
            reads.push(api.get("/v2/objects").await);
        }
        let fitted = same_second(&writes[0], &reads[4]);
        ((writes, reads), fitted)
    })
    .await;
    assert_eq!(writes[0].status, 200);
    assert_eq!(writes[1].status, 200);
    let limited = &writes[2];
    let body = limited.expect_error(429, "rate_limit_exceeded");
    assert_eq!(body["type"], "rate_limit_error");
    let retry = limited
        .headers
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap();
    let retry_at = httpdate::parse_http_date(retry).expect("HTTP-date");
    let date =
        httpdate::parse_http_date(limited.headers.get("date").unwrap().to_str().unwrap()).unwrap();
    assert_eq!(
        retry_at.duration_since(date).unwrap(),
        Duration::from_secs(1),
        "resets the next second"
    );
    for read in &reads[..4] {
        assert_eq!(read.status, 200);
    }
    reads[4].expect_error(429, "rate_limit_exceeded");
    assert_eq!(api.emu.records("users").len(), 2, "a 429 was not processed");
    let stats = api.emu.stats();
    assert_eq!(stats.rate_limited, 2);
    assert_eq!(
        stats.count_status("PUT", "/v2/objects/{object}/records", 429),
        1
    );
    // The window resets on the next second; limits can be lifted at runtime.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(api.get("/v2/objects").await.status, 200);
    api.emu.set_rate_limits(RateLimitConfig::off());
    for _ in 0..10 {
        assert_eq!(api.get("/v2/objects").await.status, 200);
    }
}

#[tokio::test]
async fn an_injected_429_uses_none_of_the_budget_but_an_injected_503_does() {
    let (api, statuses) = in_one_second(RateLimitConfig::new(100, 2), async |api| {
        api.emu.set_faults(FaultConfig::scripted([
            ScriptedFault::Status(429),
            ScriptedFault::Status(503),
        ]));
        let mut replies = Vec::new();
        for i in 0..4 {
            replies.push(
                api.assert_user(&format!("u{i}"), &format!("u{i}@example.com"))
                    .await,
            );
        }
        let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
        (statuses, same_second(&replies[0], &replies[3]))
    })
    .await;
    let seconds = api_seconds(&api);
    // The injected 429 gave its slot back; the injected 503 kept its own, so one write
    // within the budget of 2 remained, and the fourth met the limit.
    assert_eq!(statuses, [429, 503, 200, 429]);
    assert_eq!(api.emu.records("users").len(), 1);
    assert_eq!(seconds, [(2, 2)], "(accepted, refused) per second");
}

#[tokio::test]
async fn without_a_limit_an_injected_429_still_counts_as_refused() {
    let (api, statuses) = in_one_second(RateLimitConfig::off(), async |api| {
        api.emu
            .set_faults(FaultConfig::scripted([ScriptedFault::Status(429)]));
        let mut replies = Vec::new();
        for i in 0..3 {
            replies.push(
                api.assert_user(&format!("u{i}"), &format!("u{i}@example.com"))
                    .await,
            );
        }
        let statuses: Vec<u16> = replies.iter().map(|r| r.status.as_u16()).collect();
        (statuses, same_second(&replies[0], &replies[2]))
    })
    .await;
    assert_eq!(statuses, [429, 200, 200]);
    assert_eq!(api.emu.records("users").len(), 2);
    assert_eq!(
        api_seconds(&api),
        [(2, 1)],
        "(accepted, refused) per second"
    );
}

fn api_seconds(api: &Api) -> Vec<(u32, u32)> {
    api.emu
        .write_seconds()
        .iter()
        .map(|s| (s.accepted, s.refused))
        .collect()
}

#[tokio::test]
async fn scripted_faults_answer_in_order_without_applying() {
    let api = Api::start().await;
    api.emu.set_faults(FaultConfig::scripted([
        ScriptedFault::Status(503),
        ScriptedFault::Status(429),
        ScriptedFault::Status(500),
        ScriptedFault::Status(502),
        ScriptedFault::Ok,
    ]));
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push(api.assert_user("u1", "u1@example.com").await);
    }
    let codes: Vec<u16> = seen.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(codes, [503, 429, 500, 502, 200, 200]);
    assert!(seen[1].headers.contains_key("retry-after"));
    assert_eq!(seen[0].body["status_code"], 503);
    assert_eq!(seen[0].body["type"], "api_error");
    assert_eq!(seen[0].body["code"], "service_unavailable");
    assert_eq!(seen[2].body["code"], "internal_server_error");
    assert_eq!(seen[3].body["code"], "bad_gateway");
    // Every answer, errors and 429s included, carries a fresh request id, the one journaled.
    let ids: Vec<&str> = seen
        .iter()
        .map(|r| r.headers["x-request-id"].to_str().unwrap())
        .collect();
    let journaled: Vec<String> = api
        .emu
        .journal()
        .into_iter()
        .map(|e| e.request_id)
        .collect();
    assert_eq!(ids, journaled);
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "fresh per request: {ids:?}");
    assert!(ids.iter().all(|id| uuid_like(id)), "{ids:?}");
    assert_eq!(
        api.emu.stats().writes_applied,
        2,
        "faulted requests were not applied"
    );
}

#[tokio::test]
async fn dropped_connections_before_and_after_the_write() {
    let api = Api::start().await;
    api.emu.set_faults(FaultConfig::scripted([
        ScriptedFault::DropBeforeWrite,
        ScriptedFault::DropAfterWrite,
    ]));
    let body =
        json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com"}}});
    let url = api.url("/v2/objects/users/records?matching_attribute=user_id");
    let before = api
        .client
        .put(&url)
        .bearer_auth(api.emu.token())
        .json(&body)
        .send()
        .await;
    assert!(before.is_err(), "no response: {before:?}");
    assert!(
        api.emu.records("users").is_empty(),
        "dropped before the write: nothing landed"
    );
    let after = api
        .client
        .put(&url)
        .bearer_auth(api.emu.token())
        .json(&body)
        .send()
        .await;
    assert!(after.is_err(), "no response: {after:?}");
    assert_eq!(
        api.emu.records("users").len(),
        1,
        "dropped after the write: it landed"
    );
    let stats = api.emu.stats();
    assert_eq!(stats.dropped_connections, 2);
    assert_eq!(
        stats.abandoned_requests, 0,
        "fault drops are not client aborts"
    );
    assert_eq!(stats.writes_applied, 1);
    let journal = api.emu.journal();
    assert_eq!(journal.len(), 2);
    assert!(journal.iter().all(|e| e.status.is_none()));
    // The server is still fine afterwards.
    assert_eq!(api.assert_user("u1", "u1@example.com").await.status, 200);
}

/// A UUID in its hyphenated text form.
fn uuid_like(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[tokio::test]
async fn a_write_whose_client_times_out_during_latency_is_still_applied() {
    let api = Api::with(EmulatorConfig {
        latency: Latency::Fixed(Duration::from_millis(400)),
        ..EmulatorConfig::for_tests()
    })
    .await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let body =
        json!({"data": {"values": {"user_id": "u1", "primary_email_address": "u1@example.com"}}});
    let sent = impatient
        .put(api.url("/v2/objects/users/records?matching_attribute=user_id"))
        .bearer_auth(api.emu.token())
        .json(&body)
        .send()
        .await;
    let error = sent.expect_err("the client gives up before the answer");
    assert!(error.is_timeout(), "{error:?}");
    assert!(api.emu.records("users").is_empty(), "still in the latency");
    // The server keeps processing what it received: the write lands after the latency.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while api.emu.records("users").is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let users = api.emu.records("users");
    assert_eq!(users.len(), 1, "the abandoned write was applied");
    assert_eq!(users[0]["values"]["user_id"][0]["value"], "u1");
    let stats = api.emu.stats();
    assert_eq!(stats.writes_applied, 1);
    assert_eq!(stats.abandoned_requests, 1);
    assert_eq!(stats.dropped_connections, 0, "not a fault-injected drop");
    assert_eq!(stats.total(), 0, "no answer was delivered");
    let journal = api.emu.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].status, None);
    // The same write again is an update of the same record, answered after the latency.
    assert_eq!(api.assert_user("u1", "u1@example.com").await.status, 200);
    assert_eq!(api.emu.records("users").len(), 1);
    api.emu.shutdown().await.unwrap();
}

#[tokio::test]
async fn seeded_faults_are_deterministic_and_can_target_writes_only() {
    let faults = FaultConfig {
        error_503: 0.3,
        rate_limited: 0.2,
        writes_only: true,
        ..FaultConfig::none()
    };
    let run = || async {
        let api = Api::with(EmulatorConfig {
            faults: faults.clone(),
            seed: 7,
            ..EmulatorConfig::for_tests()
        })
        .await;
        let mut codes = Vec::new();
        for i in 0..30 {
            codes.push(
                api.assert_user(&format!("u{i}"), &format!("u{i}@example.com"))
                    .await
                    .status
                    .as_u16(),
            );
            assert_eq!(
                api.get("/v2/objects").await.status,
                200,
                "reads are not faulted"
            );
        }
        codes
    };
    let first = run().await;
    assert_eq!(first, run().await, "same seed, same faults");
    assert!(
        first.contains(&503) && first.contains(&429) && first.contains(&200),
        "{first:?}"
    );
}

#[tokio::test]
async fn latency_is_added() {
    let api = Api::with(EmulatorConfig {
        latency: Latency::Fixed(Duration::from_millis(150)),
        ..EmulatorConfig::for_tests()
    })
    .await;
    let started = std::time::Instant::now();
    assert_eq!(api.get("/v2/objects").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
    api.emu.set_faults(FaultConfig {
        slow: 1.0,
        slow_latency: Latency::Range(Duration::from_millis(100), Duration::from_millis(120)),
        ..FaultConfig::none()
    });
    let started = std::time::Instant::now();
    api.get("/v2/objects").await;
    assert!(started.elapsed() >= Duration::from_millis(250));
    api.emu
        .set_faults(FaultConfig::scripted([ScriptedFault::Delay(
            Duration::from_millis(200),
        )]));
    let started = std::time::Instant::now();
    api.get("/v2/objects").await;
    assert!(started.elapsed() >= Duration::from_millis(350));
}

#[tokio::test]
async fn stats_and_journal_record_routes_statuses_and_bodies() {
    let api = Api::start().await;
    api.assert_user("u1", "u1@example.com").await;
    api.get("/v2/objects/users/records/missing").await;
    let _ = api.client.get(api.url("/v2/objects")).send().await.unwrap();
    let stats = api.emu.stats();
    assert_eq!(stats.count("PUT", "/v2/objects/{object}/records"), 1);
    assert_eq!(
        stats.count_status("GET", "/v2/objects/{object}/records/{record_id}", 404),
        1
    );
    assert_eq!(stats.count_status("GET", "/v2/objects", 401), 1);
    assert_eq!(stats.total(), 3);
    assert_eq!(stats.writes_applied, 1);
    let journal = api.emu.journal();
    assert_eq!(journal[0].method, "PUT");
    assert_eq!(journal[0].path, "/v2/objects/users/records");
    assert_eq!(
        journal[0].query.as_deref(),
        Some("matching_attribute=user_id")
    );
    assert_eq!(journal[0].status, Some(200));
    assert_eq!(
        journal[0].body_json().unwrap()["data"]["values"]["user_id"],
        "u1"
    );
    assert_eq!(journal[2].status, Some(401));
    api.emu.reset_stats();
    assert_eq!(api.emu.stats().total(), 0);
    assert!(api.emu.journal().is_empty());
}

/// Sends `body` as a JSON POST to `path` with the token and returns the status.
async fn post_raw(api: &Api, path: &str, body: Vec<u8>) -> u16 {
    api.client
        .post(api.url(path))
        .bearer_auth(api.emu.token())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("answered")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_journal_keeps_invalid_utf8_bodies_without_tripling_them() {
    let api = Api::start().await;
    let size = 1024 * 1024;
    let status = post_raw(&api, "/v2/objects/users/records", vec![0xFF; size]).await;
    assert_eq!(status, 400);
    let entry = api.emu.journal().pop().expect("journaled");
    assert_eq!(entry.body_len, size);
    assert!(
        entry.body.len() <= attio_emulator::JOURNAL_EXCERPT_BYTES * 3,
        "an excerpt, not {} bytes of replacement characters",
        entry.body.len()
    );
}

#[tokio::test]
async fn the_journal_is_bounded_by_bytes_and_evicts_the_oldest() {
    let api = Api::with(EmulatorConfig {
        http: attio_emulator::HttpLimits {
            journal_bytes: 1024 * 1024,
            ..Default::default()
        },
        ..EmulatorConfig::for_tests()
    })
    .await;
    let body = |i: usize| format!("{{\"n\":{i},\"pad\":\"{}\"}}", "p".repeat(200 * 1024));
    for i in 0..10 {
        let status = post_raw(&api, &format!("/v2/nowhere/{i}"), body(i).into_bytes()).await;
        assert_eq!(status, 404);
    }
    let journal = api.emu.journal();
    let kept: usize = journal.iter().map(|e| e.body.len()).sum();
    assert!(kept <= 1024 * 1024, "{kept} bytes kept");
    assert!(
        journal.len() >= 3,
        "only the oldest went: {}",
        journal.len()
    );
    assert_eq!(
        journal.last().unwrap().path,
        "/v2/nowhere/9",
        "the newest stays"
    );
    assert_eq!(journal.last().unwrap().body_json().unwrap()["n"], 9);
    assert_eq!(
        api.emu.stats().total(),
        10,
        "the counters keep every request"
    );
}

#[tokio::test]
async fn unknown_routes_are_counted_under_one_key() {
    let api = Api::start().await;
    for i in 0..50 {
        api.get(&format!("/v2/probe-{i}/{}", "x".repeat(i)))
            .await
            .expect_error(404, "not_found");
    }
    let brew = reqwest::Method::from_bytes(b"BREW").unwrap();
    api.send(brew, "/v2/self", None)
        .await
        .expect_error(405, "method_not_allowed");
    let stats = api.emu.stats();
    assert_eq!(stats.count("GET", attio_emulator::UNMATCHED_ROUTE), 50);
    assert_eq!(stats.count("OTHER", "/v2/self"), 1);
    assert_eq!(stats.requests.len(), 2, "{:?}", stats.requests.keys());
}
