//! Typed filters and sorts against the emulator: path filters and sorts through record
//! references, property filters, and Attio's `filter_error` for a path that does not
//! walk references; and a property test comparing the emulator's answer for random typed
//! filters over random users, and over a list's entries for them (filtered on the entry's
//! own attribute, its parent id and paths into the parent), with a brute-force filter of
//! the same rows.

use std::collections::BTreeSet;

use attio_core::list::Entry;
use attio_core::{
    AttioEntry, AttioRecord, Attr, Client, Email, Error, Filter, Paging, PersonalName, RecordRef,
};
use attio_emulator::{AttributeSpec, AttributeType, Emulator, EmulatorConfig, ListSpec};
use futures_util::TryStreamExt;
use proptest::prelude::*;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "users")]
struct User {
    #[attio(slug = "user_id", unique)]
    id: String,
    #[attio(slug = "primary_email_address", unique)]
    email: Email,
    person: Option<RecordRef>,
}

#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(object = "people")]
struct Person {
    #[attio(unique)]
    person_key: String,
    email_addresses: Vec<Email>,
    name: Option<PersonalName>,
}

/// An entry of the `accounts` list for a user: `label` holds the user's `user_id`.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(list = "accounts", parent = "users")]
struct Account {
    #[attio(parent)]
    user: String,
    label: String,
}

fn person_id(n: usize) -> String {
    format!("00000000-0000-4000-9000-{n:012}")
}

async fn setup() -> (Emulator, Client) {
    let accounts = ListSpec::new("accounts", "users")
        .attribute(AttributeSpec::new("label", AttributeType::Text));
    let emu = Emulator::start(EmulatorConfig::for_tests().with_list(accounts))
        .await
        .expect("emulator starts");
    let client = attio_testkit::emulator::client(&emu);
    (emu, client)
}

fn seed_person(emu: &Emulator, n: usize, first: &str, last: &str) {
    emu.seed_record(
        "people",
        &person_id(n),
        json!({
            "name": {"first_name": first, "last_name": last, "full_name": format!("{first} {last}")},
            "email_addresses": [format!("p{n}@example.org")],
        }),
    )
    .expect("seed person");
}

