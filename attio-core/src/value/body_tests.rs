//! A body encoded straight from the fields says exactly what the `values` map says.

use std::borrow::Cow;

use serde_json::{Value, json};

use crate::client::write_body;
use crate::error::{Error, ValueError};
use crate::value::json_body::is_empty_json;
use crate::value::writer::is_empty;
use crate::value::{
    Email, FieldWrite, JsonOut, MAX_TEXT_BYTES, RecordRef, Timestamp, ToAttio, ToAttioField,
    ValuesWriter,
};

const ID: &str = "72ef5fea-4919-4208-b332-1339ab8ba040";

/// `write_attio_json` appends the very bytes `to_attio`'s value serialises to, or fails
/// with the same error.
fn writes_its_value<T: ToAttio + ?Sized>(value: &T) {
    let mut out = JsonOut::new();
    match (value.to_attio(), value.write_attio_json(&mut out)) {
        (Ok(expected), Ok(())) => assert_eq!(
            String::from_utf8_lossy(out.bytes()),
            serde_json::to_string(&expected).unwrap()
        ),
        (Err(expected), Err(error)) => assert_eq!(error, expected),
        (expected, written) => panic!("to_attio {expected:?}, written {written:?}"),
    }
}

#[test]
fn every_value_type_writes_the_json_of_its_value() {
    for text in [
        "",
        "  ",
        "plain",
        "quote \" backslash \\ newline \n tab \t",
        "é ü 日本 🦀",
    ] {
        writes_its_value(text);
        writes_its_value(&text.to_owned());
        writes_its_value(&Cow::Borrowed(text));
        writes_its_value(&Box::new(text.to_owned()));
    }
    writes_its_value("x".repeat(MAX_TEXT_BYTES + 1).as_str());
    writes_its_value(&Email::new("Ada@Example.com").unwrap());
    writes_its_value(&true);
    writes_its_value(&false);
    writes_its_value(&RecordRef::new("workspaces", ID));
    writes_its_value(&RecordRef::new("", ID));
    writes_its_value(&RecordRef::new("workspaces", ""));
    writes_its_value(&RecordRef::new("work\"spaces", "id\\"));
    writes_its_value(&RecordRef::matching("people", "email_addresses", "a@b.com"));
    // Types without their own writer go through their value.
    writes_its_value(&42_i64);
    writes_its_value(&f64::INFINITY);
    writes_its_value(&"2024-01-02T03:04:05Z".parse::<Timestamp>().unwrap());
}

#[test]
fn a_field_writes_what_its_write_field_holds() {
    fn same<F: ToAttioField + ?Sized>(field: &F) {
        let mut out = JsonOut::new();
        let present = field.write_field_json(&mut out).unwrap();
        match field.write_field().unwrap() {
            FieldWrite::Set(value) => {
                assert!(present);
                assert_eq!(out.bytes(), serde_json::to_vec(&value).unwrap());
            }
            FieldWrite::Absent => assert!(!present && out.bytes().is_empty()),
        }
    }
    same(&Some("a".to_owned()));
    same(&None::<String>);
    same(&Vec::<RecordRef>::new());
    same(&vec![
        RecordRef::new("workspaces", ID),
        RecordRef::new("users", ID),
    ]);
    same(&vec!["a", "b"]);
    same(&Some(Email::new("a@b.com").unwrap()));
}

#[test]
fn emptiness_is_judged_alike_on_bytes_and_on_values() {
    for value in [
        json!(""),
        json!("   "),
        json!("\u{a0}\t\n"),
        json!("\u{a0}\u{3000}\u{2028}"),
        json!("\u{3000}é"),
        json!("a\"b"),
        json!(" \" "),
        json!("x"),
        json!(" x "),
        json!([]),
        json!([""]),
        json!(["", " "]),
        json!(["", "a"]),
        json!([[], [""]]),
        json!(null),
        json!([null]),
        json!(0),
        json!(false),
        json!({}),
        json!({"a": ""}),
        json!([{}]),
    ] {
        let bytes = serde_json::to_vec(&value).unwrap();
        assert_eq!(is_empty_json(&bytes), is_empty(&value), "{value}");
    }
    // Bytes that are no single JSON value are not empty.
    for bytes in [&b"\""[..], b"\"\"\"", b"nul", b""] {
        assert!(!is_empty_json(bytes), "{bytes:?}");
    }
}

