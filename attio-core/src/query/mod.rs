//! Reading Attio back: typed filters and sorts, and queries that run as lazy streams.
//!
//! ```no_run
//! # use attio_core::{AttioRecord, Client, Email};
//! # #[derive(AttioRecord)]
//! # #[attio(object = "users")]
//! # struct User {
//! #     #[attio(slug = "user_id", unique)]
//! #     id: String,
//! #     #[attio(slug = "primary_email_address", unique)]
//! #     email: Email,
//! # }
//! # async fn run(client: Client) -> Result<(), attio_core::Error> {
//! use futures_util::TryStreamExt;
//!
//! let user = User::fields();
//! let users: Vec<User> = client
//!     .query::<User>()
//!     .filter(user.email.email_domain().eq("example.com"))
//!     .sort(user.id.ascending())
//!     .stream()
//!     .try_collect()
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! - **Handles**: `#[derive(AttioRecord)]` generates `User::fields()`, one [`Attr`] per
//!   stored field, typed by the field's type (`Option<Email>` and `Vec<Email>` filter
//!   like `Email`: operators read the element type, [`Element`](values::Element)), plus `record_id` and `created_at`. The operators a handle offers
//!   follow Attio's attribute-type pages ([`values`] lists them); an operator the type
//!   lacks, or an operand of another type, does not compile.
//! - **Filters**: operators build a [`Condition`] (several on one handle are ANDed on the
//!   same property, as Attio reads them); conditions and [`Filter`]s compose with `&`,
//!   `|` and `!` (Attio's `$and`, `$or`, `$not`). [`Filter::raw`] sends any JSON.
//! - **Paths**: properties (`.last_name()`, `.email_domain()`, `.country_code()`, …) and,
//!   for record references, `.target_record_id()`, `.references(object, id)` and
//!   `.through(&Other::fields().attr)` (Attio's `path` filters and sorts).
//! - **Streams**: [`Query::stream`] fetches a page only when the consumer needs it, through
//!   the client's one pipeline (paced as a read, retried); [`Paging`] documents what offset
//!   paging does when records change during a stream and the keyset mode that never
//!   yields a record twice.
//! - **Search**: [`Client::search_records`], Attio's fuzzy search across objects.

mod attr;
mod builder;
mod endpoint;
mod filter;
mod item;
mod props;
mod search;
mod stream;
pub mod values;

pub use attr::{Attr, Condition, Sort};
pub use builder::Query;
pub(crate) use builder::Source;
pub use filter::Filter;
pub use item::QueryItem;
pub use search::{RequestAs, SearchHit, SearchQuery};
pub use stream::{MAX_PAGE_SIZE, Paging};
pub use values::{
    Converted, CountryCode, Equatable, FilterField, FilterValue, InSet, ObjectSlug, Operand,
    Ordered, Prefix, RecordId, Substring, Tag, Text,
};

use crate::client::Client;
use crate::entry::AttioEntry;
use crate::object::AttioRecord;
use crate::record::Record;

impl Client {
    /// A query on the records of `T`'s object, yielding `T`s; see [`Query`].
    pub fn query<T: AttioRecord + QueryItem>(&self) -> Query<T> {
        Query::new(self.clone(), T::OBJECT.to_owned(), Source::records())
    }

    /// An untyped query on the records of `object` (for objects without a struct),
    /// yielding [`Record`]s; filter with [`Filter::raw`] or handles built with
    /// [`Attr::new`].
    pub fn records(&self, object: &str) -> Query<Record> {
        Query::new(self.clone(), object.to_owned(), Source::records())
    }

    /// A query on the entries of `E`'s list, yielding `E`s; filter and sort with
    /// `E::fields()` (the entry's attributes, its parent and paths into the parent) and
    /// run it like a records query. For a list without a struct,
    /// [`EntriesHandler::query`](crate::client::EntriesHandler::query) yields
    /// [`Entry`](crate::list::Entry)s.
    ///
    /// The README's example:
    ///
    /// ```no_run
    /// # use attio_core::{AttioRecord, Client, Email, PersonalName};
    /// # #[derive(AttioRecord)]
    /// # #[attio(object = "people")]
    /// # struct Person {
    /// #     #[attio(unique)]
    /// #     person_key: String,
    /// #     email_addresses: Vec<Email>,
    /// #     name: Option<PersonalName>,
    /// # }
    /// # #[derive(AttioRecord)]
    /// # #[attio(list = "sales", parent = "people")]
    /// # struct Deal {
    /// #     #[attio(parent = "email_addresses")]
    /// #     email: Email,
    /// #     stage: Option<String>,
    /// #     tags: Vec<String>,
    /// # }
    /// # async fn run(client: Client) -> Result<(), attio_core::Error> {
    /// use futures_util::TryStreamExt;
    ///
    /// let (deal, person) = (Deal::fields(), Person::fields());
    /// let mut deals = client
    ///     .query_entries::<Deal>()
    ///     .filter(deal.stage.eq("Won"))
    ///     .filter(deal.email.email_domain().eq("example.com"))
    ///     .sort(deal.parent_record.through(&person.name).last_name().ascending())
    ///     .stream();
    /// while let Some(deal) = deals.try_next().await? {
    ///     println!("{} {:?}", deal.email, deal.stage);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn query_entries<E: AttioEntry + Send + 'static>(&self) -> Query<E> {
        Query::new(self.clone(), E::LIST.to_owned(), Source::entries_as())
    }
}
