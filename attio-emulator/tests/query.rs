//! `POST …/records/query`: filters, sorts, limit and offset.

mod common;

use attio_emulator::{AttributeSpec, AttributeType as T, EmulatorConfig, ObjectSpec};
use common::{Api, fields};
use serde_json::{Value, json};

async fn people() -> Api {
    let api = Api::start().await;
    for (first, last, email, title) in [
        ("Ada", "Lovelace", "ada@analytical.org", "Mathematician"),
        ("Grace", "Hopper", "grace@navy.mil", "Admiral"),
        ("Alan", "Turing", "alan@bletchley.uk", "Mathematician"),
        ("Linus", "Torvalds", "linus@kernel.org", ""),
    ] {
        let mut values =
            json!({"name": {"first_name": first, "last_name": last}, "email_addresses": [email]});
        if !title.is_empty() {
            values["job_title"] = json!(title);
        }
        api.create("people", values).await;
    }
    api
}

/// An emulator with a `things` object holding one attribute of most types.
async fn things() -> Api {
    let things = ObjectSpec::new("things")
        .attribute(AttributeSpec::new("label", T::Text))
        .attribute(AttributeSpec::new("amount", T::Number))
        .attribute(AttributeSpec::new("done", T::Checkbox))
        .attribute(AttributeSpec::new("day", T::Date))
        .attribute(AttributeSpec::new("at", T::Timestamp))
        .attribute(AttributeSpec::new("stars", T::Rating))
        .attribute(AttributeSpec::new("size", T::Select).options(["small", "medium", "large"]))
        .attribute(AttributeSpec::new("who", T::PersonalName))
        .attribute(AttributeSpec::new("place", T::Location))
        .attribute(AttributeSpec::new("mail", T::EmailAddress))
        .attribute(AttributeSpec::new("site", T::Domain).multiselect());
    Api::with(EmulatorConfig::for_tests().with_object(things)).await
}

async fn names(api: &Api, body: Value) -> Vec<String> {
    let reply = api.post("/v2/objects/people/records/query", body).await;
    reply
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            fields(r, "name", "first_name")[0]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn equality_forms() {
    let api = people().await;
    assert_eq!(
        names(
            &api,
            json!({"filter": {"email_addresses": "GRACE@navy.mil"}})
        )
        .await,
        ["Grace"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"job_title": {"$eq": "Mathematician"}}})
        )
        .await,
        ["Ada", "Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"full_name": {"$eq": "Alan Turing"}}}})
        )
        .await,
        ["Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"name": {"last_name": "Hopper"}}})).await,
        ["Grace"]
    );
    assert_eq!(names(&api, json!({"filter": {"job_title": "Mathematician", "email_addresses": "ada@analytical.org"}})).await, ["Ada"]);
    assert_eq!(
        names(&api, json!({})).await.len(),
        4,
        "no filter: everything"
    );
}

#[tokio::test]
async fn in_contains_and_logic() {
    let api = people().await;
    let all = api
        .post("/v2/objects/people/records/query", json!({}))
        .await;
    let ids: Vec<Value> = all
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"]["record_id"].clone())
        .collect();
    assert_eq!(
        names(
            &api,
            json!({"filter": {"record_id": {"$in": [ids[1], ids[3]]}}})
        )
        .await,
        ["Grace", "Linus"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"full_name": {"$contains": "TUR"}}}})
        )
        .await,
        ["Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"email_addresses": {"email_address": {"$ends_with": ".org"}}}})
        )
        .await,
        ["Ada", "Linus"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"name": {"first_name": {"$starts_with": "a"}}}})
        )
        .await,
        ["Ada", "Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"$or": [{"email_addresses": "grace@navy.mil"}, {"job_title": {"$contains": "math"}}]}})).await,
        ["Ada", "Grace", "Alan"]
    );
    assert_eq!(
        names(&api, json!({"filter": {"$and": [{"job_title": "Mathematician"}, {"$not": {"name": {"first_name": "Ada"}}}]}})).await,
        ["Alan"]
    );
    assert_eq!(
        names(
            &api,
            json!({"filter": {"job_title": {"$not_empty": false}}})
        )
        .await,
        ["Linus"]
    );
}

