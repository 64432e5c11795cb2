//! Feedback as FHIR R4, for the clinic's other systems: the clinic's form is a published
//! `Questionnaire`, and each feedback is a `QuestionnaireResponse` that points at it.
//!
//! The Questionnaire has one `group` item per moment the clinic asks at (`linkId`
//! `after_booking`, `after_visit`), holding that moment's questions (`linkId`
//! `after_visit.overall`, ...), so every `linkId` is unique. Scores are `integer` items with the
//! standard `minValue`/`maxValue` extensions; "What could we do better?" is `text` with
//! `maxLength`; "May we contact you?" is a `choice` of the FHIR contact-point systems
//! (`phone`, `email`, `sms`). Spanish wording rides on the standard `translation` extension.
//! The contact number or email the patient typed is not put in the response: the clinic's
//! systems already hold the patient's contact details, and the staff queue shows it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::clinic::{ClinicInfo, Language, Text};

use super::answers::{ContactWay, ValidFeedback};
use super::settings::{FeedbackSettings, Moment, QuestionId};

const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
const CONTACT_POINT_SYSTEM: &str = "http://hl7.org/fhir/contact-point-system";

/// The canonical URL of a clinic's feedback Questionnaire: `{base_url}/fhir/Questionnaire/{clinic}-feedback`.
pub fn questionnaire_url(clinic: &ClinicInfo, base_url: &str) -> String {
    format!(
        "{}/fhir/Questionnaire/{}",
        base_url.trim_end_matches('/'),
        questionnaire_id(clinic)
    )
}

fn questionnaire_id(clinic: &ClinicInfo) -> String {
    format!("{}-feedback", clinic.id)
}

/// The clinic's feedback form as a published FHIR R4 `Questionnaire`.
pub fn questionnaire(settings: &FeedbackSettings, clinic: &ClinicInfo, base_url: &str) -> Value {
    let groups: Vec<Value> = Moment::ALL
        .into_iter()
        .filter(|&m| settings.moment(m).enabled)
        .map(|moment| {
            let items: Vec<Value> = settings
                .moment(moment)
                .questions
                .iter()
                .map(|q| {
                    let mut item = json!({
                        "linkId": link_id(moment, q.id),
                        "text": q.text.en,
                        "required": q.required,
                    });
                    if let Some(es) = &q.text.es {
                        item["_text"] = translation(es);
                    }
                    match q.id {
                        QuestionId::Ease | QuestionId::Overall | QuestionId::Recommend => {
                            let (lo, hi) = q.id.scale().unwrap_or((0, 0));
                            item["type"] = json!("integer");
                            item["extension"] = json!([
                                { "url": MIN_VALUE, "valueInteger": lo },
                                { "url": MAX_VALUE, "valueInteger": hi },
                            ]);
                        }
                        QuestionId::Better => {
                            item["type"] = json!("text");
                            item["maxLength"] = json!(settings.max_text);
                        }
                        QuestionId::Contact => {
                            item["type"] = json!("choice");
                            item["answerOption"] = json!([
                                { "valueCoding": coding(ContactWay::Phone) },
                                { "valueCoding": coding(ContactWay::Email) },
                                { "valueCoding": coding(ContactWay::Text) },
                            ]);
                        }
                    }
                    item
                })
                .collect();
            let title = moment_title(moment);
            json!({
                "linkId": moment.as_str(),
                "type": "group",
                "text": title.en,
                "_text": translation(title.es.as_deref().unwrap_or_default()),
                "item": items,
            })
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": questionnaire_id(clinic),
        "url": questionnaire_url(clinic, base_url),
        "name": computable_name(&clinic.id),
        "title": format!("{}: how did it go?", clinic.name),
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": clinic.name,
        "language": "en",
        "item": groups,
    })
}

/// One feedback as a FHIR R4 `QuestionnaireResponse` that answers [`questionnaire`].
///
/// `id` is the feedback's public id; `authored` is when the patient sent it.
pub fn questionnaire_response(
    settings: &FeedbackSettings,
    clinic: &ClinicInfo,
    base_url: &str,
    id: &str,
    feedback: &ValidFeedback,
    authored: DateTime<Utc>,
) -> Value {
    let moment = feedback.moment;
    let mut answers = Vec::new();
    for q in &settings.moment(moment).questions {
        let answer = match q.id {
            QuestionId::Ease => feedback.ease.map(|v| json!({ "valueInteger": v })),
            QuestionId::Overall => feedback.overall.map(|v| json!({ "valueInteger": v })),
            QuestionId::Recommend => feedback.recommend.map(|v| json!({ "valueInteger": v })),
            QuestionId::Better => feedback
                .better
                .as_ref()
                .map(|v| json!({ "valueString": v })),
            QuestionId::Contact => feedback
                .contact
                .map(|w| json!({ "valueCoding": coding(w) })),
        };
        if let Some(answer) = answer {
            answers.push(
                json!({ "linkId": link_id(moment, q.id), "text": q.text.en, "answer": [answer] }),
            );
        }
    }
    json!({
        "resourceType": "QuestionnaireResponse",
        "id": id,
        "questionnaire": questionnaire_url(clinic, base_url),
        "status": "completed",
        "authored": authored.to_rfc3339_opts(SecondsFormat::Secs, true),
        "language": match feedback.language { Language::En => "en", Language::Es => "es" },
        "item": [{ "linkId": moment.as_str(), "item": answers }],
    })
}

fn link_id(moment: Moment, question: QuestionId) -> String {
    format!("{}.{}", moment.as_str(), question.as_str())
}

fn coding(way: ContactWay) -> Value {
    let (code, display) = match way {
        ContactWay::Phone => ("phone", "Phone call"),
        ContactWay::Email => ("email", "Email"),
        ContactWay::Text => ("sms", "Text message"),
    };
    json!({ "system": CONTACT_POINT_SYSTEM, "code": code, "display": display })
}

fn translation(es: &str) -> Value {
    json!({ "extension": [{
        "url": TRANSLATION,
        "extension": [{ "url": "lang", "valueCode": "es" }, { "url": "content", "valueString": es }],
    }] })
}

fn moment_title(moment: Moment) -> Text {
    let (en, es) = match moment {
        Moment::AfterBooking => ("After booking", "Después de hacer la cita"),
        Moment::AfterVisit => ("After the visit", "Después de la visita"),
    };
    Text {
        en: en.into(),
        es: Some(es.into()),
    }
}

/// A FHIR computable name (`[A-Z][A-Za-z0-9_]*`) from a clinic id: `maple-grove` → `MapleGroveFeedback`.
fn computable_name(clinic_id: &str) -> String {
    let mut name: String = clinic_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'C');
    }
    name + "Feedback"
}
