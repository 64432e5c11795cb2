//! The feedback rules as a patient and a clinic would notice them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::America::New_York;
use chrono_tz::Tz;

use super::*;
use crate::api::feedback::{FeedbackRequest, WeekScores};
use crate::clinic::Holiday;
use crate::instructions::readability::grade_text;
use crate::Language;

fn settings(toml_text: &str) -> FeedbackSettings {
    toml::from_str(toml_text).expect("feedback settings parse")
}

fn visit(overall: u8) -> FeedbackRequest {
    FeedbackRequest {
        moment: Moment::AfterVisit,
        appointment: Some("apt_7Hq2".into()),
        overall: Some(overall),
        language: Language::En,
        ..FeedbackRequest::default()
    }
}

fn paths(result: Result<ValidFeedback, Vec<crate::api::FieldError>>) -> Vec<String> {
    result
        .expect_err("should be refused")
        .into_iter()
        .map(|e| e.path)
        .collect()
}

/// A local time in New York, as UTC.
fn ny(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    local(New_York, y, m, d, h, min)
}

fn local(tz: Tz, y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a clear local time")
        .with_timezone(&Utc)
}

fn thanksgiving() -> Vec<Holiday> {
    vec![Holiday {
        date: NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        name: Some("Thanksgiving Day".into()),
    }]
}

// ----------------------------------------------------------------------------------------------
// Settings
// ----------------------------------------------------------------------------------------------

#[test]
fn a_clinic_without_feedback_settings_asks_the_standard_questions() {
    let s = FeedbackSettings::default();
    assert_eq!(s, settings(""));
    let ids = |m: &MomentSettings| {
        m.questions
            .iter()
            .map(|q| q.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&s.after_booking), ["ease"]);
    assert_eq!(
        ids(&s.after_visit),
        ["overall", "recommend", "better", "contact"]
    );
    assert!(
        s.after_visit
            .question(QuestionId::Overall)
            .unwrap()
            .required
    );
    assert!(
        !s.after_visit
            .question(QuestionId::Recommend)
            .unwrap()
            .required
    );
    assert_eq!((s.low_overall, s.low_recommend, s.low_ease), (2, 6, 2));
    assert_eq!(
        (s.follow_up_business_days, s.minutes_per_call, s.max_text),
        (1, 8, 1000)
    );
    assert_eq!(
        s.business_hours.mon,
        [OpenSpan::try_from("08:00-17:00".to_string()).unwrap()]
    );
    assert!(s.business_hours.sat.is_empty() && s.business_hours.sun.is_empty());
}

#[test]
fn the_standard_wording_reads_at_grade_six_or_lower_in_both_languages() {
    let s = FeedbackSettings::default();
    let mut texts = vec![s.promise.clone()];
    texts.extend(QuestionId::ALL.iter().map(|q| q.default_text()));
    for t in texts {
        assert!(grade_text(&t.en, Language::En).grade <= 6.0, "{}", t.en);
        let es = t.es.expect("Spanish");
        assert!(grade_text(&es, Language::Es).grade <= 6.0, "{es}");
    }
}

#[test]
fn a_question_without_wording_gets_the_standard_words_and_default_required() {
    let s = settings(
        "[after_visit]\nquestions = [{ id = \"better\", required = true }, { id = \"overall\" }]",
    );
    assert_eq!(
        s.after_visit.questions[0].text.en,
        "What could we do better?"
    );
    assert!(s.after_visit.questions[0].required);
    assert!(s.after_visit.questions[1].required);
    assert_eq!(
        s.after_booking.questions.len(),
        1,
        "the other moment keeps its standard questions"
    );
}

#[test]
fn business_hours_written_for_some_days_close_the_others() {
    let s = settings(
        "[business_hours]\nmon = [\"09:00-12:00\", \"13:00-16:00\"]\nsat = [\"09:00-12:00\"]",
    );
    assert!(s.business_hours.tue.is_empty());
    assert_eq!(s.business_hours.mon.len(), 2);
    assert_eq!(s.business_hours.longest_day_minutes(), 6 * 60);
}

#[test]
fn a_badly_written_span_or_question_id_is_refused_with_what_would_work() {
    let err = toml::from_str::<FeedbackSettings>("[business_hours]\nmon = [\"8-5\"]")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "\"8-5\" is not a span of time; write opening and closing time, like \"08:00-17:00\""
        ),
        "{err}"
    );
    let err = toml::from_str::<FeedbackSettings>("[after_visit]\nquestions = [{ id = \"nps\" }]")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown variant `nps`"), "{err}");
    let err = toml::from_str::<FeedbackSettings>("low_overal = 2")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `low_overal`"), "{err}");
}