fn user_record_id(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn seed_user(emu: &Emulator, n: usize, email: &str, person: Option<usize>) {
    let mut values = json!({"user_id": format!("u-{n:04}"), "primary_email_address": email});
    if let Some(p) = person {
        values["person"] = json!([{"target_object": "people", "target_record_id": person_id(p)}]);
    }
    emu.seed_record("users", &user_record_id(n), values)
        .expect("seed user");
}

/// The user's entry in `accounts`, labelled with its `user_id`.
async fn add_account(client: &Client, n: usize) {
    let account = Account {
        user: user_record_id(n),
        label: format!("u-{n:04}"),
    };
    account.assert(client).await.expect("entry");
}

async fn labels(client: &Client, filter: Filter<Account>) -> Vec<String> {
    client
        .query_entries::<Account>()
        .filter(filter)
        .stream()
        .map_ok(|a| a.label)
        .try_collect()
        .await
        .expect("entries query")
}

async fn ids(client: &Client, filter: Filter<User>) -> Vec<String> {
    client
        .query::<User>()
        .filter(filter)
        .sort(User::fields().id.ascending())
        .stream()
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .expect("query")
}

#[tokio::test]
async fn path_filters_and_sorts_walk_record_references() {
    let (emu, client) = setup().await;
    seed_person(&emu, 0, "Ada", "Lovelace");
    seed_person(&emu, 1, "Alan", "Turing");
    seed_user(&emu, 0, "ada@a.org", Some(0));
    seed_user(&emu, 1, "alan@b.org", Some(1));
    seed_user(&emu, 2, "nobody@b.org", None);
    let user = User::fields();
    let name = Person::fields().name;

    let lovelace = user.person.through(&name).last_name().eq("Lovelace");
    assert_eq!(ids(&client, lovelace.into()).await, ["u-0000"]);
    let not_a = !user.person.through(&name).first_name().starts_with("a");
    assert_eq!(ids(&client, not_a).await, ["u-0002"]);
    let of_alan = user.person.references("people", person_id(1));
    assert_eq!(ids(&client, of_alan).await, ["u-0001"]);
    let domain = user.email.email_domain().eq("b.org");
    assert_eq!(ids(&client, domain.into()).await, ["u-0001", "u-0002"]);

    // Sorted by the person's last name, descending: no person first (empty values sort
    // after every value ascending, so before them descending, as Postgres orders NULLs),
    // then Turing, Lovelace.
    let sorted: Vec<String> = client
        .query::<User>()
        .sort(user.person.through(&name).last_name().descending())
        .stream()
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .expect("query");
    assert_eq!(sorted, ["u-0002", "u-0001", "u-0000"]);

    // A path through an attribute that is not a reference: Attio's filter_error.
    let bad = Filter::<User>::raw(json!({
        "path": [["users", "user_id"], ["people", "name"]],
        "constraints": {"first_name": "Ada"}
    }));
    let error = client
        .query::<User>()
        .filter(bad)
        .collect(10)
        .await
        .expect_err("refused");
    assert_eq!(
        error.code(),
        Some(&attio_core::ErrorCode::FilterError),
        "{error:?}"
    );
    assert!(matches!(error, Error::Api(_)));
}

/// The `accounts` entry of a user, its parent named by the user's email: reading it
/// reads the parent record.
#[derive(Debug, Clone, PartialEq, AttioRecord)]
#[attio(list = "accounts", parent = "users")]
struct AccountByEmail {
    #[attio(parent = "primary_email_address")]
    email: Email,
    label: String,
}

#[tokio::test]
async fn an_entries_stream_over_several_pages_yields_each_entry_once() {
    let (emu, client) = setup().await;
    let n = 23;
    for i in 0..n {
        seed_user(&emu, i, &format!("user{i}@example.com"), None);
        add_account(&client, i).await;
    }
    let every: BTreeSet<String> = (0..n).map(|i| format!("u-{i:04}")).collect();
    let account = Account::fields();
    for paging in [Paging::Offset, Paging::Keyset] {
        let labels: Vec<String> = client
            .query_entries::<Account>()
            .filter(account.parent_object.eq("users"))
            .page_size(4)
            .paging(paging)
            .stream()
            .map_ok(|a| a.label)
            .try_collect()
            .await
            .expect("stream");
        assert_eq!(labels.len(), n, "{paging:?}: {labels:?}");
        assert_eq!(
            labels.into_iter().collect::<BTreeSet<_>>(),
            every,
            "{paging:?}"
        );
    }
    // Untyped, sorted by a path into the parent (its email, descending).
    let user = User::fields();
    let parent: Attr<Entry, RecordRef> = Attr::new("accounts", "parent_record");
    let untyped: Vec<String> = client
        .entries("accounts")
        .query()
        .sort(parent.through(&user.email).descending())
        .page_size(5)
        .stream()
        .map_ok(|entry| entry.field::<String>("label").expect("label"))
        .try_collect()
        .await
        .expect("untyped stream");
    let mut by_email: Vec<(String, String)> = (0..n)
        .map(|i| (format!("user{i}@example.com"), format!("u-{i:04}")))
        .collect();
    by_email.sort();
    by_email.reverse();
    assert_eq!(
        untyped,
        by_email.into_iter().map(|(_, l)| l).collect::<Vec<_>>()
    );

    // The helpers: one entry by its parent, a capped collect, the first.
    let one = client
        .query_entries::<Account>()
        .filter(account.parent_record_id.eq(user_record_id(7)))
        .one()
        .await
        .expect("one");
    assert_eq!(one.label, "u-0007");
    let over = client.query_entries::<Account>().collect(5).await;
    assert!(
        matches!(over, Err(Error::TooManyRecords { cap: 5, .. })),
        "{over:?}"
    );
    let first = client
        .query_entries::<Account>()
        .sort(account.label.descending())
        .first()
        .await
        .expect("first");
    assert_eq!(first.map(|a| a.label), Some(format!("u-{:04}", n - 1)));

    // A parent read by value: each entry's parent record is read as the entry is pulled.
    let by_email: Vec<AccountByEmail> = client
        .query_entries::<AccountByEmail>()
        .filter(
            AccountByEmail::fields()
                .email
                .email_domain()
                .eq("example.com"),
        )
        .sort(AccountByEmail::fields().label.ascending())
        .page_size(10)
        .stream()
        .try_collect()
        .await
        .expect("stream by email");
    assert_eq!(by_email.len(), n);
    assert_eq!(by_email[3].email.as_str(), "user3@example.com");
    assert_eq!(by_email[3].label, "u-0003");
}

/// A random user: an id, an email at one of three domains, maybe a person.
fn users() -> impl Strategy<Value = Vec<(String, String, Option<usize>)>> {
    prop::collection::vec(
        ("[a-c]{1,3}", 0usize..3, prop::option::of(0usize..3)),
        1..25,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(n, (local, domain, person))| {
                let domain = ["a.org", "b.org", "c.net"][domain];
                (format!("u-{n:04}"), format!("{local}{n}@{domain}"), person)
            })
            .collect()
    })
}

/// A random typed filter and the brute-force predicate it means.
#[derive(Debug, Clone)]
enum Pick {
    Domain(usize),
    IdStartsWith(String),
    EmailContains(String),
    HasPerson,
    PersonLast(usize),
    /// The record (for entries: the parent) is one of these users.
    AmongUsers(Vec<usize>),
    Not(Box<Pick>),
    And(Box<Pick>, Box<Pick>),
    Or(Box<Pick>, Box<Pick>),
}

const LAST: [&str; 3] = ["Lovelace", "Turing", "Hopper"];
const DOMAINS: [&str; 3] = ["a.org", "b.org", "c.net"];

