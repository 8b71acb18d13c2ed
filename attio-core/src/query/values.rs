//! Which filter operators each value type offers, and which Rust values can be their
//! operands. Every trait here is a compile-time capability: a handle whose value type
//! lacks one has no such operator (a compile error naming the type and the fix).
//!
//! | Value type (the field's element type, or a property marker) | Operators (Attio's attribute-type pages) |
//! |---|---|
//! | `String` (text) | `$eq`, `$in`, `$contains`, `$starts_with`, `$ends_with`, `$not_empty` |
//! | [`Text`] (a text-like property: `last_name`, `email_domain`, `locality`, …), [`Email`], [`Domain`], [`PhoneNumber`], [`PersonalName`] | `$eq`, `$contains`, `$starts_with`, `$ends_with`, `$not_empty` |
//! | numbers, [`Currency`], [`Rating`], [`Date`], [`Timestamp`] (and jiff's) | `$eq`, `$lt`, `$lte`, `$gt`, `$gte`, `$not_empty` |
//! | `bool`, [`Select`], [`Status`], [`Tag`] (`interaction_type`, `currency_code`, …), [`ObjectSlug`] | `$eq`, `$not_empty` |
//! | [`RecordId`] (`record_id`, `target_record_id`) | `$eq`, `$in`, `$not_empty` |
//! | [`CountryCode`] (a location's or phone number's `country_code`) | `$eq`, `$starts_with`, `$not_empty` |
//! | [`RecordRef`], [`Location`], [`ActorReference`], [`Interaction`] | `$not_empty` on the attribute; the rest through properties ([`Attr::target_record_id`](super::Attr::target_record_id), [`Attr::locality`](super::Attr::locality), …) |
//! | [`Converted`] (a field converted `with` a module, or of a generic type) | `$eq` with a raw JSON operand, `$not_empty` |

use serde_json::Value;

use crate::record::{AttributeValue, TypedValue};
use crate::value::{
    ActorReference, Currency, CurrencyValue, Date, Domain, DomainValue, Email, EmailAddressValue,
    FromAttio, Interaction, Location, PersonalName, PhoneNumber, Rating, RecordRef,
    RecordReferenceValue, Select, SelectOption, Status, StatusOption, Timestamp,
};

/// The element type of a field type: `T` for `T`, `Option<T>` and `Vec<T>`. The derive
/// types each field's handle by it, so `Option<Email>` and `Vec<Email>` filter like `Email`.
pub trait FilterField {
    /// The element type.
    type Value;
}

impl<T: FromAttio> FilterField for T {
    type Value = T;
}
impl<T: FromAttio> FilterField for Option<T> {
    type Value = T;
}
impl<T: FromAttio> FilterField for Vec<T> {
    type Value = T;
}

/// The element type of the field type `V`.
pub type Element<V> = <V as FilterField>::Value;

/// The property markers are their own element type.
macro_rules! own_element {
    ($($ty:ty),+) => {$(
        impl FilterField for $ty {
            type Value = $ty;
        }
    )+};
}

own_element!(Text, Tag, RecordId, ObjectSlug, CountryCode, Converted);

/// A value type a filter handle can have: it can be sorted on and tested with
/// `$not_empty`; the other traits of this module add operators.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no typed filters",
    label = "no filter operators for `{Self}`",
    note = "attio_core's value types (String, Email, numbers, Date, RecordRef, ...) have typed filters; for your own type use `Filter::raw(json!(...))`"
)]
pub trait FilterValue {}

/// The value type has `$eq`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with `eq`",
    label = "no `$eq` on `{Self}`",
    note = "compare one of its properties instead (e.g. `.target_record_id()`, `.locality()`), or use `Filter::raw(json!(...))`"
)]
pub trait Equatable: FilterValue {}

/// The value type has `$in` (Attio documents it for text and record ids).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `$in` (Attio offers it on text attributes and record ids)",
    label = "no `$in` on `{Self}`",
    note = "combine `eq` conditions with `Filter::any([...])` instead"
)]
pub trait InSet: Equatable {}

/// The value type has `$starts_with`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `$starts_with` (Attio offers it on text-like values)",
    label = "no `$starts_with` on `{Self}`",
    note = "string operators exist on text, email, domain, phone number and personal-name values and their text properties"
)]
pub trait Prefix: Equatable {}

/// The value type has `$contains` and `$ends_with`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `$contains` or `$ends_with` (Attio offers them on text-like values)",
    label = "no substring operators on `{Self}`",
    note = "string operators exist on text, email, domain, phone number and personal-name values and their text properties"
)]
pub trait Substring: Prefix {}

/// The value type has `$lt`, `$lte`, `$gt` and `$gte`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with `lt`/`lte`/`gt`/`gte`",
    label = "`{Self}` is not ordered in Attio's filters",
    note = "Attio orders numbers, currency, ratings, dates and timestamps"
)]
pub trait Ordered: Equatable {}

