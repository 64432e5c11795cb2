//! The visit as an iCalendar file (RFC 5545): for the widget's "Add to calendar" and attached to
//! the emails about the visit's time. One `UID` per visit; `SEQUENCE` rises with every change,
//! so a calendar replaces the old event; a cancellation is `METHOD:CANCEL`.

use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus};
use portal_core::api::AppointmentStatus;
use portal_core::clinic::{ClinicConfig, Language, VisitMode};

use crate::booking::{from_epoch, AppointmentRow};

/// Whether the file asks a calendar to add or update the event, or to remove it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `METHOD:PUBLISH` (a download) or `REQUEST` (an email): add or update.
    Publish,
    /// `METHOD:REQUEST`, for email attachments.
    Request,
    /// `METHOD:CANCEL`: the visit was cancelled.
    Cancel,
}

/// Where the visit happens, as messages and calendars say it: the office's name and address, or
/// "Video visit".
pub fn place(config: &ClinicConfig, row: &AppointmentRow, lang: Language) -> String {
    let video = config
        .visit_type(&row.visit_type_id)
        .is_some_and(|v| v.mode == VisitMode::Video);
    match (video, config.location(&row.location_id)) {
        (true, _) => {
            if lang == Language::Es {
                "Visita por video".to_string()
            } else {
                "Video visit".to_string()
            }
        }
        (false, Some(l)) => format!("{}, {}", l.name.get(lang), l.address),
        (false, None) => config.clinic.address.clone(),
    }
}

/// The iCalendar text for one visit, in the patient's language, with a reminder alarm two hours
/// before and the clinic's time zone named.
pub fn calendar_file(row: &AppointmentRow, config: &ClinicConfig, method: Method) -> String {
    let lang = row.language;
    let es = lang == Language::Es;
    let visit = config.visit_type(&row.visit_type_id);
    let visit_name = visit
        .map(|v| v.name.get(lang).to_string())
        .unwrap_or_default();
    let provider = config
        .provider(&row.provider_id)
        .map(|p| p.name.get(lang).to_string())
        .unwrap_or_default();
    let place = place(config, row, lang);
    let mut description = if es {
        format!("{visit_name} con {provider}.")
    } else {
        format!("{visit_name} with {provider}.")
    };
    if let Some(prep) = visit.and_then(|v| v.preparation.as_ref()) {
        description.push('\n');
        description.push_str(prep.get(lang));
    }
    description.push('\n');
    description.push_str(&if es {
        format!(
            "¿Preguntas o necesita cambiar la visita? Llame al {}.",
            config.clinic.phone
        )
    } else {
        format!(
            "Questions, or need to change the visit? Call {}.",
            config.clinic.phone
        )
    });
    let cancelled = method == Method::Cancel || row.status != AppointmentStatus::Booked;
    let alarm_text = if es {
        format!("Su visita en {} es en 2 horas.", config.clinic.name)
    } else {
        format!("Your visit at {} is in 2 hours.", config.clinic.name)
    };
    let mut event = Event::new();
    event
        .uid(&format!("{}@{}.patient-portal", row.id, config.clinic.id))
        .sequence(u32::try_from(row.calendar_sequence).unwrap_or_default())
        .summary(&format!("{visit_name} – {}", config.clinic.name))
        .description(&description)
        .location(&place)
        .starts(from_epoch(row.start_at))
        .ends(from_epoch(row.end_at))
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !cancelled {
        event.alarm(Alarm::display(&alarm_text, -chrono::Duration::hours(2)));
    }
    let method = match method {
        Method::Publish => "PUBLISH",
        Method::Request => "REQUEST",
        Method::Cancel => "CANCEL",
    };
    let mut calendar = Calendar::new();
    calendar
        .name(&config.clinic.name)
        .timezone(config.clinic.timezone.name())
        .append_property(("METHOD", method))
        .push(event.done());
    calendar.done().to_string()
}