fn picks() -> impl Strategy<Value = Pick> {
    let leaf = prop_oneof![
        (0usize..3).prop_map(Pick::Domain),
        "u-000[0-9]?".prop_map(Pick::IdStartsWith),
        "[a-c]{1,2}".prop_map(Pick::EmailContains),
        Just(Pick::HasPerson),
        (0usize..3).prop_map(Pick::PersonLast),
        prop::collection::vec(0usize..25, 0..4).prop_map(Pick::AmongUsers),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|p| Pick::Not(Box::new(p))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Pick::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Pick::Or(Box::new(a), Box::new(b))),
        ]
    })
}

impl Pick {
    /// The filter, with `leaf` building each condition; `$not`, `$and`, `$or` compose them.
    fn build<R>(&self, leaf: &impl Fn(&Pick) -> Filter<R>) -> Filter<R> {
        match self {
            Pick::Not(p) => !p.build(leaf),
            Pick::And(a, b) => a.build(leaf) & b.build(leaf),
            Pick::Or(a, b) => a.build(leaf) | b.build(leaf),
            leaf_pick => leaf(leaf_pick),
        }
    }

    fn filter(&self) -> Filter<User> {
        let user = User::fields();
        self.build(&|pick| match pick {
            Pick::Domain(d) => user.email.email_domain().eq(DOMAINS[*d]).into(),
            Pick::IdStartsWith(p) => user.id.starts_with(p.as_str()).into(),
            Pick::EmailContains(s) => user.email.contains(s.as_str()).into(),
            Pick::HasPerson => user.person.not_empty().into(),
            Pick::PersonLast(l) => user
                .person
                .through(&Person::fields().name)
                .last_name()
                .eq(LAST[*l])
                .into(),
            Pick::AmongUsers(ns) => user
                .record_id
                .one_of(ns.iter().map(|n| user_record_id(*n)))
                .into(),
            Pick::Not(_) | Pick::And(..) | Pick::Or(..) => unreachable!("composed by build"),
        })
    }

    /// The same filter on the users' entries: the user id through the entry's own
    /// `label`, everything else through the parent (`parent_record_id`, and paths through
    /// `parent_record` into the user and on into its person).
    fn entry_filter(&self) -> Filter<Account> {
        let (account, user) = (Account::fields(), User::fields());
        let parent = &account.parent_record;
        self.build(&|pick| match pick {
            Pick::Domain(d) => parent
                .through(&user.email)
                .email_domain()
                .eq(DOMAINS[*d])
                .into(),
            Pick::IdStartsWith(p) => account.label.starts_with(p.as_str()).into(),
            Pick::EmailContains(s) => parent.through(&user.email).contains(s.as_str()).into(),
            Pick::HasPerson => parent.through(&user.person).not_empty().into(),
            Pick::PersonLast(l) => parent
                .through(&user.person.through(&Person::fields().name))
                .last_name()
                .eq(LAST[*l])
                .into(),
            Pick::AmongUsers(ns) => account
                .parent_record_id
                .one_of(ns.iter().map(|n| user_record_id(*n)))
                .into(),
            Pick::Not(_) | Pick::And(..) | Pick::Or(..) => unreachable!("composed by build"),
        })
    }

    fn matches(&self, (id, email, person): &(String, String, Option<usize>)) -> bool {
        match self {
            Pick::Domain(d) => email.ends_with(&format!("@{}", DOMAINS[*d])),
            Pick::IdStartsWith(p) => id.starts_with(p.as_str()),
            Pick::EmailContains(s) => email.contains(s.as_str()),
            Pick::HasPerson => person.is_some(),
            Pick::PersonLast(l) => *person == Some(*l),
            Pick::AmongUsers(ns) => ns.iter().any(|n| *id == format!("u-{n:04}")),
            Pick::Not(p) => !p.matches(&(id.clone(), email.clone(), *person)),
            Pick::And(a, b) => {
                let row = (id.clone(), email.clone(), *person);
                a.matches(&row) && b.matches(&row)
            }
            Pick::Or(a, b) => {
                let row = (id.clone(), email.clone(), *person);
                a.matches(&row) || b.matches(&row)
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_emulator_answers_typed_filters_as_a_brute_force_filter_does(rows in users(), pick in picks()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let (emu, client) = setup().await;
            for (n, last) in LAST.iter().enumerate() {
                seed_person(&emu, n, "X", last);
            }
            for (n, (_, email, person)) in rows.iter().enumerate() {
                seed_user(&emu, n, email, *person);
                add_account(&client, n).await;
            }
            let want: BTreeSet<String> = rows.iter().filter(|r| pick.matches(r)).map(|r| r.0.clone()).collect();
            let got: BTreeSet<String> = ids(&client, pick.filter()).await.into_iter().collect();
            prop_assert_eq!(&got, &want, "filter {}", pick.filter());
            let entries = labels(&client, pick.entry_filter()).await;
            prop_assert_eq!(entries.len(), want.len(), "one entry per user: {:?}", entries);
            let entries: BTreeSet<String> = entries.into_iter().collect();
            prop_assert_eq!(entries, want, "entry filter {}", pick.entry_filter());
            Ok(())
        })?;
    }
}
