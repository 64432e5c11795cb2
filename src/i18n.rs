//! Every patient-facing sentence, in English and Spanish (see shared/VOICE.md).
//! Dates and times are not here: the browser's `Intl` API formats them in the patient's language.

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// `es…` is Spanish; anything else is English.
    pub fn from_code(code: &str) -> Self {
        if code.to_ascii_lowercase().starts_with("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The BCP 47 tag for `lang` attributes and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Es => "es-US",
        }
    }

    /// The short code used by the API's texts.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// A message key; [`text`] gives its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// Shown while the clinic's details load.
    Loading,
    /// Label before the clinic's phone number.
    CallUs,
    /// The clinic could not be reached.
    CantReachClinic,
    /// Button to try again.
    TryAgain,
}

/// The words for `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match lang {
        Lang::En => match msg {
            Loading => "Loading…",
            CallUs => "Questions? Call us:",
            CantReachClinic => "We can't reach the clinic right now. Please try again, or call us.",
            TryAgain => "Try again",
        },
        Lang::Es => match msg {
            Loading => "Cargando…",
            CallUs => "¿Preguntas? Llámenos:",
            CantReachClinic => "No podemos comunicarnos con la clínica en este momento. Intente de nuevo o llámenos.",
            TryAgain => "Intentar de nuevo",
        },
    }
}
