//! Reading level of patient text.
//!
//! - English: the Flesch-Kincaid grade level,
//!   `0.39 × words/sentences + 11.8 × syllables/words − 15.59`.
//! - Spanish: the Fernández Huerta reading ease,
//!   `206.84 − 0.60 × syllables per 100 words − 1.02 × words/sentence`, turned into a school
//!   grade with Fernández Huerta's own bands (90–100 ≈ 4th grade, 80–90 ≈ 5th, 70–80 ≈ 6th,
//!   60–70 ≈ 7th–8th, 50–60 ≈ 9th–11th, 30–50 ≈ 12th–15th, below 30 ≈ 16th+), interpolated
//!   linearly inside each band; see [`fernandez_huerta_grade`].
//!
//! Words are runs between spaces that hold a letter or a digit; a word without letters (a number,
//! a phone number) counts as one syllable. Sentences end at `.`, `!` or `?` followed by a space
//! and a capital letter or a digit (so "Dr. López" and "a.m. or" do not end one), and each list
//! item is a sentence of its own. Syllables are counted by rule ([`english_syllables`],
//! [`spanish_syllables`]); `crates/core/tests/data/syllables.txt` checks the English counter
//! against dictionary counts.

use std::collections::HashMap;

use crate::api::instructions::HardSentence;
use crate::Language;

/// Counts of a piece of text and its grade.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Grade {
    /// The grade level (0 for empty text).
    pub grade: f32,
    /// Words.
    pub words: u32,
    /// Sentences.
    pub sentences: u32,
    /// Syllables.
    pub syllables: u32,
}

/// The reading level of one section: the counts, its hardest sentences and long words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectionGrade {
    /// The whole section.
    pub total: Grade,
    /// At most 3 sentences, hardest first, with their own grade.
    pub hard_sentences: Vec<HardSentence>,
    /// At most 8 words of 3 or more syllables, most frequent first (then in reading order).
    pub hard_words: Vec<String>,
}

/// Grades a section made of pieces of text (paragraphs and list items; each item is at least one
/// sentence of its own).
pub fn grade_section<S: AsRef<str>>(pieces: &[S], lang: Language) -> SectionGrade {
    let sentences: Vec<String> = pieces
        .iter()
        .flat_map(|p| split_sentences(p.as_ref()))
        .collect();
    let mut total = Grade::default();
    let mut graded: Vec<(usize, HardSentence)> = Vec::new();
    let mut long_words: HashMap<String, (u32, usize)> = HashMap::new();
    for (i, sentence) in sentences.iter().enumerate() {
        let (words, syllables) = count(sentence, lang, |word, syl| {
            if syl >= 3 && word.chars().any(char::is_alphabetic) {
                let n = long_words.len();
                long_words.entry(word.to_lowercase()).or_insert((0, n)).0 += 1;
            }
        });
        if words == 0 {
            continue;
        }
        total.words += words;
        total.syllables += syllables;
        total.sentences += 1;
        graded.push((
            i,
            HardSentence {
                text: sentence.clone(),
                grade: round1(formula(words, 1, syllables, lang)),
            },
        ));
    }
    total.grade = if total.words == 0 {
        0.0
    } else {
        round1(formula(total.words, total.sentences, total.syllables, lang))
    };
    graded.sort_by(|a, b| b.1.grade.total_cmp(&a.1.grade).then(a.0.cmp(&b.0)));
    let mut words: Vec<(String, (u32, usize))> = long_words.into_iter().collect();
    words.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    SectionGrade {
        total,
        hard_sentences: graded.into_iter().take(3).map(|(_, s)| s).collect(),
        hard_words: words.into_iter().take(8).map(|(w, _)| w).collect(),
    }
}

/// Grades one piece of text.
pub fn grade_text(text: &str, lang: Language) -> Grade {
    grade_section(&[text], lang).total
}

fn formula(words: u32, sentences: u32, syllables: u32, lang: Language) -> f32 {
    match lang {
        Language::En => flesch_kincaid(words, sentences, syllables),
        Language::Es => fernandez_huerta_grade(fernandez_huerta(words, sentences, syllables)),
    }
}

