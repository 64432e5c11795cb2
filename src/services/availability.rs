//! Open times.

use portal_core::api::Availability;

use super::request::read;
use super::{ApiClient, Error};

/// Fetches the open times for a visit type over 7 days from `from` (the clinic's today when
/// `None`), with one provider and office or any.
pub async fn fetch(
    api: &ApiClient,
    clinic: &str,
    visit_type: &str,
    provider: Option<&str>,
    location: Option<&str>,
    from: Option<&str>,
) -> Result<Availability, Error> {
    let mut path = [
        "/api/v1/clinics/",
        &encode(clinic),
        "/availability?visit_type=",
        &encode(visit_type),
    ]
    .concat();
    for (name, value) in [
        ("&provider=", provider),
        ("&location=", location),
        ("&from=", from),
    ] {
        if let Some(value) = value {
            path.push_str(name);
            path.push_str(&encode(value));
        }
    }
    read(api.json("GET", &path, None, &[]).await?)
}

pub use super::encode;
