//! Medicines as the provider orders them, checked and turned into plain schedule rows:
//! "Take 1 pill of amoxicillin 3 times a day, with food, for 7 days."

use crate::api::instructions::{MedicineOrder, MedicineRow};
use crate::api::FieldError;
use crate::clinic::Language;

/// Longest medicine name, in characters.
pub const MAX_NAME: usize = 60;
/// Longest dose, in characters.
pub const MAX_DOSE: usize = 40;
/// Most days a course can last.
pub const MAX_DAYS: u32 = 365;

const ROUTES: [&str; 6] = [
    "by_mouth", "on_skin", "in_ear", "in_eye", "inhaled", "other",
];
const TIMES: [&str; 4] = ["morning", "noon", "evening", "bedtime"];
const FOODS: [&str; 3] = ["with_food", "empty_stomach", "either"];

/// Checks one order; problems are pushed with paths under `path` (like `medicines[0]`).
pub fn check(order: &MedicineOrder, path: &str, errors: &mut Vec<FieldError>) {
    let mut err = |field: String, message: String| {
        errors.push(FieldError {
            path: format!("{path}.{field}"),
            message,
        })
    };
    let name = order.name.trim();
    if name.is_empty() {
        err(
            "name".into(),
            "Write the medicine's name, like amoxicillin.".into(),
        );
    } else if name.chars().count() > MAX_NAME {
        err(
            "name".into(),
            format!("This name is too long. Use {MAX_NAME} characters or fewer."),
        );
    }
    let dose = order.dose.trim();
    if dose.is_empty() {
        err(
            "dose".into(),
            "Write how much to take each time, in plain words, like 1 pill or 5 mL.".into(),
        );
    } else if dose.chars().count() > MAX_DOSE {
        err(
            "dose".into(),
            format!("This dose is too long. Use {MAX_DOSE} characters or fewer, like 1 pill."),
        );
    }
    if !ROUTES.contains(&order.how.as_str()) {
        err(
            "how".into(),
            format!(
                "\"{}\" is not a way to take a medicine. Use one of {}.",
                order.how,
                ROUTES.join(", ")
            ),
        );
    }
    if order.times.is_empty() {
        err(
            "times".into(),
            "Choose when in the day to take it: morning, noon, evening or bedtime.".into(),
        );
    }
    for (i, t) in order.times.iter().enumerate() {
        if !TIMES.contains(&t.as_str()) {
            err(
                format!("times[{i}]"),
                format!("\"{t}\" is not a time of day. Use morning, noon, evening or bedtime."),
            );
        } else if order.times[..i].contains(t) {
            err(
                format!("times[{i}]"),
                format!("\"{t}\" is listed twice. List each time of day once."),
            );
        }
    }
    if let Some(days) = order.days {
        if days == 0 || days > MAX_DAYS {
            err(
                "days".into(),
                format!("Use 1 to {MAX_DAYS} days, or leave it out to take it until the provider says to stop."),
            );
        }
    }
    if !FOODS.contains(&order.food.as_str()) {
        err(
            "food".into(),
            format!(
                "\"{}\" is not a food rule. Use with_food, empty_stomach or either.",
                order.food
            ),
        );
    }
}