/// Every way a field reaches the writer, as generated code and a `with` field call it.
fn write_fields(values: &mut ValuesWriter, id: &str, tags: &[&str]) -> Result<(), Error> {
    let workspaces = vec![
        RecordRef::new("workspaces", ID),
        RecordRef::new("users", ID),
    ];
    id.write_into(values, "user_id", true, false)?;
    Email::new("ada@example.com").unwrap().write_into(
        values,
        "primary_email_address",
        true,
        false,
    )?;
    None::<RecordRef>.write_into(values, "person", false, false)?;
    None::<String>.write_into(values, "nickname", false, true)?;
    None::<String>.write_into(values, "unique_but_cleared", true, true)?;
    workspaces.write_into(values, "workspace", false, false)?;
    tags.to_vec().write_into(values, "tags", false, false)?;
    true.write_into(values, "active", false, false)?;
    7_i64.write_into(values, "seats", false, false)?;
    let custom = Ok(FieldWrite::Set(json!({"amount": 1, "code": "EUR"})));
    values.field("plan_price", custom, false, false)?;
    values.field("gone", Ok(FieldWrite::Absent), false, false)
}

fn map_body(id: &str, tags: &[&str]) -> Result<Value, Error> {
    let mut writer = ValuesWriter::new();
    write_fields(&mut writer, id, tags)?;
    Ok(write_body(writer.into_values()))
}

fn encoded_body(id: &str, tags: &[&str]) -> Result<Value, Error> {
    let mut writer = ValuesWriter::body();
    write_fields(&mut writer, id, tags)?;
    let bytes = writer.into_body().expect("no attribute written twice");
    Ok(serde_json::from_slice(&bytes).expect("the body is JSON"))
}

#[test]
fn an_encoded_body_says_what_the_map_says() {
    for tags in [&[][..], &["a"], &["a", "b \"c\""]] {
        let encoded = encoded_body("usr_1", tags).unwrap();
        assert_eq!(encoded, map_body("usr_1", tags).unwrap());
    }
    let encoded = encoded_body("usr_1", &[]).unwrap();
    let values = &encoded["data"]["values"];
    assert_eq!(values["nickname"], json!([]), "clear_on_none sends []");
    assert!(
        values.get("person").is_none(),
        "an absent field sends nothing"
    );
    assert!(values.get("gone").is_none());
}

#[test]
fn an_empty_unique_value_fails_alike_and_names_its_attribute() {
    for id in ["", "   "] {
        let (Err(encoded), Err(map)) = (encoded_body(id, &[]), map_body(id, &[])) else {
            panic!("an empty unique value must fail");
        };
        assert_eq!(encoded.to_string(), map.to_string());
        assert!(
            matches!(
                &encoded,
                Error::InvalidValue { attribute, reason: ValueError::EmptyUnique }
                    if attribute == "user_id"
            ),
            "{encoded:?}"
        );
    }
}

#[test]
fn an_attribute_written_twice_is_left_to_the_map() {
    let mut writer = ValuesWriter::body();
    "first"
        .write_into(&mut writer, "name", false, false)
        .unwrap();
    "other"
        .write_into(&mut writer, "other", false, false)
        .unwrap();
    "last"
        .write_into(&mut writer, "name", false, false)
        .unwrap();
    assert!(writer.clone().into_body().is_none());
    assert_eq!(
        writer.into_values()["name"],
        json!("last"),
        "the last write wins"
    );
}

#[test]
fn a_failed_field_leaves_nothing_of_itself() {
    let mut writer = ValuesWriter::body();
    "a".write_into(&mut writer, "name", false, false).unwrap();
    let long = "x".repeat(MAX_TEXT_BYTES + 1);
    let error = long
        .write_into(&mut writer, "bio", false, false)
        .unwrap_err();
    assert!(matches!(error, Error::InvalidValue { ref attribute, .. } if attribute == "bio"));
    "b".write_into(&mut writer, "title", false, false).unwrap();
    let body: Value = serde_json::from_slice(&writer.into_body().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"data": {"values": {"name": "a", "title": "b"}}})
    );
}

/// A record written by hand: `twice` writes `name` a second time (the map keeps the last).
struct Hand {
    twice: bool,
}

impl crate::object::AttioRecord for Hand {
    const OBJECT: &'static str = "users";
    const MATCHING_ATTRIBUTE: crate::object::Unique<Self> = crate::object::Unique::__new("user_id");

    fn write_values(&self, values: &mut ValuesWriter) -> Result<(), Error> {
        "u1".write_into(values, "user_id", true, false)?;
        "first".write_into(values, "name", false, false)?;
        if self.twice {
            "last".write_into(values, "name", false, false)?;
        }
        Ok(())
    }

    fn from_record(_: &crate::record::Record) -> Result<Self, crate::error::DecodeError> {
        unreachable!("only written in these tests")
    }
}

#[test]
fn the_body_bytes_are_the_body_in_field_order_and_the_map_when_a_slug_repeats() {
    use crate::object::AttioRecord;
    let once = Hand { twice: false };
    assert_eq!(
        once.to_body_json().unwrap(),
        br#"{"data":{"values":{"user_id":"u1","name":"first"}}}"#
    );
    let twice = Hand { twice: true };
    let bytes = twice.to_body_json().unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&bytes).unwrap(),
        twice.to_body().unwrap()
    );
    assert_eq!(
        twice.to_body().unwrap()["data"]["values"]["name"],
        json!("last")
    );
}
