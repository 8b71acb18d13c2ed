//! Compile-time tests of `#[derive(AttioRecord)]` (trybuild): `tests/ui/pass` must
//! compile and run, `tests/ui/fail` must fail with exactly the checked-in `.stderr`.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test testsuite derive::ui`,
//! then read every changed `.stderr`: each message must tell the user how to fix the struct.

#[test]
fn derive_ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
