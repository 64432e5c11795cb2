use chrono::{TimeZone, Utc};

use super::*;
use crate::instructions::readability::grade_section;
use crate::Language;

fn facts() -> Facts<'static> {
    Facts {
        preferred_name: "Rosa",
        clinic: "Maple Grove Family Clinic",
        phone: "(555) 010-2233",
        when: "Tuesday, March 3 at 9:30 AM".into(),
        provider: "Dr. Chen",
        place: "Downtown office, 120 Maple St".into(),
        directions: Some("https://maps.example/?q=120+Maple+St".into()),
        bring: Some("Your insurance card and your medicines."),
        manage_link: Some("https://clinic.example/#pp-manage=abc.def".into()),
        link: Some("https://clinic.example/#pp-feedback=xyz".into()),
        reminder: Some("2 days".into()),
    }
}

#[test]
fn every_message_in_both_languages_gives_the_phone_and_reads_at_grade_six_or_lower() {
    for kind in MessageKind::ALL {
        for channel in [Channel::Email, Channel::Text] {
            for (language, lang) in [(Language::En, Language::En), (Language::Es, Language::Es)] {
                let message = render(kind, channel, language, &facts());
                assert!(
                    message.body.contains("(555) 010-2233"),
                    "{kind:?} {channel:?} {language:?}: {}",
                    message.body
                );
                assert!(
                    message.body.contains("Rosa"),
                    "greets by the preferred name"
                );
                // Links and the visit's facts are not prose; every other line is graded.
                let lines: Vec<&str> = message
                    .body
                    .lines()
                    .filter(|l| {
                        !l.trim().is_empty()
                            && !l.starts_with("http")
                            && !l.contains(": ")
                            && *l != "Maple Grove Family Clinic"
                    })
                    .collect();
                let words: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        l.split_whitespace()
                            .filter(|w| !w.contains("://"))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                let grade = grade_section(&words, lang).total.grade;
                assert!(
                    grade <= 6.0,
                    "{kind:?} {channel:?} {language:?} reads at grade {grade}: {words:?}"
                );
                if channel == Channel::Email {
                    assert!(message.subject.ends_with("Maple Grove Family Clinic"));
                } else {
                    assert!(
                        message.body.contains("STOP"),
                        "every text says how to stop texts"
                    );
                    assert!(
                        message.body.chars().count() <= 480,
                        "a text fits in three SMS parts: {}",
                        message.body.chars().count()
                    );
                }
            }
        }
    }
}

#[test]
fn visit_messages_carry_the_change_link_and_a_cancellation_the_way_back() {
    for kind in [
        MessageKind::Confirmation,
        MessageKind::Changed,
        MessageKind::Reminder,
    ] {
        assert!(
            render(kind, Channel::Email, Language::En, &facts())
                .body
                .contains("#pp-manage=abc.def"),
            "{kind:?}"
        );
    }
    let cancelled = render(
        MessageKind::Cancelled,
        Channel::Email,
        Language::Es,
        &facts(),
    );
    assert!(
        cancelled.body.contains("cancelada") && !cancelled.body.contains("pp-manage"),
        "{}",
        cancelled.body
    );
}

fn demo_settings() -> MessageSettings {
    MessageSettings::default()
}

#[test]
fn reminders_go_two_days_and_two_hours_before_and_none_in_the_past() {
    let tz: Tz = "America/New_York".parse().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 3, 12, 15, 0, 0).unwrap(); // 11:00 local
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    let times = reminder_times(&demo_settings(), tz, start, now, Channel::Email);
    assert_eq!(
        times,
        [
            (48, start - Duration::hours(48)),
            (2, start - Duration::hours(2))
        ]
    );
    // Booked a day ahead: only the 2-hour reminder is still to come.
    let late = start - Duration::hours(20);
    assert_eq!(
        reminder_times(&demo_settings(), tz, start, late, Channel::Email),
        [(2, start - Duration::hours(2))]
    );
}