// ----------------------------------------------------------------------------------------------
// Answers
// ----------------------------------------------------------------------------------------------

#[test]
fn good_visit_answers_pass_and_are_trimmed() {
    let request = FeedbackRequest {
        recommend: Some(9),
        better: "  Shorter wait, please.  ".into(),
        contact: Some(ContactWay::Email),
        contact_value: " rosa@example.com ".into(),
        ..visit(4)
    };
    let f = validate_feedback(&FeedbackSettings::default(), &request).expect("valid");
    assert_eq!(f.moment, Moment::AfterVisit);
    assert_eq!((f.overall, f.recommend), (Some(4), Some(9)));
    assert_eq!(f.better.as_deref(), Some("Shorter wait, please."));
    assert_eq!(f.contact, Some(ContactWay::Email));
    assert_eq!(f.contact_value.as_deref(), Some("rosa@example.com"));
}

#[test]
fn scores_outside_their_scale_are_refused_with_the_range() {
    let s = FeedbackSettings::default();
    let errors = validate_feedback(
        &s,
        &FeedbackRequest {
            recommend: Some(11),
            ..visit(0)
        },
    )
    .unwrap_err();
    assert_eq!(
        errors.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        ["overall", "recommend"]
    );
    assert_eq!(errors[0].message, "Please pick a number from 1 to 5.");
    assert_eq!(errors[1].message, "Please pick a number from 0 to 10.");
    let booking = FeedbackRequest {
        moment: Moment::AfterBooking,
        ease: Some(6),
        overall: None,
        ..visit(1)
    };
    assert_eq!(paths(validate_feedback(&s, &booking)), ["ease"]);
}

#[test]
fn a_question_the_moment_does_not_ask_is_refused() {
    let request = FeedbackRequest {
        moment: Moment::AfterBooking,
        ease: Some(4),
        ..visit(3)
    };
    assert_eq!(
        paths(validate_feedback(&FeedbackSettings::default(), &request)),
        ["overall"]
    );
}

#[test]
fn a_required_question_left_blank_is_named() {
    let request = FeedbackRequest {
        overall: None,
        recommend: Some(8),
        ..visit(3)
    };
    let errors = validate_feedback(&FeedbackSettings::default(), &request).unwrap_err();
    assert_eq!(errors[0].path, "overall");
    assert_eq!(errors[0].message, "Please pick an answer.");
}

#[test]
fn an_optional_question_may_be_left_blank_but_not_everything() {
    let s = settings(
        "[after_visit]\nquestions = [{ id = \"overall\", required = false }, { id = \"better\" }]",
    );
    assert!(validate_feedback(
        &s,
        &FeedbackRequest {
            better: "Nice staff".into(),
            ..visit(3)
        }
        .clone()
    )
    .is_ok());
    let empty = FeedbackRequest {
        overall: None,
        ..visit(3)
    };
    let errors = validate_feedback(&s, &empty).unwrap_err();
    assert_eq!(errors[0].message, "Please answer at least one question.");
}

#[test]
fn a_moment_the_clinic_turned_off_is_refused() {
    let s = settings("[after_booking]\nenabled = false");
    let request = FeedbackRequest {
        moment: Moment::AfterBooking,
        ease: Some(5),
        overall: None,
        ..visit(1)
    };
    assert_eq!(paths(validate_feedback(&s, &request)), ["moment"]);
    // A moment that does not exist cannot be asked for: the request does not read.
    let unknown = r#"{"moment": "after_lunch", "appointment": "a1", "overall": 3}"#;
    let error = serde_json::from_str::<FeedbackRequest>(unknown).unwrap_err();
    assert!(error.to_string().contains("after_booking"), "{error}");
}

