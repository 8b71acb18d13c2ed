//! The fleet machinery of `benches/fleet*.rs` (attio_testkit::fleet), run small: worker
//! processes of the `sync_users` example against one emulator, every user landing once,
//! and the emulator's per-second write counts read back as the fleet's pace.

use attio_emulator::WriteSecond;
use attio_emulator::redis_server::RedisServer;
use attio_testkit::bench as support;
use attio_testkit::fleet::{self, Fleet};

const LIMIT: u32 = 50;
const USERS: u64 = 120;

#[tokio::test]
async fn a_fleet_of_worker_processes_lands_every_user_once_and_is_counted_per_second() {
    // Through a real Redis when installed (required in CI), else each paces alone.
    let redis = RedisServer::for_test();
    let url = redis.as_ref().map(RedisServer::url);
    let binary = super::sync::example_binary();
    let emu = support::paced_emulator(LIMIT, support::latency(5, 20)).await;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("users.jsonl");
    fleet::write_users(&input, 0..USERS);
    let mut child = Fleet {
        binary,
        input: &input,
        workers: 3,
        rate: f64::from(LIMIT),
        concurrency: 8,
        redis: url.as_deref(),
        pacing_workspace: "fleet-test",
        dir: dir.path(),
    }
    .spawn(&emu);
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success(), "{status}");
    assert_eq!(fleet::landed_once(&emu, 0..USERS), (USERS, true));

    let seconds = emu.write_seconds();
    let accepted: u64 = seconds.iter().map(|s| u64::from(s.accepted)).sum();
    // Each user is one write (retries would add more), none beyond the limit.
    assert!(accepted >= USERS, "{accepted} writes counted");
    assert!(seconds.iter().all(|s| s.accepted <= LIMIT), "{seconds:?}");
    // 120 writes at 50/s: at least two seconds, hence a pace.
    let all = fleet::pace(&fleet::contiguous(&seconds)).unwrap();
    assert!(all.seconds >= 3, "{all:?}");
    assert!(all.max_accepted <= LIMIT);
}

fn second(second: u64, accepted: u32, refused: u32) -> WriteSecond {
    WriteSecond {
        second,
        accepted,
        refused,
    }
}

#[test]
fn the_pace_counts_quiet_seconds_and_leaves_out_the_ends() {
    let seconds = [
        second(10, 5, 0),
        second(11, 100, 3),
        second(13, 90, 0),
        second(14, 7, 1),
    ];
    let filled = fleet::contiguous(&seconds);
    assert_eq!(filled.len(), 5);
    assert_eq!(filled[2], second(12, 0, 0));
    let steady = fleet::steady(&seconds, 1);
    assert_eq!(
        steady,
        [second(11, 100, 3), second(12, 0, 0), second(13, 90, 0)]
    );
    let pace = fleet::pace(&steady).unwrap();
    assert_eq!(
        (
            pace.seconds,
            pace.refused,
            pace.max_accepted,
            pace.max_arrived
        ),
        (3, 3, 100, 103)
    );
    assert!((pace.accepted_per_second - 190.0 / 3.0).abs() < 1e-9);
    assert!(fleet::steady(&seconds, 3).is_empty());
    assert_eq!(fleet::pace(&[]), None);
}