fn round1(x: f32) -> f32 {
    (x * 10.0).round() / 10.0
}

/// The Flesch-Kincaid grade level from counts.
pub fn flesch_kincaid(words: u32, sentences: u32, syllables: u32) -> f32 {
    let (w, s, y) = (
        words.max(1) as f32,
        sentences.max(1) as f32,
        syllables as f32,
    );
    0.39 * (w / s) + 11.8 * (y / w) - 15.59
}

/// The Fernández Huerta reading ease (higher is easier; 100 is very easy).
pub fn fernandez_huerta(words: u32, sentences: u32, syllables: u32) -> f32 {
    let (w, s, y) = (
        words.max(1) as f32,
        sentences.max(1) as f32,
        syllables as f32,
    );
    206.84 - 0.60 * (100.0 * y / w) - 1.02 * (w / s)
}

/// A Fernández Huerta reading ease as a school grade, from the bands of his scale:
/// 100 → 4, 90 → 5, 80 → 6, 70 → 7, 60 → 9, 50 → 12, 30 → 16, 0 → 18, linear in between
/// (above 100 it keeps falling by 1 grade per 10 points, down to 0).
pub fn fernandez_huerta_grade(ease: f32) -> f32 {
    const POINTS: [(f32, f32); 8] = [
        (100.0, 4.0),
        (90.0, 5.0),
        (80.0, 6.0),
        (70.0, 7.0),
        (60.0, 9.0),
        (50.0, 12.0),
        (30.0, 16.0),
        (0.0, 18.0),
    ];
    if ease >= 100.0 {
        return (4.0 - (ease - 100.0) / 10.0).max(0.0);
    }
    for pair in POINTS.windows(2) {
        let ((hi, g_hi), (lo, g_lo)) = (pair[0], pair[1]);
        if ease >= lo {
            return g_hi + (hi - ease) / (hi - lo) * (g_lo - g_hi);
        }
    }
    18.0
}

/// Counts words and syllables, calling `each` with every word and its syllables.
fn count(sentence: &str, lang: Language, mut each: impl FnMut(&str, u32)) -> (u32, u32) {
    let (mut words, mut syllables) = (0, 0);
    for raw in sentence.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let syl = word_syllables(word, lang);
        words += 1;
        syllables += syl;
        each(word, syl);
    }
    (words, syllables)
}

fn word_syllables(word: &str, lang: Language) -> u32 {
    if !word.chars().any(char::is_alphabetic) {
        return 1;
    }
    // "follow-up", "he/she", "it's": count each part that has letters.
    word.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|p| p.chars().any(char::is_alphabetic))
        .map(|p| match lang {
            Language::En => english_syllables(p),
            Language::Es => spanish_syllables(p),
        })
        .sum::<u32>()
        .max(1)
}

/// Splits text into sentences (see the module docs for the rule).
pub fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        current.push(c);
        i += 1;
        if matches!(c, '.' | '!' | '?') {
            // Take closing punctuation that belongs to this sentence.
            while i < chars.len() && matches!(chars[i], '.' | '!' | '?' | '"' | '”' | ')' | '’')
            {
                current.push(chars[i]);
                i += 1;
            }
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let at_end = j == chars.len();
            let next_starts = j > i && j < chars.len() && starts_sentence(chars[j]);
            if at_end || (next_starts && !ends_with_abbreviation(&current)) {
                push_sentence(&mut out, &mut current);
                i = j;
            }
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '¿' | '¡')
}

fn ends_with_abbreviation(s: &str) -> bool {
    let last = s
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_lowercase();
    matches!(
        last.as_str(),
        "dr" | "mr"
            | "mrs"
            | "ms"
            | "sr"
            | "sra"
            | "srta"
            | "dra"
            | "st"
            | "vs"
            | "e.g"
            | "i.e"
            | "no"
    )
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    current.clear();
}

// ----------------------------------------------------------------------------------------------
// English syllables
// ----------------------------------------------------------------------------------------------

