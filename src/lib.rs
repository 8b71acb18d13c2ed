//! Examples, end-to-end tests and benchmarks of attio-core live beside this file.
