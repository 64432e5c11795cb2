//! The clinic's catalog.

use portal_core::api::Catalog;

use super::request::read;
use super::{encode, ApiClient, Error};

/// Fetches what the clinic offers: visit types, providers, locations, phone.
pub async fn fetch(api: &ApiClient, clinic: &str) -> Result<Catalog, Error> {
    let path = ["/api/v1/clinics/", &encode(clinic), "/catalog"].concat();
    read(api.json("GET", &path, None, &[]).await?)
}