#[test]
fn free_text_is_limited_in_length_and_control_characters() {
    let s = FeedbackSettings::default();
    let long = FeedbackRequest {
        better: "a".repeat(1001),
        ..visit(3)
    };
    let errors = validate_feedback(&s, &long).unwrap_err();
    assert_eq!(errors[0].path, "better");
    assert!(
        errors[0].message.contains("1000 letters or fewer"),
        "{}",
        errors[0].message
    );
    assert!(
        validate_feedback(
            &s,
            &FeedbackRequest {
                better: "ñ".repeat(1000),
                ..visit(3)
            }
        )
        .is_ok(),
        "characters, not bytes"
    );
    assert_eq!(
        paths(validate_feedback(
            &s,
            &FeedbackRequest {
                better: "bad\u{0}byte".into(),
                ..visit(3)
            }
        )),
        ["better"]
    );
    let lines = validate_feedback(
        &s,
        &FeedbackRequest {
            better: "<b>Two</b>\nlines".into(),
            ..visit(3)
        },
    )
    .unwrap();
    assert_eq!(
        lines.better.as_deref(),
        Some("<b>Two</b>\nlines"),
        "kept as typed: it is shown as text, never HTML"
    );
}

#[test]
fn the_contact_way_and_value_are_checked_with_the_patient_parsers() {
    let s = FeedbackSettings::default();
    let with = |way: &str, value: &str| FeedbackRequest {
        contact: Some(serde_json::from_value(way.into()).unwrap()),
        contact_value: value.into(),
        ..visit(3)
    };
    assert!(
        validate_feedback(&s, &with("phone", "")).is_ok(),
        "the clinic may already have the number"
    );
    assert_eq!(
        validate_feedback(&s, &with("text", "(555) 010-4477"))
            .unwrap()
            .contact,
        Some(ContactWay::Text)
    );
    assert!(
        serde_json::from_value::<ContactWay>("fax".into()).is_err(),
        "a way the clinic does not contact people by does not read"
    );
    assert_eq!(
        paths(validate_feedback(&s, &with("phone", "call me"))),
        ["contact_value"]
    );
    assert_eq!(
        paths(validate_feedback(&s, &with("email", "rosa@"))),
        ["contact_value"]
    );
    let value_alone = FeedbackRequest {
        contact_value: "555-010-4477".into(),
        ..visit(3)
    };
    assert_eq!(paths(validate_feedback(&s, &value_alone)), ["contact"]);
}

#[test]
fn messages_follow_the_patients_language() {
    let request = FeedbackRequest {
        language: Language::Es,
        contact: Some(ContactWay::Phone),
        contact_value: "x".into(),
        ..visit(9)
    };
    let errors = validate_feedback(&FeedbackSettings::default(), &request).unwrap_err();
    assert_eq!(errors[0].message, "Elija un número del 1 al 5.");
    assert!(errors[1]
        .message
        .starts_with("Este número no parece correcto"));
}

#[test]
fn feedback_must_name_its_visit() {
    let request = FeedbackRequest {
        appointment: None,
        ..visit(3)
    };
    assert_eq!(
        paths(validate_feedback(&FeedbackSettings::default(), &request)),
        ["appointment"]
    );
    let bad = FeedbackRequest {
        appointment: Some("<script>".into()),
        ..visit(3)
    };
    assert_eq!(
        paths(validate_feedback(&FeedbackSettings::default(), &bad)),
        ["appointment"]
    );
    let packet = FeedbackRequest {
        appointment: None,
        packet: Some("pk_12".into()),
        ..visit(3)
    };
    assert!(validate_feedback(&FeedbackSettings::default(), &packet).is_ok());
}

// ----------------------------------------------------------------------------------------------
// Follow-ups
// ----------------------------------------------------------------------------------------------

#[test]
fn default_thresholds_open_a_follow_up_at_two_and_six() {
    let s = FeedbackSettings::default();
    let judge = |r: FeedbackRequest| needs_follow_up(&s, &validate_feedback(&s, &r).unwrap());
    assert_eq!(judge(visit(2)), Some(Reason::LowScore));
    assert_eq!(judge(visit(3)), None);
    assert_eq!(
        judge(FeedbackRequest {
            recommend: Some(6),
            ..visit(5)
        }),
        Some(Reason::LowScore)
    );
    assert_eq!(
        judge(FeedbackRequest {
            recommend: Some(7),
            ..visit(5)
        }),
        None
    );
    let booking = |ease| FeedbackRequest {
        moment: Moment::AfterBooking,
        ease: Some(ease),
        overall: None,
        ..visit(1)
    };
    assert_eq!(judge(booking(2)), Some(Reason::LowScore));
    assert_eq!(judge(booking(3)), None);
    assert_eq!(
        judge(FeedbackRequest {
            contact: Some(ContactWay::Phone),
            ..visit(1)
        }),
        Some(Reason::AskedToBeContacted)
    );
    assert_eq!(
        judge(FeedbackRequest {
            contact: Some(ContactWay::Phone),
            ..visit(5)
        }),
        Some(Reason::AskedToBeContacted)
    );
}

