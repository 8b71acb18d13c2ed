//! `#[derive(AttioValue)]` enums of select and status options through a derived struct, the
//! client and the emulator: options by title (renamed or as written) read back as their
//! variants, an option the enum does not know round-trips through the `other` variant, and
//! without one it is a decode error naming the attribute and the option; the schema check
//! compares the enums' declared types.

use attio_core::schema::{AttributeType, DriftKind};
use attio_core::{AttioRecord, AttioValue, Error, Status};
use attio_emulator::{AttributeSpec, AttributeType as T, Emulator, EmulatorConfig, ObjectSpec};
use attio_testkit::emulator::*;
use serde_json::json;

fn deals() -> ObjectSpec {
    ObjectSpec::new("deals")
        .attribute(AttributeSpec::new("key", T::Text).unique().required())
        .attribute(AttributeSpec::new("plan", T::Select).options([
            "Free",
            "Pro plan",
            "Enterprise",
        ]))
        .attribute(AttributeSpec::new("stage", T::Status).statuses(["Lead", "In progress", "Won"]))
        .attribute(
            AttributeSpec::new("tags", T::Select)
                .multiselect()
                .options(["red", "green"]),
        )
}

#[derive(Debug, Clone, PartialEq, AttioValue)]
#[attio(select)]
enum Plan {
    Free,
    #[attio(rename = "Pro plan")]
    Pro,
    #[attio(other)]
    Other(String),
}

/// No `other` variant: a status added later is a decode error.
#[derive(Debug, Clone, PartialEq, AttioValue)]
#[attio(status)]
enum Stage {
    Lead,
    #[attio(rename = "In progress")]
    InProgress,
    Won,
}

#[derive(Debug, Clone, PartialEq, AttioValue)]
#[attio(select)]
enum Tag {
    #[attio(rename = "red")]
    Red,
    #[attio(rename = "green")]
    Green,
}

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "deals")]
struct Deal {
    #[attio(unique)]
    key: String,
    plan: Plan,
    stage: Option<Stage>,
    tags: Vec<Tag>,
}

async fn start() -> Emulator {
    Emulator::start(EmulatorConfig::for_tests().with_object(deals()))
        .await
        .expect("the emulator starts")
}

#[tokio::test]
async fn options_read_back_as_their_variants() {
    let emu = start().await;
    let client = client(&emu);
    let report = client.check_schema::<Deal>().await.expect("check");
    assert!(report.is_ok() && report.unchecked.is_empty(), "{report}");

    let written = Deal {
        key: "d-1".into(),
        plan: Plan::Pro,
        stage: Some(Stage::InProgress),
        tags: vec![Tag::Green, Tag::Red],
    };
    let id = asserted_id(&client, &written).await;
    assert_eq!(Deal::get(&client, &id).await.expect("get"), written);
    let stored = stored(&emu, "deals", &id);
    assert_eq!(
        current(&stored, "plan")[0]["option"]["title"],
        json!("Pro plan")
    );
    assert_eq!(
        current(&stored, "stage")[0]["status"]["title"],
        json!("In progress")
    );
}

#[tokio::test]
async fn an_option_the_enum_does_not_know_round_trips_through_other() {
    let emu = start().await;
    let client = client(&emu);
    let written = Deal {
        key: "d-2".into(),
        plan: Plan::Other("Enterprise".into()),
        stage: None,
        tags: Vec::new(),
    };
    let id = asserted_id(&client, &written).await;
    let back = Deal::get(&client, &id).await.expect("get");
    assert_eq!(back.plan, Plan::Other("Enterprise".into()));
    assert_eq!(back.plan.title(), "Enterprise");
    // Written back unchanged.
    assert_eq!(asserted_id(&client, &back).await, id);
    assert_eq!(Deal::get(&client, &id).await.expect("get"), written);
}

#[tokio::test]
async fn without_other_an_unknown_option_is_a_decode_error() {
    let emu = start().await;
    let client = client(&emu);
    client
        .create_status("deals", "stage", "Lost")
        .await
        .expect("a new status");

    /// The same record, its stage written as a plain `Status` by title.
    #[derive(AttioRecord)]
    #[attio(object = "deals")]
    struct RawDeal {
        #[attio(unique)]
        key: String,
        plan: Plan,
        stage: Status,
    }
    let raw = RawDeal {
        key: "d-3".into(),
        plan: Plan::Free,
        stage: Status::by_title("Lost"),
    };
    let id = raw.assert(&client).await.expect("assert").id().to_owned();
    let error = Deal::get(&client, &id).await.expect_err("Lost is no Stage");
    let Error::Record(decode) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(decode.attribute, "stage");
    assert_eq!(
        error.to_string(),
        "attribute `stage`: the status `Lost` is none of `Stage`'s (Lead, In progress, Won); \
         add a variant for it, or an `#[attio(other)]` variant that keeps options the enum does not know"
    );
}

#[tokio::test]
async fn the_schema_check_compares_an_enum_with_its_attribute_type() {
    let emu = start().await;
    let client = client(&emu);

    /// A select enum on the status attribute.
    #[derive(AttioRecord)]
    #[attio(object = "deals")]
    struct Swapped {
        #[attio(unique)]
        key: String,
        #[attio(slug = "stage")]
        plan: Option<Plan>,
    }
    let report = client.check_schema::<Swapped>().await.expect("check");
    assert_eq!(
        report.kinds(),
        [&DriftKind::TypeMismatch {
            attio: AttributeType::Status,
            field: &[AttributeType::Select],
        }],
        "{report}"
    );
}
