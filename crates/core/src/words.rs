//! Words that both the widget and the server say: the first steps of booking and of the
//! instructions, which the server draws in the frame's page while the widget loads (the widget
//! then draws the same, word for word), and the clinic's phone as a link. One place, so the two
//! cannot drift apart.

/// The same message in English and Spanish.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// English.
    pub en: &'static str,
    /// Spanish.
    pub es: &'static str,
}

impl Words {
    /// The words in `language`.
    pub const fn get(&self, language: crate::Language) -> &'static str {
        match language {
            crate::Language::En => self.en,
            crate::Language::Es => self.es,
        }
    }
}

/// Before the clinic's phone, in the widget's header.
pub const CALL_US: Words = Words {
    en: "Questions? Call us:",
    es: "¿Preguntas? Llámenos:",
};
/// "Step 1 of 5: What is the visit for?"; `{}` is the number, then the title.
pub const STEP_OF: Words = Words {
    en: "Step {} of 5: {}",
    es: "Paso {} de 5: {}",
};
/// The first step's title.
pub const VISIT_TITLE: Words = Words {
    en: "What is the visit for?",
    es: "¿Para qué es la visita?",
};
/// Legend of the visit types.
pub const VISIT_TYPE_LEGEND: Words = Words {
    en: "Type of visit",
    es: "Tipo de visita",
};
/// A visit's length; `{}` is the number.
pub const MINUTES: Words = Words {
    en: "{} minutes",
    es: "{} minutos",
};
/// Legend of "been here before?".
pub const BEEN_HERE_LEGEND: Words = Words {
    en: "Have you been to this clinic before?",
    es: "¿Ha venido antes a esta clínica?",
};
/// Has been here before.
pub const BEEN_HERE_YES: Words = Words {
    en: "Yes, I have been here before",
    es: "Sí, ya he venido antes",
};
/// First visit.
pub const BEEN_HERE_NO: Words = Words {
    en: "No, this is my first visit",
    es: "No, es mi primera visita",
};
/// Button to the next step.
pub const CONTINUE: Words = Words {
    en: "Continue",
    es: "Continuar",
};

/// The instructions' heading.
pub const INSTRUCTIONS_TITLE: Words = Words {
    en: "Your visit instructions",
    es: "Sus instrucciones de la visita",
};
/// Why the instructions ask for the date of birth.
pub const VERIFY_INTRO: Words = Words {
    en: "To keep your information private, please enter your date of birth.",
    es: "Para proteger su información, escriba su fecha de nacimiento.",
};
/// Button that checks the date of birth.
pub const SHOW_INSTRUCTIONS: Words = Words {
    en: "Show my instructions",
    es: "Ver mis instrucciones",
};
/// Legend of the date of birth's three fields.
pub const BIRTH_DATE: Words = Words {
    en: "Date of birth",
    es: "Fecha de nacimiento",
};
/// The date of birth's hint.
pub const BIRTH_DATE_HINT: Words = Words {
    en: "Month, day and year. For example: 04 17 1961",
    es: "Mes, día y año. Por ejemplo: 04 17 1961",
};
/// The month field's label.
pub const MONTH: Words = Words {
    en: "Month",
    es: "Mes",
};
/// The day field's label.
pub const DAY: Words = Words {
    en: "Day",
    es: "Día",
};
/// The year field's label.
pub const YEAR: Words = Words {
    en: "Year",
    es: "Año",
};

/// `template` with each `{}` replaced by the next of `values` ("Step {} of 5: {}").
/// It splits at `'{'`, a char, so the widget's bundle carries no substring searcher. The words
/// have no other braces.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::new();
    for (i, piece) in template.split('{').enumerate() {
        let piece = if i > 0 {
            out.push_str(values.get(i - 1).copied().unwrap_or_default());
            piece.strip_prefix('}').unwrap_or(piece)
        } else {
            piece
        };
        out.push_str(piece);
    }
    out
}

/// `tel:` URL for a written phone number: digits and a leading `+` only.
pub fn tel_href(phone: &str) -> String {
    let mut href = String::from("tel:");
    for (i, c) in phone.trim().chars().enumerate() {
        if c.is_ascii_digit() || (i == 0 && c == '+') {
            href.push(c);
        }
    }
    href
}

#[cfg(test)]
mod tests {
    use super::{fill, tel_href, STEP_OF};

    #[test]
    fn values_go_where_the_braces_are_in_order() {
        assert_eq!(fill(STEP_OF.en, &["1", "Hi"]), "Step 1 of 5: Hi");
        assert_eq!(fill("{} minutes", &[]), " minutes");
    }

    #[test]
    fn a_written_number_becomes_a_dialable_link() {
        assert_eq!(tel_href("(555) 010-2233"), "tel:5550102233");
        assert_eq!(tel_href("+1 555 010 2233"), "tel:+15550102233");
    }
}