#[test]
fn configured_thresholds_are_used() {
    let s = settings("low_overall = 3\nlow_recommend = 4\nlow_ease = 0");
    let judge = |r: FeedbackRequest| needs_follow_up(&s, &validate_feedback(&s, &r).unwrap());
    assert_eq!(judge(visit(3)), Some(Reason::LowScore));
    assert_eq!(
        judge(FeedbackRequest {
            recommend: Some(5),
            ..visit(5)
        }),
        None
    );
    let booking = FeedbackRequest {
        moment: Moment::AfterBooking,
        ease: Some(1),
        overall: None,
        ..visit(1)
    };
    assert_eq!(
        judge(booking),
        None,
        "low_ease = 0 turns the ease threshold off"
    );
}

#[test]
fn the_promise_is_in_the_patients_language_with_the_clinics_phone() {
    let clinic: crate::clinic::ClinicInfo = toml::from_str(
        "id = \"x\"\nname = \"X\"\nphone = \"(555) 010-2233\"\naddress = \"1 Main St\"\ntimezone = \"America/New_York\"",
    )
    .unwrap();
    let p = follow_up_promise(
        &FeedbackSettings::default(),
        &clinic,
        ny(2026, 3, 9, 16, 0),
        Language::Es,
    );
    assert_eq!(p.due_at, "2026-03-09T20:00:00Z");
    assert_eq!(
        p.promise,
        "Alguien de nuestra clínica le llamará en un plazo de un día hábil."
    );
    assert_eq!(p.phone, "(555) 010-2233");
}

#[test]
fn during_hours_one_business_day_is_the_same_time_next_day() {
    let s = FeedbackSettings::default();
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 17, 10, 0)),
        ny(2026, 11, 18, 10, 0)
    );
}

#[test]
fn friday_afternoon_is_due_monday_afternoon_over_the_weekend() {
    let s = FeedbackSettings::default();
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 20, 16, 0)),
        ny(2026, 11, 23, 16, 0)
    );
}

#[test]
fn after_hours_and_weekends_count_from_the_next_opening() {
    let s = FeedbackSettings::default();
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 18, 20, 0)),
        ny(2026, 11, 19, 17, 0),
        "Wednesday evening"
    );
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 19, 6, 30)),
        ny(2026, 11, 19, 17, 0),
        "Thursday early morning"
    );
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 21, 11, 0)),
        ny(2026, 11, 23, 17, 0),
        "Saturday"
    );
}

#[test]
fn a_holiday_is_skipped() {
    let s = FeedbackSettings::default();
    let wednesday = ny(2026, 11, 25, 10, 0);
    assert_eq!(
        due_at(&s, New_York, &thanksgiving(), wednesday),
        ny(2026, 11, 27, 10, 0)
    );
    assert_eq!(
        due_at(&s, New_York, &[], wednesday),
        ny(2026, 11, 26, 10, 0),
        "without the holiday"
    );
}

#[test]
fn the_due_time_keeps_its_wall_clock_time_across_daylight_saving() {
    let s = FeedbackSettings::default();
    // Clocks go forward on Sunday 8 March 2026: Friday 16:00 EST is 21:00 UTC, Monday 16:00 EDT is 20:00 UTC.
    let due = due_at(&s, New_York, &[], ny(2026, 3, 6, 16, 0));
    assert_eq!(due, Utc.with_ymd_and_hms(2026, 3, 9, 20, 0, 0).unwrap());
    // And back on Sunday 1 November 2026.
    let due = due_at(&s, New_York, &[], ny(2026, 10, 30, 16, 0));
    assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 2, 21, 0, 0).unwrap());
}

#[test]
fn several_business_days_are_counted_in_open_hours() {
    let s = settings("follow_up_business_days = 3");
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 16, 9, 0)),
        ny(2026, 11, 19, 9, 0)
    );
    assert_eq!(
        due_at(&s, New_York, &thanksgiving(), ny(2026, 11, 24, 9, 0)),
        ny(2026, 11, 30, 9, 0),
        "over Thanksgiving and a weekend"
    );
}

