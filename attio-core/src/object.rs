//! The [`AttioRecord`] trait that `#[derive(AttioRecord)]` implements, the typed handle of
//! a unique attribute, [`Unique`], and the marker of a field that is not unique,
//! [`NotUnique`].

use std::future::Future;
use std::marker::PhantomData;

use reqwest::Method;

use crate::client::{Client, Payload};
use crate::error::{DecodeError, Error};
use crate::record::Record;
use crate::value::ValuesWriter;

/// A unique attribute of the record type `R`, usable as the matching attribute of an
/// assert. `#[derive(AttioRecord)]` generates one associated constant per `unique` field
/// (field `email` gives `User::EMAIL`), so [`AttioRecord::assert_on`] only accepts
/// attributes that are unique on that struct.
pub struct Unique<R> {
    slug: &'static str,
    record: PhantomData<fn() -> R>,
}

impl<R> Unique<R> {
    /// Used by generated code; do not call it yourself (it would bypass the check that the
    /// attribute is declared `unique`).
    #[doc(hidden)]
    pub const fn __new(slug: &'static str) -> Self {
        Self {
            slug,
            record: PhantomData,
        }
    }

    /// The attribute's slug.
    pub const fn slug(&self) -> &'static str {
        self.slug
    }
}

impl<R> Clone for Unique<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Unique<R> {}
impl<R> std::fmt::Debug for Unique<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Unique").field(&self.slug).finish()
    }
}
impl<R> PartialEq for Unique<R> {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug
    }
}
impl<R> Eq for Unique<R> {}

/// The marker `#[derive(AttioRecord)]` generates for each field that is not `unique`
/// (hidden from the docs): `User::NAME` exists so that `user.assert_on(&client, User::NAME)`
/// fails to compile with a hint to add `#[attio(unique)]`, instead of rustc's bare "no
/// associated item named `NAME`". It cannot be matched on.
pub struct NotUnique<R> {
    record: PhantomData<fn() -> R>,
}

impl<R> NotUnique<R> {
    /// Used by generated code.
    #[doc(hidden)]
    pub const fn __new() -> Self {
        Self {
            record: PhantomData,
        }
    }
}

/// What [`AttioRecord::assert_on`] matches on: implemented only by [`Unique<R>`], the
/// handles the derive generates for `#[attio(unique)]` fields (sealed).
#[diagnostic::on_unimplemented(
    message = "`assert_on` matches only on a unique attribute of `{R}`, and this field is not `#[attio(unique)]`",
    label = "not a unique attribute of `{R}`",
    note = "add `#[attio(unique)]` to the field (the attribute must be unique in Attio too), or pass the constant of a unique field"
)]
pub trait MatchingAttribute<R>: sealed::Sealed {
    /// The attribute's slug.
    fn slug(&self) -> &'static str;
}

impl<R> MatchingAttribute<R> for Unique<R> {
    fn slug(&self) -> &'static str {
        self.slug
    }
}

mod sealed {
    /// Keeps [`MatchingAttribute`](super::MatchingAttribute) to the handles the derive checks.
    pub trait Sealed {}
    impl<R> Sealed for super::Unique<R> {}
}

/// A Rust type stored as a record of an Attio object. Derive it with
/// `#[derive(AttioRecord)]`; implementing it by hand is possible but rarely needed.
///
/// Every operation, against a local emulator (the same calls work against Attio):
///
/// ```
/// use attio_core::{AttioRecord, Email};
///
/// #[derive(AttioRecord, Debug, PartialEq)]
/// #[attio(object = "users")]
/// struct User {
///     #[attio(slug = "user_id", unique)]
///     id: String,
///     #[attio(slug = "primary_email_address", unique)]
///     email: Email,
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emu = attio_emulator::Emulator::start(attio_emulator::EmulatorConfig::for_tests()).await?;
/// # let client = attio_core::Client::builder().base_url(emu.base_url()).token(emu.token()).build()?;
/// let user = User { id: "u1".into(), email: Email::new("ada@example.com")? };
/// let created = user.assert(&client).await?; // upsert on user_id
/// let again = user.assert_on(&client, User::EMAIL).await?; // upsert on the email instead
/// assert_eq!(again.id(), created.id());
/// let renamed = User { email: Email::new("ada@example.org")?, ..user };
/// renamed.update(&client, created.id()).await?; // PATCH: multi-value attributes gain values
/// renamed.overwrite(&client, created.id()).await?; // PUT: multi-value attributes are replaced
/// let back = User::get(&client, created.id()).await?;
/// assert_eq!(back, renamed);
/// # Ok(())
/// # }
/// ```
pub trait AttioRecord: Sized {
    /// The object's api slug (`users`, `people`, or a custom object).
    const OBJECT: &'static str;
    /// The attribute `assert` matches on (the container's `matching`, or the first
    /// `unique` field).
    const MATCHING_ATTRIBUTE: Unique<Self>;

