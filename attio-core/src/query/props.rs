//! The properties of composite values (Attio's "field paths"): a personal name's
//! `last_name`, an email's `email_domain`, a location's `country_code`, a reference's
//! `target_record_id`, …, each a handle typed by what it holds. Which properties exist
//! and what they support follows Attio's attribute-type pages.

use serde_json::{Map, Value};

use super::values::{CountryCode, ObjectSlug, Operand, RecordId, Tag, Text};
use super::{Attr, Filter};
use crate::value::{
    ActorReference, Currency, CurrencyValue, Domain, DomainValue, Email, EmailAddressValue,
    Interaction, Location, PersonalName, PhoneNumber, RecordRef, RecordReferenceValue, Timestamp,
};

/// Property handles on the handles of `$ty`: `name => Marker` per property.
macro_rules! properties {
    ($($ty:ty { $($name:ident => $marker:ty),+ $(,)? })+) => {$(
        properties!(@one $ty { $($name => $marker),+ });
        properties!(@one Option<$ty> { $($name => $marker),+ });
        properties!(@one Vec<$ty> { $($name => $marker),+ });
    )+};
    (@one $ty:ty { $($name:ident => $marker:ty),+ }) => {
        impl<R> Attr<R, $ty> {$(
            #[doc = concat!("The `", stringify!($name), "` property of the values.")]
            pub fn $name(&self) -> Attr<R, $marker> {
                self.field(stringify!($name))
            }
        )+}
    };
}

properties! {
    PersonalName { first_name => Text, last_name => Text, full_name => Text }
    Email {
        email_address => Text, original_email_address => Text, email_domain => Text,
        email_root_domain => Text, email_local_specifier => Text,
    }
    EmailAddressValue {
        email_address => Text, original_email_address => Text, email_domain => Text,
        email_root_domain => Text, email_local_specifier => Text,
    }
    Domain { domain => Text, root_domain => Text }
    DomainValue { domain => Text, root_domain => Text }
    Location {
        line_1 => Text, line_2 => Text, line_3 => Text, line_4 => Text, locality => Text,
        region => Text, postcode => Text, country_code => CountryCode,
    }
    PhoneNumber { phone_number => Text, original_phone_number => Text, country_code => CountryCode }
    Currency { currency_value => Currency, currency_code => Tag }
    CurrencyValue { currency_value => Currency, currency_code => Tag }
    RecordRef { target_object => ObjectSlug, target_record_id => RecordId }
    RecordReferenceValue { target_object => ObjectSlug, target_record_id => RecordId }
    ActorReference { referenced_actor_type => Tag, referenced_actor_id => Tag }
    Interaction { interaction_type => Tag, interacted_at => Timestamp, owner_member_id => Tag }
}

/// Filters that name several properties of one value at once, and walks through
/// references, for `$ty`.
macro_rules! references {
    ($($ty:ty),+) => {$(
        references!(@one $ty);
        references!(@one Option<$ty>);
        references!(@one Vec<$ty>);
    )+};
    (@one $ty:ty) => {
        impl<R> Attr<R, $ty> {
            /// A value refers to the record `record_id` of `object`
            /// (`{"company": {"target_object": "companies", "target_record_id": "…"}}`).
            pub fn references(&self, object: &str, record_id: impl Operand<RecordId>) -> Filter<R> {
                let props = Map::from_iter([
                    ("target_object".to_owned(), Value::from(object)),
                    ("target_record_id".to_owned(), record_id.to_operand()),
                ]);
                Filter::raw(self.wrap(Value::Object(props)))
            }

            /// `next`, an attribute of the records this reference points to, as a handle
            /// of `R`: filters and sorts on it use Attio's `path`
            /// (`user.person.through(&Person::fields().name).last_name().eq("Lovelace")`).
            pub fn through<T, W>(&self, next: &Attr<T, W>) -> Attr<R, W> {
                self.hop(next)
            }
        }
    };
}

references!(RecordRef, RecordReferenceValue);

macro_rules! actors {
    ($($ty:ty),+) => {$(
impl<R> Attr<R, $ty> {
    /// A value was written by the actor `id` of `actor_type` (`workspace-member`,
    /// `api-token`, …): Attio filters actor references by both properties at once.
    pub fn actor(&self, actor_type: &str, id: &str) -> Filter<R> {
        let props = Map::from_iter([
            ("referenced_actor_type".to_owned(), Value::from(actor_type)),
            ("referenced_actor_id".to_owned(), Value::from(id)),
        ]);
        Filter::raw(self.wrap(Value::Object(props)))
    }
}
    )+};
}

actors!(ActorReference, Option<ActorReference>, Vec<ActorReference>);
