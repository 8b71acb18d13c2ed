// Type parameters, where clauses and const generics pass through; the derive adds
// conversion bounds only for the fields that mention a type parameter.
use attio_core::{AttioRecord, DecodeError, Record};
use serde_json::json;

#[derive(AttioRecord)]
#[attio(object = "tickets")]
struct Ticket<T, S, const N: usize>
where
    S: Clone,
{
    #[attio(unique)]
    id: String,
    label: T,
    #[attio(slug = "watcher")]
    watchers: Vec<T>,
    #[attio(skip)]
    scratch: Option<S>,
}

/// Not convertible: `Ticket<String, NoConversion, 3>` is still fine because `S` is only
/// used in a skipped field.
#[derive(Clone)]
struct NoConversion;

fn assert_record<R: AttioRecord>() {}

fn main() {
    assert_record::<Ticket<String, NoConversion, 3>>();
    let _: fn(&Record) -> Result<Ticket<String, NoConversion, 3>, DecodeError> =
        Ticket::from_record;
    let ticket: Ticket<String, NoConversion, 3> = Ticket {
        id: "t-1".into(),
        label: "bug".into(),
        watchers: vec!["ada".into()],
        scratch: None,
    };
    let values = ticket.to_values().expect("valid values");
    assert_eq!(
        serde_json::Value::Object(values),
        json!({ "id": "t-1", "label": "bug", "watcher": ["ada"] })
    );
    assert_eq!(<Ticket<String, NoConversion, 3>>::ID.slug(), "id");
}