#[test]
fn split_days_and_short_saturdays_count_only_open_time() {
    let s = settings("[business_hours]\nmon = [\"08:00-12:00\", \"13:00-18:00\"]\nfri = [\"08:00-12:00\", \"13:00-18:00\"]\nsat = [\"09:00-12:00\"]");
    // 9 open hours a day. Friday 15:00: 3 h Friday, 3 h Saturday, 3 h Monday → Monday 11:00.
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 20, 15, 0)),
        ny(2026, 11, 23, 11, 0)
    );
    // Monday 11:00: 1 h before lunch, 5 h after, then 3 h Friday → Friday 11:00 (Tuesday to Thursday closed).
    assert_eq!(
        due_at(&s, New_York, &[], ny(2026, 11, 23, 11, 0)),
        ny(2026, 11, 27, 11, 0)
    );
}

#[test]
fn a_follow_up_is_overdue_only_while_open_after_its_due_time() {
    let due = ny(2026, 11, 23, 16, 0);
    assert!(!is_overdue(due, None, ny(2026, 11, 23, 15, 59)));
    assert!(is_overdue(due, None, ny(2026, 11, 23, 16, 1)));
    assert!(!is_overdue(
        due,
        Some(ny(2026, 11, 24, 9, 0)),
        ny(2026, 11, 25, 9, 0)
    ));
}

// ----------------------------------------------------------------------------------------------
// Numbers
// ----------------------------------------------------------------------------------------------

#[test]
fn weeks_start_on_monday_in_the_clinics_time_zone() {
    // Sunday 22 November 2026, 23:30 in New York is already Monday in UTC.
    let sunday_night = ny(2026, 11, 22, 23, 30);
    assert_eq!(
        week_start(sunday_night, New_York),
        NaiveDate::from_ymd_opt(2026, 11, 16).unwrap()
    );
    assert_eq!(
        week_start(ny(2026, 11, 23, 0, 30), New_York),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    );
}

#[test]
fn weekly_scores_average_each_week_and_keep_empty_weeks() {
    let at = |d, ease, overall, recommend| numbers::Scored {
        at: ny(2026, 11, d, 12, 0),
        ease,
        overall,
        recommend,
    };
    let weeks = weekly_scores(
        &[
            at(2, Some(4), None, None),
            at(3, Some(5), None, None),
            at(4, None, Some(2), Some(10)),
            at(18, None, Some(5), Some(3)),
        ],
        New_York,
    );
    assert_eq!(weeks.len(), 3);
    assert_eq!(weeks[0].week_start, "2026-11-02");
    assert_eq!(
        (
            weeks[0].ease_avg,
            weeks[0].overall_avg,
            weeks[0].recommend_nps,
            weeks[0].responses
        ),
        (Some(4.5), Some(2.0), Some(100.0), 3)
    );
    assert_eq!(
        (
            weeks[1].week_start.as_str(),
            weeks[1].responses,
            weeks[1].ease_avg
        ),
        ("2026-11-09", 0, None)
    );
    assert_eq!(weeks[2].recommend_nps, Some(-100.0));
    assert!(weekly_scores(&[], New_York).is_empty());
}

#[test]
fn the_recommend_score_is_promoters_minus_detractors() {
    assert_eq!(recommend_nps(&[10, 9, 8, 7, 6, 0]), Some(0.0));
    assert_eq!(recommend_nps(&[10, 10, 8]), Some(66.7));
    assert_eq!(recommend_nps(&[]), None);
}

#[test]
fn median_and_phone_minutes() {
    assert_eq!(median(&[30.0, 10.0, 20.0]), Some(20.0));
    assert_eq!(median(&[40.0, 10.0, 20.0, 30.0]), Some(25.0));
    assert_eq!(median(&[]), None);
    assert_eq!(phone_minutes_saved(125, 8), 1000);
}

#[test]
fn follow_up_numbers_count_on_time_late_and_overdue() {
    let f = |opened: u32, due: u32, resolved: Option<u32>| numbers::FollowUpTimes {
        opened_at: ny(2026, 11, 16, opened, 0),
        due_at: ny(2026, 11, 16, due, 0),
        resolved_at: resolved.map(|h| ny(2026, 11, 16, h, 0)),
    };
    let n = numbers::follow_up_numbers(
        &[
            f(8, 10, Some(9)),
            f(8, 10, Some(11)),
            f(8, 10, None),
            f(8, 16, None),
        ],
        ny(2026, 11, 16, 12, 0),
    );
    assert_eq!(
        (n.opened, n.closed_on_time, n.closed_late, n.overdue, n.open),
        (4, 1, 1, 1, 1)
    );
    assert_eq!(n.median_minutes_to_close, Some(120.0));
}

