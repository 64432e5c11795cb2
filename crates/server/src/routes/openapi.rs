//! `GET /api/v1/openapi.json`: the API contract, generated from the handlers and types.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::startup::AppState;

/// The OpenAPI document of API v1.
#[derive(OpenApi)]
#[openapi(
    info(title = "Patient portal API", version = "1", description = "Booking, instructions and feedback for clinics and their patients."),
    paths(
        super::health::healthz,
        super::catalog::catalog,
        super::availability::availability,
        super::appointments::create,
        super::appointments::read,
        super::appointments::cancel,
        super::appointments::reschedule,
        super::appointments::calendar,
        super::instructions::templates,
        super::instructions::preview,
        super::instructions::create,
        super::instructions::list,
        super::instructions::read,
        super::instructions::revoke,
        super::instructions::new_link,
        super::instructions::audit_trail,
        super::packets::verify,
        super::packets::current,
        super::packets::acknowledge,
        super::packets::teach_back,
        super::feedback::prompt,
        super::feedback::send,
        super::feedback::dismiss,
        super::feedback::link_view,
        super::feedback::funnel,
        super::feedback::you_said_we_did,
        super::feedback::questionnaire,
        super::feedback_staff::queue,
        super::feedback_staff::resolve,
        super::feedback_staff::feedback_fhir,
        super::feedback_staff::publish,
        super::feedback_staff::create_link,
        super::feedback_staff::day_visits,
        super::feedback_staff::numbers,
        super::feedback_staff::trend,
        super::messages::of_visit,
        super::messages::resend,
        super::staff::sign_in,
        super::staff::sign_out,
        super::staff::me,
        super::staff::setup_email,
        super::staff::set_password,
        super::staff::list,
        super::staff::add,
        super::staff::reset,
        super::staff::disable,
        super::front_desk::read_schedule,
        super::front_desk::open_times,
        super::front_desk::desk_book,
        super::front_desk::desk_cancel,
        super::front_desk::desk_move,
        super::front_desk::attendance,
        super::front_desk::block_time,
        super::front_desk::unblock_time,
    ),
    components(schemas(
        portal_core::api::instructions::PacketRequest,
        portal_core::api::instructions::MedicineOrder,
        portal_core::api::instructions::FollowUpRequest,
        portal_core::api::instructions::ReadabilityReport,
        portal_core::api::instructions::SectionReadability,
        portal_core::api::instructions::HardSentence,
        portal_core::api::instructions::TriesLeft,
        portal_core::api::instructions::ReadabilityRefusal,
        portal_core::api::feedback::FeedbackForm,
        portal_core::api::feedback::FeedbackQuestion,
        portal_core::api::feedback::FeedbackStatus,
        portal_core::api::feedback::FollowUpPromise,
        portal_core::api::feedback::FunnelStep,
        portal_core::api::feedback::WeekScores,
        portal_core::api::feedback::FollowUpNumbers,
        portal_core::api::feedback::MessageNumbers,
    )),
    modifiers(&BearerSchemes),
)]
pub struct ApiDoc;

/// Declares the bearer secrets: the patient's manage token, the staff key (`pps_...`), the
/// instructions link's secret (for verify only) and the instructions session.
struct BearerSchemes;

impl Modify for BearerSchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            let mut http = Http::new(HttpAuthScheme::Bearer);
            http.description = Some(description.to_string());
            SecurityScheme::Http(http)
        };
        components.add_security_scheme(
            "manage_token",
            bearer("The visit's manage token, from the booking reply."),
        );
        components.add_security_scheme(
            "staff_key",
            bearer("A staff key of the clinic in the path (pps_...), made with `portal-server staff-key create`."),
        );
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::with_description(
                    crate::staff::COOKIE_NAME,
                    "A person's console session, from /staff/sign-in (HttpOnly, Secure, SameSite=Strict). Every change also needs the session's X-CSRF-Token header.",
                ),
            )),
        );
        components.add_security_scheme(
            "packet_link",
            bearer("The secret from the patient link's #pp-packet= fragment; only for /api/v1/packets/verify."),
        );
        components.add_security_scheme(
            "packet_session",
            bearer(
                "The session from /api/v1/packets/verify; it ends 30 minutes after its last use.",
            ),
        );
        components.add_security_scheme(
            "feedback_link",
            bearer(
                "The secret from a feedback link's #pp-feedback= fragment; it works for 60 days.",
            ),
        );
    }
}

/// The OpenAPI route.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/api/v1/openapi.json",
        get(|| async { Json(ApiDoc::openapi()) }),
    )
}
