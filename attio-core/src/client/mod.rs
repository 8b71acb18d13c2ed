//! The HTTP client. (Placeholder signatures; the client work fills this room.)

use crate::error::Error;
use crate::record::Record;

type Values = serde_json::Map<String, serde_json::Value>;

/// A handle to the Attio API: cheap to clone, share it between tasks.
#[derive(Clone, Debug, Default)]
pub struct Client {}

impl Client {
    /// `PUT /v2/objects/{object}/records?matching_attribute={matching_attribute}`.
    pub async fn assert_record(
        &self,
        object: &str,
        matching_attribute: &str,
        values: Values,
    ) -> Result<Record, Error> {
        let _ = (object, matching_attribute, values);
        unimplemented!("client work")
    }
    /// `PATCH /v2/objects/{object}/records/{record_id}`.
    pub async fn update_record(
        &self,
        object: &str,
        record_id: &str,
        values: Values,
    ) -> Result<Record, Error> {
        let _ = (object, record_id, values);
        unimplemented!("client work")
    }
    /// `PUT /v2/objects/{object}/records/{record_id}`.
    pub async fn overwrite_record(
        &self,
        object: &str,
        record_id: &str,
        values: Values,
    ) -> Result<Record, Error> {
        let _ = (object, record_id, values);
        unimplemented!("client work")
    }
    /// `GET /v2/objects/{object}/records/{record_id}`.
    pub async fn get_record(&self, object: &str, record_id: &str) -> Result<Record, Error> {
        let _ = (object, record_id);
        unimplemented!("client work")
    }
}
