//! Instruction templates end to end: the demo clinic's templates, rendering for one patient,
//! request checks, template checks with their paths, and the syllable counter against a word list.

use chrono::NaiveDate;
use portal_core::api::instructions::{FollowUpRequest, MedicineOrder, PacketRequest};
use portal_core::clinic::ClinicConfig;
use portal_core::instructions::readability::english_syllables;
use portal_core::instructions::render;
use portal_core::Language;

fn demo() -> ClinicConfig {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-clinic.toml"
    ))
    .expect("demo file");
    toml::from_str(&text).expect("demo parses")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
}

fn amoxicillin() -> MedicineOrder {
    MedicineOrder {
        name: "amoxicillin".into(),
        dose: "5 mL".into(),
        how: "by_mouth".into(),
        times: vec!["morning".into(), "evening".into()],
        days: Some(10),
        food: "either".into(),
    }
}

fn request(template: &str, date_of_birth: &str) -> PacketRequest {
    PacketRequest {
        template: template.into(),
        preferred_name: "Sam".into(),
        date_of_birth: date_of_birth.into(),
        language: portal_core::Language::En,
        provider: Some("dr-lopez".into()),
        visit_date: Some("2026-03-03".into()),
        medicines: vec![amoxicillin()],
        follow_up: Some(FollowUpRequest {
            in_days: Some(14),
            date: None,
            visit_type: Some("follow-up".into()),
        }),
        ..PacketRequest::default()
    }
}

fn text_of(view: &portal_core::api::instructions::PacketView, section: &str) -> String {
    let s = view
        .sections
        .iter()
        .find(|s| s.id == section)
        .unwrap_or_else(|| panic!("no section {section}"));
    let join = |runs: &[portal_core::api::instructions::Inline]| {
        runs.iter().map(|r| r.text.as_str()).collect::<String>()
    };
    s.blocks
        .iter()
        .flat_map(|b| std::iter::once(join(&b.inlines)).chain(b.items.iter().map(|i| join(i))))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_demo_clinic_and_its_templates_have_no_issues() {
    let clinic = demo();
    assert_eq!(clinic.validate(), vec![]);
    assert!(clinic.instruction_templates.len() >= 3);
    assert_eq!(
        clinic.instructions.patient_page, None,
        "demo links point at portal-server's own page"
    );
    for t in &clinic.instruction_templates {
        assert!(t.has_spanish(), "{} has no Spanish", t.id);
    }
}

#[test]
fn every_demo_template_reads_at_or_below_the_clinic_maximum_for_every_age() {
    let clinic = demo();
    for t in &clinic.instruction_templates {
        for dob in ["2021-06-01", "2010-06-01", "1980-06-01", "1950-06-01"] {
            for language in [Language::En, Language::Es] {
                let mut r = request(&t.id, dob);
                r.language = language;
                let packet =
                    render(&clinic, &r, today()).unwrap_or_else(|e| panic!("{}: {e:?}", t.id));
                for s in &packet.readability.sections {
                    assert!(
                        !s.above_max,
                        "{} ({dob}, {}): section {} grades {} > {}: {:?}",
                        t.id,
                        s.language,
                        s.section,
                        s.grade,
                        packet.readability.max_grade,
                        s.hard_sentences
                    );
                    if s.language == Language::En {
                        assert!(s.grade <= 8.0);
                    }
                }
                assert!(!packet.readability.above_max);
            }
        }
    }
}

#[test]
fn emergency_sections_start_with_calling_911() {
    let clinic = demo();
    for t in &clinic.instruction_templates {
        let packet = render(&clinic, &request(&t.id, "1980-06-01"), today()).unwrap();
        for view in &packet.views {
            let text = text_of(view, "emergency");
            assert!(
                text.starts_with("Call 911") || text.starts_with("Llame al 911"),
                "{}: {text}",
                t.id
            );
        }
    }
}

#[test]
fn a_packet_has_both_languages_with_the_patients_first_and_the_answers_for_the_server() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "1980-06-01");
    r.language = Language::Es;
    let packet = render(&clinic, &r, today()).unwrap();
    assert_eq!(packet.language, Language::Es);
    assert_eq!(
        packet.views.iter().map(|v| v.language).collect::<Vec<_>>(),
        [Language::Es, Language::En]
    );
    assert_eq!(packet.views[0].languages, [Language::Es, Language::En]);
    assert_eq!(packet.views[0].title, "Cómo cuidar su tobillo torcido");
    let en = &packet.views[1];
    assert_eq!(
        en.sections
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["home", "medicines", "call_us", "emergency", "next_visit"]
    );
    assert_eq!(en.sections[0].heading, "What to do at home");
    assert_eq!(packet.views[0].sections[0].heading, "Qué hacer en casa");
    assert_eq!(en.provider, "Dr. Ana López");
    assert_eq!(en.clinic_phone, "(555) 010-2233");
    assert_eq!(en.follow_up.as_ref().unwrap().date, "2026-03-17");
    assert_eq!(
        en.follow_up.as_ref().unwrap().visit_type.as_deref(),
        Some("follow-up")
    );
    assert_eq!(
        en.medicines[0].sentence,
        "Take 5 mL of amoxicillin 2 times a day, for 10 days."
    );
    assert_eq!(
        packet.views[0].medicines[0].sentence,
        "Tome 5 mL de amoxicillin 2 veces al día, por 10 días."
    );
    assert_eq!(
        packet.answers,
        [("ice".to_string(), 1), ("numb-toes".to_string(), 2)]
    );
    assert_eq!(
        packet.reread[1],
        ("numb-toes".to_string(), "emergency".to_string())
    );
    assert_eq!(en.teach_back[0].choices.len(), 3);
    assert!(en.acknowledged.is_empty() && en.teach_back_passed.is_empty());
    // Both languages are graded, section by section.
    assert_eq!(packet.readability.sections.len(), 10);
    assert_eq!(packet.readability.max_grade, 8.0);
}

