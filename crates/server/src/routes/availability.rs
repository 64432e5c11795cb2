//! `GET /api/v1/clinics/{clinic}/availability`: open times for a visit type, by the clinic's days.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use portal_core::api::{Availability, AvailabilityDay, ErrorBody, FieldError};
use portal_core::ids::{LocationId, ProviderId, VisitTypeId};
use portal_core::slots::{self, SlotRequest};
use serde::Deserialize;

use super::catalog::find_clinic;
use crate::booking::{self, open_slot};
use crate::error::AppError;
use crate::extract::{ApiPath, ApiQuery};
use crate::startup::AppState;

/// Longest range one request may cover, in days.
pub const MAX_RANGE_DAYS: i64 = 31;
/// Days covered when `to` is left out.
pub const DEFAULT_RANGE_DAYS: i64 = 7;

/// The availability route.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/clinics/{clinic}/availability", get(availability))
}

/// Query parameters of the availability route.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// Visit type id (required).
    #[param(required = true)]
    pub visit_type: Option<VisitTypeId>,
    /// Only this provider.
    pub provider: Option<ProviderId>,
    /// Only this location.
    pub location: Option<LocationId>,
    /// First clinic-local date, `YYYY-MM-DD`, from the clinic's today to its last bookable date; today when left out.
    pub from: Option<String>,
    /// Last clinic-local date, `YYYY-MM-DD`; `from` + 6 days when left out; at most 31 days in all.
    pub to: Option<String>,
}

/// Open times for a visit type over a range of the clinic's days, with the next open time.
#[utoipa::path(
    get,
    path = "/api/v1/clinics/{clinic}/availability",
    tag = "booking",
    params(("clinic" = String, Path, description = "The clinic's id"), AvailabilityQuery),
    responses(
        (status = 200, description = "Open times, grouped by the clinic's days", body = Availability),
        (status = 404, description = "No clinic with this id", body = ErrorBody),
        (status = 422, description = "A parameter is missing or wrong; `fields` says which", body = ErrorBody),
    )
)]
pub async fn availability(
    State(state): State<AppState>,
    ApiPath(clinic): ApiPath<String>,
    ApiQuery(query): ApiQuery<AvailabilityQuery>,
) -> Result<Json<Availability>, AppError> {
    let config = find_clinic(&state, &clinic)?;
    let now = Utc::now();
    let tz = config.clinic.timezone;
    let mut fields = Vec::new();
    let field = |fields: &mut Vec<FieldError>, path: &str, message: String| {
        fields.push(FieldError {
            path: path.into(),
            message,
        })
    };

    let visit_type = query.visit_type.as_deref().unwrap_or_default();
    if visit_type.is_empty() {
        field(
            &mut fields,
            "visit_type",
            format!(
                "visit_type is required; use one of {}",
                ids(config.visit_types.iter().map(|v| v.id.as_str()))
            ),
        );
    } else if config.visit_type(visit_type).is_none() {
        field(
            &mut fields,
            "visit_type",
            format!(
                "\"{visit_type}\" is not a visit type; use one of {}",
                ids(config.visit_types.iter().map(|v| v.id.as_str()))
            ),
        );
    }
    if let Some(p) = query.provider.as_deref().filter(|p| !p.is_empty()) {
        if config.provider(p).is_none() {
            field(
                &mut fields,
                "provider",
                format!(
                    "\"{p}\" is not a provider; use one of {}",
                    ids(config.providers.iter().map(|p| p.id.as_str()))
                ),
            );
        }
    }
    if let Some(l) = query.location.as_deref().filter(|l| !l.is_empty()) {
        if config.location(l).is_none() {
            field(
                &mut fields,
                "location",
                format!(
                    "\"{l}\" is not a location; use one of {}",
                    ids(config.locations.iter().map(|l| l.id.as_str()))
                ),
            );
        }
    }
    let today = booking::clinic_today(&config, now);
    let last = booking::last_bookable_date(&config, now);
    // Dates outside the booking horizon are refused before any date arithmetic.
    let from = match query.from.as_deref().filter(|s| !s.is_empty()) {
        None => Some(today),
        Some(s) => booking::date_in_range("from", s, today, last)
            .map_err(|e| fields.push(e))
            .ok(),
    };
    let to = match (from, query.to.as_deref().filter(|s| !s.is_empty())) {
        (Some(from), None) => Some(from + Duration::days(DEFAULT_RANGE_DAYS - 1)),
        (from, Some(s)) => {
            let from = from.unwrap_or(today);
            booking::date_in_range("to", s, from, from + Duration::days(MAX_RANGE_DAYS - 1))
                .map_err(|mut e| {
                    if NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok_and(|to| to > from) {
                        e.message = format!("the range is longer than {MAX_RANGE_DAYS} days; ask for fewer days at a time ({})", e.message);
                    }
                    fields.push(e)
                })
                .ok()
        }
        (None, None) => None,
    };
    let (Some(from), Some(to)) = (from, to) else {
        return Err(AppError::invalid_query(fields));
    };
    if !fields.is_empty() {
        return Err(AppError::invalid_query(fields));
    }

    // The open times asked for, with the query's own typed ids (an empty one is "any").
    let mut wanted = SlotRequest {
        visit_type: VisitTypeId::from(visit_type),
        provider: query.provider.filter(|p| !p.is_empty()),
        location: query.location.filter(|l| !l.is_empty()),
        from,
        to,
    };
    let provider = wanted.provider.as_deref();
    let mut conn = state.store.pool.acquire().await?;
    let booked = crate::store::appointments::booked_between(
        &mut conn,
        &config.clinic.id,
        provider,
        local_midnight(tz, from),
        local_midnight(tz, to + Duration::days(1)),
    )
    .await?;
    let open = slots::open_slots(&config, &wanted, &booked, now);
    // "Next available" looks past the range, up to the horizon, only when the range is empty.
    let next_available = match open.first() {
        Some(first) => Some(open_slot(tz, first)),
        None if to < last => {
            (wanted.from, wanted.to) = (to + Duration::days(1), last);
            let booked = crate::store::appointments::booked_between(
                &mut conn,
                &config.clinic.id,
                provider,
                local_midnight(tz, wanted.from),
                local_midnight(tz, last + Duration::days(1)),
            )
            .await?;
            slots::open_slots(&config, &wanted, &booked, now)
                .first()
                .map(|s| open_slot(tz, s))
        }
        None => None,
    };
    drop(conn);

    let mut days: Vec<AvailabilityDay> = Vec::new();
    for slot in &open {
        let date = slot
            .start
            .with_timezone(&tz)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        match days.last_mut() {
            Some(day) if day.date == date => day.slots.push(open_slot(tz, slot)),
            _ => days.push(AvailabilityDay {
                date,
                slots: vec![open_slot(tz, slot)],
            }),
        }
    }
    Ok(Json(Availability {
        timezone: tz.name().to_string(),
        visit_type: visit_type.into(),
        from: from.format("%Y-%m-%d").to_string(),
        to: to.format("%Y-%m-%d").to_string(),
        days,
        next_available,
        last_bookable_date: last.format("%Y-%m-%d").to_string(),
    }))
}

/// The first instant of a clinic-local date.
fn local_midnight(tz: chrono_tz::Tz, date: NaiveDate) -> chrono::DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