    /// Writes every non-skipped field into `values`.
    fn write_values(&self, values: &mut ValuesWriter) -> Result<(), Error>;

    /// Reads the struct from a record; skipped fields take their `Default`.
    fn from_record(record: &Record) -> Result<Self, DecodeError>;

    /// The `data.values` object of a write request for this struct.
    fn to_values(&self) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
        let mut writer = ValuesWriter::new();
        self.write_values(&mut writer)?;
        Ok(writer.into_values())
    }

    /// The JSON body of a write request for this struct, `{"data": {"values": …}}`: the
    /// JSON [`assert`](Self::assert), [`update`](Self::update) and
    /// [`overwrite`](Self::overwrite) send. (They encode it straight from the fields, in
    /// field order, without building this `Value`; as JSON the two are equal.)
    fn to_body(&self) -> Result<serde_json::Value, Error> {
        self.to_values().map(crate::client::write_body)
    }

    /// The bytes [`assert`](Self::assert), [`update`](Self::update) and
    /// [`overwrite`](Self::overwrite) send as their body: [`to_body`](Self::to_body)
    /// serialised, attributes in field order. For sending a write through an HTTP stack of
    /// one's own, or for comparing against a captured request.
    fn to_body_json(&self) -> Result<Vec<u8>, Error> {
        payload(self)?
            .into_json()
            .map(Vec::from)
            .map_err(crate::client::unserialisable)
    }

    /// Creates or updates the record matching on [`Self::MATCHING_ATTRIBUTE`]
    /// (`PUT /v2/objects/{object}/records?matching_attribute={slug}`).
    fn assert(&self, client: &Client) -> impl Future<Output = Result<Record, Error>> + Send {
        self.assert_on(client, Self::MATCHING_ATTRIBUTE)
    }

    /// Creates or updates the record matching on another unique attribute: one of the
    /// [`Unique`] constants the derive generates (`User::EMAIL`). Passing a field that is not
    /// `#[attio(unique)]` does not compile.
    fn assert_on(
        &self,
        client: &Client,
        matching: impl MatchingAttribute<Self>,
    ) -> impl Future<Output = Result<Record, Error>> + Send {
        let payload = payload(self);
        let (client, slug) = (client.clone(), matching.slug());
        async move { client.assert_payload(Self::OBJECT, slug, payload?).await }
    }

    /// Updates a record by id, adding to multi-value attributes
    /// (`PATCH /v2/objects/{object}/records/{record_id}`).
    fn update(
        &self,
        client: &Client,
        record_id: &str,
    ) -> impl Future<Output = Result<Record, Error>> + Send {
        let payload = payload(self);
        let (client, record_id) = (client.clone(), record_id.to_owned());
        async move {
            client
                .write_by_id(Method::PATCH, (Self::OBJECT, &record_id), payload?)
                .await
        }
    }

    /// Updates a record by id, replacing multi-value attributes
    /// (`PUT /v2/objects/{object}/records/{record_id}`).
    fn overwrite(
        &self,
        client: &Client,
        record_id: &str,
    ) -> impl Future<Output = Result<Record, Error>> + Send {
        let payload = payload(self);
        let (client, record_id) = (client.clone(), record_id.to_owned());
        async move {
            client
                .write_by_id(Method::PUT, (Self::OBJECT, &record_id), payload?)
                .await
        }
    }

    /// Reads a record by id and decodes it into the struct
    /// (`GET /v2/objects/{object}/records/{record_id}`).
    fn get(client: &Client, record_id: &str) -> impl Future<Output = Result<Self, Error>> + Send {
        let (client, record_id) = (client.clone(), record_id.to_owned());
        async move {
            let record = client.get_record(Self::OBJECT, &record_id).await?;
            Ok(Self::from_record(&record)?)
        }
    }
}

/// What `record`'s writes send: its body encoded straight from the fields, or (when a
/// hand-written `write_values` writes an attribute twice, where the map keeps the last)
/// its `values` map.
fn payload<R: AttioRecord>(record: &R) -> Result<Payload, Error> {
    let mut writer = ValuesWriter::body();
    record.write_values(&mut writer)?;
    match writer.into_body() {
        Some(body) => Ok(Payload::Encoded(body.into())),
        None => record.to_values().map(Payload::Values),
    }
}