#[test]
fn placeholders_are_filled_with_plain_text_and_dates_in_words() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "1980-06-01");
    r.preferred_name = "**Sam** <b>".into();
    let packet = render(&clinic, &r, today()).unwrap();
    let en = &packet.views[0];
    let home = &en.sections[0].blocks[0].inlines;
    assert_eq!(
        home[0].text,
        "**Sam** <b>, your ankle will heal best if you rest it for the next 2 or 3 days."
    );
    assert!(!home[0].bold);
    let next = text_of(en, "next_visit");
    assert!(next.contains("in 14 days, on Tuesday, March 17."), "{next}");
    assert!(next.contains("Call (555) 010-2233 to book"), "{next}");
    let es = text_of(&packet.views[1], "next_visit");
    assert!(es.contains("en 14 días, el martes, 17 de marzo."), "{es}");
}

#[test]
fn conditional_wording_follows_the_patients_age() {
    let clinic = demo();
    let child = render(&clinic, &request("ear-infection", "2021-06-01"), today()).unwrap();
    let adult = render(&clinic, &request("ear-infection", "1980-06-01"), today()).unwrap();
    assert!(text_of(&child.views[0], "home").starts_with("Sam has an ear infection."));
    assert!(text_of(&adult.views[0], "home").starts_with("You have an ear infection."));
    assert!(text_of(&child.views[0], "medicines").contains("Never give aspirin to a child."));
    assert!(!text_of(&adult.views[0], "medicines").contains("aspirin"));

    let senior = render(
        &clinic,
        &request("new-blood-pressure-medicine", "1950-06-01"),
        today(),
    )
    .unwrap();
    let adult = render(
        &clinic,
        &request("new-blood-pressure-medicine", "1980-06-01"),
        today(),
    )
    .unwrap();
    assert!(text_of(&senior.views[0], "home").contains("To keep from falling"));
    assert!(!text_of(&adult.views[0], "home").contains("dizzy"));
}

#[test]
fn medicines_and_next_visit_sections_are_left_out_when_there_is_nothing_to_say() {
    let clinic = demo();
    let mut r = request("ear-infection", "2021-06-01");
    r.medicines.clear();
    r.follow_up = None;
    let packet = render(&clinic, &r, today()).unwrap();
    let ids: Vec<&str> = packet.views[0]
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, ["home", "call_us", "emergency"]);
    // The question about the medicines section goes too.
    assert_eq!(packet.answers, [("fever".to_string(), 0)]);
    assert!(packet.views[0].follow_up.is_none());
}

#[test]
fn the_provider_note_is_its_own_section_of_literal_text() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "1980-06-01");
    r.provider_note = "Use **ice** <script>x</script>.\n\nSee you soon.".into();
    let packet = render(&clinic, &r, today()).unwrap();
    let note = &packet.views[0].sections[0];
    assert_eq!(
        (note.id.as_str(), note.kind.as_str(), note.heading.as_str()),
        ("note", "note", "A note from Dr. Ana López")
    );
    assert_eq!(note.blocks.len(), 2);
    assert_eq!(
        note.blocks[0].inlines[0].text,
        "Use **ice** <script>x</script>."
    );
    assert_eq!(
        packet.views[1].sections[0].heading,
        "Una nota de su proveedor, Dra. Ana López"
    );
}

