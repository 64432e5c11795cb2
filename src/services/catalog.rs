//! The clinic's catalog.

use portal_core::api::{
    Catalog, ClinicSummary, LocationSummary, ProviderSummary, RulesSummary, VisitTypeSummary,
};
use wasm_bindgen::JsValue;

use super::js::read::{get, list, local, strings, text, whole};
use super::{ApiClient, Error};

/// Fetches what the clinic offers: visit types, providers, locations, phone.
pub async fn fetch(api: &ApiClient, clinic: &str) -> Result<Catalog, Error> {
    Ok(read(
        &api.object(
            "GET",
            &["/api/v1/clinics/", clinic, "/catalog"].concat(),
            None,
            &[],
        )
        .await?,
    ))
}

/// The catalog, read field by field (see [`super::js::read`]): every bundle loads it.
fn read(v: &JsValue) -> Catalog {
    let c = get(v, "clinic");
    let rules = get(v, "rules");
    Catalog {
        clinic: ClinicSummary {
            id: text(&c, "id"),
            name: text(&c, "name"),
            phone: text(&c, "phone"),
            address: text(&c, "address"),
            timezone: text(&c, "timezone"),
            languages: strings(&c, "languages"),
        },
        visit_types: list(&get(v, "visit_types"))
            .iter()
            .map(|t| VisitTypeSummary {
                id: text(t, "id"),
                name: local(&get(t, "name")).unwrap_or_default(),
                description: local(&get(t, "description")).unwrap_or_default(),
                duration_minutes: whole(t, "duration_minutes"),
                mode: text(t, "mode"),
                new_patients: get(t, "new_patients").as_bool() == Some(true),
                preparation: local(&get(t, "preparation")),
            })
            .collect(),
        providers: list(&get(v, "providers"))
            .iter()
            .map(|p| ProviderSummary {
                id: text(p, "id"),
                name: local(&get(p, "name")).unwrap_or_default(),
                languages: strings(p, "languages"),
                speaks: local(&get(p, "speaks")).unwrap_or_default(),
                locations: strings(p, "locations"),
                visit_types: strings(p, "visit_types"),
                bio: local(&get(p, "bio")),
            })
            .collect(),
        locations: list(&get(v, "locations"))
            .iter()
            .map(|l| LocationSummary {
                id: text(l, "id"),
                name: local(&get(l, "name")).unwrap_or_default(),
                address: text(l, "address"),
                notes: local(&get(l, "notes")),
            })
            .collect(),
        rules: RulesSummary {
            min_notice_minutes: whole(&rules, "min_notice_minutes"),
            horizon_days: whole(&rules, "horizon_days"),
            message_channels: strings(&rules, "message_channels"),
        },
    }
}
