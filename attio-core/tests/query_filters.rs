//! The typed filters and sorts write exactly the JSON of Attio's filtering guide and
//! attribute-type pages (docs.attio.com/rest-api/how-to/filtering-and-sorting, 2025 crawl,
//! and /docs/attribute-types/attribute-types-<type>; each example is named after its
//! caption there).
//!
//! A lone `$eq` is written in Attio's implicit form (`{"name": {"first_name": "John"}}`).
//! Where the guide spells the same equality explicitly (`{"$eq": …}`), the example is
//! compared after [`explicit`] rewrites both sides to the explicit form, which the guide
//! states is equivalent ("All shorthand syntaxes can be expressed in the verbose syntax").

use attio_core::query::{RecordId, Text};
use attio_core::value::ActorReference;
use attio_core::{
    AttioRecord, Attr, Currency, Date, Domain, Email, Filter, Location, PersonalName, PhoneNumber,
    RecordRef, Select, Sort, Status, Timestamp,
};
use serde_json::{Map, Value, json};

#[derive(AttioRecord)]
#[attio(object = "people")]
struct Person {
    #[attio(unique)]
    person_key: String,
    email_addresses: Vec<Email>,
    name: Option<PersonalName>,
    job_title: Option<String>,
    phone_numbers: Vec<PhoneNumber>,
    twitter_follower_count: Option<i64>,
    company: Option<RecordRef>,
    primary_location: Option<Location>,
}

#[derive(AttioRecord)]
#[attio(object = "companies")]
struct Company {
    #[attio(unique)]
    company_key: String,
    domains: Vec<Domain>,
    name: Option<String>,
    description: Option<String>,
    primary_location: Option<Location>,
    foundation_date: Option<Date>,
    team: Vec<RecordRef>,
    categories: Vec<Select>,
    amount_owed: Option<Currency>,
}

#[derive(AttioRecord)]
#[attio(object = "deals")]
struct Deal {
    #[attio(unique)]
    name: String,
    stage: Option<Status>,
    value: Option<Currency>,
}

/// A list entry of the guide's "Candidates" list (entries are not derived yet).
struct Candidate;

/// Deals' `owner` (an actor reference, read only: built by hand).
fn owner() -> Attr<Deal, ActorReference> {
    Attr::new("deals", "owner")
}

fn json_of<R>(filter: impl Into<Filter<R>>) -> Value {
    filter.into().into_json()
}

/// Rewrites every implicit equality to `{"$eq": v}` (both at attribute and property level,
/// and in path constraints), so equivalent filters compare equal.
fn explicit(filter: &Value) -> Value {
    fn ops(value: &Value) -> Value {
        match value {
            Value::Object(map) if map.keys().all(|k| k.starts_with('$')) => value.clone(),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), property(v)))
                    .collect::<Map<_, _>>(),
            ),
            other => json!({"$eq": other}),
        }
    }
    fn property(value: &Value) -> Value {
        match value {
            Value::Object(_) => value.clone(),
            other => json!({"$eq": other}),
        }
    }
    let Value::Object(map) = filter else {
        return filter.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let rewritten = match (key.as_str(), value) {
            ("$and" | "$or", Value::Array(list)) => {
                Value::Array(list.iter().map(explicit).collect())
            }
            ("$not", inner) => explicit(inner),
            ("path", path) => path.clone(),
            ("constraints", constraints) => ops(constraints),
            (_, value) => ops(value),
        };
        out.insert(key.clone(), rewritten);
    }
    Value::Object(out)
}

