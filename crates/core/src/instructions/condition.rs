//! Conditions on a patient's facts, as written in a section's `when` and in `{{#if ...}}` lines:
//!
//! ```text
//! age_group = child            child (0–12), teen (13–17), adult (18–64), senior (65+)
//! age < 6                      also <=, >, >=, = (years at the visit date)
//! condition = "ICD10:J45*"     the patient has this code; a trailing * matches a prefix
//! medicine = amoxicillin       the patient takes this medicine (any case)
//! language = es                the patient's language
//! follow_up                    the packet has a follow-up visit
//! ```
//!
//! combined with `and`, `or`, `not` and parentheses (`not` binds tightest, then `and`, then `or`).
//! Parse errors quote the part that is wrong and show a condition that works.

use crate::Language;
use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// The patient's age group is this one.
    AgeGroup(AgeGroup),
    /// The patient's age in whole years compares so with the number.
    Age(Comparison, u32),
    /// The patient has this code (`prefix` when written with a trailing `*`).
    Code {
        /// The code, upper-cased, without the `*`.
        code: String,
        /// Whether any code starting with `code` matches.
        prefix: bool,
    },
    /// The patient takes this medicine (lower-cased).
    Medicine(String),
    /// The patient's language.
    Language(Language),
    /// The packet has a follow-up visit.
    FollowUp,
    /// Negation.
    Not(Box<Condition>),
    /// Both.
    And(Box<Condition>, Box<Condition>),
    /// Either.
    Or(Box<Condition>, Box<Condition>),
}

/// An age comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `=`
    Equal,
}

/// The age groups a template can address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeGroup {
    /// 0 to 12 years.
    Child,
    /// 13 to 17 years.
    Teen,
    /// 18 to 64 years.
    Adult,
    /// 65 years and older.
    Senior,
}

impl AgeGroup {
    /// The group for an age in whole years.
    pub fn of_age(age: u32) -> AgeGroup {
        match age {
            0..=12 => AgeGroup::Child,
            13..=17 => AgeGroup::Teen,
            18..=64 => AgeGroup::Adult,
            _ => AgeGroup::Senior,
        }
    }

    fn parse(s: &str) -> Option<AgeGroup> {
        Some(match s {
            "child" => AgeGroup::Child,
            "teen" => AgeGroup::Teen,
            "adult" => AgeGroup::Adult,
            "senior" => AgeGroup::Senior,
            _ => return None,
        })
    }
}

/// The facts about one patient that conditions look at.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Age in whole years at the visit date.
    pub age: u32,
    /// The patient's language.
    pub language: Language,
    /// Condition and procedure codes, upper-cased.
    pub codes: Vec<String>,
    /// Medicine names, lower-cased.
    pub medicines: Vec<String>,
    /// Whether there is a follow-up visit.
    pub follow_up: bool,
}

impl Condition {
    /// Whether the condition holds for these facts.
    pub fn holds(&self, facts: &Facts) -> bool {
        match self {
            Condition::AgeGroup(group) => AgeGroup::of_age(facts.age) == *group,
            Condition::Age(op, n) => match op {
                Comparison::Less => facts.age < *n,
                Comparison::LessOrEqual => facts.age <= *n,
                Comparison::Greater => facts.age > *n,
                Comparison::GreaterOrEqual => facts.age >= *n,
                Comparison::Equal => facts.age == *n,
            },
            Condition::Code { code, prefix } => facts.codes.iter().any(|c| {
                if *prefix {
                    c.starts_with(code.as_str())
                } else {
                    c == code
                }
            }),
            Condition::Medicine(name) => facts.medicines.iter().any(|m| m == name),
            Condition::Language(l) => facts.language == *l,
            Condition::FollowUp => facts.follow_up,
            Condition::Not(c) => !c.holds(facts),
            Condition::And(a, b) => a.holds(facts) && b.holds(facts),
            Condition::Or(a, b) => a.holds(facts) || b.holds(facts),
        }
    }

    /// Parses a condition; the error quotes the part that is wrong and shows a valid example.
    pub fn parse(input: &str) -> Result<Condition, ConditionError> {
        let tokens = tokenize(input)?;
        if tokens.is_empty() {
            return Err(ConditionError(
                "the condition is empty; write one like `age_group = child`".into(),
            ));
        }
        let mut parser = Parser { tokens, pos: 0 };
        let condition = parser.or()?;
        if let Some(extra) = parser.peek() {
            return Err(ConditionError(format!(
                "unexpected {} in `{}`; join two conditions with `and` or `or`, like `age_group = child and medicine = amoxicillin`",
                extra.describe(),
                input.trim()
            )));
        }
        Ok(condition)
    }
}

/// Why a condition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError(pub String);

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(&'static str),
    Open,
    Close,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Word(w) => format!("`{w}`"),
            Token::Quoted(q) => format!("`\"{q}\"`"),
            Token::Op(op) => format!("`{op}`"),
            Token::Open => "`(`".into(),
            Token::Close => "`)`".into(),
        }
    }
}