/// Common words the rules below get wrong, with their dictionary syllable counts.
const ENGLISH_EXCEPTIONS: &[(&str, u32)] = &[
    ("area", 3),
    ("idea", 3),
    ("every", 2),
    ("everyone", 3),
    ("everything", 3),
    ("someone", 2),
    ("something", 2),
    ("sometimes", 2),
    ("somewhere", 2),
    ("anyone", 3),
    ("evening", 2),
    ("business", 2),
    ("wednesday", 2),
    ("diabetes", 4),
    ("diarrhea", 4),
    ("create", 2),
    ("real", 1),
    ("recipe", 3),
    ("naive", 2),
    ("lifestyle", 2),
];

/// English syllables in one word, by rule: vowel groups (y counts after the first letter), minus
/// a silent final `e` / `es` / `ed`, plus the usual two-vowel splits (`ia`, `io`, `ua`, `ium`,
/// `iet`, `ient`, vowel + `ing`, ...).
pub fn english_syllables(word: &str) -> u32 {
    let w: String = word
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    if w.is_empty() {
        return if word.chars().any(char::is_alphabetic) {
            1
        } else {
            0
        };
    }
    if let Some((_, n)) = ENGLISH_EXCEPTIONS.iter().find(|(e, _)| *e == w) {
        return *n;
    }
    // Plurals of exceptions ("areas", "ideas").
    if let Some((_, n)) = w
        .strip_suffix('s')
        .and_then(|s| ENGLISH_EXCEPTIONS.iter().find(|(e, _)| *e == s))
    {
        return *n;
    }
    if w.len() <= 3 {
        return 1;
    }
    let b = w.as_bytes();
    let is_vowel = |i: usize| match b[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0,
        _ => false,
    };
    let consonant = |i: usize| !is_vowel(i);
    let n = b.len();

    let mut count: i32 = 0;
    for i in 0..n {
        if is_vowel(i) && (i == 0 || !is_vowel(i - 1)) {
            count += 1;
        }
    }
    // Silent endings, only when the `e` is a vowel group of its own (after a consonant).
    let ends = |s: &str| w.ends_with(s);
    if ends("e") && consonant(n - 2) {
        let syllabic_le = ends("le") && n >= 3 && consonant(n - 3);
        if !syllabic_le {
            count -= 1;
        }
    } else if ends("es") && consonant(n - 3) {
        let keeps = matches!(b[n - 3], b's' | b'x' | b'z' | b'c' | b'g')
            || ends("ches")
            || ends("shes")
            || (ends("les") && n >= 4 && consonant(n - 4));
        if !keeps {
            count -= 1;
        }
    } else if ends("ed") && consonant(n - 3) && !matches!(b[n - 3], b't' | b'd') {
        count -= 1;
    }
    // Silent `e` before a suffix: "safely", "useful", "statement", "careless".
    for suffix in ["ely", "eful", "ement", "eness", "eless"] {
        if ends(suffix)
            && n > suffix.len() + 1
            && consonant(n - suffix.len() - 1)
            && is_vowel_byte(b, n - suffix.len() - 2)
        {
            count -= 1;
        }
    }
    // Two vowels said apart.
    for (i, pair) in b.windows(2).enumerate() {
        let before = if i > 0 { b[i - 1] } else { b' ' };
        let after = |k: usize| b.get(i + 2 + k).copied().unwrap_or(b' ');
        match pair {
            b"ia" if !matches!(before, b'c' | b't' | b'g' | b's' | b'x') => count += 1,
            b"io"
                if !matches!(before, b'c' | b't' | b'g' | b's' | b'x')
                    && after(0) != b'u'
                    && !(after(0) == b'n' && before == b'l') =>
            {
                count += 1
            }
            b"ua" if !matches!(before, b'q' | b'g') => count += 1,
            b"iu" if after(0) == b'm' => count += 1,
            b"ie" if after(0) == b't' => count += 1,
            b"ie" if after(0) == b'n' && after(1) == b't' && !matches!(before, b'c' | b't') => {
                count += 1
            }
            b"ie" if after(0) == b'n' && after(1) == b'c' && !matches!(before, b'c' | b't') => {
                count += 1
            }
            b"ie"
                if (after(0) == b'r' && i + 3 == n)
                    || (after(0) == b's' && after(1) == b't' && i + 4 == n) =>
            {
                count += 1
            }
            b"eo" if i + 2 == n => count += 1,
            _ => {}
        }
    }
    if ends("ious") && n >= 5 && !matches!(b[n - 5], b'c' | b't' | b'x' | b'g') {
        count += 1;
    }
    // "being", "going", "trying": a vowel right before -ing.
    if ends("ing") && n >= 4 && is_vowel(n - 4) {
        count += 1;
    }
    count.max(1) as u32
}

