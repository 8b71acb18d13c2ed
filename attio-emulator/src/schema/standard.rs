//! The standard objects `users`, `people`, `workspaces` and `companies` with the writable
//! attributes Attio documents (attio-api.md §5), and the resolution of specs into defs.

use super::{
    AttributeDef, AttributeSpec, AttributeType as T, Inverse, ObjectDef, ObjectSpec, OptionDef,
};

/// Relationship pairs among the standard objects: `(object, attribute, object, attribute)`.
const RELATIONSHIPS: &[(&str, &str, &str, &str)] = &[
    ("users", "person", "people", "associated_users"),
    ("users", "workspace", "workspaces", "users"),
    (
        "workspaces",
        "company",
        "companies",
        "associated_workspaces",
    ),
    ("people", "company", "companies", "team"),
];

/// Social-profile text attributes shared by people and companies.
const SOCIAL: &[&str] = &["angellist", "facebook", "instagram", "linkedin", "twitter"];

fn reference(slug: &str, target: &str) -> AttributeSpec {
    AttributeSpec::new(slug, T::RecordReference).targets([target])
}

fn with_social(mut spec: ObjectSpec) -> ObjectSpec {
    for slug in SOCIAL {
        spec = spec.attribute(AttributeSpec::new(*slug, T::Text));
    }
    spec
}

fn nouns(mut spec: ObjectSpec, singular: &str, plural: &str) -> ObjectSpec {
    spec.singular_noun = Some(singular.to_owned());
    spec.plural_noun = Some(plural.to_owned());
    spec
}

/// The specs of the four standard objects, in the order `GET /v2/objects` lists them.
pub fn standard_objects() -> Vec<ObjectSpec> {
    let users = nouns(ObjectSpec::new("users"), "User", "Users")
        .attribute(reference("person", "people"))
        .attribute(
            AttributeSpec::new("primary_email_address", T::EmailAddress)
                .required()
                .unique(),
        )
        .attribute(AttributeSpec::new("user_id", T::Text).required().unique())
        .attribute(reference("workspace", "workspaces").multiselect());
    let workspaces = nouns(ObjectSpec::new("workspaces"), "Workspace", "Workspaces")
        .attribute(
            AttributeSpec::new("workspace_id", T::Text)
                .required()
                .unique(),
        )
        .attribute(AttributeSpec::new("name", T::Text))
        .attribute(reference("users", "users").multiselect())
        .attribute(reference("company", "companies"))
        .attribute(AttributeSpec::new("avatar_url", T::Text));
    let people = nouns(ObjectSpec::new("people"), "Person", "People")
        .attribute(
            AttributeSpec::new("email_addresses", T::EmailAddress)
                .unique()
                .multiselect(),
        )
        .attribute(AttributeSpec::new("name", T::PersonalName))
        .attribute(reference("company", "companies"))
        .attribute(AttributeSpec::new("description", T::Text))
        .attribute(AttributeSpec::new("job_title", T::Text))
        .attribute(AttributeSpec::new("phone_numbers", T::PhoneNumber).multiselect())
        .attribute(AttributeSpec::new("primary_location", T::Location));
    let people =
        with_social(people).attribute(reference("associated_users", "users").multiselect());
    let companies = nouns(ObjectSpec::new("companies"), "Company", "Companies")
        .attribute(
            AttributeSpec::new("domains", T::Domain)
                .unique()
                .multiselect(),
        )
        .attribute(AttributeSpec::new("name", T::Text))
        .attribute(AttributeSpec::new("description", T::Text))
        .attribute(reference("team", "people").multiselect())
        .attribute(
            AttributeSpec::new("categories", T::Select)
                .multiselect()
                .options([
                    "B2B",
                    "B2C",
                    "SaaS",
                    "E-commerce",
                    "Enterprise",
                    "Technology",
                ]),
        )
        .attribute(AttributeSpec::new("primary_location", T::Location));
    let companies = with_social(companies)
        .attribute(reference("associated_workspaces", "workspaces").multiselect());
    vec![people, companies, users, workspaces]
}