/// The schedule row of a checked order, in `language`.
pub fn row(order: &MedicineOrder, language: Language) -> MedicineRow {
    let es = language == Language::Es;
    let name = order.name.trim();
    let dose = if es {
        spanish_dose(order.dose.trim())
    } else {
        order.dose.trim().to_string()
    };
    let has = |t: &str| order.times.iter().any(|x| x == t);
    let count = TIMES.iter().filter(|t| has(t)).count();

    let (verb, place) = match (order.how.as_str(), es) {
        ("on_skin", false) => ("Put", " on your skin"),
        ("in_ear", false) => ("Put", " in the ear"),
        ("in_eye", false) => ("Put", " in the eye"),
        ("inhaled", false) => ("Breathe in", ""),
        ("other", false) => ("Use", ""),
        (_, false) => ("Take", ""),
        ("on_skin", true) => ("Póngase", " en la piel"),
        ("in_ear", true) => ("Ponga", " en el oído"),
        ("in_eye", true) => ("Ponga", " en el ojo"),
        ("inhaled", true) => ("Inhale", ""),
        ("other", true) => ("Use", ""),
        (_, true) => ("Tome", ""),
    };
    let how_often = match (count, es) {
        (1, false) if has("morning") => "every morning".to_string(),
        (1, false) if has("noon") => "every day at noon".to_string(),
        (1, false) if has("evening") => "every evening".to_string(),
        (1, false) => "every night at bedtime".to_string(),
        (1, true) if has("morning") => "cada mañana".to_string(),
        (1, true) if has("noon") => "cada día al mediodía".to_string(),
        (1, true) if has("evening") => "cada tarde".to_string(),
        (1, true) => "cada noche al acostarse".to_string(),
        (n, false) => format!("{n} times a day"),
        (n, true) => format!("{n} veces al día"),
    };
    let food = match (order.food.as_str(), es) {
        ("with_food", false) => "with food",
        ("with_food", true) => "con comida",
        ("empty_stomach", false) => "on an empty stomach",
        ("empty_stomach", true) => "con el estómago vacío",
        _ => "",
    };
    let duration = match (order.days, es) {
        (Some(1), false) => "for 1 day".to_string(),
        (Some(n), false) => format!("for {n} days"),
        (Some(1), true) => "por 1 día".to_string(),
        (Some(n), true) => format!("por {n} días"),
        (None, false) => "until your provider says to stop".to_string(),
        (None, true) => "hasta que su proveedor le diga que pare".to_string(),
    };
    let of = if es { "de" } else { "of" };
    let mut sentence = format!("{verb} {dose} {of} {name}{place} {how_often}");
    if !food.is_empty() {
        sentence.push_str(", ");
        sentence.push_str(food);
    }
    sentence.push_str(", ");
    sentence.push_str(&duration);
    sentence.push('.');

    MedicineRow {
        name: name.to_string(),
        sentence,
        dose,
        morning: has("morning"),
        noon: has("noon"),
        evening: has("evening"),
        bedtime: has("bedtime"),
        food: capitalize(food),
        duration: capitalize(&duration),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The usual dose words in Spanish ("1 pill" → "1 pastilla"); other words stay as written.
fn spanish_dose(dose: &str) -> String {
    const WORDS: [(&str, &str); 18] = [
        ("pill", "pastilla"),
        ("pills", "pastillas"),
        ("tablet", "tableta"),
        ("tablets", "tabletas"),
        ("capsule", "cápsula"),
        ("capsules", "cápsulas"),
        ("drop", "gota"),
        ("drops", "gotas"),
        ("puff", "inhalación"),
        ("puffs", "inhalaciones"),
        ("teaspoon", "cucharadita"),
        ("teaspoons", "cucharaditas"),
        ("tablespoon", "cucharada"),
        ("tablespoons", "cucharadas"),
        ("patch", "parche"),
        ("patches", "parches"),
        ("half", "media"),
        ("and", "y"),
    ];
    dose.split(' ')
        .map(|w| {
            WORDS
                .iter()
                .find(|(en, _)| en.eq_ignore_ascii_case(w))
                .map_or(w, |(_, es)| es)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(
        name: &str,
        dose: &str,
        times: &[&str],
        days: Option<u32>,
        food: &str,
    ) -> MedicineOrder {
        MedicineOrder {
            name: name.into(),
            dose: dose.into(),
            how: "by_mouth".into(),
            times: times.iter().map(|t| t.to_string()).collect(),
            days,
            food: food.into(),
        }
    }

    #[test]
    fn the_voice_example_reads_the_same_in_english_and_spanish() {
        let o = order(
            "amoxicillin",
            "1 pill",
            &["morning", "noon", "evening"],
            Some(7),
            "with_food",
        );
        let en = row(&o, Language::En);
        assert_eq!(
            en.sentence,
            "Take 1 pill of amoxicillin 3 times a day, with food, for 7 days."
        );
        assert_eq!(
            (en.morning, en.noon, en.evening, en.bedtime),
            (true, true, true, false)
        );
        assert_eq!(
            (en.food.as_str(), en.duration.as_str()),
            ("With food", "For 7 days")
        );
        let es = row(&o, Language::Es);
        assert_eq!(
            es.sentence,
            "Tome 1 pastilla de amoxicillin 3 veces al día, con comida, por 7 días."
        );
        assert_eq!(
            (es.dose.as_str(), es.food.as_str(), es.duration.as_str()),
            ("1 pastilla", "Con comida", "Por 7 días")
        );
    }

    #[test]
    fn once_a_day_says_when_and_no_end_date_says_until_told() {
        let o = order("lisinopril", "1 pill", &["morning"], None, "either");
        assert_eq!(
            row(&o, Language::En).sentence,
            "Take 1 pill of lisinopril every morning, until your provider says to stop."
        );
        assert_eq!(
            row(&o, Language::Es).sentence,
            "Tome 1 pastilla de lisinopril cada mañana, hasta que su proveedor le diga que pare."
        );
        assert_eq!(row(&o, Language::En).food, "");
    }

    #[test]
    fn ear_drops_and_inhalers_use_the_right_verb() {
        let mut o = order(
            "ofloxacin",
            "5 drops",
            &["morning", "bedtime"],
            Some(1),
            "either",
        );
        o.how = "in_ear".into();
        assert_eq!(
            row(&o, Language::En).sentence,
            "Put 5 drops of ofloxacin in the ear 2 times a day, for 1 day."
        );
        assert_eq!(
            row(&o, Language::Es).sentence,
            "Ponga 5 gotas de ofloxacin en el oído 2 veces al día, por 1 día."
        );
        o.how = "inhaled".into();
        o.dose = "2 puffs".into();
        assert!(row(&o, Language::En)
            .sentence
            .starts_with("Breathe in 2 puffs of ofloxacin 2 times a day"));
    }

    #[test]
    fn every_mistake_names_its_field() {
        let mut o = order(
            "",
            "",
            &["morning", "lunch", "morning"],
            Some(0),
            "after_food",
        );
        o.how = "by_nose".into();
        let mut errors = Vec::new();
        check(&o, "medicines[2]", &mut errors);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "medicines[2].name",
                "medicines[2].dose",
                "medicines[2].how",
                "medicines[2].times[1]",
                "medicines[2].times[2]",
                "medicines[2].days",
                "medicines[2].food"
            ]
        );
        assert!(errors[3].message.contains("\"lunch\" is not a time of day"));
        let mut errors = Vec::new();
        check(
            &order("x", "1 pill", &[], None, "either"),
            "medicines[0]",
            &mut errors,
        );
        assert_eq!(errors[0].path, "medicines[0].times");
    }
}
