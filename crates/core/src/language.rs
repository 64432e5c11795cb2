//! The one language type: what the clinic offers, what a patient reads and hears, what the
//! readability grader grades, and the `language` of the API's requests and answers.

use serde::{Deserialize, Serialize};

/// A language the widget, the messages and the instructions speak: English or Spanish.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, crate::ClosedSet,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "js", derive(crate::wire::Wire))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Language {
    /// The code the API, patient links (`&pp-lang=`) and texts use: `en` or `es`.
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The BCP 47 tag for HTML `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en-US",
            Language::Es => "es-US",
        }
    }

    /// The language of a code or tag (`es`, `es-US`, `ES`): Spanish for anything that starts
    /// with `es`, English for everything else.
    pub fn from_tag(tag: &str) -> Language {
        match tag.as_bytes() {
            [b'e' | b'E', b's' | b'S', ..] => Language::Es,
            _ => Language::En,
        }
    }
}

/// Its code, `en` or `es`.
impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_tag_starting_with_es_is_spanish_and_anything_else_english() {
        for tag in ["es", "es-US", "ES-mx", "Es"] {
            assert_eq!(Language::from_tag(tag), Language::Es, "{tag}");
        }
        for tag in ["en", "en-US", "", "e", "fr", "vi"] {
            assert_eq!(Language::from_tag(tag), Language::En, "{tag}");
        }
        assert_eq!(Language::Es.code(), "es");
        assert_eq!(Language::Es.tag(), "es-US");
        assert_eq!(Language::default(), Language::En);
    }

    #[test]
    fn a_stored_code_is_read_exactly() {
        assert_eq!(Language::try_from("es".to_string()), Ok(Language::Es));
        assert_eq!(Language::try_from("en".to_string()), Ok(Language::En));
        let e = Language::try_from("es-US".to_string()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"es-US\" is not a Language: use one of en, es"
        );
    }
}