#[tokio::test]
async fn sorts_limit_offset() {
    let api = people().await;
    let sorted = names(
        &api,
        json!({"sorts": [{"attribute": "name", "field": "last_name", "direction": "asc"}]}),
    )
    .await;
    assert_eq!(sorted, ["Grace", "Ada", "Linus", "Alan"]);
    let desc = names(&api, json!({"sorts": [{"attribute": "job_title", "direction": "desc"}, {"attribute": "name", "field": "first_name", "direction": "desc"}]})).await;
    assert_eq!(
        desc,
        ["Linus", "Alan", "Ada", "Grace"],
        "ties broken by the next sort, missing values first when descending"
    );
    let page = names(&api, json!({"sorts": [{"attribute": "name", "field": "first_name", "direction": "asc"}], "limit": 2, "offset": 1})).await;
    assert_eq!(page, ["Alan", "Grace"]);
    assert!(names(&api, json!({"offset": 10})).await.is_empty());
}

#[tokio::test]
async fn bad_queries() {
    let api = people().await;
    let path = "/v2/objects/people/records/query";
    api.post(path, json!({"filter": {"nope": "x"}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"job_title": {"$neq": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"$and": {"job_title": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(path, json!({"filter": {"job_title": {"$in": "x"}}}))
        .await
        .expect_error(400, "filter_error");
    api.post(
        path,
        json!({"sorts": [{"attribute": "name", "direction": "up"}]}),
    )
    .await
    .expect_error(400, "validation_type");
    api.post(path, json!({"limit": -1}))
        .await
        .expect_error(400, "validation_type");
    api.post("/v2/objects/nope/records/query", json!({}))
        .await
        .expect_error(404, "not_found");
}

/// Issue 8 item 11: a 100,000-item `$in` over 500 records held the store lock for 5.3 s and a
/// concurrent GET waited 5 s. The GET must now wait for far less than the query takes.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_big_in_filter_does_not_block_the_store() {
    let api = Api::start().await;
    for i in 0..500 {
        let email = format!("user{i}@example.com");
        let values = json!({"email_addresses": [email]});
        api.emu
            .seed_record("people", &format!("rec-{i:03}"), values)
            .unwrap();
    }
    // 100,000 addresses (upper case: the operand is normalised); every third record matches.
    let wanted: Vec<String> = (0..100_000)
        .map(|i| format!("USER{}@Example.COM", i * 3))
        .collect();
    let body =
        serde_json::to_vec(&json!({"filter": {"email_addresses": {"$in": wanted}}})).unwrap();
    let expected: Vec<String> = (0..500).step_by(3).map(|i| format!("rec-{i:03}")).collect();
    let mut ratios = Vec::new();
    // A loaded machine can stall one GET; one attempt of three with a clear margin suffices,
    // while before the fix every attempt had the GET wait for nearly the whole query.
    for _ in 0..3 {
        let client = api.client.clone();
        let (url, token) = (
            api.url("/v2/objects/people/records/query"),
            api.emu.token().to_owned(),
        );
        let body = body.clone();
        let query = tokio::spawn(async move {
            let start = std::time::Instant::now();
            let reply = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = reply.status();
            let json: Value = reply.json().await.unwrap();
            (start.elapsed(), status, json)
        });
        let mut slowest_get = std::time::Duration::ZERO;
        let mut gets = 0;
        while !query.is_finished() {
            let start = std::time::Instant::now();
            api.get("/v2/objects/people/records/rec-001").await.data();
            slowest_get = slowest_get.max(start.elapsed());
            gets += 1;
        }
        let (took, status, json) = query.await.unwrap();
        assert_eq!(status, 200, "{json}");
        let ids: Vec<&str> = json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"]["record_id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids, expected,
            "the big $in matches exactly every third record"
        );
        let ratio = slowest_get.as_secs_f64() / took.as_secs_f64();
        ratios.push(format!(
            "slowest of {gets} GETs {slowest_get:?} during a query of {took:?}"
        ));
        if ratio < 0.5 {
            eprintln!("{}", ratios.join("; "));
            return;
        }
    }
    panic!("a concurrent GET waited for most of the query: {ratios:#?}");
}

/// `$in` matches exactly what a list of `$eq`s in an `$or` matches: numbers by value
/// (`1` = `1.0`), emails and domains normalised, selects by title, nothing for `[]` or for
/// operands of another type.
#[tokio::test]
async fn in_matches_as_an_or_of_eq() {
    let api = things().await;
    let rows = [
        json!({"label": "a", "amount": 1, "done": true, "size": "small", "mail": "a@x.com", "site": ["x.com", "y.org"]}),
        json!({"label": "b", "amount": 2.5, "done": false, "size": "large", "mail": "b@x.com", "site": ["z.net"]}),
        json!({"label": "c", "amount": 1.0}),
        json!({"label": "d", "amount": -0.0, "mail": "D@Y.org"}),
    ];
    for row in rows {
        api.create("things", row).await;
    }
    let labels = |filter: Value| {
        let api = &api;
        async move {
            let reply = api
                .post(
                    "/v2/objects/things/records/query",
                    json!({"filter": filter}),
                )
                .await;
            reply
                .data()
                .as_array()
                .unwrap()
                .iter()
                .map(|r| fields(r, "label", "value")[0].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    for (slug, set, expected) in [
        ("amount", json!([1, 0]), vec!["a", "c", "d"]),
        ("amount", json!([2.5, "1", null, {"value": 1}]), vec!["b"]),
        ("done", json!([false]), vec!["b"]),
        ("size", json!(["large", "Small"]), vec!["b"]),
        ("mail", json!([" A@X.COM ", "d@y.org"]), vec!["a", "d"]),
        ("site", json!(["Y.org", "q.com"]), vec!["a"]),
        ("label", json!([]), vec![]),
        ("label", json!(["c", "b", "c"]), vec!["b", "c"]),
    ] {
        let any_eq: Vec<Value> = set
            .as_array()
            .unwrap()
            .iter()
            .map(|v| json!({slug: {"$eq": v}}))
            .collect();
        let via_in = labels(json!({slug: {"$in": set}})).await;
        assert_eq!(via_in, expected, "{slug} $in {set}");
        if !any_eq.is_empty() {
            assert_eq!(labels(json!({"$or": any_eq})).await, expected, "{slug} $or");
        }
    }
    let none = labels(json!({"$not": {"label": {"$in": ["a", "b"]}}})).await;
    assert_eq!(none, ["c", "d"]);
}

/// Where Attio types a field `number` but means a count (`limit`, `offset`), any JSON
/// number with an integral value is that count; fractions and negatives are Attio's
/// validation errors. The `integer` query-string parameters read the same way.
#[tokio::test]
async fn integral_numbers_are_counts() {
    let api = people().await;
    let page = |limit: Value, offset: Value| {
        names(
            &api,
            json!({"sorts": [{"attribute": "name", "field": "first_name", "direction": "asc"}],
                   "limit": limit, "offset": offset}),
        )
    };
    assert_eq!(page(json!(1.0), json!(0)).await, ["Ada"]);
    assert_eq!(page(json!(2), json!(1.0)).await, ["Alan", "Grace"]);
    assert_eq!(page(json!(1e0), json!(3e0)).await, ["Linus"]);
    assert_eq!(page(json!(-0.0), json!(0)).await, Vec::<String>::new());
    assert_eq!(
        page(json!(1e300), json!(-0.0)).await.len(),
        4,
        "huge but whole"
    );
    let path = "/v2/objects/people/records/query";
    for (key, bad, code) in [
        ("limit", json!(1.5), "invalid_type"),
        ("offset", json!(0.25), "invalid_type"),
        ("limit", json!(-1), "too_small"),
        ("offset", json!(-1.0), "too_small"),
        ("limit", json!("1"), "invalid_type"),
        ("offset", json!(true), "invalid_type"),
    ] {
        let reply = api.post(path, json!({key: bad})).await;
        let body = reply.expect_error(400, "validation_type");
        assert_eq!(body["validation_errors"][0]["code"], code, "{key}: {bad}");
        assert_eq!(
            body["validation_errors"][0]["path"],
            json!([key]),
            "{key}: {bad}"
        );
    }
    let attributes = "/v2/objects/people/attributes";
    let all = api.get(attributes).await.data().as_array().unwrap().len();
    assert!(all > 2);
    for (query, expected) in [
        ("limit=1.0", 1),
        ("limit=2&offset=1.0", 2),
        ("offset=1e0", all - 1),
    ] {
        let reply = api.get(&format!("{attributes}?{query}")).await;
        assert_eq!(reply.data().as_array().unwrap().len(), expected, "{query}");
    }
    let id = common::record_id(&api.post(path, json!({"limit": 1})).await.data()[0]);
    let values = format!("/v2/objects/people/records/{id}/attributes/email_addresses/values");
    let one = api.get(&format!("{values}?limit=1.0&offset=0.0")).await;
    assert_eq!(one.data().as_array().unwrap().len(), 1);
    for bad in [
        "limit=1.5",
        "limit=-1",
        "offset=-0.5",
        "limit=one",
        "limit=+1",
        "limit=inf",
    ] {
        for base in [attributes, values.as_str()] {
            let reply = api.get(&format!("{base}?{bad}")).await;
            reply.expect_error(400, "validation_type");
        }
    }
}

/// One sort key of a returned record as the test reads it: the first value's field (a
/// select's option title), `None` when the record has no value or the field is null.
fn sort_key(record: &Value, slug: &str, field: Option<&str>) -> Option<Value> {
    let first = record["values"][slug].get(0)?;
    let key = match (slug, field) {
        ("size", _) => first["option"]["title"].clone(),
        (_, Some(field)) => first[field].clone(),
        ("who", None) => first["full_name"].clone(),
        _ => first["value"].clone(),
    };
    (!key.is_null()).then_some(key)
}

/// The documented rule: values in their natural order, empty values after every value
/// (last ascending, first descending, as in Postgres).
fn by_rule(a: &Option<Value>, b: &Option<Value>, descending: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let order = match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap()
            .partial_cmp(&y.as_f64().unwrap())
            .unwrap(),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x), Some(y)) => panic!("keys of one attribute differ in type: {x} {y}"),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    };
    if descending { order.reverse() } else { order }
}

/// Issue 8 item 12: sorting by a field that is empty or null on some records returned them
/// unsorted. Random records, several attribute types and fields, both directions, one and
/// two sort keys: zero inversions under the rule, ties in creation order.
#[tokio::test]
async fn sorting_by_a_field_with_nulls_is_total() {
    let api = things().await;
    let choices: [(&str, Vec<Value>); 9] = [
        (
            "label",
            vec![
                json!("apple"),
                json!("banana"),
                json!("cherry"),
                json!("date"),
            ],
        ),
        (
            "amount",
            vec![
                json!(1),
                json!(2.5),
                json!(-3),
                json!(0),
                json!(10),
                json!(1.0),
            ],
        ),
        ("done", vec![json!(true), json!(false)]),
        (
            "day",
            vec![
                json!("2024-01-02"),
                json!("2023-12-31"),
                json!("2024-02-29"),
            ],
        ),
        (
            "at",
            vec![
                json!("2024-01-01T10:00:00Z"),
                json!("2024-01-01T09:30:00+02:00"),
                json!("2023-06-01T00:00:00.5Z"),
            ],
        ),
        ("stars", vec![json!(0), json!(3), json!(5)]),
        (
            "size",
            vec![json!("small"), json!("medium"), json!("large")],
        ),
        (
            "who",
            vec![
                json!({"first_name": "Ada", "last_name": "Lovelace"}),
                json!({"first_name": "Alan"}),
                json!({"first_name": "Grace", "last_name": "Hopper"}),
            ],
        ),
        (
            "place",
            vec![
                json!("1 Main St, Springfield, IL, 62701, US"),
                json!("Somewhere"),
                json!("2 High St, Oxford, OX1 1AA, GB"),
            ],
        ),
    ];
    let mut rng = fastrand::Rng::with_seed(812);
    for _ in 0..60 {
        let mut values = serde_json::Map::new();
        for (slug, options) in &choices {
            if rng.u8(0..10) < 7 {
                values.insert(
                    (*slug).to_owned(),
                    options[rng.usize(..options.len())].clone(),
                );
            }
        }
        api.create("things", Value::Object(values)).await;
    }
    let query = |sorts: Value| {
        let api = &api;
        async move {
            let reply = api
                .post("/v2/objects/things/records/query", json!({"sorts": sorts}))
                .await;
            reply.data().as_array().unwrap().clone()
        }
    };
    let created: Vec<Value> = query(json!([]))
        .await
        .iter()
        .map(|r| r["id"]["record_id"].clone())
        .collect();
    let position = |r: &Value| {
        created
            .iter()
            .position(|id| *id == r["id"]["record_id"])
            .unwrap()
    };
    let keys: [(&str, Option<&str>); 12] = [
        ("label", None),
        ("amount", None),
        ("done", None),
        ("day", None),
        ("at", None),
        ("stars", None),
        ("size", None),
        ("who", None),
        ("who", Some("last_name")),
        ("place", Some("locality")),
        ("place", Some("country_code")),
        ("place", Some("postcode")),
    ];
    let mut plans: Vec<Vec<(&str, Option<&str>, bool)>> = Vec::new();
    for (slug, field) in keys {
        for descending in [false, true] {
            plans.push(vec![(slug, field, descending)]);
        }
    }
    plans.push(vec![("done", None, true), ("amount", None, false)]);
    plans.push(vec![
        ("place", Some("locality"), false),
        ("label", None, true),
    ]);
    for plan in plans {
        let sorts: Vec<Value> = plan
            .iter()
            .map(|(slug, field, descending)| {
                let direction = if *descending { "desc" } else { "asc" };
                let mut sort = json!({"attribute": slug, "direction": direction});
                if let Some(field) = field {
                    sort["field"] = json!(field);
                }
                sort
            })
            .collect();
        let records = query(json!(sorts)).await;
        assert_eq!(records.len(), created.len());
        let (slug, field, _) = plan[0];
        let keyed: Vec<_> = records
            .iter()
            .map(|r| {
                let keys: Vec<_> = plan.iter().map(|(s, f, _)| sort_key(r, s, *f)).collect();
                (keys, position(r))
            })
            .collect();
        assert!(
            keyed.iter().any(|(k, _)| k[0].is_none()),
            "{slug} {field:?} has empty records"
        );
        let mut inversions = 0;
        for (i, (a, pa)) in keyed.iter().enumerate() {
            for (b, pb) in &keyed[i + 1..] {
                let order = plan
                    .iter()
                    .zip(a.iter().zip(b))
                    .map(|((_, _, descending), (x, y))| by_rule(x, y, *descending))
                    .find(|o| o.is_ne())
                    .unwrap_or(pa.cmp(pb));
                inversions += usize::from(order.is_gt());
            }
        }
        assert_eq!(inversions, 0, "{sorts:?}");
    }
}