// ----------------------------------------------------------------------------------------------
// Trend chart
// ----------------------------------------------------------------------------------------------

fn some_weeks() -> Vec<WeekScores> {
    vec![
        WeekScores {
            week_start: "2026-11-02".into(),
            ease_avg: Some(3.8),
            overall_avg: Some(4.1),
            recommend_nps: None,
            responses: 12,
        },
        WeekScores {
            week_start: "2026-11-09".into(),
            ease_avg: None,
            overall_avg: None,
            recommend_nps: None,
            responses: 0,
        },
        WeekScores {
            week_start: "2026-11-16".into(),
            ease_avg: Some(4.4),
            overall_avg: Some(4.6),
            recommend_nps: Some(40.0),
            responses: 20,
        },
    ]
}

/// A small XML well-formedness check: tags nest and close, attributes are quoted and unique,
/// and `&` only starts a known entity.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    let entity_ok = |text: &str| {
        text.match_indices('&').all(|(i, _)| {
            let t = &text[i..];
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| t.starts_with(e))
        })
    };
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>') && entity_ok(text), "bad text {text:?}");
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let body = tag.trim_end_matches('/');
            let name = body.split_whitespace().next().expect("tag name");
            let mut attrs = &body[name.len()..];
            let mut seen = Vec::new();
            while !attrs.trim().is_empty() {
                let (key, after) = attrs
                    .split_once("=\"")
                    .expect("attribute with a quoted value");
                let (value, after) = after.split_once('"').expect("closing quote");
                assert!(
                    !value.contains('<') && entity_ok(value),
                    "bad attribute value {value:?}"
                );
                let key = key.trim();
                assert!(!seen.contains(&key), "attribute {key} twice in <{name}>");
                seen.push(key);
                attrs = after;
            }
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        rest = &rest[close + 1..];
        if stack.is_empty() {
            assert!(rest.trim().is_empty(), "content after the root element");
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn the_trend_chart_is_well_formed_accessible_and_deterministic() {
    let svg = trend_svg(&some_weeks(), Language::En);
    assert_well_formed(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=\"pp-trend-title\">Patient scores by week</title>"));
    assert!(svg.contains("from Nov 2, 2026 to Nov 16, 2026. 32 answers in all. Ease of booking: 3.8 the first week, 4.4 the last week."), "{svg}");
    assert!(
        svg.contains(">Nov 2<") && svg.contains(">Nov 16<"),
        "week labels"
    );
    assert_eq!(
        svg.matches("<path ").count(),
        2,
        "one line each for ease and overall"
    );
    assert_eq!(
        svg.matches(" M").count() + svg.matches("d=\"M").count(),
        4,
        "each line breaks at the empty week"
    );
    assert!(
        !svg.contains("href") && !svg.contains("<script") && !svg.contains("url("),
        "no external resources"
    );
    assert_eq!(svg, trend_svg(&some_weeks(), Language::En));
}

#[test]
fn the_trend_chart_speaks_spanish_and_escapes_text() {
    let svg = trend_svg(&some_weeks(), Language::Es);
    assert_well_formed(&svg);
    assert!(svg.contains("Puntajes de pacientes por semana") && svg.contains(">2 nov<"));
    let odd = vec![WeekScores {
        week_start: "<b>&".into(),
        ease_avg: Some(9.0),
        overall_avg: None,
        recommend_nps: None,
        responses: 1,
    }];
    let svg = trend_svg(&odd, Language::En);
    assert_well_formed(&svg);
    assert!(svg.contains("&lt;b&gt;&amp;"));
}

#[test]
fn an_empty_trend_chart_says_there_are_no_answers_yet() {
    let svg = trend_svg(&[], Language::En);
    assert_well_formed(&svg);
    assert!(svg.contains("<desc id=\"pp-trend-desc\">No answers yet.</desc>"));
    assert!(!svg.contains("<path"));
}

#[test]
fn xml_escaping_covers_markup_and_quotes() {
    assert_eq!(
        escape_xml(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;"
    );
}
