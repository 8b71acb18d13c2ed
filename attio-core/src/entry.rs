//! [`AttioEntry`]: a struct stored as an entry of an Attio list, which
//! `#[derive(AttioRecord)]` implements for a struct with `#[attio(list = "...", parent = "...")]`.
//!
//! The parent field names the record the entry belongs to: `#[attio(parent)]` on a record id
//! (`String`) or a [`RecordRef`] (by id, or matching a unique attribute), or
//! `#[attio(parent = "<unique attribute>")]` on a field holding the parent's value of that
//! attribute. A parent named by a unique value is looked up first (one records query).

use std::future::Future;

use serde_json::{Map, Value};

use crate::client::{Client, RecordQuery};
use crate::error::{DecodeError, Error};
use crate::list::Entry;
use crate::record::Record;
use crate::value::{RecordRef, ValuesWriter};

/// How an entry names its parent record.
#[derive(Debug, Clone, PartialEq)]
pub enum ParentKey {
    /// By record id.
    Id(String),
    /// By the value of a unique attribute of the parent object.
    Matching {
        /// The attribute's slug.
        attribute: String,
        /// The value, as written to Attio.
        value: Value,
    },
}

/// A field type that can name an entry's parent record with `#[attio(parent)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot name the parent record of a list entry",
    label = "not a record id or a `RecordRef`",
    note = "`#[attio(parent)]` takes a record id (`String`) or an `attio_core::RecordRef`; for a unique value of the parent (an email, a domain), write `#[attio(parent = \"<attribute slug>\")]`"
)]
pub trait ParentField: Sized {
    /// The key to find the parent by.
    fn parent_key(&self) -> Result<ParentKey, Error>;
    /// The field, read back from an entry's parent.
    fn from_parent(object: &str, record_id: &str) -> Self;
}

impl ParentField for String {
    fn parent_key(&self) -> Result<ParentKey, Error> {
        Ok(ParentKey::Id(self.clone()))
    }

    fn from_parent(_object: &str, record_id: &str) -> Self {
        record_id.to_owned()
    }
}

impl ParentField for RecordRef {
    fn parent_key(&self) -> Result<ParentKey, Error> {
        if let Some(id) = self.record_id() {
            return Ok(ParentKey::Id(id.to_owned()));
        }
        match self.matching_attribute() {
            Some((attribute, value)) => Ok(ParentKey::Matching {
                attribute: attribute.to_owned(),
                value: value.to_json().map_err(|reason| Error::InvalidValue {
                    attribute: attribute.to_owned(),
                    reason,
                })?,
            }),
            None => Err(Error::Config(
                "a RecordRef names its record by id or by a matching attribute".into(),
            )),
        }
    }

    fn from_parent(object: &str, record_id: &str) -> Self {
        RecordRef::new(object, record_id)
    }
}

/// A struct stored as an entry of an Attio list. Implemented by `#[derive(AttioRecord)]`
/// with `#[attio(list = "...", parent = "...")]`.
///
/// Retry safety follows the records: [`assert`](Self::assert) (by parent) and
/// [`overwrite`](Self::overwrite) are repeatable and retried; [`create`](Self::create) and
/// [`update`](Self::update) are not.
pub trait AttioEntry: Sized {
    /// The list's slug or id.
    const LIST: &'static str;
    /// The slug of the list's parent object.
    const PARENT_OBJECT: &'static str;
    /// Whether reading the struct needs the parent record (a parent named by a unique value).
    const PARENT_FROM_RECORD: bool;

    /// How the struct names its parent record.
    fn parent_key(&self) -> Result<ParentKey, Error>;

    /// Writes every entry value (not the parent, not skipped fields) into `values`.
    fn write_values(&self, values: &mut ValuesWriter) -> Result<(), Error>;

    /// Reads the struct from an entry (and its parent record when
    /// [`PARENT_FROM_RECORD`](Self::PARENT_FROM_RECORD)).
    fn from_entry(entry: &Entry, parent: Option<&Record>) -> Result<Self, DecodeError>;

    /// The `entry_values` of a write.
    fn to_values(&self) -> Result<Map<String, Value>, Error> {
        let mut writer = ValuesWriter::new();
        self.write_values(&mut writer)?;
        Ok(writer.into_values())
    }

    /// Creates the parent's entry or updates it, overwriting multi-value attributes
    /// (`PUT /v2/lists/{list}/entries`).
    fn assert(&self, client: &Client) -> impl Future<Output = Result<Entry, Error>> + Send {
        by_parent::<Self>(self, client, ByParent::Assert)
    }

    /// Adds a new entry for the parent (`POST /v2/lists/{list}/entries`); not retried.
    fn create(&self, client: &Client) -> impl Future<Output = Result<Entry, Error>> + Send {
        by_parent::<Self>(self, client, ByParent::Create)
    }

    /// Updates an entry by id, adding to multi-value attributes (`PATCH`); not retried.
    fn update(
        &self,
        client: &Client,
        entry_id: &str,
    ) -> impl Future<Output = Result<Entry, Error>> + Send {
        by_id::<Self>(self, client, entry_id, false)
    }

    /// Updates an entry by id, replacing multi-value attributes (`PUT`).
    fn overwrite(
        &self,
        client: &Client,
        entry_id: &str,
    ) -> impl Future<Output = Result<Entry, Error>> + Send {
        by_id::<Self>(self, client, entry_id, true)
    }