#[test]
fn a_follow_up_on_a_date_and_the_default_visit_date() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "1980-06-01");
    r.visit_date = None;
    r.follow_up = Some(FollowUpRequest {
        in_days: None,
        date: Some("2027-01-05".into()),
        visit_type: None,
    });
    let packet = render(&clinic, &r, today()).unwrap();
    assert_eq!(packet.views[0].visit_date, "2026-03-03");
    assert_eq!(
        packet.views[0].follow_up.as_ref().unwrap().date,
        "2027-01-05"
    );
    assert!(text_of(&packet.views[0], "next_visit").contains("on Tuesday, January 5, 2027."));
    assert!(text_of(&packet.views[1], "next_visit").contains("el martes, 5 de enero de 2027."));
}

#[test]
fn every_request_problem_comes_back_with_its_json_path() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "2027-01-01");
    r.preferred_name = "x".repeat(51);
    r.provider = Some("dr-who".into());
    r.conditions = vec!["ICD10:S93.401A".into(), "ICD10:I10".into(), "ankle".into()];
    r.medicines[0].times = vec!["morning".into(), "lunch".into()];
    r.follow_up = Some(FollowUpRequest {
        in_days: None,
        date: Some("2026-02-01".into()),
        visit_type: Some("spa".into()),
    });
    r.provider_note = "x".repeat(2001);
    let errors = render(&clinic, &r, today()).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "preferred_name",
            "provider",
            "date_of_birth",
            "conditions[2]",
            "medicines[0].times[1]",
            "follow_up.visit_type",
            "follow_up.date",
            "provider_note"
        ]
    );
    assert!(
        errors[2].message.contains("after the visit"),
        "{}",
        errors[2].message
    );

    let mut r = request("broken-arm", "1899-12-31");
    r.visit_date = Some("2026-13-01".into());
    let errors = render(&clinic, &r, today()).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["template", "visit_date", "date_of_birth"]);
    assert!(errors[0].message.contains("\"sprained-ankle\""));
    assert!(errors[2].message.contains("before 1900"));
}

#[test]
fn too_many_medicines_or_codes_are_refused() {
    let clinic = demo();
    let mut r = request("sprained-ankle", "1980-06-01");
    r.medicines = vec![amoxicillin(); 21];
    r.conditions = vec!["ICD10:I10".into(); 31];
    r.follow_up = Some(FollowUpRequest {
        in_days: Some(3),
        date: Some("2026-03-06".into()),
        visit_type: None,
    });
    let paths: Vec<String> = render(&clinic, &r, today())
        .unwrap_err()
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert_eq!(paths, ["conditions", "medicines", "follow_up"]);
}

fn clinic_with(templates: &str) -> ClinicConfig {
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/demo-clinic.toml"
    ))
    .unwrap();
    let cut = base.find("[[instruction_templates]]").unwrap();
    toml::from_str(&format!("{}{templates}", &base[..cut])).expect("parses")
}

const TEMPLATE: &str = r#"
[[instruction_templates]]
id = "t"
title = { en = "Title" }

[[instruction_templates.sections]]
kind = "home"
body = { en = "Rest." }

[[instruction_templates.sections]]
kind = "custom"
id = "diet"
heading = { en = "Eating well" }
when = "age >= 18"
body = { en = "BODY" }
"#;

fn issues(body: &str, when: &str) -> Vec<portal_core::clinic::ConfigIssue> {
    clinic_with(&TEMPLATE.replace("BODY", body).replace("age >= 18", when)).validate()
}

