//! The clinic's catalog.

use portal_core::api::Catalog;

use super::{ApiClient, Error};

/// Fetches what the clinic offers: visit types, providers, locations, phone.
pub async fn fetch(api: &ApiClient, clinic: &str) -> Result<Catalog, Error> {
    api.get(&["/api/v1/clinics/", clinic, "/catalog"].concat()).await
}
