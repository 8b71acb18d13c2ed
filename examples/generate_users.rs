//! Writes the sample input of the `sync_users` example: a few thousand realistic users as
//! JSON Lines, with the mistakes real exports contain (invalid emails, missing ids,
//! duplicates), deterministic from a seed.
//!
//! ```text
//! cargo run --example generate_users -- 3000 > examples/data/users.jsonl
//! ```

use std::io::{BufWriter, Write};

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Radia",
    "Tim",
    "Margaret",
    "Dennis",
    "Katherine",
    "Linus",
    "Sophie",
    "John",
    "Hedy",
    "Niklaus",
    "Lynn",
    "Guido",
    "Jean",
    "Bjarne",
    "Adele",
    "Yukihiro",
    "Shafi",
    "Leslie",
    "Anita",
    "Robin",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Hamilton",
    "Ritchie",
    "Johnson",
    "Torvalds",
    "Wilson",
    "McCarthy",
    "Lamarr",
    "Wirth",
    "Conway",
    "van Rossum",
    "Sammet",
    "Stroustrup",
    "Goldberg",
    "Matsumoto",
    "Goldwasser",
    "Lamport",
    "Borg",
    "Milner",
];
const DOMAINS: &[&str] = &[
    "acme.io",
    "globex.com",
    "initech.co.uk",
    "umbrella.dev",
    "hooli.com",
    "stark.industries",
    "wayne.enterprises",
    "tyrell.ai",
    "cyberdyne.systems",
    "soylent.example",
];
const WORKSPACES: usize = 40;

fn main() -> std::io::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    let mut rng = fastrand::Rng::with_seed(0x00a7_710d);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut previous: Vec<serde_json::Value> = Vec::new();
    for n in 1..=count {
        let roll = rng.u32(0..1000);
        // About 1 % exact duplicates of an earlier row.
        if roll < 10 && !previous.is_empty() {
            let dup = previous[rng.usize(0..previous.len())].clone();
            writeln!(out, "{dup}")?;
            continue;
        }
        let first = FIRST[rng.usize(0..FIRST.len())];
        let last = LAST[rng.usize(0..LAST.len())];
        let domain = DOMAINS[rng.usize(0..DOMAINS.len())];
        let local = format!("{}.{}{}", first, last.replace([' ', '-'], ""), n).to_lowercase();
        let email = match roll {
            // About 2 % invalid emails, of the kinds exports really contain.
            10..=14 => format!("{local}@"),
            15..=19 => format!("{local} at {domain}"),
            20..=24 => format!("{local}@@{domain}"),
            25..=29 => String::new(),
            _ => format!("{local}@{domain}"),
        };
        // About 1 % rows without an id.
        let id = if (30..40).contains(&roll) {
            serde_json::Value::Null
        } else {
            format!("usr_{n:06}").into()
        };
        let workspaces: Vec<String> = (0..rng.usize(0..=2))
            .map(|_| format!("ws_{:03}", rng.usize(1..=WORKSPACES)))
            .collect();
        let row = serde_json::json!({
            "id": id,
            "email": email,
            "name": format!("{first} {last}"),
            "workspaces": workspaces,
            "signed_up_at": format!("2025-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                rng.u32(1..=12), rng.u32(1..=28), rng.u32(0..24), rng.u32(0..60), rng.u32(0..60)),
        });
        writeln!(out, "{row}")?;
        previous.push(row);
    }
    out.flush()
}