#[test]
fn a_text_never_goes_out_in_quiet_hours() {
    let tz: Tz = "America/New_York".parse().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    // 09:00 local: 2 hours before is 07:00, in quiet hours; it goes at 08:00 instead.
    let start = tz
        .with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let times = reminder_times(&demo_settings(), tz, start, now, Channel::Text);
    let two_hours = times.iter().find(|(h, _)| *h == 2).unwrap().1;
    assert_eq!(
        two_hours.with_timezone(&tz).format("%H:%M").to_string(),
        "08:00"
    );
    // 08:30 local: 08:00 is too close, so it goes the evening before, just before 20:00.
    let start = tz
        .with_ymd_and_hms(2026, 3, 12, 8, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let times = reminder_times(&demo_settings(), tz, start, now, Channel::Text);
    let two_hours = times.iter().find(|(h, _)| *h == 2).unwrap().1;
    assert_eq!(
        two_hours
            .with_timezone(&tz)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        "2026-03-11 19:59"
    );
    for (_, due) in times {
        assert!(!in_quiet_hours(&demo_settings(), tz, due));
    }
    // Email has no quiet hours.
    let emails = reminder_times(&demo_settings(), tz, start, now, Channel::Email);
    assert_eq!(
        emails
            .last()
            .unwrap()
            .1
            .with_timezone(&tz)
            .format("%H:%M")
            .to_string(),
        "06:30"
    );
}

#[test]
fn times_read_with_the_day_in_the_clinics_zone_across_daylight_saving() {
    let tz: Tz = "America/New_York".parse().unwrap();
    // 2026-03-08 is the spring change: 14:30 UTC is 10:30 EDT.
    let at = Utc.with_ymd_and_hms(2026, 3, 9, 14, 30, 0).unwrap();
    assert_eq!(
        local_when(at, tz, Language::En),
        "Monday, March 9 at 10:30 AM"
    );
    assert_eq!(
        local_when(at, tz, Language::Es),
        "lunes, 9 de marzo a las 10:30 a. m."
    );
    let one_pm = tz
        .with_ymd_and_hms(2026, 1, 5, 13, 5, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(
        local_when(one_pm, tz, Language::Es),
        "lunes, 5 de enero a la 1:05 p. m."
    );
    assert_eq!(lead_in_words(48, Language::En), "2 days");
    assert_eq!(lead_in_words(1, Language::Es), "1 hora");
}

#[test]
fn bad_message_settings_name_the_field_and_what_would_be_right() {
    let mut config: ClinicConfig =
        toml::from_str(include_str!("../../../../examples/demo-clinic.toml")).unwrap();
    config.messages.quiet_from = "8pm".into();
    config.messages.reminder_hours = vec![48, 0];
    config.messages.sender_email = Some("front desk".into());
    let issues = validate(&config);
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "messages.quiet_from",
            "messages.reminder_hours[1]",
            "messages.sender_email"
        ]
    );
    assert!(issues[0].message.contains("HH:MM"));
}

#[test]
fn contact_choices_name_their_channels() {
    assert_eq!(
        channels_of(ContactBy::Both),
        [Channel::Email, Channel::Text]
    );
    assert!(channels_of(ContactBy::Neither).is_empty());
    for choice in ["text", "email", "both", "neither"] {
        assert_eq!(
            ContactBy::parse(choice).map(ContactBy::as_str),
            Some(choice)
        );
    }
    for kind in MessageKind::ALL {
        assert_eq!(MessageKind::parse(kind.as_str()), Some(kind));
    }
}

#[test]
fn a_clinics_own_words_replace_the_standard_ones_with_the_facts_in_place() {
    let mut settings = demo_settings();
    settings.wording.insert(
        "reminder".into(),
        Wording {
            text: Some(crate::clinic::Text {
                en: "{clinic}: see you {when}, {name}. Call {phone} to change.".into(),
                es: None,
            }),
            ..Wording::default()
        },
    );
    let text = render_for(
        &settings,
        MessageKind::Reminder,
        Channel::Text,
        Language::En,
        &facts(),
    );
    assert_eq!(text.body, "Maple Grove Family Clinic: see you Tuesday, March 3 at 9:30 AM, Rosa. Call (555) 010-2233 to change. Reply STOP to end texts.");
    // No Spanish written: the standard Spanish words.
    let es = render_for(
        &settings,
        MessageKind::Reminder,
        Channel::Text,
        Language::Es,
        &facts(),
    );
    assert_eq!(
        es,
        render(MessageKind::Reminder, Channel::Text, Language::Es, &facts())
    );
}

#[test]
fn a_clinics_words_are_checked_for_placeholders_the_phone_and_reading_level() {
    let mut config: ClinicConfig =
        toml::from_str(include_str!("../../../../examples/demo-clinic.toml")).unwrap();
    config.messages.wording.insert(
        "reminder".into(),
        Wording {
            text: Some(crate::clinic::Text {
                en: "See you {whn}.".into(),
                es: None,
            }),
            ..Wording::default()
        },
    );
    config.messages.wording.insert(
        "confirmation".into(),
        Wording {
            body: Some(crate::clinic::Text {
                en: "Notwithstanding unforeseeable administrative circumstances, your appointment confirmation necessitates acknowledgement. Telephone {phone}.".into(),
                es: None,
            }),
            ..Wording::default()
        },
    );
    config
        .messages
        .wording
        .insert("hello".into(), Wording::default());
    let issues = validate(&config);
    let found: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.path.as_str(), i.message.as_str()))
        .collect();
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "messages.wording.reminder.text.en"
                && m.starts_with("{whn} is not a placeholder")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "messages.wording.reminder.text.en"
                && m.contains("put {phone} in it")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, m)| *p == "messages.wording.confirmation.body.en"
                && m.starts_with("reads at grade")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(p, _)| *p == "messages.wording.hello"),
        "{found:?}"
    );
}
