//! Attio's documented fixtures and the client's requests, validated against the spec.

mod fixtures;
mod queries;
mod requests;