    /// Reads an entry by id into the struct (and its parent record, when the parent field
    /// is a unique value of it).
    fn get(client: &Client, entry_id: &str) -> impl Future<Output = Result<Self, Error>> + Send {
        let (client, entry_id) = (client.clone(), entry_id.to_owned());
        async move {
            let entry = client.entries(Self::LIST).get(&entry_id).await?;
            let parent = parent_record::<Self>(&client, &entry).await?;
            Ok(Self::from_entry(&entry, parent.as_ref())?)
        }
    }

    /// Deletes an entry by id.
    fn delete(client: &Client, entry_id: &str) -> impl Future<Output = Result<(), Error>> + Send {
        let (client, entry_id) = (client.clone(), entry_id.to_owned());
        async move { client.entries(Self::LIST).delete(&entry_id).await }
    }
}

/// The entry's parent record when `E` reads fields from it
/// ([`PARENT_FROM_RECORD`](AttioEntry::PARENT_FROM_RECORD)), else `None` (no request).
async fn parent_record<E: AttioEntry>(
    client: &Client,
    entry: &Entry,
) -> Result<Option<Record>, Error> {
    if !E::PARENT_FROM_RECORD {
        return Ok(None);
    }
    let parent = client
        .get_record(E::PARENT_OBJECT, &entry.parent_record_id)
        .await?;
    Ok(Some(parent))
}

/// One entry of a query's page read into `E`: a decode error is an
/// [`Error::RecordDecode`] naming the entry id and the list, as for records.
pub(crate) async fn read_entry<E: AttioEntry>(client: Client, entry: Entry) -> Result<E, Error> {
    let parent = parent_record::<E>(&client, &entry).await?;
    E::from_entry(&entry, parent.as_ref()).map_err(|error| Error::RecordDecode {
        object: E::LIST.to_owned(),
        record_id: entry.entry_id().to_owned(),
        reason: Box::new(error.into()),
    })
}

/// The two writes that name the parent.
enum ByParent {
    Assert,
    Create,
}

/// [`AttioEntry::assert`] and [`AttioEntry::create`]: resolve the parent, then write.
fn by_parent<E: AttioEntry>(
    entry: &E,
    client: &Client,
    write: ByParent,
) -> impl Future<Output = Result<Entry, Error>> + Send + use<E> {
    let prepared = entry
        .parent_key()
        .and_then(|key| Ok((key, entry.to_values()?)));
    let client = client.clone();
    async move {
        let (key, values) = prepared?;
        let parent = resolve_parent(&client, E::PARENT_OBJECT, key).await?;
        let entries = client.entries(E::LIST);
        match write {
            ByParent::Assert => entries.assert(E::PARENT_OBJECT, &parent, values).await,
            ByParent::Create => entries.create(E::PARENT_OBJECT, &parent, values).await,
        }
    }
}

/// [`AttioEntry::update`] (`PATCH`) and [`AttioEntry::overwrite`] (`PUT`).
fn by_id<E: AttioEntry>(
    entry: &E,
    client: &Client,
    entry_id: &str,
    overwrite: bool,
) -> impl Future<Output = Result<Entry, Error>> + Send + use<E> {
    let values = entry.to_values();
    let (client, entry_id) = (client.clone(), entry_id.to_owned());
    async move {
        let entries = client.entries(E::LIST);
        if overwrite {
            entries.overwrite(&entry_id, values?).await
        } else {
            entries.update(&entry_id, values?).await
        }
    }
}

/// The parent's record id: as given, or the one record of `object` whose `attribute`
/// holds the value (one query for at most two records).
///
/// # Errors
/// [`Error::ParentNotFound`] when no record or several match.
pub async fn resolve_parent(
    client: &Client,
    object: &str,
    key: ParentKey,
) -> Result<String, Error> {
    match key {
        ParentKey::Id(id) => Ok(id),
        ParentKey::Matching { attribute, value } => {
            let mut filter = Map::new();
            filter.insert(attribute.clone(), value);
            let query = RecordQuery::new().filter(Value::Object(filter)).limit(2);
            let found = client.query_records(object, &query).await?;
            match found.as_slice() {
                [one] => Ok(one.id().to_owned()),
                many => Err(Error::ParentNotFound {
                    object: object.to_owned(),
                    attribute,
                    matches: many.len(),
                }),
            }
        }
    }
}

/// `ParentKey::Matching` for `#[attio(parent = "slug")]` fields. Not a public API: used by
/// generated code.
#[doc(hidden)]
pub fn __matching<T: crate::value::ToAttio + ?Sized>(
    attribute: &'static str,
    value: &T,
) -> Result<ParentKey, Error> {
    let value = value.to_attio().map_err(|reason| Error::InvalidValue {
        attribute: attribute.to_owned(),
        reason,
    })?;
    Ok(ParentKey::Matching {
        attribute: attribute.to_owned(),
        value,
    })
}

/// Reads a `#[attio(parent = "slug")]` field from the parent record. Not a public API: used
/// by generated code.
#[doc(hidden)]
pub fn __from_parent_record<T: crate::value::FromAttioField>(
    parent: Option<&Record>,
    slug: &'static str,
) -> Result<T, DecodeError> {
    match parent {
        Some(record) => record.field(slug),
        None => Err(DecodeError {
            attribute: slug.to_owned(),
            kind: crate::error::DecodeErrorKind::Missing,
        }),
    }
}
