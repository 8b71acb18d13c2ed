//! The README's quickstart, runnable: a `User` asserted, asserted again on its email,
//! updated and read back.
//!
//! ```text
//! cargo run --example quickstart                     # against the in-process emulator
//! ATTIO_API_KEY=... cargo run --example quickstart   # against your Attio workspace
//! ```
//!
//! Without `ATTIO_API_KEY` it starts the bundled emulator in process. Either way it first
//! asserts the person and the workspace the user refers to (through the API, as any
//! client would), so the references resolve.

use std::error::Error;

use attio_core::{AttioRecord, Client, Email, Record, RecordRef};
use attio_emulator::{Emulator, EmulatorConfig};
use serde_json::{Map, Value, json};

/// The README's `User`.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
pub struct User {
    #[attio(slug = "user_id", unique)]
    pub id: String,
    #[attio(slug = "primary_email_address", unique)]
    pub email: Email,
    pub person: Option<RecordRef>,
    #[attio(slug = "workspace")]
    pub workspaces: Vec<RecordRef>,
    #[attio(skip)]
    pub password_hash: String,
}

/// The workspace the user belongs to, asserted on its `workspace_id`.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "workspaces")]
struct Workspace {
    #[attio(unique)]
    workspace_id: String,
    name: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let emulator = if std::env::var_os(attio_core::client::ENV_API_KEY).is_some() {
        None
    } else {
        Some(Emulator::start(EmulatorConfig::for_tests()).await?)
    };
    let client = match &emulator {
        None => Client::from_env()?,
        Some(emulator) => Client::builder()
            .base_url(emulator.base_url())
            .token(emulator.token())
            .build()?,
    };
    match &emulator {
        None => println!("Using Attio at {}", client.base_url()),
        Some(_) => println!(
            "ATTIO_API_KEY is not set: using the in-process emulator at {}",
            client.base_url()
        ),
    }

    run(&client).await?;
    if let Some(emulator) = emulator {
        println!("emulator: {} requests", emulator.stats().total());
        emulator.shutdown().await?;
    }
    Ok(())
}

/// The quickstart itself: asserts the person and workspace the user refers to, then
/// asserts the user on `user_id`, again on its email, updates its email by record id and
/// reads it back, printing each step. Returns the user read back.
///
/// # Errors
/// The first request that fails, or a user read back that differs from the one written.
pub async fn run(client: &Client) -> Result<User, Box<dyn Error>> {
    // The records the user refers to.
    let person = client
        .assert_record("people", "email_addresses", values(json!({
            "email_addresses": ["ada@example.com"],
            "name": [{"first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace"}],
        }))?)
        .await?;
    show("assert person ada@example.com", &person);
    let workspace = Workspace {
        workspace_id: "ws_quickstart".into(),
        name: Some("Quickstart".into()),
    }
    .assert(client)
    .await?;
    show("assert workspace ws_quickstart", &workspace);

    let mut user = User {
        id: "quickstart-1".into(),
        email: Email::new("ada@example.com")?,
        person: Some(RecordRef::new("people", person.id())),
        workspaces: vec![RecordRef::new("workspaces", workspace.id())],
        password_hash: "never sent to Attio".into(),
    };

    // PUT /v2/objects/users/records?matching_attribute=user_id
    let rec = user.assert(client).await?;
    show("assert user (matching user_id)", &rec);

    // PUT /v2/objects/users/records?matching_attribute=primary_email_address
    let rec = user.assert_on(client, User::EMAIL).await?;
    show("assert user (matching primary_email_address)", &rec);

    // PATCH /v2/objects/users/records/{record_id}
    user.email = Email::new("ada.lovelace@example.com")?;
    let rec = user.update(client, rec.id()).await?;
    show("update user's email", &rec);

    // GET /v2/objects/users/records/{record_id}, decoded into the struct
    let back = User::get(client, rec.id()).await?;
    println!("get user {}: {back:?}", rec.id());
    let expected = User {
        password_hash: String::new(),
        ..user
    };
    if back != expected {
        return Err(format!("read back {back:?}, expected {expected:?}").into());
    }
    println!(
        "The user read back equals the one written (the skipped password_hash is not stored)."
    );
    Ok(back)
}

/// The `values` object of a request.
fn values(value: Value) -> Result<Map<String, Value>, Box<dyn Error>> {
    match value {
        Value::Object(map) => Ok(map),
        _ => Err("values must be a JSON object".into()),
    }
}

fn show(what: &str, record: &Record) {
    println!(
        "{what}: ok, record {} (created {})",
        record.id(),
        record.created_at()
    );
}