#[test]
fn template_mistakes_name_the_exact_field() {
    assert_eq!(issues("Eat well.", "age >= 18"), vec![]);

    let i = issues("Eat well.", "agegroup = senior");
    assert_eq!(i.len(), 1, "{i:?}");
    assert_eq!(i[0].path, "instruction_templates[0].sections[1].when");
    assert!(
        i[0].message.contains("`agegroup`") && i[0].message.contains("age_group = child"),
        "{}",
        i[0].message
    );

    let i = issues(
        "Eat well.\\n{{#if age_group = kid}}\\nMore.\\n{{/if}}",
        "age >= 18",
    );
    assert_eq!(i[0].path, "instruction_templates[0].sections[1].body.en");
    assert!(
        i[0].message
            .starts_with("line 2 of the text: in `{{#if age_group = kid}}`"),
        "{}",
        i[0].message
    );

    let i = issues("Hi {prefered_name}.", "age >= 18");
    assert_eq!(i[0].path, "instruction_templates[0].sections[1].body.en");
    assert!(
        i[0].message.contains("did you mean `{preferred_name}`"),
        "{}",
        i[0].message
    );

    let i = issues("<b>Eat</b> well.", "age >= 18");
    assert!(i[0].message.contains("looks like HTML"), "{}", i[0].message);

    let i = issues("See [this](http://example.org).", "age >= 18");
    assert!(
        i[0].message.contains("must start with https://"),
        "{}",
        i[0].message
    );
}

#[test]
fn teach_back_and_section_mistakes_are_found() {
    let extra = r#"
[[instruction_templates.sections]]
kind = "home"
body = { en = "Again." }

[[instruction_templates.teach_back]]
id = "q"
question = { en = "Which?" }
choices = [{ en = "A" }]
answer = 3
section = "emergency"
"#;
    let i = clinic_with(&format!("{}{extra}", TEMPLATE.replace("BODY", "Eat."))).validate();
    let paths: Vec<&str> = i.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "instruction_templates[0].sections[2].kind",
            "instruction_templates[0].teach_back[0].choices",
            "instruction_templates[0].teach_back[0].answer",
            "instruction_templates[0].teach_back[0].section"
        ],
        "{i:?}"
    );
    assert!(
        i[3].message.contains("use one of \"home\", \"diet\""),
        "{}",
        i[3].message
    );
}

#[test]
fn half_translated_templates_are_flagged_and_english_only_ones_refuse_spanish_patients() {
    let half = TEMPLATE.replace("BODY", "Eat.").replace(
        "title = { en = \"Title\" }",
        "title = { en = \"Title\", es = \"Título\" }",
    );
    let i = clinic_with(&half).validate();
    assert_eq!(i[0].path, "instruction_templates[0].sections[0].body");
    assert!(i[0].message.contains("no Spanish"));

    let clinic = clinic_with(&TEMPLATE.replace("BODY", "Eat."));
    let mut r = request("t", "1980-06-01");
    r.language = Language::Es;
    let e = render(&clinic, &r, today()).unwrap_err();
    assert_eq!(e[0].path, "language");
    r.language = Language::En;
    let packet = render(&clinic, &r, today()).unwrap();
    assert_eq!(packet.views.len(), 1);
    assert_eq!(packet.views[0].languages, [Language::En]);
    assert_eq!(packet.views[0].sections[1].heading, "Eating well");
}

/// VOICE.md asks for grade 6 or lower; the demo's English meets the clinic's target, not just the
/// maximum. `-- --nocapture demo_english` prints every section's grade.
#[test]
fn demo_english_sections_read_at_the_target_grade_6_or_lower() {
    let clinic = demo();
    for t in &clinic.instruction_templates {
        for (who, dob) in [
            ("child", "2021-06-01"),
            ("adult", "1980-06-01"),
            ("senior", "1950-06-01"),
        ] {
            let packet = render(&clinic, &request(&t.id, dob), today()).unwrap();
            let grades: Vec<String> = packet
                .readability
                .sections
                .iter()
                .map(|s| format!("{}/{} {:.1}", s.section, s.language, s.grade))
                .collect();
            println!("{} ({who}): {}", t.id, grades.join(", "));
            for s in packet
                .readability
                .sections
                .iter()
                .filter(|s| s.language == Language::En)
            {
                assert!(
                    s.grade <= packet.readability.target_grade,
                    "{} ({who}) {}: {}",
                    t.id,
                    s.section,
                    s.grade
                );
            }
        }
    }
}

#[test]
fn the_english_syllable_counter_matches_the_dictionary_for_95_percent_of_the_word_list() {
    let list = include_str!("data/syllables.txt");
    let mut total = 0;
    let mut wrong = Vec::new();
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (word, count) = line.split_once(' ').expect("word count");
        let expected: u32 = count.trim().parse().expect("a number");
        total += 1;
        let got = english_syllables(word);
        if got != expected {
            wrong.push(format!("{word}: {got} (dictionary {expected})"));
        }
    }
    assert!(total >= 60);
    let exact = (total - wrong.len()) as f64 / total as f64;
    assert!(
        exact >= 0.95,
        "{:.1}% exact; wrong: {wrong:?}",
        exact * 100.0
    );
}
