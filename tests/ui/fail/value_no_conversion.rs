use attio_core::AttioValue;

#[derive(AttioValue)]
struct Timeout(std::time::Duration);

fn main() {}
