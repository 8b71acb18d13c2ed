//! A workspace's schema: the typed models of Attio's objects, attributes, select options
//! and statuses ([`Attribute`], [`AttributeType`], …), the client operations that read and
//! change them ([`Client::list_attributes`](crate::Client::list_attributes) and
//! friends), the metadata `#[derive(AttioRecord)]` generates ([`FieldSchema`]) and the
//! check that the two agree ([`Client::check_schema`](crate::Client::check_schema)).

mod api;
mod changes;
mod check;
mod field;
mod model;
mod rust_type;
mod target;

pub use api::ATTRIBUTE_PAGE;
pub(crate) use api::data;
pub use attio_model::{AttributeFlags, AttributeType};
pub use changes::{ChoiceUpdate, NewObject, ObjectUpdate};
pub use check::{
    Drift, DriftKind, SchemaClaim, SchemaError, SchemaReport, Unchecked, UncheckedReason,
    assert_schema_matches,
};
pub use field::{Cardinality, FieldSchema, RecordSchema};
pub use model::{
    Attribute, AttributeConfig, AttributeId, AttributeOption, AttributeStatus, AttributeUpdate,
    CurrencyConfig, NewAttribute, NewRelationship, Object, ObjectId, OptionId,
    RecordReferenceConfig, Relationship, StatusId,
};
pub use rust_type::rust_type_for;
pub use target::SchemaTarget;