/// The system attributes every object carries, resolved for one object.
fn system_attributes(new_id: &mut dyn FnMut() -> String, now: &str) -> Vec<AttributeDef> {
    [
        ("record_id", "Record ID", T::Text),
        ("created_at", "Created at", T::Timestamp),
        ("created_by", "Created by", T::ActorReference),
    ]
    .into_iter()
    .map(|(slug, title, kind)| system_attribute(new_id(), slug, title, kind, now))
    .collect()
}

/// A system attribute (not writable through the API; unique for `record_id`).
pub(crate) fn system_attribute(
    id: String,
    slug: &str,
    title: &str,
    kind: T,
    now: &str,
) -> AttributeDef {
    AttributeDef {
        id,
        api_slug: slug.to_owned(),
        title: title.to_owned(),
        kind,
        is_required: false,
        is_unique: slug == "record_id",
        is_multiselect: false,
        is_system: true,
        options: Vec::new(),
        statuses: Vec::new(),
        target_objects: Vec::new(),
        inverse: None,
        currency_code: None,
        is_archived: false,
        description: None,
        created_at: now.to_owned(),
    }
}

/// Turns a spec attribute into a def with fresh ids.
pub(crate) fn resolve_attribute(
    spec: &AttributeSpec,
    new_id: &mut dyn FnMut() -> String,
    now: &str,
) -> AttributeDef {
    let mut titled = |titles: &[String]| -> Vec<OptionDef> {
        titles
            .iter()
            .map(|t| OptionDef {
                id: new_id(),
                title: t.clone(),
                is_archived: false,
            })
            .collect()
    };
    let options = titled(&spec.options);
    let statuses = titled(&spec.statuses);
    AttributeDef {
        id: new_id(),
        api_slug: spec.api_slug.clone(),
        title: spec
            .title
            .clone()
            .unwrap_or_else(|| title_case(&spec.api_slug)),
        kind: spec.kind.clone(),
        is_required: spec.flags.is_required,
        is_unique: spec.flags.is_unique,
        is_multiselect: spec.flags.is_multiselect,
        is_system: false,
        options,
        statuses,
        target_objects: spec.target_objects.clone(),
        inverse: None,
        currency_code: spec.currency_code.clone(),
        is_archived: false,
        description: None,
        created_at: now.to_owned(),
    }
}

/// Turns a spec object into a def with fresh ids (system attributes first).
pub(crate) fn resolve_object(
    spec: &ObjectSpec,
    new_id: &mut dyn FnMut() -> String,
    now: &str,
) -> ObjectDef {
    let id = new_id();
    let mut attributes = system_attributes(new_id, now);
    for attribute in &spec.attributes {
        attributes.push(resolve_attribute(attribute, new_id, now));
    }
    ObjectDef {
        id,
        api_slug: spec.api_slug.clone(),
        singular_noun: spec
            .singular_noun
            .clone()
            .unwrap_or_else(|| title_case(&spec.api_slug)),
        plural_noun: spec
            .plural_noun
            .clone()
            .unwrap_or_else(|| title_case(&spec.api_slug)),
        created_at: now.to_owned(),
        attributes,
    }
}

/// Links the standard relationship pairs among `objects` (pairs whose objects are absent are skipped).
pub(crate) fn link_relationships(objects: &mut [ObjectDef]) {
    for (left_object, left_attr, right_object, right_attr) in RELATIONSHIPS {
        let present = |o: &str, a: &str, objects: &[ObjectDef]| {
            objects
                .iter()
                .any(|obj| obj.api_slug == o && obj.attribute(a).is_some())
        };
        if !present(left_object, left_attr, objects) || !present(right_object, right_attr, objects)
        {
            continue;
        }
        for (o, a, io, ia) in [
            (left_object, left_attr, right_object, right_attr),
            (right_object, right_attr, left_object, left_attr),
        ] {
            if let Some(def) = objects
                .iter_mut()
                .find(|obj| obj.api_slug == *o)
                .and_then(|obj| obj.attributes.iter_mut().find(|attr| attr.api_slug == *a))
            {
                def.inverse = Some(Inverse {
                    object: (*io).to_owned(),
                    attribute: (*ia).to_owned(),
                });
            }
        }
    }
}

/// `primary_email_address` → `Primary email address`.
fn title_case(slug: &str) -> String {
    let spaced = slug.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
