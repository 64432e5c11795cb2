//! Open times.

use portal_core::api::{Availability, AvailabilityDay};

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
    let v = api.object("GET", &path, None, &[]).await?;
    use super::js::read::{get, list, object, slot, text};
    Ok(Availability {
        timezone: text(&v, "timezone"),
        visit_type: text(&v, "visit_type"),
        from: text(&v, "from"),
        to: text(&v, "to"),
        days: list(&get(&v, "days"))
            .iter()
            .map(|d| AvailabilityDay {
                date: text(d, "date"),
                slots: list(&get(d, "slots")).iter().map(slot).collect(),
            })
            .collect(),
        next_available: object(get(&v, "next_available")).as_ref().map(slot),
        last_bookable_date: text(&v, "last_bookable_date"),
    })
}

pub use super::encode;