#[test]
fn the_filtering_guides_examples() {
    let person = Person::fields();
    let company = Company::fields();
    let deal = Deal::fields();

    // "Deals with an exact name" (written explicitly in the guide).
    let exact = json_of(deal.name.eq("Contract with Apple"));
    assert_eq!(exact, json!({"name": "Contract with Apple"}));
    assert_eq!(
        explicit(&exact),
        json!({"name": {"$eq": "Contract with Apple"}})
    );
    // Verbose filters: "People called John Smith with the email john@smith.com".
    let verbose = json_of(
        person.name.full_name().eq("John Smith")
            & person.email_addresses.email_address().eq("john@smith.com"),
    );
    assert_eq!(
        explicit(&verbose),
        json!({"$and": [
            {"name": {"full_name": {"$eq": "John Smith"}}},
            {"email_addresses": {"email_address": {"$eq": "john@smith.com"}}}
        ]})
    );
    // "Companies which have at least one domain".
    assert_eq!(
        json_of(company.domains.not_empty()),
        json!({"domains": {"$not_empty": true}})
    );
    // "Records where record_id is one of many values".
    assert_eq!(
        json_of(company.record_id.one_of([
            "000e8881-37cc-41d2-bc22-39fe35e76e6b",
            "592dc9d8-548b-4148-813f-1259055ca83c"
        ])),
        json!({"record_id": {"$in": ["000e8881-37cc-41d2-bc22-39fe35e76e6b", "592dc9d8-548b-4148-813f-1259055ca83c"]}})
    );
    // "Companies in New York".
    assert_eq!(
        json_of(company.primary_location.locality().contains("new york")),
        json!({"primary_location": {"locality": {"$contains": "new york"}}})
    );
    // "Companies with "LTD" in the name".
    assert_eq!(
        json_of(company.name.contains("LTD")),
        json!({"name": {"$contains": "LTD"}})
    );
    // "People with phone numbers starting +44".
    assert_eq!(
        json_of(person.phone_numbers.starts_with("+44")),
        json!({"phone_numbers": {"$starts_with": "+44"}})
    );
    // "People with a job title "X engineer"".
    assert_eq!(
        json_of(person.job_title.ends_with("of things")),
        json!({"job_title": {"$ends_with": "of things"}})
    );
    // "Phone number starts with +44 and ends with 798".
    assert_eq!(
        json_of(person.phone_numbers.starts_with("+44").ends_with("798")),
        json!({"phone_numbers": {"$starts_with": "+44", "$ends_with": "798"}})
    );
    // "People with 1000 or more Twitter followers", "... between 100 and 200 followers".
    assert_eq!(
        json_of(person.twitter_follower_count.gte(1000)),
        json!({"twitter_follower_count": {"$gte": 1000}})
    );
    assert_eq!(
        json_of(person.twitter_follower_count.gte(100).lt(200)),
        json!({"twitter_follower_count": {"$gte": 100, "$lt": 200}})
    );
    // "Companies founded in 2019".
    let day = |s: &str| s.parse::<Date>().expect("a date");
    assert_eq!(
        json_of(
            company
                .foundation_date
                .gte(day("2019-01-01"))
                .lte(day("2019-12-31"))
        ),
        json!({"foundation_date": {"$gte": "2019-01-01", "$lte": "2019-12-31"}})
    );
    // "Deals assigned to Lauren in the "In Progress" state".
    assert_eq!(
        json_of(deal.stage.eq("In Progress") & owner().actor("workspace-member", "[laurens-id]")),
        json!({"$and": [
            {"stage": "In Progress"},
            {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": "[laurens-id]"}}
        ]})
    );
    // "List entries on a kanban board in either the "One" or "Two" stage".
    assert_eq!(
        json_of(deal.stage.eq("One") | deal.stage.eq("Two")),
        json!({"$or": [{"stage": "One"}, {"stage": "Two"}]})
    );
    // "People not called John", "Deals not in the "In Progress" state".
    assert_eq!(
        json_of(!person.name.first_name().eq("John")),
        json!({"$not": {"name": {"first_name": "John"}}})
    );
    assert_eq!(
        json_of(!deal.stage.eq("In Progress")),
        json!({"$not": {"stage": "In Progress"}})
    );
    // "Companies with Apple in their name that aren't using an apple domain".
    assert_eq!(
        json_of(company.name.contains("Apple") & !company.domains.root_domain().eq("apple.com")),
        json!({"$and": [
            {"name": {"$contains": "Apple"}},
            {"$not": {"domains": {"root_domain": "apple.com"}}}
        ]})
    );
    // "Deals owned by Alice/Bob worth more than $500".
    let five_hundred = Currency::from(500);
    assert_eq!(
        json_of(
            (owner().actor("workspace-member", "[alices-id]")
                | owner().actor("workspace-member", "[bobs-id]"))
                & deal.value.gt(five_hundred)
        ),
        json!({"$and": [
            {"$or": [
                {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": "[alices-id]"}},
                {"owner": {"referenced_actor_type": "workspace-member", "referenced_actor_id": "[bobs-id]"}}
            ]},
            {"value": {"$gt": 500}}
        ]})
    );
    // "List entries filtered by their parent record email".
    let parent: Attr<Candidate, RecordRef> = Attr::new("candidates", "parent_record");
    assert_eq!(
        json_of(
            parent
                .through(&person.email_addresses)
                .email_domain()
                .eq("apple.com")
        ),
        json!({
            "path": [["candidates", "parent_record"], ["people", "email_addresses"]],
            "constraints": {"email_domain": "apple.com"}
        })
    );
    // "Candidates who have worked with Steve Jobs" (the guide's third hop names the object
    // `company`).
    let team: Attr<(), RecordRef> = Attr::new("company", "team");
    assert_eq!(
        json_of(
            parent
                .through(&person.company)
                .through(&team)
                .references("people", "[steve-jobs-record-id]")
        ),
        json!({
            "path": [["candidates", "parent_record"], ["people", "company"], ["company", "team"]],
            "constraints": {"target_object": "people", "target_record_id": "[steve-jobs-record-id]"}
        })
    );
}

#[test]
fn the_guides_sorts() {
    let person = Person::fields();
    // "People sorted by last name, then email".
    let sorts: Vec<Value> = [
        person.name.last_name().ascending(),
        person.email_addresses.descending(),
    ]
    .into_iter()
    .map(Sort::into_json)
    .collect();
    assert_eq!(
        Value::Array(sorts),
        json!([
            {"direction": "asc", "attribute": "name", "field": "last_name"},
            {"direction": "desc", "attribute": "email_addresses"}
        ])
    );
    // "People sorted by their Company name".
    assert_eq!(
        person
            .company
            .through(&Company::fields().name)
            .ascending()
            .into_json(),
        json!({"direction": "asc", "path": [["people", "company"], ["companies", "name"]]})
    );
}

#[test]
fn the_attribute_type_pages_examples() {
    let person = Person::fields();
    let company = Company::fields();
    // Checkbox: "Records where checkbox is checked".
    let checkbox: Attr<Company, bool> = Attr::new("companies", "a_custom_checkbox_attribute");
    assert_eq!(
        json_of(checkbox.eq(true)),
        json!({"a_custom_checkbox_attribute": true})
    );
    // Currency: "Finding records with an exact currency value".
    assert_eq!(
        json_of(
            company
                .amount_owed
                .eq("399.00".parse::<Currency>().expect("amount"))
        ),
        json!({"amount_owed": 399})
    );
    // Date: "Companies founded on 2023-11-24".
    assert_eq!(
        json_of(
            company
                .foundation_date
                .eq("2023-11-24".parse::<Date>().expect("date"))
        ),
        json!({"foundation_date": "2023-11-24"})
    );
    // Domain: "...where subdomain=attio.com".
    assert_eq!(
        json_of(company.domains.root_domain().eq("attio.com")),
        json!({"domains": {"root_domain": "attio.com"}})
    );
    // Email: "People where email_addresses=person@company.com", "...where domain=attio.com".
    assert_eq!(
        json_of(person.email_addresses.eq("person@company.com")),
        json!({"email_addresses": "person@company.com"})
    );
    assert_eq!(
        json_of(person.email_addresses.email_domain().eq("attio.com")),
        json!({"email_addresses": {"email_domain": "attio.com"}})
    );
    // Location: "People in Cupertino, California" (three properties, here ANDed).
    let location = json_of(
        Filter::all([
            person.primary_location.locality().eq("Cupertino"),
            person.primary_location.region().eq("CA"),
        ]) & person.primary_location.country_code().eq("US"),
    );
    assert_eq!(
        location,
        json!({"$and": [
            {"primary_location": {"locality": "Cupertino"}},
            {"primary_location": {"region": "CA"}},
            {"primary_location": {"country_code": "US"}}
        ]})
    );
    // Number: "Finding records with 14 Twitter followers".
    assert_eq!(
        json_of(person.twitter_follower_count.eq(14)),
        json!({"twitter_follower_count": 14})
    );
    // Personal name: "People exactly named John Smith", "...where first_name starts with jo".
    assert_eq!(
        json_of(person.name.full_name().eq("John Smith")),
        json!({"name": {"full_name": "John Smith"}})
    );
    assert_eq!(
        json_of(person.name.first_name().starts_with("jo")),
        json!({"name": {"first_name": {"$starts_with": "jo"}}})
    );
    // Phone number: "People by exact phone number".
    assert_eq!(
        json_of(person.phone_numbers.eq("+15558675309")),
        json!({"phone_numbers": "+15558675309"})
    );
    // Record reference: "Find people with a given company", and by `$in`.
    assert_eq!(
        json_of(
            person
                .company
                .references("companies", "99a03ff3-0435-47da-95cc-76b2caeb4dab")
        ),
        json!({"company": {"target_object": "companies", "target_record_id": "99a03ff3-0435-47da-95cc-76b2caeb4dab"}})
    );
    assert_eq!(
        json_of(
            person
                .company
                .target_record_id()
                .one_of(["3aeb39cd-fed8-524e-94b8-1300549354ac"])
        ),
        json!({"company": {"target_record_id": {"$in": ["3aeb39cd-fed8-524e-94b8-1300549354ac"]}}})
    );
    // Record reference paths: "Companies with an employee named John".
    assert_eq!(
        explicit(&json_of(
            company.team.through(&person.name).first_name().eq("John")
        )),
        json!({
            "path": [["companies", "team"], ["people", "name"]],
            "constraints": {"first_name": {"$eq": "John"}}
        })
    );
    // Select: "Find Companies in one of many categories".
    assert_eq!(
        json_of(
            company.categories.eq("Aerospace & Defense") | company.categories.eq("Biotechnology")
        ),
        json!({"$or": [{"categories": "Aerospace & Defense"}, {"categories": "Biotechnology"}]})
    );
    // Timestamp: "Companies created between 8am and 9am".
    let at = |s: &str| s.parse::<Timestamp>().expect("a timestamp");
    assert_eq!(
        json_of(
            company
                .created_at
                .gte(at("2023-11-24T08:00:00Z"))
                .lt(at("2023-11-24T09:00:00Z"))
        ),
        json!({"created_at": {"$gte": "2023-11-24T08:00:00.000000000Z", "$lt": "2023-11-24T09:00:00.000000000Z"}})
    );
}

#[test]
fn handles_are_typed_by_the_fields_type() {
    // `Option<PersonalName>` and `Vec<Email>` filter like `PersonalName` and `Email`.
    let _: Attr<Person, Option<PersonalName>> = Person::fields().name;
    let _: Attr<Person, Vec<Email>> = Person::fields().email_addresses;
    let _: Attr<Person, Text> = Person::fields().name.last_name();
    let _: Attr<Person, RecordId> = Person::fields().record_id;
    // Filters AND across `filter` calls.
    let raw = Filter::<Person>::raw(json!({"job_title": "CTO"}));
    assert_eq!(
        raw.clone().and(raw.clone()).into_json(),
        json!({"$and": [{"job_title": "CTO"}, {"job_title": "CTO"}]})
    );
}
