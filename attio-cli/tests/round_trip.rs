//! The generated code at work: the checked-in snapshots of `attio generate` for `users`
//! and `things` (every attribute type; `process.rs` checks they are what the command
//! prints) are compiled into this test, so it builds only if they compile, and their
//! structs round-trip records through the emulator.

mod common;

use attio_emulator::{Emulator, EmulatorConfig};
use attio_testkit::emulator::{asserted_id, client, member_id};

// The snapshots themselves, compiled in: this test builds only if the generated code
// compiles against attio-core and the derive. `rustfmt::skip` keeps `cargo fmt` from
// reformatting them: they are prettyplease's output, byte for byte.
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "snapshots/things.rs"]
mod things;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "snapshots/users.rs"]
mod users;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "snapshots/people.rs"]
mod people;
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "snapshots/companies.rs"]
mod companies;

use attio_core::value::ActorReference;
use attio_core::{
    AttioRecord, Client, Date, Domain, Email, Location, PersonalName, PhoneNumber, Rating,
    RecordRef, Timestamp,
};
use things::{Thing, ThingPlan, ThingStage, ThingTags};

/// A person to refer to.
async fn person(client: &Client) -> RecordRef {
    let record = client
        .create_record("people", serde_json::Map::new())
        .await
        .expect("create a person");
    RecordRef::new("people", record.id())
}

/// A `Thing` with every stored field set.
fn thing(owner: RecordRef, member: String) -> Thing {
    Thing {
        record_id: None,
        created_at: None,
        created_by: None,
        r#type: "widget".into(),
        self_: Some("itself".into()),
        count: Some(12.5),
        active: true,
        price: Some("4.99".parse().expect("a currency")),
        born_on: Some(Date::new(2024, 2, 29).expect("a leap day")),
        seen_at: Some(Timestamp::from_unix_nanos(1_709_231_400_123_456_789).expect("a time")),
        stars: Some(Rating::new(4).expect("4 stars")),
        stage: Some(ThingStage::InProgress),
        plan: Some(ThingPlan::V2024Plan),
        tags: vec![ThingTags::Red, ThingTags::Blue],
        owner: Some(owner),
        assignee: Some(ActorReference::workspace_member(member)),
        address: Some(Location {
            line_1: Some("1 Example Street".into()),
            locality: Some("London".into()),
            country_code: Some("GB".into()),
            ..Location::default()
        }),
        website: Some(Domain::new("example.com").expect("a domain")),
        email: Some(Email::new("ada@example.com").expect("an email")),
        phone: Some(PhoneNumber::new("+44 20 7946 0958").expect("a phone number")),
        last_call: None,
        name: Some(PersonalName::new("Ada", "Lovelace")),
        aliases: vec!["gadget".into(), "gizmo".into()],
        field_2fa_method: None,
        retired: None,
    }
}

#[tokio::test]
async fn every_type_round_trips_through_the_generated_struct() {
    let emu = common::emulator().await;
    let client = client(&emu);
    // The schema check agrees with the generator: no drift at all, and every field's type
    // is compared (the generated enums declare theirs).
    let report = client.check_schema::<Thing>().await.expect("check");
    assert!(report.is_ok() && report.unchecked.is_empty(), "{report}");

    let written = thing(person(&client).await, member_id(&emu).await);
    let record = written.assert(&client).await.expect("assert");
    let back = Thing::get(&client, record.id()).await.expect("get");
    // A phone number reads back with what Attio adds (its E.164 form and country).
    let phone = back.phone.clone().expect("a phone number");
    assert_eq!(phone.normalized(), Some("+442079460958"));
    let as_written = Thing {
        phone: written.phone.clone(),
        ..back.clone()
    };
    assert_eq!(as_written, written);

    // Asserting what was read back finds the same record and changes nothing.
    let again = back.assert(&client).await.expect("assert again");
    assert_eq!(again.id(), record.id());
    assert_eq!(Thing::get(&client, record.id()).await.expect("get"), back);
}

#[tokio::test]
async fn an_option_added_later_reads_as_other_and_is_written_back_unchanged() {
    let emu = common::emulator().await;
    let client = client(&emu);
    client
        .create_select_option("things", "plan", "Enterprise")
        .await
        .expect("add an option");
    client
        .create_status("things", "stage", "Churned")
        .await
        .expect("add a status");
    let written = Thing {
        plan: Some(ThingPlan::Other("Enterprise".into())),
        stage: Some(ThingStage::Other("Churned".into())),
        tags: vec![ThingTags::Other("green".into())],
        ..thing(person(&client).await, member_id(&emu).await)
    };
    // `green` is no option of `tags`: Attio rejects it, as it would any unknown title.
    let refused = written.assert(&client).await.expect_err("unknown tag");
    assert!(
        refused.is_validation() || refused.api().is_some(),
        "{refused}"
    );

    let written = Thing {
        tags: vec![ThingTags::Blue],
        ..written
    };
    let id = asserted_id(&client, &written).await;
    let back = Thing::get(&client, &id).await.expect("get");
    assert_eq!(back.plan, Some(ThingPlan::Other("Enterprise".into())));
    assert_eq!(back.stage, Some(ThingStage::Other("Churned".into())));
    back.assert(&client).await.expect("written back");
    let stored = client
        .get_record("things", &id)
        .await
        .expect("get the record");
    let plan: Vec<attio_core::Select> = stored
        .values("plan")
        .iter()
        .map(|v| attio_core::FromAttio::from_attio(v).expect("a select value"))
        .collect();
    assert_eq!(plan.len(), 1, "one current value: {plan:?}");
    assert_eq!(plan[0].title(), Some("Enterprise"));
    assert_eq!(Thing::get(&client, &id).await.expect("get"), back);
}

#[tokio::test]
async fn the_generated_users_struct_round_trips() {
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts");
    let client = client(&emu);
    let report = client.check_schema::<users::User>().await.expect("check");
    assert!(report.is_ok() && report.unchecked.is_empty(), "{report}");
    let written = users::User {
        record_id: None,
        created_at: None,
        created_by: None,
        person: Some(person(&client).await),
        primary_email_address: Email::new("ada@example.com").expect("an email"),
        user_id: "u-1".into(),
        workspace: Vec::new(),
    };
    let id = asserted_id(&client, &written).await;
    assert_eq!(users::User::get(&client, &id).await.expect("get"), written);
}

/// The structs generated for people and companies (matched on their unique multiselect
/// `email_addresses` and `domains`) agree with the workspace they came from.
#[tokio::test]
async fn the_generated_people_and_companies_match_the_workspace() {
    let emu = Emulator::start(EmulatorConfig::for_tests())
        .await
        .expect("the emulator starts");
    let client = client(&emu);
    let people = client
        .check_schema::<people::Person>()
        .await
        .expect("check");
    assert!(people.is_ok() && people.unchecked.is_empty(), "{people}");
    let companies = client
        .check_schema::<companies::Company>()
        .await
        .expect("check");
    assert!(
        companies.is_ok() && companies.unchecked.is_empty(),
        "{companies}"
    );
    assert_eq!(
        <people::Person as AttioRecord>::MATCHING_ATTRIBUTE.slug(),
        "email_addresses"
    );
    assert_eq!(
        <companies::Company as AttioRecord>::MATCHING_ATTRIBUTE.slug(),
        "domains"
    );
}
