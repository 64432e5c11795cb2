//! The contract between the widget and the server, checked from the widget's side: every
//! schema of the server's OpenAPI document (`docs/openapi.json`, which an API test keeps equal
//! to what the server serves) gets one example built from the schema itself, and every schema
//! the widget declares (the `portal_core::api` types) must read it with the widget's own reader
//! (the derived `FromJs`, in the browser) and write it back unchanged with its `ToJs`. A field
//! renamed, retyped, added or dropped on one side fails here; so does a new schema nobody
//! classified.

use portal_core::api::feedback::*;
use portal_core::api::instructions::*;
use portal_core::api::*;
use portal_core::wire::{from_json, to_json, FromJs, ToJs};
use serde_json::{json, Map, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const OPENAPI: &str = include_str!("../docs/openapi.json");

/// Schemas only the staff console and operators use: plain JavaScript reads them, the widget
/// never does (their types live in portal-server).
const SERVER_ONLY: [&str; 24] = [
    "Account",
    "Acknowledged",
    "AttendanceRequest",
    "AuditEntry",
    "BlockRequest",
    "Blocked",
    "BlockedTime",
    "DayVisit",
    "DeskBooking",
    "DeskMove",
    "DeskOverrides",
    "DeskTime",
    "Health",
    "InstructionTemplateSummary",
    "Named",
    "NewAccountRequest",
    "Schedule",
    "ScheduleVisit",
    "Session",
    "SetPassword",
    "SetupFor",
    "SignIn",
    "VisitMessage",
    "WithSetupLink",
];

/// An example of `schema`: every property (required or not) with a value of its type, one item
/// in every list, the first word of every closed set.
fn example(schema: &Value, schemas: &Map<String, Value>, depth: u32) -> Value {
    assert!(depth < 20, "schemas nest too deep: {schema}");
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return example(&schemas[name], schemas, depth + 1);
    }
    if let Some(choices) = schema["oneOf"].as_array() {
        let choice = choices
            .iter()
            .find(|c| c["type"] != "null")
            .expect("a oneOf with something besides null");
        return example(choice, schemas, depth + 1);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    let kind = match &schema["type"] {
        Value::String(kind) => kind.as_str(),
        Value::Array(kinds) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .expect("a type besides null"),
        _ if schema["properties"].is_object() => "object",
        other => panic!("a schema without a type: {other} in {schema}"),
    };
    match kind {
        "object" => {
            let mut object = Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (name, property) in properties {
                    object.insert(name.clone(), example(property, schemas, depth + 1));
                }
            }
            Value::Object(object)
        }
        "array" => json!([example(&schema["items"], schemas, depth + 1)]),
        "string" => json!("x"),
        "integer" => json!(1),
        "number" => json!(1.5),
        "boolean" => json!(true),
        other => panic!("a schema type the example does not know: {other}"),
    }
}

/// Reads `example` as `T` with the widget's reader and writes it back with its writer.
fn round_trip<T: FromJs + ToJs>(name: &str, example: &Value) -> Result<(), String> {
    let text = example.to_string();
    let read: T =
        from_json(&text).ok_or_else(|| format!("{name}: the widget cannot read {text}"))?;
    let written = to_json(&read).ok_or_else(|| format!("{name}: the widget cannot write it"))?;
    let back: Value = serde_json::from_str(&written).unwrap();
    if &back == example {
        Ok(())
    } else {
        Err(format!(
            "{name}: read and written back, {text}\n    became {written}"
        ))
    }
}

/// Every `portal_core::api` type, by its schema name.
macro_rules! widget_types {
    ($($name:ident),* $(,)?) => {
        fn check(name: &str, example: &Value) -> Option<Result<(), String>> {
            match name {
                $(stringify!($name) => Some(round_trip::<$name>(name, example)),)*
                _ => None,
            }
        }
        const WIDGET_TYPES: &[&str] = &[$(stringify!($name)),*];
    };
}

widget_types!(
    AcknowledgeRequest,
    ApiError,
    Appointment,
    AppointmentRequest,
    AppointmentStatus,
    Availability,
    AvailabilityDay,
    Block,
    BlockKind,
    Catalog,
    ClinicNumbers,
    ClinicSummary,
    ContactBy,
    ContactWay,
    DismissRequest,
    ErrorBody,
    ErrorCode,
    FeedbackForm,
    FeedbackLink,
    FeedbackLinkRequest,
    FeedbackLinkView,
    FeedbackPrompt,
    FeedbackQuestion,
    FeedbackReceipt,
    FeedbackRequest,
    FeedbackStatus,
    FieldError,
    FollowUpItem,
    FollowUpNumbers,
    FollowUpPromise,
    FollowUpQueue,
    FollowUpRequest,
    FollowUpState,
    FollowUpView,
    FunnelEvent,
    FunnelStep,
    HardSentence,
    Inline,
    Language,
    LocalText,
    LocationId,
    LocationSummary,
    MedicineOrder,
    MedicineRow,
    MessageNumbers,
    Moment,
    NoShows,
    OpenSlot,
    PacketCreated,
    PacketPreview,
    PacketRequest,
    PacketSection,
    PacketSectionKind,
    PacketSession,
    PacketState,
    PacketStatus,
    PacketView,
    PatientDetails,
    ProviderId,
    ProviderSummary,
    QuestionId,
    QuestionKind,
    ReadabilityRefusal,
    ReadabilityReport,
    Reason,
    RescheduleRequest,
    ResolveRequest,
    RulesSummary,
    SectionReadability,
    TeachBackAnswer,
    TeachBackQuestion,
    TeachBackResult,
    TeachBackVerdict,
    TriesLeft,
    VerifyRequest,
    VisitMode,
    VisitTypeId,
    VisitTypeSummary,
    WeekScores,
    YouSaidWeDid,
    YouSaidWeDidRequest,
);

#[wasm_bindgen_test]
fn every_schema_the_widget_declares_round_trips_through_its_own_reader_and_writer() {
    let document: Value = serde_json::from_str(OPENAPI).expect("docs/openapi.json is JSON");
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("the document has schemas");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, schema) in schemas {
        let example = example(schema, schemas, 0);
        match check(name, &example) {
            Some(Ok(())) => checked += 1,
            Some(Err(problem)) => problems.push(problem),
            None if SERVER_ONLY.contains(&name.as_str()) => {}
            None => problems.push(format!(
                "{name}: a schema the widget does not declare; add it to widget_types! (a \
                 portal_core::api type) or to SERVER_ONLY"
            )),
        }
    }
    for name in WIDGET_TYPES {
        if !schemas.contains_key(*name) {
            problems.push(format!(
                "{name}: the widget declares it, the server's document does not"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(checked, WIDGET_TYPES.len());
}

#[wasm_bindgen_test]
fn a_renamed_field_is_caught() {
    // What the test above would see if the server renamed `phone` in the catalog's clinic.
    let document: Value = serde_json::from_str(OPENAPI).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut catalog = example(&schemas["Catalog"], schemas, 0);
    let clinic = catalog["clinic"].as_object_mut().unwrap();
    let phone = clinic.remove("phone").unwrap();
    clinic.insert("telephone".into(), phone);
    let problem = round_trip::<Catalog>("Catalog", &catalog).unwrap_err();
    assert!(problem.contains("cannot read"), "{problem}");
}