fn tokenize(input: &str) -> Result<Vec<Token>, ConditionError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '<' | '>' => {
                chars.next();
                let eq = chars.next_if(|&(_, c)| c == '=').is_some();
                tokens.push(Token::Op(match (c, eq) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    _ => ">=",
                }));
            }
            '=' => {
                chars.next();
                // `==` is read as `=`: people coming from code write it.
                chars.next_if(|&(_, c)| c == '=');
                tokens.push(Token::Op("="));
            }
            '"' => {
                chars.next();
                let mut text = String::new();
                let mut closed = false;
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        closed = true;
                        break;
                    }
                    text.push(c);
                }
                if !closed {
                    return Err(ConditionError(format!(
                        "the quote in `{}` is never closed; write it like `condition = \"ICD10:J45*\"`",
                        &input[start..].trim()
                    )));
                }
                tokens.push(Token::Quoted(text));
            }
            c if is_word_char(c) => {
                let mut word = String::new();
                while let Some((_, c)) = chars.next_if(|&(_, c)| is_word_char(c)) {
                    word.push(c);
                }
                tokens.push(Token::Word(word));
            }
            other => {
                return Err(ConditionError(format!(
                    "`{other}` cannot be used in a condition (in `{}`); write one like `age >= 65 and not medicine = warfarin`",
                    input.trim()
                )));
            }
        }
    }
    Ok(tokens)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '*')
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

const FACTS: &str = "age_group, age, condition, medicine, language or follow_up";

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Condition::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Condition::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        if self.keyword("not") {
            return Ok(Condition::Not(Box::new(self.unary()?)));
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err(ConditionError(
                        "a `(` is never closed; close it with `)`, like `(age < 6 or age >= 65) and language = es`".into(),
                    )),
                }
            }
            Some(Token::Word(fact)) => self.fact(&fact),
            Some(other) => Err(ConditionError(format!(
                "expected a fact ({FACTS}) but found {}; write one like `age_group = senior`",
                other.describe()
            ))),
            None => Err(ConditionError(
                "the condition stops too early; after `and`, `or` or `not` write another one, like `age_group = senior`".into(),
            )),
        }
    }

    fn value(&mut self, fact: &str, example: &str) -> Result<String, ConditionError> {
        match self.next() {
            Some(Token::Op("=")) => {}
            Some(other) => {
                return Err(ConditionError(format!(
                    "`{fact}` is compared with `=`, not {}; write it like `{example}`",
                    other.describe()
                )))
            }
            None => {
                return Err(ConditionError(format!(
                    "`{fact}` needs a value; write it like `{example}`"
                )))
            }
        }
        match self.next() {
            Some(Token::Word(w)) | Some(Token::Quoted(w)) => Ok(w),
            _ => Err(ConditionError(format!(
                "`{fact} =` needs a value; write it like `{example}`"
            ))),
        }
    }

    fn fact(&mut self, fact: &str) -> Result<Condition, ConditionError> {
        match fact {
            "age_group" => {
                let v = self.value(fact, "age_group = child")?;
                AgeGroup::parse(&v.to_ascii_lowercase()).map(Condition::AgeGroup).ok_or_else(|| {
                    ConditionError(format!(
                        "`{v}` is not an age group; use child (0–12), teen (13–17), adult (18–64) or senior (65+), like `age_group = senior`"
                    ))
                })
            }
            "age" => {
                let op = match self.next() {
                    Some(Token::Op(op)) => match op {
                        "<" => Comparison::Less,
                        "<=" => Comparison::LessOrEqual,
                        ">" => Comparison::Greater,
                        ">=" => Comparison::GreaterOrEqual,
                        _ => Comparison::Equal,
                    },
                    _ => {
                        return Err(ConditionError(
                            "`age` needs a comparison (<, <=, >, >= or =) and a number of years, like `age >= 65`".into(),
                        ))
                    }
                };
                match self.next() {
                    Some(Token::Word(n)) => n
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n <= 130)
                        .map(|n| Condition::Age(op, n))
                        .ok_or_else(|| {
                            ConditionError(format!(
                                "`{n}` is not a number of years; write one like `age < 6`"
                            ))
                        }),
                    _ => Err(ConditionError(
                        "`age` needs a number of years, like `age < 6`".into(),
                    )),
                }
            }
            "condition" => {
                let v = self.value(fact, "condition = \"ICD10:J45*\"")?;
                let (code, prefix) = match v.strip_suffix('*') {
                    Some(c) => (c.to_string(), true),
                    None => (v.clone(), false),
                };
                if !is_code(&code) || code.contains('*') {
                    return Err(ConditionError(format!(
                        "`{v}` is not a code; write the system, a colon and the code, like `condition = \"ICD10:J45*\"` or `condition = \"SNOMED:195967001\"`"
                    )));
                }
                Ok(Condition::Code {
                    code: code.to_ascii_uppercase(),
                    prefix,
                })
            }
            "medicine" => {
                let v = self.value(fact, "medicine = amoxicillin")?;
                if v.trim().is_empty() {
                    return Err(ConditionError(
                        "`medicine =` needs a name, like `medicine = amoxicillin`".into(),
                    ));
                }
                Ok(Condition::Medicine(v.trim().to_lowercase()))
            }
            "language" => {
                let v = self.value(fact, "language = es")?;
                Language::try_from(v)
                    .map(Condition::Language)
                    .map_err(|unknown| {
                        ConditionError(format!(
                            "`{}` is not a language; use en or es, like `language = es`",
                            unknown.word
                        ))
                    })
            }
            "follow_up" => Ok(Condition::FollowUp),
            other => {
                let hint = super::closest(
                    other,
                    [
                        "age_group",
                        "age",
                        "condition",
                        "medicine",
                        "language",
                        "follow_up",
                    ],
                )
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
                Err(ConditionError(format!(
                    "`{other}` is not a fact a condition can use{hint}; use {FACTS}, like `age_group = child`"
                )))
            }
        }
    }
}