fn is_vowel_byte(b: &[u8], i: usize) -> bool {
    matches!(b.get(i), Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

// ----------------------------------------------------------------------------------------------
// Spanish syllables
// ----------------------------------------------------------------------------------------------

/// Spanish syllables in one word: one per vowel nucleus. Two vowels next to each other share a
/// syllable (a diphthong) unless both are strong (`a`, `e`, `o`, or an accented `í`/`ú`), which
/// makes a hiatus: "bien" 1, "ciudad" 2, "día" 2, "leer" 2, "oído" 3. A `y` is a vowel at the end
/// of a word or before a consonant ("hoy", "muy", "y").
pub fn spanish_syllables(word: &str) -> u32 {
    let chars: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    #[derive(PartialEq, Clone, Copy)]
    enum V {
        Strong,
        Weak,
        None,
    }
    let kind = |i: usize| -> V {
        match chars[i] {
            'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú' => V::Strong,
            'i' | 'u' | 'ü' => V::Weak,
            'y' => {
                let next_is_vowel = chars.get(i + 1).is_some_and(|c| "aeiouáéíóúü".contains(*c));
                if !next_is_vowel && (i > 0 || chars.len() == 1) {
                    V::Weak
                } else {
                    V::None
                }
            }
            _ => V::None,
        }
    };
    let mut count = 0;
    let mut prev = V::None;
    for i in 0..chars.len() {
        let k = kind(i);
        match (prev, k) {
            (_, V::None) => {}
            (V::None, _) => count += 1,
            (V::Strong, V::Strong) => count += 1,
            // A diphthong (or triphthong): same syllable.
            _ => {}
        }
        prev = k;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_stops_before_a_capital_but_not_after_titles() {
        let s = split_sentences("See Dr. López at 9 a.m. on Monday. Call us! Is it red? Yes.");
        assert_eq!(
            s,
            [
                "See Dr. López at 9 a.m. on Monday.",
                "Call us!",
                "Is it red?",
                "Yes."
            ]
        );
        assert_eq!(
            split_sentences("Take 2.5 mL. Then rest"),
            ["Take 2.5 mL.", "Then rest"]
        );
        assert_eq!(
            split_sentences("¿Tiene fiebre? Llame hoy."),
            ["¿Tiene fiebre?", "Llame hoy."]
        );
    }

    #[test]
    fn english_rules_handle_silent_endings_and_vowel_splits() {
        for (w, n) in [
            ("take", 1),
            ("takes", 1),
            ("ankle", 2),
            ("ankles", 2),
            ("called", 1),
            ("needed", 2),
            ("boxes", 2),
            ("medicine", 3),
            ("being", 2),
            ("trying", 2),
            ("australian", 4),
            ("reptilian", 4),
            ("video", 3),
            ("diet", 2),
            ("patient", 2),
            ("safely", 2),
            ("usual", 3),
            ("serious", 3),
            ("infection", 3),
            ("issue", 2),
            ("eyes", 1),
            ("babies", 2),
            ("emergency", 4),
            ("amoxicillin", 5),
            ("911", 0),
        ] {
            assert_eq!(english_syllables(w), n, "{w}");
        }
    }

    #[test]
    fn spanish_syllables_follow_diphthong_and_hiatus_rules() {
        for (w, n) in [
            ("bien", 1),
            ("ciudad", 2),
            ("día", 2),
            ("leer", 2),
            ("oído", 3),
            ("hoy", 1),
            ("y", 1),
            ("muy", 1),
            ("ayuda", 3),
            ("medicina", 4),
            ("tobillo", 3),
            ("emergencia", 4),
            ("guerra", 2),
            ("pingüino", 3),
            ("país", 2),
            ("cuidado", 3),
            ("hinchazón", 3),
            ("Uruguay", 3),
            ("aire", 2),
            ("poeta", 3),
        ] {
            assert_eq!(spanish_syllables(w), n, "{w}");
        }
    }

    #[test]
    fn the_platypus_sentence_is_grade_13() {
        // A classic example: 13 words, 26 syllables, 1 sentence → 0.39 × 13 + 11.8 × 2 − 15.59 = 13.08.
        let g = grade_text(
            "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature.",
            Language::En,
        );
        assert_eq!((g.words, g.sentences), (13, 1));
        assert!((g.grade - 13.1).abs() <= 0.5, "{g:?}");
    }

    #[test]
    fn one_syllable_words_in_short_sentences_grade_below_zero() {
        // 6 words, 6 syllables: 0.39 × 6 + 11.8 − 15.59 = −1.45.
        let g = grade_text("The cat sat on the mat.", Language::En);
        assert_eq!((g.words, g.syllables), (6, 6));
        assert!((g.grade + 1.45).abs() <= 0.1, "{g:?}");
    }

    #[test]
    fn plain_instructions_grade_low_and_jargon_grades_high() {
        // 3 sentences, 16 words, 18 syllables (Rest·your·an·kle / Put·ice·on·it·for·20·min·utes /
        // Call·us·if·it·gets·worse; a number counts as one): 0.39 × 16/3 + 11.8 × 18/16 − 15.59 = −0.24.
        let plain = grade_text(
            "Rest your ankle. Put ice on it for 20 minutes. Call us if it gets worse.",
            Language::En,
        );
        assert_eq!((plain.words, plain.sentences, plain.syllables), (16, 3, 18));
        assert!((plain.grade + 0.24).abs() <= 0.1, "{plain:?}");
        // 1 sentence, 14 words, 37 dictionary syllables: 0.39 × 14 + 11.8 × 37/14 − 15.59 = 21.06.
        let jargon = grade_text(
            "Administer the prescribed medication regimen consistently to facilitate optimal recovery of the injured ligament.",
            Language::En,
        );
        assert_eq!(jargon.words, 14);
        assert!((jargon.grade - 21.06).abs() <= 1.0, "{jargon:?}");
    }

    #[test]
    fn spanish_plain_text_grades_low_on_the_fernandez_huerta_scale() {
        // "Descanse el tobillo. Póngale hielo." → 5 words, 2 sentences,
        // 3 + 1 + 3 + 3 + 2 = 12 syllables: 206.84 − 0.6 × 240 − 1.02 × 2.5 = 60.29 → grade 8.9.
        let g = grade_text("Descanse el tobillo. Póngale hielo.", Language::Es);
        assert_eq!((g.words, g.sentences, g.syllables), (5, 2, 12));
        assert!((g.grade - 8.9).abs() <= 0.2, "{g:?}");
        assert_eq!(fernandez_huerta_grade(95.0), 4.5);
        assert_eq!(fernandez_huerta_grade(65.0), 8.0);
        assert_eq!(fernandez_huerta_grade(-5.0), 18.0);
        assert_eq!(fernandez_huerta_grade(120.0), 2.0);
    }

    #[test]
    fn a_section_names_its_hardest_sentences_and_long_words() {
        let g = grade_section(
            &[
                "Rest.",
                "Take your medicine every morning with breakfast. Your medicine helps the infection heal.",
                "Call us right away if the swelling in your ankle gets much worse.",
            ],
            Language::En,
        );
        assert_eq!(g.total.sentences, 4);
        assert_eq!(g.hard_sentences.len(), 3);
        assert!(g.hard_sentences[0].grade >= g.hard_sentences[1].grade);
        assert!(!g.hard_sentences.iter().any(|s| s.text == "Rest."));
        assert_eq!(g.hard_words, ["medicine", "infection"]);
    }
}