/// A Rust value usable as the operand of a filter on a `V` handle.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be compared with a `{V}` attribute",
    label = "expected an operand for a `{V}` attribute",
    note = "pass a value of the attribute's own type (or `&str` for text-like values)"
)]
pub trait Operand<V: ?Sized> {
    /// The operand's JSON.
    fn to_operand(self) -> Value;
}

/// A text-like property of an attribute value (a personal name's `last_name`, an email's
/// `email_domain`, a location's `locality`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text;

/// A property compared only for equality (`interaction_type`, `currency_code`,
/// `referenced_actor_type`, `owner_member_id`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag;

/// A record's id (`record_id`, or a reference's `target_record_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordId;

/// An object's slug (a reference's `target_object`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectSlug;

/// An ISO 3166-1 alpha-2 country code property (`$eq` and `$starts_with`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryCode;

/// The value type of a field converted `with` a module, or of a generic type: the derive
/// cannot know its Attio type, so its operands are raw JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Converted;

/// Each value type once, with the operators it offers: every one is a [`FilterValue`], and
/// the traits listed after it (with their supertraits: the compiler checks the list).
macro_rules! offers {
    ($($($ty:ty),+ => $ops:tt;)+) => {$($(
        offers!(@one $ty, $ops);
    )+)+};
    (@one $ty:ty, [$($op:ident),*]) => {
        impl FilterValue for $ty {}
        $(impl $op for $ty {})*
    };
}

offers! {
    String => [Equatable, InSet, Prefix, Substring];
    Text, Email, EmailAddressValue, Domain, DomainValue, PhoneNumber, PersonalName
        => [Equatable, Prefix, Substring];
    CountryCode => [Equatable, Prefix];
    RecordId => [Equatable, InSet];
    i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64,
        Currency, CurrencyValue, Rating, Date, jiff::civil::Date, Timestamp, jiff::Timestamp
        => [Equatable, Ordered];
    bool, Select, SelectOption, Status, StatusOption, Tag, ObjectSlug, Converted => [Equatable];
    RecordRef, RecordReferenceValue, Location, ActorReference, Interaction, TypedValue,
        AttributeValue => [];
}

/// Strings are operands of every value type Attio compares as a string (for select and
/// status: the option's title or id).
macro_rules! string_operands {
    ($($ty:ty),+) => {$(
        impl Operand<$ty> for &str {
            fn to_operand(self) -> Value {
                Value::from(self)
            }
        }
        impl Operand<$ty> for String {
            fn to_operand(self) -> Value {
                Value::from(self)
            }
        }
        impl Operand<$ty> for &String {
            fn to_operand(self) -> Value {
                Value::from(self.as_str())
            }
        }
    )+};
}

string_operands!(
    String,
    Text,
    Tag,
    RecordId,
    ObjectSlug,
    CountryCode,
    Email,
    EmailAddressValue,
    Domain,
    DomainValue,
    PhoneNumber,
    PersonalName,
    Select,
    SelectOption,
    Status,
    StatusOption
);

/// Values that are operands of their own type (and its read form), written as Attio
/// reads them in filters.
macro_rules! own_operands {
    ($($ty:ty => [$($target:ty),+] as |$v:ident| $json:expr;)+) => {$($(
        impl Operand<$target> for $ty {
            fn to_operand(self) -> Value {
                let $v = self;
                $json
            }
        }
    )+)+};
}

own_operands! {
    bool => [bool] as |v| Value::Bool(v);
    Email => [Email, EmailAddressValue, Text] as |v| Value::from(v.as_str());
    &Email => [Email, EmailAddressValue, Text] as |v| Value::from(v.as_str());
    Domain => [Domain, DomainValue, Text] as |v| Value::from(v.as_str());
    &Domain => [Domain, DomainValue, Text] as |v| Value::from(v.as_str());
    Currency => [Currency, CurrencyValue] as |v| currency(v);
    Rating => [Rating] as |v| Value::from(v.stars());
    u8 => [Rating] as |v| Value::from(v);
    Date => [Date] as |v| Value::from(v.to_string());
    jiff::civil::Date => [Date, jiff::civil::Date] as |v| Value::from(v.to_string());
    Timestamp => [Timestamp, jiff::Timestamp] as |v| Value::from(v.to_string());
    jiff::Timestamp => [Timestamp, jiff::Timestamp] as |v| Value::from(Timestamp::from(v).to_string());
    Value => [Converted] as |v| v;
}

/// A whole amount as an integer (`500`, as the guide writes it), else as the currency
/// serializes (a number when exact as a float, else a decimal string).
fn currency(amount: Currency) -> Value {
    const UNIT: i64 = 10_000;
    let tenths = amount.ten_thousandths();
    if tenths % UNIT == 0 {
        Value::from(tenths / UNIT)
    } else {
        serde_json::to_value(amount).unwrap_or(Value::Null)
    }
}

/// Numbers are operands of their own type; a float that is not finite becomes `null`,
/// which equals and orders with nothing.
macro_rules! number_operands {
    ($($ty:ty),+) => {$(
        impl Operand<$ty> for $ty {
            fn to_operand(self) -> Value {
                Value::from(self)
            }
        }
    )+};
}

number_operands!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64);