/// True for a code written as `SYSTEM:CODE`, like `ICD10:S93.401A` or `SNOMED:44465007`.
pub fn is_code(s: &str) -> bool {
    match s.split_once(':') {
        Some((system, code)) => {
            !system.is_empty()
                && system
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && system
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(age: u32) -> Facts {
        Facts {
            age,
            language: Language::En,
            codes: vec!["ICD10:J45.909".into(), "ICD10:I10".into()],
            medicines: vec!["amoxicillin".into()],
            follow_up: false,
        }
    }

    fn holds(c: &str, age: u32) -> bool {
        Condition::parse(c)
            .unwrap_or_else(|e| panic!("{c}: {e}"))
            .holds(&facts(age))
    }

    #[test]
    fn age_groups_follow_the_documented_ranges() {
        assert!(holds("age_group = child", 12));
        assert!(holds("age_group = teen", 13));
        assert!(holds("age_group = teen", 17));
        assert!(holds("age_group = adult", 18));
        assert!(holds("age_group = adult", 64));
        assert!(holds("age_group = senior", 65));
        assert!(!holds("age_group = senior", 64));
    }

    #[test]
    fn ages_compare_with_every_operator() {
        assert!(holds("age < 6", 5) && !holds("age < 6", 6));
        assert!(
            holds("age <= 6", 6)
                && holds("age > 6", 7)
                && holds("age >= 65", 65)
                && holds("age = 3", 3)
        );
    }

    #[test]
    fn codes_match_exactly_or_by_prefix_with_a_star() {
        assert!(holds("condition = \"ICD10:I10\"", 40));
        assert!(holds("condition = \"icd10:i10\"", 40));
        assert!(!holds("condition = \"ICD10:J45\"", 40));
        assert!(holds("condition = \"ICD10:J45*\"", 40));
        assert!(!holds("condition = \"SNOMED:1*\"", 40));
    }

    #[test]
    fn medicines_and_languages_ignore_case_and_combine_with_and_or_not() {
        assert!(holds("medicine = Amoxicillin", 4));
        assert!(holds("medicine = \"amoxicillin\" and language = en", 4));
        assert!(!holds("not medicine = amoxicillin", 4));
        assert!(holds("language = es or age_group = child", 4));
        assert!(!holds("language = es or age_group = child", 40));
        assert!(!holds("follow_up", 40));
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_change_it() {
        // `a or b and c` = `a or (b and c)`
        assert!(holds("age_group = child or language = es and age > 100", 4));
        assert!(!holds(
            "(age_group = child or language = es) and age > 100",
            4
        ));
        assert!(holds("not (age < 6 or age >= 65)", 30));
    }

    #[test]
    fn mistakes_quote_the_bad_part_and_show_an_example() {
        let err = |c: &str| Condition::parse(c).unwrap_err().0;
        let e = err("agegroup = child");
        assert!(
            e.contains("`agegroup`")
                && e.contains("did you mean `age_group`")
                && e.contains("age_group = child"),
            "{e}"
        );
        let e = err("age_group = toddler");
        assert!(
            e.contains("`toddler` is not an age group") && e.contains("age_group = senior"),
            "{e}"
        );
        let e = err("age over 65");
        assert!(e.contains("age >= 65"), "{e}");
        let e = err("condition = J45");
        assert!(e.contains("`J45` is not a code"), "{e}");
        let e = err("(age < 6");
        assert!(e.contains("never closed"), "{e}");
        let e = err("age < 6 age > 2");
        assert!(e.contains("unexpected `age`"), "{e}");
        let e = err("age < 6 and");
        assert!(e.contains("stops too early"), "{e}");
        let e = err("language = fr");
        assert!(e.contains("`fr` is not a language"), "{e}");
        assert!(err("").contains("empty"));
        assert!(err("age < 6 & age > 2").contains("`&` cannot be used"));
    }

    #[test]
    fn codes_need_a_system_and_a_code() {
        assert!(
            is_code("ICD10:S93.401A") && is_code("SNOMED:44465007") && is_code("MAPLE:ankle-2")
        );
        assert!(
            !is_code("S93.401A")
                && !is_code("ICD10:")
                && !is_code(":J45")
                && !is_code("ICD10:J 45")
        );
    }
}
